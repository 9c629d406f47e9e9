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

from .compiler import Compiled
from .errors import DataError, Problem
from .labels import label
from .paths import Project


@dataclass(frozen=True, order=True)
class Violation:
    """One failed constraint: the record, the property path and the message."""

    origin: str
    focus: str
    path: str
    message: str

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
        raise DataError([Problem(project.shown(path), None, f"Turtle syntax error: {str(exc).strip().splitlines()[0]}")]) from None
    return graph


def _origin(compiled: Compiled, node: object) -> str:
    if isinstance(node, URIRef):
        base = URIRef(str(node).split("#", 1)[0])
        return compiled.origins.get(node) or compiled.origins.get(base) or str(node)
    return "graph"


def shacl_violations(project: Project, compiled: Compiled) -> list[Violation]:
    """Every SHACL result (violation or warning) as a Violation."""
    shapes = _load_turtle(project, project.ontology_dir / "shapes.ttl")
    _conforms, results, _text = shacl_validate(compiled.graph, shacl_graph=shapes, inference="none", allow_warnings=False)
    found = []
    g = compiled.graph
    for result in results.subjects(predicate=SH.resultSeverity):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        message = results.value(result, SH.resultMessage)
        found.append(
            Violation(
                origin=_origin(compiled, focus),
                focus=label(g, focus),
                path=label(g, path) if isinstance(path, URIRef) else "",
                message=str(message) if message is not None else "violates a shape",
            )
        )
    return sorted(set(found))


def rule_violations(project: Project, compiled: Compiled) -> list[Violation]:
    """Rows returned by the ``*-violation.sparql`` checks."""
    found = []
    for path in sorted((project.ontology_dir / "checks").glob("*-violation.sparql")):
        query = path.read_text(encoding="utf-8")
        try:
            rows = compiled.graph.query(query)
        except Exception as exc:  # a broken check is reported, not crashed on
            raise DataError([Problem(project.shown(path), None, f"SPARQL error: {str(exc).splitlines()[0]}")]) from None
        for row in rows:
            focus = row.get("focus") if hasattr(row, "get") else row[0]
            message = row.get("message") if hasattr(row, "get") else None
            found.append(
                Violation(_origin(compiled, focus), label(compiled.graph, focus), "", f"{message or 'rule violated'} ({path.stem})")
            )
    return sorted(set(found))


def validate_graph(project: Project, compiled: Compiled) -> list[Violation]:
    """All SHACL and rule violations, sorted by where they come from."""
    return sorted(shacl_violations(project, compiled) + rule_violations(project, compiled))
