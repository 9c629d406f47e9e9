"""Counts that summarise the graph: per class, per sector, per theme (all by SPARQL)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Graph

from ..common.namespaces import prefix_block, takes_part
from ..store import open_store

if TYPE_CHECKING:
    import pandas as pd

CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  VALUES ?class { org:Organization cg:GovernanceBody cg:Area foaf:Person org:Post cg:Initiative
                  cg:Implementation org:Site cg:Figure cg:WorkStream cg:Document cg:IndexEntry cg:SourceExcerpt
                  cg:PartnerGroup cg:Event cg:Funding cg:Fund cg:AlternativeGroup }
  ?s a ?class .
} GROUP BY ?class ORDER BY DESC(?n) ?class
"""

SECTOR_COUNTS = """
SELECT ?sector (COUNT(DISTINCT ?o) AS ?organisations) (COUNT(DISTINCT ?g) AS ?groups)
       (COUNT(DISTINCT ?i) AS ?implementations) WHERE {
  { ?o a org:Organization ; cg:sector ?s . OPTIONAL { TAKES_PART } }
  UNION
  { ?g a cg:PartnerGroup ; cg:sector ?s ; cg:groupRole/skos:notation ?role .
    FILTER(?role IN ("partner", "member", "funder"))
    OPTIONAL { ?i cg:partnerGroup ?g ; a cg:Implementation } }
  ?s skos:prefLabel ?sector .
} GROUP BY ?sector ORDER BY DESC(?organisations) ?sector
""".replace("TAKES_PART", takes_part("?i", "?o"))

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
    """Rows of (sector, organisations, partner groups, implementations either takes part in).

    Partner groups ("some local authorities") count when they are partners, members or funders.
    """
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
        ("skos", "http://www.w3.org/2004/02/skos/core#"),
        ("prov", "http://www.w3.org/ns/prov#"),
        ("schema", "https://schema.org/"),
        ("dcterms", "http://purl.org/dc/terms/"),
    ):
        if text.startswith(base):
            return f"{prefix}:{text[len(base) :]}"
    return text


CLASS_LINKS = """
SELECT ?from ?property ?to (COUNT(*) AS ?links) WHERE {
  VALUES ?from { org:Organization cg:GovernanceBody cg:Area foaf:Person org:Post cg:Initiative
                 cg:Implementation org:Site cg:Figure cg:SourceExcerpt }
  VALUES ?to { org:Organization cg:GovernanceBody cg:Area foaf:Person org:Post cg:Initiative
               cg:Implementation org:Site cg:Figure cg:SourceExcerpt skos:Concept }
  ?s a ?from ; ?property ?o .
  ?o a ?to .
} GROUP BY ?from ?property ?to ORDER BY ?from ?property ?to
"""


def stats_frames(graph: Graph) -> dict[str, pd.DataFrame]:
    """The three summaries of ``collab-graph stats`` as DataFrames: ``classes``, ``sectors``, ``themes``."""
    import pandas as pd

    return {
        "classes": pd.DataFrame(class_counts(graph), columns=["class", "count"]),
        "sectors": pd.DataFrame(sector_counts(graph), columns=["sector", "organisations", "groups", "implementations"]),
        "themes": pd.DataFrame(
            theme_counts(graph), columns=["position", "theme", "initiatives", "implementations", "partners", "figures"]
        ).set_index("position"),
    }


def class_links(graph: Graph) -> pd.DataFrame:
    """How the main classes link (the ontology as the data uses it): from, property, to, links.

    Classes and properties are shortened (``cg:Implementation``, ``cg:partner``); a link to a
    vocabulary term (theme, sector, status, unit ...) has ``to`` = ``skos:Concept``.
    """
    import pandas as pd

    table = open_store("oxigraph", graph).query(prefix_block() + CLASS_LINKS)  # rdflib's engine takes minutes on this join
    rows = [[_short(f), _short(p), _short(t), n.toPython()] for f, p, t, n in table.rows]  # type: ignore[union-attr]
    return pd.DataFrame(rows, columns=["from", "property", "to", "links"])
