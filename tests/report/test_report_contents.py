"""Briefing reports checked against the graph: every collaboration, partner, figure, leader and source line on the
page is what ``collab-graph show`` and the graph say, and nothing the graph holds for the subject is missing."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from page_text import rows, section, text
from rdflib import Graph, URIRef
from rdflib.namespace import FOAF, ORG, PROV, SKOS

from collab_graph.common.errors import CollabGraphError
from collab_graph.common.labels import label
from collab_graph.common.namespaces import CG, ID, SCHEMA
from collab_graph.names.describe import describe
from collab_graph.report.content import money
from collab_graph.report.make import Reporter

ROOT = Path(__file__).resolve().parents[2]
MERSEYSIDE = ID["area/merseyside"]
NWAS = ID["org/north-west-ambulance-service"]


@pytest.fixture(scope="module")
def reporter(graph) -> Reporter:
    return Reporter(graph)


def lines_of(graph: Graph, node: URIRef) -> list[str]:
    """Each source excerpt of ``node`` as the page cites it: "line N" / "lines A–B", and "p. N" where printed."""
    cited = []
    for excerpt in graph.objects(node, PROV.wasDerivedFrom):
        first, last = int(graph.value(excerpt, CG.lineStart)), int(graph.value(excerpt, CG.lineEnd))
        where = f"line {first}" if first == last else f"lines {first}–{last}"
        page = graph.value(excerpt, CG.page)
        cited.append(where + (f" · p. {page}" if page is not None else ""))
    return cited


def check_rows(graph: Graph, page: str, expected: list[URIRef]) -> None:
    """The collaborations table holds exactly ``expected``: each row with its initiative, status, dates, every partner,
    every figure (amount with unit, kind, measure) and the source lines and page of it and of each figure."""
    found = rows(section(page, "Collaborations"))
    assert len(found) == len(expected), f"{len(found)} rows on the page, {len(expected)} in the graph"
    unused = list(found)
    for impl in expected:
        initiative = graph.value(impl, CG.implements)
        cites = lines_of(graph, impl)
        matching = [r for r in unused if all(c in r for c in cites) and label(graph, initiative) in r]
        assert matching, f"no row for {label(graph, impl)} citing {cites}"
        row = matching[0]
        unused.remove(row)
        assert label(graph, graph.value(impl, CG.status)) in row
        for date in (graph.value(impl, SCHEMA.startDate), graph.value(impl, SCHEMA.endDate)):
            assert date is None or str(date) in row
        for partner in graph.objects(impl, CG.partner):
            assert label(graph, partner) in row, f"{label(graph, partner)} missing from {label(graph, impl)}"
        for figure in graph.objects(impl, CG.figure):
            amount = money(Decimal(str(graph.value(figure, SCHEMA.value))))
            assert amount in row, f"{amount} missing from {label(graph, impl)}"
            assert str(graph.value(figure, CG.measure)) in row
            assert label(graph, graph.value(figure, CG.figureKind)) in row
            assert all(c in row for c in lines_of(graph, figure))


def partner_in(graph: Graph, org: URIRef) -> list[str]:
    """What ``collab-graph show`` lists under "partner in" for ``org`` (the collaborations' labels)."""
    shown = describe(graph, org).split("\n")
    start = next(i for i, line in enumerate(shown) if line.startswith("  partner in ("))
    count = int(shown[start].split("(")[1].split(")")[0])
    entries = [line.strip() for line in shown[start + 1 :] if line.startswith("    ") and not line.startswith("     ")][:count]
    return [entry.split(" ⚠")[0] for entry in entries]  # show marks a flagged one; the report lists flags apart


def test_merseyside_report_matches_the_graph(reporter, graph):
    page = reporter.report("area", "Merseyside").html
    expected = sorted(graph.subjects(CG.area, MERSEYSIDE))
    expected = [i for i in expected if (i, CG.implements, None) in graph]
    check_rows(graph, page, expected)
    headline = text(page.split('<p class="headline">', 1)[1].split("</p>", 1)[0])
    partners = {p for i in expected for p in graph.objects(i, CG.partner)}
    assert headline.startswith(f"Merseyside has {len(expected)} collaborations between {len(partners)} partner organisations")
    statuses = [label(graph, graph.value(i, CG.status)) for i in expected]
    for status in ("live", "pilot", "planned"):
        assert f"{statuses.count(status)} {status}" in headline
    assert "£6,600,000 (reported), cost of the Joint Command and Control centre" in text(page)


def test_area_leaders_are_every_post_holder_printed_under_it(reporter, graph, project):
    """Every post whose source lines fall in Merseyside's Service Information block is on the page, with its line,
    and each holder printed on the page is printed in that block of the source."""
    page = reporter.report("area", "Merseyside").html
    leaders = rows(section(page, "Leaders"))
    block = next(
        e for e in graph.objects(MERSEYSIDE, PROV.wasDerivedFrom) if str(graph.value(e, CG.section)).endswith("/service-information")
    )
    first, last = int(graph.value(block, CG.lineStart)), int(graph.value(block, CG.lineEnd))
    printed = "\n".join(project.source.read_text(encoding="utf-8").splitlines()[first - 1 : last])
    expected = []
    for post in graph.subjects(ORG.heldBy, None):
        for excerpt in graph.objects(post, PROV.wasDerivedFrom):
            if first <= int(graph.value(excerpt, CG.lineStart)) <= last:
                expected.append((str(graph.value(graph.value(post, ORG.heldBy), FOAF.name)), int(graph.value(excerpt, CG.lineStart))))
    assert expected and len(leaders) >= len(expected)
    for holder, line in expected:
        assert any(holder in row and f"line {line}" in row for row in leaders), f"{holder} (line {line}) missing"
    for row in leaders:
        holder = row.split(" | ")[2]
        assert holder.split(" (")[0] in printed


def test_nwas_report_lists_what_show_lists(reporter, graph):
    page = reporter.report("org", "NWAS").html
    expected = sorted(graph.subjects(CG.partner, NWAS))
    check_rows(graph, page, expected)
    shown = partner_in(graph, NWAS)
    assert sorted(label(graph, i) for i in expected) == sorted(shown)
    leaders = rows(section(page, "Leaders"))
    posts = sorted(graph.subjects(ORG.postIn, NWAS))
    assert len(leaders) == len(posts) > 0
    for post in posts:
        holder = str(graph.value(graph.value(post, ORG.heldBy), FOAF.name))
        assert any(holder in row and label(graph, graph.value(post, ORG.role)) in row for row in leaders)


def test_nwas_rank_cluster_and_brokers_come_from_the_analysis(reporter):
    briefing = reporter.report("org", "North West Ambulance Service").briefing
    score = reporter.analysis.score(str(NWAS))
    cluster = reporter.analysis.cluster_of(str(NWAS))
    paragraphs = [b for b in briefing.comparison if isinstance(b, str)]
    table = next(b for b in briefing.comparison if isinstance(b, list))
    assert f"ranks {score.rank} of the {len(reporter.analysis.scores)} organisations" in paragraphs[0]
    assert ["partners", str(score.partners), "1"] == table[1][:3]  # the most widely collaborating organisation
    assert f"Partnership cluster {cluster.number} (Louvain communities): {cluster.size} organisations" in paragraphs[1]
    assert "Brokers of the cluster" in paragraphs[2] and "North West Ambulance Service (betweenness" in paragraphs[2]


def test_leaders_of_an_organisation_include_its_governing_body(reporter, graph):
    """Merseyside Police is governed by its PCC's office: both sets of post holders are printed."""
    police = ID["org/merseyside-police"]
    page = reporter.report("org", "Merseyside Police").html
    leaders = " ".join(rows(section(page, "Leaders")))
    bodies = [police, *graph.objects(police, CG.governedBy)]
    assert len(bodies) == 2
    for body in bodies:
        for post in graph.subjects(ORG.postIn, body):
            assert str(graph.value(graph.value(post, ORG.heldBy), FOAF.name)) in leaders


@pytest.mark.parametrize(
    ("kind", "name", "iri"), [("initiative", "First Response – Cardiac Arrest", "initiative/first-response-cardiac-arrest")]
)
def test_initiative_report_matches_the_graph(reporter, graph, kind, name, iri):
    page = reporter.report(kind, name).html
    check_rows(graph, page, sorted(graph.subjects(CG.implements, ID[iri])))


def test_theme_report_matches_the_graph(reporter, graph):
    page = reporter.report("theme", "Joint Control Rooms").html
    theme = graph.value(ID["initiative/joint-control-rooms"], CG.theme)
    expected = sorted(i for init in graph.subjects(CG.theme, theme) for i in graph.subjects(CG.implements, init))
    check_rows(graph, page, expected)
    assert text(page).count("Tri-service") == 0 and "take part together in" in text(section(page, "How it compares"))


def test_caveats_carry_every_source_issue_on_the_page(reporter, graph):
    """Sussex: its PCC and Chief Constable lines repeat Surrey's; the data flags it, and so does the report."""
    page = reporter.report("area", "Sussex").html
    caveats = text(section(page, "Caveats"))
    flagged = [
        str(issue)
        for post in graph.subjects(ORG.postIn, None)
        for issue in graph.objects(post, CG.sourceIssue)
        if "Sussex" in label(graph, post) and "Surrey" in str(issue)
    ]
    assert flagged
    for issue in flagged:
        assert " ".join(issue.split()) in caveats
    assert "never added together" in caveats


def test_alternative_figures_are_marked_and_never_the_largest_sum(reporter, graph):
    """Where the graph groups figures as alternatives (cg:alternative), the page marks the extra ones as not added."""
    alternatives = {f for g in graph.subjects(CG.countedFigure, None) for f in graph.objects(g, CG.alternative)} - set(
        graph.objects(None, CG.countedFigure)
    )
    placed = [(f, i) for f in sorted(alternatives) for i in graph.subjects(CG.figure, f) if (i, CG.area, None) in graph]
    assert placed  # Cheshire's strategic alliance (its anticipated total is printed twice)
    for _, impl in placed:
        page = reporter.report("area", iri=str(graph.value(impl, CG.area))).html
        assert "alternative: not added" in page


def test_a_report_on_an_id_the_graph_lacks_is_an_error(reporter):
    with pytest.raises(CollabGraphError) as refused:
        reporter.report("area", iri="https://w3id.org/collab-graph/id/area/nowhere")
    assert str(refused.value) == "report --area: 'https://w3id.org/collab-graph/id/area/nowhere' is not in the graph"


def test_the_same_input_gives_the_same_page(graph):
    first = Reporter(graph).report("area", "Merseyside").html
    second = Reporter(graph).report("area", "merseyside").html
    assert first == second


def test_every_area_with_a_collaboration_gets_a_report(reporter, graph):
    areas = reporter.areas_with_collaborations()
    located = {str(a) for i in graph.subjects(CG.implements, None) for a in graph.objects(i, CG.area)}
    assert located <= set(areas)
    assert str(MERSEYSIDE) in areas and str(ID["area/north-west"]) in areas
    assert all(SKOS.prefLabel for _ in areas)


def test_initiative_report_names_who_leads(reporter, graph):
    """Where the source says who leads a collaboration (cg:lead), the initiative's report says so."""
    initiative = ID["initiative/shared-hq"]
    leads = {(label(graph, o), label(graph, i)) for i in graph.subjects(CG.implements, initiative) for o in graph.objects(i, CG.lead)}
    page = reporter.report("initiative", "Shared HQ").html
    assert leads and set(rows(section(page, "Who leads"))) == {f"{org} | {impl}" for org, impl in leads}
    assert "lead" in " ".join(rows(section(page, "Collaborations")))
