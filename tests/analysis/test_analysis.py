"""The partnership analysis: networks, clusters, exports and the `analyse` command."""

from __future__ import annotations

import os
import random
import subprocess
import sys

import networkx as nx
import pyoxigraph
import pytest
from rdflib import Graph
from rdflib.namespace import RDFS

from collab_graph.analysis.clusters import detect
from collab_graph.analysis.export import tables, write_analysis
from collab_graph.analysis.network import collaboration_network, roll_up
from collab_graph.analysis.pipeline import analyse, analyse_bipartite
from collab_graph.analysis.rdf import ANALYSIS_GRAPH, analysis_graph, with_analysis
from collab_graph.analysis.synthetic import synthetic_bipartite
from collab_graph.common.errors import CollabGraphError
from collab_graph.common.namespaces import CG, prefix_block
from collab_graph.store import open_store

EXPECTED_FILES = {
    *(
        f"{t}.{ext}"
        for t in ("networks", "methods", "clusters", "membership", "ranking", "brokers", "triads", "tri-service-areas", "measures")
        for ext in ("csv", "json")
    ),
    "analysis.trig",
    *(f"{n}.{ext}" for n in ("organisations", "organisation-implementation", "areas", "sectors") for ext in ("graphml", "gexf")),
}


@pytest.fixture(scope="module")
def analysis(graph):
    return analyse(graph)


def run_cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "collab_graph.cli", *args], capture_output=True, text=True, env=env)


# ---------------------------------------------------------------- pure functions on synthetic networks


def test_projection_weights_count_shared_implementations():
    b = synthetic_bipartite(200, seed=3)
    g = collaboration_network(b)
    u, v, data = max(g.edges(data=True), key=lambda e: (e[2]["weight"], e[0], e[1]))
    shared = set(b[u]) & set(b[v])
    assert data["weight"] == len(shared) == len(data["implementations"])
    assert set(data["implementations"]) == shared


def test_roll_up_to_sectors_keeps_every_shared_implementation():
    g = collaboration_network(synthetic_bipartite(300, seed=5))
    sectors = roll_up(g, "sector")
    between = sum(w for _, _, w in sectors.edges(data="weight"))
    inside = sum(d["internal_weight"] for _, d in sectors.nodes(data=True))
    assert between + inside == g.size(weight="weight")
    assert sum(d["organisations"] for _, d in sectors.nodes(data=True)) == g.number_of_nodes()


def test_cluster_numbers_do_not_depend_on_insertion_order():
    g = collaboration_network(synthetic_bipartite(300, seed=7))
    edges = list(g.edges(data=True))
    random.Random(1).shuffle(edges)
    shuffled = nx.Graph()
    shuffled.add_nodes_from(sorted(g, reverse=True))
    shuffled.add_edges_from(edges)
    for method in ("louvain", "greedy", "label-propagation"):
        assert detect(g, method, seed=42).clusters == detect(shuffled, method, seed=42).clusters


def test_clusters_are_numbered_by_size():
    sizes = [len(c) for c in detect(collaboration_network(synthetic_bipartite(300, seed=2))).clusters]
    assert sizes == sorted(sizes, reverse=True)


def test_synthetic_analysis_runs_end_to_end():
    a = analyse_bipartite(synthetic_bipartite(300, seed=1))
    assert a.organisations.number_of_nodes() == len(a.scores)
    assert [s.rank for s in a.scores] == list(range(1, len(a.scores) + 1))
    assert all(a.organisations.nodes[s.iri]["cluster_louvain"] >= 1 for s in a.scores)


# ---------------------------------------------------------------- the real graph: API, RDF and exports


def test_networks_are_built_by_sparql_from_the_graph(graph, analysis):
    implementations = set(graph.subjects(predicate=CG.implements))
    assert {n for n, t in analysis.bipartite.nodes(data="type") if t == "implementation"} == {str(i) for i in implementations}
    assert analysis.organisations.number_of_nodes() == len({str(p) for i in implementations for p in graph.objects(i, CG.partner)})


def test_both_stores_give_the_same_analysis(graph, analysis):
    other = analyse(graph, store="rdflib")
    assert tables(other) == tables(analysis)


def test_sparql_can_ask_which_cluster_an_organisation_is_in(graph, analysis):
    store = open_store("oxigraph", with_analysis(graph, analysis))
    table = store.query(
        prefix_block()
        + """SELECT ?number WHERE { <https://w3id.org/collab-graph/id/org/kent-police> cg:inCluster ?cluster .
            ?cluster dcterms:isPartOf <https://w3id.org/collab-graph/id/partition/louvain> ; cg:clusterNumber ?number }"""
    )
    assert [r[0].toPython() for r in table.rows] == [analysis.clustering.membership["https://w3id.org/collab-graph/id/org/kent-police"]]


def test_every_analysis_term_is_declared_with_label_and_comment(project, analysis):
    ontology = Graph().parse(project.ontology_dir / "analysis.ttl")
    used = {p for _, p, _ in analysis_graph(analysis) if str(p).startswith(str(CG))}
    used |= {o for _, _, o in analysis_graph(analysis) if str(o).startswith(str(CG))}
    for term in used:
        assert ontology.value(term, RDFS.label) is not None, term
        assert ontology.value(term, RDFS.comment) is not None, term


def test_files_round_trip(analysis, tmp_path):
    write_analysis(analysis, tmp_path)
    assert {p.name for p in tmp_path.iterdir()} == EXPECTED_FILES
    graphml = nx.read_graphml(tmp_path / "organisations.graphml")
    gexf = nx.read_gexf(tmp_path / "organisations.gexf")
    assert set(graphml) == set(gexf) == set(analysis.organisations)
    kent = "https://w3id.org/collab-graph/id/org/kent-police"
    assert graphml.nodes[kent]["cluster_louvain"] == analysis.clustering.membership[kent]
    assert graphml.number_of_edges() == analysis.organisations.number_of_edges()
    store = pyoxigraph.Store()
    store.load(path=str(tmp_path / "analysis.trig"), format=pyoxigraph.RdfFormat.TRIG)
    assert (
        len(list(store.quads_for_pattern(None, None, None, pyoxigraph.NamedNode(str(ANALYSIS_GRAPH))))) == len(analysis_graph(analysis)) > 0
    )


# ---------------------------------------------------------------- the command


def test_analyse_prints_tables_and_writes_identical_files_across_processes(project_copy, tmp_path):
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"out{seed}"
        result = run_cli(
            "--root", str(project_copy), "analyse", "--top", "3", "--out", str(out), env={**os.environ, "PYTHONHASHSEED": seed}
        )
        assert result.returncode == 0, result.stderr
        outputs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert set(outputs[0]) == EXPECTED_FILES
    assert outputs[0] == outputs[1]
    for heading in (
        "Partnership clusters:",
        "Who collaborates most widely",
        "Brokers:",
        "Police-fire-ambulance triads:",
        "Tri-service structure",
    ):
        assert heading in result.stdout


def test_unknown_backend_is_refused_before_anything_is_written(tmp_path):
    out = tmp_path / "analysis"
    result = run_cli("analyse", "--backend", "no-such-backend", "--out", str(out))
    assert result.returncode == 1
    assert result.stderr.startswith("error: --backend 'no-such-backend': not an installed networkx backend")
    assert not out.exists()


def test_unwritable_output_folder_is_a_one_line_error_and_writes_nothing(analysis, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(CollabGraphError, match=r"cannot write") as error:
        write_analysis(analysis, blocker / "analysis")
    assert "\n" not in str(error.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]
