"""Run a prepared query safely (:mod:`collab_graph.sparql.prepare` checks and binds it): stop runaway queries, cap results.

A query runs in a child process (forked, so the loaded store is shared, not copied) that is
stopped after ``timeout`` seconds; the child has no network access. At most ``limit`` rows are
kept; ``Outcome.capped`` says whether there were more.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from rdflib import Graph, Literal

from ..compiler.serialise import serialise
from ..store import DEFAULT_STORE, Store, StoreConfig, Table, as_config, open_store
from .library import QueryError, QuerySource
from .options import DEFAULT_LIMIT, DEFAULT_TIMEOUT
from .prepare import Prepared, prepare


class QueryTimeout(QueryError):
    """The query ran longer than its timeout and was stopped."""

    exit_code = 124


@dataclass(frozen=True)
class Outcome:
    """A result as a table (ASK: one ``ask`` column; CONSTRUCT/DESCRIBE: subject, predicate, object)."""

    name: str
    form: str
    table: Table
    capped: bool
    limit: int | None

    def note(self) -> str | None:
        """The note to show when rows were left out."""
        if self.capped:
            return f"note: showing the first {self.limit} of more rows (--limit)"
        return None


class QueryRunner:
    """Prepares and runs queries against one graph, opening its store once."""

    def __init__(self, graph: Graph | Callable[[], Graph], store: str | StoreConfig = DEFAULT_STORE):
        self._graph = graph
        self.config = as_config(store)
        self.store_name = self.config.label
        self._store: Store | None = None

    @property
    def graph(self) -> Graph:
        """The graph (compiled on first use when given as a loader)."""
        if not isinstance(self._graph, Graph):
            self._graph = self._graph()
        return self._graph

    @property
    def store(self) -> Store:
        """The store, loaded with the graph on first use."""
        if self._store is None:
            self._store = open_store(self.config, self.graph)
        return self._store

    def prepare(self, source: QuerySource, params: Mapping[str, str] | None = None) -> Prepared:
        """Check ``source`` and bind ``params`` (see :func:`collab_graph.sparql.prepare.prepare`)."""
        return prepare(source, params, lambda: self.graph)

    def run(self, prepared: Prepared, limit: int | None = DEFAULT_LIMIT, timeout: float | None = DEFAULT_TIMEOUT) -> Outcome:
        """Run ``prepared``: at most ``limit`` rows (None: all), stopped after ``timeout`` s (None or 0: never)."""
        if limit is not None and limit < 1:
            raise QueryError(f"query {prepared.name}: --limit must be at least 1")
        fetch = None if limit is None else limit + 1
        if self.config.remote:  # the server runs the query: the request's timeout bounds it
            self.store.timeout = timeout or None  # type: ignore[attr-defined]
            status, payload = _query(self.store, prepared.sparql, fetch)
        elif timeout:
            status, payload = _in_child(self.store, self.config.kind, self.graph, prepared.sparql, fetch, timeout)
        else:
            with _no_remote_graphs():
                status, payload = _query(self.store, prepared.sparql, fetch)
        if status == "timeout":
            raise QueryTimeout(f"query {prepared.name}: stopped after {_seconds(timeout)} s (--timeout)")
        if status == "error":
            raise QueryError(f"query {prepared.name}: the {self.store_name} engine could not run it: {payload}")
        assert isinstance(payload, Table)
        capped = limit is not None and len(payload.rows) > limit
        if capped:
            payload = Table(payload.columns, payload.rows[:limit])
        return Outcome(prepared.name, prepared.form, payload, capped, limit)


def _in_child(store: Store, store_name: str, graph: Graph, sparql: str, fetch: int | None, timeout: float) -> tuple[str, object]:
    """Run the query in a child process; ("timeout", None) when it is still running after ``timeout`` s."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods:
        context = multiprocessing.get_context("fork")
        target, args = _child, (store, sparql, fetch)
    else:  # pragma: no cover - platforms without fork rebuild the store in the child
        context = multiprocessing.get_context("spawn")
        target, args = _spawned_child, (store_name, serialise(graph, "nt"), sparql, fetch)
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=target, args=(sender, *args), daemon=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork with threads (e.g. in Jupyter) is fine here
        process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            return "timeout", None
        try:
            return receiver.recv()
        except EOFError:
            process.join(5)
            return "error", f"the query process ended unexpectedly (exit code {process.exitcode})"
    finally:
        receiver.close()
        if process.is_alive():
            process.terminate()
        process.join(5)
        if process.is_alive():  # pragma: no cover - terminate is enough on every tested platform
            process.kill()
            process.join()


def _child(conn: object, store: Store, sparql: str, fetch: int | None) -> None:
    _no_network()
    conn.send(_query(store, sparql, fetch))  # type: ignore[attr-defined]
    conn.close()  # type: ignore[attr-defined]


def _spawned_child(conn: object, store_name: str, ntriples: bytes, sparql: str, fetch: int | None) -> None:  # pragma: no cover
    _no_network()
    graph = Graph().parse(data=ntriples.decode("utf-8"), format="nt")
    conn.send(_query(open_store(store_name, graph), sparql, fetch))  # type: ignore[attr-defined]
    conn.close()  # type: ignore[attr-defined]


def _query(store: Store, sparql: str, fetch: int | None) -> tuple[str, object]:
    """("ok", Table) or ("error", message); an unreachable endpoint raises its own error."""
    from ..store.remote import EndpointError

    try:
        result = store.query(sparql, limit=fetch)
    except EndpointError as exc:
        if "no answer after" in str(exc):
            return "timeout", None
        raise
    except Exception as exc:
        return "error", " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(result, bool):
        return "ok", Table(["ask"], [(Literal(result),)])
    if isinstance(result, Graph):
        triples = sorted(result, key=lambda t: tuple(term.n3() for term in t))
        return "ok", Table(["subject", "predicate", "object"], [tuple(t) for t in triples[:fetch]])
    return "ok", result


def _no_network() -> None:
    """In the query process: no outbound connections (not even to an allowed endpoint), and rdflib never loads graphs named by FROM."""
    import rdflib.plugins.sparql

    from ..common.offline import lockdown

    lockdown()
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


@contextlib.contextmanager
def _no_remote_graphs() -> Iterator[None]:
    import rdflib.plugins.sparql

    before = rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    try:
        yield
    finally:
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = before


def _seconds(timeout: float | None) -> str:
    return f"{timeout:g}"
