"""Partnership clusters: community detection on the collaboration network (pure functions).

Three methods, all on the weighted network (weight = shared implementations):
``louvain`` (fixed seed), ``greedy`` (Clauset-Newman-Moore greedy modularity, deterministic) and
``label-propagation`` (asynchronous, fixed seed). Above :data:`~collab_graph.analysis.scale.SCALE_LIMIT`
organisations they run in igraph (:mod:`collab_graph.analysis.scale`; ``engine`` says which, and
:func:`method_label` describes them: label propagation there is igraph's *fast* variant). Cluster numbers are stable: clusters are
numbered from 1 by size (largest first), ties broken by their smallest member IRI.

>>> import networkx as nx
>>> g = nx.Graph()
>>> g.add_weighted_edges_from([("a", "b", 3), ("b", "c", 2), ("a", "c", 1), ("c", "d", 1), ("d", "e", 2), ("e", "f", 3), ("d", "f", 1)])
>>> c = detect(g, "louvain", seed=1)
>>> c.clusters
(('a', 'b', 'c'), ('d', 'e', 'f'))
>>> c.membership["e"], round(c.modularity, 4)
(2, 0.4231)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import networkx as nx

from .scale import Indexed, communities, use_igraph

DEFAULT_SEED = 42
DEFAULT_METHOD = "louvain"


def _louvain(graph: nx.Graph, seed: int) -> Iterable[Iterable[str]]:
    return nx.community.louvain_communities(graph, weight="weight", seed=seed)


def _greedy(graph: nx.Graph, seed: int) -> Iterable[Iterable[str]]:
    return nx.community.greedy_modularity_communities(graph, weight="weight")


def _label_propagation(graph: nx.Graph, seed: int) -> Iterable[Iterable[str]]:
    return nx.community.asyn_lpa_communities(graph, weight="weight", seed=seed)


METHODS: dict[str, Callable[[nx.Graph, int], Iterable[Iterable[str]]]] = {
    "louvain": _louvain,
    "greedy": _greedy,
    "label-propagation": _label_propagation,
}

METHOD_LABELS = {
    "louvain": "Louvain (modularity optimisation, seeded)",
    "greedy": "greedy modularity (Clauset-Newman-Moore)",
    "label-propagation": "asynchronous label propagation (seeded)",
}

#: How the methods are described when they run in igraph, above :data:`~collab_graph.analysis.scale.SCALE_LIMIT` organisations.
IGRAPH_METHOD_LABELS = {
    "louvain": "Louvain (modularity optimisation, seeded; igraph multilevel)",
    "greedy": "greedy modularity (Clauset-Newman-Moore; igraph fast-greedy)",
    "label-propagation": "fast label propagation (Traag and Subelj 2023, seeded; igraph)",
}


def method_label(method: str, engine: str = "networkx") -> str:
    """How a clustering method is described in the outputs, given the engine that ran it (``networkx`` or ``igraph``).

    >>> method_label("label-propagation"), method_label("label-propagation", "igraph")
    ('asynchronous label propagation (seeded)', 'fast label propagation (Traag and Subelj 2023, seeded; igraph)')
    """
    return (IGRAPH_METHOD_LABELS if engine == "igraph" else METHOD_LABELS)[method]


@dataclass(frozen=True)
class Clustering:
    """A partition of the collaboration network: ``clusters[k - 1]`` is cluster number ``k``."""

    method: str
    seed: int
    clusters: tuple[tuple[str, ...], ...]
    modularity: float
    membership: dict[str, int] = field(compare=False, repr=False)
    engine: str = "networkx"


def number_clusters(communities: Iterable[Iterable[str]]) -> tuple[tuple[str, ...], ...]:
    """Sort communities into stable order: largest first, then by smallest member.

    >>> number_clusters([{"x", "y"}, {"b"}, {"a", "c", "d"}, {"c2", "a2"}])
    (('a', 'c', 'd'), ('a2', 'c2'), ('x', 'y'), ('b',))
    """
    parts = [tuple(sorted(c)) for c in communities if c]
    return tuple(sorted(parts, key=lambda c: (-len(c), c[0])))


def detect(graph: nx.Graph, method: str = DEFAULT_METHOD, seed: int = DEFAULT_SEED, indexed: Indexed | None = None) -> Clustering:
    """Partition ``graph`` with ``method``; isolated nodes become clusters of their own.

    ``indexed``: ``graph`` converted by :func:`~collab_graph.analysis.scale.to_indexed`, reused at scale.
    """
    try:
        algorithm = METHODS[method]
    except KeyError:
        raise ValueError(f"unknown clustering method {method!r} (choose from {', '.join(METHODS)})") from None
    engine = "networkx"
    if graph.number_of_edges() == 0:
        clusters = number_clusters([{n} for n in graph])
        modularity = 0.0
    elif use_igraph(graph):
        groups, modularity = communities(graph, method, seed, indexed)
        clusters, engine = number_clusters(groups), "igraph"
    else:
        nodes, indexed = _indexed(graph)
        clusters = number_clusters({nodes[i] for i in community} for community in algorithm(indexed, seed))
        modularity = nx.community.modularity(graph, [set(c) for c in clusters], weight="weight")
    membership = {node: number for number, members in enumerate(clusters, 1) for node in members}
    return Clustering(method, seed, clusters, modularity, membership, engine)


def _indexed(graph: nx.Graph) -> tuple[list[str], nx.Graph]:
    """The graph relabelled 0..n-1 in sorted node order, edges sorted.

    The algorithms iterate over sets of nodes; integer nodes make that order independent of
    Python's string hashing, so a seed gives the same clusters in every process.
    """
    nodes = sorted(graph)
    index = {n: i for i, n in enumerate(nodes)}
    indexed = nx.Graph()
    indexed.add_nodes_from(range(len(nodes)))
    indexed.add_weighted_edges_from(sorted((*sorted((index[u], index[v])), w) for u, v, w in graph.edges(data="weight", default=1)))
    return nodes, indexed


@dataclass(frozen=True)
class ClusterSummary:
    """What binds one cluster: its members, their sectors and areas, the initiatives inside it.

    ``internal_weight``: implementations shared by pairs of members (counted per pair);
    ``external_weight``: the same for pairs with one member outside the cluster.
    ``sectors``/``areas``/``initiatives`` are (label, count) pairs, most frequent first;
    an initiative counts the implementations joining at least two members.
    """

    method: str
    number: int
    size: int
    members: tuple[str, ...]
    member_labels: tuple[str, ...]
    sectors: tuple[tuple[str, int], ...]
    areas: tuple[tuple[str, int], ...]
    initiatives: tuple[tuple[str, int], ...]
    internal_weight: int
    external_weight: int

    @property
    def name(self) -> str:
        """How the cluster is named everywhere (notebooks, CLI, maps): its number and its members' most common area,
        e.g. ``1: Merseyside`` (``3: no area`` when most members have none)."""
        return f"{self.number}: {self.areas[0][0]}" if self.areas else str(self.number)


def summarise(graph: nx.Graph, clustering: Clustering, bipartite: nx.Graph | None = None) -> list[ClusterSummary]:
    """One summary per cluster, in cluster-number order.

    ``bipartite`` (the organisation-implementation network) names each implementation's
    initiative; without it the initiatives are left empty.
    """
    internal: Counter[int] = Counter()
    external: Counter[int] = Counter()
    impls: dict[int, set[str]] = {n: set() for n in range(1, len(clustering.clusters) + 1)}
    for u, v, data in graph.edges(data=True):
        cu, cv = clustering.membership[u], clustering.membership[v]
        weight = data.get("weight", 1)
        if cu == cv:
            internal[cu] += weight
            impls[cu].update(data.get("implementations", ()))
        else:
            external[cu] += weight
            external[cv] += weight
    summaries = []
    for number, members in enumerate(clustering.clusters, 1):
        nodes = [graph.nodes[m] for m in members]
        initiatives: Counter[str] = Counter()
        if bipartite is not None:
            initiatives.update(bipartite.nodes[i].get("initiative_label") or bipartite.nodes[i].get("initiative", i) for i in impls[number])
        summaries.append(
            ClusterSummary(
                method=clustering.method,
                number=number,
                size=len(members),
                members=members,
                member_labels=tuple(sorted(n.get("label", m) for n, m in zip(nodes, members, strict=True))),
                sectors=_ranked(Counter(n.get("sector_label") or "unknown" for n in nodes)),
                areas=_ranked(Counter(n.get("area_label") or "no area" for n in nodes)),
                initiatives=_ranked(initiatives),
                internal_weight=internal[number],
                external_weight=external[number],
            )
        )
    return summaries


def _ranked(counts: Counter[str]) -> tuple[tuple[str, int], ...]:
    return tuple(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
