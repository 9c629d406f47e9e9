"""No outbound traffic: the guard refuses it, and the whole CLI never attempts any.

The full-CLI test runs every command in subprocesses under an independent guard
(tests/netguard.py as sitecustomize) that records every non-loopback attempt; the record
must show the guard installed in each process and no attempt at all.
"""

from __future__ import annotations

import os
import shlex
import signal
import socket
import subprocess
import sys
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import rdflib

import netguard
from collab_graph.common import offline
from collab_graph.sparql.library import library

ROOT = Path(__file__).resolve().parents[2]
HINT = "(name an endpoint with --endpoint to allow one)"
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))
VIEWS = [
    ["--view", "network"],
    ["--focus", "NWAS"],
    ["--initiative", "Co-responding"],
    ["--theme", "Joint Control Rooms"],
    ["--area", "Kent"],
    ["--view", "bipartite"],
]


@pytest.fixture()
def connects(monkeypatch) -> list[object]:
    """Every socket connect attempted (recorded, never made)."""
    attempts: list[object] = []
    monkeypatch.setattr(socket.socket, "connect", lambda self, address: attempts.append(address))
    return attempts


@pytest.fixture()
def allow_list():
    """Restore the process-wide allow-list after a test that changes it."""
    before = set(offline._State.allowed)
    yield offline._State.allowed
    offline._State.allowed = before


def test_rdflib_cannot_fetch_a_url(connects):
    with offline.guarded(), pytest.raises(offline.NetworkRefused) as refused:
        rdflib.Graph().parse("http://example.org/x.ttl")
    assert str(refused.value) == f"network access refused: http://example.org/x.ttl {HINT}"
    assert connects == []


def test_rdflib_service_query_is_refused_before_any_connection(connects):
    with offline.guarded(), pytest.raises(offline.NetworkRefused) as refused:
        list(rdflib.Graph().query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"))
    assert str(refused.value) == f"network access refused: http://example.org/sparql {HINT}"
    assert connects == []


def test_rdflib_load_is_refused(connects):
    with offline.guarded(), pytest.raises(Exception, match=r"Could not load http://example\.org/x\.ttl") as refused:
        rdflib.Graph().update("LOAD <http://example.org/x.ttl>")
    assert isinstance(refused.value.__context__, offline.NetworkRefused)
    assert connects == []


def test_sockets_are_refused_before_the_name_lookup():
    with netguard.paused(), offline.guarded(), pytest.raises(offline.NetworkRefused) as refused:
        socket.create_connection(("example.org", 80), timeout=1)
    assert str(refused.value) == f"network access refused: example.org:80 {HINT}"
    with netguard.paused(), offline.guarded(), pytest.raises(offline.NetworkRefused) as refused:
        socket.socket().connect(("192.0.2.1", 8890))
    assert str(refused.value) == f"network access refused: 192.0.2.1:8890 {HINT}"


def test_the_named_endpoint_host_and_port_only(allow_list, monkeypatch):
    monkeypatch.setattr(offline._State, "always", False)  # as in a notebook, whatever CLI tests ran before
    offline.allow("http://sparql.example.org:8890/sparql")
    with offline.guarded():
        offline._hook("socket.getaddrinfo", ("sparql.example.org", 8890, 0, 1, 0))
        offline._hook("urllib.Request", ("http://sparql.example.org:8890/sparql?query=ASK%7B%7D", None, {}, "GET"))
        with pytest.raises(offline.NetworkRefused, match=r"network access refused: sparql\.example\.org:80 "):
            offline._hook("socket.getaddrinfo", ("sparql.example.org", 80, 0, 1, 0))
        with pytest.raises(offline.NetworkRefused, match=r"network access refused: other\.example\.org:8890 "):
            offline._hook("socket.getaddrinfo", ("other.example.org", 8890, 0, 1, 0))
    offline._hook("socket.getaddrinfo", ("other.example.org", 8890, 0, 1, 0))  # outside guarded(): not our business


def test_cli_refuses_a_service_query(tmp_path):
    query = tmp_path / "remote.rq"
    query.write_text("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "collab_graph.cli", "query", str(query)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 1
    assert run.stderr == (
        f"error: query {query}: SERVICE at line 1 is refused: a query may not call a remote endpoint (it runs on the local graph only)\n"
    )


# ---------------------------------------------------------------- the whole CLI, watched from outside

DRIVER = """
import shlex, sys
from collab_graph import compiler
from collab_graph.cli import main
from collab_graph.common.paths import Project
compiled = compiler.compile_project(Project.locate(None))
compiler.compile_project = lambda project: compiled  # compile once for this many commands (the CLI imports it on first use)
failures = []
for line in sys.stdin.read().splitlines():
    sys.argv = shlex.split(line)
    try:
        main()
    except SystemExit as exc:
        if exc.code:
            failures.append(f"{line}: exit {exc.code}")
print("FAILURES", failures, file=sys.stderr)
"""


def _guarded_env(tmp_path: Path) -> tuple[dict[str, str], Path]:
    record = tmp_path / "attempts.log"
    site = netguard.sitecustomize_dir(tmp_path / "site")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), os.environ.get("PYTHONPATH", "")]), netguard.RECORD: str(record)}
    return env, record


def test_every_command_runs_without_outbound_traffic(tmp_path, project_copy):
    env, record = _guarded_env(tmp_path)
    out = tmp_path / "out"
    commands = [
        "collab-graph validate",
        "collab-graph stats",
        "collab-graph show NWAS",
        "collab-graph coverage",
        "collab-graph queries",
        *(example for query in library().values() for example in query.header.examples),
        f"collab-graph analyse --out {out / 'analysis'}",
        *(shlex.join(["collab-graph", "map", *view, "--out", str(out / f"map{i}.html")]) for i, view in enumerate(VIEWS)),
        f"collab-graph build --out {out / 'build'}",
        f"collab-graph report --area Merseyside --pdf --out {out / 'report-area.html'}",
        f"collab-graph report --org NWAS --pdf --pdf-engine chromium --out {out / 'report-org.html'}",
    ]
    driven = subprocess.run(
        [sys.executable, "-c", DRIVER], input="\n".join(commands), capture_output=True, text=True, cwd=ROOT, env=env, timeout=600
    )
    assert driven.returncode == 0 and "FAILURES []" in driven.stderr, driven.stderr[-3000:]
    assert len(list(out.glob("map*.html"))) == len(VIEWS) and (out / "build" / "collab-graph.ttl").exists()
    assert all((out / f"report-{kind}.{ext}").exists() for kind in ("area", "org") for ext in ("html", "pdf"))

    everything = subprocess.run(
        [sys.executable, "-m", "collab_graph.cli", "--root", str(project_copy), "all"], capture_output=True, text=True, env=env, timeout=600
    )
    assert everything.returncode == 0, everything.stderr
    assert (project_copy / "build" / "map.html").exists() and (project_copy / "build" / "reports" / "index.html").exists()

    serve = subprocess.Popen(
        [sys.executable, "-m", "collab_graph.cli", "serve", "--port", "0"], stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env
    )
    try:
        banner = serve.stdout.readline()  # type: ignore[union-attr]
        url = banner.split(": ", 1)[1].split(" ", 1)[0]
        query = "SELECT ?label WHERE { <https://w3id.org/collab-graph/id/org/north-west-ambulance-service> skos:prefLabel ?label }"
        with NO_PROXY.open(url + "?" + urllib.parse.urlencode({"query": query, "format": "csv"}), timeout=60) as answer:
            assert answer.read().decode().splitlines() == ["label", "North West Ambulance Service"]
        remote = subprocess.run(
            [sys.executable, "-m", "collab_graph.cli", "--endpoint", url, "--endpoint-graph", "", "query", "pccs", "--format", "csv"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=300,
        )
        assert remote.returncode == 0, remote.stderr
        assert "Kent" in remote.stdout
    finally:
        serve.send_signal(signal.SIGINT)
        assert serve.wait(60) == 0

    lines = record.read_text(encoding="utf-8").splitlines()
    assert [line for line in lines if not line.endswith(" installed")] == []
    assert len(lines) >= 4  # the driver, `all`, `serve` and the endpoint client each installed the guard


def test_the_watching_guard_sees_an_attempt(tmp_path):
    env, record = _guarded_env(tmp_path)
    probe = "import socket\ntry:\n    socket.getaddrinfo('example.org', 80)\nexcept OSError as exc:\n    print(exc)\n"
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env)
    assert run.stdout == "test network guard: socket.getaddrinfo to 'example.org' refused\n"
    assert record.read_text(encoding="utf-8").splitlines()[1].endswith(" socket.getaddrinfo 'example.org'")
