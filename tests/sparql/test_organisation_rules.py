"""How the services are organised, walked over the whole graph (issue 14).

1. Fire and rescue authorities and their services: where a record names an authority the service is a
   partner too (or the record says why, and the service then takes part "via its authority").
2. Leaders of every area they serve: every post holder Service Information prints under an area is a
   leader of that area, with that printing as a source.
3. Joint, compound and regional areas: a joint area covers its members; no area floats outside a region.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from collab_graph.common.paths import Project
from collab_graph.compiler import compile_project
from collab_graph.compiler.validate import rule_violations
from collab_graph.names.describe import describe
from collab_graph.names.resolve import find
from collab_graph.sparql.run import QueryRunner
from library_rows import ask

POST_LINE = re.compile(r"^(PCC/Mayor|PCC|Chief Constable|Commissioner|Chief Fire Officers?|Chief Executive)\s+(.*)$")
OTHER_LINE = re.compile(r"^(Leaders|Fire and Rescue|Ambulance)\b")


@pytest.fixture(scope="module")
def runner(graph) -> QueryRunner:
    return QueryRunner(graph)


# ---------------------------------------------------------------- 2. leaders of every area they serve


def printed_posts(source_text: str) -> list[tuple[str, str, int]]:
    """(area, holder, line) for every post holder printed in Service Information, read from the source."""
    lines = source_text.splitlines()
    start = next(n for n, line in enumerate(lines) if line.strip() == "Service Information")
    found: list[tuple[str, str, int]] = []
    area, more = None, False
    for n in range(start + 1, len(lines)):
        line = lines[n].strip()
        if "....." in line:  # the index begins
            break
        if not line:
            continue
        if n + 1 < len(lines) and lines[n + 1].strip() == "Leaders":
            area, more = line, False
            continue
        match = POST_LINE.match(line)
        if match:
            rest = match.group(2)
        elif more and not OTHER_LINE.match(line):
            rest = line  # holders continued after "Kevin Pearson (Avon);" on a later line
        else:
            more = False
            continue
        more = rest.endswith((";", ","))
        for holder in re.split(r"[;,]", rest):
            name = re.sub(r"\s*\([^)]*\)|\s+–.*$", "", holder).strip()
            if name:
                found.append((area, name, n + 1))
    return found


@pytest.fixture(scope="module")
def printed(project):
    return printed_posts(project.source.read_text(encoding="utf-8"))


def test_the_section_prints_155_posts_under_36_areas(printed):
    assert len(printed) == 155
    assert len({area for area, _, _ in printed}) == 36


def test_every_printed_post_holder_leads_the_area_printed_over_it(runner, printed):
    """The whole section: leaders-in-area gives, for each of the 36 areas, exactly who is printed there."""
    expected = Counter((area, holder) for area, holder, _ in printed)
    got: Counter = Counter()
    for area in sorted({area for area, _, _ in printed}):
        got.update((area, row["person"]) for row in ask(runner, "leaders-in-area", area=area) if row["place"] == area)
    assert got == expected


def test_every_printing_is_a_source_of_its_post_holder(runner, printed):
    for area, holder, line in printed:
        rows = ask(runner, "source-of", thing=holder)
        assert (str(line), area) in {(r["first"], r["heading"]) for r in rows}, (area, holder, line)


def test_a_regional_chief_executive_serves_every_area_of_the_trust(runner):
    places = {r["place"] for r in ask(runner, "leaders-in-area", area="North West") if r["person"] == "Derek Cartwright"}
    assert places == {"Cheshire", "Cumbria", "Greater Manchester", "Lancashire", "Merseyside"}
    cumbria = {(r["role"], r["person"]) for r in ask(runner, "leaders-in-area", area="Cumbria")}
    assert ("Chief Executive", "Derek Cartwright") in cumbria
    assert len(ask(runner, "source-of", thing="Robert Morton")) == 6


def test_show_area_lists_its_leaders(graph):
    (cumbria,) = find(graph, "Cumbria")
    assert "Chief Executive, North West Ambulance Service: Derek Cartwright" in describe(graph, cumbria)


# ---------------------------------------------------------------- 1. authorities and their services


def test_a_service_whose_authority_is_a_partner_is_one_too(graph):
    """Over every implementation: a fire and rescue authority partner brings its service (or says why)."""
    rows = graph.query(
        """
        PREFIX cg: <https://w3id.org/collab-graph/ontology#>
        SELECT ?impl ?service WHERE {
          ?impl cg:partner ?authority . ?service a cg:FireAndRescueService ; cg:governedBy ?authority .
          FILTER NOT EXISTS { ?impl cg:partner ?service } FILTER NOT EXISTS { ?impl cg:authorityOnly ?why }
        }"""
    )
    assert list(rows) == []


def test_oxfordshire_fire_and_rescue_service_takes_part_where_its_council_does(runner):
    rows = ask(runner, "find-implementations", org="Oxfordshire FRS")
    assert {(r["initiative"], r["statusName"]) for r in rows} == {
        ("Co-responding", "live"),
        ("Joint Facilities", "live"),
        ("Housing", "live"),
        ("Housing", "planned"),
    }
    fire = {r["partner"] for r in ask(runner, "partners-of", org="SCAS") if r["sector"] == "fire" and r["area"] == "Thames Valley"}
    assert {"Oxfordshire Fire and Rescue Service", "Royal Berkshire Fire and Rescue Service"} <= fire


def test_south_wales_fire_service_is_in_the_tri_service_centre(runner):
    rows = ask(runner, "tri-service")
    assert ("Tri-Service Hub", "South Wales") in {(r["initiative"], r["area"]) for r in rows}


def test_an_authority_named_alone_needs_a_reason_and_then_brings_its_service_via_it(project_copy, monkeypatch):
    """Drop Oxfordshire FRS from the Thames Valley co-responding record: the rule check names the record;
    say why (authority_only) and the service takes part via its authority, marked so."""
    monkeypatch.setenv("COLLAB_GRAPH_SOURCE", str(Project.locate().source))  # the copy cites lines too
    path = project_copy / "graph" / "initiatives" / "first-response.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace(" Oxfordshire Fire and Rescue Service,", "", 1), encoding="utf-8")
    copy = Project(project_copy)
    compiled = compile_project(copy)
    messages = [v.message for v in rule_violations(copy, compiled)]
    assert messages == [
        "names the authority Oxfordshire County Council but not its service Oxfordshire Fire and Rescue Service"
        " (add the service, or say why with authority_only) (authority-without-service-violation)"
    ]
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            '        partners_as_printed: "Buckinghamshire, Hampshire, Oxfordshire and Royal Berkshire FRAs and SCAS"\n',
            '        partners_as_printed: "Buckinghamshire, Hampshire, Oxfordshire and Royal Berkshire FRAs and SCAS"\n'
            "        authority_only: a test of the rule\n",
        ),
        encoding="utf-8",
    )
    compiled = compile_project(copy)
    assert rule_violations(copy, compiled) == []
    runner = QueryRunner(compiled.graph)
    rows = {(r["initiative"], r["via"]) for r in ask(runner, "find-implementations", org="Oxfordshire FRS")}
    assert ("Co-responding", "via its authority") in rows
    partners = {(r["partner"], r["initiative"], r["via"]) for r in ask(runner, "partners-of", org="Oxfordshire FRS")}
    assert ("South Central Ambulance Service", "Co-responding", "via its authority") in partners
    (service,) = find(compiled.graph, "Oxfordshire FRS")
    assert "partner in, via its authority (1):" in describe(compiled.graph, service)
    from collab_graph.maps.facts import map_facts  # the map cites the authority's lines for the service's part

    cited = [v for (_, org), v in map_facts(compiled.graph).parts.items() if org == str(service)]
    assert any(v.startswith("via Oxfordshire County Council: line") for v in cited), cited


# ---------------------------------------------------------------- 3. joint, compound and regional areas


def test_every_member_of_a_joint_area_gets_its_collaborations_marked_joint(graph, runner):
    """Over every joint area: each member's area questions include the joint area's collaborations."""
    pairs = graph.query(
        """
        PREFIX cg: <https://w3id.org/collab-graph/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?jointName ?memberName WHERE {
          ?joint cg:covers ?member ; skos:prefLabel ?jointName . ?member skos:prefLabel ?memberName .
          FILTER EXISTS { ?impl cg:area ?joint }
        }"""
    )
    pairs = [(str(j), str(m)) for j, m in pairs]
    assert ("Surrey and Sussex", "Sussex") in pairs and ("Devon and Cornwall and Avon and Somerset", "Avon and Somerset") in pairs
    quiet = {r["area"] for r in ask(runner, "quiet-areas")}
    for joint, member in pairs:
        rows = ask(runner, "implementations-in-area", area=member)
        assert any(r["place"] == joint and r["how"] == "joint area" for r in rows), (joint, member)
        assert member not in quiet


def test_show_member_area_lists_every_collaboration_of_its_joint_areas(graph):
    """Over every joint area and member: `show MEMBER` lists each thing in the joint area, marked with its name."""
    from rdflib.namespace import RDF

    from collab_graph.common.labels import label
    from collab_graph.common.namespaces import CG

    checked = 0
    for joint, member in graph.subject_objects(CG.covers):
        shown = describe(graph, member)
        held = [s for s in graph.subjects(CG.area, joint) if (s, RDF.type, CG.Implementation) in graph]
        for impl in held:
            assert f"{label(graph, impl)} [in {label(graph, joint)}]" in shown, (label(graph, member), label(graph, impl))
            checked += 1
    assert checked >= 8


def test_every_police_force_area_shows_the_services_serving_it(graph, runner):
    """Over every police force area: `show` lists services serving it (from its own Service Information entry,
    or the wider entry it is printed in, as Gwent is in "Wales (South)"), its own force among them."""
    from rdflib.namespace import RDF

    from collab_graph.common.labels import label
    from collab_graph.common.namespaces import CG, concept

    areas = sorted(graph.subjects(CG.areaKind, concept("area-kind", "police-area")))
    assert len(areas) >= 30
    for area in areas:
        served = "\n".join(describe(graph, area).split("\n  served by")[1:])
        forces = [label(graph, f) for f in graph.subjects(CG.area, area) if (f, RDF.type, CG.PoliceForce) in graph]
        assert served and all(f"\n    {force}" in served for force in forces), (label(graph, area), forces)
    gwent = {(r["servedBy"], r["listedUnder"]) for r in ask(runner, "quiet-areas") if r["area"] == "Gwent"}
    assert {("Gwent Police", "Wales (South)"), ("South Wales Fire and Rescue Authority", "Wales (South)")} <= gwent
    assert ("Welsh Ambulance Services NHS Trust", "Wales (South)") in gwent
    assert not any(service == "South Wales Police" for service, _ in gwent)  # the other police force area's


def test_joint_area_examples(runner):
    assert "Sussex" not in {r["area"] for r in ask(runner, "quiet-areas")}
    for area in ("Surrey", "Sussex"):
        bodies = {(r["body"], r["how"]) for r in ask(runner, "governance-bodies", area=area)}
        assert ("Emergency Services Collaboration Programme (Surrey and Sussex)", "joint area") in bodies
    maltby = ask(runner, "figures-in-area", area="Maltby")
    assert {"£560,000", "£1.2 million"} <= {r["printed"] for r in maltby}


def test_the_south_west_forum_is_recorded_once(runner):
    rows = [r for r in ask(runner, "tri-service") if r["initiative"] == "Strategic Alliances and Partnerships"]
    assert [r["area"] for r in rows if r["partners"].startswith("PCC and CC for Devon and Cornwall")] == [
        "Devon and Cornwall and Avon and Somerset"
    ]


def test_every_area_reaches_a_region_or_wales(graph):
    """The rule check area-outside-region, asked directly: only nations and regions stand on their own."""
    rows = graph.query(
        """
        PREFIX cg: <https://w3id.org/collab-graph/ontology#>
        SELECT ?area WHERE {
          ?area a cg:Area ; cg:areaKind ?kind .
          FILTER(?kind NOT IN (<https://w3id.org/collab-graph/id/area-kind/nation>, <https://w3id.org/collab-graph/id/area-kind/region>))
          FILTER NOT EXISTS { ?area cg:within+ ?top . ?top cg:areaKind <https://w3id.org/collab-graph/id/area-kind/region> }
          FILTER NOT EXISTS { ?area cg:within+ <https://w3id.org/collab-graph/id/area/wales> }
        }"""
    )
    assert list(rows) == []
    (suffolk,) = find(graph, "Suffolk")
    assert "within: East of England" in describe(graph, suffolk)
