"""The query page of `serve` in headless Chromium: YASGUI from the package (nothing from the network,
no CSP violation) runs a library example; and a YASGUI page on another origin, sending a header of
its own (so the browser sends a CORS preflight), queries the endpoint and reads the answer."""

from __future__ import annotations

import functools
import http.server
import threading
from pathlib import Path

import pytest

from browser import chromium
from collab_graph.sparql.run import QueryRunner
from collab_graph.sparql.server import SparqlServer

CLIENT_PAGE = """<!doctype html><html><head><meta charset="utf-8">
<link rel="stylesheet" href="{base}/ui/yasgui.min.css"></head><body><div id="yasgui"></div>
<script src="{base}/ui/yasgui.min.js"></script>
<script>
Yasgui.Yasqe.defaults.autocompleters = [];
const yasgui = new Yasgui(document.getElementById("yasgui"), {{
  persistenceId: null, populateFromUrl: false,
  requestConfig: {{ endpoint: "{base}", method: "POST", headers: {{ "X-Client": "another-origin" }} }},
}});
const tab = yasgui.getTab();
tab.setQuery("SELECT ?name WHERE {{ ?o a cg:PoliceForce ; skos:prefLabel ?name }} ORDER BY ?name");
tab.query();
</script></body></html>
"""


@pytest.fixture(scope="module")
def endpoint(graph):
    server = SparqlServer(("127.0.0.1", 0), QueryRunner(graph), limit=500, timeout=30)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def other_origin(endpoint, tmp_path_factory):
    """A page on http://localhost:PORT (another origin than the endpoint's 127.0.0.1) that uses the endpoint."""
    folder: Path = tmp_path_factory.mktemp("client")
    (folder / "client.html").write_text(CLIENT_PAGE.format(base=endpoint.url), encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://localhost:{server.server_address[1]}/client.html"
    server.shutdown()
    server.server_close()


def visit(context, url: str):
    """A new page at ``url``; (page, console errors, requests that left the loopback)."""
    page = context.new_page()
    errors: list[str] = []
    remote: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    page.on("request", lambda r: remote.append(r.url) if not r.url.startswith(("http://127.0.0.1", "http://localhost", "data:")) else None)
    page.route(
        "**/*",
        lambda route: (
            route.abort() if not route.request.url.startswith(("http://127.0.0.1", "http://localhost", "data:")) else route.continue_()
        ),
    )
    page.goto(url)
    return page, errors, remote


def test_the_query_page_runs_an_example_offline_under_its_policy(endpoint):
    with chromium() as context:
        page, errors, remote = visit(context, endpoint.url)
        page.wait_for_selector(".yasqe .CodeMirror", timeout=60_000)
        page.select_option("#examples", "partners-of")
        page.wait_for_selector(".yasr table.dataTable td", timeout=60_000)
        cells = page.locator(".yasr table.dataTable").inner_text()
        page.close()
    assert "Merseyside Police" in cells and "Cumbria" in cells
    assert remote == []
    assert [e for e in errors if "favicon" not in e] == []


def test_yasgui_on_another_origin_queries_with_its_own_header(endpoint, other_origin):
    with chromium() as context:
        page, errors, remote = visit(context, other_origin)
        page.wait_for_selector(".yasr table.dataTable td", timeout=60_000)
        cells = page.locator(".yasr table.dataTable").inner_text()
        page.close()
    assert "Kent Police" in cells
    assert remote == [] and [e for e in errors if "favicon" not in e] == []
