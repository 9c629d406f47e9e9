"""The compiled engine at scale: igraph above SCALE_LIMIT organisations, networkx (exact) below, with the same answers where they meet."""

from __future__ import annotations

import random

import networkx as nx
import pytest

from collab_graph.analysis import analyse
from collab_graph.analysis.clusters import detect
from collab_graph.analysis.network import collaboration_network
from collab_graph.analysis.ranking import BETWEENNESS_SAMPLES, betweenness_centrality, betweenness_method
from collab_graph.analysis.scale import SCALE_LIMIT, communities, sampled_betweenness
from collab_graph.analysis.synthetic import synthetic_bipartite


def _small_world(n: int) -> nx.Graph:
    g = nx.connected_watts_strogatz_graph(n, 4, 0.2, seed=1)
    return nx.relabel_nodes(g, {i: f"org-{i:05d}" for i in g})


@pytest.fixture(scope="module")
def large() -> nx.Graph:
    """A synthetic collaboration network just above the limit, so igraph takes over."""
    graph = collaboration_network(synthetic_bipartite(SCALE_LIMIT + 500, seed=1))
    assert graph.number_of_nodes() > SCALE_LIMIT
    return graph


def test_igraph_betweenness_over_all_sources_is_networkx_exact() -> None:
    g = _small_world(300)
    exact = nx.betweenness_centrality(g, normalized=True)
    ours = sampled_betweenness(g, samples=10**6, seed=1)
    assert ours.keys() == exact.keys()
    assert max(abs(ours[n] - exact[n]) for n in g) < 1e-12


def test_sampled_betweenness_is_networkx_estimate_from_the_same_sources() -> None:
    g = _small_world(300)
    nodes, n, k = sorted(g), 300, 40
    sources = [nodes[i] for i in sorted(random.Random(7).sample(range(n), k))]
    raw = nx.betweenness_centrality_subset(g, sources, nodes, normalized=False)
    expected = {node: value * 2 / ((n - 1) * (n - 2)) * n / k for node, value in raw.items()}
    ours = sampled_betweenness(g, samples=k, seed=7)
    assert max(abs(ours[node] - expected[node]) for node in g) < 1e-12
    assert ours == sampled_betweenness(g, samples=k, seed=7), "same seed, different estimate"


def test_large_networks_cluster_in_igraph_deterministically(large: nx.Graph) -> None:
    for method in ("louvain", "greedy", "label-propagation"):
        first, second = detect(large, method, seed=3), detect(large, method, seed=3)
        assert first.engine == "igraph"
        assert first.clusters == second.clusters, f"{method}: the seed does not fix the clusters"
        assert sorted(n for c in first.clusters for n in c) == sorted(large), f"{method}: not a partition of the organisations"
        networkx_modularity = nx.community.modularity(large, [set(c) for c in first.clusters], weight="weight")
        assert first.modularity == pytest.approx(networkx_modularity, abs=1e-9)
    assert detect(large, "louvain", seed=3).modularity > 0.3, "Louvain found no community structure in a clustered network"


def test_large_networks_state_sampled_betweenness(large: nx.Graph) -> None:
    method = betweenness_method(large)
    assert method.startswith(f"sampled from {BETWEENNESS_SAMPLES} seeded sources") and "igraph" in method
    scores = betweenness_centrality(large, seed=5)
    assert scores == sampled_betweenness(large, BETWEENNESS_SAMPLES, 5)
    assert max(scores.values()) > 0


def test_louvain_in_igraph_matches_networkx_quality_on_a_mid_sized_network() -> None:
    g = collaboration_network(synthetic_bipartite(1500, seed=2))
    _, modularity = communities(g, "louvain", seed=1)
    networkx = detect(g, "louvain", seed=1)
    assert networkx.engine == "networkx"
    assert modularity == pytest.approx(networkx.modularity, abs=0.03), "igraph's Louvain is much worse or better than networkx's"


def test_the_real_graph_stays_exact_on_networkx(graph) -> None:
    analysis = analyse(graph)
    assert analysis.organisations.number_of_nodes() <= SCALE_LIMIT
    assert analysis.betweenness_method == "exact (networkx)"
    assert {c.engine for c in analysis.clusterings.values()} == {"networkx"}
