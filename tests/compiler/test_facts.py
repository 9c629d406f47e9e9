"""Concrete facts from every part of the source, asked of the compiled graph with SPARQL."""

from __future__ import annotations

from decimal import Decimal

import pytest

from collab_graph.common.namespaces import prefix_block
from collab_graph.store import open_store


@pytest.fixture(scope="module")
def ask(graph):
    store = open_store("oxigraph", graph)

    def run(query: str) -> list[tuple]:
        table = store.query(prefix_block() + query)
        return [tuple(v.toPython() if v is not None else None for v in row) for row in table.rows]

    return run


def labels(rows: list[tuple]) -> set[str]:
    return {row[0] for row in rows}


def test_first_response_humberside_efr_runs_from_17_fire_stations(ask):
    rows = ask("""SELECT ?v ?kind WHERE {
      ?i cg:implements/skos:prefLabel "Emergency First Response" ; cg:area/skos:prefLabel "Humberside" ; cg:figure ?f .
      ?f schema:value ?v ; cg:unit/skos:notation "count" ; cg:measure ?m ; cg:figureKind/skos:notation ?kind .
      FILTER(CONTAINS(?m, "fire stations")) }""")
    assert rows == [(Decimal(17), "reported")]


def test_first_response_humberside_partners_resolve_printed_abbreviations(ask):
    rows = ask("""SELECT ?name WHERE { ?i cg:implements/skos:prefLabel "Emergency First Response" ;
      cg:area/skos:prefLabel "Humberside" ; cg:partner/skos:prefLabel ?name }""")
    assert labels(rows) == {"Humberside Fire and Rescue Service", "Yorkshire Ambulance Service", "East Midlands Ambulance Service"}


def test_demand_management_jru_london(ask):
    rows = ask("""SELECT ?name ?start WHERE { ?i cg:implements/skos:prefLabel "Joint Response Unit (JRU)" ;
      schema:startDate ?start ; cg:partner/skos:prefLabel ?name }""")
    assert labels(rows) == {"Metropolitan Police Service", "London Ambulance Service"}
    assert {str(r[1]) for r in rows} == {"2011"}
    activations = ask("""SELECT ?v WHERE { ?i cg:implements/skos:prefLabel "Joint Response Unit (JRU)" ; cg:figure ?f .
      ?f schema:value ?v ; cg:measure ?m . FILTER(CONTAINS(LCASE(?m), "activations")) }""")
    assert activations == [(Decimal(21187),)]


def test_shared_estates_tri_service_hubs(ask):
    rows = ask("""SELECT ?area WHERE { ?i cg:implements/skos:prefLabel "Tri-Service Hub" ; cg:area/skos:prefLabel ?area }""")
    assert {"Cumbria", "Devon and Cornwall"} <= labels(rows)
    cumbria = ask("""SELECT ?name WHERE { ?i cg:implements/skos:prefLabel "Tri-Service Hub" ; cg:area/skos:prefLabel "Cumbria" ;
      cg:partner ?o . ?o skos:prefLabel ?name }""")
    assert labels(cumbria) == {
        "Cumbria Constabulary",
        "Cumbria Fire and Rescue Service",
        "North West Ambulance Service",
        "Cumbria County Council",
    }
    sites = ask(
        """SELECT ?name WHERE { ?s a org:Site ; skos:prefLabel ?name . FILTER(CONTAINS(?name, "Hayle") || CONTAINS(?name, "Furness")) }"""
    )
    assert labels(sites) == {"Hayle Emergency Services Community Station", "Furness Peninsula Blue Light Hub"}


def test_joint_control_room_kent_partners(ask):
    rows = ask("""SELECT ?name WHERE { ?i cg:implements/skos:prefLabel "Joint Control Rooms (JCC)" ; cg:area/skos:prefLabel "Kent" ;
      cg:status/skos:notation "live" ; cg:partner/skos:prefLabel ?name }""")
    assert {"Kent Police", "Kent and Medway Fire and Rescue Authority"} <= labels(rows)
    assert all("Kent" in name for name in labels(rows))


def test_strategic_alliances_has_one_implementation_per_area_bullet(ask):
    # 14 bullets, 13 implementations: the Emergency Services Forum, printed under "Avon and Somerset" and
    # again under "South West Region", is one collaboration (in the joint area covering the one, within the other).
    rows = ask("""SELECT (COUNT(DISTINCT ?i) AS ?n) WHERE { ?i cg:implements/skos:prefLabel "Strategic Alliances and Partnerships" }""")
    assert rows == [(13,)]
    cheshire = ask("""SELECT ?v WHERE { ?i cg:implements/skos:prefLabel "Strategic Alliances and Partnerships" ;
      cg:area/skos:prefLabel "Cheshire" ; cg:figure ?f . ?f schema:value ?v ; cg:unit/skos:notation "GBP" ; cg:measure ?m .
      FILTER(CONTAINS(?m, "Phase 1")) }""")
    assert cheshire == [(Decimal(1058000),)]


def test_information_sharing_operation_insight_essex(ask):
    rows = ask(
        """SELECT ?name WHERE { ?i cg:localName "Operation Insight" ; cg:area/skos:prefLabel "Essex" ; cg:partner/skos:prefLabel ?name }"""
    )
    assert labels(rows) == {"Essex Police", "Essex County Fire and Rescue Service"}


def test_wider_collaboration_salford_hub_sites(ask):
    rows = ask("""SELECT ?site WHERE { ?i cg:localName "Salford Integrated Prevention Hub" ; cg:site/skos:prefLabel ?site }""")
    assert labels(rows) == {"Eccles Fire Station", "Swinton Police Station", "Little Hulton Children’s Centre", "Beacon Centre"}


def test_national_aace_cfoa_consensus_statement_signatories(ask):
    rows = ask("""SELECT ?person ?body WHERE { ?d a cg:Document ; skos:prefLabel ?t ; cg:signatory/skos:prefLabel ?person ;
      cg:signatoryBody/skos:altLabel ?body . FILTER(CONTAINS(?t, "AACE and CFOA") && ?body IN ("AACE", "CFOA")) }""")
    assert {r[0] for r in rows} == {"Martin Flaherty", "Peter O’Reilly"}
    assert {r[1] for r in rows} == {"AACE", "CFOA"}


def test_national_escwg_members_and_leads(ask):
    members = ask("""SELECT ?abbr WHERE { ?b skos:altLabel "ESCWG" ; org:hasMember/skos:altLabel ?abbr .
      FILTER(?abbr IN ("AACE", "NPCC", "APCC", "CFOA", "LGA", "MCA")) }""")
    assert labels(members) == {"AACE", "NPCC", "APCC", "CFOA", "LGA", "MCA"}
    leads = ask("""SELECT ?name WHERE { ?p org:role/skos:notation "national-lead" ; org:heldBy/skos:prefLabel ?name }""")
    assert labels(leads) == {"Andy Frost", "Dave Etheridge"}  # Peter O'Reilly signs as CFOA Strategic Health Lead
    streams = ask("SELECT ?n ?name WHERE { ?w a cg:WorkStream ; cg:position ?n ; skos:prefLabel ?name } ORDER BY ?n")
    assert [r[0] for r in streams] == [1, 2, 3, 4, 5]
    assert streams[0][1] == "Mobilisation and Crisis Management"


def test_service_information_has_every_area_and_post(ask):
    areas = ask("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a cg:servedBy ?o }")
    assert areas == [(36,)]
    pccs = ask("""SELECT ?name ?party WHERE { ?p org:role/skos:notation "police-and-crime-commissioner" ; cg:party ?party ;
      org:heldBy/skos:prefLabel ?name }""")
    assert ("Sadiq Khan", "Labour") in pccs and ("Arfon Jones", "Plaid Cymru") in pccs and ("Martin Surl", "Independent") in pccs


def test_service_information_notes_are_kept(ask):
    rows = ask("""SELECT ?name ?note WHERE { ?p org:heldBy/skos:prefLabel ?name ; skos:note ?note .
      FILTER(?name IN ("Roy Wilsher", "Tim Madgwick", "Dave Jones", "Geraint Davies")) }""")
    notes = {(name, note) for name, note in rows}
    assert ("Roy Wilsher", "Also Chief Exec of PCC’s Office") in notes
    assert any(name == "Tim Madgwick" and "Acting" in note for name, note in notes)
    assert any(name == "Dave Jones" and "Temporary" in note for name, note in notes)


def test_sussex_inconsistency_is_recorded_not_fixed(ask):
    rows = ask("""SELECT ?issue WHERE { ?p org:heldBy/skos:prefLabel "Dave Munro" ; org:role/skos:notation "police-and-crime-commissioner" .
      { ?p cg:sourceIssue ?issue } UNION { ?a skos:prefLabel "Sussex" ; cg:sourceIssue ?issue } }""")
    assert any("Surrey" in r[0] for r in rows)


def test_every_index_entry_resolves_to_one_organisation(ask):
    rows = ask("SELECT ?e (COUNT(DISTINCT ?o) AS ?n) WHERE { ?e a cg:IndexEntry ; cg:refersTo ?o } GROUP BY ?e")
    assert len(rows) == 58
    assert all(n == 1 for _, n in rows)
    dorset = ask("""SELECT ?name ?page WHERE { ?e a cg:IndexEntry ; skos:prefLabel "Dorset Constabulary" ; cg:page ?page ;
      cg:refersTo/skos:prefLabel ?name }""")
    assert {r[0] for r in dorset} == {"Dorset Police"} and sorted(r[1] for r in dorset) == [29, 31, 41, 65, 78]


def test_every_initiative_implementation_and_figure_has_provenance(ask):
    rows = ask("""SELECT ?x WHERE { VALUES ?c { cg:Initiative cg:Implementation cg:Figure } ?x a ?c .
      FILTER NOT EXISTS { ?x prov:wasDerivedFrom/cg:lineStart ?l } }""")
    assert rows == []
