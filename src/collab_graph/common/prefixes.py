"""The project's prefixes as plain IRI strings: for code that must not import rdflib (printing an answer).

:mod:`collab_graph.common.namespaces` holds the same namespaces as rdflib objects (a test checks
they agree).

>>> PREFIX_IRIS["cg"]
'https://w3id.org/collab-graph/ontology#'
"""

from __future__ import annotations

PREFIX_IRIS = {
    "cg": "https://w3id.org/collab-graph/ontology#",
    "id": "https://w3id.org/collab-graph/id/",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "schema": "https://schema.org/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
CG_IRI = PREFIX_IRIS["cg"]
ID_IRI = PREFIX_IRIS["id"]
