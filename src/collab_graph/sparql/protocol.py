"""The SPARQL 1.1 Protocol over WSGI: what ``serve`` answers, on top of the HTTP server (:mod:`.server`).

``GET /sparql?query=...``, ``POST /sparql`` with a form (``query=...``) or an
``application/sparql-query`` body. Results by content negotiation (``Accept`` with q-values; a
``format``/``output`` parameter naming a format overrides it, one it does not know is ignored):
SPARQL JSON, XML, CSV, TSV; CONSTRUCT/DESCRIBE as Turtle, N-Triples, RDF/XML or JSON-LD with the
project's prefixes. ``default-graph-uri`` and ``named-graph-uri`` may be empty or name the release
graph (``DEFAULT_GRAPH_IRI``), the one graph the endpoint holds; any other graph is a 400. Without
a query, ``GET /sparql`` is the query page for a browser, the SPARQL 1.1 Service Description for
any other client (:mod:`.page`).

Statuses: 403 for updates, 400 for malformed requests, 411 for a POST body without a length,
413 for bodies over ``MAX_BODY``, 406 when no Accept type can be served, 503 for a query stopped
by the timeout or the memory limit, or when every query worker stayed busy for ``queue_wait`` s.

Who may ask (so that a web page the user opens cannot use the endpoint):

- **Host**: a request must name, in its ``Host`` header, the address the server is bound to (or,
  on the loopback, ``localhost``, ``127.0.0.1`` or ``[::1]``), or a name given with
  ``--allow-host``; anything else is refused with 403. This defeats DNS rebinding.
- **Origin**: pages served from this machine (``http://localhost:*``, ``http://127.0.0.1:*``,
  ``http://[::1]:*``) and those given with ``--allow-origin`` may query, with any request
  headers (the CORS preflight allows those they ask for), and read the answer and every header
  the endpoint sets (``Access-Control-Expose-Headers``); a request from any other origin is refused
  with 403 before its query runs, preflight included. Tools that are not browsers send no ``Origin``.
"""

from __future__ import annotations

import re
import sys
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http import HTTPStatus

from ..common.errors import CollabGraphError
from ..store import DEFAULT_GRAPH_IRI, Table
from ..store.pool import Busy
from .library import QueryError, QuerySource, library
from .page import PAGE_POLICY, asset, query_page, service_description, wants_page
from .prepare import example_params
from .results import GRAPH_TYPES, MEDIA_TYPES, format_param, graph_bytes, negotiate, results
from .run import QueryOutOfMemory, QueryRunner, QueryTimeout

MAX_BODY = 1_000_000
PATH = "/sparql"
UPDATE_TYPES = {"application/sparql-update"}
TEXT = "text/plain; charset=utf-8"
EXPOSED = "Allow, Content-Length, Content-Type, Warning, X-Result-Capped, X-Result-Limit"  # every header a script may need to read
_TOKENS = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+(\s*,\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+)*")


class RequestError(Exception):
    """An HTTP error answer: status and a one-line message."""

    def __init__(self, status: HTTPStatus, message: str):
        super().__init__(message)
        self.status = status


@dataclass
class Answer:
    status: HTTPStatus
    body: bytes
    ctype: str
    headers: dict[str, str] = field(default_factory=dict)


class Endpoint:
    """The WSGI application: gate, route, run, negotiate. ``hosts``: the Host values to answer;
    ``origins``: the extra origins web pages may call from ("*": any)."""

    def __init__(self, runner: QueryRunner, limit: int, timeout: float | None, hosts: set[str], origins: set[str], log: bool = False):
        self.runner, self.limit, self.timeout, self.log = runner, limit, timeout, log
        self.hosts, self.origins = hosts, origins
        self._examples: list[tuple[str, str, str]] | None = None

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        origin = environ.get("HTTP_ORIGIN")
        try:
            answer = self._route(environ)
        except RequestError as exc:
            answer = Answer(exc.status, f"{exc}\n".encode(), TEXT)
        except Exception as exc:  # a bug: an answer and one line on stderr, never a traceback
            print(f"error: serving {environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')}: {exc!r}", file=sys.stderr)
            answer = Answer(HTTPStatus.INTERNAL_SERVER_ERROR, f"internal error: {type(exc).__name__}\n".encode(), TEXT)
        headers = {"Content-Type": answer.ctype, "Content-Length": str(len(answer.body)), "X-Content-Type-Options": "nosniff"}
        if origin is not None and self._origin_allowed(origin):
            headers |= {"Access-Control-Allow-Origin": origin.strip(), "Access-Control-Expose-Headers": EXPOSED, "Vary": "Origin"}
        headers |= answer.headers
        if self.log:
            print(
                f"{environ.get('REMOTE_ADDR')} {environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')} {answer.status.value}",
                file=sys.stderr,
            )
        start_response(f"{answer.status.value} {answer.status.phrase}", list(headers.items()))
        return [answer.body]

    def _route(self, environ: dict) -> Answer:
        self._gate(environ)
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO") or "/"
        if path.startswith(f"{PATH}/ui/"):
            found = asset(path.rsplit("/", 1)[-1]) if method == "GET" else None
            if found is None:
                raise RequestError(HTTPStatus.NOT_FOUND, "no such file")
            return Answer(HTTPStatus.OK, found[0], found[1] + "; charset=utf-8", {"Cache-Control": "max-age=3600"})
        if path == "/" and method in {"GET", "HEAD"}:  # a person opening the server's address: the query page
            return Answer(HTTPStatus.SEE_OTHER, b"", TEXT, {"Location": PATH})
        if path not in {PATH, PATH + "/"}:
            raise RequestError(HTTPStatus.NOT_FOUND, f"no such resource; the SPARQL endpoint is {PATH}")
        if method == "OPTIONS":
            return self._preflight(environ)
        if method == "GET":
            query_string = environ.get("QUERY_STRING", "")
            if not query_string:
                return self._without_query(environ)
            text, params = _from_params(query_string)
        elif method == "POST":
            text, params = _from_body(environ)
        else:
            message = "read-only endpoint: use GET or POST with a query" if method in {"PUT", "DELETE", "PATCH"} else "use GET or POST"
            return Answer(HTTPStatus.METHOD_NOT_ALLOWED, f"{message}\n".encode(), TEXT, {"Allow": "GET, POST, OPTIONS"})
        return self._answer(text, params, environ.get("HTTP_ACCEPT"))

    def _gate(self, environ: dict) -> None:
        """403 unless the Host header names this server and any Origin may use it (see the module's docstring)."""
        host = (environ.get("HTTP_HOST") or "").strip().lower()
        if host not in self.hosts:
            raise RequestError(HTTPStatus.FORBIDDEN, f"Host {host!r} is not a name of this server (add one with --allow-host)")
        origin = environ.get("HTTP_ORIGIN")
        if origin is not None and not self._origin_allowed(origin):
            raise RequestError(HTTPStatus.FORBIDDEN, f"requests from pages at {origin!r} are refused (add the origin with --allow-origin)")

    def _origin_allowed(self, origin: str) -> bool:
        origin = origin.strip().rstrip("/").lower()
        if origin in self.origins or "*" in self.origins:
            return True
        parts = urllib.parse.urlsplit(origin)
        return parts.scheme in {"http", "https"} and (parts.hostname or "") in {"localhost", "127.0.0.1", "::1"}

    def _preflight(self, environ: dict) -> Answer:
        """A CORS preflight (from an origin the gate let through): the methods, and the headers it asked for."""
        asked = (environ.get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS") or "").strip()
        allowed = asked if asked and _TOKENS.fullmatch(asked) else "Accept, Content-Type"
        headers = {
            "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
            "Access-Control-Allow-Headers": allowed,
            "Access-Control-Max-Age": "600",
        }
        return Answer(HTTPStatus.NO_CONTENT, b"", TEXT, headers)

    def _without_query(self, environ: dict) -> Answer:
        accept = environ.get("HTTP_ACCEPT")
        if wants_page(accept):
            try:
                examples = self.examples()
            except Busy as exc:
                raise RequestError(HTTPStatus.SERVICE_UNAVAILABLE, f"busy: {exc}; try again shortly") from None
            page = query_page(PATH, examples)
            return Answer(
                HTTPStatus.OK, page, "text/html; charset=utf-8", {"Content-Security-Policy": PAGE_POLICY, "Referrer-Policy": "no-referrer"}
            )
        url = f"http://{environ['HTTP_HOST']}{PATH}"
        found = service_description(url, len(self.runner.graph), accept)
        if found is None:
            raise RequestError(
                HTTPStatus.NOT_ACCEPTABLE, f"cannot describe the service in the Accept types; offered: {', '.join(GRAPH_TYPES.values())}"
            )
        return Answer(HTTPStatus.OK, found[0], found[1] + "; charset=utf-8")

    def examples(self) -> list[tuple[str, str, str]]:
        """The library's questions, each with its first example's parameters bound: (name, title, SPARQL)."""
        if self._examples is None:
            found = []
            for name, source in library().items():
                prepared = self.runner.prepare(source, example_params(source))
                found.append((name, source.header.title, _shown(prepared.readable(), source.header.question)))
            self._examples = found
        return self._examples

    def _answer(self, text: str, params: dict[str, list[str]], accept: str | None) -> Answer:
        _check_dataset(params)
        try:
            prepared = self.runner.prepare(QuerySource("request", text))
            outcome = self.runner.run(prepared, limit=self.limit, timeout=self.timeout)
        except Busy as exc:
            raise RequestError(HTTPStatus.SERVICE_UNAVAILABLE, f"busy: {exc}; try again shortly") from None
        except (QueryTimeout, QueryOutOfMemory) as exc:
            raise RequestError(HTTPStatus.SERVICE_UNAVAILABLE, str(exc)) from None
        except QueryError as exc:
            status = HTTPStatus.FORBIDDEN if "updates are refused" in str(exc) else HTTPStatus.BAD_REQUEST
            raise RequestError(status, str(exc)) from None
        except CollabGraphError as exc:
            raise RequestError(HTTPStatus.INTERNAL_SERVER_ERROR, str(exc)) from None
        graph = prepared.form in {"CONSTRUCT", "DESCRIBE"}
        named = [f for f in (format_param(v, graph) for v in params.get("format", []) + params.get("output", [])) if f]
        fmt = named[0] if named else negotiate(accept, graph)
        if fmt is None:
            offered = ", ".join((GRAPH_TYPES if graph else MEDIA_TYPES).values())
            raise RequestError(HTTPStatus.NOT_ACCEPTABLE, f"cannot answer in the Accept types; offered: {offered}")
        headers = {"X-Result-Capped": "true", "X-Result-Limit": str(self.limit)} if outcome.capped else {}
        if prepared.warnings:  # what `query` prints as "warning: ...": an ontology term the ontology lacks
            headers["Warning"] = ", ".join(f'299 collab-graph "{_quoted(w)}"' for w in prepared.warnings)
        if graph:
            return Answer(HTTPStatus.OK, graph_bytes(outcome.table, fmt), GRAPH_TYPES[fmt] + "; charset=utf-8", headers)
        answer: Table | bool = outcome.table
        if prepared.form == "ASK":
            answer = bool(outcome.table.rows[0][0].toPython())  # type: ignore[union-attr]
        return Answer(HTTPStatus.OK, results(answer, fmt), MEDIA_TYPES[fmt] + "; charset=utf-8", headers)


def _quoted(text: str) -> str:
    """``text`` as an HTTP quoted-string (RFC 9110 5.6.4): ASCII, quotes and backslashes escaped."""
    plain = text.encode("ascii", "replace").decode("ascii")
    return plain.replace("\\", "\\\\").replace('"', '\\"')


def _shown(sparql: str, question: str) -> str:
    """A library query as the page shows it: its prefixes, the question as a comment, then the query without the header's blank lines.

    >>> print(_shown("PREFIX a: <urn:a>\\n\\n\\n\\nSELECT *\\n{}", "Who?"))
    PREFIX a: <urn:a>
    # Who?
    SELECT *
    {}
    """
    lines = sparql.split("\n")
    split = next((i for i, line in enumerate(lines) if not line.startswith("PREFIX ")), len(lines))
    body = "\n".join(lines[split:]).strip("\n")
    import textwrap

    comment = "\n".join("# " + part for part in textwrap.wrap(question, 96))
    return "\n".join(part for part in ("\n".join(lines[:split]), comment, body) if part)


def _check_dataset(params: dict[str, list[str]]) -> None:
    """400 unless every ``default-graph-uri``/``named-graph-uri`` is empty or the release graph (the one dataset)."""
    for key in ("default-graph-uri", "named-graph-uri"):
        for value in params.get(key, []):
            if value.strip() not in {"", DEFAULT_GRAPH_IRI}:
                raise RequestError(
                    HTTPStatus.BAD_REQUEST, f"{key} {value!r}: this endpoint holds one graph, <{DEFAULT_GRAPH_IRI}> (name it, or none)"
                )


def _parse(query_string: str) -> dict[str, list[str]]:
    """URL-encoded parameters; WSGI hands their bytes over as latin-1 text, and they must be UTF-8."""
    try:
        raw = query_string.encode("latin-1").decode("utf-8")
        return urllib.parse.parse_qs(raw, keep_blank_values=True, strict_parsing=False, errors="strict")
    except UnicodeError:
        raise RequestError(HTTPStatus.BAD_REQUEST, "parameters are not UTF-8") from None


def _from_params(query_string: str) -> tuple[str, dict[str, list[str]]]:
    params = _parse(query_string)
    if "update" in params:
        raise RequestError(HTTPStatus.FORBIDDEN, "read-only endpoint: updates are refused")
    queries = params.get("query", [])
    if len(queries) != 1:
        raise RequestError(HTTPStatus.BAD_REQUEST, "expected exactly one query parameter")
    return queries[0], params


def _from_body(environ: dict) -> tuple[str, dict[str, list[str]]]:
    length = environ.get("CONTENT_LENGTH")
    if length is None or length == "":
        raise RequestError(HTTPStatus.LENGTH_REQUIRED, "send the request body with a Content-Length")
    body = environ["wsgi.input"].read(int(length)) if int(length) else b""
    ctype = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
    url_query = environ.get("QUERY_STRING", "")
    if ctype in UPDATE_TYPES:
        raise RequestError(HTTPStatus.FORBIDDEN, "read-only endpoint: updates are refused")
    if ctype == "application/x-www-form-urlencoded":
        try:
            form = body.decode("utf-8")
        except UnicodeDecodeError:
            raise RequestError(HTTPStatus.BAD_REQUEST, "form body is not UTF-8") from None
        return _from_params(form.encode("utf-8").decode("latin-1") + ("&" + url_query if url_query else ""))
    if ctype == "application/sparql-query":
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            raise RequestError(HTTPStatus.BAD_REQUEST, "query body is not UTF-8") from None
        return text, _parse(url_query)
    raise RequestError(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "POST a form (application/x-www-form-urlencoded) or application/sparql-query")
