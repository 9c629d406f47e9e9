"""The query library: well-formed headers, runnable examples, and the real answer of every query.

Each library query has a test below asserting what it answers on the real graph: names, dates
and amounts as the source prints them (line numbers refer to the source text).
"""

from __future__ import annotations

import io
import shlex
import sys
from pathlib import Path

import pytest

from collab_graph.cli import main
from collab_graph.cli import query as query_cli
from collab_graph.sparql.library import library
from collab_graph.sparql.output import text
from collab_graph.sparql.run import QueryRunner
from collab_graph.sparql.text import mentions_variable

LIBRARY = library()
EXAMPLES = [example for query in LIBRARY.values() for example in query.header.examples]


@pytest.fixture(scope="module")
def runner(graph) -> QueryRunner:
    return QueryRunner(graph)


def ask(runner: QueryRunner, name: str, **params: str) -> list[dict[str, str]]:
    """Rows of library query ``name`` as dicts of the text a user sees."""
    outcome = runner.run(runner.prepare(LIBRARY[name], params))
    assert not outcome.capped
    return [{c: text(v) for c, v in zip(outcome.table.columns, row, strict=True)} for row in outcome.table.rows]


def pick(rows: list[dict[str, str]], *columns: str) -> list[tuple[str, ...]]:
    return [tuple(row[c] for c in columns) for row in rows]


# ---------------------------------------------------------------- the library itself


def test_library_has_at_least_25_documented_queries():
    assert len(LIBRARY) >= 25
    for name, query in LIBRARY.items():
        assert query.header.title and query.header.question, name
        assert query.header.examples, f"{name} has no example"
        assert all(e.startswith(f"collab-graph query {name}") for e in query.header.examples), name


def test_every_parameter_is_a_variable_of_its_query():
    for name, query in LIBRARY.items():
        for param in query.header.params:
            assert mentions_variable(query.text, param.name), f"{name}: ?{param.name} is not in the query"


@pytest.mark.parametrize("example", EXAMPLES)
def test_every_example_runs(example, monkeypatch, capsys, compiled, runner):
    monkeypatch.setattr(query_cli, "get_compiled", lambda ctx: compiled)
    monkeypatch.setattr("collab_graph.sparql.run.QueryRunner", lambda graph, store: runner)  # one store for all examples
    monkeypatch.setattr(sys, "argv", shlex.split(example))
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    with pytest.raises(SystemExit) as exit_info:
        main()
    out, err = capsys.readouterr()
    assert exit_info.value.code == 0, err
    assert err == ""
    assert len(out.splitlines()) >= 3, f"{example} printed no rows"


def test_docs_list_every_library_query():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "queries.md").read_text(encoding="utf-8")
    assert [name for name in LIBRARY if f"| `{name}` |" not in docs] == []


def test_every_query_has_a_real_answer_test():
    tested = {name.removeprefix("test_").replace("_", "-") for name in globals() if name.startswith("test_")}
    assert set(LIBRARY) <= tested, f"untested: {sorted(set(LIBRARY) - tested)}"


# ---------------------------------------------------------------- leaders


def test_leaders_of(runner):
    assert pick(ask(runner, "leaders-of", org="NWAS"), "organisation", "role", "person") == [
        ("North West Ambulance Service", "Chief Executive", "Derek Cartwright")  # line 5301
    ]
    assert pick(ask(runner, "leaders-of", org="Kent Police"), "organisation", "role", "person", "party") == [
        ("Kent Police", "Chief Constable", "Alan Pughsley", ""),  # line 5411
        ("Police and Crime Commissioner for Kent", "Police and Crime Commissioner", "Matthew Scott", "Conservative"),  # line 5410
    ]


def test_leaders_in_area(runner):
    assert pick(ask(runner, "leaders-in-area", area="Cheshire"), "organisation", "role", "person", "party") == [
        ("Cheshire Constabulary", "Chief Constable", "Simon Byrne", ""),
        ("Cheshire Fire and Rescue Service", "Chief Fire Officer", "Paul Hancock", ""),
        ("Police and Crime Commissioner for Cheshire", "Police and Crime Commissioner", "David Keane", "Labour"),
    ]


def test_pccs(runner):
    rows = ask(runner, "pccs")
    assert len(rows) == 37
    assert ("Kent", "Matthew Scott", "Conservative") in pick(rows, "area", "commissioner", "party")
    assert pick(ask(runner, "pccs", party="Independent"), "area", "commissioner") == [
        ("Avon and Somerset", "Sue Mountstevens"),  # line 5268
        ("Dorset", "Martyn Underhill"),  # line 5340
        ("Gloucestershire", "Martin Surl"),  # line 5366
    ]


# ---------------------------------------------------------------- partners


def test_partners_of(runner):
    rows = pick(ask(runner, "partners-of", org="NWAS"), "partner", "initiative", "area", "status")
    assert ("Merseyside Police", "First Response – Cardiac Arrest", "Merseyside", "pilot") in rows
    assert ("Cumbria Constabulary", "Tri-Service Hub", "Cumbria", "live") in rows
    assert ("Greater Manchester Police", "Joint Control Rooms (JCC)", "Greater Manchester", "live") in rows
    assert len({partner for partner, *_ in rows}) == 17


def test_frequent_partners(runner):
    rows = pick(ask(runner, "frequent-partners", min="6"), "first", "second", "implementations")
    assert rows == [
        ("Cornwall Fire and Rescue Service", "South Western Ambulance Service NHS Foundation Trust", "6"),
        ("Devon and Cornwall Police", "Devon and Somerset Fire and Rescue Service", "6"),
        ("Hampshire Constabulary", "South Central Ambulance Service", "6"),
        ("London Ambulance Service", "Metropolitan Police Service", "6"),
    ]


def test_busiest_organisations(runner):
    rows = pick(ask(runner, "busiest-organisations", min="8"), "organisation", "sector", "implementations", "initiatives", "areas")
    assert rows == [
        ("North West Ambulance Service", "ambulance", "12", "7", "5"),
        ("London Ambulance Service", "ambulance", "8", "7", "1"),
    ]


def test_initiative_partners(runner):
    rows = pick(ask(runner, "initiative-partners", initiative="Tri-Service Hub"), "area", "partner", "role", "leader")
    assert ("Cumbria", "Cumbria Constabulary", "Chief Constable", "Jeremy Graham") in rows  # line 5315
    assert ("Cumbria", "North West Ambulance Service", "Chief Executive", "Derek Cartwright") in rows
    assert ("Cumbria", "Cumbria County Council", "", "") in rows
    assert sorted({area for area, *_ in rows}) == ["Cumbria", "Devon and Cornwall", "South Wales"]  # lines 1623-1740


def test_led_by(runner):
    assert pick(ask(runner, "led-by", org="LFB"), "initiative", "area", "start") == [
        ("Embedding LFB Fire Officers to support CONTEST strategy", "London", "2002")
    ]
    assert pick(ask(runner, "led-by", org="GMFRS"), "scheme", "start") == [
        ("Community Risk Intervention Team", "2011"),
        ("Salford Integrated Prevention Hub", "2016-06"),
    ]


def test_leads(runner):
    rows = pick(ask(runner, "leads"), "lead", "initiative", "area", "scheme")
    assert rows == [
        ("Derbyshire Constabulary", "Shared HQ", "Derbyshire", ""),
        ("Greater Manchester Fire and Rescue Service", "Community Engagement", "Greater Manchester", "Community Risk Intervention Team"),
        ("Greater Manchester Fire and Rescue Service", "Community Engagement", "Greater Manchester", "Salford Integrated Prevention Hub"),
        ("London Fire Brigade", "Embedding LFB Fire Officers to support CONTEST strategy", "London", ""),
        ("Shropshire Fire and Rescue Service", "PCSOs employed as RDS Firefighters (Pilot)", "West Mercia", ""),
    ]


def test_no_partner_from(runner):
    no_ambulance = pick(ask(runner, "no-partner-from"), "organisation", "ownSector", "implementations")
    assert ("Derbyshire Fire and Rescue Service", "fire", "3") in no_ambulance
    assert all(sector in {"police", "fire"} for _, sector, _ in no_ambulance)
    assert pick(ask(runner, "no-partner-from", sector="police"), "organisation") == [
        ("Gloucestershire Fire and Rescue Service",),
        ("Mid and West Wales Fire and Rescue Service",),
        ("North Yorkshire Fire and Rescue Service",),
        ("West Yorkshire Fire and Rescue Service",),
    ]


def test_cross_boundary(runner):
    rows = pick(ask(runner, "cross-boundary"), "first", "firstArea", "second", "secondArea", "implementations")
    assert rows[0] == (
        "Devon and Cornwall Police",
        "Devon and Cornwall",
        "Devon and Somerset Fire and Rescue Service",
        "Devon and Somerset",
        "6",
    )
    assert all(first_area != second_area for _, first_area, _, second_area, _ in rows)


# ---------------------------------------------------------------- initiatives and implementations


def test_initiatives_by_theme(runner):
    rows = pick(ask(runner, "initiatives-by-theme", theme="shared-estates"), "position", "initiative", "status", "implementations")
    assert rows == [
        ("1", "Shared HQ", "live", "4"),
        ("2", "Joint Vehicle Workshop", "live", "2"),
        ("3", "Shared Training Centre", "live", "3"),
        ("4", "Tri-Service Hub", "live", "3"),
        ("5", "Joint Facilities", "live", "10"),
        ("6", "Dynamic Activation Posts (DAPs)", "pilot", "1"),
        ("7", "FUTURE: Fleet Procurement", "planned", "1"),
    ]
    assert ask(runner, "initiatives-by-theme", theme="Shared Estates and Assets") == ask(
        runner, "initiatives-by-theme", theme="shared-estates"
    )


def test_implementations_by_status(runner):
    rows = pick(ask(runner, "implementations-by-status", status="pilot"), "initiative", "area", "start")
    assert len(rows) == 9
    assert ("Rural Intervention Vehicles", "Northamptonshire", "2016-02") in rows
    assert ("Dynamic Activation Posts (DAPs)", "Essex", "2015-01") in rows


def test_started_in_year(runner):
    rows = ask(runner, "started-in-year", year="2015")
    assert all(row["start"].startswith("2015") for row in rows)
    assert ("Shared Training Centre", "Cumbria") in pick(rows, "initiative", "area")
    assert len(rows) == 29


def test_implementations_in_area(runner):
    rows = pick(ask(runner, "implementations-in-area", area="Merseyside"), "initiative", "status")
    assert rows == [
        ("Clinical support desk – Triaging calls", "live"),
        ("Clinical support desk – Triaging calls", "planned"),
        ("First Response – Cardiac Arrest", "pilot"),
        ("Joint Control Rooms (JCC)", "live"),
        ("Joint Facilities", "live"),
        ("Strategic Alliances and Partnerships", "live"),
    ]
    north_west = {row["place"] for row in ask(runner, "implementations-in-area", area="North West")}
    assert {"Merseyside", "Greater Manchester", "Cumbria", "Cheshire", "Lancashire"} <= north_west


def test_find_implementations(runner):
    rows = ask(runner, "find-implementations", theme="first-response", status="live")
    assert {row["statusName"] for row in rows} == {"live"}
    assert ("First Response – Cardiac Arrest", "Essex", "2012") in pick(rows, "initiative", "place", "start")
    nwas = pick(ask(runner, "find-implementations", area="North West", org="NWAS"), "initiative", "place")
    assert ("Tri-Service Hub", "Cumbria") in nwas and ("Forced Entry and Missing People", "Lancashire") in nwas
    assert pick(ask(runner, "find-implementations", year="2002"), "initiative", "place") == [
        ("Embedding LFB Fire Officers to support CONTEST strategy", "London")
    ]
    assert len(ask(runner, "find-implementations")) == 101


def test_tri_service(runner):
    rows = pick(ask(runner, "tri-service"), "initiative", "area")
    assert ("Tri-Service Hub", "Cumbria") in rows
    assert ("Forced Entry and Missing People", "Lancashire") in rows
    assert ("Shared HQ", "Derbyshire") not in rows  # police and fire only
    assert len(rows) == 27


def test_area_timeline(runner):
    rows = pick(ask(runner, "area-timeline", area="Greater Manchester"), "start", "initiative", "scheme")
    assert rows[0] == ("2011", "Community Engagement", "Community Risk Intervention Team")
    assert [start for start, *_ in rows] == ["2011", "2013-05", "2015-11", "2016-06", "", ""]


def test_without_figures(runner):
    rows = pick(ask(runner, "without-figures"), "initiative", "area", "lines")
    assert ("Revised Policy on Sudden Deaths", "Hampshire", "26") in rows
    assert ("Joint Control Rooms (JCC)", "Kent") not in rows  # Kent's control room saves £1.7m (line 2334)
    assert len(rows) == 42


# ---------------------------------------------------------------- sites, bodies, documents


def test_shared_sites(runner):
    rows = pick(ask(runner, "shared-sites"), "site", "organisation", "sector")
    hub = [(org, sector) for site, org, sector in rows if site == "Furness Peninsula Blue Light Hub"]  # line 1667
    assert hub == [
        ("North West Ambulance Service", "ambulance"),
        ("Cumbria Fire and Rescue Service", "fire"),
        ("Cumbria Constabulary", "police"),
    ]
    assert len({site for site, *_ in rows}) == 46


def test_sites_of(runner):
    assert pick(ask(runner, "sites-of", org="Cumbria Constabulary"), "site", "sharedWith") == [
        ("Fire Behaviour Training facility, Penrith", "Cumbria Fire and Rescue Service"),
        ("Furness Peninsula Blue Light Hub", "Cumbria Fire and Rescue Service"),
        ("Furness Peninsula Blue Light Hub", "North West Ambulance Service"),
    ]


def test_governance_bodies(runner):
    rows = pick(ask(runner, "governance-bodies", area="Merseyside"), "body", "kind", "members")
    assert ("Joint Committee", "joint committee", "2") in rows  # lines 2741-2745
    assert ("Programme Board", "board", "3") in rows


def test_national_bodies(runner):
    rows = pick(ask(runner, "national-bodies"), "body", "document", "as", "issued")
    statement = "Consensus Statement on Saving Lives and Improving Health and Wellbeing between AACE and CFOA"
    assert ("Association of Ambulance Chief Executives", statement, "author", "2016-05") in rows
    assert ("Chief Fire Officers Association", statement, "signatory", "2016-05") in rows
    assert ("ACPO", "", "", "") in rows  # named, but signed nothing in the source


def test_document_signatories(runner):
    rows = pick(ask(runner, "document-signatories"), "person", "organisation")
    assert ("Martin Flaherty", "Association of Ambulance Chief Executives") in rows
    assert ("Peter O’Reilly", "Chief Fire Officers Association") in rows


# ---------------------------------------------------------------- figures


def test_savings_by_theme(runner):
    rows = pick(ask(runner, "savings-by-theme"), "theme", "unit", "kind", "figures", "total")
    assert ("Joint Control Rooms", "GBP", "estimated", "1", "1700000") in rows  # "£1.7m of savings", line 2334
    # Dorset £12m (line 2669) + Lincolnshire £899,000 (line 2730) + Cheshire £0.28m and, doubled, £0.58m (lines 2548-2550)
    assert ("Strategic Alliances and Partnerships", "GBP", "anticipated", "4", "13759000") in rows
    assert ("Demand Management and Rationalisation", "hours", "reported", "1", "138") in rows
    assert {unit for _, unit, *_ in rows} == {"GBP", "GBP-per-year", "hours"}


def test_savings_by_area(runner):
    norfolk = [row[1:] for row in pick(ask(runner, "savings-by-area"), "area", "unit", "kind", "total") if row[0] == "Norfolk"]
    # one-off pounds and pounds per year stay apart: £250,000 maintenance (line 2062), £14,000 per annum (line 2060)
    assert norfolk == [("GBP", "reported", "250000"), ("GBP-per-year", "reported", "14000")]


def test_figures_in_area(runner):
    rows = pick(ask(runner, "figures-in-area", area="Norfolk"), "measure", "amount", "unit", "printed", "line")
    assert ("capital receipt from selling the old Sheringham site", "451000", "GBP", "£451,000", "2065") in rows
    assert len(rows) == 6


# ---------------------------------------------------------------- provenance and coverage


def test_source_of(runner):
    assert pick(ask(runner, "source-of", thing="EEAS"), "first", "last", "section") == [("215", "216", "First Response and Co-responding")]


def test_organisations_in_sector(runner):
    rows = pick(ask(runner, "organisations-in-sector", sector="ambulance"), "organisation", "kind", "implementations")
    assert len(rows) == 11
    assert ("North West Ambulance Service", "Ambulance service", "12") in rows


def test_quiet_areas(runner):
    areas = {row["area"] for row in ask(runner, "quiet-areas")}
    assert {"Gwent", "Suffolk", "Sussex"} <= areas
    assert "Kent" not in areas


# ---------------------------------------------------------------- sources (issue 16)

#: Queries whose rows are counts or totals over many facts (the listing queries give those facts' sources),
#: and source-of, whose rows are the sources themselves (lines, page or estimated page, section, heading).
AGGREGATES = {
    "busiest-organisations",
    "cross-boundary",
    "frequent-partners",
    "governance-bodies",
    "initiatives-by-theme",
    "no-partner-from",
    "organisations-in-sector",
    "savings-by-area",
    "savings-by-theme",
    "source-of",
}


@pytest.mark.parametrize("name", sorted(set(LIBRARY) - AGGREGATES))
def test_every_row_resting_on_source_facts_cites_its_lines_and_page(runner, name):
    """Every library query's first example runs with a `source` column a reader can follow."""
    example = LIBRARY[name].header.examples[0]
    words = shlex.split(example)
    params = dict(w.split("=", 1) for w in words[words.index("--param") + 1 :: 2]) if "--param" in words else {}
    rows = ask(runner, name, **params)
    assert rows, example
    assert all(row["source"].startswith("line") for row in rows)
    assert all(" p. " in row["source"] for row in rows), [row["source"] for row in rows if " p. " not in row["source"]][:3]


def test_aggregate_queries_are_the_only_ones_without_a_source_column(runner):
    without = {name for name, query in LIBRARY.items() if not mentions_variable(query.text, "source")}
    assert without == AGGREGATES
    rows = ask(runner, "source-of", thing="NWAS")
    assert rows and all(row["page"] or row["estimatedPage"] for row in rows)
