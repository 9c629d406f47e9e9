"""The scores and brokers of a large network as array code: the answers of :mod:`.ranking`, sooner.

:func:`collab_graph.analysis.ranking.rank` and :func:`~collab_graph.analysis.ranking.brokers`
loop over nodes in Python and ask networkx for articulation points and components; above
:data:`~collab_graph.analysis.scale.SCALE_LIMIT` organisations the pipeline calls these instead:
the same measures (every one exact) counted with numpy over the :class:`~collab_graph.analysis.scale.Indexed`
edge arrays, articulation points and components from igraph. ``tests/analysis/test_scale_paths.py``
checks they equal the networkx path's answers.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping

import networkx as nx
import numpy as np

from .ranking import Broker, Score, brokers, power_iteration
from .scale import Indexed, seeded


def _codes(values: list[object]) -> np.ndarray:
    """Each value's code: 0 for a blank (falsy) value, else 1, 2 ... in order first met."""
    numbers: dict[object, int] = {}
    return np.array([numbers.setdefault(v, len(numbers) + 1) if v else 0 for v in values], dtype=np.int64).reshape(-1)


def _per_node(indexed: Indexed, per_edge: np.ndarray) -> np.ndarray:
    """Sum of a per-edge count over each node's edges (both ends), as int64."""
    size = len(indexed.nodes)
    return (np.bincount(indexed.u, weights=per_edge, minlength=size) + np.bincount(indexed.v, weights=per_edge, minlength=size)).astype(
        np.int64
    )


def _distinct(owner: np.ndarray, value: np.ndarray, size: int) -> np.ndarray:
    """How many distinct ``value`` codes each owner 0..size-1 has among the (owner, value) pairs."""
    if not len(owner):
        return np.zeros(size, dtype=np.int64)
    pairs = np.unique(owner * (int(value.max()) + 1) + value)
    return np.bincount(pairs // (int(value.max()) + 1), minlength=size)


def _implementations(indexed: Indexed, bipartite: nx.Graph) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per organisation: implementations with another partner, their distinct initiatives and themes."""
    size = len(indexed.nodes)
    degree = dict(bipartite.degree())
    adjacency = bipartite.adj
    owners: list[int] = []
    impls: list[str] = []
    for i, node in enumerate(indexed.nodes):
        if node in adjacency:
            shared = [impl for impl in adjacency[node] if degree[impl] > 1]
            owners += [i] * len(shared)
            impls += shared
    owner = np.array(owners, dtype=np.int64)
    initiative_of, theme_of = dict(bipartite.nodes(data="initiative")), dict(bipartite.nodes(data="theme"))
    initiative = _codes([(1, initiative_of[i]) for i in impls])
    theme = _codes([(1, theme_of[i]) for i in impls])
    return np.bincount(owner, minlength=size), _distinct(owner, initiative, size), _distinct(owner, theme, size)


def _outside_area(indexed: Indexed, areas: list[str], within: Mapping[str, frozenset[str]]) -> np.ndarray:
    """Per node: partners whose area neither equals, contains nor lies within its own (see ``ranking._outside``)."""
    code = _codes(areas)
    known = {a: int(c) for a, c in zip(areas, code.tolist(), strict=True) if c}
    span = max(known.values(), default=0) + 1
    related = {known[a] * span + known[b] for a, larger in within.items() if a in known for b in larger if b in known}
    related |= {(k % span) * span + k // span for k in related}
    a, b = code[indexed.u], code[indexed.v]
    inside = np.isin(a * span + b, np.array(sorted(related), dtype=np.int64))
    return _per_node(indexed, ((a != 0) & (b != 0) & (a != b) & ~inside).astype(np.float64))


#: Components larger than this get their eigenvector centrality from igraph (ARPACK), not power iteration.
ARPACK_COMPONENT = 100


def eigenvector_at_scale(indexed: Indexed, *, tol: float = 1e-10, max_iter: int = 100_000) -> dict[str, float]:
    """:func:`collab_graph.analysis.ranking.eigenvector_centrality` of a large network (the same measure, per component).

    Components of more than :data:`ARPACK_COMPONENT` organisations are solved by igraph's ARPACK
    eigensolver: power iteration needs thousands of rounds on a large component whose top two
    eigenvalues lie close (about 2,000 at 10,000 organisations), ARPACK solves it to machine
    precision in milliseconds. The values agree with power iteration's to about 1e-7 (its
    stopping rule, steps under ``tol``, leaves that much). Smaller components keep power iteration
    (raises ``nx.PowerIterationFailedConvergence`` after ``max_iter`` rounds). Returns node -> score
    in 0..1, the top member of each component 1, an organisation without partners 0.
    """
    nodes, size = indexed.nodes, len(indexed.nodes)
    x = np.zeros(size)
    if not len(indexed.u):
        return dict.fromkeys(nodes, 0.0)
    converted = indexed.igraph
    component = np.array(converted.connected_components().membership, dtype=np.int64)
    sizes = np.bincount(component)
    for number in np.flatnonzero(sizes > ARPACK_COMPONENT).tolist():
        members = np.flatnonzero(component == number)
        with seeded(0), warnings.catch_warnings():  # ARPACK starts from a random vector: a fixed one repeats the last digits
            warnings.filterwarnings("ignore", "Some eigenvector centralities are nearly zero", RuntimeWarning)  # far ends of long chains
            values = np.array(converted.induced_subgraph(members.tolist()).eigenvector_centrality(weights="weight"))
        x[members] = values / values.max()
    small = sizes[component] <= ARPACK_COMPONENT
    edges = small[indexed.u]  # both ends lie in one component
    if edges.any():
        keep = np.flatnonzero(small)
        position = np.full(size, -1, dtype=np.int64)
        position[keep] = np.arange(len(keep))
        x[keep] = power_iteration(
            position[indexed.u[edges]],
            position[indexed.v[edges]],
            indexed.weight[edges].astype(np.float64),
            component[keep],
            tol=tol,
            max_iter=max_iter,
        )
    return {node: float(x[i]) for i, node in enumerate(nodes)}


def scores_at_scale(
    graph: nx.Graph,
    bipartite: nx.Graph,
    within: Mapping[str, frozenset[str]],
    indexed: Indexed,
    betweenness: Mapping[str, float],
    eigenvector: Mapping[str, float],
) -> list[Score]:
    """:func:`collab_graph.analysis.ranking.rank` of ``graph`` (converted as ``indexed``) with the given
    betweenness and eigenvector: the same list of :class:`Score`, ranked, computed with arrays."""
    nodes, size = indexed.nodes, len(indexed.nodes)
    attributes = [graph.nodes[n] for n in nodes]
    sectors = [d.get("sector", "") for d in attributes]
    own_areas = [d.get("area", "") for d in attributes]
    sector = _codes(sectors)
    s_u, s_v = sector[indexed.u], sector[indexed.v]
    cross = _per_node(indexed, ((s_u != 0) & (s_v != 0) & (s_u != s_v)).astype(np.float64))
    partners = _per_node(indexed, np.ones(len(indexed.u)))
    weighted = np.zeros(size, dtype=indexed.weight.dtype)
    np.add.at(weighted, indexed.u, indexed.weight)
    np.add.at(weighted, indexed.v, indexed.weight)
    implementations, initiatives, themes = _implementations(indexed, bipartite)
    outside = _outside_area(indexed, own_areas, within)
    cut_vertices = set(indexed.igraph.articulation_points())
    labels = [d.get("label", n) for d, n in zip(attributes, nodes, strict=True)]
    partners_l, initiatives_l, weighted_l = partners.tolist(), initiatives.tolist(), [int(w) for w in weighted.tolist()]
    order = sorted(range(size), key=lambda i: (-partners_l[i], -initiatives_l[i], -weighted_l[i], labels[i], nodes[i]))
    implementations_l, themes_l, cross_l, outside_l = implementations.tolist(), themes.tolist(), cross.tolist(), outside.tolist()
    return [
        Score(
            iri=nodes[i],
            label=labels[i],
            sector=sectors[i],
            sector_label=attributes[i].get("sector_label", ""),
            area_label=attributes[i].get("area_label", ""),
            rank=number,
            partners=partners_l[i],
            implementations=implementations_l[i],
            initiatives=initiatives_l[i],
            themes=themes_l[i],
            cross_sector=cross_l[i],
            outside_area=outside_l[i] if own_areas[i] else None,
            weighted_degree=weighted_l[i],
            betweenness=betweenness.get(nodes[i], 0.0),
            eigenvector=eigenvector.get(nodes[i], 0.0),
            articulation_point=i in cut_vertices,
        )
        for number, i in enumerate(order, 1)
    ]


def brokers_at_scale(indexed: Indexed, scores: list[Score], top: int = 10) -> list[Broker]:
    """:func:`collab_graph.analysis.ranking.brokers`, the cut-off counts from igraph's components."""
    return brokers(None, scores, top, cut=lambda iri: cut_off_at_scale(indexed, iri))


def cut_off_at_scale(indexed: Indexed, node: str) -> int:
    """:func:`collab_graph.analysis.ranking.cut_off` in igraph: organisations separated from the largest
    remaining piece of ``node``'s component when it goes."""
    converted, i = indexed.igraph, indexed.index[node]
    rest = [c for c in converted.subcomponent(i) if c != i]
    pieces = sorted(converted.induced_subgraph(rest).connected_components().sizes(), reverse=True)
    return sum(pieces[1:])
