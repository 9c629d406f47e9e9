"""Bad queries of every kind: refused or stopped with one clear line and a non-zero exit code.

The CLI runs in-process through ``main()`` (the real error handling and exit codes), with the
session's compiled graph instead of recompiling it.
"""

from __future__ import annotations

import pytest

from collab_graph.sparql.library import QuerySource
from collab_graph.sparql.run import QueryRunner
from collab_graph.store import Store, Table


@pytest.fixture()
def cli(query_cli_run):
    """Run ``collab-graph ARGS`` in-process; returns (exit code, stdout, stderr)."""
    return query_cli_run


def one_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ")
    return lines[0]


@pytest.mark.parametrize(
    "query, keyword, line",
    [
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT", 1),
        ("PREFIX ex: <urn:ex:>\nDELETE WHERE { ?s ?p ?o }", "DELETE", 2),
        ("LOAD <https://example.org/data.ttl>", "LOAD", 1),
        ("CLEAR ALL", "CLEAR", 1),
        ("DROP GRAPH <urn:g>", "DROP", 1),
        ("WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH", 1),
    ],
)
def test_updates_are_refused_before_running(cli, query, keyword, line):
    code, out, err = cli("query", "-", stdin=query)
    assert code == 1 and out == ""
    assert one_error(err) == (f"error: query <stdin>: {keyword} at line {line} is an update; queries are read-only, so updates are refused")


def test_an_update_after_a_query_is_refused_too(cli):
    code, _, err = cli("query", "-", stdin="SELECT * WHERE { ?s ?p ?o } ;\nINSERT DATA { <urn:a> <urn:b> <urn:c> }")
    assert code == 1
    assert "syntax error at line 1, column 29: ;" in one_error(err)


def test_service_is_refused(cli):
    code, _, err = cli("query", "-", stdin="SELECT * WHERE {\n  SERVICE <https://query.wikidata.org/sparql> { ?s ?p ?o }\n}")
    assert code == 1
    assert one_error(err) == (
        "error: query <stdin>: SERVICE at line 2 is refused: a query may not call a remote endpoint (it runs on the local graph only)"
    )


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { ?s ?p ?o { SELECT * WHERE { SERVICE ?endpoint { ?a ?b ?c } } } }",
        "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE SILENT <https://example.org/sparql> { ?a ?b ?c } } }",
    ],
)
def test_service_inside_a_subquery_or_exists_is_refused(cli, text):
    code, _, err = cli("query", "-", stdin=text)
    assert code == 1 and "SERVICE at line 1 is refused" in one_error(err)


@pytest.mark.parametrize("clause", ["FROM <https://example.org/data.ttl>", "FROM NAMED <https://example.org/data.ttl>"])
def test_from_and_from_named_are_refused(cli, clause):
    code, _, err = cli("query", "-", stdin=f"SELECT *\n{clause}\nWHERE {{ ?s ?p ?o }}")
    assert code == 1
    assert one_error(err) == (
        "error: query <stdin>: FROM at line 2 is refused: a query may not load other graphs (it runs on the local graph only)"
    )


def test_syntax_error_names_line_column_and_text(cli, tmp_path):
    path = tmp_path / "mine.rq"
    path.write_text("# my question\nSELECT ?x WHERE {\n  ?x a cg:Implementation .\n  FILTER(?x = )\n}\n", encoding="utf-8")
    code, out, err = cli("query", str(path))
    assert code == 1 and out == ""
    assert one_error(err) == f"error: query {path}: syntax error at line 4, column 3: FILTER(?x = )"


def test_syntax_error_columns_ignore_the_added_prefixes(cli):
    code, _, err = cli("query", "-", stdin="SELEC ?x WHERE { ?x ?p ?o }")
    assert code == 1
    assert one_error(err) == "error: query <stdin>: syntax error at line 1, column 1: SELEC ?x WHERE { ?x ?p ?o }"


def test_unclosed_query_reports_the_end(cli):
    code, _, err = cli("query", "-", stdin="SELECT ?x WHERE {\n  ?x ?p ?o\n")
    assert code == 1 and one_error(err).endswith(": end of query")


def test_undeclared_prefix_is_named_with_its_place(cli):
    code, _, err = cli("query", "-", stdin="SELECT ?x WHERE {\n  ?x a ex:Thing\n}")
    assert code == 1
    assert one_error(err) == "error: query <stdin>: unknown prefix 'ex:' at line 2, column 8 (declare it with PREFIX ex: <...>)"


def test_empty_query_is_refused(cli):
    code, _, err = cli("query", "-", stdin="# nothing but a comment\n")
    assert code == 1 and one_error(err) == "error: query <stdin>: the query is empty"


def test_unknown_query_name_suggests_the_nearest(cli):
    code, _, err = cli("query", "partner-of", "--param", "org=NWAS")
    assert code == 1
    assert one_error(err).startswith("error: query partner-of: unknown query name (did you mean 'partners-of'")


def test_missing_file_is_named(cli, tmp_path):
    code, _, err = cli("query", str(tmp_path / "nope.rq"))
    assert code == 1 and one_error(err) == f"error: query {tmp_path / 'nope.rq'}: no such file"


def test_timeout_stops_a_runaway_query(cli):
    runaway = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g"
    code, out, err = cli("query", "-", "--timeout", "0.5", stdin=runaway)
    assert code == 124 and out == ""
    assert one_error(err) == "error: query <stdin>: stopped after 0.5 s (--timeout)"


def test_results_are_capped_with_a_note(cli):
    code, out, err = cli("query", "-", "--limit", "3", "--format", "csv", stdin="SELECT ?s WHERE { ?s a ?class } ORDER BY ?s")
    assert code == 0
    assert len(out.splitlines()) == 1 + 3
    assert err.strip() == "note: showing the first 3 of more rows (--limit)"


def test_no_note_when_everything_fits(cli):
    code, out, err = cli("query", "-", "--limit", "1", "--format", "csv", stdin="ASK { ?s ?p ?o }")
    assert code == 0 and out == "ask\ntrue\n" and err == ""


def test_engine_errors_are_one_line(cli):
    code, _, err = cli("query", "-", stdin="SELECT ?x WHERE { BIND(1 AS ?x) BIND(2 AS ?x) }")
    assert code == 1
    assert one_error(err).startswith("error: query <stdin>: the oxigraph engine could not run it: ")


@pytest.mark.parametrize(
    "args, message",
    [
        (["partners-of"], "query partners-of: needs --param org=... (the organisation, by name, alias or abbreviation)"),
        (["partners-of", "-p", "org=NWAS", "-p", "year=2015"], "query partners-of: no parameter 'year' (it takes: org)"),
        (["partners-of", "-p", "org"], "query partners-of: bad --param 'org' (expected key=value, e.g. org=NWAS)"),
        (["started-in-year", "-p", "year=15"], "query started-in-year: --param year=15: expected a four-digit year"),
        (
            ["implementations-by-status", "-p", "status=stalled"],
            "query implementations-by-status: --param status=stalled: unknown value 'stalled' (choose from ended, live, pilot, planned)",
        ),
    ],
)
def test_bad_parameters_are_named(cli, args, message):
    code, out, err = cli("query", *args)
    assert code == 1 and out == ""
    assert one_error(err) == f"error: {message}"


def test_unknown_name_parameter_suggests_the_registry_name(cli):
    code, _, err = cli("query", "partners-of", "--param", "org=NWSA")
    assert code == 1
    assert one_error(err).startswith(
        "error: query partners-of: --param org=NWSA: unknown organisation 'NWSA' (did you mean 'North West Ambulance Service"
    )


def test_an_area_given_for_an_organisation_lists_the_organisations_of_that_name(cli):
    code, out, err = cli("query", "partners-of", "-p", "org=Kent")
    assert code == 1 and out == ""
    first, *candidates = err.strip().splitlines()
    assert first == "error: query partners-of: --param org=Kent: organisation 'Kent' fits 6 things; say which (a name or id below):"
    assert candidates[0] == "  Kent Police (organisation: police force; org/kent-police)"
    assert len(candidates) == 6


def test_ambiguous_name_lists_the_candidates_with_their_ids(cli):
    code, _, err = cli("query", "source-of", "--param", "thing=Strategic Alliances and Partnerships")
    assert code == 1
    assert err.strip().splitlines() == [
        "error: query source-of: --param thing=Strategic Alliances and Partnerships: name 'Strategic Alliances and Partnerships'"
        " fits 2 things; say which (a name or id below):",
        "  Strategic Alliances and Partnerships (initiative; initiative/strategic-alliances-and-partnerships)",
        "  Strategic Alliances and Partnerships (theme; section/strategic-alliances)",
    ]
    code, out, _ = cli("query", "source-of", "--param", "thing=strategic-alliances-and-partnerships", "--format", "csv")
    assert code == 0 and len(out.splitlines()) == 2


def test_a_typed_parameter_picks_the_entity_of_its_kind(cli):
    code, out, _ = cli("query", "initiative-partners", "--param", "initiative=Strategic Alliances and Partnerships", "--format", "csv")
    assert code == 0 and "Cheshire,Cheshire Constabulary" in out


@pytest.mark.parametrize(
    "value",
    ["x=<urn:a> . SERVICE <https://example.org/> { ?a ?b ?c } . ?s ?p <urn:b>", "x=<urn:a> } INSERT DATA { <urn:a> <urn:b> <urn:c>"],
)
def test_parameter_values_cannot_inject_sparql(cli, value):
    code, out, err = cli("query", "-", "--param", value, "--format", "csv", stdin="SELECT ?p WHERE { ?x ?p ?o }")
    assert code == 1 and out == ""
    assert one_error(err).endswith(": not a valid IRI")


def test_a_relative_iri_parameter_is_refused_in_one_line(cli):
    code, out, err = cli("query", "-", "--param", "x=<foo>", "--format", "csv", stdin="SELECT ?p WHERE { ?x ?p ?o }")
    assert code == 1 and out == ""
    assert "--param x=<foo>: not a valid absolute IRI" in one_error(err)


def test_quoted_parameter_is_one_literal(cli):
    value = 'x="a\\" } SERVICE <https://example.org/> { ?a ?b ?c } #"'
    code, out, _ = cli("query", "-", "--param", value, "--format", "csv", stdin="SELECT ?x WHERE { BIND(1 AS ?one) }")
    assert code == 0
    assert out.splitlines()[1] == '"a\\"" } SERVICE <https://example.org/> { ?a ?b ?c } #"'


def test_parameter_for_a_variable_the_query_lacks(cli):
    code, _, err = cli("query", "-", "--param", "org=NWAS", stdin="SELECT ?s WHERE { ?s a cg:Implementation }")
    assert code == 1 and one_error(err) == "error: query <stdin>: --param org: the query has no variable ?org"


class _Dialler(Store):
    """A store whose query tries to open a network connection."""

    name = "dialler"

    def query(self, sparql: str, limit: int | None = None) -> Table:
        import socket

        socket.create_connection(("127.0.0.1", 9), timeout=1)
        return Table(["reached"], [])


def test_the_query_process_has_no_network(graph):
    runner = QueryRunner(graph)
    runner._store = _Dialler()
    prepared = runner.prepare(QuerySource("probe", "SELECT ?s WHERE { ?s ?p ?o }"))
    with pytest.raises(Exception, match=r"network access refused: 127\.0\.0\.1:9 \(a query never uses the network\)"):
        runner.run(prepared, timeout=10)
