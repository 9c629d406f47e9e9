"""Run the whole query library (each query with every documented example) on a store, for comparisons."""

from __future__ import annotations

import shlex
from decimal import Decimal

from rdflib import Graph

from collab_graph.sparql.library import library
from collab_graph.sparql.prepare import parse_params
from collab_graph.sparql.run import QueryRunner
from collab_graph.store import StoreConfig

Answer = tuple[list[str], list[tuple[object, ...]]]


def example_params(example: str) -> list[str]:
    """The KEY=VALUE pairs of one documented example command.

    >>> example_params('collab-graph query leaders-of --param org="Kent Police"')
    ['org=Kent Police']
    """
    words = shlex.split(example)
    return [words[i + 1] for i, word in enumerate(words[:-1]) if word in {"--param", "-p"}]


def value(term: object) -> object:
    """A term as a comparable value: numbers by value (12000.5 == 12000.50), other literals as Python values."""
    if term is None:
        return None
    python = term.toPython()  # type: ignore[attr-defined]
    if isinstance(python, Decimal):
        return python.normalize()
    return python if not hasattr(python, "n3") else python.n3()


def run_library(graph: Graph, store: str | StoreConfig, skip: frozenset[str] = frozenset()) -> dict[str, Answer]:
    """Columns and sorted rows on ``store`` of every library query's examples.

    Keyed by the query's name for its first example, by the name and its ``--param`` pairs for the others.
    """
    runner = QueryRunner(graph, store)
    answers: dict[str, Answer] = {}
    for name, source in library().items():
        if name in skip:
            continue
        for number, example in enumerate(source.header.examples):
            params = example_params(example)
            outcome = runner.run(runner.prepare(source, parse_params(params, name)), timeout=120)
            rows = [tuple(value(v) for v in row) for row in outcome.table.rows]
            answers[" ".join([name, *params]) if number else name] = (outcome.table.columns, sorted(rows, key=repr))
    return answers
