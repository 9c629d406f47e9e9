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
from typing import TYPE_CHECKING

from ..common.prefixes import ID_IRI
from .graph_index import SCHEMES, VALUE_PREDICATES  # noqa: F401  (part of this module's interface)
from .keys import key, variants
from .matches import AmbiguousName, Entry, Match, NameNotFound, Sense, WrongKind

if TYPE_CHECKING:
    from rdflib import Graph, URIRef

#: What a query parameter or map option of each kind accepts.
PARAM_KINDS = {"organisation": ("organisation", "body"), "area": ("area",), "initiative": ("initiative",), "person": ("person",)}
_KIND_ORDER = {
    k: n
    for n, k in enumerate(
        ("organisation", "body", "area", "initiative", "scheme", "person", "site", "theme", "section", "document", "work stream", "fund")
    )
}


Keep = Callable[[Iterable[str]], list[Entry]]


@dataclass
class Resolver:
    """Names (with variants, abbreviation senses and ids) of everything in a graph, and lookups over them.

    Build one with :meth:`from_graph` (or :func:`resolver_for`, cached per graph); it holds plain
    Python data only, every IRI a plain string.
    """

    entries: dict[str, Entry] = field(default_factory=dict)
    printed: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    derived: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    ids: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    senses: dict[str, list[Sense]] = field(default_factory=lambda: defaultdict(list))
    other: dict[str, Entry] = field(default_factory=dict)
    #: scheme IRI -> its concepts' IRIs, each with its notations and labels (:func:`resolve_concept`).
    concepts: dict[str, list[tuple[str, list[str]]]] = field(default_factory=dict)
    #: predicate IRI -> the texts it takes in the graph (:data:`VALUE_PREDICATES`, for :func:`resolve_value`).
    values: dict[str, list[str]] = field(default_factory=dict)
    #: the local names of the ontology's terms (``Organisation``, ``partner``), for unknown-term warnings.
    terms: set[str] = field(default_factory=set)

    @classmethod
    def from_graph(cls, graph: Graph) -> Resolver:
        """Index every thing under the project's id namespace in ``graph`` (:func:`collab_graph.names.graph_index.index_graph`)."""
        from .graph_index import index_graph

        resolver = cls()
        index_graph(resolver, graph)
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

    def keys_by_node(self) -> dict[str, list[str]]:
        """Every key each named thing answers to (printed names, variants, derived names), by IRI, sorted."""
        found: dict[str, set[str]] = defaultdict(set)
        for table in (self.printed, self.derived):
            for name, nodes in table.items():
                for node in nodes:
                    found[node].add(name)
        return {node: sorted(names) for node, names in sorted(found.items())}

    # ------------------------------------------------------------------ lookups

    def lookup(self, text: str, kinds: Iterable[str] | None = None, limit: int = 8) -> tuple[list[Match], list[Sense]]:
        """The ranked matches of the first tier that finds anything, and the abbreviation senses when that tier is 4."""
        wanted = set(kinds) if kinds else None

        def keep(nodes: Iterable[str]) -> list[Entry]:
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

    def _keep(self, nodes: Iterable[str], kinds: Iterable[str] | None) -> list[Entry]:
        wanted = set(kinds) if kinds else None
        return [self.entries[n] for n in nodes if n in self.entries and (wanted is None or self.entries[n].kind in wanted)]

    def _by_id(self, text: str) -> list[str]:
        """The node an IRI (bare or in <>), ``id:kind/slug`` or ``kind/slug`` names; [] for anything else."""
        value = text.strip()
        if value.startswith("<") and value.endswith(">"):
            value = value[1:-1].strip()
        value = value.removeprefix("id:")
        if not value.startswith(ID_IRI) and not re.fullmatch(r"[a-z0-9-]+/[A-Za-z0-9._#/-]+", value):
            return []
        node = value if value.startswith(ID_IRI) else ID_IRI + value
        return [node] if node in self.entries or node in self.other else []

    def _partial(self, typed: str, keep: Keep) -> list[Match]:
        from rapidfuzz import fuzz

        words = typed.split()
        found: dict[str, Match] = {}
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
        found: dict[str, Match] = {}
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
    """The one thing ``name`` names in ``graph``, as a one-item list of its rdflib IRI; AmbiguousName or NameNotFound otherwise."""
    from rdflib import URIRef

    return [URIRef(resolver_for(graph).resolve(name).node)]


def resolve_typed(graph: Graph | Resolver, value: str, kind: str) -> str:
    """The IRI of the one thing of parameter ``kind`` (organisation, area, initiative, person; anything else: any kind) in ``graph`` or its resolver."""
    return _names(graph).resolve(value, PARAM_KINDS.get(kind), what=kind if kind in PARAM_KINDS else "name").node


def resolve_concept(graph: Graph | Resolver, scheme: str, value: str) -> str:
    """The IRI of the concept of ``scheme`` (its IRI) (theme, status, sector, unit) whose id, notation, label or IRI is ``value`` (in ``graph`` or its resolver).

    Case, punctuation, a unique prefix and unique word starts in any order ("control rooms" for Joint
    Control Rooms) are tolerated; ValueError lists the allowed values.
    """
    table: dict[str, str] = {}
    for concept, names in _names(graph).concepts[str(scheme)]:
        for name in [concept, concept.removeprefix(ID_IRI), concept.rsplit("/", 1)[-1]]:
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
        allowed = sorted({c.rsplit("/", 1)[-1] for c in table.values()})
        raise ValueError(f"unknown value {value!r} (choose from {', '.join(allowed)})")
    return found


def resolve_value(graph: Graph | Resolver, predicate: str, value: str, what: str) -> str:
    """The text of ``predicate`` (an IRI of :data:`VALUE_PREDICATES`, e.g. cg:party) written as ``value`` (or a unique
    start of it, as the source's "Cons" for Conservative), as printed; ValueError lists them."""
    allowed = _names(graph).values[str(predicate)]
    for printed in allowed:
        if key(printed) == key(value):
            return printed
    starts = [printed for printed in allowed if key(value) and key(printed).startswith(key(value))]
    if len(starts) == 1:  # the source's own short forms: "Cons", "Lab", "Ind"
        return starts[0]
    raise ValueError(f"unknown {what} {value!r} (choose from {', '.join(allowed)})")
