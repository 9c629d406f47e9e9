"""`collab-graph serve` under abuse: malformed and oversize requests, updates, runaway queries,
clients that leave or stall; the server answers each with a status and a one-line reason, and keeps serving.
"""

from __future__ import annotations

import http.client
import json
import signal
import socket
import struct
import subprocess
import sys
import threading
import urllib.parse
from pathlib import Path

import pytest

from collab_graph.sparql.run import QueryRunner
from collab_graph.sparql.server import SparqlServer

ROOT = Path(__file__).resolve().parents[2]
HOST = b"Host: 127.0.0.1\r\n"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
NWAS_LABEL = "SELECT ?label WHERE { <https://w3id.org/collab-graph/id/org/north-west-ambulance-service> skos:prefLabel ?label }"
TIMEOUT = 8
WAITRESS = "waitress: "  # an answer from the HTTP layer itself: its status, and this text within its short page


@pytest.fixture(scope="module")
def server(graph):
    server = SparqlServer(("127.0.0.1", 0), QueryRunner(graph), limit=500, timeout=TIMEOUT, request_timeout=1)
    errors: list[object] = []
    server.handle_error = lambda request, address: errors.append(sys.exc_info()[1])  # type: ignore[method-assign]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()
    assert errors == [], f"a request ended in an unhandled error: {errors}"


def get(query: str, **params: str) -> bytes:
    """A GET request line for ``query`` (and more parameters)."""
    return f"GET /sparql?{urllib.parse.urlencode({'query': query, **params})} HTTP/1.1\r\n".encode() + HOST + b"\r\n"


def post(body: bytes, ctype: str = "application/sparql-query", length: str | None = None) -> bytes:
    size = f"Content-Length: {len(body) if length is None else length}\r\n".encode() if length != "" else b""
    return b"POST /sparql HTTP/1.1\r\n" + HOST + f"Content-Type: {ctype}\r\n".encode() + size + b"\r\n" + body


def exchange(server: SparqlServer, data: bytes) -> tuple[int, http.client.HTTPMessage, str]:
    """Send raw bytes, read one answer: (status, headers, body)."""
    with socket.create_connection(server.server_address[:2], timeout=60) as sock:
        sock.sendall(data)
        response = http.client.HTTPResponse(sock)
        response.begin()
        return response.status, response.headers, response.read().decode()


@pytest.mark.parametrize(
    ("request_bytes", "status", "reason"),
    [
        (b"GET /sparql?query=%FF HTTP/1.1\r\n" + HOST + b"\r\n", 400, "parameters are not UTF-8"),
        (b"GET /sparql?format=json HTTP/1.1\r\n" + HOST + b"\r\n", 400, "expected exactly one query parameter"),
        (b"GET /sparql?query=ASK%7B%7D&query=ASK%7B%7D HTTP/1.1\r\n" + HOST + b"\r\n", 400, "expected exactly one query parameter"),
        (post(b"ASK {}", "text/plain"), 415, "POST a form (application/x-www-form-urlencoded) or application/sparql-query"),
        (post(b"ASK { ?s ?p '\xff' }"), 400, "query body is not UTF-8"),
        (post(b"query=%FF", "application/x-www-form-urlencoded"), 400, "parameters are not UTF-8"),
        (get("SELECT * WHERE { ?s ?p "), 400, "query request: syntax error at line 1, column 18: ?s ?p"),
        (post(b"", length=str(10**12)), 413, WAITRESS + "exceeds max_body of 1000000"),
        (post(b"ASK", length="2000000"), 413, WAITRESS + "exceeds max_body of 1000000"),  # answered unread
        (post(b"ASK {}", length=""), 411, "send the request body with a Content-Length"),
        (post(b"", length="-5"), 400, WAITRESS + "Content-Length is invalid"),
        (b"GET /sparql?update=CLEAR%20ALL HTTP/1.1\r\n" + HOST + b"\r\n", 403, "read-only endpoint: updates are refused"),
        (post(b"CLEAR ALL", "application/sparql-update"), 403, "read-only endpoint: updates are refused"),
        (
            get("INSERT DATA { <urn:a> <urn:b> <urn:c> }"),
            403,
            "query request: INSERT at line 1 is an update; queries are read-only, so updates are refused",
        ),
        (
            get("LOAD <http://example.org/x.ttl>"),
            403,
            "query request: LOAD at line 1 is an update; queries are read-only, so updates are refused",
        ),
        (get("CLEAR ALL"), 403, "query request: CLEAR at line 1 is an update; queries are read-only, so updates are refused"),
        (
            get("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"),
            400,
            "query request: SERVICE at line 1 is refused: a query may not call a remote endpoint (it runs on the local graph only)",
        ),
    ],
)
def test_bad_requests_get_a_status_and_one_line(server, graph, request_bytes, status, reason):
    before = len(graph)
    got, headers, body = exchange(server, request_bytes)
    if reason.startswith(WAITRESS):
        assert got == status and reason.removeprefix(WAITRESS) in body
    else:
        assert (got, body) == (status, reason + "\n")
    assert headers.get_content_type() == "text/plain"
    assert len(graph) == before


def test_a_chunked_body_is_read(server):
    chunked = b"Content-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nASK {}\r\n0\r\n\r\n"
    status, _, body = exchange(server, b"POST /sparql HTTP/1.1\r\n" + HOST + chunked)
    assert status == 200 and json.loads(body)["boolean"] is True


def test_rows_are_capped_and_the_answer_says_so(server, graph):
    status, headers, body = exchange(server, get("SELECT ?s ?p ?o WHERE { ?s ?p ?o }"))
    assert status == 200
    assert (headers["X-Result-Capped"], headers["X-Result-Limit"]) == ("true", "500")
    assert len(json.loads(body)["results"]["bindings"]) == 500 < len(graph)
    _, small, _ = exchange(server, get(NWAS_LABEL))
    assert small["X-Result-Capped"] is None


def test_a_runaway_query_is_stopped_and_others_are_answered_meanwhile(server):
    finished: list[str] = []
    slow: dict[str, object] = {}

    def runaway() -> None:
        slow["answer"] = exchange(server, get(RUNAWAY))
        finished.append("runaway")

    thread = threading.Thread(target=runaway)
    thread.start()
    try:
        status, _, body = exchange(server, get(NWAS_LABEL, format="csv"))
        finished.append("quick")
        assert (status, body.splitlines()) == (200, ["label", "North West Ambulance Service"])
    finally:
        thread.join(120)
    assert finished == ["quick", "runaway"]
    status, _, body = slow["answer"]  # type: ignore[misc]
    assert (status, body) == (503, f"query request: stopped after {TIMEOUT} s (--timeout)\n")


def test_a_client_that_leaves_mid_answer_costs_only_its_connection(server):
    for _ in range(3):
        sock = socket.create_connection(server.server_address[:2], timeout=60)
        sock.sendall(get("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", format="nt"))
        assert sock.recv(64).startswith(b"HTTP/1.1 200")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # reset, not a polite close
        sock.close()
    assert exchange(server, get(NWAS_LABEL, format="csv"))[0] == 200


def test_a_slow_client_is_dropped_and_does_not_hold_up_others(server):
    with socket.create_connection(server.server_address[:2], timeout=60) as slow:
        slow.sendall(b"GET /sparql?query=ASK")  # ... and never the rest of the headers
        assert exchange(server, get(NWAS_LABEL, format="csv"))[0] == 200
        assert slow.recv(1024) == b""  # the server closed the connection (request read timeout)


# ---------------------------------------------------------------- the real command


def _serve(*args: str) -> tuple[subprocess.Popen[str], list[str]]:
    """Start `collab-graph serve` on a free port; the process and its first stderr lines (banner, warning)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "collab_graph.cli", "serve", "--port", "0", *args], stderr=subprocess.PIPE, text=True, cwd=ROOT
    )
    return process, [process.stderr.readline()]  # type: ignore[union-attr]


def _stop(process: subprocess.Popen[str], signum: int = signal.SIGINT) -> str:
    """Stop it as Ctrl-C (or a service manager's SIGTERM) would; it exits cleanly, even where SIGINT was ignored."""
    process.send_signal(signum)
    assert process.wait(60) == 0
    return process.stderr.read()  # type: ignore[union-attr]


def test_serve_binds_the_loopback_by_default_and_refuses_updates():
    process, lines = _serve()
    try:
        url = lines[0].split(": ", 1)[1].split(" ", 1)[0]
        assert url.startswith("http://127.0.0.1:") and url.endswith("/sparql")
        port = int(urllib.parse.urlsplit(url).port or 0)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request(
            "POST", "/sparql", body="INSERT DATA { <urn:a> <urn:b> <urn:c> }", headers={"Content-Type": "application/sparql-update"}
        )
        answer = conn.getresponse()
        assert (answer.status, answer.read()) == (403, b"read-only endpoint: updates are refused\n")
        conn.request("GET", "/sparql?" + urllib.parse.urlencode({"query": NWAS_LABEL, "format": "csv"}))
        answer = conn.getresponse()
        assert (answer.status, answer.read().decode().splitlines()) == (200, ["label", "North West Ambulance Service"])
        conn.close()
    finally:
        rest = _stop(process)
    assert "warning" not in lines[0] + rest


def test_serve_on_all_interfaces_warns():
    process, lines = _serve("--host", "0.0.0.0")
    try:
        lines.append(process.stderr.readline())  # type: ignore[union-attr]
    finally:
        _stop(process, signal.SIGTERM)
    assert lines[0].startswith("SPARQL endpoint on oxigraph: http://0.0.0.0:")
    assert lines[1] == "warning: listening on 0.0.0.0: other machines can reach the graph (the default --host 127.0.0.1 keeps it local)\n"
