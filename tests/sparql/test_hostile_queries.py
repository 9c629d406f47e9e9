"""Hostile query text, options and values: exact outcomes, and a stopped CLI leaves nothing running."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import xml.dom.minidom
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from collab_graph.sparql.library import QueryError, QuerySource
from collab_graph.sparql.output import render
from collab_graph.sparql.results import results
from collab_graph.sparql.run import QueryRunner
from collab_graph.store import Table

XSD = "http://www.w3.org/2001/XMLSchema#"


@pytest.fixture(scope="module")
def runner(graph) -> QueryRunner:
    return QueryRunner(graph, timeout=120)


def answer(runner: QueryRunner, text: str, **params: str) -> list[tuple]:
    outcome = runner.run(runner.prepare(QuerySource("demo", text), params), timeout=120)
    return [tuple(None if v is None else str(v) for v in row) for row in outcome.table.rows]


def test_escapes_mean_what_sparql_says(runner):
    assert answer(runner, 'SELECT ?x WHERE { BIND("\\u00e9cafe" AS ?x) }') == [("écafe",)]
    assert answer(runner, 'SELECT ?x WHERE { BIND("\\u0022" AS ?x) }') == [('"',)]
    assert answer(runner, "SELECT ?x WHERE { BIND(<urn:\\u0061> AS ?x) }") == [("urn:a",)]


def test_a_text_parameter_holding_an_escape_is_that_text(runner):
    assert answer(runner, "SELECT ?t WHERE { }", t='"\\u0041"') == [("\\u0041",)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('SELECT ?x WHERE { BIND("\\U00110000" AS ?x) }', "query demo: \\U00110000 is not a Unicode character at line 1, column 25"),
        ('SELECT ?x WHERE { BIND("\\uD800" AS ?x) }', "query demo: \\uD800 is not a Unicode character at line 1, column 25"),
        (
            "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/> { } }",
            "query demo: a backslash escape outside a string or IRI at line 1, column 18",
        ),
        ("SELECT * WHERE " + "{" * 70 + "}" * 70, "query demo: brackets nested more than 64 deep at line 1, column 80"),
        (
            "SELECT * WHERE { ?s ?p true.SERVICE <http://127.0.0.1:9/> { } }",
            "query demo: SERVICE at line 1 is refused: a query may not call a remote endpoint (it runs on the local graph only)",
        ),
    ],
)
def test_hostile_text_is_one_line_refusal(runner, text, message):
    with pytest.raises(QueryError) as refused:
        runner.prepare(QuerySource("demo", text))
    assert str(refused.value) == message


@pytest.mark.parametrize("store", ["oxigraph", "rdflib"])
def test_deep_but_allowed_nesting_runs_on_both_stores(graph, store):
    runner = QueryRunner(graph, store, timeout=120)
    assert answer(runner, "SELECT ?x WHERE { BIND(" + "(" * 40 + "1" + ")" * 40 + " AS ?x) }") == [("1",)]
    assert answer(runner, "ASK " + "{" * 60 + "}" * 60) == [("true",)]


@pytest.mark.parametrize(
    ("option", "value"), [("--timeout", "nan"), ("--timeout", "inf"), ("--timeout", "1e10"), ("--limit", "99999999999999999999")]
)
def test_out_of_range_options_are_usage_errors(query_cli_run, option, value):
    code, out, err = query_cli_run("query", "partners-of", "--param", "org=NWAS", option, value)
    assert code == 2 and out == ""
    assert err.startswith(f"error: Invalid value for '{option}'") and err.count("\n") == 1


def test_huge_numbers_render_as_written_in_every_format():
    table = Table(
        ["n"],
        [
            (Literal("1" * 5001, datatype=URIRef(XSD + "integer")),),
            (Literal("9E+99999999", datatype=URIRef(XSD + "decimal"), normalize=False),),
        ],
    )
    for fmt in ("table", "csv", "tsv", "json", "md"):
        text = render(table, fmt)
        assert "1" * 5001 in text and "9E+99999999" in text and len(text) < 20_000, fmt


def test_markdown_cells_keep_the_table_and_show_html_as_text():
    text = render(Table(["a", "b"], [(Literal("x | y"), Literal("<img src=x onerror=alert(1)> & \\"))]), "md")
    assert text.splitlines()[2] == "| x \\| y | &lt;img src=x onerror=alert(1)&gt; &amp; \\\\ |"


def test_xml_results_are_well_formed_for_any_value():
    body = results(Table(["x"], [(Literal("bell\x07 nul\x00 cr\r surrogate\ud800 ok"),)]), "xml")
    literal = xml.dom.minidom.parseString(body).getElementsByTagName("literal")[0].firstChild.data
    assert literal == "bell\ufffd nul\ufffd cr\r surrogate\ufffd ok"


def test_sigterm_to_the_cli_leaves_no_query_process(tmp_path: Path):
    """The query process dies with the CLI (PR_SET_PDEATHSIG), whatever stops the CLI."""
    (tmp_path / "forever.rq").write_text("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g\n", encoding="utf-8")
    cli = subprocess.Popen(
        [sys.executable, "-m", "collab_graph.cli", "query", "forever.rq", "--timeout", "3000", "--memory", "0"],
        cwd=tmp_path,
        env={**os.environ, "COLLAB_GRAPH_ROOT": str(Path(__file__).resolve().parents[2])},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        child = _wait_for(lambda: [pid for pid in _children(cli.pid) if _cpu_seconds(pid) >= 1], 300)  # the running query, not the check
        assert child, f"no query process appeared: {cli.stderr.read().decode() if cli.poll() is not None else ''}"
        cli.send_signal(signal.SIGTERM)
        cli.wait(60)
        assert _wait_for(lambda: not any(_alive(pid) for pid in child), 60), f"query process {child} still running"
    finally:
        if cli.poll() is None:
            cli.kill()


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] not in "ZX"
    except (OSError, IndexError):
        return False


def _wait_for(condition, limit: float):
    """Poll ``condition`` until it is true or ``limit`` seconds pass (a bound, not a timed assertion)."""
    end = time.monotonic() + limit
    while True:
        value = condition()
        if value or time.monotonic() > end:
            return value
        time.sleep(0.2)
