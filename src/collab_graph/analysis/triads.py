"""Tri-service structure: police-fire-ambulance triads and how each area's blue-light services are bound.

>>> from collab_graph.analysis.network import bipartite_network, collaboration_network
>>> from collab_graph.analysis.extract import Extract, Partner, Partnership
>>> def p(impl, org, area):
...     return Partnership(impl, org, impl, "i", "I", "t", "T", area, area.title(), "live")
>>> orgs = {o: Partner(o, o.title(), "", s, s, "", "") for o, s in [("pol", "police"), ("fire", "fire"), ("amb", "ambulance"), ("pol2", "police")]}
>>> rows = [p("1", "pol", "kent"), p("1", "fire", "kent"), p("1", "amb", "kent"), p("2", "pol2", "essex"), p("2", "fire", "essex")]
>>> b = bipartite_network(Extract(rows, orgs))
>>> [(t.police_label, t.fire_label, t.ambulance_label, t.joint_implementations) for t in triads(collaboration_network(b))]
[('Pol', 'Fire', 'Amb', ('1',))]
>>> [(a.area_label, a.structure) for a in area_structure(b)]
[('Kent', 'all three bound'), ('Essex', 'pairs only: police-fire')]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import networkx as nx

from .network import implementations_of

BLUE_LIGHT = ("police", "fire", "ambulance")
PAIRS = (("police", "fire"), ("police", "ambulance"), ("fire", "ambulance"))

ALL_THREE = "all three bound"
TRIANGLE = "all three pairs, never all together"
PAIRS_ONLY = "pairs only"
NO_PAIR = "no blue-light pair"
STRUCTURE_ORDER = {ALL_THREE: 0, TRIANGLE: 1, PAIRS_ONLY: 2, NO_PAIR: 3}


@dataclass(frozen=True)
class Triad:
    """A police, a fire and an ambulance organisation that are pairwise partners.

    ``joint_implementations``: implementations naming all three; ``weights``: shared
    implementations of the police-fire, police-ambulance and fire-ambulance pairs.
    """

    police: str
    fire: str
    ambulance: str
    police_label: str
    fire_label: str
    ambulance_label: str
    joint_implementations: tuple[str, ...]
    weights: tuple[int, int, int]


def triads(graph: nx.Graph) -> list[Triad]:
    """Every police-fire-ambulance triangle of the collaboration network.

    Sorted by joint implementations, then total weight (descending), then labels.
    """
    sector = {n: graph.nodes[n].get("sector", "") for n in graph}
    found = []
    for police in sorted(n for n in graph if sector[n] == "police"):
        fires = sorted(n for n in graph[police] if sector[n] == "fire")
        ambulances = sorted(n for n in graph[police] if sector[n] == "ambulance")
        for fire in fires:
            for ambulance in ambulances:
                if not graph.has_edge(fire, ambulance):
                    continue
                edges = (graph[police][fire], graph[police][ambulance], graph[fire][ambulance])
                joint = set(edges[0].get("implementations", ()))
                for edge in edges[1:]:
                    joint &= set(edge.get("implementations", ()))
                found.append(
                    Triad(
                        police,
                        fire,
                        ambulance,
                        graph.nodes[police].get("label", police),
                        graph.nodes[fire].get("label", fire),
                        graph.nodes[ambulance].get("label", ambulance),
                        tuple(sorted(joint)),
                        (edges[0].get("weight", 1), edges[1].get("weight", 1), edges[2].get("weight", 1)),
                    )
                )
    found.sort(key=lambda t: (-len(t.joint_implementations), -sum(t.weights), t.police_label, t.fire_label, t.ambulance_label))
    return found


@dataclass(frozen=True)
class AreaStructure:
    """How the blue-light services are bound in one area's implementations.

    Counts are implementations in the area: ``tri_service`` name a police, a fire and an
    ambulance partner together; the pair counts name at least that pair. ``structure`` is
    ``all three bound``, ``all three pairs, never all together``, ``pairs only: ...`` or
    ``no blue-light pair``.
    """

    area: str
    area_label: str
    implementations: int
    tri_service: int
    police_fire: int
    police_ambulance: int
    fire_ambulance: int
    structure: str


def area_structure(bipartite: nx.Graph) -> list[AreaStructure]:
    """One row per implementation area, strongest structure first, then by tri-service count and name."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    labels: dict[str, str] = {}
    sector_of = dict(bipartite.nodes(data="sector", default=""))
    adjacency = bipartite.adj
    for impl in implementations_of(bipartite):
        data = bipartite.nodes[impl]
        area = data.get("area", "")
        if not area:
            continue
        labels[area] = data.get("area_label") or area
        sectors = {sector_of[p] for p in adjacency[impl]}
        row = counts[area]
        row["implementations"] += 1
        row["tri_service"] += all(s in sectors for s in BLUE_LIGHT)
        for a, b in PAIRS:
            row[f"{a}_{b}"] += a in sectors and b in sectors
    rows = []
    for area, row in counts.items():
        pairs = [f"{a}-{b}" for a, b in PAIRS if row[f"{a}_{b}"]]
        if row["tri_service"]:
            structure = ALL_THREE
        elif len(pairs) == len(PAIRS):
            structure = TRIANGLE
        elif pairs:
            structure = f"{PAIRS_ONLY}: {', '.join(pairs)}"
        else:
            structure = NO_PAIR
        rows.append(
            AreaStructure(
                area,
                labels[area],
                row["implementations"],
                row["tri_service"],
                row["police_fire"],
                row["police_ambulance"],
                row["fire_ambulance"],
                structure,
            )
        )
    rows.sort(key=lambda r: (STRUCTURE_ORDER[r.structure.split(":")[0]], -r.tri_service, -r.implementations, r.area_label, r.area))
    return rows
