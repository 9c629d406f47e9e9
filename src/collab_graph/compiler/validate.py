"""Validation: the SHACL shapes (pySHACL) and the rule checks in ``ontology/checks/*-violation.sparql``.

A rule check is a SELECT query that returns one row per violation, with ``?focus`` (the offending
node) and ``?message``; a clean graph returns no rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from ..common.errors import DataError, Problem, turtle_problem
from ..common.labels import label
from ..common.paths import Project
from ..store import DEFAULT_STORE, Store, Table, open_store
from ..store.canon import CanonError, canonical, keyword_at
from ..store.sandbox import run_isolated
from .build import Compiled


@dataclass(frozen=True, order=True)
class Violation:
    """One failed constraint: the record, the property path and the message."""

    origin: str
    focus: str
    path: str
    message: str
    severity: str = "violation"

    def __str__(self) -> str:
        path = f" [{self.path}]" if self.path else ""
        return f"{self.origin}: {self.focus}{path}: {self.message}"


def _load_turtle(project: Project, path: Path) -> Graph:
    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except FileNotFoundError:
        raise DataError([Problem(project.shown(path), None, "file not found")]) from None
    except Exception as exc:  # rdflib raises several parser error types
        raise DataError([turtle_problem(project.shown(path), exc)]) from None
    return graph


def _origin(compiled: Compiled, node: object) -> str:
    if isinstance(node, URIRef):
        base = URIRef(str(node).split("#", 1)[0])
        return compiled.origins.get(str(node)) or compiled.origins.get(str(base)) or str(node)
    return "graph"


def shacl_violations(project: Project, compiled: Compiled) -> list[Violation]:
    """Every SHACL result as a Violation (``severity`` tells violations from warnings)."""
    shapes = _load_turtle(project, project.ontology_dir / "shapes.ttl")
    try:
        _conforms, results, _text = shacl_validate(compiled.graph, shacl_graph=shapes, inference="none", allow_warnings=True)
    except Exception as exc:  # pySHACL rejects a shape it cannot run (e.g. a malformed SHACL-SPARQL constraint)
        message = " ".join(str(exc).split())[:300] or type(exc).__name__
        raise DataError([Problem(project.shown(project.ontology_dir / "shapes.ttl"), None, f"SHACL error: {message}")]) from None
    found = []
    g = compiled.graph
    for result in results.subjects(predicate=SH.resultSeverity):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        severity = "warning" if results.value(result, SH.resultSeverity) == SH.Warning else "violation"
        found.append(
            Violation(
                origin=_origin(compiled, focus),
                focus=label(g, focus),
                path=label(g, path) if isinstance(path, URIRef) else "",
                message=str(message) if message is not None else "violates a shape",
                severity=severity,
            )
        )
    return sorted(set(found))


def rule_violations(project: Project, compiled: Compiled) -> list[Violation]:
    """Rows returned by the ``*-violation.sparql`` checks (run on the embedded Oxigraph store).

    A check gets the same protection as a user's query: its canonical text
    (:mod:`collab_graph.store.canon`) must not name SERVICE or FROM, and it runs in the isolated
    query process (:mod:`collab_graph.store.sandbox`: no network, at most CHECK_MEMORY_MB of
    memory, stopped after CHECK_TIMEOUT seconds). A check that breaks any of that fails the build.
    """
    found = []
    store = open_store(DEFAULT_STORE, compiled.graph)
    for path in sorted((project.ontology_dir / "checks").glob("*-violation.sparql")):
        shown = project.shown(path)
        table = _run_check(shown, path.read_text(encoding="utf-8"), store)
        if not isinstance(table, Table) or table.columns[:2] != ["focus", "message"]:
            raise DataError([Problem(project.shown(path), None, "a check must be a SELECT of ?focus ?message")])
        for focus, message, *_ in table.rows:
            found.append(
                Violation(_origin(compiled, focus), label(compiled.graph, focus), "", f"{message or 'rule violated'} ({path.stem})")
            )
    return sorted(set(found))


CHECK_TIMEOUT = 120.0  # seconds one rule check may run
CHECK_MEMORY_MB = 2048


def _run_check(shown: str, text: str, store: Store) -> object:
    """The result of one rule check, run like a user's query; DataError naming the file when it may not or does not finish."""

    def fail(message: str, offset: int | None = None) -> DataError:
        line = text.count("\n", 0, offset) + 1 if offset is not None else None
        return DataError([Problem(shown, line, message)])

    try:
        canon = canonical(text)
    except CanonError as exc:
        raise fail(f"SPARQL error: {exc}", exc.offset) from None
    for word in ("SERVICE", "FROM"):
        offset = keyword_at(canon, word)
        if offset is not None:
            raise fail(f"a check may not use {word}: it runs on the local graph only", offset)
    status, payload = run_isolated(_query_check, (store, canon), CHECK_TIMEOUT, CHECK_MEMORY_MB)
    if status == "timeout":
        raise fail(f"the check was stopped after {CHECK_TIMEOUT:g} s")
    if status == "memory":
        raise fail(f"the check was stopped: it needed more than {CHECK_MEMORY_MB} MB of memory")
    if status != "ok":
        raise fail(f"SPARQL error: {payload}")
    return payload


def _query_check(store: Store, text: str) -> tuple[str, object]:
    try:
        return "ok", store.query(text)
    except (SyntaxError, ValueError, OSError) as exc:  # a broken check is reported, not crashed on
        return "error", " ".join(str(exc).split())[:300]


def validate_graph(project: Project, compiled: Compiled) -> list[Violation]:
    """All SHACL and rule violations, sorted by where they come from."""
    return sorted(shacl_violations(project, compiled) + rule_violations(project, compiled))
