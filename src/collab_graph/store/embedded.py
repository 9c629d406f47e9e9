"""The embedded engines: pyoxigraph (default; in memory, or on disk) and rdflib (the reference)."""

from __future__ import annotations

import fcntl
import weakref
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import pyoxigraph as ox

from ..common.errors import CollabGraphError
from .base import XSD_STRING, Cell, Result, Store, Table, quiet_rdflib_literals

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

# rdflib is imported only where it is used: a query on Oxigraph whose answer is only printed never
# needs it (Oxigraph's terms become Cell tuples). Wherever rdflib builds a term, an ill-typed
# literal in the data or a query is shown as written, never as a traceback:
quiet_rdflib_literals()


class RdflibStore(Store):
    """rdflib's in-memory graph and SPARQL engine."""

    name = "rdflib"

    def __init__(self, graph: Graph):
        self.graph = graph

    def query(self, sparql: str, limit: int | None = None) -> Result:
        from rdflib.plugins.sparql.algebra import translateQuery
        from rdflib.plugins.sparql.parser import Query

        # Parsed as written: rdflib's own parseQuery would expand \\u escapes a second time, inside
        # strings too (the text is already in canonical form, see collab_graph.store.canon).
        parsed = translateQuery(Query.parse_string(sparql, parse_all=True), initNs=dict(self.graph.namespaces()))
        _note_values_variables(parsed.algebra)
        result = self.graph.query(parsed)
        if result.type == "ASK":
            return bool(result.askAnswer)
        if result.type in {"CONSTRUCT", "DESCRIBE"}:
            return result.graph
        columns = [str(v) for v in result.vars]
        return Table(columns, [tuple(row) for row in islice(result, limit)])


def _note_values_variables(algebra: object) -> None:
    """Give every ``VALUES`` block in rdflib's algebra the variables it binds, and every pattern above it.

    rdflib 7 records no variables for a ``VALUES`` block, so an OPTIONAL after one (``VALUES ?o {...}
    OPTIONAL {?o cg:area ?a}``) re-checks its pattern with ``?o`` forgotten and drops every row whose
    OPTIONAL part is empty (RDFLib/rdflib#2332). The variables are recomputed here as rdflib's own
    pass does, with the block's variables counted.
    """
    from rdflib.plugins.sparql.algebra import _addVars, _traverseAgg
    from rdflib.plugins.sparql.parserutils import CompValue

    def visit(node: object, children: list[set]) -> set:
        if isinstance(node, CompValue) and node.name == "values":
            node["_vars"] = {variable for row in node.res for variable in row}
            return node["_vars"]
        return _addVars(node, children)

    _traverseAgg(algebra, visit)


class OxigraphStore(Store):
    """pyoxigraph's embedded store (in memory, or on disk when given a path: reloaded with ``graph``).

    ``ntriples``: the graph as N-Triples bytes, loaded as they are (then ``graph`` may be None).

    On disk, the folder is loaded through a read-write handle that is then closed, and queried
    through a **read-only** one. Oxigraph keeps an on-disk store in RocksDB, whose background
    threads (compacting what a bulk load wrote) hold its mutexes from time to time; a query process
    forked at such a moment inherits a locked mutex with no thread to release it, and its first
    read waits for ever (facebook/rocksdb#2006; it stopped the whole library at ``--timeout``).
    Closing the writer waits for that work to finish, and a read-only store starts none, so every
    query process (:mod:`collab_graph.store.sandbox`) forks from a quiet store. While this object
    lives it holds a lock on the folder's marker file, so a second collab-graph cannot clear the
    folder under it.
    """

    name = "oxigraph"

    def __init__(self, graph: Graph | None, path: str | None = None, ntriples: bytes | None = None):
        if ntriples is None:
            assert graph is not None, "OxigraphStore needs a graph or its N-Triples"
        data = ntriples or known_ntriples(graph) or graph.serialize(format="nt", encoding="utf-8")  # type: ignore[union-attr]
        # The bytes are always our own (the compiled-graph cache, checked against its manifest's
        # SHA-256, or rdflib's serialisation of a graph in this process), so Oxigraph skips
        # re-validating every IRI ("lenient": half the load time); an in-memory store takes them in
        # one transaction (faster than a bulk load at this size).
        if not path:
            self.store = ox.Store()
            self.store.load(data, format=ox.RdfFormat.N_TRIPLES, lenient=True)
            return
        self._claimed = _claim(path)
        try:
            writer = ox.Store(path)
            writer.clear()
            writer.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, lenient=True)
            writer.flush()
            del writer  # closing waits for RocksDB's background work
            self.store = ox.Store.read_only(path)
        except OSError as exc:
            raise CollabGraphError(f"--store-path {path}: cannot open the oxigraph store ({' '.join(str(exc).split())[:200]})") from None

    def query(self, sparql: str, limit: int | None = None) -> Result:
        result = self.store.query(sparql)
        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QueryTriples):
            from rdflib import Graph

            graph = Graph()
            for triple in result:
                graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
            return graph
        columns = [v.value for v in result.variables]
        return Table.of_cells(columns, [tuple(to_cell(solution[c]) for c in columns) for solution in islice(result, limit)])


MARKER = ".collab-graph-store"


def _claim(path: str) -> BinaryIO:
    """Make sure ``path`` is a folder collab-graph may wipe (new, empty, or marked by an earlier run), and lock it.

    The store is cleared and reloaded on every start, so a folder with anything else in it (another
    Oxigraph database, the user's files) is refused rather than overwritten. Returns the marker
    file, open and locked (``flock``) until it is closed; a folder another process has locked is
    refused. Raises :class:`CollabGraphError` (one line, naming the folder).
    """
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise CollabGraphError(f"--store-path {path}: is a file, not a folder")
    if folder.is_dir() and not (folder / MARKER).is_file() and any(folder.iterdir()):
        raise CollabGraphError(
            f"--store-path {path}: the folder holds files collab-graph did not make (no {MARKER} in it); give a new or empty folder"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        marker = folder / MARKER
        if not marker.is_file():
            marker.write_text(
                "This folder is an Oxigraph store made by collab-graph; it is cleared and reloaded on each use.\n", encoding="utf-8"
            )
        handle = marker.open("rb")
    except OSError as exc:
        raise CollabGraphError(f"--store-path {path}: cannot use the folder ({exc.strerror or exc})") from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise CollabGraphError(
            f"--store-path {path}: another collab-graph process is using this store; wait for it or give another folder"
        ) from None
    return handle


def to_cell(term: object) -> Cell | None:
    """A pyoxigraph term as a :data:`collab_graph.store.base.Cell` (None stays None)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return ("iri", term.value, None, None)
    if isinstance(term, ox.BlankNode):
        return ("bnode", term.value, None, None)
    if isinstance(term, ox.Literal):
        if term.language:
            return ("literal", term.value, term.language, None)
        datatype = term.datatype.value
        return ("literal", term.value, None, None if datatype == XSD_STRING else datatype)
    raise TypeError(f"unsupported term {term!r}")


def to_rdflib(term: object) -> Node | None:
    """Convert a pyoxigraph term to the equal rdflib term."""
    from rdflib import BNode, Literal, URIRef

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
        return Literal(term.value, datatype=URIRef(term.datatype.value), normalize=False)  # as the engine wrote it
    raise TypeError(f"unsupported term {term!r}")


_NTRIPLES: dict[int, tuple[weakref.ref[Graph], int, bytes]] = {}


def remember_ntriples(graph: Graph, data: bytes) -> None:
    """Note that ``data`` is ``graph`` as N-Triples (the compiled-graph cache), so loading a store skips serialising it again."""
    key = id(graph)
    _NTRIPLES[key] = (weakref.ref(graph, lambda _ref: _NTRIPLES.pop(key, None)), len(graph), data)


def known_ntriples(graph: Graph) -> bytes | None:
    """The N-Triples noted for ``graph`` by :func:`remember_ntriples`, unless the graph has since changed size."""
    entry = _NTRIPLES.get(id(graph))
    if entry is None or entry[0]() is not graph or entry[1] != len(graph):
        return None
    return entry[2]


ENGINES = {"oxigraph": OxigraphStore, "rdflib": RdflibStore}


def load_ntriples(kind: str, path: str) -> Store:
    """An embedded store of ``kind`` loaded straight from an N-Triples file (for large files and benchmarks)."""
    from rdflib import Graph

    if kind == "oxigraph":
        store = OxigraphStore(Graph())
        store.store.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES)
        return store
    return RdflibStore(Graph().parse(path, format="nt"))
