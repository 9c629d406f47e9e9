"""The one resolver, over every name in the graph: each label, alias, misspelling, variant and id finds
its thing (or, when several things share it, a list that includes it); the issue's examples answer."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from collab_graph.common.namespaces import CG, ID
from collab_graph.names.keys import key, variants
from collab_graph.names.resolve import AmbiguousName, NameNotFound, Resolver, resolve_concept, resolve_value, resolver_for


@pytest.fixture(scope="module")
def resolver(graph) -> Resolver:
    return resolver_for(graph)


def found(resolver: Resolver, text: str, kinds=None) -> set[URIRef]:
    """The things ``text`` leads to: the answer, or every candidate of an ambiguity."""
    try:
        return {resolver.resolve(text, kinds).node}
    except AmbiguousName as exc:
        return {m.entry.node for m in exc.matches}


def every_name(resolver: Resolver, table: dict) -> list[tuple[str, URIRef]]:
    return sorted((name, node) for name, nodes in table.items() for node in nodes)


def test_the_graph_has_names_of_every_kind(resolver):
    kinds = {e.kind for e in resolver.entries.values()}
    assert {"organisation", "body", "person", "area", "initiative", "scheme", "site", "document", "theme"} <= kinds
    assert len(resolver.printed) > 800


def test_every_printed_name_finds_its_thing(resolver):
    """Every label, alias and misspelling in the graph, exactly as printed and in other cases/punctuation."""
    misses = []
    for name, node in every_name(resolver, resolver.printed):
        for typed in (name, name.upper(), f"  {name.title()}. "):
            if node not in found(resolver, typed):
                misses.append((typed, str(node)))
    assert misses == []


def test_every_printed_name_answers_alone_unless_shared(resolver):
    """A name printed for one thing answers with that thing; only names shared by several are lists."""
    wrong = [
        (n, str(node))
        for n, node in every_name(resolver, resolver.printed)
        if len(resolver.printed[n]) == 1 and resolver.resolve(n).node != node
    ]
    assert wrong == []


def test_every_variant_finds_its_thing(resolver):
    """Police/Constabulary/Police Service, FRS/Fire, Ambulance Service/Trust, "<area> <name>", bracketed abbreviations ...

    (A name printed for something else wins over a variant: "Blue Light Collaboration Programme".)
    """
    variants_only = [(n, node) for n, node in every_name(resolver, resolver.derived) if n not in resolver.printed]
    assert len(variants_only) > 1000
    misses = [(n, str(node)) for n, node in variants_only if node not in found(resolver, n)]
    assert misses == []


def test_every_name_in_another_word_order_finds_its_thing(resolver):
    misses = []
    for name, node in every_name(resolver, resolver.printed):
        words = name.split()
        if len(words) > 1 and len(set(words)) == len(words):
            reordered = " ".join(reversed(words))
            if reordered not in resolver.printed and reordered not in resolver.derived and node not in found(resolver, reordered):
                misses.append((reordered, str(node)))
    assert misses == []


def test_every_name_cut_to_a_prefix_finds_its_thing_among_the_candidates(resolver):
    """Typing a name's first words and the start of the last one finds it (or a list that holds it)."""
    misses = []
    for name, node in every_name(resolver, resolver.printed):
        words = name.split()
        if len(words) > 1 and len(words[-1]) > 3:
            typed = " ".join([*words[:-1], words[-1][:3]])
            matches, _ = resolver.lookup(typed, limit=10_000)
            if node not in {m.entry.node for m in matches}:
                misses.append((typed, str(node)))
    assert misses == []


def test_every_id_and_iri_pastes_back(resolver, graph):
    """Anything an output prints (an IRI, in brackets or not, or the short id) resolves to itself."""
    misses = []
    for node, entry in [*resolver.entries.items(), *resolver.other.items()]:
        for typed in (str(node), f"<{node}>", entry.ident, f"id:{entry.ident}"):
            if resolver.resolve(typed).node != node:
                misses.append(typed)
    assert misses == []


def test_keys_fold_what_people_type_differently():
    assert key("The Chief Fire Officers’ Association") == key("chief fire officers' association")
    assert key("Fire & Rescue") == "fire and rescue"
    assert {"cumbria police", "cumbria police service"} <= variants("Cumbria Constabulary")
    assert {"kent fire", "kent frs", "kent fire and rescue"} <= variants("Kent Fire and Rescue Service")
    assert {"west midlands ambulance service nhs trust", "west midlands ambulance"} <= variants(
        "West Midlands Ambulance Service NHS Foundation Trust"
    )


@pytest.mark.parametrize(
    "typed, expected, kind",
    [
        ("Metropolitan Police", "org/metropolitan-police-service", "organisation"),
        ("the Metropolitan Police", "org/metropolitan-police-service", "organisation"),
        ("JRU", "initiative/joint-response-unit", "initiative"),
        ("ESCP", "body/surrey-and-sussex-emergency-services-collaboration-programme", "body"),
        ("Salford Integrated Prevention Hub", "implementation/community-engagement-greater-manchester-siph", "scheme"),
        ("North Wales joint ESC Board", "body/north-wales-esc-board", "body"),
        ("Police Kent", "org/kent-police", "organisation"),
        ("Merseysde Police", "org/merseyside-police", "organisation"),
        ("Cheshire Fire", "org/cheshire-fire-and-rescue-service", "organisation"),
        ("Kent PCC", "org/police-and-crime-commissioner-for-kent", "organisation"),
    ],
)
def test_the_issue_examples_answer(resolver, typed, expected, kind):
    entry = resolver.resolve(typed)
    assert (entry.ident, entry.kind) == (expected, kind)


@pytest.mark.parametrize(
    "abbreviation, senses",
    [
        ("HFRS", {"Hampshire Fire and Rescue Service", "Humberside Fire and Rescue Service"}),
        ("DFRS", {"Derbyshire Fire and Rescue Service", "Devon and Somerset Fire and Rescue Service", "Dorset Fire and Rescue Service"}),
        ("CFRS", {"Cambridgeshire Fire and Rescue Service", "Cheshire Fire and Rescue Service", "Cornwall Fire and Rescue Service"}),
    ],
)
def test_an_abbreviation_printed_for_several_services_lists_every_sense_with_its_lines(resolver, abbreviation, senses):
    with pytest.raises(AmbiguousName) as info:
        resolver.resolve(abbreviation.lower())
    assert {s.entry.label for s in info.value.senses} == senses
    assert all(s.lines for s in info.value.senses)
    assert "line" in str(info.value) and len(str(info.value).splitlines()) == len(senses) + 1


def test_several_matches_are_a_ranked_list_with_kinds(resolver):
    with pytest.raises(AmbiguousName) as info:
        resolver.resolve("Fire")
    text = str(info.value)
    assert "say which" in text and "(organisation: fire and rescue service; org/" in text
    assert len(text.splitlines()) <= 9


def test_a_miss_suggests_near_names_with_kinds(resolver):
    with pytest.raises(NameNotFound) as info:
        resolver.resolve("Kent Flre Brigade Office")
    assert "did you mean" in str(info.value)


def test_kinds_restrict_the_answer(resolver):
    assert resolver.resolve("Kent", ["area"]).ident == "area/kent"
    with pytest.raises(AmbiguousName) as info:
        resolver.resolve("Kent", ["organisation", "body"])
    assert {m.entry.kind for m in info.value.matches} <= {"organisation", "body"}


def test_controlled_values_ignore_case_and_list_the_allowed_on_a_miss(graph):
    assert str(resolve_value(graph, CG.party, "independent", "party")) == "Independent"
    assert str(resolve_value(graph, CG.party, "PLAID CYMRU", "party")) == "Plaid Cymru"
    with pytest.raises(ValueError, match="choose from Conservative, Independent, Labour, Plaid Cymru"):
        resolve_value(graph, CG.party, "Green", "party")
    assert str(resolve_concept(graph, URIRef(str(ID["status"])), "PILOT")).endswith("/status/pilot")
    assert str(resolve_concept(graph, URIRef(str(ID["sector"])), "Local Government")).endswith("/sector/local-government")
    with pytest.raises(ValueError, match="choose from ambulance, fire"):
        resolve_concept(graph, URIRef(str(ID["sector"])), "navy")


def test_the_cached_name_index_answers_as_the_graph_does(graph) -> None:
    """``build/.cache/names.json`` (what ``query`` and ``search`` resolve in) holds the whole index: every lookup is the same."""
    import json

    from collab_graph.common.namespaces import CG
    from collab_graph.names.resolve import SCHEMES, resolve_concept, resolve_value, resolver_for
    from collab_graph.names.stored import from_json, to_json

    built = resolver_for(graph)
    data = to_json(built)
    loaded = from_json(json.loads(json.dumps(data)))
    assert to_json(loaded) == data
    for text in ["NWAS", "HFRS", "metropolitan police", "kent fire", "Sonia Thompson", "org/kent-police", "Surrey", "cumbria constab"]:
        assert loaded.search(text) == built.search(text), text
    assert resolve_concept(loaded, SCHEMES["status"], "live") == resolve_concept(graph, SCHEMES["status"], "live")
    assert resolve_value(loaded, CG.party, "Cons", "party") == resolve_value(graph, CG.party, "Cons", "party")
