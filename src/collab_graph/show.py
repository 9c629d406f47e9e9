"""``show NAME``: find any entity by name, alias, abbreviation or id and describe it with provenance."""

from __future__ import annotations

import difflib
from collections import defaultdict

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, ORG, PROV, RDF, RDFS, SKOS

from .errors import UnknownName
from .labels import inverse_label, label, predicate_label, provenance
from .names import normalise
from .namespaces import CG, ID, slug_of

NAME_PREDICATES = (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel, FOAF.name)
HIDDEN = {PROV.wasDerivedFrom, SKOS.prefLabel, FOAF.name}


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
        close = difflib.get_close_matches(normalise(name), list(table), n=12, cutoff=0.6)
        suggestions = list(dict.fromkeys(label(graph, sorted(table[c])[0]) for c in close))[:3]
        raise UnknownName(name, "name", suggestions)
    return sorted(found)


def describe(graph: Graph, node: URIRef, origin: str | None = None) -> str:
    """A readable description: facts, provenance, and what refers to the entity."""
    lines = [label(graph, node), f"  id: {node}"]
    facts: dict[str, list[str]] = defaultdict(list)
    for predicate, obj in graph.predicate_objects(node):
        if predicate in HIDDEN or (predicate == RDF.type and not _labelled(graph, obj)):
            continue
        facts[predicate_label(graph, predicate)].append(_value(graph, obj))
    for key in sorted(facts):
        lines.append(f"  {key}: {'; '.join(sorted(set(facts[key])))}")
    source = provenance(graph, node)
    if source != "no provenance" or not any(graph.subject_predicates(node)):
        lines.append(f"  source: {source}")
    if origin:
        lines.append(f"  record: {origin}")
    incoming: dict[str, list[str]] = defaultdict(list)
    for subject, predicate in graph.subject_predicates(node):
        if not isinstance(subject, URIRef) or predicate in {SKOS.inScheme, SKOS.topConceptOf, PROV.wasDerivedFrom}:
            continue
        entry = label(graph, subject)
        if (subject, RDF.type, ORG.Post) in graph:  # a post's notes ("Acting") belong with it
            extras = [str(v) for p in (SKOS.note, CG.sourceIssue) for v in graph.objects(subject, p)]
            entry += f" ({'; '.join(extras)})" if extras else ""
        incoming[inverse_label(graph, predicate)].append(f"{entry}\n        source: {provenance(graph, subject)}")
    for key in sorted(incoming):
        lines.append(f"  {key} ({len(incoming[key])}):")
        lines += [f"    {entry}" for entry in sorted(incoming[key])]
    return "\n".join(lines)


def _labelled(graph: Graph, node: object) -> bool:
    return any(graph.objects(node, SKOS.prefLabel)) or any(graph.objects(node, RDFS.label))


def _value(graph: Graph, obj: object) -> str:
    if isinstance(obj, Literal):
        return str(obj)
    return label(graph, obj)
