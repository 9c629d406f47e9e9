"""Partnership analysis in one call: ``analyse(graph) -> Analysis``.

The API for notebooks and maps: ``Analysis.organisations`` is the collaboration network with,
on every node, its cluster number per method (``cluster_louvain``, ``cluster_greedy``,
``cluster_label_propagation``) and its scores (``partners``, ``betweenness``, ``eigenvector``,
``rank`` ...), ready to colour by cluster and size by centrality::

    from collab_graph.analysis import analyse
    a = analyse(compiled.graph)
    for node, data in a.organisations.nodes(data=True):
        print(data["label"], data["cluster_louvain"], data["betweenness"])
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import networkx as nx
from rdflib import Graph

from ..store import DEFAULT_STORE, StoreConfig
from .clusters import DEFAULT_METHOD, DEFAULT_SEED, METHODS, Clustering, ClusterSummary, detect, summarise
from .extract import Extract, extract_partnerships
from .network import ORGANISATION, bipartite_network, collaboration_network, roll_up
from .ranking import Broker, Score, betweenness_centrality, betweenness_method, brokers, eigenvector_centrality, rank
from .scale import SCALE_LIMIT, Indexed, gc_paused, to_indexed
from .scalegroups import collaboration_network_at_scale, roll_up_at_scale, summarise_at_scale
from .scalerank import brokers_at_scale, eigenvector_at_scale, scores_at_scale
from .triads import AreaStructure, Triad, area_structure, triads

#: Above this many organisations greedy modularity (Clauset-Newman-Moore) is not run by default.
GREEDY_LIMIT = 20_000


@dataclass
class Analysis:
    """The networks, clusters, scores and tri-service structure of one graph.

    ``betweenness_method`` says how betweenness was computed (exact, or sampled and by which
    engine); ``skipped`` names a clustering method left out, with why (greedy modularity above
    :data:`GREEDY_LIMIT` organisations).
    """

    bipartite: nx.Graph
    organisations: nx.Graph
    areas: nx.Graph
    sectors: nx.Graph
    clusterings: dict[str, Clustering]
    summaries: dict[str, list[ClusterSummary]]
    scores: list[Score]
    brokers: list[Broker]
    triads: list[Triad]
    area_structure: list[AreaStructure]
    seed: int = DEFAULT_SEED
    within: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    betweenness_method: str = "exact (networkx)"
    skipped: dict[str, str] = field(default_factory=dict)

    @property
    def clustering(self) -> Clustering:
        """The main partition (Louvain)."""
        return self.clusterings[DEFAULT_METHOD]

    def score(self, iri: str) -> Score:
        """The scores of one organisation, by IRI."""
        for s in self.scores:
            if s.iri == iri:
                return s
        raise KeyError(iri)

    def cluster_of(self, iri: str, method: str = DEFAULT_METHOD) -> ClusterSummary:
        """The summary of the cluster an organisation is in."""
        return self.summaries[method][self.clusterings[method].membership[iri] - 1]


def analyse(graph: Graph, *, store: str | StoreConfig = DEFAULT_STORE, seed: int = DEFAULT_SEED, backend: str | None = None) -> Analysis:
    """Extract the partnerships from ``graph`` by SPARQL and analyse them."""
    extract = extract_partnerships(graph, store)
    return analyse_extract(extract, seed=seed, backend=backend)


def analyse_extract(extract: Extract, *, seed: int = DEFAULT_SEED, backend: str | None = None) -> Analysis:
    """Analyse an :class:`Extract` (see :func:`analyse_bipartite`)."""
    return analyse_bipartite(bipartite_network(extract), within=extract.within, seed=seed, backend=backend)


def analyse_bipartite(
    bipartite: nx.Graph,
    *,
    within: dict[str, frozenset[str]] | None = None,
    seed: int = DEFAULT_SEED,
    methods: tuple[str, ...] | None = None,
    backend: str | None = None,
    betweenness_samples: int | None = None,
    top_brokers: int = 10,
    timings: dict[str, tuple[float, int]] | None = None,
) -> Analysis:
    """Everything from an organisation-implementation network: pure, deterministic for a fixed ``seed``.

    Up to :data:`~collab_graph.analysis.scale.SCALE_LIMIT` organisations every step runs on
    networkx (exact); above it the network is converted once (:func:`~collab_graph.analysis.scale.to_indexed`)
    and the steps run as igraph and numpy code (:mod:`.scale`, :mod:`.scalerank`, :mod:`.scalegroups`):
    the same answers, except clustering (igraph's algorithms) and betweenness (sampled), as
    ``Clustering.engine`` and ``Analysis.betweenness_method`` state.

    ``methods``: the clustering methods to run; by default all three, except greedy modularity
    above :data:`GREEDY_LIMIT` organisations (igraph's CNM took 23 s at 100,000), which
    ``Analysis.skipped`` then names. ``timings``, when given, receives per step (seconds, peak
    bytes traced by tracemalloc or 0).
    """
    with gc_paused():
        return _analyse(bipartite, within, seed, methods, backend, betweenness_samples, top_brokers, timings)


def _analyse(
    bipartite: nx.Graph,
    within: dict[str, frozenset[str]] | None,
    seed: int,
    methods: tuple[str, ...] | None,
    backend: str | None,
    betweenness_samples: int | None,
    top_brokers: int,
    timings: dict[str, tuple[float, int]] | None,
) -> Analysis:
    within = within or {}
    step = _Steps(timings)
    with step("projection"):
        if sum(1 for _, kind in bipartite.nodes(data="type") if kind == ORGANISATION) > SCALE_LIMIT:
            organisations = collaboration_network_at_scale(bipartite)
        else:
            organisations = collaboration_network(bipartite)
        indexed: Indexed | None = None
        if organisations.number_of_nodes() > SCALE_LIMIT:  # the compiled path: convert once, share
            indexed = to_indexed(organisations)
    skipped: dict[str, str] = {}
    if methods is None:
        methods = tuple(METHODS)
        if organisations.number_of_nodes() > GREEDY_LIMIT:
            methods = tuple(m for m in methods if m != "greedy")
            skipped["greedy"] = f"not run above {GREEDY_LIMIT:,} organisations (too slow: 23 s at 100,000)"
    clusterings = {}
    for method in methods:
        with step(method):
            clusterings[method] = detect(organisations, method, seed, indexed)
    with step("cluster summaries"):
        if indexed is None:
            summaries = {m: summarise(organisations, c, bipartite) for m, c in clusterings.items()}
        else:
            summaries = {m: summarise_at_scale(organisations, c, indexed, bipartite) for m, c in clusterings.items()}
    with step("betweenness"):
        betweenness = betweenness_centrality(organisations, seed=seed, samples=betweenness_samples, backend=backend, indexed=indexed)
    with step("eigenvector"):
        eigenvector = eigenvector_centrality(organisations) if indexed is None else eigenvector_at_scale(indexed)
    with step("other measures"):
        if indexed is None:
            scores = rank(organisations, bipartite, within, seed=seed, betweenness=betweenness, eigenvector=eigenvector)
        else:
            scores = scores_at_scale(organisations, bipartite, within, indexed, betweenness, eigenvector)
        annotate(organisations, clusterings, scores)
    with step("brokers"):
        top = brokers(organisations, scores, top_brokers) if indexed is None else brokers_at_scale(indexed, scores, top_brokers)
    with step("roll-ups"):
        if indexed is None:
            areas, sectors = roll_up(organisations, "area"), roll_up(organisations, "sector")
        else:
            areas, sectors = roll_up_at_scale(organisations, "area", indexed), roll_up_at_scale(organisations, "sector", indexed)
    with step("triads"):
        found, structure = triads(organisations), area_structure(bipartite)
    return Analysis(
        bipartite=bipartite,
        organisations=organisations,
        areas=areas,
        sectors=sectors,
        clusterings=clusterings,
        summaries=summaries,
        scores=scores,
        brokers=top,
        triads=found,
        area_structure=structure,
        seed=seed,
        within=dict(within),
        betweenness_method=betweenness_method(organisations, betweenness_samples, backend),
        skipped=skipped,
    )


class _Steps:
    """Times named steps into a dict (and their tracemalloc peak when tracing), or does nothing."""

    def __init__(self, timings: dict[str, tuple[float, int]] | None):
        self.timings = timings

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        if self.timings is None:
            yield
            return
        if tracemalloc.is_tracing():
            tracemalloc.reset_peak()
        start = time.perf_counter()
        yield
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1] if tracemalloc.is_tracing() else 0
        self.timings[name] = (elapsed, peak)


def annotate(organisations: nx.Graph, clusterings: dict[str, Clustering], scores: list[Score]) -> None:
    """Put cluster numbers and scores on the collaboration network's nodes (for maps and exports)."""
    for method, clustering in clusterings.items():
        key = "cluster_" + method.replace("-", "_")
        for node, number in clustering.membership.items():
            organisations.nodes[node][key] = number
    for s in scores:
        data = organisations.nodes[s.iri]
        data.update(
            rank=s.rank,
            partners=s.partners,
            implementations=s.implementations,
            initiatives=s.initiatives,
            themes=s.themes,
            cross_sector=s.cross_sector,
            outside_area=-1 if s.outside_area is None else s.outside_area,
            weighted_degree=s.weighted_degree,
            betweenness=s.betweenness,
            eigenvector=s.eigenvector,
            articulation_point=s.articulation_point,
        )
