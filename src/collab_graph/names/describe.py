"""``show NAME``: describe an entity (found by :mod:`collab_graph.names.resolve`) with its facts and provenance.

Every related item is cited by the lines that state the relationship (the ``rdf:Statement`` the
compiler derived, :mod:`collab_graph.compiler.citations`), not by the item's own first mention;
figures are listed with their kinds, periods and lines; a post shows its holder's party and notes.
Source excerpts and relationship statements are bookkeeping: they are never listed as related items.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, ORG, PROV, RDF, RDFS, SKOS

from ..common.labels import excerpt_text, inverse_label, label, predicate_label, provenance
from ..common.namespaces import CG, concept
from ..common.number_text import plain_number

HIDDEN = {PROV.wasDerivedFrom, SKOS.prefLabel, FOAF.name, CG.citation}
#: Links listed one item a line, each with the lines that state it.
LISTED = {CG.partner, CG.lead, CG.site, CG.governance, ORG.hasMember, ORG.hasSite, CG.figure, CG.servedBy}
#: Nodes that only support others: never shown as related items.
BOOKKEEPING = {CG.SourceExcerpt, RDF.Statement, CG.AbbreviationSense}
NOT_PRINTED = " (name not printed there)"
POLICE_AREA = concept("area-kind", "police-area")
WIDER_ENTRY = "served by, as listed under a wider entry (it may name services of the entry's other areas)"


def describe(graph: Graph, node: URIRef, origin: str | None = None) -> str:
    """A readable description: facts, where the source says them, and what refers to the entity.

    ``graph`` is an rdflib graph or anything answering the same reads
    (:class:`collab_graph.store.view.OxigraphView`, which ``show`` uses).
    """
    lines = [label(graph, node), f"  id: {node}"]
    facts: dict[str, list[str]] = defaultdict(list)
    listed: dict[str, list[str]] = defaultdict(list)
    for predicate, obj in graph.predicate_objects(node):
        if predicate in HIDDEN or (predicate == RDF.type and not _labelled(graph, obj)):
            continue
        if predicate in LISTED and isinstance(obj, URIRef):
            listed[predicate_label(graph, predicate)].append(_item(graph, obj, _cite(graph, node, predicate, obj)))
        else:
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
        if any((subject, RDF.type, t) in graph for t in BOOKKEEPING):
            continue
        incoming[inverse_label(graph, predicate)].append(_item(graph, subject, _cite(graph, subject, predicate, node)))
    for key, entries in (_via_authority(graph, node) | _via_joint_area(graph, node)).items():
        incoming[key] += entries
    for key, entries in _via_wider_entry(graph, node).items():
        listed[key] += entries
    senses = sorted(graph.subjects(CG.refersTo, node))
    for sense in (s for s in senses if (s, RDF.type, CG.AbbreviationSense) in graph):
        entry = f"{graph.value(sense, CG.abbreviation)} (also printed for other services)"
        incoming["abbreviated as"].append(f"{entry}\n        source: {provenance(graph, sense)}")
    for section in (listed, incoming):
        for key in sorted(section):
            lines.append(f"  {key} ({len(section[key])}):")
            lines += [f"    {entry}" for entry in sorted(section[key])]
    return "\n".join(lines)


def _statement(graph: Graph, subject: URIRef, predicate: URIRef, obj: URIRef) -> URIRef | None:
    """The statement node citing the lines of ``subject predicate obj`` (the compiler makes at most one), or None."""
    found = [
        statement
        for statement in graph.subjects(RDF.subject, subject)
        if (statement, RDF.predicate, predicate) in graph
        and (statement, RDF.object, obj) in graph
        and (statement, RDF.type, RDF.Statement) in graph
    ]
    return min(found) if found else None


def _cite(graph: Graph, subject: URIRef, predicate: URIRef, obj: URIRef) -> str:
    """The lines stating ``subject predicate obj``: its statement's, else the record's (a figure's or post's own)."""
    statement = _statement(graph, subject, predicate, obj)
    if statement is not None:
        gap = NOT_PRINTED if (statement, CG.namePrinted, Literal(False)) in graph else ""
        return provenance(graph, statement) + gap
    own = obj if predicate in {CG.figure} else subject
    return provenance(graph, own)


def _item(graph: Graph, node: URIRef, source: str, where: str = "") -> str:
    """One related item: its label, ``where`` it is (e.g. "in Surrey and Sussex"), what qualifies it
    (a figure's kind and period, a post's party and notes), its source."""
    entry = label(graph, node) + (f" [{where}]" if where else "")
    extras: list[str] = []
    if (node, RDF.type, CG.Figure) in graph:
        extras += [str(label(graph, v)) for v in graph.objects(node, CG.figureKind)]
        extras += [f"period: {v}" for v in graph.objects(node, CG.period)]
    if (node, RDF.type, ORG.Post) in graph:  # a post's party and notes ("Acting") belong with it
        extras += [str(v) for p in (CG.party, SKOS.note, CG.sourceIssue) for v in graph.objects(node, p)]
        entry += " ⚠" if (node, CG.sourceIssue, None) in graph else ""
        entry += f" ({'; '.join(extras)})" if extras else ""
    else:
        entry += f" ({'; '.join(extras)})" if extras else ""
        entry += _caveat(graph, node)
    return f"{entry}\n        source: {source}"


def _labelled(graph: Graph, node: object) -> bool:
    return any(graph.objects(node, SKOS.prefLabel)) or any(graph.objects(node, RDFS.label))


def _value(graph: Graph, obj: object) -> str:
    """A fact's value: a literal as written (a number in its plain form, as query answers print it), else the thing's label."""
    if isinstance(obj, Literal):
        return plain_number(str(obj), str(obj.datatype) if obj.datatype else None) or str(obj)
    if (obj, RDF.type, CG.SourceExcerpt) in graph:  # a fact's own source (a status's lines): cited, not named
        return excerpt_text(graph, obj)
    return label(graph, obj) + _caveat(graph, obj)


def _caveat(graph: Graph, node: object) -> str:
    """A warning mark with the data's flag, for a related record whose source looks wrong or inconsistent."""
    issues = sorted(str(v) for v in graph.objects(node, CG.sourceIssue))
    return f" ⚠ caveat: {'; '.join(issues)}" if issues else ""


def _via_authority(graph: Graph, node: URIRef) -> dict[str, list[str]]:
    """A fire and rescue service's implementations that name its authority alone ("via its authority"):
    the rule of :func:`collab_graph.common.namespaces.takes_part`."""
    if (node, RDF.type, CG.FireAndRescueService) not in graph:
        return {}
    found: dict[str, list[str]] = defaultdict(list)
    for authority in graph.objects(node, CG.governedBy):
        for impl in graph.subjects(CG.partner, authority):
            if (impl, CG.partner, node) not in graph:
                found["partner in, via its authority"].append(
                    f"{label(graph, impl)} (via {label(graph, authority)})\n        source: {provenance(graph, impl)}"
                )
    return found


def _via_joint_area(graph: Graph, node: URIRef) -> dict[str, list[str]]:
    """What a joint area covering this area holds (``cg:covers``): done in the joint area, so done here too,
    listed with the joint area's name ("Surrey and Sussex" for Surrey); the same rule as the area queries."""
    found: dict[str, list[str]] = defaultdict(list)
    for joint in graph.subjects(CG.covers, node):
        for subject in graph.subjects(CG.area, joint):
            if isinstance(subject, URIRef) and not any((subject, RDF.type, t) in graph for t in BOOKKEEPING):
                source = _cite(graph, subject, CG.area, joint)
                found["in a joint area covering it"].append(_item(graph, subject, source, f"in {label(graph, joint)}"))
    return found


def _via_wider_entry(graph: Graph, node: URIRef) -> dict[str, list[str]]:
    """The services of a police force area printed inside a wider Service Information entry (Gwent,
    in "Wales (South)"): the entry's services, except a police force whose own police force area is
    neither this area nor one it is within. The entry may name services of its other areas, and the
    heading says so. The same rule as the ``quiet-areas`` query (its ``listedUnder`` column).
    Places within a police force area (towns, boroughs) are left out: their entry is their police
    force area's, whose page lists it."""
    if (node, CG.areaKind, POLICE_AREA) not in graph or any(graph.objects(node, CG.servedBy)):
        return {}
    found: dict[str, list[str]] = defaultdict(list)
    wider = sorted(area for area in graph.transitive_objects(node, CG.within) if area != node)  # cg:within+
    for entry in wider:
        for service in graph.objects(entry, CG.servedBy):
            homes = list(graph.objects(service, CG.area)) if (service, RDF.type, CG.PoliceForce) in graph else []
            if any(home not in {node, *wider} and (home, CG.areaKind, POLICE_AREA) in graph for home in homes):
                continue
            found[WIDER_ENTRY].append(_item(graph, service, provenance(graph, entry), f"listed under {label(graph, entry)}"))
    return found
