"""The projection, roll-ups and cluster summaries of a large network: the answers of :mod:`.network` and
:mod:`.clusters`, sooner.

The networkx-path functions look attributes up through networkx's views one edge at a time; above
:data:`~collab_graph.analysis.scale.SCALE_LIMIT` organisations the pipeline calls these instead:
attributes read once into plain lists, pairs keyed by integers, sums by numpy over the
:class:`~collab_graph.analysis.scale.Indexed` edge arrays. They build the same networks (same nodes,
edges and attributes in the same order) and the same summaries; ``tests/analysis/test_scale_paths.py``
checks so.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import combinations

import networkx as nx
import numpy as np

from .clusters import Clustering, ClusterSummary, _ranked
from .network import IMPLEMENTATION, ORGANISATION, roll_up_groups
from .scale import Indexed

_NOT_COPIED = frozenset({"type", "bipartite"})


def collaboration_network_at_scale(bipartite: nx.Graph) -> nx.Graph:
    """:func:`collab_graph.analysis.network.collaboration_network` of ``bipartite``: the same graph."""
    graph = nx.Graph(name="organisation-collaboration")
    kinds = dict(bipartite.nodes(data="type"))
    organisations = sorted(n for n, t in kinds.items() if t == ORGANISATION)
    implementations = sorted(n for n, t in kinds.items() if t == IMPLEMENTATION)
    attributes = bipartite.nodes
    graph.add_nodes_from((n, {k: v for k, v in attributes[n].items() if k not in _NOT_COPIED}) for n in organisations)
    index = {n: i for i, n in enumerate(organisations)}
    size = len(organisations)
    shared: dict[int, list[str]] = defaultdict(list)
    adjacency = bipartite.adj
    for impl in implementations:
        for u, v in combinations(sorted(index[p] for p in adjacency[impl]), 2):
            shared[u * size + v].append(impl)
    initiative = {i: attributes[i]["initiative"] for i in implementations}
    theme = {i: attributes[i]["theme"] for i in implementations}
    alone = {i: ((initiative[i],), (theme[i],)) for i in implementations}  # most pairs share one implementation

    def edge(key: int, impls: list[str]) -> tuple[str, str, dict[str, object]]:
        if len(impls) == 1:
            initiatives, themes = alone[impls[0]]
        else:
            initiatives, themes = tuple(sorted({initiative[i] for i in impls})), tuple(sorted({theme[i] for i in impls}))
        data = {"weight": len(impls), "implementations": tuple(impls), "initiatives": initiatives, "themes": themes}
        return organisations[key // size], organisations[key % size], data

    graph.add_edges_from(edge(key, impls) for key, impls in sorted(shared.items()))
    return graph


def roll_up_at_scale(collaboration: nx.Graph, key: str, indexed: Indexed) -> nx.Graph:
    """:func:`collab_graph.analysis.network.roll_up` of ``collaboration`` (converted as ``indexed``): the same graph.

    Raises ``ValueError`` for a ``key`` other than ``area`` or ``sector``. Weights must be whole
    numbers for the sums to be the networkx path's exactly (the collaboration network's are).
    """
    graph, members, labels = roll_up_groups(collaboration, key)
    groups = sorted(members)
    number = {g: i for i, g in enumerate(groups, 1)}
    code = np.array([number.get(collaboration.nodes[n].get(key, ""), 0) for n in indexed.nodes], dtype=np.int64).reshape(-1)
    a, b = code[indexed.u], code[indexed.v]
    known = (a != 0) & (b != 0)
    same = known & (a == b)
    internal = np.zeros(len(groups) + 1, dtype=indexed.weight.dtype)
    np.add.at(internal, a[same], indexed.weight[same])
    for group in groups:
        graph.add_node(group, label=labels[group], organisations=members[group], internal_weight=_plain(internal[number[group]]))
    across = np.flatnonzero(known & (a != b))
    lo, hi = np.minimum(a[across], b[across]), np.maximum(a[across], b[across])
    pair_keys, which = np.unique(lo * (len(groups) + 1) + hi, return_inverse=True)
    weights = np.zeros(len(pair_keys), dtype=indexed.weight.dtype)
    np.add.at(weights, which, indexed.weight[across])
    pairs = np.bincount(which, minlength=len(pair_keys))
    initiatives: list[set[str]] = [set() for _ in pair_keys]
    for edge, pair in zip(across.tolist(), which.tolist(), strict=True):
        initiatives[pair].update(indexed.data[edge]["initiatives"])
    for p, pair_key in enumerate(pair_keys.tolist()):  # group codes follow the sorted names, so this is sorted pair order
        first, second = groups[pair_key // (len(groups) + 1) - 1], groups[pair_key % (len(groups) + 1) - 1]
        graph.add_edge(first, second, weight=_plain(weights[p]), pairs=int(pairs[p]), initiatives=tuple(sorted(initiatives[p])))
    return graph


def _plain(value: np.generic) -> int | float:
    """A numpy sum as the Python number the networkx path gives (int for whole weights)."""
    return value.item()  # type: ignore[no-any-return]


def summarise_at_scale(
    graph: nx.Graph, clustering: Clustering, indexed: Indexed, bipartite: nx.Graph | None = None
) -> list[ClusterSummary]:
    """:func:`collab_graph.analysis.clusters.summarise` of ``graph`` (converted as ``indexed``): the same summaries."""
    count = len(clustering.clusters)
    membership = np.array([clustering.membership[n] for n in indexed.nodes], dtype=np.int64).reshape(-1)
    cu, cv = membership[indexed.u], membership[indexed.v]
    same = cu == cv
    internal = np.zeros(count + 1, dtype=indexed.weight.dtype)
    external = np.zeros(count + 1, dtype=indexed.weight.dtype)
    np.add.at(internal, cu[same], indexed.weight[same])
    np.add.at(external, cu[~same], indexed.weight[~same])
    np.add.at(external, cv[~same], indexed.weight[~same])
    impls: list[set[str]] = [set() for _ in range(count + 1)]
    for edge, number in zip(np.flatnonzero(same).tolist(), cu[same].tolist(), strict=True):
        impls[number].update(indexed.data[edge].get("implementations", ()))
    initiative_of: dict[str, str] = {}
    if bipartite is not None:
        attributes = bipartite.nodes
        for group in impls:
            for i in group:
                if i not in initiative_of:
                    initiative_of[i] = attributes[i].get("initiative_label") or attributes[i].get("initiative", i)
    nodes = graph.nodes
    label = {n: d.get("label", n) for n, d in nodes(data=True)}
    sector = {n: d.get("sector_label") or "unknown" for n, d in nodes(data=True)}
    area = {n: d.get("area_label") or "no area" for n, d in nodes(data=True)}
    internal_l, external_l = internal.tolist(), external.tolist()
    return [
        ClusterSummary(
            method=clustering.method,
            number=number,
            size=len(members),
            members=members,
            member_labels=tuple(sorted(label[m] for m in members)),
            sectors=_ranked(Counter(sector[m] for m in members)),
            areas=_ranked(Counter(area[m] for m in members)),
            initiatives=_ranked(Counter(initiative_of[i] for i in impls[number]) if bipartite is not None else Counter()),
            internal_weight=internal_l[number],
            external_weight=external_l[number],
        )
        for number, members in enumerate(clustering.clusters, 1)
    ]
