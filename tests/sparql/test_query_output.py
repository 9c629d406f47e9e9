"""`collab-graph query` output: formats, spreadsheet safety, files, the library listing and determinism."""

from __future__ import annotations

import csv
import io
import json

import pytest

from collab_graph.sparql.run import QueryRunner

FORMULAS = """SELECT ?cell ?n WHERE {
  VALUES (?cell ?n) { ("=HYPERLINK(\\"https://example.org\\")" -5) ("@SUM(A1)" 1) ("+1" 2) ("-2+3" 3) ("plain" 4) }
} ORDER BY ?n"""


@pytest.fixture(scope="module")
def runners(graph) -> dict[str, QueryRunner]:
    return {store: QueryRunner(graph, store) for store in ("oxigraph", "rdflib")}


@pytest.fixture()
def cli(monkeypatch, query_cli_run, runners):
    """Run ``collab-graph ARGS`` in-process, sharing one loaded store per engine."""
    monkeypatch.setattr(
        "collab_graph.sparql.run.QueryRunner", lambda graph, store, *limits, **cache: runners[getattr(store, "label", store)]
    )
    return query_cli_run


def test_csv_neutralises_formulas_but_not_numbers(cli):
    code, out, _ = cli("query", "-", "--format", "csv", stdin=FORMULAS)
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows == [
        ["cell", "n"],
        ['\'=HYPERLINK("https://example.org")', "-5"],
        ["'@SUM(A1)", "1"],
        ["'+1", "2"],
        ["'-2+3", "3"],
        ["plain", "4"],
    ]


def test_tsv_neutralises_formulas(cli):
    code, out, _ = cli("query", "-", "--format", "tsv", stdin=FORMULAS)
    assert code == 0
    assert out.splitlines()[:3] == ["cell\tn", '\'=HYPERLINK("https://example.org")\t-5', "'@SUM(A1)\t1"]


@pytest.mark.parametrize("fmt", ["table", "json", "md"])
def test_other_formats_keep_text_as_it_is(cli, fmt):
    code, out, _ = cli("query", "-", "--format", fmt, stdin=FORMULAS)
    assert code == 0
    assert '=HYPERLINK(\\"https://example.org\\")' in out if fmt == "json" else '=HYPERLINK("https://example.org")' in out
    assert "'=" not in out and "'@" not in out


def test_json_has_typed_values(cli):
    code, out, _ = cli("query", "leaders-of", "--param", "org=NWAS", "--format", "json")
    assert code == 0
    assert json.loads(out) == [
        {
            "organisation": "North West Ambulance Service",
            "role": "Chief Executive",
            "person": "Derek Cartwright",
            "party": None,
            "note": None,
            "caveat": None,
            "source": "; ".join(  # one post, printed under each area the trust serves
                f"line {line} · Service Information › {area} · est. p. {page}"
                for line, area, page in (
                    (5301, "Cheshire", 77),
                    (5319, "Cumbria", 77),
                    (5380, "Greater Manchester", 79),
                    (5424, "Lancashire", 80),
                    (5461, "Merseyside", 81),
                )
            ),
        }
    ]
    code, out, _ = cli("query", "-", "--format", "json", stdin="SELECT ?n ?d ?b WHERE { BIND(7 AS ?n) BIND(2.50 AS ?d) BIND(true AS ?b) }")
    assert json.loads(out) == [{"n": 7, "d": 2.5, "b": True}]


def test_markdown_table(cli):
    code, out, _ = cli("query", "pccs", "--param", "party=Independent", "--format", "md")
    assert code == 0
    assert out.splitlines()[:3] == [
        "| area | commissioner | party | caveat | source |",
        "| --- | --- | --- | --- | --- |",
        "| Avon and Somerset | Sue Mountstevens | Independent |  | line 5268 · Service Information › Avon and Somerset · est. p. 76 |",
    ]


def test_aligned_table_is_the_default(cli):
    code, out, _ = cli("query", "leaders-of", "--param", "org=Kent Police")
    assert code == 0
    assert out.splitlines() == [
        "organisation                            role                           person         party         note  caveat  source",
        "--------------------------------------  -----------------------------  -------------  ------------  ----  ------  ---------------------------------------------------",
        "Kent Police                             Chief Constable                Alan Pughsley                              line 5411 · Service Information › Kent · est. p. 80",
        "Police and Crime Commissioner for Kent  Police and Crime Commissioner  Matthew Scott  Conservative                line 5410 · Service Information › Kent · est. p. 80",
    ]


def test_out_writes_the_file_and_reports_it(cli, tmp_path):
    target = tmp_path / "pccs.csv"
    code, out, err = cli("query", "pccs", "--param", "party=Independent", "--format", "csv", "--out", str(target))
    assert code == 0 and out == ""
    assert err.strip() == f"wrote {target} (3 rows)"
    assert target.read_text(encoding="utf-8").splitlines()[1] == (
        "Avon and Somerset,Sue Mountstevens,Independent,,line 5268 · Service Information › Avon and Somerset · est. p. 76"
    )
    assert [p.name for p in tmp_path.iterdir()] == ["pccs.csv"]


def test_a_failed_query_writes_nothing(cli, tmp_path):
    target = tmp_path / "out.csv"
    code, _, _ = cli("query", "-", "--out", str(target), stdin="CLEAR ALL")
    assert code == 1 and not target.exists()


def test_show_sparql_prints_the_bound_query(cli):
    code, out, _ = cli("query", "partners-of", "--param", "org=NWAS", "--show-sparql")
    assert code == 0
    assert out.startswith("PREFIX cg: <https://w3id.org/collab-graph/ontology#>\n")
    assert "VALUES (?org) { (<https://w3id.org/collab-graph/id/org/north-west-ambulance-service>) }" in out


def test_user_query_may_declare_its_own_prefix_and_bind_undeclared_names(cli):
    text = "PREFIX c: <https://w3id.org/collab-graph/ontology#>\nSELECT ?name WHERE { ?org c:sector/skos:prefLabel ?name }"
    code, out, _ = cli("query", "-", "--param", "org=LAS", "--format", "csv", stdin=text)
    assert code == 0 and out == "name\nambulance\n"


def test_queries_lists_the_library_with_titles(cli):
    code, out, _ = cli("queries")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["name", "parameters", "title"]
    assert any(line.startswith("partners-of") and "org" in line and "Whom an organisation works with" in line for line in lines)
    assert any(line.startswith("find-implementations") and "[theme] [status] [year] [area] [org]" in line for line in lines)


def test_queries_name_shows_parameters_and_text(cli):
    code, out, _ = cli("queries", "partners-of")
    assert code == 0
    assert out.startswith("partners-of: Whom an organisation works with, and through which initiatives\n")
    assert "  --param org=...  the organisation, by name, alias or abbreviation" in out
    assert "  example: collab-graph query partners-of --param org=NWAS" in out
    assert "SELECT ?partner ?sector ?initiative ?area ?status" in out


def test_same_query_gives_byte_identical_output_on_both_engines(cli):
    outputs = {}
    for store in ("oxigraph", "rdflib"):
        code, out, _ = cli("query", "implementations-in-area", "--param", "area=Kent", "--format", "csv", "--store", store)
        assert code == 0
        outputs[store] = out
    assert outputs["oxigraph"] == outputs["rdflib"] and outputs["oxigraph"].count("\n") == 3  # header and Kent's two
    assert cli("query", "implementations-in-area", "--param", "area=Kent", "--format", "csv")[1] == outputs["oxigraph"]
