"""The result of a compile: the graph, lazily parsed when it comes from the cache, with its name index and record origins."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Graph, URIRef

    from ..names.resolve import Resolver
    from ..store.view import OxigraphView


class Compiled:
    """The compiled graph and, for messages, where each record came from (``origins``: IRI string -> ``graph/x.yaml:12``).

    Made by a compile (``graph`` given) or from the cache (:mod:`collab_graph.compiler.cache`:
    ``ntriples``, the graph as N-Triples bytes, and ``names``, the name index as JSON data). From
    the cache the rdflib graph is built only when something asks for :attr:`graph`: a query runs
    on Oxigraph loaded from the bytes and resolves its parameters in :attr:`resolver`, so it never
    needs it.
    """

    def __init__(
        self,
        graph: Graph | None = None,
        origins: Mapping[URIRef | str, str] | None = None,
        *,
        ntriples: bytes | None = None,
        names: dict[str, Any] | None = None,
    ):
        if graph is None and ntriples is None:
            raise ValueError("Compiled needs a graph or its N-Triples")
        self._graph, self.ntriples, self._names = graph, ntriples, names
        self.origins: dict[str, str] = {str(iri): where for iri, where in (origins or {}).items()}
        self._resolver: Resolver | None = None

    @property
    def graph(self) -> Graph:
        """The rdflib graph (parsed from the cached N-Triples on first use)."""
        if self._graph is None:
            assert self.ntriples is not None
            self._graph = parse_ntriples(self.ntriples)
        return self._graph

    def reader(self) -> Graph | OxigraphView:
        """Something to read a few facts from: the rdflib graph when it is already built, else a
        :class:`collab_graph.store.view.OxigraphView` of the cached N-Triples (an rdflib-Graph-like view, much quicker to make)."""
        if self._graph is not None or self.ntriples is None:
            return self.graph
        from ..store.view import OxigraphView

        return OxigraphView.of_ntriples(self.ntriples)

    @property
    def resolver(self) -> Resolver:
        """The :class:`collab_graph.names.resolve.Resolver` of the graph (from the cache's name index when it has one)."""
        if self._resolver is None:
            from ..names.resolve import resolver_for
            from ..names.stored import from_json

            self._resolver = from_json(self._names) if self._names is not None else resolver_for(self.graph)
        return self._resolver


def parse_ntriples(data: bytes) -> Graph:
    """An rdflib graph (project prefixes bound) from N-Triples bytes, parsed by pyoxigraph.

    Each distinct term is converted to rdflib once; the bytes are remembered so an Oxigraph store
    loads them as they are (:func:`collab_graph.store.embedded.remember_ntriples`). Raises
    SyntaxError or ValueError on bad input.
    """
    import pyoxigraph as ox
    from rdflib import Graph

    from ..common.namespaces import bind_prefixes
    from ..store.embedded import remember_ntriples, to_rdflib

    graph = bind_prefixes(Graph())  # rdflib's default store: pySHACL needs one that knows contexts
    term = functools.cache(to_rdflib)  # each distinct term converted once

    add = graph.add
    for triple in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
        add((term(triple.subject), term(triple.predicate), term(triple.object)))
    remember_ntriples(graph, data)
    return graph
