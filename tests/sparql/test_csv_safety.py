"""Every CSV/TSV the tool writes is spreadsheet-safe: ``query --format csv|tsv`` and the analysis exports, on the
hostile project copy, through the one implementation in :mod:`collab_graph.common.csvcell`; numbers stay numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from collab_graph.analysis import export as analysis_export
from collab_graph.analysis.export import TableData, to_csv
from collab_graph.cli import cli
from collab_graph.common import csvcell
from collab_graph.sparql import output
from hostile_project import KENT_POLICE, MEASURE, ORGANISATION

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
FIGURE = f"""SELECT ?measure ?amount ?minus ?label WHERE {{
  ?figure cg:measure ?measure ; schema:value ?amount . FILTER(STRSTARTS(?measure, "=1+1"))
  <{KENT_POLICE}> skos:prefLabel ?label .
  BIND(-2 AS ?minus)
}}"""


def run(*args: str, stdin: str | None = None) -> str:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    assert result.exit_code == 0, result.output
    return result.output


def is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def assert_safe(rows: list[list[str]]) -> None:
    """No cell a spreadsheet would run: each is a number or does not start like a formula."""
    for row in rows:
        for cell in row:
            assert is_number(cell) or not cell.startswith(FORMULA_START), (cell, row)


def test_query_csv_neutralises_hostile_data_and_keeps_numbers(hostile):
    rows = list(csv.reader(io.StringIO(run("--root", str(hostile.root), "query", "-", "--format", "csv", stdin=FIGURE))))
    assert rows == [["measure", "amount", "minus", "label"], ["'" + MEASURE, "1700000", "-2", "'" + ORGANISATION]]
    assert_safe(rows)


def test_query_tsv_neutralises_hostile_data(hostile):
    lines = run("--root", str(hostile.root), "query", "-", "--format", "tsv", stdin=FIGURE).splitlines()
    assert lines[0] == "measure\tamount\tminus\tlabel"
    cells = lines[1].split("\t")
    assert cells[:3] == ["'" + MEASURE, "1700000", "-2"]
    assert cells[3].startswith("'@Kent <img")


@pytest.fixture(scope="module")
def analysis_csvs(hostile, tmp_path_factory) -> dict[str, list[list[str]]]:
    out = tmp_path_factory.mktemp("hostile-analysis")
    run("--root", str(hostile.root), "analyse", "--out", str(out))
    return {path.name: list(csv.reader(io.StringIO(path.read_text(encoding="utf-8")))) for path in sorted(Path(out).glob("*.csv"))}


def test_analysis_csvs_neutralise_the_hostile_organisation(analysis_csvs):
    assert len(analysis_csvs) == 9
    ranking = analysis_csvs["ranking.csv"]
    row = next(r for r in ranking if r[1] == KENT_POLICE)
    assert row[2] == "'" + ORGANISATION
    membership = next(r for r in analysis_csvs["membership.csv"] if r[0] == KENT_POLICE)
    assert membership[1] == "'" + ORGANISATION
    for rows in analysis_csvs.values():
        assert_safe(rows)


def test_a_lone_carriage_return_stays_inside_its_cell():
    table = TableData("t", ("text", "n"), (("one\rtwo", 1),))
    assert list(csv.reader(io.StringIO(to_csv(table).decode(), newline=""))) == [["text", "n"], ["one\rtwo", "1"]]


def test_analysis_csv_keeps_negative_numbers_as_numbers():
    table = TableData("t", ("text", "int", "float"), (("-1 + 2", -1, -0.5), ("@x", 0, 2.0)))
    assert to_csv(table).decode() == "text,int,float\n'-1 + 2,-1,-0.5\n'@x,0,2.0\n"


def test_one_implementation_for_every_csv_writer():
    """Both writers neutralise and write CSV through csvcell (no second copy of the rule)."""
    assert output.neutralise is csvcell.neutralise and analysis_export.neutralise is csvcell.neutralise
    assert output.csv_text is csvcell.csv_text and analysis_export.csv_text is csvcell.csv_text
    assert not hasattr(output, "FORMULA_START") and not hasattr(analysis_export, "FORMULA_START")
