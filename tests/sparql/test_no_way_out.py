"""No query reaches the network, however it hides SERVICE or LOAD (property-based).

Generated queries hide ``SERVICE``/``LOAD`` behind comments ended by CR, LF, CRLF or U+2028,
``\\u`` escapes in the keyword or the IRI, and mixed case, and point at a loopback listener that
records every connection. Each is sent through the CLI's path (prepare + run, on both embedded
stores), ``sparql()``, ``serve`` (GET and POST) and, to show the engine's own door is shut even
if a check were fooled, straight to the engines in the isolated query process. The listener must
record no connection at all; a control run without isolation shows that it would see one.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import urllib.parse
from collections.abc import Iterator

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from collab_graph.common.errors import CollabGraphError
from collab_graph.sparql.library import QueryError, QuerySource
from collab_graph.sparql.run import QueryRunner
from collab_graph.sparql.server import SparqlServer
from collab_graph.store.sandbox import run_isolated

SETTINGS = settings(derandomize=True, deadline=None, max_examples=40, database=None)
BREAKS = ["\r", "\n", "\r\n", "\u2028"]


class Listener:
    """A loopback TCP listener that counts the connections it accepts."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    found = Listener()
    yield found
    found.sock.close()


@pytest.fixture(scope="module")
def runners(graph) -> dict[str, QueryRunner]:
    return {store: QueryRunner(graph, store, timeout=60) for store in ("oxigraph", "rdflib")}


def mixed_case(word: str) -> st.SearchStrategy[str]:
    return st.lists(st.booleans(), min_size=len(word), max_size=len(word)).map(
        lambda ups: "".join(c.upper() if up else c.lower() for c, up in zip(word, ups, strict=True))
    )


def escaped(word: str) -> st.SearchStrategy[str]:
    """``word`` with none or one of its letters written as a ``\\u`` escape."""
    return st.integers(0, len(word)).map(lambda i: word if i == len(word) else word[:i] + f"\\u{ord(word[i]):04X}" + word[i + 1 :])


GAP = st.one_of(
    st.just(" "),
    st.sampled_from(BREAKS),
    st.builds(lambda note, end: "#" + note + end, st.text("ab {}<>'\"", max_size=4), st.sampled_from(BREAKS)),
)


@st.composite
def hidden_calls(draw: st.DrawFn, port: int) -> str:
    """A query that names the listener in a SERVICE or LOAD however a tokenizer might miss it."""
    family = draw(st.sampled_from(["SERVICE", "LOAD"]))
    keyword = draw(mixed_case(family).flatmap(escaped))
    iri = draw(st.sampled_from([f"<http://127.0.0.1:{port}/sparql>", f"<http\\u003A//127.0.0.1:{port}/sparql>"]))
    silent = draw(st.sampled_from(["", "SILENT ", "silent "]))
    if family == "LOAD":
        return f"{draw(GAP)}{keyword} {silent}{iri}{draw(GAP)}"
    return f"SELECT * WHERE {{ {draw(GAP)}{keyword}{draw(GAP)}{silent}{iri} {{ ?s ?p ?o }}{draw(GAP)}}}"


def attempt(call, *args) -> None:
    """Run one attempt; a refusal or an engine error is fine, a connection is not."""
    with contextlib.suppress(QueryError, CollabGraphError):
        call(*args)


def test_the_listener_sees_a_query_that_is_not_isolated():
    """Control: Oxigraph run outside the query process does connect (so a zero below means something)."""
    import pyoxigraph

    control = Listener()
    with pytest.raises(OSError):
        list(pyoxigraph.Store().query(f"SELECT * WHERE {{ #\rSERVICE <http://127.0.0.1:{control.port}/sparql> {{ ?s ?p ?o }}\n}}"))
    control.sock.close()
    assert control.connections == 1


def test_no_hidden_call_connects_through_the_query_path(listener, runners, graph):
    @SETTINGS
    @example(f"SELECT * WHERE {{ #\rSERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }}\n}}")
    @given(hidden_calls(listener.port))
    def check(text: str) -> None:
        for runner in runners.values():
            attempt(lambda r=runner: r.run(r.prepare(QuerySource("hostile", text))))
        assert listener.connections == 0, repr(text)

    check()


def test_no_hidden_call_connects_even_straight_to_the_engines(listener, runners):
    """The engines themselves, given the raw text in the isolated process: the kernel refuses the socket."""

    def raw(store, text):
        try:
            return "ok", store.query(text)
        except Exception as exc:
            return "error", str(exc)

    @SETTINGS
    @example(f"SELECT * WHERE {{ #\rSERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }}\n}}")
    @given(hidden_calls(listener.port))
    def check(text: str) -> None:
        for runner in runners.values():
            run_isolated(raw, (runner.store, text), 60, 2048)
        assert listener.connections == 0, repr(text)

    check()


def test_the_cr_service_query_is_refused_with_its_real_line(runners, listener):
    text = f"SELECT * WHERE {{ #\rSERVICE <http://127.0.0.1:{listener.port}/sparql> {{ ?s ?p ?o }}\n}}"
    with pytest.raises(QueryError) as refused:
        runners["oxigraph"].prepare(QuerySource("<stdin>", text))
    assert str(refused.value) == (
        "query <stdin>: SERVICE at line 2 is refused: a query may not call a remote endpoint (it runs on the local graph only)"
    )
    assert listener.connections == 0


def test_sparql_function_and_serve_make_no_connection(listener, graph, tmp_path):
    from collab_graph.notebook import sparql

    server = SparqlServer(("127.0.0.1", 0), QueryRunner(graph, timeout=60), limit=100, timeout=60)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:

        @settings(derandomize=True, deadline=None, max_examples=15, database=None)
        @given(hidden_calls(listener.port))
        def check(text: str) -> None:
            attempt(sparql, text)
            host, port = server.server_address[:2]
            for method in ("GET", "POST"):
                connection = http.client.HTTPConnection(host, port, timeout=120)
                if method == "GET":
                    connection.request("GET", "/sparql?" + urllib.parse.urlencode({"query": text}))
                else:
                    connection.request("POST", "/sparql", text.encode(), {"Content-Type": "application/sparql-query"})
                status = connection.getresponse().status
                connection.close()
                assert status in {400, 403}, (method, status, text)
            assert listener.connections == 0, repr(text)

        check()
    finally:
        server.shutdown()
        server.server_close()
