"""A read-only SPARQL 1.1 Protocol endpoint over the graph (``collab-graph serve``).

``GET /sparql?query=...``, ``POST /sparql`` with a form (``query=...``) or a
``application/sparql-query`` body. Results by content negotiation (``Accept``, or a
``format``/``output`` parameter): SPARQL JSON, XML, CSV, TSV; CONSTRUCT/DESCRIBE as Turtle or
N-Triples. Every query goes through the same checks, timeout and row cap as ``collab-graph
query``; updates, SERVICE and FROM are refused (403 for updates, 400 for malformed requests,
411 for a POST without Content-Length, 413 for bodies over ``MAX_BODY``, 503 for a query stopped
by the timeout). A client that sends its request slower than ``REQUEST_TIMEOUT`` seconds per read
is dropped; one that leaves mid-answer costs nothing but its own connection.
"""

from __future__ import annotations

import contextlib
import socketserver
import threading
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from ..common.errors import CollabGraphError
from ..store import Table
from .library import QueryError, QuerySource
from .results import ALIASES, GRAPH_TYPES, MEDIA_TYPES, graph_bytes, negotiate, results
from .run import QueryRunner, QueryTimeout

MAX_BODY = 1_000_000
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
    ):
        super().__init__(address, SparqlHandler)
        self.runner, self.limit, self.timeout, self.log = runner, limit, timeout, log
        self.request_timeout = request_timeout
        self.lock = threading.Lock()  # parsing queries, one at a time
        with self.lock:
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
        value = self.headers.get("Content-Length")
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
        try:
            with self.server.lock:  # rdflib's SPARQL parser (pyparsing) is not thread-safe
                prepared = runner.prepare(QuerySource("request", text))
            outcome = runner.run(prepared, limit=self.server.limit, timeout=self.server.timeout)
        except QueryTimeout as exc:
            raise RequestError(HTTPStatus.SERVICE_UNAVAILABLE, str(exc)) from None
        except QueryError as exc:
            status = HTTPStatus.FORBIDDEN if "updates are refused" in str(exc) else HTTPStatus.BAD_REQUEST
            raise RequestError(status, str(exc)) from None
        except CollabGraphError as exc:
            raise RequestError(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc)) from None
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
        self.send_header("Access-Control-Allow-Origin", "*")
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

    def do_OPTIONS(self) -> None:
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Content-Length", "0")
        self.end_headers()


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
