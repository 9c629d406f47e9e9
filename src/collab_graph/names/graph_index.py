"""Build a name index from an rdflib graph: what :meth:`collab_graph.names.resolve.Resolver.from_graph` does.

Kept apart from the lookups so that a resolver read from the cached index (:mod:`.stored`) never
imports rdflib: only this module reads a graph, and it imports rdflib only when it does.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from ..common.prefixes import CG_IRI, ID_IRI, PREFIX_IRIS
from .keys import NAMED_KINDS, key
from .matches import Entry, Sense

if TYPE_CHECKING:
    from rdflib import Graph, URIRef

# IRIs are plain strings in a resolver: one read from the cached name index (:mod:`.stored`) answers
# ``query --param org=NWAS`` without importing rdflib.
_ORG, _FOAF, _SKOS, _RDF = PREFIX_IRIS["org"], PREFIX_IRIS["foaf"], PREFIX_IRIS["skos"], PREFIX_IRIS["rdf"]
#: rdf:type -> the kind shown, most specific first.
KINDS: tuple[tuple[str, str], ...] = (
    (CG_IRI + "Implementation", "scheme"),
    (CG_IRI + "Initiative", "initiative"),
    (CG_IRI + "GovernanceBody", "body"),
    (_ORG + "Organization", "organisation"),
    (_FOAF + "Person", "person"),
    (CG_IRI + "Area", "area"),
    (_ORG + "Site", "site"),
    (CG_IRI + "Document", "document"),
    (CG_IRI + "WorkStream", "work stream"),
    (CG_IRI + "Fund", "fund"),
    (_ORG + "Post", "post"),
    (CG_IRI + "Figure", "figure"),
    (CG_IRI + "IndexEntry", "index entry"),
    (CG_IRI + "SourceExcerpt", "source excerpt"),
    (CG_IRI + "AbbreviationSense", "abbreviation sense"),
    (_RDF + "Statement", "relationship"),
    (_SKOS + "Concept", "concept"),
)
#: The controlled vocabularies a value can be resolved in (:func:`~collab_graph.names.resolve.resolve_concept`), by their IRIs.
SCHEMES = {name: ID_IRI + name for name in ("theme", "status", "sector", "unit")}
#: The predicates whose printed values a parameter may name (:func:`~collab_graph.names.resolve.resolve_value`), by their IRIs.
VALUE_PREDICATES = (CG_IRI + "party",)


def index_graph(resolver: Any, graph: Graph) -> None:
    """Fill ``resolver`` (an empty :class:`~collab_graph.names.resolve.Resolver`) with every thing under the project's id namespace in ``graph``."""
    from rdflib import URIRef
    from rdflib.namespace import PROV, RDF, SKOS

    from ..common.namespaces import CG, ID

    themes = set(graph.subjects(SKOS.inScheme, URIRef(str(ID["theme"]))))
    sections = set(graph.subjects(SKOS.inScheme, URIRef(str(ID["section"]))))
    for node in sorted({s for s in graph.subjects(RDF.type) if isinstance(s, URIRef) and str(s).startswith(str(ID))}):
        entry = _entry(graph, node, themes, sections)
        if entry.kind not in NAMED_KINDS:
            resolver.other[entry.node] = entry
            if "/" not in entry.ident:  # a scheme ("area-kind"): its id is its only name
                resolver.ids[entry.ident.casefold()].add(entry.node)
            continue
        local = [str(v) for v in graph.objects(node, CG.localName)]
        resolver.add(entry, _printed_names(graph, node), _derived_names(graph, node, entry, local), local)
    for sense in sorted(graph.subjects(RDF.type, CG.AbbreviationSense)):
        target = str(graph.value(sense, CG.refersTo))
        if target in resolver.entries:
            spans = sorted(
                (int(graph.value(e, CG.lineStart)), int(graph.value(e, CG.lineEnd)))  # type: ignore[arg-type]
                for e in graph.objects(sense, PROV.wasDerivedFrom)
            )
            text = str(graph.value(sense, CG.abbreviation))
            resolver.senses[key(text)].append(Sense(text, resolver.entries[target], tuple(spans)))
    for scheme in SCHEMES.values():
        resolver.concepts[scheme] = [
            (str(concept), [str(v) for p in (SKOS.notation, SKOS.prefLabel) for v in graph.objects(concept, p)])
            for concept in sorted(graph.subjects(SKOS.inScheme, URIRef(scheme)))
        ]
    for predicate in VALUE_PREDICATES:
        resolver.values[predicate] = sorted({str(v) for v in graph.objects(None, URIRef(predicate))})
    resolver.terms = {str(s).removeprefix(str(CG)) for s in graph.subjects() if str(s).startswith(str(CG))}


def _entry(graph: Graph, node: URIRef, themes: set, sections: set) -> Entry:
    from rdflib.namespace import FOAF, ORG, RDF, RDFS, SKOS

    from ..common.namespaces import CG

    types = {str(t) for t in graph.objects(node, RDF.type)}
    kind = next((name for cls, name in KINDS if cls in types), "thing")
    kind = "theme" if node in themes else "section" if node in sections else kind
    detail = ""
    if kind == "organisation":
        specific = sorted(t for t in graph.objects(node, RDF.type) if t != ORG.Organization)
        detail = str(graph.value(specific[0], RDFS.label) or "") if specific else ""
    else:
        kind_of = {"body": CG.bodyKind, "site": CG.siteKind, "area": CG.areaKind}.get(kind)
        if kind_of is not None:
            detail = str(graph.value(graph.value(node, kind_of), SKOS.prefLabel) or "")
    label = graph.value(node, SKOS.prefLabel) or graph.value(node, RDFS.label) or graph.value(node, FOAF.name)
    return Entry(str(node), str(label) if label is not None else str(node).rsplit("/", 1)[-1], kind, detail)


def _printed_names(graph: Graph, node: URIRef) -> list[str]:
    from rdflib.namespace import DCTERMS, FOAF, SKOS

    return [str(v) for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, FOAF.name, DCTERMS.title) for v in graph.objects(node, p)]


def _derived_names(graph: Graph, node: URIRef, entry: Entry, local: list[str]) -> list[str]:
    """A scheme's "<area> <initiative>" and "<area> <own name>"; a body's or site's "<area> <name>"."""
    from rdflib.namespace import SKOS

    from ..common.namespaces import CG

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
    from rdflib import URIRef
    from rdflib.namespace import FOAF, SKOS

    from ..common.namespaces import ID
    from .index import normalise

    table: dict[str, set[URIRef]] = defaultdict(set)
    for predicate in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, FOAF.name):
        for node, name in graph.subject_objects(predicate):
            if isinstance(node, URIRef) and str(node).startswith(str(ID)) and "/index/" not in str(node):
                table[normalise(name)].add(node)
                table[normalise(str(node).rsplit("/", 1)[-1])].add(node)
    return table
