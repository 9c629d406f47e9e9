"""Names as people type them, through the CLI: `show`, `search`, `query --param` (issue 16)."""

from __future__ import annotations

import pytest


def test_show_takes_a_variant_of_a_service_name(query_cli_run):
    code, out, _ = query_cli_run("show", "Metropolitan Police")
    assert code == 0 and out.startswith("Metropolitan Police Service\n")


@pytest.mark.parametrize(
    "name, first_line",
    [
        ("JRU", "Joint Response Unit (JRU)"),
        ("ESCP", "Emergency Services Collaboration Programme (Surrey and Sussex)"),
        ("North Wales joint ESC Board", "ESC Board"),
    ],
)
def test_show_finds_initiatives_schemes_and_bodies_by_short_names(query_cli_run, name, first_line):
    code, out, _ = query_cli_run("show", name)
    assert code == 0 and out.splitlines()[0] == first_line


def test_show_of_an_ambiguous_abbreviation_lists_every_sense_with_its_lines_and_fails(query_cli_run):
    code, out, err = query_cli_run("show", "HFRS")
    assert code == 1 and out == ""
    assert err.startswith("error: name 'HFRS' is printed for 2 different things; say which:\n")
    assert (
        "Hampshire Fire and Rescue Service (organisation: fire and rescue service; org/hampshire-fire-and-rescue-service): lines 670, 1281, 1284, 1302"
        in err
    )
    assert "Humberside Fire and Rescue Service" in err


def test_show_of_a_name_fitting_several_things_is_a_short_ranked_list(query_cli_run):
    code, out, err = query_cli_run("show", "Fire")
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert lines[0].startswith("error: name 'Fire' fits ") and "say which (the 8 best)" in lines[0]
    assert len(lines) == 9 and all(" (organisation: " in line or " (body: " in line for line in lines[1:])


def test_search_lists_matches_of_every_kind_with_kind_and_id(query_cli_run):
    code, out, _ = query_cli_run("search", "kent")
    assert code == 0
    header, *rows = out.splitlines()
    assert header.split()[:3] == ["name", "kind", "id"]
    body = "\n".join(rows)
    assert "area/kent" in body and "org/kent-police" in body and "site/kent-jcc" in body
    assert body.index("area/kent") < body.index("org/kent-police")


def test_search_of_an_abbreviation_shows_each_sense(query_cli_run):
    code, out, _ = query_cli_run("search", "DFRS")
    assert code == 0
    assert "Derbyshire Fire and Rescue Service" in out and "Dorset Fire and Rescue Service" in out and "line 4427" in out


def test_search_with_nothing_near_fails_with_one_line(query_cli_run):
    code, out, err = query_cli_run("search", "zzqxv")
    assert code == 1 and out == "" and err == "error: nothing in the graph is named like 'zzqxv'\n"


def test_search_kind_filter(query_cli_run):
    code, out, _ = query_cli_run("search", "kent", "--kind", "site")
    assert code == 0 and "site/kent-jcc" in out and "org/kent-police" not in out


def test_an_id_copied_from_output_pastes_back(query_cli_run):
    for typed in (
        "org/kent-police",
        "https://w3id.org/collab-graph/id/org/kent-police",
        "<https://w3id.org/collab-graph/id/org/kent-police>",
    ):
        code, out, _ = query_cli_run("show", typed)
        assert code == 0 and out.startswith("Kent Police\n")
    code, out, _ = query_cli_run("query", "leaders-of", "--param", "org=org/kent-police", "--format", "csv")
    assert code == 0 and "Alan Pughsley" in out


def test_a_party_is_matched_ignoring_case_and_an_unknown_one_lists_the_allowed(query_cli_run):
    code, out, _ = query_cli_run("query", "pccs", "--param", "party=independent", "--format", "csv")
    assert code == 0 and out.count("Independent") == 3
    code, out, err = query_cli_run("query", "pccs", "--param", "party=green")
    assert code == 1 and out == ""
    assert "choose from Conservative, Independent, Labour, Plaid Cymru" in err


def test_a_parameter_names_several_things_lists_them_and_fails(query_cli_run):
    code, _, err = query_cli_run("query", "partners-of", "--param", "org=HFRS")
    assert code == 1 and "Hampshire Fire and Rescue Service" in err and "Humberside Fire and Rescue Service" in err


def test_show_person_prints_a_pccs_party(query_cli_run):
    code, out, _ = query_cli_run("show", "Matthew Scott")
    assert code == 0 and "Police and Crime Commissioner, Police and Crime Commissioner for Kent: Matthew Scott (Conservative)" in out


def test_show_theme_lists_no_unsourced_rows(query_cli_run):
    code, out, _ = query_cli_run("show", "section/joint-control-rooms")
    assert code == 0 and "no provenance" not in out


def test_an_unknown_ontology_term_is_warned_about_with_the_nearest(query_cli_run):
    code, _, err = query_cli_run("query", "-", stdin="SELECT ?x WHERE { ?x cg:partnr ?y }")
    assert code == 0
    assert "warning: cg:partnr is not a term of the ontology (nearest: cg:partner" in err
