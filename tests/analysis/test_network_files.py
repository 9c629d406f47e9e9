"""GraphML and GEXF written in one pass (analysis/networkfiles.py) give the graphs networkx's own writers give."""

from __future__ import annotations

import io

import networkx as nx
import pytest

from collab_graph.analysis.export import exportable, to_gexf, to_graphml
from collab_graph.analysis.networkfiles import _column, _out, network_documents
from collab_graph.analysis.pipeline import analyse


@pytest.fixture(scope="module")
def analysis(graph):
    return analyse(graph)


def _read(kind: str, data: bytes) -> tuple[dict, list, object]:
    read = nx.read_gexf if kind == "gexf" else nx.read_graphml
    g = read(io.BytesIO(data))
    edges = sorted((min(u, v), max(u, v), tuple(sorted(d.items()))) for u, v, d in g.edges(data=True))
    return dict(g.nodes(data=True)), edges, g.is_directed()


def _networkx(kind: str, graph: nx.Graph) -> bytes:
    write = nx.generate_gexf if kind == "gexf" else nx.generate_graphml
    return ("\n".join(write(exportable(graph))) + "\n").encode("utf-8")


@pytest.mark.parametrize("kind", ["graphml", "gexf"])
@pytest.mark.parametrize("network", ["organisations", "bipartite", "areas", "sectors"])
def test_every_network_reads_back_as_networkx_writes_it(analysis, network: str, kind: str) -> None:
    graph = getattr(analysis, network)
    ours = to_gexf(graph) if kind == "gexf" else to_graphml(graph)
    assert _read(kind, ours) == _read(kind, _networkx(kind, graph))
    assert ours == (to_gexf(graph) if kind == "gexf" else to_graphml(graph)), "not deterministic"


@pytest.mark.parametrize("kind", ["graphml", "gexf"])
def test_hostile_names_and_values_stay_well_formed(kind: str) -> None:
    graph = nx.Graph(name='x "y" <z> & w')
    graph.add_node("a&b<c>", label='A "&" <co>\x01\n\tx\r', rank=1, score=0.12345678, flag=True, tags=("p", "q'"))
    graph.add_node("plain", label="Plain", rank=2, score=2.5, flag=False, tags=())
    graph.add_edge("a&b<c>", "plain", weight=2, implementations=("i<1>", "i&2"))
    ours = to_gexf(graph) if kind == "gexf" else to_graphml(graph)
    nodes, edges, _ = _read(kind, ours)
    # the control character replaced, the rest kept (a carriage return too, which networkx's GraphML loses)
    assert nodes["a&b<c>"].pop("label") == 'A "&" <co>\ufffd\n\tx\r'
    theirs = _read(kind, _networkx(kind, graph))[0]
    theirs["a&b<c>"].pop("label")
    assert nodes == theirs
    assert edges == _read(kind, _networkx(kind, graph))[1]


def test_a_name_with_whole_and_decimal_values_is_typed_double() -> None:
    graph = nx.Graph()
    graph.add_node("a", score=1)
    graph.add_node("b", score=2.5)
    for kind, data in (("gexf", to_gexf(graph)), ("graphml", to_graphml(graph))):
        nodes, _, _ = _read(kind, data)
        assert nodes["a"]["score"] == 1.0 and nodes["b"]["score"] == 2.5, kind


@pytest.mark.parametrize(
    "values",
    [
        ["a", "b & c", "plain"],
        ["plain", "words"],
        [1, 2, -3],
        [0.1234567891, 2.0, 1e-9],
        [True, False],
        [("x", "y"), (), ("a<b",)],
        [("x", 1), ("y",)],
        [1, 2.5, "three", None, True, ("t",)],
        ["bad\x01char"],
    ],
)
def test_a_column_at_a_time_is_each_value_written_alone(values: list) -> None:
    assert _column(values) == [_out(v) for v in values]


def test_both_documents_in_one_pass_are_each_written_alone(analysis) -> None:
    for network in (analysis.organisations, analysis.bipartite):
        assert network_documents(network) == (to_graphml(network), to_gexf(network))
