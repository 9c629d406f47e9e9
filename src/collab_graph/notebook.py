"""SPARQL in notebooks: the ``%%sparql`` magic and the ``sparql()`` function, both giving DataFrames.

In a notebook::

    %load_ext collab_graph.notebook

    %sparql partners-of org=NWAS

    %%sparql area=Kent --limit 50 -o kent
    SELECT ?initiative ?partners WHERE {
      ?impl cg:area ?area ; cg:implements/skos:prefLabel ?initiative ; cg:partnersAsPrinted ?partners .
    }

Or as a function: ``sparql("partners-of", org="NWAS")``. Parameters, the library, the safety
checks, ``--limit`` and ``--timeout`` are those of ``collab-graph query``. Columns take their
dtypes from the XSD datatypes (``Int64``, ``Float64`` with NaN and inf, ``boolean``, dates and
periods, text with IRIs in full); an unbound value is ``pd.NA`` (``NaT`` in a date column); an
ill-typed literal is given as text with a warning (:mod:`collab_graph.sparql.frame`).
"""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

import pandas as pd

from .common.errors import CollabGraphError
from .common.offline import guarded
from .common.paths import Project
from .compiler import compile_project
from .sparql.frame import to_frame
from .sparql.library import QuerySource, load_query, parse_header
from .sparql.options import DEFAULT_LIMIT, DEFAULT_TIMEOUT, MAX_LIMIT, MAX_TIMEOUT
from .sparql.prepare import parse_params
from .sparql.run import Outcome, QueryRunner
from .store import DEFAULT_STORE

_RUNNERS: dict[tuple[Path, str], QueryRunner] = {}


def runner(root: str | Path | None = None, store: str = DEFAULT_STORE) -> QueryRunner:
    """The query runner for the project at ``root`` (compiled once per notebook session)."""
    project = Project.locate(root)
    key = (project.root, store)
    if key not in _RUNNERS:
        _RUNNERS[key] = QueryRunner(lambda: compile_project(project).graph, store)
    return _RUNNERS[key]


def sparql(
    query: str,
    *,
    root: str | Path | None = None,
    store: str = DEFAULT_STORE,
    limit: int | None = DEFAULT_LIMIT,
    timeout: float | None = DEFAULT_TIMEOUT,
    **params: object,
) -> pd.DataFrame:
    """Run a library query (by name), a ``.rq`` file, or SPARQL text; a DataFrame of the result.

    Keyword arguments bind parameters (``org="NWAS"``). When rows were left out by ``limit``,
    a note is printed and ``df.attrs["note"]`` holds it; a term the ontology lacks (``cg:Nope``)
    is warned about and listed in ``df.attrs["warnings"]``.
    """
    source = _source(query)
    with guarded():  # loading and querying never reach the network
        run = runner(root, store)
        prepared = run.prepare(source, {key: str(value) for key, value in params.items()})
        return to_dataframe(run.run(prepared, limit=limit, timeout=timeout), prepared.warnings)


def to_dataframe(outcome: Outcome, warnings: tuple[str, ...] = ()) -> pd.DataFrame:
    """A query outcome as a DataFrame, column dtypes from the XSD datatypes (:mod:`collab_graph.sparql.frame`).

    ``warnings`` (the query's) and any about ill-typed values are printed and kept in ``df.attrs["warnings"]``.
    """
    frame, problems = to_frame(outcome.table)
    note = outcome.note()
    if note:
        frame.attrs["note"] = note
        print(note, file=sys.stderr)
    return _warned(frame, (*warnings, *problems))


def _warned(frame: pd.DataFrame, warnings: tuple[str, ...]) -> pd.DataFrame:
    """``frame`` with the query's warnings (a term the ontology lacks) printed and kept in ``df.attrs["warnings"]``."""
    if warnings:
        frame.attrs["warnings"] = list(warnings)
        for warning in warnings:
            print(f"warning: {warning}", file=sys.stderr)
    return frame


def _source(query: str) -> QuerySource:
    """A library name or file path (one word), else the SPARQL text itself."""
    if re.fullmatch(r"[\w.\-/\\~]+", query.strip()):
        return load_query(query.strip())
    return QuerySource("<cell>", query, parse_header(query, "<cell>"))


def run_cell(line: str, cell: str, namespace: dict[str, object] | None = None) -> pd.DataFrame | None:
    """What ``%%sparql LINE`` does with its cell: returns the DataFrame (None when ``-o`` stored it).

    The line is split into words first; then a word ``$name`` or ``{name}`` (or ``key=$name``,
    ``key={name}``) takes the value of the notebook variable ``name`` (from ``namespace``, default
    the notebook's), as one value: a variable can never add options
    (``org = "NWAS --timeout 0"`` binds org to that whole text).
    """
    try:
        words = [_expand(word, namespace) for word in shlex.split(line)]
    except ValueError as exc:
        raise CollabGraphError(f"%%sparql: cannot read the options: {exc}") from None
    options: dict[str, str] = {}
    params: list[str] = []
    names: list[str] = []
    flags = {"--limit": "limit", "--timeout": "timeout", "--store": "store", "--root": "root", "-o": "output", "--output": "output"}
    i = 0
    while i < len(words):
        word = words[i]
        if word in flags:
            if i + 1 >= len(words):
                raise CollabGraphError(f"%%sparql: {word} needs a value")
            options[flags[word]] = words[i + 1]
            i += 2
            continue
        if word in {"--param", "-p"} and i + 1 < len(words):
            params.append(words[i + 1])
            i += 2
            continue
        (params if "=" in word else names).append(word)
        i += 1
    if len(names) > 1:
        raise CollabGraphError(f"%%sparql: expected at most one query name, got {' '.join(names)}")
    if cell.strip():
        if names:
            raise CollabGraphError(f"%%sparql: give either a query name ({names[0]}) or a query in the cell, not both")
        source = QuerySource("<cell>", cell, parse_header(cell, "<cell>"))
    elif names:
        source = load_query(names[0])
    else:
        raise CollabGraphError("%%sparql: the cell is empty; write a query below it, or run a library query: %sparql partners-of org=NWAS")
    try:
        limit = int(options["limit"]) if "limit" in options else DEFAULT_LIMIT
        timeout = float(options["timeout"]) if "timeout" in options else DEFAULT_TIMEOUT
        if not (1 <= limit <= MAX_LIMIT and 0 <= timeout <= MAX_TIMEOUT):  # NaN fails too
            raise ValueError
    except ValueError:
        raise CollabGraphError(
            f"%%sparql: --limit takes a whole number from 1 to {MAX_LIMIT} and --timeout a number of seconds from 0 to {MAX_TIMEOUT:g}"
        ) from None
    with guarded():
        run = runner(options.get("root"), options.get("store", DEFAULT_STORE))
        prepared = run.prepare(source, parse_params(params, source.name))
        frame = to_dataframe(run.run(prepared, limit=limit, timeout=timeout or None), prepared.warnings)
    if "output" in options:
        _user_namespace()[options["output"]] = frame
        return None
    return frame


_VARIABLE = re.compile(r"(?:(\w+)=)?(?:\$(\w+)|\{(\w+)\})")


def _expand(word: str, namespace: dict[str, object] | None) -> str:
    """``word`` with a whole-word ``$name``/``{name}`` (or ``key=`` one) replaced by the variable's value."""
    match = _VARIABLE.fullmatch(word)
    if match is None:
        return word
    key, name = match.group(1), match.group(2) or match.group(3)
    values = _user_namespace() if namespace is None else namespace
    if name not in values:
        raise CollabGraphError(f"%%sparql: no notebook variable {name!r} (in {word})")
    return f"{key}={values[name]}" if key else str(values[name])


def _user_namespace() -> dict[str, object]:
    from IPython import get_ipython

    shell = get_ipython()
    return shell.user_ns if shell is not None else {}


def load_ipython_extension(ipython: object) -> None:
    """Register ``%%sparql`` for a query in the cell and ``%sparql NAME`` for a library query."""

    from IPython.core.error import UsageError
    from IPython.core.magic import no_var_expand

    @no_var_expand  # variables are put in after the line is split, each as one value (see run_cell)
    def sparql_magic(line: str, cell: str | None = None) -> pd.DataFrame | None:
        try:
            return run_cell(line, cell or "")
        except CollabGraphError as exc:
            raise UsageError(str(exc)) from None  # shown as one line, without a traceback

    sparql_magic.__doc__ = run_cell.__doc__
    ipython.register_magic_function(sparql_magic, magic_kind="line_cell", magic_name="sparql")  # type: ignore[attr-defined]
