"""SPARQL in notebooks: ``sparql()`` and the ``%%sparql`` cell magic return DataFrames."""

from __future__ import annotations

import pytest

from collab_graph import notebook
from collab_graph.common.errors import CollabGraphError
from collab_graph.sparql.run import QueryRunner


@pytest.fixture()
def session_runner(monkeypatch, graph):
    """Make the notebook functions use the already compiled graph."""
    runner = QueryRunner(graph)
    monkeypatch.setattr(notebook, "runner", lambda root=None, store="oxigraph": runner)
    return runner


def test_sparql_runs_a_library_query_with_parameters(session_runner):
    frame = notebook.sparql("leaders-of", org="NWAS")
    (row,) = frame.to_dict("records")
    assert {k: row[k] for k in ("organisation", "role", "person", "party", "note", "caveat")} == {
        "organisation": "North West Ambulance Service",
        "role": "Chief Executive",
        "person": "Derek Cartwright",
        "party": None,
        "note": None,
        "caveat": None,
    }
    assert row["source"].startswith("line 5301 · Service Information › Cheshire · est. p. 77; ")  # the table says where


def test_sparql_runs_text_and_types_numbers(session_runner):
    frame = notebook.sparql("SELECT ?n ?amount ?label WHERE { BIND(3 AS ?n) BIND(1.5 AS ?amount) BIND('x' AS ?label) }")
    assert (str(frame["n"].dtype), str(frame["amount"].dtype)) == ("int64", "float64")
    assert frame.iloc[0].to_dict() == {"n": 3, "amount": 1.5, "label": "x"}


def test_sparql_caps_rows_with_a_note(session_runner, capsys):
    frame = notebook.sparql("SELECT ?s WHERE { ?s a ?c } ORDER BY ?s", limit=2)
    assert len(frame) == 2
    assert frame.attrs["note"] == "note: showing the first 2 of more rows (--limit)"
    assert "note: showing the first 2 of more rows" in capsys.readouterr().err


def test_sparql_refuses_updates_and_unknown_names(session_runner):
    with pytest.raises(CollabGraphError, match="is an update; queries are read-only"):
        notebook.sparql("DELETE WHERE { ?s ?p ?o }")
    with pytest.raises(CollabGraphError, match="did you mean 'partners-of'"):
        notebook.sparql("partner-of", org="NWAS")


def test_cell_magic_runs_a_named_query_or_the_cell(session_runner):
    frame = notebook.run_cell("partners-of org=NWAS", "")
    assert "Merseyside Police" in set(frame["partner"])
    cell = "SELECT ?name WHERE { ?org skos:prefLabel ?name }"
    assert notebook.run_cell("--param org=LAS", cell)["name"].tolist() == ["London Ambulance Service"]


def test_cell_magic_output_variable(session_runner, monkeypatch):
    namespace: dict[str, object] = {}
    monkeypatch.setattr(notebook, "_user_namespace", lambda: namespace)
    assert notebook.run_cell("pccs party=Independent -o independents", "") is None
    assert namespace["independents"]["commissioner"].tolist() == ["Sue Mountstevens", "Martyn Underhill", "Martin Surl"]


def test_cell_magic_usage_errors(session_runner):
    with pytest.raises(CollabGraphError, match="the cell is empty"):
        notebook.run_cell("", "")
    with pytest.raises(CollabGraphError, match="either a query name"):
        notebook.run_cell("pccs", "SELECT * WHERE { ?s ?p ?o }")


def test_load_ext_registers_the_line_and_cell_magic(session_runner):
    from IPython.core.error import UsageError
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        shell.run_line_magic("load_ext", "collab_graph.notebook")
        frame = shell.run_line_magic("sparql", "leaders-of org=LAS")
        assert frame["role"].tolist() == ["Chief Executive"]
        frame = shell.run_cell_magic("sparql", "org=LAS", "SELECT ?name WHERE { ?org skos:altLabel ?name }")
        assert frame["name"].tolist() == ["LAS"]
        with pytest.raises(UsageError, match="SERVICE at line 1 is refused"):
            shell.run_cell_magic("sparql", "", "SELECT * WHERE { SERVICE <https://example.org/sparql> { ?s ?p ?o } }")
    finally:
        InteractiveShell.clear_instance()


def test_a_notebook_variable_is_one_parameter_value_never_options():
    """``org = "NWAS --timeout 0 --limit 1 -o stolen"``: the whole text is the org's name, so it names nothing."""
    from collab_graph.notebook import run_cell

    namespace: dict[str, object] = {"org": "NWAS --timeout 0 --limit 1 -o stolen"}
    with pytest.raises(CollabGraphError) as refused:
        run_cell("partners-of org=$org", "", namespace)
    assert "unknown organisation 'NWAS --timeout 0 --limit 1 -o stolen'" in str(refused.value)
    assert "stolen" not in namespace
    frame = run_cell("partners-of org={org}", "", {"org": "NWAS"})
    assert len(frame) > 0
