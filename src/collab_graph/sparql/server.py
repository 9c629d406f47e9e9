"""The HTTP server of ``collab-graph serve``: waitress runs the SPARQL 1.1 Protocol app (:mod:`.protocol`).

waitress owns HTTP: parsing (one plain ``Content-Length`` of digits, or chunked; anything else a
400), connections, keep-alive, and the limits: a request body over ``MAX_BODY`` gets 413 before
it is read, headers over ``MAX_HEADERS`` a 431, and a connection idle for ``request_timeout`` s
(a client that sends its request slowly, or never finishes it) is closed. Queries run in a pool
of ``max_queries`` warm worker processes (:meth:`QueryRunner.start_workers`), each sandboxed and
replaced when a query overruns its time or memory; a request waits at most ``queue_wait`` s for
a free worker, then gets 503. The rules on who may call are in :mod:`.protocol`.
"""

from __future__ import annotations

import logging
import math
import threading

from .options import MAX_QUERIES
from .protocol import MAX_BODY, PATH, Endpoint
from .run import QueryRunner

QUEUE_WAIT = 30.0  # seconds a request waits for one of the query workers before a 503
REQUEST_TIMEOUT = 10.0  # seconds a connection may sit idle (mid-request included) before it is closed
MAX_HEADERS = 65_536  # bytes of request line and headers
CONNECTIONS = 100  # open connections at once; more wait in the listen queue
__all__ = ["MAX_BODY", "PATH", "SparqlServer"]


class SparqlServer:
    """A SPARQL endpoint on ``address`` (host, port; port 0 picks a free one) answering with ``runner``.

    ``limit``: rows per answer; ``timeout``: seconds per query; ``allow_hosts``/``allow_origins``:
    see :mod:`.protocol`. Raises ``OSError`` when it cannot listen. :meth:`serve_forever` answers
    until :meth:`shutdown` (from another thread); :meth:`server_close` stops the workers.
    """

    def __init__(
        self,
        address: tuple[str, int],
        runner: QueryRunner,
        limit: int,
        timeout: float | None,
        log: bool = False,
        request_timeout: float = REQUEST_TIMEOUT,
        max_queries: int = MAX_QUERIES,
        allow_hosts: tuple[str, ...] = (),
        allow_origins: tuple[str, ...] = (),
        queue_wait: float = QUEUE_WAIT,
    ):
        from waitress.server import create_server

        logging.getLogger("waitress").setLevel(logging.INFO if log else logging.ERROR)  # no "task queue depth" chatter
        host, port = address
        idle = max(1, math.ceil(request_timeout))
        self.runner = runner
        self.pool = runner.pool or runner.start_workers(max_queries, queue_wait)  # forked before the server opens any socket
        app = Endpoint(runner, limit, timeout, set(), {o.rstrip("/").lower() for o in allow_origins}, log)
        try:
            self._server = create_server(
                app,
                host=host,
                port=port,
                threads=max_queries + 4,  # a few to refuse or answer quickly while every worker is busy
                channel_timeout=idle,
                cleanup_interval=idle,
                max_request_body_size=MAX_BODY,
                max_request_header_size=MAX_HEADERS,
                connection_limit=CONNECTIONS,
                backlog=128,
                ident="collab-graph-sparql",
                expose_tracebacks=False,
                clear_untrusted_proxy_headers=True,
            )
        except OSError:
            runner.close()
            raise
        self.server_name, self.server_port = host, int(self._server.effective_port)
        self.server_address = (host, self.server_port)
        app.hosts = _host_names(host, self.server_port, allow_hosts)
        self._stopped = threading.Event()

    @property
    def url(self) -> str:
        """The endpoint's URL."""
        host = f"[{self.server_name}]" if ":" in self.server_name else self.server_name
        return f"http://{host}:{self.server_port}{PATH}"

    def serve_forever(self) -> None:
        """Answer requests until :meth:`shutdown`."""
        self._server.run()
        self._stopped.set()

    def shutdown(self) -> None:
        """Stop answering (from another thread), and wait until :meth:`serve_forever` has returned."""
        from waitress import wasyncore

        self._server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)
        wasyncore.close_all(self._server._map)
        self._stopped.wait(10)

    def server_close(self) -> None:
        """Stop the query workers and close the listening socket."""
        self.runner.close()
        self._server.close()


def _host_names(host: str, port: int, extra: tuple[str, ...]) -> set[str]:
    """The Host header values that name this server: its address (and the loopback names on the loopback), each with or without the port.

    >>> sorted(_host_names("127.0.0.1", 7878, ()))[:3]
    ['127.0.0.1', '127.0.0.1:7878', '[::1]']
    """
    import ipaddress

    names = {host.lower(), *(n.lower() for n in extra)}
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is not None and address.version == 6:
        names = {f"[{host.lower()}]", *(n.lower() for n in extra)}
    if (address is not None and address.is_loopback) or host == "localhost":
        names |= {"localhost", "127.0.0.1", "[::1]"}
    return names | {f"{name}:{port}" for name in names}
