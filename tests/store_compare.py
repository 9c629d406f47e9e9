"""Run the whole query library (each query with its first documented example) on a store, for comparisons."""

from __future__ import annotations

import shlex
from decimal import Decimal

from rdflib import Graph

from collab_graph.queries import library
from collab_graph.query_run import QueryRunner, parse_params
from collab_graph.store import StoreConfig

Answer = tuple[list[str], list[tuple[object, ...]]]


def example_params(name: str) -> list[str]:
    """The KEY=VALUE pairs of the query's first example."""
    words = shlex.split(library()[name].header.examples[0])
    return [words[i + 1] for i, word in enumerate(words[:-1]) if word in {"--param", "-p"}]


def value(term: object) -> object:
    """A term as a comparable value: numbers by value (12000.5 == 12000.50), other literals as Python values."""
    if term is None:
        return None
    python = term.toPython()  # type: ignore[attr-defined]
    if isinstance(python, Decimal):
        return python.normalize()
    return python if not hasattr(python, "n3") else python.n3()


def run_library(graph: Graph, store: str | StoreConfig) -> dict[str, Answer]:
    """Every library query's columns and sorted rows on ``store``."""
    runner = QueryRunner(graph, store)
    answers: dict[str, Answer] = {}
    for name, source in library().items():
        outcome = runner.run(runner.prepare(source, parse_params(example_params(name), name)), timeout=120)
        rows = [tuple(value(v) for v in row) for row in outcome.table.rows]
        answers[name] = (outcome.table.columns, sorted(rows, key=repr))
    return answers
