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
from ..store import DEFAULT_STORE, Table, open_store
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
        return compiled.origins.get(node) or compiled.origins.get(base) or str(node)
    return "graph"


def shacl_violations(project: Project, compiled: Compiled) -> list[Violation]:
    """Every SHACL result as a Violation (``severity`` tells violations from warnings)."""
    shapes = _load_turtle(project, project.ontology_dir / "shapes.ttl")
    _conforms, results, _text = shacl_validate(compiled.graph, shacl_graph=shapes, inference="none", allow_warnings=True)
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
    """Rows returned by the ``*-violation.sparql`` checks (run on the embedded Oxigraph store)."""
    found = []
    store = open_store(DEFAULT_STORE, compiled.graph)
    for path in sorted((project.ontology_dir / "checks").glob("*-violation.sparql")):
        query = path.read_text(encoding="utf-8")
        try:
            table = store.query(query)
        except (SyntaxError, ValueError, OSError) as exc:  # a broken check is reported, not crashed on
            raise DataError([Problem(project.shown(path), None, f"SPARQL error: {str(exc).splitlines()[0]}")]) from None
        if not isinstance(table, Table) or table.columns[:2] != ["focus", "message"]:
            raise DataError([Problem(project.shown(path), None, "a check must be a SELECT of ?focus ?message")])
        for focus, message, *_ in table.rows:
            found.append(
                Violation(_origin(compiled, focus), label(compiled.graph, focus), "", f"{message or 'rule violated'} ({path.stem})")
            )
    return sorted(set(found))


def validate_graph(project: Project, compiled: Compiled) -> list[Violation]:
    """All SHACL and rule violations, sorted by where they come from."""
    return sorted(shacl_violations(project, compiled) + rule_violations(project, compiled))
