"""Who collaborates widely: several measures side by side, and the brokers (pure functions).

>>> import networkx as nx
>>> from collab_graph.analysis.network import bipartite_network, collaboration_network
>>> from collab_graph.analysis.extract import Extract, Partner, Partnership
>>> def p(impl, org, init="i"):
...     return Partnership(impl, org, impl, init, init, "t", "T", "", "", "live")
>>> orgs = {o: Partner(o, o, "", s, s, a, a) for o, s, a in [("pol", "police", "kent"), ("fire", "fire", "kent"), ("amb", "ambulance", "se")]}
>>> b = bipartite_network(Extract([p("1", "pol"), p("1", "fire"), p("2", "pol", "j"), p("2", "amb", "j")], orgs))
>>> scores = rank(collaboration_network(b), b)
>>> [(s.label, s.partners, s.initiatives, s.outside_area, s.articulation_point) for s in scores]
[('pol', 2, 2, 1, True), ('amb', 1, 1, 1, False), ('fire', 1, 1, 0, False)]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

import networkx as nx
import numpy as np

from .scale import Indexed, sampled_betweenness, use_igraph

EXACT_BETWEENNESS_LIMIT = 2000
BETWEENNESS_SAMPLES = 256

MEASURES: dict[str, str] = {
    "partners": "distinct organisations it shares at least one implementation with",
    "implementations": "implementations it takes part in that have at least one other partner",
    "initiatives": "distinct initiatives (kinds of collaboration) among those implementations",
    "themes": "distinct themes (of the source's seven) those initiatives belong to",
    "cross_sector": "partners from a different sector (police with fire, ambulance, councils ...)",
    "outside_area": "partners whose area neither equals, contains nor lies within its own area (blank: it has no area)",
    "weighted_degree": "sum over its partners of the implementations shared with each (repeat partnerships count)",
    "betweenness": "share of shortest partner-to-partner paths that pass through it (0-1): a broker between groups",
    "eigenvector": "high when its partners are themselves well connected (weighted, within its connected group; 1 = the group's most central member)",
    "articulation_point": "removing it splits its part of the network: some organisations reach the rest only through it",
}


@dataclass(frozen=True)
class Score:
    """The collaboration measures of one organisation (see :data:`MEASURES`), with its rank (1 = widest)."""

    iri: str
    label: str
    sector: str
    sector_label: str
    area_label: str
    rank: int
    partners: int
    implementations: int
    initiatives: int
    themes: int
    cross_sector: int
    outside_area: int | None
    weighted_degree: int
    betweenness: float
    eigenvector: float
    articulation_point: bool


def rank(
    graph: nx.Graph,
    bipartite: nx.Graph,
    within: Mapping[str, frozenset[str]] | None = None,
    *,
    seed: int = 42,
    betweenness_samples: int | None = None,
    backend: str | None = None,
    betweenness: Mapping[str, float] | None = None,
    eigenvector: Mapping[str, float] | None = None,
) -> list[Score]:
    """Score every organisation of the collaboration network ``graph`` and rank them.

    Order: distinct partners, then distinct initiatives, then weighted degree (all descending),
    then label. ``within`` maps an area IRI to the larger areas containing it (for
    ``outside_area``). Betweenness is exact up to :data:`EXACT_BETWEENNESS_LIMIT` nodes, else
    estimated from ``betweenness_samples`` (default :data:`BETWEENNESS_SAMPLES`) seeded sources;
    ``backend`` names a networkx dispatch backend (e.g. ``parallel``) for betweenness. ``betweenness`` and ``eigenvector`` may be given precomputed.
    """
    within = within or {}
    if betweenness is None:
        betweenness = betweenness_centrality(graph, seed=seed, samples=betweenness_samples, backend=backend)
    if eigenvector is None:
        eigenvector = eigenvector_centrality(graph)
    cut_vertices = set(nx.articulation_points(graph))
    scores = []
    for node in graph:
        data = graph.nodes[node]
        partners = list(graph[node])
        impls = [i for i in bipartite[node] if bipartite.degree(i) > 1] if node in bipartite else []
        own_sector, own_area = data.get("sector", ""), data.get("area", "")
        cross = sum(1 for p in partners if own_sector and graph.nodes[p].get("sector") and graph.nodes[p]["sector"] != own_sector)
        outside = sum(1 for p in partners if _outside(own_area, graph.nodes[p].get("area", ""), within)) if own_area else None
        scores.append(
            Score(
                iri=node,
                label=data.get("label", node),
                sector=own_sector,
                sector_label=data.get("sector_label", ""),
                area_label=data.get("area_label", ""),
                rank=0,
                partners=len(partners),
                implementations=len(impls),
                initiatives=len({bipartite.nodes[i].get("initiative") for i in impls}),
                themes=len({bipartite.nodes[i].get("theme") for i in impls}),
                cross_sector=cross,
                outside_area=outside,
                weighted_degree=int(sum(d.get("weight", 1) for _, _, d in graph.edges(node, data=True))),
                betweenness=betweenness.get(node, 0.0),
                eigenvector=eigenvector.get(node, 0.0),
                articulation_point=node in cut_vertices,
            )
        )
    scores.sort(key=lambda s: (-s.partners, -s.initiatives, -s.weighted_degree, s.label, s.iri))
    return [replace(s, rank=i) for i, s in enumerate(scores, 1)]


def _outside(own: str, other: str, within: Mapping[str, frozenset[str]]) -> bool:
    """True when both areas are known and neither equals, contains nor lies within the other."""
    if not other or other == own:
        return False
    return other not in within.get(own, frozenset()) and own not in within.get(other, frozenset())


def betweenness_centrality(
    graph: nx.Graph, *, seed: int = 42, samples: int | None = None, backend: str | None = None, indexed: Indexed | None = None
) -> dict[str, float]:
    """Normalised betweenness on the unweighted network (hops, not shared implementations).

    Exact for up to :data:`EXACT_BETWEENNESS_LIMIT` nodes unless ``samples`` is given; above it,
    sampled from :data:`BETWEENNESS_SAMPLES` seeded sources and computed by igraph
    (:func:`collab_graph.analysis.scale.sampled_betweenness`) unless a ``backend`` is named.
    :func:`betweenness_method` says which, in words. ``indexed``: ``graph`` converted by
    :func:`~collab_graph.analysis.scale.to_indexed`, reused by igraph.
    """
    n = graph.number_of_nodes()
    k = samples if samples is not None else (None if n <= EXACT_BETWEENNESS_LIMIT else BETWEENNESS_SAMPLES)
    if k is not None and k >= n:
        k = None
    if backend is None and use_igraph(graph):
        return sampled_betweenness(graph, n if k is None else k, seed, indexed)
    kwargs: dict[str, object] = {"normalized": True}
    if k is not None:
        kwargs.update(k=k, seed=seed)
    return _dispatch(nx.betweenness_centrality, backend, graph, **kwargs)


def betweenness_method(graph: nx.Graph, samples: int | None = None, backend: str | None = None) -> str:
    """How :func:`betweenness_centrality` computes betweenness for ``graph``: exact or sampled, and by which engine."""
    n = graph.number_of_nodes()
    k = samples if samples is not None else (None if n <= EXACT_BETWEENNESS_LIMIT else BETWEENNESS_SAMPLES)
    engine = "igraph" if backend is None and use_igraph(graph) else (backend or "networkx")
    if k is None or k >= n:
        return f"exact ({engine})"
    return f"sampled from {k} seeded sources of {n}, scaled by n/k ({engine})"


def _dispatch(function: Callable[..., Mapping[str, float]], backend: str | None, graph: nx.Graph, **kwargs: object) -> dict[str, float]:
    """Call a networkx algorithm on ``backend`` when that backend implements it, else on networkx itself."""
    if backend:
        try:
            if backend == "parallel":  # nx-parallel runs one job unless joblib is told to use every core
                import joblib

                with joblib.parallel_config(n_jobs=-1):
                    return dict(function(graph, backend=backend, **kwargs))
            return dict(function(graph, backend=backend, **kwargs))
        except NotImplementedError:
            pass
    return dict(function(graph, **kwargs))


def eigenvector_centrality(graph: nx.Graph, *, tol: float = 1e-10, max_iter: int = 100_000) -> dict[str, float]:
    """Weighted eigenvector centrality within each connected component, scaled so its top member scores 1.

    The network falls apart into separate groups, and on a disconnected graph the plain measure
    is zero outside one group; per component it ranks members of every group. Power iteration
    on A + I (as networkx does), vectorised with numpy over all components at once
    (:func:`power_iteration`); isolated organisations score 0.

    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("x", "y")])
    >>> g.add_node("z")
    >>> {k: round(v, 3) for k, v in sorted(eigenvector_centrality(g).items())}
    {'a': 0.707, 'b': 1.0, 'c': 0.707, 'x': 1.0, 'y': 1.0, 'z': 0.0}
    """
    nodes = sorted(graph)
    if graph.number_of_edges() == 0:
        return dict.fromkeys(nodes, 0.0)
    index = {node: i for i, node in enumerate(nodes)}
    component = np.empty(len(nodes), dtype=np.int64)
    for number, members in enumerate(sorted(nx.connected_components(graph), key=min)):
        component[[index[m] for m in members]] = number
    edges = sorted((min(index[u], index[v]), max(index[u], index[v]), float(w)) for u, v, w in graph.edges(data="weight", default=1))
    u, v, w = (np.array(column) for column in zip(*edges, strict=True))
    x = power_iteration(u.astype(np.int64), v.astype(np.int64), w, component, tol=tol, max_iter=max_iter)
    return {node: float(x[i]) for i, node in enumerate(nodes)}


def power_iteration(u: np.ndarray, v: np.ndarray, w: np.ndarray, component: np.ndarray, *, tol: float, max_iter: int) -> np.ndarray:
    """Eigenvector centrality by power iteration on A + I, every component at once; each component's top member 1.

    ``u``, ``v``, ``w``: edge ends and weights (float64), each edge once; ``component[i]``: node
    ``i``'s component number. Returns one float64 per node, 0 for a node without edges. Stops when
    no value moves by ``tol``; raises ``nx.PowerIterationFailedConvergence`` after ``max_iter`` rounds.
    """
    size = len(component)
    rows, cols, weights = np.concatenate([u, v]), np.concatenate([v, u]), np.concatenate([w, w])
    x = np.ones(size)
    for _ in range(max_iter):
        y = x + np.bincount(rows, weights=weights * x[cols], minlength=size)
        y /= np.sqrt(np.bincount(component, weights=y * y))[component]
        converged = np.max(np.abs(y - x)) < tol
        x = y
        if converged:
            break
    else:
        raise nx.PowerIterationFailedConvergence(max_iter)
    top = np.zeros(int(component.max()) + 1)
    np.maximum.at(top, component, x)
    x = x / top[component]
    x[np.bincount(rows, minlength=size) == 0] = 0.0
    return x


@dataclass(frozen=True)
class Broker:
    """An organisation that links otherwise separate groups.

    ``cut_off``: organisations that lose every link to the rest of their component if it goes
    (0 unless it is an articulation point).
    """

    iri: str
    label: str
    sector_label: str
    betweenness: float
    articulation_point: bool
    cut_off: int
    partners: int


def brokers(graph: nx.Graph | None, scores: list[Score], top: int = 10, cut: Callable[[str], int] | None = None) -> list[Broker]:
    """The ``top`` organisations by betweenness (those above 0), articulation points first among equals.

    ``cut(iri)``: how many organisations an articulation point's removal cuts off (default
    :func:`cut_off` in ``graph``; at scale :func:`collab_graph.analysis.scalerank.cut_off_at_scale`).
    """
    cut = cut or (lambda iri: cut_off(graph, iri))  # type: ignore[arg-type]
    chosen = sorted(
        (s for s in scores if s.betweenness > 0 or s.articulation_point), key=lambda s: (-s.betweenness, not s.articulation_point, s.label)
    )
    return [
        Broker(
            s.iri,
            s.label,
            s.sector_label,
            s.betweenness,
            s.articulation_point,
            cut(s.iri) if s.articulation_point else 0,
            s.partners,
        )
        for s in chosen[:top]
    ]


def cut_off(graph: nx.Graph, node: str) -> int:
    """How many organisations are separated from the largest remaining piece of ``node``'s component when it goes.

    >>> cut_off(nx.path_graph(["a", "b", "c", "d"]), "b")
    1
    """
    component = nx.node_connected_component(graph, node) - {node}
    pieces = sorted((len(c) for c in nx.connected_components(graph.subgraph(component))), reverse=True)
    return sum(pieces[1:])
