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
from collab_graph.sparql.run import QueryRunner
from collab_graph.sparql.text import mentions_variable
from library_rows import LIBRARY, ask

EXAMPLES = [example for query in LIBRARY.values() for example in query.header.examples]


@pytest.fixture(scope="module")
def runner(graph) -> QueryRunner:
    return QueryRunner(graph)


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
    monkeypatch.setattr("collab_graph.sparql.run.QueryRunner", lambda graph, store, *limits, **cache: runner)  # one store for all examples
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
    assert pick(ask(runner, "leaders-in-area", area="Cheshire"), "place", "organisation", "role", "person", "party") == [
        ("Cheshire", "Cheshire Constabulary", "Chief Constable", "Simon Byrne", ""),
        ("Cheshire", "Cheshire Fire and Rescue Service", "Chief Fire Officer", "Paul Hancock", ""),
        ("Cheshire", "North West Ambulance Service", "Chief Executive", "Derek Cartwright", ""),  # line 5301
        ("Cheshire", "Police and Crime Commissioner for Cheshire", "Police and Crime Commissioner", "David Keane", "Labour"),
    ]
    # the trust's chief executive is printed under every area it serves, Cumbria too (line 5319)
    assert ("Cumbria", "Derek Cartwright") in pick(ask(runner, "leaders-in-area", area="Cumbria"), "place", "person")


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
    assert ("Cumbria Constabulary", "Tri-Service Hub", "Cumbria", "planned") in rows  # not yet built (line 1685)
    assert ("Greater Manchester Police", "Joint Control Rooms (JCC)", "Greater Manchester", "live") in rows
    assert len({partner for partner, *_ in rows}) == 17


def test_frequent_partners(runner):
    rows = pick(ask(runner, "frequent-partners", min="6"), "first", "second", "implementations")
    # the South West forum, printed twice, counts once (so the Devon and Cornwall pairs have 5)
    assert rows == [
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
        "5",
    )
    assert all(first_area != second_area for _, first_area, _, second_area, _ in rows)
    # a regional ambulance trust has its region as its area, so its work outside it is listed
    assert ("East Midlands Ambulance Service", "East Midlands", "Yorkshire Ambulance Service", "Yorkshire and Humber", "1") in rows


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
    assert len(rows) == 11  # with London's and Essex's co-responding trials, printed under Future (lines 269, 289)
    assert ("Rural Intervention Vehicles", "Northamptonshire", "2016-02") in rows
    assert ("Dynamic Activation Posts (DAPs)", "Essex", "2015-01") in rows


def test_started_in_year(runner):
    rows = ask(runner, "started-in-year", year="2015")
    assert all(row["start"].startswith("2015") for row in rows)
    assert ("Shared Training Centre", "Cumbria") in pick(rows, "initiative", "area")
    # dates from the running text count too: Hayle community station opened in March 2015 (line 1636)
    assert ("2015-03", "Tri-Service Hub", "Devon and Cornwall") in pick(rows, "start", "initiative", "area")
    assert len(rows) == 36
    later = pick(ask(runner, "started-in-year", year="2016"), "start", "area", "event")
    assert ("2016-02-17", "Devon and Cornwall", "went live: co-responding extended to the Community of Poluran") in later


def test_implementations_in_area(runner):
    rows = pick(ask(runner, "implementations-in-area", area="Merseyside"), "initiative", "status")
    assert rows == [
        ("Clinical support desk – Triaging calls", "live"),
        ("Clinical support desk – Triaging calls", "planned"),
        ("First Response – Cardiac Arrest", "pilot"),
        ("Joint Control Rooms (JCC)", "live"),
        ("Joint Facilities", "planned"),  # the joint station is still to be built (line 1845)
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
    assert len(ask(runner, "find-implementations")) == 100
    # an area question includes the joint areas covering it
    sussex = pick(ask(runner, "find-implementations", area="Sussex", status="live"), "initiative", "place")
    assert ("Forced Entry and Missing People", "Surrey and Sussex") in sussex


def test_tri_service(runner):
    rows = pick(ask(runner, "tri-service"), "initiative", "area")
    assert ("Tri-Service Hub", "Cumbria") in rows
    assert ("Forced Entry and Missing People", "Lancashire") in rows
    assert ("Shared HQ", "Derbyshire") not in rows  # police and fire only
    assert ("Tri-Service Hub", "South Wales") in rows  # South Wales FRS co-locates (line 1733)
    assert len(rows) == 27


def test_area_timeline(runner):
    rows = pick(ask(runner, "area-timeline", area="Greater Manchester"), "start", "initiative", "scheme")
    assert rows[0] == ("2011", "Community Engagement", "Community Risk Intervention Team")
    # the Salford hub's board (January 2015), funding (1 April 2015) and start (1 June 2015) from lines 3676-3692
    assert [start for start, *_ in rows] == ["2011", "2013-05", "2015-01", "2015-04-01", "2015-06-01", "2015-11", "2016-06", "", ""]
    kent = pick(ask(runner, "area-timeline", area="Kent"), "start", "event")
    assert ("2015-07", "went live: shared mobilising system went live") in kent  # line 2257
    assert ("2021", "target date: £1.7m of savings expected") in kent  # line 2334


def test_without_figures(runner):
    rows = pick(ask(runner, "without-figures"), "initiative", "area", "lines")
    assert ("Revised Policy on Sudden Deaths", "Hampshire", "26") in rows
    assert ("Joint Control Rooms (JCC)", "Kent") not in rows  # Kent's control room saves £1.7m (line 2334)
    assert len(rows) == 41


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
    # Dorset £12m (line 2669) + Cheshire £0.28m (line 2548), never also its alternative, doubled £0.58m (line 2550)
    assert ("Strategic Alliances and Partnerships", "GBP", "anticipated", "2", "12280000") in rows
    # "£899,000 from year 3" (line 2730) is a yearly amount
    assert ("Strategic Alliances and Partnerships", "GBP-per-year", "anticipated", "1", "899000") in rows
    assert ("Demand Management and Rationalisation", "hours", "reported", "1", "138") in rows
    assert {unit for _, unit, *_ in rows} == {"GBP", "GBP-per-year", "hours"}


def test_savings_by_area(runner):
    norfolk = [row[1:] for row in pick(ask(runner, "savings-by-area"), "area", "unit", "kind", "total") if row[0] == "Norfolk"]
    # one-off pounds and pounds per year stay apart: £250,000 maintenance (line 2062), £14,000 per annum (line 2060)
    assert norfolk == [("GBP", "reported", "250000"), ("GBP-per-year", "reported", "14000")]
    cheshire = [row[1:] for row in pick(ask(runner, "savings-by-area"), "area", "unit", "kind", "total") if row[0] == "Cheshire"]
    assert ("GBP", "anticipated", "280000") in cheshire  # £0.28m or £0.58m (lines 2548-2550): not £860,000


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
    assert {"Gwent", "Suffolk"} <= areas
    assert "Kent" not in areas
    assert "Sussex" not in areas  # it takes part in the Surrey and Sussex collaborations


# ---------------------------------------------------------------- what the source says in running text


def test_partner_groups(runner):
    rows = pick(ask(runner, "partner-groups"), "group", "sector", "area", "count", "role")
    assert ("some local authorities", "local government", "Greater Manchester", "", "partner") in rows  # line 3604
    assert ("33 London Local Authorities", "local government", "London", "33", "funder") in rows  # lines 4596-4598
    assert ("Youth Offending teams", "local government", "Northumbria", "", "partner") in rows  # line 3921
    assert ("Probation Service", "other", "Kent", "", "consulted") in rows  # line 3743
    assert len(rows) == 24  # 21 groups; Trading Standards and two Dorset funders also sit in a body


def test_sector_involvement(runner):
    rows = pick(ask(runner, "sector-involvement", sector="local-government"), "area", "initiative", "participant", "as")
    # the councils the source names only collectively now count (lines 3604, 3919, 4357, 4552, 4039)
    for area, initiative, words in [
        ("Greater Manchester", "Community Engagement", "some local authorities"),
        ("Northumbria", "Community Engagement", "Local Authorities"),
        ("Northumbria", "Housing", "Local Authorities"),
        ("Cleveland", "Local Resilience Forums", "four respective Local Authorities"),
        ("Derbyshire", "Housing", "LA Housing"),
    ]:
        assert (area, initiative, words, "group (partner)") in rows
    assert ("Cumbria", "Tri-Service Hub", "Cumbria County Council", "organisation") in rows
    assert not [row for row in rows if row[3] == "group (consulted)"]  # Kent's district councils were only asked


def test_person_roles(runner):
    rows = pick(ask(runner, "person-roles", person="Sonia Thompson"), "role", "title", "in", "line")
    assert rows == [
        ("board member", "board member for WAST (the chair rotates between the three organisations)", "ESC Board", "2941"),
        ("Head of Operations", "Head of Operations", "Welsh Ambulance Services NHS Trust", "2948"),
    ]
    wilsher = {row[0] for row in pick(ask(runner, "person-roles", person="Roy Wilsher"), "role")}
    assert wilsher == {"Chief Fire Officer", "Chief Executive", "Director", "lead"}  # lines 2997-3001, 3025, 5396
    oreilly = pick(ask(runner, "person-roles", person="Peter O’Reilly"), "role", "title", "in")
    assert ("lead", "CFOA Strategic Health Lead", "Chief Fire Officers Association") in oreilly  # line 5098
    assert ("Chief Fire Officer", "", "Greater Manchester Fire and Rescue Service") in oreilly
    assert "national lead" not in {row[0] for row in oreilly}


def test_printed_under_future(runner):
    rows = pick(ask(runner, "printed-under-future"), "initiative", "area", "status")
    assert ("First Response – Cardiac Arrest", "London", "pilot") in rows  # "currently piloting", line 269
    assert ("First Response – Cardiac Arrest", "Essex", "pilot") in rows  # trial started April 2016, line 291
    assert ("Joint Facilities", "Northumbria", "live") in rows  # officers "are now co-located", line 2107
    assert ("Joint Facilities", "Bedfordshire", "planned") in rows  # "If agreed", line 2101
    assert len(rows) == 16


def test_who_funded_what(runner):
    rows = pick(ask(runner, "who-funded-what"), "funder", "fund", "outcome", "area", "amount")
    assert ("DCLG", "DCLG Fire Transformation Fund", "awarded", "Cumbria", "4680000") in rows  # line 1664
    assert ("DCLG", "DCLG Fire Transformation Fund", "awarded", "South Yorkshire", "560000") in rows  # line 1874
    assert ("Home Office", "Home Office Police Innovation Fund", "awarded", "Northumbria", "430000") in rows  # line 3939
    assert ("Home Office", "Home Office Police Innovation Fund", "rejected", "Derbyshire", "") in rows  # line 1217
    assert ("DCLG", "Transformation Challenge Award", "awarded", "Essex", "77544") in rows  # line 4152
    # a consultancy reviewing a strategy is not a partner (line 3573)
    assert not [row for row in ask(runner, "partners-of", org="Surrey Police") if row["partner"] == "Deloitte"]


def test_doubtful_facts(runner):
    rows = pick(ask(runner, "doubtful-facts"), "kind", "record", "line")
    assert ("post", "Police and Crime Commissioner, Police and Crime Commissioner for Sussex: Dave Munro", "5528") in rows
    assert len(rows) == 69  # 66 flagged records; a flagged post printed under several areas gives one row per printing
    # and the answers that use a flagged fact carry it
    sussex = pick(ask(runner, "leaders-of", org="Sussex Police"), "person", "caveat")
    assert all(caveat.startswith("Same ") for _, caveat in sussex) and len(sussex) == 2


def test_printed_elsewhere(runner):
    rows = pick(ask(runner, "printed-elsewhere"), "initiative", "theme", "printedWithin")
    assert set(rows) == {
        ("Joint Control and Dispatch Service", "Information Sharing", "Embedding LFB Fire Officers to support CONTEST strategy")
    }
    assert len(rows) == 2  # Surrey and Sussex's joint control and dispatch service and Surrey's MAIT (lines 3540-3573)


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
