"""Extract what the network analysis needs from the graph, by SPARQL through :mod:`collab_graph.store`.

Three queries: who takes part in which implementation (with its initiative, theme, area and
status); what each partner is (label, kind, sector, area); and which areas lie within which.
Everything downstream is pure Python over the returned :class:`Extract`.

>>> from rdflib import Graph, URIRef
>>> extract = extract_partnerships(Graph())
>>> extract.partnerships, extract.partners
([], {})
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef

from ..common.namespaces import CG, prefix_block, slug_of, takes_part
from ..store import DEFAULT_STORE, StoreConfig, Table, open_store

PARTNERSHIPS = """
SELECT ?impl ?implLabel ?initiative ?initiativeLabel ?theme ?themeLabel ?area ?areaLabel ?status ?partner WHERE {
  ?impl a cg:Implementation ; cg:implements ?initiative .
  TAKES_PART
  OPTIONAL { ?impl skos:prefLabel ?implLabel }
  OPTIONAL { ?initiative skos:prefLabel ?initiativeLabel }
  OPTIONAL { ?initiative cg:theme ?theme . OPTIONAL { ?theme skos:prefLabel ?themeLabel } }
  OPTIONAL { ?impl cg:area ?area . OPTIONAL { ?area skos:prefLabel ?areaLabel } }
  OPTIONAL { ?impl cg:status ?status }
}
"""

PARTNERS = """
SELECT DISTINCT ?partner ?label ?kind ?sector ?sectorLabel ?area ?areaLabel WHERE {
  ?impl a cg:Implementation .
  TAKES_PART
  OPTIONAL { ?partner skos:prefLabel ?label }
  OPTIONAL { ?partner a ?kind . FILTER(STRSTARTS(STR(?kind), STR(cg:))) }
  OPTIONAL { ?partner cg:sector ?sector . OPTIONAL { ?sector skos:prefLabel ?sectorLabel } }
  OPTIONAL { ?partner cg:area ?area . OPTIONAL { ?area skos:prefLabel ?areaLabel } }
}
"""

WITHIN = """
SELECT DISTINCT ?area ?larger WHERE { ?area cg:within+ ?larger }
"""

GOVERNANCE_BODY = "governance-body"


@dataclass(frozen=True, order=True)
class Partnership:
    """One partner of one implementation, with the implementation's context (IRIs as strings)."""

    implementation: str
    partner: str
    implementation_label: str
    initiative: str
    initiative_label: str
    theme: str
    theme_label: str
    area: str
    area_label: str
    status: str


@dataclass(frozen=True)
class Partner:
    """An organisation (or governance body) that is a partner in at least one implementation.

    ``sector`` is the sector's notation (``police``, ``fire``, ``ambulance`` ...), or
    ``governance-body`` for a body, which has no sector; ``""`` where unknown.
    """

    iri: str
    label: str
    kind: str
    sector: str
    sector_label: str
    area: str
    area_label: str


@dataclass
class Extract:
    """Everything the analysis reads from the graph."""

    partnerships: list[Partnership] = field(default_factory=list)
    partners: dict[str, Partner] = field(default_factory=dict)
    within: dict[str, frozenset[str]] = field(default_factory=dict)


def extract_partnerships(graph: Graph, store: str | StoreConfig = DEFAULT_STORE) -> Extract:
    """Run the three extraction queries on ``graph`` in the named store (``oxigraph``, ``rdflib`` or a StoreConfig)."""
    db = open_store(store, graph)
    partnerships = sorted({_partnership(r) for r in _select(db.query(prefix_block() + PARTNERSHIPS.replace("TAKES_PART", takes_part())))})
    partners: dict[str, Partner] = {}
    for r in sorted(
        _select(db.query(prefix_block() + PARTNERS.replace("TAKES_PART", takes_part()))), key=lambda r: tuple(sorted(r.items()))
    ):
        partner = _partner(r)
        known = partners.get(partner.iri)
        # several kind classes (e.g. a subclass declared twice): keep the first in IRI order, deterministically
        if known is None or (known.kind, known.sector, known.area) > (partner.kind, partner.sector, partner.area):
            partners[partner.iri] = partner
    within: dict[str, set[str]] = {}
    for r in _select(db.query(prefix_block() + WITHIN)):
        within.setdefault(r["area"], set()).add(r["larger"])
    return Extract(partnerships, dict(sorted(partners.items())), {a: frozenset(b) for a, b in sorted(within.items())})


def _select(result: object) -> list[dict[str, str]]:
    assert isinstance(result, Table)
    return result.texts()


def _partnership(r: dict[str, str]) -> Partnership:
    return Partnership(
        implementation=r["impl"],
        partner=r["partner"],
        implementation_label=r["implLabel"] or slug_of_or_blank(r["impl"]),
        initiative=r["initiative"],
        initiative_label=r["initiativeLabel"] or slug_of_or_blank(r["initiative"]),
        theme=r["theme"],
        theme_label=r["themeLabel"] or slug_of_or_blank(r["theme"]),
        area=r["area"],
        area_label=r["areaLabel"] or slug_of_or_blank(r["area"]),
        status=slug_of_or_blank(r["status"]),
    )


def _partner(r: dict[str, str]) -> Partner:
    kind = r["kind"][len(str(CG)) :] if r["kind"] else ""
    if kind == "GovernanceBody" and not r["sector"]:
        sector, sector_label = GOVERNANCE_BODY, "governance body"
    else:
        sector, sector_label = slug_of_or_blank(r["sector"]), r["sectorLabel"] or slug_of_or_blank(r["sector"])
    return Partner(
        iri=r["partner"],
        label=r["label"] or slug_of_or_blank(r["partner"]),
        kind=kind,
        sector=sector,
        sector_label=sector_label,
        area=r["area"],
        area_label=r["areaLabel"] or slug_of_or_blank(r["area"]),
    )


def slug_of_or_blank(value: str) -> str:
    """The IRI's last segment, or ``""`` for a missing value.

    >>> slug_of_or_blank("https://w3id.org/collab-graph/id/sector/fire"), slug_of_or_blank("")
    ('fire', '')
    """
    return slug_of(URIRef(value)) if value else ""
