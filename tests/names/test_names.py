"""Name resolution: every printed form of a name finds one organisation, and misses say what is near."""

from __future__ import annotations

import pytest

from collab_graph.common.errors import UnknownName
from collab_graph.names import find
from collab_graph.names.index import NameIndex, normalise, slugify


def test_normalise_folds_case_space_quotes_and_dashes():
    assert normalise("National Police  Chiefs’ Council") == normalise("national police chiefs' council")
    assert normalise("First Response – Cardiac Arrest") == "first response - cardiac arrest"


def test_slugify_is_readable():
    assert slugify("Peter O’Reilly") == "peter-o-reilly"
    assert slugify("Hampshire & IoW") == "hampshire-iow"


def test_name_index_records_conflicts_instead_of_overwriting():
    index = NameIndex("organisation")
    index.add("HFRS", "humberside", "a.yaml:1")
    index.add("hfrs", "hampshire", "b.yaml:9")
    assert index.resolve("HFRS") == "humberside"
    assert index.conflicts == [("hfrs", "b.yaml:9", "a.yaml:1")]


def test_unknown_name_suggests_nearest():
    index = NameIndex("organisation")
    index.add("London Ambulance Service", "las")
    with pytest.raises(UnknownName, match="did you mean 'London Ambulance Service'"):
        index.resolve("London Ambulance Servise")


@pytest.mark.parametrize(
    "name, expected",
    [
        ("EEAS", "East of England Ambulance Service"),
        ("eeas", "East of England Ambulance Service"),
        ("East of England Ambulance Service NHS Trust", "East of England Ambulance Service"),
        ("NWAS", "North West Ambulance Service"),
        ("GMP", "Greater Manchester Police"),
        ("LAS", "London Ambulance Service"),
        ("SECAmb", "South East Coast Ambulance Service"),
    ],
)
def test_aliases_resolve_to_one_organisation(graph, name, expected):
    from collab_graph.common.labels import label

    nodes = find(graph, name)
    assert len(nodes) == 1, f"{name!r} names {nodes}"
    assert label(graph, nodes[0]).startswith(expected)


def test_a_near_miss_in_the_graph_answers_and_a_far_one_suggests(graph):
    from collab_graph.common.labels import label

    assert [label(graph, n) for n in find(graph, "Kent Polise")] == ["Kent Police"]
    with pytest.raises(UnknownName, match="did you mean"):
        find(graph, "Kent Flre Brigade Office")
