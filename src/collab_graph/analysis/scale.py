"""The compiled engine for large networks: python-igraph where networkx is slow.

Networks of up to :data:`SCALE_LIMIT` organisations (the real graph has a few hundred) stay on
networkx, exact, so their answers never change. Above it, community detection (Louvain as
igraph's multilevel algorithm, greedy modularity as igraph's fast-greedy CNM, label
propagation as igraph's *fast* label propagation, a different variant) and betweenness run in
igraph's C core. igraph draws its random numbers from a
``random.Random(seed)`` set for the call, so a seed gives the same clusters every run.
Betweenness above the limit is *sampled*: from ``samples`` seeded source organisations to every
organisation, scaled by n / samples as networkx's ``k`` estimate is (stated in the outputs).

The network is converted once (:func:`to_indexed`): sorted nodes, sorted edge arrays and one
igraph graph, shared by every step at scale (:mod:`.scalerank`, :mod:`.scalegroups`).
"""

from __future__ import annotations

import gc
import random
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import igraph as ig
    import networkx as nx

SCALE_LIMIT = 2000
IGRAPH_METHODS = ("louvain", "greedy", "label-propagation")


def use_igraph(graph: nx.Graph) -> bool:
    """True when ``graph`` is large enough for the compiled engine (more than :data:`SCALE_LIMIT` nodes)."""
    return graph.number_of_nodes() > SCALE_LIMIT


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a bulk step, then restore it as it was.

    The analysis of 100,000 organisations makes millions of small tuples and dicts; each batch of
    them starts a collection that walks every object alive, which took a third of the projection's
    time. The results hold no reference cycles to free; reference counting frees the rest as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class Indexed:
    """A network as arrays: node ``i`` is ``nodes[i]`` (sorted); edge ``e`` joins ``u[e] < v[e]``, edges sorted by (u, v).

    ``weight[e]``: the edge's ``weight`` (default 1; int64 when every weight is whole, else float64);
    ``data[e]``: the edge's attribute dict (the network's own, not a copy). :attr:`igraph` is the
    same network in igraph, built on first use and then kept.
    """

    nodes: list[str]
    index: dict[str, int]
    u: np.ndarray
    v: np.ndarray
    weight: np.ndarray
    data: list[dict]
    _igraph: ig.Graph | None = field(default=None, repr=False)

    @property
    def igraph(self) -> ig.Graph:
        """The undirected igraph graph on the node indexes, edges in this order, with a ``weight`` per edge."""
        if self._igraph is None:
            import igraph as ig

            converted = ig.Graph(n=len(self.nodes), edges=np.column_stack([self.u, self.v]).tolist(), directed=False)
            converted.es["weight"] = self.weight.tolist()
            self._igraph = converted
        return self._igraph


def to_indexed(graph: nx.Graph) -> Indexed:
    """``graph`` as an :class:`Indexed` network (one pass over its edges)."""
    nodes = sorted(graph)
    index = {n: i for i, n in enumerate(nodes)}
    data = [d for _, _, d in graph.edges(data=True)]
    ends = np.array([(index[a], index[b]) for a, b in graph.edges()], dtype=np.int64).reshape(-1, 2)
    lo, hi = ends.min(axis=1), ends.max(axis=1)
    order = np.lexsort((hi, lo))
    weights = [d.get("weight", 1) for d in data]
    whole = all(type(w) is int for w in weights)
    weight = np.array(weights, dtype=np.int64 if whole else np.float64).reshape(-1)[order]
    return Indexed(nodes, index, lo[order], hi[order], weight, [data[e] for e in order.tolist()])


def to_igraph(graph: nx.Graph) -> tuple[list[str], ig.Graph]:
    """The nodes in sorted order and an undirected igraph graph on their indexes, with a ``weight`` per edge (default 1)."""
    indexed = to_indexed(graph)
    return indexed.nodes, indexed.igraph


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """igraph's random numbers from ``random.Random(seed)`` inside the block (so its results repeat), Python's ``random`` after."""
    import igraph as ig

    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)


def communities(graph: nx.Graph, method: str, seed: int, indexed: Indexed | None = None) -> tuple[list[set[str]], float]:
    """Communities of ``graph`` by ``method`` (one of :data:`IGRAPH_METHODS`) in igraph, and their weighted modularity.

    ``indexed``: ``graph`` already converted by :func:`to_indexed` (else it is converted here).
    """
    indexed = indexed or to_indexed(graph)
    nodes, converted = indexed.nodes, indexed.igraph
    with seeded(seed):
        if method == "louvain":
            clustering = converted.community_multilevel(weights="weight")
        elif method == "greedy":
            clustering = converted.community_fastgreedy(weights="weight").as_clustering()
        elif method == "label-propagation":
            clustering = _fast_label_propagation(converted)
        else:
            raise ValueError(f"unknown clustering method {method!r} (choose from {', '.join(IGRAPH_METHODS)})")
    groups: dict[int, set[str]] = {}
    for index, number in enumerate(clustering.membership):
        groups.setdefault(number, set()).add(nodes[index])
    return list(groups.values()), modularity(converted, clustering.membership)


def _fast_label_propagation(converted: ig.Graph) -> ig.VertexClustering:
    """igraph's *fast* label propagation (Traag & Šubelj 2023): only nodes whose neighbours changed are revisited.

    The classic asynchronous variant (networkx's, igraph's ``dominance``) took 7 to 9 seconds at
    100,000 organisations against 0.1 s, for a partition of slightly lower modularity (0.63 against
    0.66 on the synthetic network); a different algorithm, so the outputs name it.
    """
    import igraph as ig

    membership = ig.GraphBase.community_label_propagation(converted, weights="weight", variant="fast")
    return ig.VertexClustering(converted, membership)


def modularity(converted: ig.Graph, membership: Iterable[int]) -> float:
    """Weighted modularity (resolution 1) of a membership list on an igraph graph."""
    return float(converted.modularity(list(membership), weights="weight"))


def sampled_betweenness(graph: nx.Graph, samples: int, seed: int, indexed: Indexed | None = None) -> dict[str, float]:
    """Normalised betweenness (hops) estimated from ``samples`` seeded sources, networkx's scale.

    The sources are ``random.Random(seed).sample`` of the sorted nodes; with ``samples`` >= the
    node count the answer is exact. ``indexed``: ``graph`` already converted by :func:`to_indexed`.
    """
    indexed = indexed or to_indexed(graph)
    nodes, converted = indexed.nodes, indexed.igraph
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
