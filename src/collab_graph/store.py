"""Triple stores behind one interface: load an rdflib graph, answer SPARQL.

``oxigraph`` (pyoxigraph, in memory, or persistent on disk with a path) is the default: it
answers multi-join queries in milliseconds where rdflib's pure-Python engine can take minutes
(see benchmarks/store_bench.py). ``rdflib`` is kept as the reference implementation. An
``endpoint`` is a remote SPARQL 1.1 server (Virtuoso, Fuseki, GraphDB, Neptune; see
:mod:`collab_graph.remote`), loaded by ``collab-graph push`` and never loaded implicitly.
Results are always rdflib terms, whatever the store.

>>> from rdflib import Graph, Literal, URIRef
>>> g = Graph()
>>> _ = g.add((URIRef("urn:x"), URIRef("urn:p"), Literal(3)))
>>> for name in STORES:
...     table = open_store(name, g).query("SELECT ?o WHERE { ?s ?p ?o }")
...     print(name, table.columns, [row[0].toPython() for row in table.rows])
oxigraph ['o'] [3]
rdflib ['o'] [3]
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from itertools import islice

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import CollabGraphError


@dataclass
class Table:
    """A SELECT result: column names and rows of rdflib terms (None where unbound)."""

    columns: list[str]
    rows: list[tuple[Node | None, ...]] = field(default_factory=list)

    def records(self) -> list[dict[str, object]]:
        """Rows as dicts of plain Python values (str, int, Decimal, date ...)."""
        return [{c: (v.toPython() if v is not None else None) for c, v in zip(self.columns, row, strict=True)} for row in self.rows]


Result = Table | bool | Graph


class Store(ABC):
    """A loaded graph that answers SPARQL 1.1 queries."""

    name: str

    @abstractmethod
    def query(self, sparql: str, limit: int | None = None) -> Result:
        """Run a read-only query: a Table for SELECT, a bool for ASK, a Graph for CONSTRUCT/DESCRIBE.

        ``limit`` keeps at most that many SELECT rows, and stops the engine producing more.
        """


class RdflibStore(Store):
    """rdflib's in-memory graph and SPARQL engine."""

    name = "rdflib"

    def __init__(self, graph: Graph):
        self.graph = graph

    def query(self, sparql: str, limit: int | None = None) -> Result:
        result = self.graph.query(sparql)
        if result.type == "ASK":
            return bool(result.askAnswer)
        if result.type in {"CONSTRUCT", "DESCRIBE"}:
            return result.graph
        columns = [str(v) for v in result.vars]
        return Table(columns, [tuple(row) for row in islice(result, limit)])


class OxigraphStore(Store):
    """pyoxigraph's embedded store (in memory, or on disk when given a path: reloaded with ``graph``)."""

    name = "oxigraph"

    def __init__(self, graph: Graph, path: str | None = None):
        try:
            self.store = ox.Store(path) if path else ox.Store()
        except OSError as exc:
            raise CollabGraphError(f"--store-path {path}: cannot open the oxigraph store ({' '.join(str(exc).split())[:200]})") from None
        if path:
            self.store.clear()
        self.store.bulk_load(graph.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
        if path:
            self.store.flush()

    def query(self, sparql: str, limit: int | None = None) -> Result:
        result = self.store.query(sparql)
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QueryTriples):
            graph = Graph()
            for triple in result:
                graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
            return graph
        columns = [v.value for v in result.variables]
        return Table(columns, [tuple(to_rdflib(solution[c]) for c in columns) for solution in islice(result, limit)])


def to_rdflib(term: object) -> Node | None:
    """Convert a pyoxigraph term to the equal rdflib term."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unsupported term {term!r}")


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
STORES = {"oxigraph": OxigraphStore, "rdflib": RdflibStore}
DEFAULT_STORE = "oxigraph"
DEFAULT_GRAPH_IRI = "https://w3id.org/collab-graph/id/graph/release"


@dataclass(frozen=True)
class StoreConfig:
    """Which store to use: an embedded kind (with an optional on-disk path) or a remote endpoint.

    >>> StoreConfig().label, StoreConfig("rdflib").label, StoreConfig(endpoint="http://127.0.0.1:8890/sparql").label
    ('oxigraph', 'rdflib', 'endpoint http://127.0.0.1:8890/sparql')
    """

    kind: str = DEFAULT_STORE
    path: str | None = None
    endpoint: str | None = None
    graph_iri: str = DEFAULT_GRAPH_IRI
    user: str | None = None
    password: str | None = field(default=None, repr=False)

    @property
    def label(self) -> str:
        """How messages name the store."""
        return f"endpoint {self.endpoint}" if self.endpoint else self.kind

    @property
    def remote(self) -> bool:
        """True for a remote SPARQL endpoint."""
        return self.endpoint is not None


def as_config(spec: str | StoreConfig) -> StoreConfig:
    """A StoreConfig from a store name or a config."""
    if isinstance(spec, StoreConfig):
        return spec
    if spec not in STORES:
        raise ValueError(f"unknown store {spec!r} (choose from {', '.join(STORES)})")
    return StoreConfig(spec)


def open_store(spec: str | StoreConfig, graph: Graph) -> Store:
    """A store named by ``spec`` (``"oxigraph"``, ``"rdflib"`` or a StoreConfig) answering for ``graph``.

    Embedded stores are loaded with ``graph``; an endpoint is queried as it is (``collab-graph
    push`` loads it).
    """
    config = as_config(spec)
    if config.remote:
        from .remote import RemoteStore

        return RemoteStore(config)
    if config.kind == "oxigraph":
        return OxigraphStore(graph, config.path)
    if config.path:
        raise ValueError(f"store {config.kind!r} has no on-disk form (--store-path is for oxigraph)")
    return STORES[config.kind](graph)


def load_ntriples(kind: str, path: str) -> Store:
    """An embedded store of ``kind`` loaded straight from an N-Triples file (for large files and benchmarks)."""
    if kind == "oxigraph":
        store = OxigraphStore(Graph())
        store.store.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES)
        return store
    return RdflibStore(Graph().parse(path, format="nt"))
