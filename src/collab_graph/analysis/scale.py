"""The compiled engine for large networks: python-igraph where networkx is slow.

Networks of up to :data:`SCALE_LIMIT` organisations (the real graph has a few hundred) stay on
networkx, exact, so their answers never change. Above it, community detection (Louvain as
igraph's multilevel algorithm, greedy modularity as igraph's fast-greedy CNM, label
propagation) and betweenness run in igraph's C core. igraph draws its random numbers from a
``random.Random(seed)`` set for the call, so a seed gives the same clusters every run.
Betweenness above the limit is *sampled*: from ``samples`` seeded source organisations to every
organisation, scaled by n / samples as networkx's ``k`` estimate is (stated in the outputs).
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import igraph as ig
    import networkx as nx

SCALE_LIMIT = 2000
IGRAPH_METHODS = ("louvain", "greedy", "label-propagation")


def use_igraph(graph: nx.Graph) -> bool:
    """True when ``graph`` is large enough for the compiled engine (more than :data:`SCALE_LIMIT` nodes)."""
    return graph.number_of_nodes() > SCALE_LIMIT


def to_igraph(graph: nx.Graph) -> tuple[list[str], ig.Graph]:
    """The nodes in sorted order and an undirected igraph graph on their indexes, with a ``weight`` per edge (default 1)."""
    import igraph as ig

    nodes = sorted(graph)
    index = {n: i for i, n in enumerate(nodes)}
    edges = sorted((*sorted((index[u], index[v])), w) for u, v, w in graph.edges(data="weight", default=1))
    converted = ig.Graph(n=len(nodes), edges=[(u, v) for u, v, _ in edges], directed=False)
    converted.es["weight"] = [w for _, _, w in edges]
    return nodes, converted


@contextmanager
def _seeded(seed: int) -> Iterator[None]:
    import igraph as ig

    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def communities(graph: nx.Graph, method: str, seed: int) -> tuple[list[set[str]], float]:
    """Communities of ``graph`` by ``method`` (one of :data:`IGRAPH_METHODS`) in igraph, and their weighted modularity."""
    nodes, converted = to_igraph(graph)
    with _seeded(seed):
        if method == "louvain":
            clustering = converted.community_multilevel(weights="weight")
        elif method == "greedy":
            clustering = converted.community_fastgreedy(weights="weight").as_clustering()
        elif method == "label-propagation":
            clustering = converted.community_label_propagation(weights="weight")
        else:
            raise ValueError(f"unknown clustering method {method!r} (choose from {', '.join(IGRAPH_METHODS)})")
    groups: dict[int, set[str]] = {}
    for index, number in enumerate(clustering.membership):
        groups.setdefault(number, set()).add(nodes[index])
    return list(groups.values()), modularity(converted, clustering.membership)


def modularity(converted: ig.Graph, membership: Iterable[int]) -> float:
    """Weighted modularity (resolution 1) of a membership list on an igraph graph."""
    return float(converted.modularity(list(membership), weights="weight"))


def sampled_betweenness(graph: nx.Graph, samples: int, seed: int) -> dict[str, float]:
    """Normalised betweenness (hops) estimated from ``samples`` seeded sources, networkx's scale.

    The sources are ``random.Random(seed).sample`` of the sorted nodes; with ``samples`` >= the
    node count the answer is exact.
    """
    nodes, converted = to_igraph(graph)
    n = len(nodes)
    if n <= 2:
        return dict.fromkeys(nodes, 0.0)
    if samples >= n:
        raw = converted.betweenness(directed=False)
        scale = 2 / ((n - 1) * (n - 2))  # igraph counts each unordered pair once, networkx twice
    else:
        sources = sorted(random.Random(seed).sample(range(n), samples))
        raw = converted.betweenness(directed=False, sources=sources, targets=None)
        scale = 2 / ((n - 1) * (n - 2)) * n / samples  # each source-target path counted once, as exact is
    return {node: value * scale for node, value in zip(nodes, raw, strict=True)}
