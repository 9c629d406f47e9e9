"""An independent check of the network analysis: python-igraph recomputes what networkx found.

Same partition -> same modularity; same network -> same degrees, strengths, betweenness,
eigenvector centrality and articulation points; igraph's own Louvain (multilevel) finds a
partition of about the same quality.
"""

from __future__ import annotations

import igraph as ig
import networkx as nx
import pytest

from collab_graph.analysis.pipeline import analyse


@pytest.fixture(scope="module")
def analysis(graph):
    return analyse(graph)


@pytest.fixture(scope="module")
def twin(analysis):
    """The collaboration network as an igraph Graph, with the vertex order of sorted IRIs."""
    g = analysis.organisations
    nodes = sorted(g)
    index = {n: i for i, n in enumerate(nodes)}
    edges = sorted((min(index[u], index[v]), max(index[u], index[v]), w) for u, v, w in g.edges(data="weight"))
    twin = ig.Graph(n=len(nodes), edges=[(u, v) for u, v, _ in edges])
    twin.vs["name"] = nodes
    twin.es["weight"] = [w for _, _, w in edges]
    return twin


@pytest.mark.parametrize("method", ["louvain", "greedy", "label-propagation"])
def test_same_partition_has_same_modularity_in_igraph(analysis, twin, method):
    clustering = analysis.clusterings[method]
    membership = [clustering.membership[name] for name in twin.vs["name"]]
    assert twin.modularity(membership, weights="weight") == pytest.approx(clustering.modularity, abs=1e-12)


def test_igraph_louvain_finds_partition_of_same_quality(analysis, twin):
    theirs = twin.community_multilevel(weights="weight")
    assert theirs.modularity == pytest.approx(analysis.clustering.modularity, abs=0.01)


def test_degree_and_weighted_degree_match_igraph(analysis, twin):
    ours = {s.iri: (s.partners, s.weighted_degree) for s in analysis.scores}
    theirs = dict(zip(twin.vs["name"], zip(twin.degree(), twin.strength(weights="weight"), strict=True), strict=True))
    assert ours == {k: (d, int(w)) for k, (d, w) in theirs.items()}


def test_betweenness_values_and_ranking_match_igraph(analysis, twin):
    n = twin.vcount()
    scale = 2 / ((n - 1) * (n - 2))  # networkx normalises undirected betweenness by the number of pairs
    theirs = dict(zip(twin.vs["name"], (b * scale for b in twin.betweenness(directed=False)), strict=True))
    ours = {s.iri: s.betweenness for s in analysis.scores}
    assert ours == pytest.approx(theirs, abs=1e-12)

    def order(scores):
        return sorted(scores, key=lambda k: (-round(scores[k], 9), k))

    assert order(ours) == order(theirs)


def test_eigenvector_per_component_matches_igraph(analysis, twin):
    ours = {s.iri: s.eigenvector for s in analysis.scores}
    for component in twin.connected_components():
        sub = twin.subgraph(component)
        values = sub.eigenvector_centrality(scale=True, weights="weight")
        for name, value in zip(sub.vs["name"], values, strict=True):
            assert ours[name] == pytest.approx(value, abs=1e-6), name


def test_articulation_points_match_igraph(analysis, twin):
    theirs = {twin.vs[i]["name"] for i in twin.articulation_points()}
    assert {s.iri for s in analysis.scores if s.articulation_point} == theirs
    assert theirs == set(nx.articulation_points(analysis.organisations))


def test_components_match_igraph(analysis, twin):
    assert nx.number_connected_components(analysis.organisations) == len(twin.connected_components())
