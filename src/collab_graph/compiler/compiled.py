"""The result of a compile: the graph, lazily parsed when it comes from the cache, with its name index and record origins."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rdflib import Graph, URIRef


class Compiled:
    """The compiled graph and, for messages, where each record came from (``graph/x.yaml:12``).

    Made by a compile (``graph`` given) or from the cache (:mod:`collab_graph.compiler.cache`:
    ``ntriples``, the graph as N-Triples bytes, and ``names``, the name index as JSON data). From
    the cache the rdflib graph is built only when something asks for :attr:`graph`: a query runs
    on Oxigraph loaded from the bytes and resolves its parameters in :attr:`resolver`, so it never
    needs it.
    """

    def __init__(
        self, graph: Graph | None = None, origins: dict[URIRef, str] | None = None, *, ntriples: bytes | None = None, names: Any = None
    ):
        if graph is None and ntriples is None:
            raise ValueError("Compiled needs a graph or its N-Triples")
        self._graph, self.ntriples, self._names = graph, ntriples, names
        self.origins: dict[URIRef, str] = origins if origins is not None else {}
        self._resolver: Any = None

    @property
    def graph(self) -> Graph:
        """The rdflib graph (parsed from the cached N-Triples on first use)."""
        if self._graph is None:
            from .cache import parse_ntriples

            assert self.ntriples is not None
            self._graph = parse_ntriples(self.ntriples)
        return self._graph

    @property
    def resolver(self) -> Any:
        """The :class:`collab_graph.names.resolve.Resolver` of the graph (from the cache's name index when it has one)."""
        if self._resolver is None:
            from ..names.resolve import Resolver, resolver_for

            self._resolver = Resolver.from_json(self._names) if self._names is not None else resolver_for(self.graph)
        return self._resolver
