"""`show` reads the cached graph through an Oxigraph view (collab_graph.store.view), not an rdflib graph.

Every named thing in the real graph, and every other thing the resolver knows, is described both
ways; the texts must be the same. A difference names the thing (`collab-graph show ID` shows it).
"""

from __future__ import annotations

import re

from rdflib import Literal, URIRef

from collab_graph.compiler.serialise import serialise
from collab_graph.names.describe import describe
from collab_graph.names.resolve import resolver_for
from collab_graph.store.view import OxigraphView


def test_every_description_is_the_same_from_the_view_and_from_the_graph(graph) -> None:
    view = OxigraphView.of_ntriples(serialise(graph, "nt"))
    assert len(view) == len(graph)
    resolver = resolver_for(graph)
    nodes = sorted({*resolver.entries, *resolver.other})
    assert len(nodes) > 1000, "the resolver should know every thing in the graph"
    texts = {n: describe(graph, URIRef(n)) for n in nodes}
    differ = [n for n in nodes if describe(view, URIRef(n)) != texts[n]]
    assert not differ, f"{len(differ)} descriptions differ, e.g. `collab-graph show {differ[0]}`"
    # What every description must make plain: a warning mark says why; a fact's source is cited, not named.
    bare = [n for n, text in texts.items() if re.search(r"⚠(?! caveat: | \()", text)]
    assert not bare, f"a ⚠ without its reason: `collab-graph show {bare[0]}`"
    unnamed = [n for n, text in texts.items() if re.search(r"source: (?!lines? \d|added by|no provenance)", text)]
    assert not unnamed, f"a source that is not lines: `collab-graph show {unnamed[0]}`"


def _values(pairs) -> list:
    """Pairs with each literal as (datatype, value): Oxigraph writes numbers back in canonical form ("700.0" as "700")."""
    return sorted((a, (b.datatype, b.toPython()) if isinstance(b, Literal) else b) for a, b in pairs)


def test_the_view_answers_rdflib_reads_as_rdflib_does(graph) -> None:
    view = OxigraphView.of_ntriples(serialise(graph, "nt"))
    some = sorted(s for s in graph.subjects() if isinstance(s, URIRef))[::97]
    for node in some:
        assert _values(view.predicate_objects(node)) == _values(graph.predicate_objects(node))
        assert sorted(view.subject_predicates(node)) == sorted(graph.subject_predicates(node))
    assert (some[0], None, None) in view
    assert (URIRef("urn:nothing"), None, None) not in view
    assert (Literal("a literal is never a subject"), None, None) not in view
    assert view.value(URIRef("urn:nothing"), URIRef("urn:p")) is None
