"""The ``collab-graph`` command line.

Every command's help ends with an example; ``docs/cli.md`` is generated from these texts
(``python -m collab_graph.clidoc``) and a test checks it is current.
"""

from __future__ import annotations

import os
import sys
import urllib.parse
from pathlib import Path

import click

from . import __version__, offline
from .compiler import Compiled
from .context import get_compiled, get_project
from .errors import CollabGraphError, DataError
from .paths import Project
from .store import DEFAULT_GRAPH_IRI, DEFAULT_STORE, STORES, StoreConfig
from .tables import format_table


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="COLLAB_GRAPH_ROOT",
    help="Project folder holding graph/ and ontology/ (default: this checkout).",
)
@click.option(
    "--store",
    type=click.Choice(list(STORES)),
    default=DEFAULT_STORE,
    show_default=True,
    envvar="COLLAB_GRAPH_STORE",
    help="Embedded SPARQL engine for query, analyse, map and serve.",
)
@click.option(
    "--store-path",
    type=click.Path(file_okay=False),
    envvar="COLLAB_GRAPH_STORE_PATH",
    help="Keep the oxigraph store on disk in this folder (reloaded from the graph).",
)
@click.option(
    "--endpoint",
    metavar="URL",
    envvar="COLLAB_GRAPH_ENDPOINT",
    help="Use a remote SPARQL 1.1 endpoint instead (loaded by `push`); user and password from "
    "COLLAB_GRAPH_ENDPOINT_USER / COLLAB_GRAPH_ENDPOINT_PASSWORD.",
)
@click.option(
    "--endpoint-graph",
    metavar="IRI",
    default=DEFAULT_GRAPH_IRI,
    show_default=True,
    envvar="COLLAB_GRAPH_ENDPOINT_GRAPH",
    help="Named graph holding the release on the endpoint.",
)
@click.version_option(__version__, prog_name="collab-graph")
@click.pass_context
def cli(ctx: click.Context, root: Path | None, store: str, store_path: str | None, endpoint: str | None, endpoint_graph: str) -> None:
    """A knowledge graph of how the emergency services of England and Wales work together.

    Built from the ESCWG National Overview (2016). Start with `collab-graph all`, then
    `collab-graph show NAME` or `collab-graph stats`.
    """
    ctx.ensure_object(dict)
    ctx.obj["root"] = root
    ctx.obj["store"] = store_config(store, store_path, endpoint, endpoint_graph)
    offline.install(endpoint)  # no outbound traffic but to the named endpoint


def store_config(store: str, store_path: str | None, endpoint: str | None, endpoint_graph: str) -> StoreConfig:
    """The global store options as a StoreConfig; a one-line error for a bad endpoint URL."""
    if store_path and store != "oxigraph":
        raise CollabGraphError(f"--store-path: only the oxigraph store can live on disk, not {store!r}")
    if endpoint is None:
        return StoreConfig(store, path=store_path)
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise CollabGraphError(f"--endpoint {endpoint!r}: expected an http(s) URL such as http://127.0.0.1:8890/sparql")
    user = os.environ.get("COLLAB_GRAPH_ENDPOINT_USER")
    return StoreConfig(
        "endpoint", endpoint=endpoint, graph_iri=endpoint_graph, user=user, password=os.environ.get("COLLAB_GRAPH_ENDPOINT_PASSWORD")
    )


@cli.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder (default: build/).")
@click.pass_context
def build(ctx: click.Context, out: Path | None) -> None:
    """Compile graph/ and ontology/, validate, and write the release files.

    Writes collab-graph.ttl, collab-graph.nt and collab-graph.jsonld, byte-identical for the
    same input. Nothing is written when the data has errors or violates the shapes: the
    previous release files stay as they were.

    Example:

        collab-graph build --out build/
    """
    from .release import write_release

    project = get_project(ctx)
    compiled = get_compiled(ctx)
    _fail_on_violations(project, compiled)
    for path, triples in write_release(compiled.graph, out or project.build_dir):
        click.echo(f"wrote {project.shown(path)} ({triples} triples)")


@cli.command()
@click.pass_context
def validate(ctx: click.Context) -> None:
    """Check the data against the SHACL shapes and the rule checks.

    Prints each violation as `file:line: record [property]: message` and exits 1 if there
    is any; a malformed data file is reported with its file and line.

    Example:

        collab-graph validate
    """
    project = get_project(ctx)
    compiled = get_compiled(ctx)
    _fail_on_violations(project, compiled)
    click.echo(f"valid: {len(compiled.graph)} triples conform to ontology/shapes.ttl and ontology/checks/")


def _fail_on_violations(project: Project, compiled: Compiled) -> None:
    from .validate import validate_graph

    results = validate_graph(project, compiled)
    for result in results:
        click.echo(f"{result.severity}: {result}", err=True)
    violations = [r for r in results if r.severity == "violation"]
    if violations:
        raise CollabGraphError(f"{len(violations)} violation(s): fix the records named above, then run `collab-graph validate`")


@cli.command()
@click.pass_context
def stats(ctx: click.Context) -> None:
    """Count entities per class, organisations per sector, and initiatives per theme.

    Example:

        collab-graph stats
    """
    from .stats import class_counts, sector_counts, theme_counts

    graph = get_compiled(ctx).graph
    click.echo(f"{len(graph)} triples\n")
    click.echo(format_table(["class", "count"], class_counts(graph)) + "\n")
    click.echo(format_table(["sector", "organisations", "implementations"], sector_counts(graph)) + "\n")
    click.echo(format_table(["#", "theme", "initiatives", "implementations", "partners", "figures"], theme_counts(graph)))


@cli.command()
@click.argument("name")
@click.pass_context
def show(ctx: click.Context, name: str) -> None:
    """Describe anything by name, alias, abbreviation or id, with where the source says it.

    Matching ignores case; a miss suggests the nearest names.

    Example:

        collab-graph show EEAS
    """
    from .show import describe, find

    compiled = get_compiled(ctx)
    nodes = find(compiled.graph, name)
    click.echo("\n\n".join(describe(compiled.graph, node, compiled.origins.get(node)) for node in nodes))


@cli.command(name="coverage")
@click.option("--strict", is_flag=True, help="Exit 1 when any gap remains.")
@click.pass_context
def coverage_(ctx: click.Context, strict: bool) -> None:
    """Compare the graph with the source's own checklists and list every gap.

    Themes and initiatives come from each theme's "In this section" list, implementations from
    each initiative's area bullets, partners from the printed partner lines, sites from the
    stations the source names, figures from the lines that print £ amounts or percentages.
    Deliberate omissions are listed in graph/not-modelled.yaml with the reason.

    Example:

        collab-graph coverage --strict
    """
    from .coverage import coverage, format_coverage

    measures = coverage(get_project(ctx), get_compiled(ctx).graph)
    click.echo(format_coverage(measures))
    gaps = sum(len(m.gaps) for m in measures)
    if strict and gaps:
        raise CollabGraphError(f"{gaps} coverage gap(s) listed above")


@cli.command(name="all")
@click.pass_context
def all_(ctx: click.Context) -> None:
    """The main job: release files, summary, partnership analysis and the HTML map.

    Builds and validates build/collab-graph.{ttl,nt,jsonld}, prints the summary (`stats`),
    writes the cluster report and rankings to build/analysis/ (`analyse`), and the
    self-contained collaboration map to build/map.html (`map`).

    Example:

        collab-graph all
    """
    ctx.invoke(build)
    click.echo("")
    ctx.invoke(stats)
    click.echo("")
    ctx.invoke(cli.commands["analyse"], top=5)
    click.echo("")
    ctx.invoke(cli.commands["map"], colour="cluster")


# Commands that live in their own modules register here, one line each.
COMMAND_MODULES: list[str] = ["query_cli", "analyse_cli", "map_cli", "store_cli"]
for _module in COMMAND_MODULES:
    for _command in __import__(f"collab_graph.{_module}", fromlist=["COMMANDS"]).COMMANDS:
        cli.add_command(_command)


def main() -> None:
    """Entry point: run the CLI, turning known errors into one-line messages and exit codes."""
    try:
        code = cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.UsageError as exc:
        click.echo(f"error: {exc.format_message()} (see `{_command_path(exc.ctx)} --help`)", err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except DataError as exc:
        for problem in exc.problems:
            click.echo(f"error: {problem}", err=True)
        sys.exit(exc.exit_code)
    except CollabGraphError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)


def _command_path(ctx: click.Context | None) -> str:
    """``collab-graph`` and the subcommand a usage error is about, however the CLI was started."""
    names = []
    while ctx is not None and ctx.parent is not None:
        names.insert(0, ctx.info_name or "")
        ctx = ctx.parent
    return " ".join(["collab-graph", *names])


if __name__ == "__main__":
    main()
