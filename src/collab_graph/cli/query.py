"""``collab-graph query`` and ``collab-graph queries``: ask the graph questions in SPARQL."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..common.atomic import write_file
from ..common.tables import format_table
from ..sparql.library import PARAM_KINDS, Param, library, load_query
from ..sparql.options import DEFAULT_LIMIT, DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, FORMATS, MAX_LIMIT, MAX_TIMEOUT
from ..store import STORES
from .context import get_compiled, get_project, get_store

# The answer limits every query takes, here and in `serve`.
limit_option = click.option(
    "--limit",
    type=click.IntRange(min=1, max=MAX_LIMIT),
    default=DEFAULT_LIMIT,
    show_default=True,
    help="At most this many rows per answer.",
)
timeout_option = click.option(
    "--timeout",
    type=click.FloatRange(min=0, max=MAX_TIMEOUT),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    callback=lambda ctx, param, value: _finite(value),
    help="Stop a query (its parse, its run) after this many seconds (0: never).",
)
memory_option = click.option(
    "--memory",
    type=click.IntRange(min=0, max=1_048_576),
    default=DEFAULT_MEMORY_MB,
    show_default=True,
    metavar="MB",
    help="Stop a query that needs more than this many MiB of memory (0: no limit).",
)


def _finite(value: float) -> float:
    if value != value:  # NaN passes every range check
        raise click.BadParameter("not a number")
    return value


#: The format a file named by --out is written in when --format is not given, by its ending.
FORMAT_OF_SUFFIX = {".csv": "csv", ".tsv": "tsv", ".json": "json", ".md": "md"}


@click.command()
@click.argument("query_spec", metavar="NAME|FILE|-")
@click.option("--param", "-p", "params", multiple=True, metavar="KEY=VALUE", help="Bind ?KEY; names and abbreviations resolve (org=NWAS).")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Output format.")
@limit_option
@timeout_option
@memory_option
@click.option("--store", type=click.Choice(list(STORES)), help="Embedded query engine (default: the global --store/--endpoint choice).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="Write the result to this file instead of the terminal (- : standard output; a device or FIFO is written in place). "
    "Without --format, a file ending .csv, .tsv, .json or .md is written in that format.",
)
@click.option("--show-sparql", is_flag=True, help="Print the SPARQL as it would run (parameters bound) and stop.")
@click.pass_context
def query(
    ctx: click.Context,
    query_spec: str,
    params: tuple[str, ...],
    fmt: str,
    limit: int,
    timeout: float,
    memory: int,
    store: str | None,
    out: Path | None,
    show_sparql: bool,
) -> None:
    """Run a library query by NAME, a SPARQL FILE, or a query on stdin (-).

    Queries are read-only and local: updates, SERVICE and FROM are refused before anything runs.
    `collab-graph queries` lists the library; `collab-graph queries NAME` shows a query's
    parameters and text. A note on stderr says when --limit left rows out; --timeout stops a
    runaway query (exit code 124).

    Example:

        collab-graph query partners-of --param org=NWAS
    """
    from ..sparql.output import render
    from ..sparql.prepare import parse_params
    from ..sparql.run import QueryRunner

    stdin_text = sys.stdin.read() if query_spec == "-" else None
    source = load_query(query_spec, stdin_text)
    from ..compiler.cache import CachePaths

    checks = CachePaths.of(get_project(ctx)).checks
    runner = QueryRunner(lambda: get_compiled(ctx), get_store(ctx, store), timeout or None, memory or None, check_cache=checks)
    prepared = runner.prepare(source, parse_params(params, source.name))
    for warning in prepared.warnings:
        click.echo(f"warning: {warning}", err=True)
    if show_sparql:
        click.echo(prepared.readable().rstrip("\n"))
        return
    outcome = runner.run(prepared, limit=limit, timeout=timeout or None)
    if out is not None and str(out) != "-" and ctx.get_parameter_source("fmt") is not click.core.ParameterSource.COMMANDLINE:
        fmt = FORMAT_OF_SUFFIX.get(out.suffix.lower(), fmt)
    rendered = render(outcome.table, fmt)
    if out is not None and str(out) != "-":
        write_file(out, rendered)
        click.echo(f"wrote {out} ({len(outcome.table)} rows)", err=True)
    else:
        click.echo(rendered, nl=False)
    note = outcome.note()
    if note:
        click.echo(note, err=True)
    if not len(outcome.table) and outcome.form == "SELECT":
        click.echo("note: no rows: nothing in the graph matches (`collab-graph queries NAME` shows what a library query asks)", err=True)
    if runner.checks is not None:
        runner.checks.save()


@click.command()
@click.argument("name", required=False)
def queries(name: str | None) -> None:
    """List the query library, or show one query's question, parameters, examples and SPARQL.

    Example:

        collab-graph queries partners-of
    """
    if name is None:
        rows = [[n, " ".join(_param_label(p) for p in q.header.params), q.header.title] for n, q in library().items()]
        click.echo(format_table(["name", "parameters", "title"], rows))
        click.echo("\nRun one with `collab-graph query NAME --param KEY=VALUE`; `collab-graph queries NAME` shows its details.")
        return
    source = load_query(name)
    header = source.header
    lines = [f"{source.name}: {header.title}" if header.title else source.name]
    if header.question:
        lines.append(f"  question: {header.question}")
    for param in header.params:
        extra = f"default {param.default}" if param.default is not None else ("optional" if param.optional else "required")
        lines.append(f"  --param {param.name}=...  {param.description} ({PARAM_KINDS[param.kind]}; {extra})")
    lines += [f"  example: {example}" for example in header.examples]
    lines += [f"  note: {note}" for note in header.notes]
    if source.path is not None:
        lines.append(f"  file: {source.path}")
    click.echo("\n".join(lines) + "\n\n" + source.text.rstrip("\n"))


def _param_label(param: Param) -> str:
    if param.default is not None:
        return f"[{param.name}={param.default}]"
    return f"[{param.name}]" if param.optional else param.name


COMMANDS = [query, queries]
