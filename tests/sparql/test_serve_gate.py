"""`serve` answers only requests naming it (DNS rebinding), web pages only from this machine or an
allowed origin, one plain Content-Length, and at most ``max_queries`` queries at once."""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import urllib.parse

import pytest

from collab_graph.sparql.run import QueryRunner
from collab_graph.sparql.server import SparqlServer

ASK = "ASK {}"
RUNAWAY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g"


@pytest.fixture(scope="module")
def server(graph):
    server = SparqlServer(
        ("127.0.0.1", 0),
        QueryRunner(graph, timeout=60),
        limit=50,
        timeout=60,
        allow_origins=("https://yasgui.example",),
        allow_hosts=("graph.lan",),
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def raw(server: SparqlServer, head: str, body: bytes = b"") -> tuple[int, http.client.HTTPMessage, str]:
    with socket.create_connection(server.server_address[:2], timeout=120) as sock:
        sock.sendall(head.replace("\n", "\r\n").encode() + b"\r\n" + body)
        response = http.client.HTTPResponse(sock)
        response.begin()
        return response.status, response.headers, response.read().decode()


def get(server: SparqlServer, *headers: str) -> tuple[int, http.client.HTTPMessage, str]:
    lines = [f"GET /sparql?{urllib.parse.urlencode({'query': ASK})} HTTP/1.1", *headers, ""]
    return raw(server, "\n".join(lines))


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]", "graph.lan", "LOCALHOST:{port}", "127.0.0.1:{port}"])
def test_names_of_this_server_are_answered(server, host):
    status, _, body = get(server, f"Host: {host.format(port=server.server_port)}")
    assert status == 200 and "true" in body


@pytest.mark.parametrize("host", ["attacker.example", "attacker.example:{port}", "127.0.0.1:1", "127.0.0.1.nip.io", ""])
def test_other_host_names_are_refused(server, host):
    status, _, body = get(server, f"Host: {host.format(port=server.server_port)}")
    assert status == 403
    assert body.startswith(f"Host {host.format(port=server.server_port).lower()!r} is not a name of this server")


def test_a_request_without_host_is_refused(server):
    assert raw(server, f"GET /sparql?{urllib.parse.urlencode({'query': ASK})} HTTP/1.0\n")[0] == 403


@pytest.mark.parametrize("origin", ["http://localhost:8080", "http://127.0.0.1:3000", "https://yasgui.example"])
def test_pages_from_this_machine_or_allowed_origins_may_read(server, origin):
    status, headers, _ = get(server, "Host: 127.0.0.1", f"Origin: {origin}")
    assert status == 200
    assert headers["Access-Control-Allow-Origin"] == origin and headers["Vary"] == "Origin"


@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://localhost.evil.example"])
def test_pages_from_elsewhere_are_refused_before_the_query_runs(server, origin):
    status, headers, body = get(server, "Host: 127.0.0.1", f"Origin: {origin}")
    assert status == 403 and "Access-Control-Allow-Origin" not in headers
    assert body == f"requests from pages at {origin!r} are refused (add the origin with --allow-origin)\n"


def test_no_origin_means_no_cors_header(server):
    status, headers, _ = get(server, "Host: 127.0.0.1")
    assert status == 200 and "Access-Control-Allow-Origin" not in headers


@pytest.mark.parametrize("lengths", [["6", "7"], ["6", "6"], ["+6"], ["0_6"], [" 6 x"], ["٦"]])
def test_odd_or_repeated_content_length_is_refused(server, lengths):
    head = "POST /sparql HTTP/1.1\nHost: 127.0.0.1\nContent-Type: application/sparql-query\n"
    head += "".join(f"Content-Length: {n}\n" for n in lengths)
    status, _, body = raw(server, head, b"ASK {}")
    assert status == 400 and "Content-Length is invalid" in body  # waitress refuses it before the endpoint sees it


def test_queries_beyond_the_cap_get_503_while_others_run(graph):
    server = SparqlServer(("127.0.0.1", 0), QueryRunner(graph, timeout=60), limit=5, timeout=15, max_queries=1, queue_wait=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:

        def runaway() -> None:
            with contextlib.suppress(ConnectionError):  # the server is shut down under it at the end
                raw(server, f"GET /sparql?{urllib.parse.urlencode({'query': RUNAWAY})} HTTP/1.1\nHost: 127.0.0.1\n")

        busy = threading.Thread(target=runaway, daemon=True)
        busy.start()
        while server.pool.idle != 0:  # the runaway query holds the only worker
            busy.join(0.05)
        status, _, body = get(server, "Host: 127.0.0.1")
        assert status == 503 and body == "busy: 1 queries are running; try again shortly\n"
    finally:
        server.shutdown()
        server.server_close()
