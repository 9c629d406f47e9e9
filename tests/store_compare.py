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
    """Columns and rows on ``store`` of every library query's examples: in the query's order, sorted if it has none.

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
            ordered = "ORDER BY" in source.text  # then the order is part of the answer (text ordered by STR(), see docs/queries.md)
            answers[" ".join([name, *params]) if number else name] = (outcome.table.columns, rows if ordered else sorted(rows, key=repr))
    return answers


def only(name: str) -> frozenset[str]:
    """The ``skip`` argument of :func:`run_library` that runs the one query ``name``."""
    return frozenset(other for other in library() if other != name)


def row_diff(expected: Answer, answer: Answer, most: int = 10) -> str:
    """The first ``most`` rows where ``answer`` differs from ``expected``, for a failure message."""
    lines = [] if expected[0] == answer[0] else [f"columns {expected[0]} != {answer[0]}"]
    width = max(len(expected[1]), len(answer[1]))
    for number in range(width):
        want = expected[1][number] if number < len(expected[1]) else "(no row)"
        got = answer[1][number] if number < len(answer[1]) else "(no row)"
        if want != got:
            lines.append(f"row {number}: expected {want!r}\n       got {got!r}")
    return "\n".join(lines[:most]) + (f"\n… {len(lines) - most} more" if len(lines) > most else "")


#: Query shapes on which stores are known to disagree unless written this way (docs/queries.md,
#: "Same answers on every store"): each runs on every store and must give the same rows, in order
#: where the query orders them. Dates are compared, ordered and cut to years by their text, since
#: xsd:gYear, xsd:gYearMonth and xsd:date values are not comparable with each other in SPARQL.
SHAPES = {
    "values-then-optional": """SELECT ?o ?area WHERE {
        VALUES ?o { <https://w3id.org/collab-graph/id/org/environment-agency> <https://w3id.org/collab-graph/id/org/kent-police> }
        OPTIONAL { ?o cg:area ?area } } ORDER BY ?o""",
    "date-filter-by-text": 'SELECT ?e ?s WHERE { ?e schema:startDate ?s FILTER(STR(?s) < "2015-06") }',
    "date-equal-by-text": 'SELECT ?e WHERE { ?e schema:startDate ?s FILTER(STR(?s) = "2015") }',
    "date-year-by-text": "SELECT ?e ?year WHERE { ?e schema:startDate ?s BIND(xsd:integer(SUBSTR(STR(?s), 1, 4)) AS ?year) }",
    "date-order-by-text": "SELECT ?s ?e WHERE { ?e schema:startDate ?s } ORDER BY STR(?s) ?e",
    "date-earliest-by-text": "SELECT (MIN(STR(?s)) AS ?first) (MAX(STR(?s)) AS ?last) WHERE { ?e schema:startDate ?s }",
    "decimal-filter": "SELECT ?f ?v WHERE { ?f schema:value ?v FILTER(?v > 1000) }",
    "decimal-order": "SELECT ?v ?f WHERE { ?f schema:value ?v } ORDER BY DESC(?v) ?f",
    "decimal-sum": "SELECT (SUM(?v) AS ?total) (COUNT(?v) AS ?n) (MIN(?v) AS ?least) WHERE { ?f schema:value ?v }",
    "decimal-average-rounded": "SELECT (ROUND(AVG(?v) * 100) / 100 AS ?mean) WHERE { ?f schema:value ?v }",
    "double-by-value": "SELECT ?f (xsd:double(?v) AS ?d) WHERE { ?f schema:value ?v FILTER(xsd:double(?v) >= 1.5e3) }",
    "integer-average": "SELECT (ROUND(AVG(?n) * 1000) / 1000 AS ?mean) WHERE { VALUES ?n { 1 2 4 } }",
    "string-functions": """SELECT ?l (UCASE(?l) AS ?u) (STRLEN(?l) AS ?n) (SUBSTR(?l, 2, 3) AS ?part) WHERE {
        ?x skos:prefLabel ?l FILTER(REGEX(?l, "^ambulance|’|–", "i") || CONTAINS(LCASE(?l), "é")) }""",
    "long-text-order-by-text": "SELECT ?l ?x WHERE { ?x skos:prefLabel ?l } ORDER BY STR(?l) ?x",
    "order-with-unbound": "SELECT ?o ?a WHERE { ?o cg:sector ?s OPTIONAL { ?o cg:area ?a } } ORDER BY ?a ?o",
    "boolean-text": "SELECT ?v (STR(?v) AS ?s) WHERE { VALUES ?v { true false } }",
    "path-star-distinct": "SELECT DISTINCT ?a ?area WHERE { ?area a cg:Area . ?a cg:within* ?area }",
}


def run_shapes(graph: Graph, store: str | StoreConfig) -> dict[str, Answer]:
    """Columns and rows of every :data:`SHAPES` query on ``store``: in the query's order when it has ORDER BY, else sorted."""
    from collab_graph.sparql.library import QuerySource, parse_header

    runner = QueryRunner(graph, store)
    answers: dict[str, Answer] = {}
    for name, text in SHAPES.items():
        outcome = runner.run(runner.prepare(QuerySource(name, text, parse_header(text, name)), {}), timeout=120)
        rows = [tuple(value(v) for v in row) for row in outcome.table.rows]
        answers[name] = (outcome.table.columns, rows if "ORDER BY" in text else sorted(rows, key=repr))
    return answers
