"""The ``collab-graph`` command line.

Every command's help ends with an example; ``docs/cli.md`` is generated from these texts
(``python -m collab_graph.cli.doc``) and a test checks it is current.
"""

from __future__ import annotations

import logging
import os
import sys
import urllib.parse
from pathlib import Path

import click

from .. import __version__
from ..common import offline
from ..common.errors import CollabGraphError, DataError
from ..store import DEFAULT_GRAPH_IRI, DEFAULT_STORE, STORES, StoreConfig
from . import analyse, graph, query, report, store
from . import map as map_
from .context import save_compiled


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


@cli.result_callback()
@click.pass_context
def _succeeded(ctx: click.Context, *_: object, **__: object) -> None:
    """After a command has succeeded: cache the graph it compiled."""
    save_compiled(ctx)


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


# Commands that live in their own modules register here, one line each.
for _module in (graph, query, analyse, map_, report, store):
    for _command in _module.COMMANDS:
        cli.add_command(_command)


def main() -> None:
    """Entry point: run the CLI, turning known errors into one-line messages and exit codes."""
    # A literal whose value rdflib cannot convert (a 5,001-digit integer) is shown as written;
    # rdflib's warning about it, with its traceback, is not for the user.
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
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
