"""The one name resolver: every place a name is taken (``show``, ``query --param``, ``map --focus``,
the notebook helpers) finds things through here.

Names are matched after :func:`~collab_graph.names.index.normalise` (case, quotes, dashes, white
space) against every label, alias, misspelling and id in the graph; a miss suggests the closest
names (:func:`close_matches`, the one suggestion ranking used everywhere).
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Graph, URIRef
from rdflib.namespace import FOAF, ORG, RDF, SKOS

from ..common.errors import UnknownName
from ..common.labels import label
from ..common.namespaces import CG, ID, slug_of
from .index import close_matches, normalise

TYPES = {
    "organisation": (ORG.Organization, CG.GovernanceBody),
    "area": (CG.Area,),
    "initiative": (CG.Initiative,),
    "person": (FOAF.Person,),
}
SCHEMES = {"theme": ID["theme"], "status": ID["status"], "sector": ID["sector"], "unit": ID["unit"]}


NAME_PREDICATES = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, FOAF.name)


def name_table(graph: Graph) -> dict[str, set[URIRef]]:
    """Normalised name (labels, aliases, misspellings, ids) -> the entities it names."""
    table: dict[str, set[URIRef]] = defaultdict(set)
    for predicate in NAME_PREDICATES:
        for node, name in graph.subject_objects(predicate):
            # Index entries repeat an organisation's printed name; they are shown with it, not instead.
            if isinstance(node, URIRef) and str(node).startswith(str(ID)) and "/index/" not in str(node):
                table[normalise(name)].add(node)
                table[normalise(slug_of(node))].add(node)
    return table


def find(graph: Graph, name: str) -> list[URIRef]:
    """Entities named ``name`` (case-insensitive); UnknownName with suggestions when none."""
    table = name_table(graph)
    found = table.get(normalise(name))
    if not found:
        suggestions = list(dict.fromkeys(label(graph, sorted(table[c])[0]) for c in close_matches(normalise(name), table, n=12)))[:3]
        raise UnknownName(name, "name", suggestions)
    return sorted(found)


def resolve_typed(graph: Graph, value: str, kind: str) -> URIRef:
    """The one thing of ``kind`` (organisation, area, initiative, person, or any) that ``value`` names.

    Raises UnknownName when nothing is named, and ValueError (with the candidates, each with its
    id) when ``value`` names something of another kind or names several things.
    """
    types = TYPES.get(kind, ())
    found = find(graph, value)
    if types:
        matching = [n for n in found if any((n, RDF.type, t) in graph for t in types)]
        if not matching:
            what = ", ".join(sorted({_kind_of(graph, n) for n in found}))
            raise ValueError(f"{value!r} names {what}, not {_article(kind)}")
        found = matching
    elif len(found) > 1:  # an index entry repeats an organisation's printed name: prefer the organisation
        found = [n for n in found if (n, RDF.type, CG.IndexEntry) not in graph] or found
    if len(found) > 1:
        options = "; ".join(f"{label(graph, n)} ({str(n).removeprefix(str(ID)).replace('/', ' ', 1)})" for n in found)
        raise ValueError(f"{value!r} is ambiguous: {options}; give the id instead")
    return found[0]


def resolve_concept(graph: Graph, scheme: URIRef, value: str) -> URIRef:
    """The concept of ``scheme`` (theme, status, sector, unit) whose id, notation or label is ``value``.

    Raises ValueError listing the allowed values.
    """
    table: dict[str, URIRef] = {}
    for concept in sorted(graph.subjects(SKOS.inScheme, scheme)):
        for name in [slug_of(concept), *graph.objects(concept, SKOS.notation), *graph.objects(concept, SKOS.prefLabel)]:
            table.setdefault(normalise(name), concept)
    if normalise(value) in table:
        return table[normalise(value)]
    allowed = sorted({slug_of(c) for c in table.values()})
    raise ValueError(f"unknown value (choose from {', '.join(allowed)})")


def _kind_of(graph: Graph, node: URIRef) -> str:
    for kind, types in TYPES.items():
        if any((node, RDF.type, t) in graph for t in types):
            return _article(kind)
    return _article(str(node).removeprefix(str(ID)).split("/", 1)[0])


def _article(kind: str) -> str:
    return f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind}"
