"""What the partnership analysis finds in the real graph (names and numbers from the source)."""

from __future__ import annotations

import pytest

from collab_graph.analysis.pipeline import analyse

ORG = "https://w3id.org/collab-graph/id/org/"
AREA = "https://w3id.org/collab-graph/id/area/"


@pytest.fixture(scope="module")
def analysis(graph):
    return analyse(graph)


def widest(analysis, sector):
    return next(s for s in analysis.scores if s.sector == sector)


def test_north_west_ambulance_service_is_the_most_widely_collaborating_ambulance_trust(analysis):
    nwas = widest(analysis, "ambulance")
    assert nwas.label == "North West Ambulance Service"
    assert (nwas.rank, nwas.partners, nwas.initiatives, nwas.themes) == (1, 17, 7, 6)
    # every partner is police, fire, health or a council, and all are within the North West
    assert nwas.cross_sector == 17 and nwas.outside_area == 0


def test_the_met_and_london_fire_brigade_are_the_widest_police_force_and_fire_service(analysis):
    met, lfb = widest(analysis, "police"), widest(analysis, "fire")
    assert (met.label, met.partners, met.initiatives) == ("Metropolitan Police Service", 10, 7)
    assert (lfb.label, lfb.partners, lfb.initiatives) == ("London Fire Brigade", 9, 6)


@pytest.mark.parametrize("method", ["louvain", "greedy", "label-propagation"])
def test_kent_police_and_fire_pair_is_one_cluster(analysis, method):
    membership = analysis.clusterings[method].membership
    assert membership[ORG + "kent-police"] == membership[ORG + "kent-fire-and-rescue-service"]


def test_kent_cluster_is_kent_alone(analysis):
    cluster = analysis.cluster_of(ORG + "kent-police")
    assert cluster.member_labels == (
        "Kent County Council",
        "Kent Fire and Rescue Service",
        "Kent Police",
        "Kent and Medway Fire and Rescue Authority",
    )
    assert cluster.external_weight == 0


def test_largest_cluster_is_the_north_west_around_nwas(analysis):
    largest = analysis.summaries["louvain"][0]
    assert largest.number == 1 and largest.size == 22
    assert {"North West Ambulance Service", "Merseyside Police", "Greater Manchester Police", "Cheshire Constabulary"} <= set(
        largest.member_labels
    )
    assert largest.areas[:2] == (("Merseyside", 7), ("Greater Manchester", 5))


def test_louvain_and_greedy_agree_and_the_partition_is_strong(analysis):
    louvain, greedy = analysis.clusterings["louvain"], analysis.clusterings["greedy"]
    assert louvain.clusters == greedy.clusters
    assert len(louvain.clusters) == 18
    assert louvain.modularity == pytest.approx(0.860, abs=0.001)


def test_ambulance_trusts_are_the_brokers(analysis):
    top = analysis.brokers[0]
    assert (top.label, top.articulation_point, top.cut_off) == ("North West Ambulance Service", True, 14)
    cut_vertices = {b.label for b in analysis.brokers if b.articulation_point}
    assert {"East Midlands Ambulance Service", "North East Ambulance Service", "Yorkshire Ambulance Service"} <= cut_vertices


def test_london_triad_is_bound_in_three_implementations(analysis):
    london = next(t for t in analysis.triads if t.police_label == "Metropolitan Police Service" and t.fire_label == "London Fire Brigade")
    assert london.ambulance_label == "London Ambulance Service"
    assert len(london.joint_implementations) == 3


def test_areas_with_all_three_services_bound_versus_pairs_only(analysis):
    structure = {r.area: r.structure for r in analysis.area_structure}
    assert structure[AREA + "london"] == structure[AREA + "merseyside"] == "all three bound"
    assert structure[AREA + "kent"] == structure[AREA + "dorset"] == "pairs only: police-fire"
    assert sum(1 for s in structure.values() if s == "all three bound") == 19
