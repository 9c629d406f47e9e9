"""Synthetic organisation-implementation networks, shaped like the real one, for tests and benchmarks.

Organisations get a sector and an area; most implementations join two to five partners from one
area, some reach across areas (like ambulance trusts and national bodies do).

>>> b = synthetic_bipartite(50, seed=1)
>>> sum(1 for _, t in b.nodes(data="type") if t == "organisation")
50
>>> synthetic_bipartite(50, seed=1).edges == b.edges
True
"""

from __future__ import annotations

import random

import networkx as nx

from .network import IMPLEMENTATION, ORGANISATION

SECTORS = (
    ("police", 0.33),
    ("fire", 0.35),
    ("ambulance", 0.07),
    ("local-government", 0.1),
    ("health", 0.05),
    ("national-body", 0.05),
    ("other", 0.05),
)
THEMES = 7
INITIATIVES = 30
ORGS_PER_AREA = 4
IMPLEMENTATIONS_PER_ORG = 0.8
CROSS_AREA_SHARE = 0.1


def synthetic_bipartite(organisations: int, seed: int = 0) -> nx.Graph:
    """A bipartite network with ``organisations`` organisation nodes (attributes as in ``network.bipartite_network``)."""
    rng = random.Random(seed)
    areas = max(1, organisations // ORGS_PER_AREA)
    graph = nx.Graph(name="organisation-implementation")
    by_area: list[list[str]] = [[] for _ in range(areas)]
    names, weights = zip(*SECTORS, strict=True)
    for i in range(organisations):
        node = f"urn:synthetic:org:{i:07d}"
        sector = rng.choices(names, weights)[0]
        area = rng.randrange(areas)
        by_area[area].append(node)
        graph.add_node(
            node,
            type=ORGANISATION,
            bipartite=0,
            label=f"Organisation {i}",
            kind="",
            sector=sector,
            sector_label=sector.replace("-", " "),
            area=f"urn:synthetic:area:{area:06d}",
            area_label=f"Area {area}",
        )
    everyone = sorted(n for group in by_area for n in group)
    for j in range(int(organisations * IMPLEMENTATIONS_PER_ORG)):
        area = rng.randrange(areas)
        size = rng.choice((2, 2, 2, 3, 3, 4, 5))
        local = by_area[area]
        pool = everyone if rng.random() < CROSS_AREA_SHARE or len(local) < size else local
        partners = rng.sample(pool, size)
        initiative = rng.randrange(INITIATIVES)
        impl = f"urn:synthetic:implementation:{j:07d}"
        graph.add_node(
            impl,
            type=IMPLEMENTATION,
            bipartite=1,
            label=f"Implementation {j}",
            initiative=f"urn:synthetic:initiative:{initiative:02d}",
            initiative_label=f"Initiative {initiative}",
            theme=f"urn:synthetic:theme:{initiative % THEMES}",
            theme_label=f"Theme {initiative % THEMES}",
            area=f"urn:synthetic:area:{area:06d}",
            area_label=f"Area {area}",
            status="live",
        )
        graph.add_edges_from((p, impl) for p in partners)
    return graph
