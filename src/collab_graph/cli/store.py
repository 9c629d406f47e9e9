"""``collab-graph push`` (load a remote SPARQL endpoint) and ``collab-graph serve`` (a local read-only endpoint)."""

from __future__ import annotations

import signal

import click

from ..common.errors import CollabGraphError
from ..sparql.options import MAX_QUERIES
from .context import get_compiled, get_store
from .query import limit_option, memory_option, timeout_option


@click.command()
@click.option(
    "--gsp", "gsp_url", metavar="URL", help="Graph Store Protocol URL (PUT replaces the graph), e.g. Virtuoso's /sparql-graph-crud-auth."
)
@click.option("--update", "update_url", metavar="URL", help="SPARQL 1.1 Update URL instead (DROP, then INSERT DATA in chunks).")
@click.pass_context
def push(ctx: click.Context, gsp_url: str | None, update_url: str | None) -> None:
    """Load the compiled graph into the remote endpoint named by the global --endpoint.

    Replaces the named graph --endpoint-graph with the whole release, by one Graph Store Protocol
    PUT (--gsp) or by SPARQL Update (--update), then counts the triples through the query
    endpoint. Credentials come from COLLAB_GRAPH_ENDPOINT_USER and COLLAB_GRAPH_ENDPOINT_PASSWORD
    (Basic or Digest authentication).

    Example:

        collab-graph --endpoint http://127.0.0.1:8890/sparql push --gsp http://127.0.0.1:8890/sparql-graph-crud-auth
    """
    from ..common.offline import allow
    from ..store.remote import RemoteStore

    config = get_store(ctx)
    if not config.remote:
        raise CollabGraphError("push: name the endpoint first: collab-graph --endpoint URL push --gsp URL")
    if bool(gsp_url) == bool(update_url):
        raise CollabGraphError("push: give exactly one of --gsp URL or --update URL")
    allow(gsp_url or update_url or "")  # the user named it
    graph = get_compiled(ctx).graph
    store = RemoteStore(config)
    if gsp_url:
        store.push_gsp(graph, gsp_url)
    else:
        assert update_url is not None
        store.push_update(graph, update_url)
    count = store.count()
    click.echo(f"pushed {len(graph)} triples to <{config.graph_iri}>; {config.endpoint} now answers with {count}")
    if count != len(graph):
        raise CollabGraphError(f"push: the endpoint holds {count} triples in <{config.graph_iri}>, expected {len(graph)}")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on (keep the loopback unless you mean to share).")
@click.option("--port", type=click.IntRange(0, 65535), default=7878, show_default=True, help="Port (0: any free port).")
@limit_option
@timeout_option
@memory_option
@click.option(
    "--max-queries",
    type=click.IntRange(1, 64),
    default=MAX_QUERIES,
    show_default=True,
    help="Query worker processes: queries run at once; more wait, then get 503.",
)
@click.option("--allow-host", multiple=True, metavar="NAME", help="Also accept requests whose Host header is NAME (e.g. a machine name).")
@click.option("--allow-origin", multiple=True, metavar="URL", help="Let web pages from this origin query and read answers (* for any).")
@click.option("--log", is_flag=True, help="Log each request on stderr.")
@click.pass_context
def serve(
    ctx: click.Context,
    host: str,
    port: int,
    limit: int,
    timeout: float,
    memory: int,
    max_queries: int,
    allow_host: tuple[str, ...],
    allow_origin: tuple[str, ...],
    log: bool,
) -> None:
    """Serve the graph as a read-only SPARQL 1.1 Protocol endpoint at http://HOST:PORT/sparql.

    GET and POST queries (SPARQL 1.1 Protocol); JSON, XML, CSV or TSV results (Turtle,
    N-Triples, RDF/XML or JSON-LD for CONSTRUCT and DESCRIBE) by content negotiation. Updates are
    refused (403); the project prefixes (cg:, org:, ...) are predeclared. The URL opened in a
    browser is a query page (YASGUI, offline) with the library's questions; other clients get the
    SPARQL 1.1 Service Description there. Queries run in --max-queries warm worker processes, each
    without network and replaced when a query overruns --timeout or --memory. Only requests naming
    this server in their Host header are answered, and web pages may use it only from this machine
    or an --allow-origin (DNS rebinding, cross-site use). Stop with Ctrl-C (or SIGTERM).

    Example:

        collab-graph serve --port 7878
    """
    from ..sparql.server import SparqlServer

    config = get_store(ctx)
    from ..sparql.run import QueryRunner

    runner = QueryRunner(get_compiled(ctx).graph, config, timeout or None, memory or None)
    try:
        server = SparqlServer(
            (host, port), runner, limit, timeout or None, log, max_queries=max_queries, allow_hosts=allow_host, allow_origins=allow_origin
        )
    except OSError as exc:
        raise CollabGraphError(f"serve: cannot listen on {host}:{port} ({exc.strerror or exc})") from None
    for signum in (signal.SIGINT, signal.SIGTERM):  # Ctrl-C or a service manager's stop, even where the shell ignored SIGINT
        signal.signal(signum, _stop)
    try:  # from here a stop at any moment is clean
        click.echo(f"SPARQL endpoint on {config.label}: {server.url} (read-only; Ctrl-C stops)", err=True)
        if not _local_only(host):
            click.echo(
                f"warning: listening on {host}: other machines can reach the graph (the default --host 127.0.0.1 keeps it local)", err=True
            )
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _local_only(host: str) -> bool:
    """Whether only this machine can connect to ``host``.

    >>> _local_only("127.0.0.1"), _local_only("localhost"), _local_only("0.0.0.0"), _local_only("::")
    (True, True, False, False)
    """
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


COMMANDS = [push, serve]
