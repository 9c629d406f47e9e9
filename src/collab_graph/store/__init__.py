"""Triple stores behind one interface: load an rdflib graph, answer SPARQL.

``oxigraph`` (pyoxigraph, in memory, or persistent on disk with a path) is the default: it
answers multi-join queries in milliseconds where rdflib's pure-Python engine can take minutes
(see benchmarks/store_bench.py). ``rdflib`` is kept as the reference implementation. An
``endpoint`` is a remote SPARQL 1.1 server (Virtuoso, Fuseki, GraphDB, Neptune; see
:mod:`collab_graph.store.remote`), loaded by ``collab-graph push`` and never loaded implicitly.
Results are the same terms whatever the store: ``Table.rows`` as rdflib terms, ``Table.cells()`` as
plain tuples (what a printed answer needs, without importing rdflib; :class:`~collab_graph.store.base.Table`).

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

from typing import TYPE_CHECKING

from .base import DEFAULT_GRAPH_IRI, DEFAULT_STORE, STORES, XSD_STRING, Result, Store, StoreConfig, Table, as_config

if TYPE_CHECKING:
    from rdflib import Graph

__all__ = [
    "DEFAULT_GRAPH_IRI",
    "DEFAULT_STORE",
    "STORES",
    "XSD_STRING",
    "Result",
    "Store",
    "StoreConfig",
    "Table",
    "as_config",
    "load_ntriples",
    "open_store",
]


def open_store(spec: str | StoreConfig, graph: Graph) -> Store:
    """A store named by ``spec`` (``"oxigraph"``, ``"rdflib"`` or a StoreConfig) answering for ``graph``.

    Embedded stores are loaded with ``graph``; an endpoint is queried as it is (``collab-graph
    push`` loads it).
    """
    config = as_config(spec)
    if config.remote:
        from .remote import RemoteStore

        return RemoteStore(config)
    from .embedded import ENGINES, OxigraphStore

    if config.kind == "oxigraph":
        return OxigraphStore(graph, config.path)
    if config.path:
        raise ValueError(f"store {config.kind!r} has no on-disk form (--store-path is for oxigraph)")
    return ENGINES[config.kind](graph)


def load_ntriples(kind: str, path: str) -> Store:
    """An embedded store of ``kind`` loaded straight from an N-Triples file (for large files and benchmarks)."""
    from .embedded import load_ntriples as load

    return load(kind, path)
