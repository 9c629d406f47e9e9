"""The facts a map's tooltips and panels show, read by SPARQL through :mod:`collab_graph.store`.

Per organisation: its other names, kind, leaders (posts) and where the source says each;
per implementation: status, start, and where the source describes it. Provenance is one line
per record, the compiler's ``cg:citation``, e.g. ``lines 2218–2263 · Joint Control Rooms › Joint Control Rooms (JCC) · est. p. 35``.

>>> from rdflib import Graph
>>> facts = map_facts(Graph())
>>> facts.aliases, facts.leaders, facts.sources, facts.title
({}, {}, {}, 'Emergency Services Collaboration Working Group – National Overview (2016)')
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Graph

from ..common.namespaces import SOURCE_DOC, prefix_block
from ..store import DEFAULT_STORE, StoreConfig, Table, open_store

DEFAULT_TITLE = "Emergency Services Collaboration Working Group – National Overview"

ALIASES = """
SELECT ?node ?alias WHERE { ?node skos:altLabel ?alias }
"""

KINDS = """
SELECT ?node ?kindLabel WHERE {
  ?node a org:Organization , ?kind . FILTER(STRSTARTS(STR(?kind), STR(cg:)))
  ?kind rdfs:label ?kindLabel .
}
"""

LEADERS = """
SELECT ?org ?post ?roleLabel ?holder ?note ?party WHERE {
  ?post a org:Post ; org:postIn ?org .
  OPTIONAL { ?post org:role ?role . OPTIONAL { ?role skos:prefLabel ?roleLabel } }
  OPTIONAL { ?post org:heldBy ?person . OPTIONAL { ?person foaf:name ?holder } }
  OPTIONAL { ?post skos:note ?note }
  OPTIONAL { ?post cg:party ?party }
}
"""

SERVED_AREAS = """
SELECT ?post ?areaLabel WHERE { ?post cg:servesArea/skos:prefLabel ?areaLabel }
"""

IMPLEMENTATIONS = """
SELECT ?impl ?statusLabel ?start ?caveat WHERE {
  ?impl a cg:Implementation .
  OPTIONAL { ?impl cg:status ?status . OPTIONAL { ?status skos:prefLabel ?statusLabel } }
  OPTIONAL { ?impl schema:startDate ?start }
  OPTIONAL { ?impl cg:sourceIssue ?caveat }
}
"""

GROUPS = """
SELECT ?impl ?printed ?role WHERE {
  ?impl a cg:Implementation ; cg:partnerGroup ?g .
  ?g cg:printedAs ?printed ; cg:groupRole/skos:prefLabel ?role .
}
"""

PARTS = """
SELECT ?impl ?org ?citation ?printed ?authority ?authorityLabel WHERE {
  { ?st rdf:subject ?impl ; rdf:predicate cg:partner ; rdf:object ?org ; cg:citation ?citation .
    OPTIONAL { ?st cg:namePrinted ?printed } }
  UNION
  { ?st rdf:subject ?impl ; rdf:predicate cg:partner ; rdf:object ?authority ; cg:citation ?citation .
    ?org a cg:FireAndRescueService ; cg:governedBy ?authority .
    ?authority skos:prefLabel ?authorityLabel .
    FILTER NOT EXISTS { ?impl cg:partner ?org }
    OPTIONAL { ?st cg:namePrinted ?printed } }
}
"""

SOURCES = """
SELECT ?node ?citation WHERE { ?node cg:citation ?citation }
"""

SOURCE_TITLE = f"""
SELECT ?title ?issued WHERE {{
  OPTIONAL {{ <{SOURCE_DOC}> skos:prefLabel ?title }}
  OPTIONAL {{ <{SOURCE_DOC}> dcterms:issued ?issued }}
}}
"""


@dataclass(frozen=True, order=True)
class Leader:
    """A post in an organisation: role, holder, note (e.g. "Acting"), party, where the source says it,
    and the Service Information areas it is printed under (``areas``: "Cheshire, Cumbria", or "")."""

    role: str
    holder: str
    note: str
    party: str
    source: str
    areas: str = ""


@dataclass
class MapFacts:
    """Facts by IRI (strings): other names, kind, leaders, implementation status/start, the partner
    groups the source names only collectively, the data's caveat, provenance."""

    aliases: dict[str, list[str]] = field(default_factory=dict)
    keys: dict[str, list[str]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    leaders: dict[str, list[Leader]] = field(default_factory=dict)
    status: dict[str, str] = field(default_factory=dict)
    start: dict[str, str] = field(default_factory=dict)
    groups: dict[str, list[str]] = field(default_factory=dict)
    caveats: dict[str, str] = field(default_factory=dict)
    sources: dict[str, list[str]] = field(default_factory=dict)
    #: (implementation, organisation) -> the lines stating that the organisation takes part, e.g.
    #: "lines 1659–1660 · …", "… (name not printed there)", "via Kent Fire and Rescue Authority: line 2241 · …".
    parts: dict[tuple[str, str], str] = field(default_factory=dict)
    title: str = DEFAULT_TITLE + " (2016)"

    def source(self, iri: str) -> str:
        """Provenance of one node as one line ("no provenance" when the source is not cited)."""
        return "; ".join(self.sources.get(iri, [])) or "no provenance"


def map_facts(graph: Graph, store: str | StoreConfig = DEFAULT_STORE) -> MapFacts:
    """Run the fact queries on ``graph``; every list is sorted, so maps built from them are deterministic."""
    db = open_store(store, graph)

    def select(query: str) -> list[dict[str, str]]:
        result = db.query(prefix_block() + query)
        assert isinstance(result, Table)
        return [{c: ("" if v is None else str(v)) for c, v in zip(result.columns, row, strict=True)} for row in result.rows]

    facts = MapFacts()
    facts.sources = {r["node"]: [r["citation"]] for r in sorted(select(SOURCES), key=lambda r: r["node"])}
    for r in sorted(select(PARTS), key=lambda r: (r["impl"], r["org"], r["authority"], r["citation"])):
        cited = r["citation"] + (" (name not printed there)" if r["printed"] == "false" else "")
        via = f"via {r['authorityLabel']}: " if r["authority"] else ""
        facts.parts.setdefault((r["impl"], r["org"]), via + cited)
    aliases: dict[str, set[str]] = defaultdict(set)
    for r in select(ALIASES):
        aliases[r["node"]].add(r["alias"])
    facts.aliases = {node: sorted(names, key=str.casefold) for node, names in sorted(aliases.items())}
    from ..names.resolve import resolver_for

    # What the search box matches: the resolver's keys (names, variants such as "Kent Fire", abbreviations).
    facts.keys = {str(node): keys for node, keys in resolver_for(graph).keys_by_node().items()}
    facts.kinds = {r["node"]: r["kindLabel"] for r in sorted(select(KINDS), key=lambda r: (r["node"], r["kindLabel"]), reverse=True)}
    served: dict[str, set[str]] = defaultdict(set)
    for r in select(SERVED_AREAS):
        served[r["post"]].add(r["areaLabel"])
    leaders: dict[str, set[Leader]] = defaultdict(set)
    for r in select(LEADERS):
        areas = ", ".join(sorted(served[r["post"]], key=str.casefold))
        leaders[r["org"]].add(Leader(r["roleLabel"], r["holder"], r["note"], r["party"], facts.source(r["post"]), areas))
    facts.leaders = {org: sorted(posts) for org, posts in sorted(leaders.items())}
    for r in select(IMPLEMENTATIONS):
        if r["statusLabel"]:
            facts.status[r["impl"]] = r["statusLabel"]
        if r["start"]:
            facts.start[r["impl"]] = r["start"]
        if r["caveat"]:
            facts.caveats[r["impl"]] = r["caveat"]
    groups: dict[str, set[str]] = defaultdict(set)
    for r in select(GROUPS):
        groups[r["impl"]].add(f"{r['printed']} ({r['role']})")
    facts.groups = {impl: sorted(names, key=str.casefold) for impl, names in sorted(groups.items())}
    for r in select(SOURCE_TITLE):
        if r["title"]:
            facts.title = f"{r['title']} ({r['issued']})" if r["issued"] else r["title"]
    return facts
