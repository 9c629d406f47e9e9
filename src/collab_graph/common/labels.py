"""Human-readable labels for nodes and predicates, and one-line provenance."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, PROV, RDF, RDFS, SKOS

from .namespaces import CG, SCHEMA, slug_of

PREDICATE_LABELS = {
    RDF.type: "type",
    SKOS.prefLabel: "name",
    SKOS.altLabel: "also known as",
    SKOS.hiddenLabel: "misspelt in the source as",
    SKOS.note: "note",
    SKOS.inScheme: "in scheme",
    SKOS.topConceptOf: "top concept of",
    SKOS.notation: "notation",
    DCTERMS.description: "description",
    DCTERMS.creator: "issued by",
    DCTERMS.issued: "issued",
    DCTERMS.isPartOf: "part of",
    FOAF.name: "name",
    ORG.postIn: "post in",
    ORG.heldBy: "held by",
    ORG.role: "role",
    ORG.hasSite: "site",
    ORG.hasMember: "member",
    SCHEMA.startDate: "start",
    SCHEMA.endDate: "end",
    SCHEMA.value: "amount",
    PROV.wasDerivedFrom: "source",
}


# How an incoming link reads from the object's side ("Kent Police" is a partner in ...).
INVERSE_LABELS = {
    CG.partner: "partner in",
    CG.lead: "leads",
    CG.area: "in this area",
    CG.within: "contains",
    CG.servedBy: "serves",
    CG.servesArea: "leaders",
    CG.covers: "covered by joint area",
    CG.governedBy: "governs",
    CG.implements: "implementations",
    CG.site: "site of",
    CG.governance: "oversees",
    CG.figure: "figure of",
    CG.theme: "initiatives",
    CG.programme: "work streams",
    CG.refersTo: "index entries",
    CG.signatory: "signed",
    CG.signatoryBody: "signed (as a body)",
    CG.namesBody: "named in",
    CG.onBehalfOf: "represented in",
    DCTERMS.creator: "issued",
    ORG.postIn: "posts",
    ORG.heldBy: "holds",
    ORG.hasSite: "used by",
    ORG.hasMember: "member of",
    ORG.role: "posts in this role",
    DCTERMS.isPartOf: "parts",
    SCHEMA.fundedItem: "funding",
    SCHEMA.funder: "funded",
    CG.recipient: "received funding",
    CG.fund: "grants and bids",
    CG.fundingFigure: "funding it states",
    CG.worksOn: "posts working on it",
    CG.adviser: "advises",
    CG.alternative: "alternatives group",
    CG.countedFigure: "counted in alternatives group",
    CG.eventOf: "events",
    CG.partnerGroup: "partner group of",
    CG.printedUnder: "blocks printed under it",
    CG.printedWithin: "printed inside it",
    CG.statusSource: "status read from it",
    CG.status: "with this status",
    CG.sector: "organisations in this sector",
    CG.section: "excerpts in this section",
    CG.unit: "figures in this unit",
}


def inverse_label(graph: Graph, predicate: URIRef) -> str:
    """How ``predicate`` reads from its object's side, e.g. cg:partner -> "partner in"."""
    return INVERSE_LABELS.get(predicate, f"{predicate_label(graph, predicate)} (of)")


def label(graph: Graph, node: object) -> str:
    """The node's skos:prefLabel (or rdfs:label, or its IRI's last segment); a literal as text."""
    if isinstance(node, Literal):
        return str(node)
    for predicate in (SKOS.prefLabel, RDFS.label):
        value = graph.value(node, predicate)
        if value is not None:
            return str(value)
    return slug_of(node) if isinstance(node, URIRef) else str(node)


def predicate_label(graph: Graph, predicate: URIRef) -> str:
    """What users call a predicate: the ontology's rdfs:label, else a fixed name for reused terms."""
    value = graph.value(predicate, RDFS.label)
    return str(value) if value is not None else PREDICATE_LABELS.get(predicate, slug_of(predicate))


def provenance(graph: Graph, node: URIRef) -> str:
    """Where ``node`` comes from in the source, e.g. ``lines 99–133 · Joint Control Rooms › Kent · p. 36``.

    A page estimated rather than printed reads ``est. p. 36`` (docs/data-format.md, "Pages")."""
    parts = [excerpt_text(graph, excerpt) for excerpt in sorted(graph.objects(node, PROV.wasDerivedFrom))]
    added = graph.value(node, CG.added)
    if added is not None:
        parts.append(f"added by the curators: {added}")
    return "; ".join(p.strip(" ·") for p in parts) or "no provenance"


def excerpt_text(graph: Graph, excerpt: URIRef) -> str:
    """One source excerpt as people cite it: ``lines 99–133 · Joint Control Rooms › Kent · p. 36``."""
    first, last = graph.value(excerpt, CG.lineStart), graph.value(excerpt, CG.lineEnd)
    where = f"line {first}" if first == last else f"lines {first}–{last}"
    trail = [label(graph, s) for s in [graph.value(excerpt, CG.section)] if s is not None]
    heading = graph.value(excerpt, CG.heading)
    if heading is not None:
        trail.append(str(heading))
    page, estimated = graph.value(excerpt, CG.page), graph.value(excerpt, CG.estimatedPage)
    shown = [f"p. {page}"] if page is not None else [f"est. p. {estimated}"] if estimated is not None else []
    return " · ".join([where, " › ".join(trail), *shown]).strip(" ·")
