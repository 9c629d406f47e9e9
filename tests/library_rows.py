"""Library query rows as a user sees them, for tests that check answers over the whole graph."""

from __future__ import annotations

from collab_graph.sparql.library import library
from collab_graph.sparql.output import text
from collab_graph.sparql.run import QueryRunner

LIBRARY = library()


def ask(runner: QueryRunner, name: str, **params: str) -> list[dict[str, str]]:
    """Rows of library query ``name`` (parameters as typed on the command line) as dicts of the text a user sees."""
    outcome = runner.run(runner.prepare(LIBRARY[name], params))
    assert not outcome.capped
    return [{c: text(v) for c, v in zip(outcome.table.columns, row, strict=True)} for row in outcome.table.rows]
