"""What the source says in running text (issue 15): partner groups, people, Future vs status, dated
events, funders, alternative figures, heading paths and flagged facts, on the real graph and data."""

from __future__ import annotations

import copy

import pytest
from rdflib.namespace import ORG, RDF

from collab_graph.common.namespaces import CG, iri, prefix_block
from collab_graph.compiler.coverage import coverage
from collab_graph.compiler.coverage_text import heading_path_rows
from collab_graph.compiler.records import load_yaml
from collab_graph.names.describe import describe
from collab_graph.store import open_store


@pytest.fixture(scope="module")
def ask(graph):
    store = open_store("oxigraph", graph)

    def run(query: str) -> list[tuple]:
        return [tuple(v.toPython() if v is not None else None for v in row) for row in store.query(prefix_block() + query).rows]

    return run


@pytest.fixture(scope="module")
def source(project) -> list[str]:
    return project.source.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def theme_files(project) -> dict:
    return {p: load_yaml(p, p.name) for p in sorted((project.graph_dir / "initiatives").glob("*.yaml"))}


def test_partner_groups_are_their_own_class_outside_the_organisation_network(graph):
    groups = set(graph.subjects(RDF.type, CG.PartnerGroup))
    assert len(groups) == 21
    assert not [g for g in groups if (g, RDF.type, ORG.Organization) in graph]  # so centrality never sees them
    crit = iri("partner-group", "crit-local-authorities")
    assert (iri("implementation", "community-engagement-greater-manchester-crit"), CG.partnerGroup, crit) in graph
    assert "printed as: some local authorities" in describe(graph, crit)


def test_every_person_named_in_the_text_holds_posts_with_sources(graph):
    text = describe(graph, iri("person", "sonia-thompson"))
    assert "holds (2):" in text and "Head of Operations" in text and "line 2948" in text
    board = describe(graph, iri("body", "derbyshire-joint-hq-board"))
    assert "Hardyal Singh Dhindsa" in board and "Chair of the Fire Authority" in board  # co-chairs, line 1230


def test_future_is_where_a_block_is_printed_and_status_is_read_from_its_text(ask):
    rows = ask("""SELECT ?id ?status WHERE { ?i cg:printedUnder/skos:notation "future" ; cg:status/skos:notation ?status ;
      cg:statusSource ?s . BIND(STRAFTER(STR(?i), "implementation/") AS ?id) }""")
    status = dict(rows)
    assert len(status) == 16  # every block printed under Future says where its status was read
    assert status["first-response-cardiac-arrest-london-future"] == "pilot"  # "currently piloting", line 269
    assert status["joint-facilities-northumbria"] == "live"  # "are now co-located", line 2107
    assert status["forced-entry-and-missing-people-bedfordshire-future"] == "planned"
    labels = ask("""SELECT ?l WHERE { ?i cg:localName "Multi Agency Incidence Transfer (MAIT)" ; skos:prefLabel ?l }""")
    assert "(planned)" not in labels[0][0]  # its status is pilot


def test_dated_events_belong_to_what_they_date(ask):
    rows = ask("""SELECT ?date ?kind WHERE { ?e cg:eventOf/skos:prefLabel ?impl ; schema:startDate ?date ;
      cg:eventKind/skos:notation ?kind . FILTER(CONTAINS(?impl, "Joint Control Rooms (JCC) – Kent")) } ORDER BY ?date""")
    assert [(str(d), k) for d, k in rows] == [("2012-03", "moved"), ("2013-02", "started"), ("2015-07", "went-live"), ("2021", "target")]


def test_each_award_names_its_funder_fund_and_printed_figure(ask):
    rows = ask("""SELECT ?funder ?fund ?printed WHERE { ?f cg:fund/skos:prefLabel ?fund ; schema:funder/skos:prefLabel ?funder ;
      cg:fundingFigure/cg:printed ?printed ; schema:fundedItem/cg:area/skos:prefLabel "Cumbria" }""")
    assert rows == [("DCLG", "DCLG Fire Transformation Fund", "£4.68 million")]  # line 1663
    assert ask("""SELECT ?i WHERE { ?i cg:partner/skos:prefLabel "Deloitte" }""") == []
    assert len(ask("""SELECT ?i WHERE { ?i cg:adviser/skos:prefLabel "Deloitte" }""")) == 1


def test_alternative_figures_are_grouped_and_one_is_counted(ask):
    rows = ask("""SELECT ?printed ?counted WHERE { ?g cg:alternative ?f . ?f cg:printed ?printed .
      BIND(EXISTS { ?g cg:countedFigure ?f } AS ?counted) } ORDER BY ?printed""")
    assert ("£0.28m", True) in rows and ("£0.58m", False) in rows  # lines 2548-2550


def test_every_implementation_matches_its_heading_path(source, theme_files):
    rows = heading_path_rows(source, theme_files)
    assert len(rows) == 100  # the South West forum is one record citing both printings
    wrong = [r for r in rows if r[2] not in r[1] or r[3] != r[4]]
    assert wrong == []


def test_the_heading_walk_catches_a_block_filed_where_the_page_prints_it(source, theme_files):
    broken = copy.deepcopy(theme_files)
    for data in broken.values():
        for initiative in data["initiatives"]:
            initiative.pop("printed_within", None)  # pretend nobody recorded the layout accident
    wrong = {r[0] for r in heading_path_rows(source, broken) if r[2] not in r[1] or r[3] != r[4]}
    assert wrong == {"joint-control-and-dispatch-surrey-and-sussex", "multi-agency-incident-transfer-surrey"}


def test_flagged_facts_carry_their_warning_into_show(graph):
    text = describe(graph, iri("org", "sussex-police"))
    assert "Nick Ephgrave ⚠" in text  # Sussex's chief constable line repeats Surrey's (line 5529)


def test_coverage_lists_every_running_text_kind_without_gaps(project, graph):
    measures = {m.name: m for m in coverage(project, graph)}
    for name in ("counts", "times", "partner groups", "people", "future headings", "future statuses", "dates", "funding"):
        assert measures[name].expected > 0 and measures[name].gaps == [], name
    for name in ("per-year figures", "alternative figures", "heading paths", "flagged facts"):
        assert measures[name].gaps == [], name
    assert measures["heading paths"].present == 100
