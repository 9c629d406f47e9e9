"""A read-only view of an Oxigraph store that answers the rdflib ``Graph`` reads ``show`` makes.

``show`` describes one thing from a few hundred lookups; building the whole rdflib graph from the
compiled-graph cache for that took most of its time (30,000 triples, each term converted). The
view loads the cached N-Triples into Oxigraph and converts only the terms a lookup returns.

It implements the reading half of rdflib's ``Graph`` that :mod:`collab_graph.names.describe` and
:mod:`collab_graph.common.labels` use, with rdflib's signatures and rdflib terms in and out:
``triples``, ``value``, ``objects``, ``subjects``, ``predicate_objects``, ``subject_predicates``,
``transitive_objects``, ``in`` and ``len``. Numbers come back as Oxigraph
writes them (``"700.0"^^xsd:decimal`` as ``"700"``: the same value), which is why ``show`` prints
numbers in their plain form (:mod:`collab_graph.common.number_text`). A test describes every thing
in the real graph both ways and requires the same text.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pyoxigraph as ox

from .embedded import to_rdflib

if TYPE_CHECKING:
    from rdflib.term import Node

Pattern = tuple["Node | None", "Node | None", "Node | None"]


class OxigraphView:
    """An rdflib-Graph-like, read-only view of the triples in ``store``'s default graph."""

    def __init__(self, store: ox.Store):
        self.store = store
        self._term = functools.lru_cache(maxsize=65536)(to_rdflib)

    @classmethod
    def of_ntriples(cls, data: bytes) -> OxigraphView:
        """A view of N-Triples bytes this project wrote (loaded without re-validating IRIs, as
        :class:`collab_graph.store.embedded.OxigraphStore` loads them). Raises SyntaxError on bad data."""
        store = ox.Store()
        store.load(data, format=ox.RdfFormat.N_TRIPLES, lenient=True)
        return cls(store)

    def triples(self, pattern: Pattern) -> Iterator[tuple[Node, Node, Node]]:
        """The triples matching ``(s, p, o)``, None matching anything (as rdflib's ``Graph.triples``)."""
        s, p, o = (_to_ox(t) for t in pattern)
        unknown = any(given is not None and term is None for given, term in zip(pattern, (s, p, o), strict=True))
        if unknown or isinstance(s, ox.Literal) or (p is not None and not isinstance(p, ox.NamedNode)):
            return  # a term Oxigraph has no kind for, or one that cannot stand there (a literal subject), matches nothing
        term = self._term
        for quad in self.store.quads_for_pattern(s, p, o, ox.DefaultGraph()):
            yield term(quad.subject), term(quad.predicate), term(quad.object)

    def __contains__(self, pattern: Pattern) -> bool:
        return next(self.triples(pattern), None) is not None

    def __len__(self) -> int:
        return len(self.store)

    def value(
        self,
        subject: Node | None = None,
        predicate: Node | None = None,
        object: Node | None = None,
        default: object = None,
        any: bool = True,
    ) -> object:
        """One value of the missing position (object when ``object`` is None, else subject), or ``default``.

        As rdflib's ``Graph.value``, except that of several values the smallest is returned (rdflib
        returns the first its store holds), so the answer does not depend on load order.
        """
        if [subject, predicate, object].count(None) != 1:
            return None
        found = list(self.triples((subject, predicate, object)))
        if not found:
            return default
        values = sorted({t[2] if object is None else t[0] for t in found})
        if len(values) > 1 and not any:
            raise ValueError(f"more than one value for ({subject}, {predicate}, {object})")
        return values[0]

    def objects(self, subject: Node | None = None, predicate: Node | None = None) -> Iterator[Node]:
        return (o for _, _, o in self.triples((subject, predicate, None)))

    def subjects(self, predicate: Node | None = None, object: Node | None = None) -> Iterator[Node]:
        return (s for s, _, _ in self.triples((None, predicate, object)))

    def predicate_objects(self, subject: Node | None = None) -> Iterator[tuple[Node, Node]]:
        return ((p, o) for _, p, o in self.triples((subject, None, None)))

    def subject_predicates(self, object: Node | None = None) -> Iterator[tuple[Node, Node]]:
        return ((s, p) for s, p, _ in self.triples((None, None, object)))

    def transitive_objects(self, subject: Node | None, predicate: Node | None, remember: dict | None = None) -> Iterator[Node | None]:
        """rdflib's own walk (``subject`` first, then depth first), over this view's :meth:`objects`."""
        from rdflib import Graph

        return Graph.transitive_objects(self, subject, predicate, remember)  # type: ignore[arg-type]


def _to_ox(term: Node | None) -> object:
    """An rdflib term as pyoxigraph's (None stays None; a term Oxigraph has no kind for gives None too)."""
    from rdflib import BNode, Literal, URIRef

    if term is None:
        return None
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)) if term.datatype else None)
    return None
