"""Everything a briefing report shows, read from the graph by SPARQL through :mod:`collab_graph.store`.

One pass over the whole graph (:func:`gather`) gives a :class:`Dataset`; each report then picks its
subject's rows in Python, so ``collab-graph all`` writes every area's report from one set of answers.
Source lines come from :func:`collab_graph.maps.facts.map_facts`, so a report cites exactly as the maps do.

>>> from rdflib import Graph
>>> data = gather(Graph())
>>> data.implementations, data.partners, data.issues
({}, {}, {})
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal

from rdflib import Graph

from ..common.namespaces import prefix_block, slug_of
from ..maps.facts import MapFacts, map_facts
from ..store import DEFAULT_STORE, StoreConfig, Table, open_store

IMPLEMENTATIONS = """
SELECT ?impl ?label ?initiative ?initiativeLabel ?theme ?themeLabel ?area ?areaLabel ?status ?start ?end ?localName ?printed WHERE {
  ?impl a cg:Implementation ; cg:implements ?initiative .
  OPTIONAL { ?impl skos:prefLabel ?label }
  OPTIONAL { ?initiative skos:prefLabel ?initiativeLabel }
  OPTIONAL { ?initiative cg:theme ?theme . OPTIONAL { ?theme skos:prefLabel ?themeLabel } }
  OPTIONAL { ?impl cg:area ?area . OPTIONAL { ?area skos:prefLabel ?areaLabel } }
  OPTIONAL { ?impl cg:status/skos:prefLabel ?status }
  OPTIONAL { ?impl schema:startDate ?start }
  OPTIONAL { ?impl schema:endDate ?end }
  OPTIONAL { ?impl cg:localName ?localName }
  OPTIONAL { ?impl cg:partnersAsPrinted ?printed }
}
"""

PARTNERS = """
SELECT ?impl ?partner ?lead WHERE {
  ?impl a cg:Implementation ; cg:partner ?partner .
  BIND(EXISTS { ?impl cg:lead ?partner } AS ?lead)
}
"""

# Partner groups ("some local authorities") where the graph records them (cg:partnerGroup).
GROUPS = """
SELECT ?impl ?group ?label WHERE {
  ?impl a cg:Implementation ; cg:partnerGroup ?group .
  OPTIONAL { ?group cg:printedAs ?printed } OPTIONAL { ?group skos:prefLabel ?name }
  BIND(COALESCE(?printed, ?name, STR(?group)) AS ?label)
}
"""

ORGANISATIONS = """
SELECT ?org ?label ?sector ?sectorLabel ?body ?area WHERE {
  { ?org a org:Organization } UNION { ?org a cg:GovernanceBody }
  OPTIONAL { ?org skos:prefLabel ?label }
  OPTIONAL { ?org cg:sector ?s . ?s skos:notation ?sector . OPTIONAL { ?s skos:prefLabel ?sectorLabel } }
  OPTIONAL { ?org cg:area ?area }
  BIND(EXISTS { ?org a cg:GovernanceBody } AS ?body)
}
"""

FIGURES = """
SELECT ?impl ?figure ?amount ?unit ?kind ?measure ?period ?printed ?group ?counted WHERE {
  ?impl cg:figure ?figure .
  ?figure schema:value ?amount ; cg:unit/skos:notation ?unit .
  OPTIONAL { ?figure cg:figureKind/skos:prefLabel ?kind }
  OPTIONAL { ?figure cg:measure ?measure }
  OPTIONAL { ?figure cg:period ?period }
  OPTIONAL { ?figure cg:printed ?printed }
  OPTIONAL { ?group cg:alternative ?figure . OPTIONAL { ?group cg:countedFigure ?counted } }
}
"""

AREAS = """
SELECT ?area ?label ?kind ?larger ?member WHERE {
  ?area a cg:Area .
  OPTIONAL { ?area skos:prefLabel ?label }
  OPTIONAL { ?area cg:areaKind/skos:prefLabel ?kind }
  OPTIONAL { ?area cg:within+ ?larger }
  OPTIONAL { ?area cg:covers ?member }
}
"""

# Post holders printed under an area: a post serving it, or printed inside the area's Service Information lines.
AREA_POSTS = """
SELECT DISTINCT ?area ?post ?org ?first ?last WHERE {
  ?post a org:Post ; org:postIn ?org .
  {
    ?post cg:servesArea|cg:area ?area .
    OPTIONAL { ?post prov:wasDerivedFrom ?pe . ?pe cg:lineStart ?first ; cg:lineEnd ?last }
  } UNION {
    ?area a cg:Area ; prov:wasDerivedFrom ?ae .
    ?ae cg:section ?section ; cg:lineStart ?areaFirst ; cg:lineEnd ?areaLast .
    FILTER(STRENDS(STR(?section), "/service-information"))
    ?post prov:wasDerivedFrom ?pe . ?pe cg:lineStart ?first ; cg:lineEnd ?last .
    FILTER(?first >= ?areaFirst && ?last <= ?areaLast)
  }
}
"""

POSTS = """
SELECT ?post ?org ?role ?holder ?note ?party WHERE {
  ?post a org:Post ; org:postIn ?org .
  OPTIONAL { ?post org:role/skos:prefLabel ?role }
  OPTIONAL { ?post org:heldBy/foaf:name ?holder }
  OPTIONAL { ?post skos:note ?note }
  OPTIONAL { ?post cg:party ?party }
}
"""

GOVERNED = "SELECT ?org ?authority WHERE { ?org cg:governedBy ?authority }"

ISSUES = "SELECT ?node ?issue WHERE { ?node cg:sourceIssue ?issue }"


@dataclass(frozen=True, order=True)
class Figure:
    """A figure of an implementation: ``amount`` in ``unit`` (a unit notation: GBP, GBP-per-year, count, percent ...).

    ``kind``: reported, estimated, target or anticipated. ``alternative_of``: the counted figure of its
    group of alternatives when this one is an alternative that totals never add ("" otherwise).
    """

    source: str
    iri: str
    amount: Decimal
    unit: str
    kind: str
    measure: str
    period: str
    printed: str
    alternative_of: str = ""


@dataclass(frozen=True)
class Organisation:
    """A partner: label, sector notation (``police``, ``fire`` ... or ``governance-body``) and sector label."""

    iri: str
    label: str
    sector: str
    sector_label: str
    area: str = ""


@dataclass
class Implementation:
    """One collaboration (an initiative in an area) with its partners, figures and source lines."""

    iri: str
    label: str
    initiative: str
    initiative_label: str
    theme: str
    theme_label: str
    area: str
    area_label: str
    status: str
    start: str
    end: str
    local_name: str
    partners_as_printed: str
    partners: list[str] = field(default_factory=list)
    leads: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Row:
    """One collaboration in a report: the implementation, and ``joint`` when it counts there as a joint area's."""

    implementation: Implementation
    joint: bool = False


@dataclass(frozen=True, order=True)
class Post:
    """A post holder as a report prints it: organisation, role, holder, note, party and where the source says it."""

    organisation: str
    role: str
    holder: str
    note: str
    party: str
    source: str
    iri: str = ""


@dataclass
class Dataset:
    """The whole graph as the reports need it (IRIs as strings; every list sorted)."""

    implementations: dict[str, Implementation] = field(default_factory=dict)
    partners: dict[str, Organisation] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    area_labels: dict[str, str] = field(default_factory=dict)
    area_kinds: dict[str, str] = field(default_factory=dict)
    larger: dict[str, set[str]] = field(default_factory=dict)
    members: dict[str, set[str]] = field(default_factory=dict)
    area_posts: dict[str, list[Post]] = field(default_factory=dict)
    posts: dict[str, list[Post]] = field(default_factory=dict)
    governed_by: dict[str, list[str]] = field(default_factory=dict)
    issues: dict[str, list[str]] = field(default_factory=dict)
    facts: MapFacts = field(default_factory=MapFacts)

    def reach(self, area: str) -> dict[str, bool]:
        """The areas an implementation located in ``area`` counts for -> True when only as a joint area's member.

        An area counts for itself, every larger area it lies within, and (joint) every member it covers
        and the areas those lie within.
        """
        reached = {area: False} | dict.fromkeys(self.larger.get(area, ()), False)
        for member in sorted(self.members.get(area, ())):
            for other in [member, *sorted(self.larger.get(member, ()))]:
                reached.setdefault(other, True)
        return reached


def gather(graph: Graph, store: str | StoreConfig = DEFAULT_STORE) -> Dataset:
    """Run the report queries on ``graph`` (the compiled collab-graph graph) in ``store``."""
    db = open_store(store, graph)

    def select(query: str) -> list[dict[str, str]]:
        result = db.query(prefix_block() + query)
        assert isinstance(result, Table)
        return result.texts()

    data = Dataset(facts=map_facts(graph, store))
    for r in select(ORGANISATIONS):
        sector, sector_label = r["sector"], r["sectorLabel"] or r["sector"]
        if not sector and r["body"] == "true":
            sector, sector_label = "governance-body", "joint body"
        data.organisations[r["org"]] = Organisation(r["org"], r["label"] or slug_of_text(r["org"]), sector, sector_label, r["area"])
    for r in select(IMPLEMENTATIONS):
        data.implementations[r["impl"]] = Implementation(
            r["impl"],
            r["label"] or slug_of_text(r["impl"]),
            r["initiative"],
            r["initiativeLabel"] or slug_of_text(r["initiative"]),
            r["theme"],
            r["themeLabel"] or slug_of_text(r["theme"]),
            r["area"],
            r["areaLabel"] or slug_of_text(r["area"]),
            r["status"],
            r["start"],
            r["end"],
            r["localName"],
            r["printed"],
            sources=data.facts.sources.get(r["impl"], []),
        )
    for r in select(PARTNERS):
        impl = data.implementations.get(r["impl"])
        if impl is None:
            continue
        impl.partners.append(r["partner"])
        if r["lead"] == "true":
            impl.leads.append(r["partner"])
        data.partners[r["partner"]] = data.organisations.get(r["partner"]) or Organisation(r["partner"], slug_of_text(r["partner"]), "", "")
    for r in select(GROUPS):
        if r["impl"] in data.implementations:
            data.implementations[r["impl"]].groups.append(r["label"])
    for r in select(FIGURES):
        if r["impl"] in data.implementations:
            counted = r["counted"] if r["group"] and r["counted"] and r["counted"] != r["figure"] else ""
            data.implementations[r["impl"]].figures.append(
                Figure(
                    data.facts.source(r["figure"]),
                    r["figure"],
                    Decimal(r["amount"]),
                    r["unit"],
                    r["kind"],
                    r["measure"],
                    r["period"],
                    r["printed"],
                    counted,
                )
            )
    for impl in data.implementations.values():
        label = {p: data.partners[p].label.casefold() for p in impl.partners}
        impl.partners = sorted(set(impl.partners), key=lambda p: (label[p], p))
        impl.leads = sorted(set(impl.leads), key=lambda p: (label[p], p))
        impl.groups = sorted(set(impl.groups), key=str.casefold)
        impl.figures = sorted(set(impl.figures), key=lambda f: (_first_line(f.source), f.iri))
    _areas(data, select)
    _posts(data, select)
    issues: dict[str, set[str]] = defaultdict(set)
    for r in select(ISSUES):
        issues[r["node"]].add(r["issue"])
    data.issues = {node: sorted(texts) for node, texts in sorted(issues.items())}
    return data


def _areas(data: Dataset, select) -> None:  # type: ignore[no-untyped-def]
    larger: dict[str, set[str]] = defaultdict(set)
    members: dict[str, set[str]] = defaultdict(set)
    for r in select(AREAS):
        data.area_labels[r["area"]] = r["label"] or slug_of_text(r["area"])
        data.area_kinds[r["area"]] = r["kind"] or "area"
        if r["larger"]:
            larger[r["area"]].add(r["larger"])
        if r["member"]:
            members[r["area"]].add(r["member"])
    data.larger, data.members = dict(larger), dict(members)


def _posts(data: Dataset, select) -> None:  # type: ignore[no-untyped-def]
    posts: dict[str, Post] = {}
    for r in select(POSTS):
        organisation = data.organisations.get(r["org"])
        posts[r["post"]] = Post(
            organisation.label if organisation else slug_of_text(r["org"]),
            r["role"],
            r["holder"],
            r["note"],
            r["party"],
            data.facts.source(r["post"]),
            r["post"],
        )
    by_org: dict[str, set[Post]] = defaultdict(set)
    for r in select(POSTS):
        by_org[r["org"]].add(posts[r["post"]])
    data.posts = {org: sorted(found) for org, found in sorted(by_org.items())}
    by_area: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for r in select(AREA_POSTS):
        lines = ""
        if r["first"]:
            lines = f"line {r['first']}" if r["first"] == r["last"] else f"lines {r['first']}–{r['last']}"
        by_area[r["area"]][r["post"]].add(lines)
    for area, found in by_area.items():
        chosen = []
        for post, lines in found.items():
            where = "; ".join(sorted(x for x in lines if x)) or posts[post].source
            chosen.append(replace(posts[post], source=where if "·" in where else f"{where} · Service Information"))
        data.area_posts[area] = sorted(chosen)
    governed: dict[str, set[str]] = defaultdict(set)
    for r in select(GOVERNED):
        governed[r["org"]].add(r["authority"])
    data.governed_by = {org: sorted(found) for org, found in sorted(governed.items())}


def _first_line(source: str) -> int:
    """The first line number a provenance string cites (0 when none).

    >>> _first_line("lines 2279–2304 · Joint Control Rooms"), _first_line("no provenance")
    (2279, 0)
    """
    for word in source.replace("–", " ").split():
        if word.isdigit():
            return int(word)
    return 0


def slug_of_text(value: str) -> str:
    """The IRI's last segment (for a node without a label)."""
    from rdflib import URIRef

    return slug_of(URIRef(value)) if value else ""
