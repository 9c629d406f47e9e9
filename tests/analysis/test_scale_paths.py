"""The array paths at scale (scalegroups.py, scalerank.py, the shared Indexed network) give exactly the
networkx path's answers, on synthetic networks just above and below the limit."""

from __future__ import annotations

import networkx as nx
import pytest

from collab_graph.analysis.clusters import detect, method_label, summarise
from collab_graph.analysis.export import tables
from collab_graph.analysis.network import collaboration_network, roll_up
from collab_graph.analysis.pipeline import analyse_bipartite
from collab_graph.analysis.ranking import betweenness_centrality, brokers, cut_off, eigenvector_centrality, rank
from collab_graph.analysis.rdf import analysis_facts, to_trig
from collab_graph.analysis.scale import SCALE_LIMIT, to_igraph, to_indexed
from collab_graph.analysis.scalegroups import collaboration_network_at_scale, roll_up_at_scale, summarise_at_scale
from collab_graph.analysis.scalerank import ARPACK_COMPONENT, brokers_at_scale, cut_off_at_scale, eigenvector_at_scale, scores_at_scale
from collab_graph.analysis.synthetic import synthetic_bipartite


@pytest.fixture(scope="module")
def bipartite() -> nx.Graph:
    """A synthetic network with some blanks, as the real one has: organisations without a sector or an area."""
    graph = synthetic_bipartite(1200, seed=4)
    organisations = sorted(n for n, kind in graph.nodes(data="type") if kind == "organisation")
    for node in organisations[::7]:
        graph.nodes[node].update(sector="", sector_label="")
    for node in organisations[::5]:
        graph.nodes[node].update(area="", area_label="")
    return graph


@pytest.fixture(scope="module")
def network(bipartite: nx.Graph) -> nx.Graph:
    return collaboration_network(bipartite)


def _same_graph(ours: nx.Graph, theirs: nx.Graph) -> None:
    assert ours.graph == theirs.graph
    assert list(ours.nodes(data=True)) == list(theirs.nodes(data=True))
    assert list(ours.edges(data=True)) == list(theirs.edges(data=True))
    assert all(list(ours.adj[n]) == list(theirs.adj[n]) for n in theirs), "neighbours in another order"


def test_projection_is_the_same_graph(bipartite: nx.Graph, network: nx.Graph) -> None:
    _same_graph(collaboration_network_at_scale(bipartite), network)


def test_indexed_network_holds_every_edge_once_in_order(network: nx.Graph) -> None:
    indexed = to_indexed(network)
    edges = sorted((indexed.index[a], indexed.index[b]) if a < b else (indexed.index[b], indexed.index[a]) for a, b in network.edges())
    assert list(zip(indexed.u.tolist(), indexed.v.tolist(), strict=True)) == edges
    assert indexed.weight.tolist() == [network[indexed.nodes[a]][indexed.nodes[b]]["weight"] for a, b in edges]
    assert indexed.igraph.ecount() == network.number_of_edges() and to_igraph(network)[1].get_edgelist() == edges


@pytest.mark.parametrize("key", ["area", "sector"])
def test_roll_ups_are_the_same_graphs(network: nx.Graph, key: str) -> None:
    _same_graph(roll_up_at_scale(network, key, to_indexed(network)), roll_up(network, key))


@pytest.mark.parametrize("method", ["louvain", "label-propagation"])
def test_cluster_summaries_are_the_same(bipartite: nx.Graph, network: nx.Graph, method: str) -> None:
    indexed = to_indexed(network)
    clustering = detect(network, method, seed=3)
    assert summarise_at_scale(network, clustering, indexed, bipartite) == summarise(network, clustering, bipartite)
    assert summarise_at_scale(network, clustering, indexed) == summarise(network, clustering)


def test_eigenvector_at_scale_agrees_with_power_iteration(network: nx.Graph) -> None:
    """Large components by ARPACK, small ones by the same power iteration: the same values to 1e-6, small ones exactly."""
    ours, theirs = eigenvector_at_scale(to_indexed(network)), eigenvector_centrality(network)
    assert ours.keys() == theirs.keys()
    assert max(abs(ours[n] - theirs[n]) for n in theirs) < 1e-6
    components = list(nx.connected_components(network))
    assert max(map(len, components)) > ARPACK_COMPONENT, "no component large enough for ARPACK"
    small = [n for c in components if len(c) <= ARPACK_COMPONENT for n in c]
    assert len(small) > 10 and max(abs(ours[n] - theirs[n]) for n in small) < 1e-9
    assert eigenvector_at_scale(to_indexed(network)) == ours, "not deterministic"
    lone = nx.Graph(network)
    lone.add_node("urn:alone")
    assert eigenvector_at_scale(to_indexed(lone))["urn:alone"] == 0.0


def test_scores_and_brokers_are_the_same(bipartite: nx.Graph, network: nx.Graph) -> None:
    indexed = to_indexed(network)
    areas = sorted({a for _, a in network.nodes(data="area")})
    within = {areas[0]: frozenset({areas[1], areas[2]}), areas[3]: frozenset({areas[0]}), "urn:elsewhere": frozenset({areas[4]})}
    betweenness, eigenvector = betweenness_centrality(network), eigenvector_centrality(network)
    ours = scores_at_scale(network, bipartite, within, indexed, betweenness, eigenvector)
    theirs = rank(network, bipartite, within, betweenness=betweenness, eigenvector=eigenvector)
    assert ours == theirs
    assert any(s.outside_area for s in theirs) and any(s.articulation_point for s in theirs) and any(s.cross_sector for s in theirs)
    assert brokers_at_scale(indexed, ours, 50) == brokers(network, theirs, 50)
    cut = [s.iri for s in theirs if s.articulation_point]
    assert [cut_off_at_scale(indexed, n) for n in cut] == [cut_off(network, n) for n in cut]
    assert any(cut_off(network, n) for n in cut)


def test_above_the_limit_the_pipeline_takes_the_array_paths_deterministically() -> None:
    bipartite = synthetic_bipartite(SCALE_LIMIT + 300, seed=6)
    first, second = analyse_bipartite(bipartite, seed=2), analyse_bipartite(bipartite, seed=2)
    assert first.betweenness_method.startswith("sampled") and first.clustering.engine == "igraph"
    network = collaboration_network(bipartite)
    _same_graph(first.areas, roll_up(network, "area"))
    assert first.scores == second.scores and first.summaries == second.summaries and first.brokers == second.brokers


def test_what_ran_at_scale_is_stated_in_the_outputs(monkeypatch: pytest.MonkeyPatch) -> None:
    from collab_graph.analysis import pipeline
    from collab_graph.cli.analyse import report

    monkeypatch.setattr(pipeline, "GREEDY_LIMIT", SCALE_LIMIT + 100)
    analysis = analyse_bipartite(synthetic_bipartite(SCALE_LIMIT + 300, seed=6))
    assert "greedy" not in analysis.clusterings and "greedy" in analysis.skipped
    t = tables(analysis)
    methods = {row[0]: row[1] for row in t["methods"].rows}
    assert methods == {"louvain": method_label("louvain", "igraph"), "label-propagation": method_label("label-propagation", "igraph")}
    assert "fast label propagation" in methods["label-propagation"] and "igraph" in methods["louvain"]
    meaning = dict(t["measures"].rows)["betweenness"]
    assert meaning.endswith("here " + analysis.betweenness_method) and "sampled from 256 seeded sources" in meaning
    text = report(analysis, 3)
    assert "Computed at scale" in text and "greedy: not run above" in text and analysis.betweenness_method in text
    trig = to_trig(analysis_facts(analysis)).decode()
    assert "Partnership clusters by fast label propagation" in trig
