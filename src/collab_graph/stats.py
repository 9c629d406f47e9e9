"""Counts that summarise the graph: per class, per sector, per theme (all by SPARQL)."""

from __future__ import annotations

from rdflib import Graph

from .namespaces import prefix_block

CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  VALUES ?class { org:Organization cg:GovernanceBody cg:Area foaf:Person org:Post cg:Initiative
                  cg:Implementation org:Site cg:Figure cg:WorkStream cg:Document cg:IndexEntry cg:SourceExcerpt }
  ?s a ?class .
} GROUP BY ?class ORDER BY DESC(?n) ?class
"""

SECTOR_COUNTS = """
SELECT ?sector (COUNT(DISTINCT ?o) AS ?organisations) (COUNT(DISTINCT ?i) AS ?implementations) WHERE {
  ?o a org:Organization ; cg:sector/skos:prefLabel ?sector .
  OPTIONAL { ?i cg:partner ?o }
} GROUP BY ?sector ORDER BY DESC(?organisations) ?sector
"""

THEME_COUNTS = """
SELECT ?position ?theme (COUNT(DISTINCT ?initiative) AS ?initiatives) (COUNT(DISTINCT ?impl) AS ?implementations)
       (COUNT(DISTINCT ?partner) AS ?partners) (COUNT(DISTINCT ?figure) AS ?figures) WHERE {
  ?t skos:inScheme <https://w3id.org/collab-graph/id/theme> ; skos:prefLabel ?theme ; cg:position ?position .
  OPTIONAL { ?initiative cg:theme ?t .
    OPTIONAL { ?impl cg:implements ?initiative . OPTIONAL { ?impl cg:partner ?partner } }
    OPTIONAL { { ?initiative cg:figure ?figure } UNION { ?impl2 cg:implements ?initiative ; cg:figure ?figure } } }
} GROUP BY ?position ?theme ORDER BY ?position
"""


def _rows(graph: Graph, query: str) -> list[list[object]]:
    return [[v.toPython() if v is not None else None for v in row] for row in graph.query(prefix_block() + query)]


def class_counts(graph: Graph) -> list[list[object]]:
    """Rows of (class label, count)."""
    return [[_short(c), n] for c, n in _rows(graph, CLASS_COUNTS)]


def sector_counts(graph: Graph) -> list[list[object]]:
    """Rows of (sector, organisations, implementations they take part in)."""
    return _rows(graph, SECTOR_COUNTS)


def theme_counts(graph: Graph) -> list[list[object]]:
    """Rows of (position, theme, initiatives, implementations, distinct partners, figures)."""
    return _rows(graph, THEME_COUNTS)


def _short(iri: object) -> str:
    text = str(iri)
    for prefix, base in (
        ("cg", "https://w3id.org/collab-graph/ontology#"),
        ("org", "http://www.w3.org/ns/org#"),
        ("foaf", "http://xmlns.com/foaf/0.1/"),
    ):
        if text.startswith(base):
            return f"{prefix}:{text[len(base) :]}"
    return text
