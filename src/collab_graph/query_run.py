"""Run a query safely: add the project's prefixes, bind parameters, stop runaway queries, cap results.

Parameters are bound by a ``VALUES`` block placed at the end of the query's WHERE group, so
they restrict the solutions before any GROUP BY and aggregates see them. A name parameter is
resolved through the registry ("NWAS" -> North West Ambulance Service's IRI).

A query runs in a child process (forked, so the loaded store is shared, not copied) that is
stopped after ``timeout`` seconds; the child has no network access. At most ``limit`` rows are
kept; ``Outcome.capped`` says whether there were more.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import re
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, ORG, RDF, SKOS
from rdflib.term import Node

from .errors import UnknownName
from .labels import label
from .names import normalise
from .namespaces import CG, ID, PREFIXES, slug_of
from .queries import Param, QueryError, QuerySource
from .serialise import serialise
from .show import find
from .sparql_safety import check
from .sparql_text import declared_prefixes, mentions_variable, where_block
from .store import DEFAULT_STORE, Store, StoreConfig, Table, as_config, open_store

DEFAULT_LIMIT = 10_000
DEFAULT_TIMEOUT = 30.0
TYPES = {
    "organisation": (ORG.Organization, CG.GovernanceBody),
    "area": (CG.Area,),
    "initiative": (CG.Initiative,),
    "person": (FOAF.Person,),
}
SCHEMES = {"theme": ID["theme"], "status": ID["status"], "sector": ID["sector"], "unit": ID["unit"]}


class QueryTimeout(QueryError):
    """The query ran longer than its timeout and was stopped."""

    exit_code = 124


@dataclass(frozen=True)
class Prepared:
    """A checked query, ready to run: the SPARQL sent to the store and what it binds."""

    name: str
    sparql: str
    form: str
    bindings: dict[str, Node] = field(default_factory=dict)
    added: int = 0

    def readable(self) -> str:
        """The SPARQL as it runs, with the added PREFIX declarations one per line."""
        prefixes = self.sparql[: self.added].replace("> PREFIX ", ">\nPREFIX ").rstrip()
        return (prefixes + "\n" if prefixes else "") + self.sparql[self.added :]


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


def with_prefixes(text: str) -> tuple[str, int]:
    """``text`` with PREFIX declarations for the project prefixes it does not declare, all on line 1.

    Returns the new text and the number of characters added (line numbers do not change).
    """
    declared = declared_prefixes(text)
    added = "".join(f"PREFIX {p}: <{ns}> " for p, ns in PREFIXES.items() if p not in declared)
    return added + text, len(added)


def parse_params(pairs: list[str] | tuple[str, ...], name: str) -> dict[str, str]:
    """``["org=NWAS", "year=2015"]`` -> ``{"org": "NWAS", "year": "2015"}``.

    >>> parse_params(["org=NWAS", "area = Kent"], "demo")
    {'org': 'NWAS', 'area': 'Kent'}
    """
    params: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        key = key.strip().lstrip("?$")
        if not sep or not re.fullmatch(r"[A-Za-z_]\w*", key):
            raise QueryError(f"query {name}: bad --param {pair!r} (expected key=value, e.g. org=NWAS)")
        if key in params:
            raise QueryError(f"query {name}: --param {key} given twice")
        params[key] = value.strip()
    return params


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
        """Check ``source`` and bind ``params``; QueryError naming the query when anything is wrong."""
        text, skip = with_prefixes(source.text)
        form = check(text, source.name, skip)
        bindings = self.resolve(source, dict(params or {}))
        if bindings:
            text = bind(text, bindings, source.name)
            check(text, source.name, skip)  # the bound values cannot have changed what the query does
        return Prepared(source.name, text, form, bindings, skip)

    def resolve(self, source: QuerySource, given: dict[str, str]) -> dict[str, Node]:
        """Parameter values as RDF terms, checked against the header's declarations."""
        declared = {p.name: p for p in source.header.params}
        for key in given:
            if key in declared:
                continue
            if declared:
                raise QueryError(f"query {source.name}: no parameter {key!r} (it takes: {', '.join(declared)})")
            if not mentions_variable(source.text, key):
                raise QueryError(f"query {source.name}: --param {key}: the query has no variable ?{key}")
        bindings: dict[str, Node] = {}
        for param in declared.values():
            value = given.get(param.name, param.default)
            if value is None:
                if not param.optional:
                    raise QueryError(f"query {source.name}: needs --param {param.name}=... ({param.description})")
                continue
            bindings[param.name] = self.value(param, value, source.name)
        for key, value in given.items():
            if key not in declared:
                bindings[key] = self.value(Param(key, "any", ""), value, source.name)
        return bindings

    def value(self, param: Param, value: str, name: str) -> Node:
        """The RDF term for ``value`` of a parameter of ``param.kind``."""
        where = f"query {name}: --param {param.name}={value}"
        if not value:
            raise QueryError(f"{where}: empty value")
        kind = param.kind
        if kind in {"year", "integer"}:
            if not re.fullmatch(r"-?\d+", value) or (kind == "year" and not re.fullmatch(r"\d{4}", value)):
                raise QueryError(f"{where}: expected {'a four-digit year' if kind == 'year' else 'a whole number'}")
            return Literal(int(value))
        if kind == "text":
            return Literal(value)
        if kind in SCHEMES:
            return self._concept(SCHEMES[kind], value, where)
        if kind == "any":
            if re.fullmatch(r"-?\d+", value):
                return Literal(int(value))
            if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
                return Literal(value[1:-1])
            if value.startswith("<") and value.endswith(">"):
                if not re.fullmatch(r"<[^<>\"{}|^`\\\x00-\x20]+>", value):
                    raise QueryError(f"{where}: not a valid IRI")
                return URIRef(value[1:-1])
        return self._named(TYPES.get(kind, ()), kind, value, where)

    def _named(self, types: tuple[URIRef, ...], kind: str, value: str, where: str) -> URIRef:
        graph = self.graph
        try:
            found = find(graph, value)
        except UnknownName as exc:
            raise QueryError(f"{where}: {exc}") from None
        if types:
            matching = [n for n in found if any((n, RDF.type, t) in graph for t in types)]
            if not matching:
                what = ", ".join(sorted({_kind_of(graph, n) for n in found}))
                raise QueryError(f"{where}: {value!r} names {what}, not {_article(kind)}")
            found = matching
        elif len(found) > 1:  # an index entry repeats an organisation's printed name: prefer the organisation
            found = [n for n in found if (n, RDF.type, CG.IndexEntry) not in graph] or found
        if len(found) > 1:
            options = "; ".join(f"{label(graph, n)} ({str(n).removeprefix(str(ID)).replace('/', ' ', 1)})" for n in found)
            raise QueryError(f"{where}: {value!r} is ambiguous: {options}; give the id instead")
        return found[0]

    def _concept(self, scheme: URIRef, value: str, where: str) -> URIRef:
        graph = self.graph
        table: dict[str, URIRef] = {}
        for concept in sorted(graph.subjects(SKOS.inScheme, scheme)):
            for name in [slug_of(concept), *graph.objects(concept, SKOS.notation), *graph.objects(concept, SKOS.prefLabel)]:
                table.setdefault(normalise(name), concept)
        if normalise(value) in table:
            return table[normalise(value)]
        allowed = sorted({slug_of(c) for c in table.values()})
        raise QueryError(f"{where}: unknown value (choose from {', '.join(allowed)})")

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


def bind(text: str, bindings: Mapping[str, Node], name: str) -> str:
    """``text`` with one ``VALUES`` row for ``bindings`` at the end of its WHERE group (same line count).

    >>> bind("SELECT ?n WHERE { ?o ?p ?n } ORDER BY ?n", {"o": URIRef("urn:x"), "y": Literal(2015)}, "demo")
    'SELECT ?n WHERE { ?o ?p ?n VALUES (?o ?y) { (<urn:x> 2015) } } ORDER BY ?n'
    """
    block = where_block(text)
    if block is None:
        raise QueryError(f"query {name}: cannot bind parameters: the query has no WHERE {{ ... }} group")
    names = sorted(bindings)
    values = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(_term(bindings[n]) for n in names)}) }} "
    close = block[1]
    before = text[:close]
    return before + ("" if before.endswith((" ", "\n")) else " ") + values + text[close:]


def _term(node: Node) -> str:
    """The SPARQL form of a bound value: whole numbers plain, everything else in N-Triples form."""
    if isinstance(node, Literal) and node.datatype == URIRef("http://www.w3.org/2001/XMLSchema#integer"):
        return str(int(node))
    return node.n3()


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
    from .remote import EndpointError

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

    from .offline import lockdown

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


def _kind_of(graph: Graph, node: URIRef) -> str:
    for kind, types in TYPES.items():
        if any((node, RDF.type, t) in graph for t in types):
            return _article(kind)
    return _article(str(node).removeprefix(str(ID)).split("/", 1)[0])


def _article(kind: str) -> str:
    return f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind}"


def _seconds(timeout: float | None) -> str:
    return f"{timeout:g}"
