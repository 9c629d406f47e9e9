"""Run a prepared query safely (:mod:`collab_graph.sparql.prepare` checks and binds it): stop runaway queries, cap results.

A query runs in a child process (forked, so the loaded store is shared, not copied) that is
stopped after ``timeout`` seconds or when it needs more than ``memory`` MiB, and that cannot reach
the network (:mod:`collab_graph.store.sandbox`): a fresh one per query, or after
:meth:`QueryRunner.start_workers` one of a pool of warm ones (:mod:`collab_graph.store.pool`,
for ``serve``). At most ``limit`` rows are kept; ``Outcome.capped`` says whether there were more.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..compiler.compiled import Compiled
from ..store import DEFAULT_STORE, Store, StoreConfig, Table, as_config, open_store
from ..store.base import EndpointError
from ..store.pool import WorkerPool
from ..store.sandbox import REFUSED, run_isolated
from ..store.sandbox import Outcome as TaskOutcome
from .checks import CheckCache
from .library import QueryError, QuerySource
from .options import DEFAULT_LIMIT, DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT
from .prepare import Prepared, prepare

if TYPE_CHECKING:
    from rdflib import Graph

    from ..names.resolve import Resolver

# With workers (``serve``), the last CHECK_CACHE_SIZE query texts (each at most CHECK_CACHE_CHARS long)
# that passed the safety check are not parsed again: the check, not the query, is most of a small query's time.
CHECK_CACHE_SIZE = 512
CHECK_CACHE_CHARS = 20_000


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


class QueryOutOfMemory(QueryError):
    """The query needed more memory than its limit and was stopped."""


class QueryRunner:
    """Prepares and runs queries against one graph, opening its store once.

    Every check and every query on an embedded store runs in a child process with no network,
    at most ``memory`` MiB of memory beyond the parent's (None or 0: no limit) and a time limit
    (see :mod:`collab_graph.store.sandbox`); ``timeout`` (seconds) bounds the check in
    :meth:`prepare`, :meth:`run` takes its own.
    """

    def __init__(
        self,
        graph: Graph | Compiled | Callable[[], Graph | Compiled],
        store: str | StoreConfig = DEFAULT_STORE,
        timeout: float | None = DEFAULT_TIMEOUT,
        memory: int | None = DEFAULT_MEMORY_MB,
        check_cache: Path | None = None,
    ):
        self._graph = graph
        self.checks = CheckCache(check_cache) if check_cache is not None else None
        self.config = as_config(store)
        self.store_name = self.config.label
        self._store: Store | None = None
        self.timeout = timeout
        self.memory = memory
        self.pool: WorkerPool | None = None
        self.wait: float | None = None
        self._passed: dict[tuple[tuple[str, ...], str, int], str] = {}  # queries that passed the check (with workers only)
        self._lock = threading.Lock()

    def start_workers(self, size: int, wait: float | None = None) -> WorkerPool:
        """From now on run checks and queries in ``size`` warm worker processes forked with the loaded store,
        and remember the texts that passed the check (``CHECK_CACHE_SIZE``).

        A call waits at most ``wait`` seconds for an idle worker, then raises
        :class:`collab_graph.store.pool.Busy`. Stop them with :meth:`close`.
        """
        global _WORKER_STORE
        _WORKER_STORE = self.store if not self.config.remote else None  # inherited by the forked workers
        self.pool, self.wait = WorkerPool(size, self.memory, _no_network), wait
        return self.pool

    def close(self) -> None:
        """Stop the worker processes, if any."""
        if self.pool is not None:
            self.pool.close()
            self.pool = None

    def _isolated(self, target: Callable[..., TaskOutcome], args: tuple, timeout: float | None) -> TaskOutcome:
        if self.pool is not None:
            return self.pool.run(target, args, timeout, self.wait)
        return run_isolated(target, args, timeout, self.memory)

    def _loaded(self) -> Graph | Compiled:
        """The graph or compiled graph (compiled or loaded on first use when given as a loader)."""
        if callable(self._graph):  # a loader (neither a graph nor a Compiled is callable)
            self._graph = self._graph()
        return self._graph  # type: ignore[return-value]

    @property
    def graph(self) -> Graph:
        """The rdflib graph (compiled on first use when given as a loader; a cached one is parsed only now)."""
        loaded = self._loaded()
        return loaded.graph if isinstance(loaded, Compiled) else loaded

    def _names(self) -> Graph | Resolver:
        loaded = self._loaded()
        return loaded.resolver if isinstance(loaded, Compiled) else loaded

    @property
    def store(self) -> Store:
        """The store, loaded with the graph on first use (Oxigraph straight from the cached N-Triples when there are some)."""
        if self._store is None:
            if self.config.remote:
                from rdflib import Graph

                self._store = open_store(self.config, Graph())  # the endpoint answers for itself
            else:
                loaded = self._loaded()
                ntriples = loaded.ntriples if isinstance(loaded, Compiled) else None
                if self.config.kind == "oxigraph" and ntriples is not None:
                    from ..store.embedded import OxigraphStore

                    self._store = OxigraphStore(None, self.config.path, ntriples=ntriples)
                else:
                    self._store = open_store(self.config, self.graph)
        return self._store

    def prepare(self, source: QuerySource, params: Mapping[str, str] | None = None) -> Prepared:
        """Check ``source`` and bind ``params`` (see :func:`collab_graph.sparql.prepare.prepare`).

        The full parse runs in a child process under this runner's time and memory limits; a text
        that passed it before is not parsed again (kept in memory with workers, on disk with
        ``check_cache``: :class:`CheckCache`).
        """
        return prepare(source, params, self._names, self._parse_check)

    def _parse_check(self, texts: list[str], name: str, skip: int) -> str:
        key = (tuple(texts), name, skip)
        if self.pool is not None and key in self._passed:  # the check is a function of the text alone
            return self._passed[key]
        if self.checks is not None:
            known = self.checks.get(texts, name, skip)
            if known is not None:
                return known
        status, payload = self._isolated(_check_texts, (texts, name, skip), self.timeout)
        form = str(self._settle(name, status, payload, self.timeout))
        if self.checks is not None:
            self.checks.add(texts, name, skip, form)
        if self.pool is not None and sum(map(len, texts)) <= CHECK_CACHE_CHARS:
            with self._lock:  # serve's request threads share the runner
                self._passed[key] = form
                while len(self._passed) > CHECK_CACHE_SIZE:
                    self._passed.pop(next(iter(self._passed)))
        return form

    def run(self, prepared: Prepared, limit: int | None = DEFAULT_LIMIT, timeout: float | None = DEFAULT_TIMEOUT) -> Outcome:
        """Run ``prepared``: at most ``limit`` rows (None: all), stopped after ``timeout`` s (None or 0: never)."""
        if limit is not None and limit < 1:
            raise QueryError(f"query {prepared.name}: --limit must be at least 1")
        fetch = None if limit is None else limit + 1
        if self.config.remote:  # the server runs the query: the request's timeout bounds it
            self.store.timeout = timeout or None  # type: ignore[attr-defined]
            status, payload = _query(self.store, prepared.sparql, fetch)
        elif self.pool is not None:
            status, payload = self._isolated(_run_in_worker, (prepared.sparql, fetch), timeout or None)
        else:
            status, payload = run_isolated(_run_query, (self.store, prepared.sparql, fetch), timeout or None, self.memory)
        table = self._settle(prepared.name, status, payload, timeout)
        assert isinstance(table, Table)
        capped = limit is not None and len(table) > limit
        if capped:
            table = table.head(limit)
        return Outcome(prepared.name, prepared.form, table, capped, limit)

    def _settle(self, name: str, status: str, payload: object, timeout: float | None) -> object:
        """The payload of an "ok" outcome; the matching QueryError for any other."""
        if status == "timeout":
            raise QueryTimeout(f"query {name}: stopped after {_seconds(timeout)} s (--timeout)")
        if status == "memory":
            raise QueryOutOfMemory(f"query {name}: stopped: it needed more than {self.memory} MB of memory (--memory)")
        if status == "refused":
            raise QueryError(str(payload))
        if status == "error":
            if f"(os error {REFUSED})" in str(payload):
                payload = "it tried to reach the network, and a query never may (connection refused)"
            raise QueryError(f"query {name}: the {self.store_name} engine could not run it: {payload}")
        return payload


def _check_texts(texts: list[str], name: str, skip: int) -> tuple[str, object]:
    """In the check process: the full safety check; ("ok", form) or ("refused", message).

    ``texts`` are the query as written and, last, with its parameters bound. The last is checked
    (one parse when all is well); when it fails, the first is checked too, so that a message points
    at the user's own text when the fault is there.
    """
    from .safety import check

    sys.setrecursionlimit(50_000)  # the parser recurses on nesting, which canon bounds
    try:
        try:
            return "ok", check(texts[-1], name, skip)
        except QueryError:
            if len(texts) > 1:
                check(texts[0], name, skip)
            raise
    except QueryError as exc:
        return "refused", str(exc)
    except RecursionError:
        return "refused", f"query {name}: nested too deeply to parse"


def _run_query(store: Store, sparql: str, fetch: int | None) -> tuple[str, object]:
    """In the query process: run ``sparql`` with Python's network refused too (rdflib's own fetches)."""
    sys.setrecursionlimit(50_000)  # rdflib's engine recurses on nesting too
    _no_network(engine=store.name == "rdflib")
    return _query(store, sparql, fetch)


_WORKER_STORE: Store | None = None  # the store a pool's workers query (set before they are forked)


def _run_in_worker(sparql: str, fetch: int | None) -> tuple[str, object]:
    """In a pool worker (already without network, see ``start_workers``): run ``sparql`` on the inherited store."""
    assert _WORKER_STORE is not None
    return _query(_WORKER_STORE, sparql, fetch)


def _query(store: Store, sparql: str, fetch: int | None) -> tuple[str, object]:
    """("ok", Table) or ("error", message); an unreachable endpoint raises its own error."""
    try:
        result = store.query(sparql, limit=fetch)
    except EndpointError as exc:
        if "no answer after" in str(exc):
            return "timeout", None
        raise
    except Exception as exc:
        return "error", " ".join(str(exc).split()) or type(exc).__name__
    if isinstance(result, Table):
        return "ok", result
    if isinstance(result, bool):
        return "ok", Table.of_cells(["ask"], [(("literal", "true" if result else "false", None, XSD_BOOLEAN),)])
    # a CONSTRUCT or DESCRIBE graph
    triples = sorted(result, key=lambda t: tuple(term.n3() for term in t))  # type: ignore[arg-type]
    return "ok", Table(["subject", "predicate", "object"], [tuple(t) for t in triples[:fetch]])


XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"


def _no_network(engine: bool = True) -> None:
    """In the query process: no outbound connections (not even to an allowed endpoint), and rdflib never loads graphs named by FROM.

    ``engine``: the process may run rdflib's SPARQL engine, so switch its loading off (importing it
    if need be). An Oxigraph query process does not import it (a tenth of a second); if it is
    already imported, it is switched off all the same.
    """
    from ..common.offline import lockdown

    lockdown()
    if engine or "rdflib.plugins.sparql" in sys.modules:
        import rdflib.plugins.sparql

        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


def _seconds(timeout: float | None) -> str:
    return f"{timeout:g}"
