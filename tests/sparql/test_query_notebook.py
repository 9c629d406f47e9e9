"""SPARQL in notebooks: ``sparql()`` and the ``%%sparql`` cell magic return DataFrames."""

from __future__ import annotations

import math

import pandas as pd
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
    assert len(frame) == 1
    row = frame.iloc[0]
    assert (row["organisation"], row["role"], row["person"]) == ("North West Ambulance Service", "Chief Executive", "Derek Cartwright")
    assert row["party"] is pd.NA and row["note"] is pd.NA and row["caveat"] is pd.NA  # unbound: missing, one kind in every column
    assert row["source"].startswith("line 5301 · Service Information › Cheshire · est. p. 77; ")  # the table says where


def test_sparql_runs_text_and_types_numbers(session_runner):
    frame = notebook.sparql("SELECT ?n ?amount ?label WHERE { BIND(3 AS ?n) BIND(1.5 AS ?amount) BIND('x' AS ?label) }")
    assert (str(frame["n"].dtype), str(frame["amount"].dtype), str(frame["label"].dtype)) == ("Int64", "Float64", "string")
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


def test_columns_take_dtypes_from_xsd_datatypes(session_runner):
    frame = notebook.sparql(
        """SELECT ?d ?n ?b ?day ?month ?year ?iri WHERE {
             VALUES (?d ?n ?b ?day ?month ?year ?iri) {
               ("1.5E3"^^xsd:double 3 true "2016-02-29"^^xsd:date "2015-04"^^xsd:gYearMonth "2015"^^xsd:gYear <urn:x>)
               ("NaN"^^xsd:double UNDEF UNDEF UNDEF UNDEF UNDEF UNDEF)
               ("INF"^^xsd:double -4 false "2015-12-01"^^xsd:date "2016-01"^^xsd:gYearMonth "2016"^^xsd:gYear <urn:y>)
               ("-INF"^^xsd:double 0 true "2014-01-31"^^xsd:date "2014-12"^^xsd:gYearMonth "2014"^^xsd:gYear <urn:z>)
               (2.5 7 false "2013-06-30"^^xsd:date "2013-06"^^xsd:gYearMonth "2013"^^xsd:gYear <urn:w>)
             } }"""
    )
    dtypes = {name: str(dtype) for name, dtype in frame.dtypes.items()}
    assert dtypes == {
        "d": "Float64", "n": "Int64", "b": "boolean", "day": "datetime64[s]",
        "month": "period[M]", "year": "period[Y-DEC]", "iri": "string",
    }  # fmt: skip
    assert frame["d"][0] == 1500.0 and isinstance(frame["d"][0], float)  # "1.5E3" is a float, not the int 1500
    assert math.isnan(frame["d"][1]) and frame["d"][2] == math.inf and frame["d"][3] == -math.inf
    assert frame["d"].isna().tolist() == [False] * 5  # NaN is a value; nothing is missing
    assert frame["n"].sum() == 6 and frame["n"].isna().tolist() == [False, True, False, False, False]
    assert frame.iloc[1, 1:].isna().all()  # every unbound value is missing: pd.NA, NaT in date columns
    assert frame["n"][1] is pd.NA and frame["iri"][1] is pd.NA
    assert frame["day"][0] == pd.Timestamp("2016-02-29") and frame["month"][0] == pd.Period("2015-04", "M")
    assert frame["year"].max() == pd.Period("2016", "Y")


def test_ill_typed_literals_come_back_as_text_with_one_warning(session_runner, capsys):
    frame = notebook.sparql(
        'SELECT ?n ?m ?ok WHERE { VALUES (?n ?m ?ok) { ("abc"^^xsd:integer "2015-13"^^xsd:gYearMonth 1) (2 "2015-01"^^xsd:gYearMonth 2) } }'
    )
    err = capsys.readouterr().err
    assert "Traceback" not in err and "Failed to convert" not in err
    assert frame["n"].tolist() == ["abc", "2"] and frame["m"].tolist() == ["2015-13", "2015-01"]
    assert str(frame["ok"].dtype) == "Int64"
    assert frame.attrs["warnings"] == [
        "column n: 'abc' is not a valid xsd:integer; the column is given as text",
        "column m: '2015-13' is not a valid xsd:gYearMonth; the column is given as text",
    ]
    assert err.count("warning: column") == 2


def test_a_column_mixing_date_kinds_is_text(session_runner):
    frame = notebook.sparql('SELECT ?s WHERE { VALUES ?s { "2015"^^xsd:gYear "2015-04"^^xsd:gYearMonth "2015-04-01"^^xsd:date } }')
    assert str(frame["s"].dtype) == "string" and frame["s"].tolist() == ["2015", "2015-04", "2015-04-01"]


def test_library_answers_keep_numbers_and_missing_values_typed(session_runner):
    savings = notebook.sparql("savings-by-theme")
    assert str(savings["total"].dtype) == "Float64" and savings["total"].sum() > 0
    started = notebook.sparql("started-in-year", year=2015)
    assert str(started["start"].dtype) == "string"  # years, months and days side by side: text, as printed
