"""``show NAME``: describe an entity (found by :mod:`collab_graph.names.resolve`) with its facts and provenance."""

from __future__ import annotations

from collections import defaultdict

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, ORG, PROV, RDF, RDFS, SKOS

from ..common.labels import inverse_label, label, predicate_label, provenance
from ..common.namespaces import CG

HIDDEN = {PROV.wasDerivedFrom, SKOS.prefLabel, FOAF.name}


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
