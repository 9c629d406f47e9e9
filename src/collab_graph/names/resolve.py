"""The one name resolver: whatever a person types (a name, alias, abbreviation, IRI or id) to the things it names.

Every place that takes a name (``show``, ``search``, ``query --param``, the notebook helpers, ``map
--focus`` and the map's search box) goes through :class:`Resolver`. It works in tiers and stops at
the first that finds anything:

1. an IRI (``<...>`` or bare), a prefixed id (``id:org/kent-police``), ``org/kent-police`` or an id;
2. a printed name: label, alias, misspelling, compared by :func:`~collab_graph.names.keys.key`
   (case, punctuation, quotes, "&" and "the" ignored);
3. a common variant (:func:`~collab_graph.names.keys.variants`: Police / Constabulary / Police
   Service, Fire and Rescue Service / Fire / FRS, Ambulance Service / Trust, PCC forms, a heading's
   bracketed abbreviation), a scheme's own name, "<area> <name>" for bodies, sites and schemes;
4. an abbreviation the source prints for several things (HFRS): every sense, with its lines;
5. the same words in another order;
6. prefix and partial matches: every word typed begins a word of the name, in any order;
7. near misses ranked by rapidfuzz (``token_sort_ratio``); one clear near miss (85 or more, 10
   clear of the next) is taken as the answer, otherwise they are suggestions.

Ranking within a tier is rapidfuzz's ``WRatio`` score, then kind (organisations first), then the
shorter label. One thing found: the answer; several: :class:`AmbiguousName` (a ranked list with
each one's kind and id); none: :class:`NameNotFound` with the nearest names. Both are
CollabGraphErrors, so the CLI prints them and exits non-zero.
"""

from __future__ import annotations

import re
import weakref
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS

from ..common.namespaces import CG, ID
from .keys import NAMED_KINDS, key, variants
from .matches import AmbiguousName, Entry, Match, NameNotFound, Sense, WrongKind

#: rdf:type -> the kind shown, most specific first.
KINDS: tuple[tuple[URIRef, str], ...] = (
    (CG.Implementation, "scheme"),
    (CG.Initiative, "initiative"),
    (CG.GovernanceBody, "body"),
    (ORG.Organization, "organisation"),
    (FOAF.Person, "person"),
    (CG.Area, "area"),
    (ORG.Site, "site"),
    (CG.Document, "document"),
    (CG.WorkStream, "work stream"),
    (CG.Fund, "fund"),
    (ORG.Post, "post"),
    (CG.Figure, "figure"),
    (CG.IndexEntry, "index entry"),
    (CG.SourceExcerpt, "source excerpt"),
    (CG.AbbreviationSense, "abbreviation sense"),
    (RDF.Statement, "relationship"),
    (SKOS.Concept, "concept"),
)
#: The controlled vocabularies a value can be resolved in (:func:`resolve_concept`).
SCHEMES = {"theme": ID["theme"], "status": ID["status"], "sector": ID["sector"], "unit": ID["unit"]}
#: The predicates whose printed values a parameter may name (:func:`resolve_value`).
VALUE_PREDICATES = (CG.party,)
#: What a query parameter or map option of each kind accepts.
PARAM_KINDS = {"organisation": ("organisation", "body"), "area": ("area",), "initiative": ("initiative",), "person": ("person",)}
_KIND_ORDER = {
    k: n
    for n, k in enumerate(
        ("organisation", "body", "area", "initiative", "scheme", "person", "site", "theme", "section", "document", "work stream", "fund")
    )
}


Keep = Callable[[Iterable[URIRef]], list[Entry]]


@dataclass
class Resolver:
    """Names (with variants, abbreviation senses and ids) of everything in a graph, and lookups over them.

    Build one with :meth:`from_graph` (or :func:`resolver_for`, cached per graph); it holds plain
    Python data only.
    """

    entries: dict[URIRef, Entry] = field(default_factory=dict)
    printed: dict[str, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    derived: dict[str, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    ids: dict[str, set[URIRef]] = field(default_factory=lambda: defaultdict(set))
    senses: dict[str, list[Sense]] = field(default_factory=lambda: defaultdict(list))
    other: dict[URIRef, Entry] = field(default_factory=dict)
    #: scheme -> its concepts, each with its notations and labels (:func:`resolve_concept`).
    concepts: dict[URIRef, list[tuple[URIRef, list[str]]]] = field(default_factory=dict)
    #: predicate -> the texts it takes in the graph (:data:`VALUE_PREDICATES`, for :func:`resolve_value`).
    values: dict[URIRef, list[str]] = field(default_factory=dict)
    #: the local names of the ontology's terms (``Organisation``, ``partner``), for unknown-term warnings.
    terms: set[str] = field(default_factory=set)

    @classmethod
    def from_graph(cls, graph: Graph) -> Resolver:
        """Index every thing under the project's id namespace in ``graph``."""
        resolver = cls()
        themes = set(graph.subjects(SKOS.inScheme, URIRef(str(ID["theme"]))))
        sections = set(graph.subjects(SKOS.inScheme, URIRef(str(ID["section"]))))
        for node in sorted({s for s in graph.subjects(RDF.type) if isinstance(s, URIRef) and str(s).startswith(str(ID))}):
            entry = _entry(graph, node, themes, sections)
            if entry.kind not in NAMED_KINDS:
                resolver.other[node] = entry
                if "/" not in entry.ident:  # a scheme ("area-kind"): its id is its only name
                    resolver.ids[entry.ident.casefold()].add(node)
                continue
            local = [str(v) for v in graph.objects(node, CG.localName)]
            resolver.add(entry, _printed_names(graph, node), _derived_names(graph, node, entry, local), local)
        for sense in sorted(graph.subjects(RDF.type, CG.AbbreviationSense)):
            target = graph.value(sense, CG.refersTo)
            if target in resolver.entries:
                spans = sorted(
                    (int(graph.value(e, CG.lineStart)), int(graph.value(e, CG.lineEnd)))  # type: ignore[arg-type]
                    for e in graph.objects(sense, PROV.wasDerivedFrom)
                )
                text = str(graph.value(sense, CG.abbreviation))
                resolver.senses[key(text)].append(Sense(text, resolver.entries[target], tuple(spans)))
        for scheme in SCHEMES.values():
            resolver.concepts[scheme] = [
                (concept, [str(v) for p in (SKOS.notation, SKOS.prefLabel) for v in graph.objects(concept, p)])
                for concept in sorted(graph.subjects(SKOS.inScheme, scheme))
            ]
        for predicate in VALUE_PREDICATES:
            resolver.values[predicate] = sorted({str(v) for v in graph.objects(None, predicate)})
        resolver.terms = {str(s).removeprefix(str(CG)) for s in graph.subjects() if str(s).startswith(str(CG))}
        return resolver

    def add(self, entry: Entry, printed: Iterable[str], derived: Iterable[str] = (), local: Iterable[str] = ()) -> None:
        """Register ``entry`` under its printed names, their variants, ``derived`` names and ``local`` names.

        A scheme's label repeats its initiative's title, so only its own (``local``) names get variants.
        """
        self.entries[entry.node] = entry
        printed, local = list(printed), list(local)
        own = {key(n) for n in printed} - {""}
        for name in own:
            self.printed[name].add(entry.node)
        varied = local if entry.kind == "scheme" else printed + local
        for name in ({key(d) for d in [*derived, *local]} | {v for n in varied for v in variants(n)}) - own - {""}:
            self.derived[name].add(entry.node)
        ident = entry.ident
        self.ids[ident.casefold()].add(entry.node)
        self.ids[ident.rsplit("/", 1)[-1].casefold()].add(entry.node)

    def keys_by_node(self) -> dict[URIRef, list[str]]:
        """Every key each named thing answers to (printed names, variants, derived names), sorted."""
        found: dict[URIRef, set[str]] = defaultdict(set)
        for table in (self.printed, self.derived):
            for name, nodes in table.items():
                for node in nodes:
                    found[node].add(name)
        return {node: sorted(names) for node, names in sorted(found.items())}

    # ------------------------------------------------------------------ lookups

    def lookup(self, text: str, kinds: Iterable[str] | None = None, limit: int = 8) -> tuple[list[Match], list[Sense]]:
        """The ranked matches of the first tier that finds anything, and the abbreviation senses when that tier is 4."""
        wanted = set(kinds) if kinds else None

        def keep(nodes: Iterable[URIRef]) -> list[Entry]:
            found = [self.entries.get(n) or self.other[n] for n in nodes if n in self.entries or n in self.other]
            return [e for e in found if wanted is None or e.kind in wanted]

        by_id = self._by_id(text)
        if by_id:
            return [Match(e, "id", 100.0, text) for e in keep(by_id)], []
        typed = key(text)
        if not typed:
            return [], []
        by_bare_id = keep(self.ids.get(text.strip().removeprefix("id:").casefold(), ()))  # a bare id ("kent-police")
        for how, table in (("name", self.printed), ("variant", self.derived)):
            hits = keep(table.get(typed, ()))
            if len(hits) > 1 and len(by_bare_id) == 1 and by_bare_id[0] in hits:
                return [Match(by_bare_id[0], "id", 100.0, typed)], []  # a pasted id settles a name two things share
            if hits:
                return _ranked([Match(e, how, 100.0, typed) for e in hits]), []
        hits = by_bare_id  # after names
        if hits:
            return _ranked([Match(e, "id", 100.0, typed) for e in hits]), []
        senses = [s for s in self.senses.get(typed, []) if wanted is None or s.entry.kind in wanted]
        if senses:
            return [Match(s.entry, "abbreviation", 100.0, typed) for s in senses], senses
        words = sorted(typed.split())
        reordered = {n for t in (self.printed, self.derived) for name, nodes in t.items() if sorted(name.split()) == words for n in nodes}
        hits = keep(reordered)
        if hits:
            return _ranked([Match(e, "words", 99.0, typed) for e in hits]), []
        partial = self._partial(typed, keep)
        if partial:
            return partial, []
        return self._fuzzy(typed, keep, limit), []

    def resolve(self, text: str, kinds: Iterable[str] | None = None, what: str = "name") -> Entry:
        """The one thing ``text`` names (of ``kinds``, if given); AmbiguousName or NameNotFound otherwise."""
        matches, senses = self.lookup(text, kinds)
        if senses and len({s.entry.node for s in senses}) > 1:
            raise AmbiguousName(text, what, matches, senses)
        if not matches:
            if kinds:  # a thing of another kind ("Kent" the area, asked for an initiative)
                other, _ = self.lookup(text)
                if other and other[0].how not in {"partial", "fuzzy"}:
                    raise WrongKind(text, what, other)
            raise NameNotFound(text, what, self._fuzzy(key(text), lambda ns: self._keep(ns, kinds), 3, loose=True))
        if len({m.entry.node for m in matches}) == 1 and matches[0].how != "fuzzy":
            return matches[0].entry
        if matches[0].how == "fuzzy":
            clear = len(matches) == 1 or matches[1].score <= matches[0].score - 10
            if matches[0].score >= 85 and clear:  # one clear near miss (a typo, an extra word): take it
                return matches[0].entry
            raise NameNotFound(text, what, matches[:3])
        raise AmbiguousName(text, what, matches)

    def search(self, text: str, kinds: Iterable[str] | None = None, limit: int = 20) -> tuple[list[Match], list[Sense]]:
        """Everything ``text`` could mean, best first: the first tier's matches, then partial and fuzzy ones."""
        matches, senses = self.lookup(text, kinds, limit=limit)
        seen = {m.entry.node for m in matches}
        keep: Keep = lambda nodes: self._keep(nodes, kinds)  # noqa: E731
        extras = [self._partial(key(text), keep)]
        if not any(m.how != "fuzzy" for m in [*matches, *extras[0]]):
            extras.append(self._fuzzy(key(text), keep, limit))  # near misses only when nothing closer is found
        for extra in extras:
            matches += [m for m in extra if m.entry.node not in seen]
            seen |= {m.entry.node for m in extra}
        return matches[:limit], senses

    # ------------------------------------------------------------------ tiers

    def _keep(self, nodes: Iterable[URIRef], kinds: Iterable[str] | None) -> list[Entry]:
        wanted = set(kinds) if kinds else None
        return [self.entries[n] for n in nodes if n in self.entries and (wanted is None or self.entries[n].kind in wanted)]

    def _by_id(self, text: str) -> list[URIRef]:
        """The node an IRI (bare or in <>), ``id:kind/slug`` or ``kind/slug`` names; [] for anything else."""
        value = text.strip()
        if value.startswith("<") and value.endswith(">"):
            value = value[1:-1].strip()
        value = value.removeprefix("id:")
        if not value.startswith(str(ID)) and not re.fullmatch(r"[a-z0-9-]+/[A-Za-z0-9._#/-]+", value):
            return []
        node = URIRef(value if value.startswith(str(ID)) else str(ID) + value)
        return [node] if node in self.entries or node in self.other else []

    def _partial(self, typed: str, keep: Keep) -> list[Match]:
        from rapidfuzz import fuzz

        words = typed.split()
        found: dict[URIRef, Match] = {}
        for table in (self.printed, self.derived):
            for name, nodes in table.items():
                have = name.split()
                if words and all(any(h.startswith(w) for h in have) for w in words):
                    score = fuzz.WRatio(typed, name)
                    for entry in keep(nodes):
                        if entry.node not in found or (-score, name) < (-found[entry.node].score, found[entry.node].name):  # order-free
                            found[entry.node] = Match(entry, "partial", score, name)
        return _ranked(list(found.values()))

    def _fuzzy(self, typed: str, keep: Keep, limit: int, loose: bool = False) -> list[Match]:
        """Near misses by ``token_sort_ratio`` (70 or more); ``loose``: suggestions by ``WRatio`` (65 or more)."""
        from rapidfuzz import fuzz, process

        names = list(self.printed) + [n for n in self.derived if n not in self.printed]
        scorer, cutoff = (fuzz.WRatio, 65) if loose else (fuzz.token_sort_ratio, 70)
        found: dict[URIRef, Match] = {}
        for name, score, _ in process.extract(typed, names, scorer=scorer, limit=8 * limit, score_cutoff=cutoff):
            for entry in keep(self.printed.get(name, set()) | self.derived.get(name, set())):
                if entry.node not in found or (-score, name) < (-found[entry.node].score, found[entry.node].name):  # order-free
                    found[entry.node] = Match(entry, "fuzzy", score, name)
        return _ranked(list(found.values()))[:limit]


def _ranked(matches: list[Match]) -> list[Match]:
    return sorted(matches, key=lambda m: (-m.score, _KIND_ORDER.get(m.entry.kind, 99), len(m.entry.label), m.entry.label))


_CACHE: dict[int, tuple[weakref.ref, int, Resolver]] = {}


def resolver_for(graph: Graph) -> Resolver:
    """The resolver of ``graph``, built once per graph (rebuilt if the graph has changed size)."""
    held = _CACHE.get(id(graph))
    if held is None or held[0]() is not graph or held[1] != len(graph):
        resolver = Resolver.from_graph(graph)
        _CACHE[id(graph)] = (weakref.ref(graph), len(graph), resolver)
        return resolver
    return held[2]


def _names(source: Graph | Resolver) -> Resolver:
    return source if isinstance(source, Resolver) else resolver_for(source)


def find(graph: Graph, name: str) -> list[URIRef]:
    """The one thing ``name`` names, as a one-item list; AmbiguousName or NameNotFound otherwise."""
    return [resolver_for(graph).resolve(name).node]


def resolve_typed(graph: Graph | Resolver, value: str, kind: str) -> URIRef:
    """The one thing of parameter ``kind`` (organisation, area, initiative, person; anything else: any kind) in ``graph`` or its resolver."""
    return _names(graph).resolve(value, PARAM_KINDS.get(kind), what=kind if kind in PARAM_KINDS else "name").node


def resolve_concept(graph: Graph | Resolver, scheme: URIRef, value: str) -> URIRef:
    """The concept of ``scheme`` (theme, status, sector, unit) whose id, notation, label or IRI is ``value`` (in ``graph`` or its resolver).

    Case, punctuation, a unique prefix and unique word starts in any order ("control rooms" for Joint
    Control Rooms) are tolerated; ValueError lists the allowed values.
    """
    table: dict[str, URIRef] = {}
    for concept, names in _names(graph).concepts[URIRef(str(scheme))]:
        for name in [str(concept), str(concept).removeprefix(str(ID)), str(concept).rsplit("/", 1)[-1]]:
            table.setdefault(name.strip("<>").casefold(), concept)
        for name in names:
            table.setdefault(key(name), concept)
    found = table.get(value.strip().strip("<>").casefold()) or table.get(key(value))
    if found is None:
        starts = {c for k, c in table.items() if key(value) and k.startswith(key(value))}
        found = starts.pop() if len(starts) == 1 else None
    if found is None and key(value):  # every word typed begins a word of one label ("control rooms", "estates")
        typed = key(value).split()
        fits = {c for k, c in table.items() if all(any(w.startswith(t) for w in k.split()) for t in typed)}
        found = fits.pop() if len(fits) == 1 else None
    if found is None:
        allowed = sorted({str(c).rsplit("/", 1)[-1] for c in table.values()})
        raise ValueError(f"unknown value {value!r} (choose from {', '.join(allowed)})")
    return found


def resolve_value(graph: Graph | Resolver, predicate: URIRef, value: str, what: str) -> Literal:
    """The literal of ``predicate`` (one of :data:`VALUE_PREDICATES`, e.g. cg:party) written as ``value`` (or a unique
    start of it, as the source's "Cons" for Conservative), as printed; ValueError lists them."""
    allowed = _names(graph).values[predicate]
    for printed in allowed:
        if key(printed) == key(value):
            return Literal(printed)
    starts = [printed for printed in allowed if key(value) and key(printed).startswith(key(value))]
    if len(starts) == 1:  # the source's own short forms: "Cons", "Lab", "Ind"
        return Literal(starts[0])
    raise ValueError(f"unknown {what} {value!r} (choose from {', '.join(allowed)})")


def _entry(graph: Graph, node: URIRef, themes: set, sections: set) -> Entry:
    types = set(graph.objects(node, RDF.type))
    kind = next((name for cls, name in KINDS if cls in types), "thing")
    kind = "theme" if node in themes else "section" if node in sections else kind
    detail = ""
    if kind == "organisation":
        specific = sorted(t for t in types if t != ORG.Organization)
        detail = str(graph.value(specific[0], RDFS.label) or "") if specific else ""
    else:
        kind_of = {"body": CG.bodyKind, "site": CG.siteKind, "area": CG.areaKind}.get(kind)
        if kind_of is not None:
            detail = str(graph.value(graph.value(node, kind_of), SKOS.prefLabel) or "")
    label = graph.value(node, SKOS.prefLabel) or graph.value(node, RDFS.label) or graph.value(node, FOAF.name)
    return Entry(node, str(label) if label is not None else str(node).rsplit("/", 1)[-1], kind, detail)


def _printed_names(graph: Graph, node: URIRef) -> list[str]:
    return [str(v) for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, FOAF.name, DCTERMS.title) for v in graph.objects(node, p)]


def _derived_names(graph: Graph, node: URIRef, entry: Entry, local: list[str]) -> list[str]:
    """A scheme's "<area> <initiative>" and "<area> <own name>"; a body's or site's "<area> <name>"."""
    area = graph.value(node, CG.area)
    if area is None or entry.kind not in {"body", "site", "scheme"}:
        return []
    area_names = [str(v) for p in (SKOS.prefLabel, SKOS.altLabel) for v in graph.objects(area, p)]
    own = _printed_names(graph, node)
    if entry.kind == "scheme":
        own = [str(v) for v in graph.objects(graph.value(node, CG.implements), SKOS.prefLabel)] + local
    return [f"{a} {n}" for a in area_names for n in own]


def name_table(graph: Graph) -> dict[str, set[URIRef]]:
    """Strict lookup for the coverage report: normalised name (label, alias, misspelling, id) -> entities.

    Only exact printed forms count here (coverage checks the data, not what a person might type).
    """
    from .index import normalise

    table: dict[str, set[URIRef]] = defaultdict(set)
    for predicate in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, FOAF.name):
        for node, name in graph.subject_objects(predicate):
            if isinstance(node, URIRef) and str(node).startswith(str(ID)) and "/index/" not in str(node):
                table[normalise(name)].add(node)
                table[normalise(str(node).rsplit("/", 1)[-1])].add(node)
    return table
