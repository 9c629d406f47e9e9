"""A read-only SPARQL 1.1 Protocol endpoint over the graph (``collab-graph serve``).

``GET /sparql?query=...``, ``POST /sparql`` with a form (``query=...``) or a
``application/sparql-query`` body. Results by content negotiation (``Accept``, or a
``format``/``output`` parameter): SPARQL JSON, XML, CSV, TSV; CONSTRUCT/DESCRIBE as Turtle or
N-Triples. Every query goes through the same checks, timeout and row cap as ``collab-graph
query``; updates, SERVICE and FROM are refused (403 for updates, 400 for malformed requests,
411 for a POST without Content-Length, 413 for bodies over ``MAX_BODY``, 503 for a query stopped
by the timeout, the memory limit, or because ``max_queries`` queries are already running). A
client that sends its request slower than ``REQUEST_TIMEOUT`` seconds per read is dropped; one that
leaves mid-answer costs nothing but its own connection.

Who may ask (a deliberate choice, so that a web page the user opens cannot use the endpoint):

- **Host**: a request must name, in its ``Host`` header, the address the server is bound to (or,
  on the loopback, ``localhost``, ``127.0.0.1`` or ``[::1]``), or a name given with
  ``--allow-host``; anything else is refused with 403. This defeats DNS rebinding, where a page
  on another site makes its own host name resolve to 127.0.0.1.
- **Origin**: browsers name the page that sends a cross-site request in ``Origin``. Pages served
  from this machine (``http://localhost:*``, ``http://127.0.0.1:*``, ``http://[::1]:*``) and those
  given with ``--allow-origin`` may query and read the answers (``Access-Control-Allow-Origin``
  names that origin); a request from any other origin is refused with 403 before its query runs.
  Tools that are not browsers (curl, SPARQLWrapper, Jena) send no ``Origin`` and are served.
"""

from __future__ import annotations

import contextlib
import re
import socketserver
import threading
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from ..common.errors import CollabGraphError
from ..store import Table
from .library import QueryError, QuerySource
from .options import MAX_QUERIES
from .results import ALIASES, GRAPH_TYPES, MEDIA_TYPES, graph_bytes, negotiate, results
from .run import QueryOutOfMemory, QueryRunner, QueryTimeout

MAX_BODY = 1_000_000
QUEUE_WAIT = 30.0  # seconds a request waits for one of the query slots before a 503
DISCARD_LIMIT = 16 * MAX_BODY
REQUEST_TIMEOUT = 10.0
PATH = "/sparql"
UPDATE_TYPES = {"application/sparql-update"}


class SparqlServer(ThreadingHTTPServer):
    """A threading HTTP server answering SPARQL queries with one QueryRunner."""

    daemon_threads = True
    request_queue_size = 128

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
        super().__init__(address, SparqlHandler)
        self.runner, self.limit, self.timeout, self.log = runner, limit, timeout, log
        self.request_timeout = request_timeout
        self.max_queries, self.queue_wait = max_queries, queue_wait
        self.slots = threading.BoundedSemaphore(max_queries)  # query processes at once
        self.hosts = _host_names(self.server_name, self.server_port, allow_hosts)
        self.origins = {o.rstrip("/").lower() for o in allow_origins}
        _ = runner.store

    def server_bind(self) -> None:
        """Bind without HTTPServer's reverse name lookup of the address (no DNS traffic)."""
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name, self.server_port = str(host), int(port)

    def handle_error(self, request: object, client_address: object) -> None:
        """A failure outside a request's own handling: one line with --log, never a traceback."""
        if self.log:
            import sys

            print(f"error: serving {client_address}: {sys.exc_info()[1]!r}", file=sys.stderr)

    @property
    def url(self) -> str:
        """The endpoint's URL."""
        host, port = self.server_address[:2]
        return f"http://{host}:{port}{PATH}"


class RequestError(Exception):
    """An HTTP error answer: status and a one-line message."""

    def __init__(self, status: HTTPStatus, message: str, unread: int = 0):
        super().__init__(message)
        self.status = status
        self.unread = unread  # body bytes to discard after answering


class SparqlHandler(BaseHTTPRequestHandler):
    """One request: parse it, run the query, answer in the negotiated format."""

    server: SparqlServer
    protocol_version = "HTTP/1.1"
    server_version = "collab-graph-sparql"

    def setup(self) -> None:
        self.timeout = self.server.request_timeout  # a read that waits longer drops the client (slowloris)
        super().setup()

    def handle(self) -> None:
        with contextlib.suppress(TimeoutError, ConnectionError):  # the client left between requests: nobody to answer
            super().handle()

    def do_GET(self) -> None:
        self._handle(lambda: self._from_params(urllib.parse.urlsplit(self.path).query))

    def do_POST(self) -> None:
        self._handle(self._from_body)

    def do_HEAD(self) -> None:
        self._send(HTTPStatus.METHOD_NOT_ALLOWED, b"use GET or POST\n", "text/plain; charset=utf-8", allow=True)

    def do_PUT(self) -> None:
        self._refuse_write()

    def do_DELETE(self) -> None:
        self._refuse_write()

    def do_PATCH(self) -> None:
        self._refuse_write()

    def log_message(self, format: str, *args: object) -> None:
        if self.server.log:
            super().log_message(format, *args)

    def _refuse_write(self) -> None:
        self._drain()
        self._send(
            HTTPStatus.METHOD_NOT_ALLOWED, b"read-only endpoint: use GET or POST with a query\n", "text/plain; charset=utf-8", allow=True
        )

    def _handle(self, read: object) -> None:
        try:
            self._gate()
            if urllib.parse.urlsplit(self.path).path not in {PATH, PATH + "/"}:
                self._drain()
                raise RequestError(HTTPStatus.NOT_FOUND, f"no such resource; the SPARQL endpoint is {PATH}")
            text, params = read()  # type: ignore[operator]
            self._answer(text, params)
        except RequestError as exc:
            self._send(exc.status, f"{exc}\n".encode(), "text/plain; charset=utf-8")
            if exc.unread:
                self._discard(exc.unread)
        except (TimeoutError, ConnectionError):
            self.close_connection = True  # the client is too slow or gone: nobody to answer
        except Exception as exc:  # a bug must not drop the connection without an answer
            self.log_error("internal error: %r", exc)
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, f"internal error: {type(exc).__name__}\n".encode(), "text/plain; charset=utf-8")

    def _drain(self) -> None:
        """Skip a body this request does not use."""
        try:
            length = self._length()
        except RequestError:
            return  # close_connection is set: the body goes with the connection
        if 0 < length <= MAX_BODY:
            self.rfile.read(length)
        elif length > MAX_BODY:
            self._discard(length)

    def _discard(self, length: int) -> None:
        """Read and drop an oversize body (so a client still sending sees the answer), then close.

        Beyond DISCARD_LIMIT just close; a client that stalls is dropped after the request timeout.
        """
        self.close_connection = True
        if length > DISCARD_LIMIT:
            return
        try:
            while length > 0:
                chunk = self.rfile.read(min(length, 65536))
                if not chunk:
                    break
                length -= len(chunk)
        except (TimeoutError, ConnectionError):
            pass

    def _length(self, required: bool = False) -> int:
        """The Content-Length; 411 when a body is sent without one (chunked), 400 when it is not a number."""
        values = self.headers.get_all("Content-Length") or []
        value = values[0] if values else None
        if len(values) > 1 or (value is not None and not re.fullmatch(r"[0-9]+", value.strip())):
            self.close_connection = True  # two lengths, or a sign, separator or space inside: request smuggling's tools
            raise RequestError(HTTPStatus.BAD_REQUEST, f"bad Content-Length: {', '.join(values)!r}")
        if self.headers.get("Transfer-Encoding") or (required and value is None):
            self.close_connection = True  # the body cannot be skipped reliably
            raise RequestError(HTTPStatus.LENGTH_REQUIRED, "send the request body with a Content-Length (no chunked encoding)")
        try:
            length = int(value or 0)
        except ValueError:
            length = -1
        if length < 0:
            self.close_connection = True
            raise RequestError(HTTPStatus.BAD_REQUEST, f"bad Content-Length: {value!r}")
        return length

    def _from_params(self, query_string: str) -> tuple[str, dict[str, list[str]]]:
        try:
            params = urllib.parse.parse_qs(query_string, keep_blank_values=True, strict_parsing=False, errors="strict")
        except UnicodeDecodeError:
            raise RequestError(HTTPStatus.BAD_REQUEST, "parameters are not UTF-8") from None
        if "update" in params:
            raise RequestError(HTTPStatus.FORBIDDEN, "read-only endpoint: updates are refused")
        queries = params.get("query", [])
        if len(queries) != 1:
            raise RequestError(HTTPStatus.BAD_REQUEST, "expected exactly one query parameter")
        return queries[0], params

    def _from_body(self) -> tuple[str, dict[str, list[str]]]:
        length = self._length(required=True)
        if length > MAX_BODY:  # answered before reading any of it
            self.close_connection = True
            raise RequestError(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE, f"request body of {length} bytes is over the limit of {MAX_BODY}", length
            )
        body = self.rfile.read(length) if length else b""
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        url_query = urllib.parse.urlsplit(self.path).query
        if ctype in UPDATE_TYPES:
            raise RequestError(HTTPStatus.FORBIDDEN, "read-only endpoint: updates are refused")
        if ctype == "application/x-www-form-urlencoded":
            try:
                form = body.decode("utf-8")
            except UnicodeDecodeError:
                raise RequestError(HTTPStatus.BAD_REQUEST, "form body is not UTF-8") from None
            return self._from_params(form + ("&" + url_query if url_query else ""))
        if ctype == "application/sparql-query":
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                raise RequestError(HTTPStatus.BAD_REQUEST, "query body is not UTF-8") from None
            params = urllib.parse.parse_qs(url_query, keep_blank_values=True)
            return text, params
        raise RequestError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "POST a form (application/x-www-form-urlencoded) or application/sparql-query")

    def _answer(self, text: str, params: dict[str, list[str]]) -> None:
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            raise RequestError(
                HTTPStatus.BAD_REQUEST, "this endpoint has one dataset: default-graph-uri and named-graph-uri are not supported"
            )
        runner = self.server.runner
        if not self.server.slots.acquire(timeout=self.server.queue_wait):
            raise RequestError(HTTPStatus.SERVICE_UNAVAILABLE, f"busy: {self.server.max_queries} queries are running; try again shortly")
        try:
            prepared = runner.prepare(QuerySource("request", text))
            outcome = runner.run(prepared, limit=self.server.limit, timeout=self.server.timeout)
        except (QueryTimeout, QueryOutOfMemory) as exc:
            raise RequestError(HTTPStatus.SERVICE_UNAVAILABLE, str(exc)) from None
        except QueryError as exc:
            status = HTTPStatus.FORBIDDEN if "updates are refused" in str(exc) else HTTPStatus.BAD_REQUEST
            raise RequestError(status, str(exc)) from None
        except CollabGraphError as exc:
            raise RequestError(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc)) from None
        finally:
            self.server.slots.release()
        wanted = (params.get("format") or params.get("output") or [None])[0]
        graph = prepared.form in {"CONSTRUCT", "DESCRIBE"}
        fmt = _format_param(wanted, graph) if wanted else negotiate(self.headers.get("Accept"), graph)
        if fmt is None:
            offered = ", ".join((GRAPH_TYPES if graph else MEDIA_TYPES).values())
            raise RequestError(HTTPStatus.NOT_ACCEPTABLE, f"cannot answer in the Accept types; offered: {offered}")
        headers = {"X-Result-Capped": "true", "X-Result-Limit": str(self.server.limit)} if outcome.capped else {}
        if graph:
            self._send(HTTPStatus.OK, graph_bytes(outcome.table, fmt), GRAPH_TYPES[fmt] + "; charset=utf-8", **headers)
            return
        answer: Table | bool = outcome.table
        if prepared.form == "ASK":
            answer = bool(outcome.table.rows[0][0].toPython())  # type: ignore[union-attr]
        self._send(HTTPStatus.OK, results(answer, fmt), MEDIA_TYPES[fmt] + "; charset=utf-8", **headers)

    def _send(self, status: HTTPStatus, body: bytes, ctype: str, allow: bool = False, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self._cors()
        if allow:
            self.send_header("Allow", "GET, POST")
        for key, value in headers.items():
            self.send_header(key.replace("_", "-"), value)
        if self.close_connection:
            self.send_header("Connection", "close")
        try:
            self.end_headers()
            self.wfile.write(body)
        except (TimeoutError, ConnectionError):  # the client left mid-answer
            self.close_connection = True

    def _gate(self) -> None:
        """403 unless the Host header names this server and any Origin may use it (see the module's docstring)."""
        host = (self.headers.get("Host") or "").strip().lower()
        if host not in self.server.hosts:
            self._drain()
            self.close_connection = True
            raise RequestError(HTTPStatus.FORBIDDEN, f"Host {host!r} is not a name of this server (add one with --allow-host)")
        origin = self.headers.get("Origin")
        if origin is not None and not self._origin_allowed(origin):
            self._drain()
            raise RequestError(HTTPStatus.FORBIDDEN, f"requests from pages at {origin!r} are refused (add the origin with --allow-origin)")

    def _origin_allowed(self, origin: str) -> bool:
        origin = origin.strip().rstrip("/").lower()
        if origin in self.server.origins or "*" in self.server.origins:
            return True
        parts = urllib.parse.urlsplit(origin)
        return parts.scheme in {"http", "https"} and (parts.hostname or "") in {"localhost", "127.0.0.1", "::1"}

    def _cors(self) -> None:
        origin = self.headers.get("Origin") if hasattr(self, "headers") else None
        if origin is not None and self._origin_allowed(origin):
            self.send_header("Access-Control-Allow-Origin", origin.strip())
            self.send_header("Vary", "Origin")

    def do_OPTIONS(self) -> None:
        try:
            self._gate()
        except RequestError as exc:
            self._send(exc.status, f"{exc}\n".encode(), "text/plain; charset=utf-8")
            return
        self.send_response(HTTPStatus.NO_CONTENT)
        self._cors()
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Content-Length", "0")
        self.end_headers()


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


def _format_param(value: str, graph: bool) -> str | None:
    """A ``format``/``output`` parameter (json, xml, csv, tsv, turtle, nt, or a media type) as a format name.

    >>> _format_param("json", False), _format_param("application/sparql-results+xml", False), _format_param("ttl", True)
    ('json', 'xml', 'turtle')
    """
    value = value.strip().lower()
    fmt = ALIASES.get(value, {"ttl": "turtle", "ntriples": "nt", "n-triples": "nt"}.get(value, value))
    if fmt in (GRAPH_TYPES if graph else MEDIA_TYPES):
        return fmt
    return negotiate(value, graph) if "/" in value else None
