"""Namespaces and IRI builders: one place decides how every IRI looks."""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, XSD

from .prefixes import PREFIX_IRIS

CG = Namespace(PREFIX_IRIS["cg"])
ID = Namespace(PREFIX_IRIS["id"])
SCHEMA = Namespace(PREFIX_IRIS["schema"])
SOURCE_DOC = ID["source/esc-national-overview-2016"]

PREFIXES = {
    "cg": CG,
    "id": ID,
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "org": ORG,
    "owl": OWL,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "schema": SCHEMA,
    "skos": SKOS,
    "xsd": XSD,
}


def iri(kind: str, slug: str) -> URIRef:
    """``iri("org", "kent-police")`` -> ``<https://w3id.org/collab-graph/id/org/kent-police>``."""
    return ID[f"{kind}/{slug}"]


def concept(scheme: str, notation: str) -> URIRef:
    """The IRI of a controlled-vocabulary concept, e.g. ``concept("sector", "fire")``."""
    return ID[f"{scheme}/{notation}"]


def slug_of(node: URIRef) -> str:
    """The last path segment of one of our IRIs."""
    return str(node).rstrip("/").rsplit("/", 1)[-1].split("#", 1)[0]


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes (and only those) on ``graph``."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def prefix_block() -> str:
    """SPARQL PREFIX lines for every project prefix."""
    return "".join(f"PREFIX {p}: <{n}>\n" for p, n in PREFIXES.items())


def takes_part(impl: str = "?impl", org: str = "?partner") -> str:
    """A SPARQL group binding ``org`` to every organisation taking part in ``impl``.

    The one rule for fire and rescue authorities and their services: an organisation takes part in an
    implementation that names it (``cg:partner``), and a fire and rescue service also takes part, *via
    its authority*, in one that names its authority but not the service (``cg:authorityOnly`` says why;
    the rule check ``authority-without-service`` allows nothing else). The library queries spell the
    same pattern out and mark such rows "via its authority".

    >>> "cg:governedBy" in takes_part()
    True
    """
    return (
        f"{{ {impl} cg:partner {org} }} UNION {{ {impl} cg:partner ?viaAuthority . "
        f"{org} a cg:FireAndRescueService ; cg:governedBy ?viaAuthority . FILTER NOT EXISTS {{ {impl} cg:partner {org} }} }}"
    )
