"""Load test of `collab-graph serve`: many concurrent SPARQL clients, thousands of queries, every answer checked.

Starts `collab-graph serve` on a free loopback port, then ``--clients`` threads send
``--queries`` requests in total: the query library (each with its first example's parameters
bound), rotating GET/POST and JSON/XML/CSV/TSV. Every answer must be HTTP 200 with the row count
the same query gives in-process. Writes latency percentiles to benchmarks/serve-load.md.

    .venv/bin/python benchmarks/serve_load.py                       # 32 clients, 2000 queries
    .venv/bin/python benchmarks/serve_load.py --clients 8 --queries 500
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from grow_graph import prepared_library

from collab_graph.sparql.library import QuerySource
from collab_graph.sparql.run import QueryRunner

HERE = Path(__file__).resolve().parent
ACCEPT = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def rows_in(body: bytes, fmt: str) -> int:
    text = body.decode("utf-8")
    if fmt == "json":
        return text.count('"value"') and len(__import__("json").loads(text)["results"]["bindings"])
    if fmt == "xml":
        return text.count("<result>")
    return len(text.rstrip("\n").split("\n")) - 1 if fmt == "tsv" else len(list(__import__("csv").reader(text.splitlines()))) - 1


def one(url: str, sparql: str, fmt: str, post: bool) -> tuple[int, float, bytes]:
    data = urllib.parse.urlencode({"query": sparql}).encode()
    if post:
        req = urllib.request.Request(url, data=data, headers={"Accept": ACCEPT[fmt], "Content-Type": "application/x-www-form-urlencoded"})
    else:
        req = urllib.request.Request(f"{url}?{data.decode()}", headers={"Accept": ACCEPT[fmt]})
    start = time.perf_counter()
    try:
        with OPENER.open(req, timeout=60) as response:
            body = response.read()
            return response.status, time.perf_counter() - start, body
    except urllib.error.HTTPError as exc:
        return exc.code, time.perf_counter() - start, exc.read()
    except OSError as exc:
        return 0, time.perf_counter() - start, str(exc).encode()


def wait_until_up(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while one(url, "ASK {}", "json", False)[0] != 200:
        if time.monotonic() > deadline or server.poll() is not None:
            raise SystemExit(f"the server at {url} did not start")
        time.sleep(0.2)


def load(url: str, jobs: list, clients: int, expected: dict[str, int]) -> dict[str, object]:
    """Send ``jobs`` from ``clients`` threads; throughput, latency percentiles, errors and wrong row counts."""
    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        results = list(pool.map(lambda job: (job, one(url, job[0][1], job[1], job[2])), jobs))
    wall = time.perf_counter() - start
    errors = [(job[0][0], job[1], status, body[:200]) for job, (status, _, body) in results if status != 200]
    wrong = [(job[0][0], job[1]) for job, (status, _, body) in results if status == 200 and rows_in(body, job[1]) != expected[job[0][0]]]
    latencies = sorted(latency for _, (_, latency, _) in results)
    pct = {p: latencies[min(len(latencies) - 1, int(len(latencies) * p / 100))] * 1000 for p in (50, 90, 99)}
    return {"n": len(results), "errors": errors, "wrong": wrong, "qps": len(results) / wall, "pct": pct, "max": latencies[-1] * 1000}


def virtuoso_endpoint(folder: Path):
    """A Virtuoso started as the test suite starts it (tests/virtuoso.py), loaded by `collab-graph push`."""
    sys.path.insert(0, str(HERE.parent / "tests"))
    import virtuoso

    server = virtuoso.start(folder)
    env = {**os.environ, "COLLAB_GRAPH_ENDPOINT_USER": "dba", "COLLAB_GRAPH_ENDPOINT_PASSWORD": server.password}
    collab = Path(sys.executable).with_name("collab-graph")
    pushed = subprocess.run(
        [str(collab), "--endpoint", server.sparql, "push", "--gsp", server.gsp], env=env, capture_output=True, text=True
    )
    if pushed.returncode != 0:
        server.stop()
        raise SystemExit(f"push to Virtuoso failed: {pushed.stderr}")
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--queries", type=int, default=2000)
    parser.add_argument("--out", type=Path, default=HERE / "serve-load.md")
    parser.add_argument("--url", help="Load this running endpoint instead of starting one.")
    parser.add_argument("--virtuoso", action="store_true", help="Also load a Virtuoso holding the same graph, side by side.")
    args = parser.parse_args()
    queries = prepared_library()
    runner = QueryRunner(__import__("grow_graph").real_graph())
    expected = {name: len(runner.run(runner.prepare(QuerySource(name, sparql))).table.rows) for name, sparql in queries}
    formats = list(ACCEPT)
    jobs = [(queries[i % len(queries)], formats[i % 4], i % 3 == 0) for i in range(args.queries)]
    port = free_port()
    collab = Path(sys.executable).with_name("collab-graph")
    command = ["sleep", "86400"] if args.url else [str(collab), "serve", "--port", str(port)]
    log = open(os.devnull, "wb")  # noqa: SIM115 - lives as long as the server
    server = subprocess.Popen(command, stderr=log)
    url = args.url or f"http://127.0.0.1:{port}/sparql"
    stats = {}
    try:
        wait_until_up(url, server)
        stats["collab-graph serve"] = load(url, jobs, args.clients, expected)
    finally:
        server.terminate()
        server.wait(10)
    if args.virtuoso:
        with tempfile.TemporaryDirectory(prefix="cg-virtuoso-") as folder:
            other = virtuoso_endpoint(Path(folder))
            try:
                stats["Virtuoso 7"] = load(other.sparql, jobs, args.clients, expected)
            finally:
                other.stop()
    lines = [
        f"SPARQL endpoints under load: {args.clients} concurrent clients, {args.queries} queries each (the {len(queries)} library queries in turn, with their first example's parameters; GET/POST; JSON, XML, CSV, TSV), {os.cpu_count()} CPUs, one run.",
        "",
        "| endpoint | clients | queries | errors | row counts unlike Oxigraph's | throughput (queries/s) | p50 ms | p90 ms | p99 ms | max ms |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, st in stats.items():
        pct = st["pct"]
        lines.append(
            f"| {name} | {args.clients} | {st['n']} | {len(st['errors'])} | {len(st['wrong'])} | {st['qps']:.0f} | {pct[50]:.1f} | {pct[90]:.1f} | {pct[99]:.1f} | {st['max']:.1f} |"
        )
    if len(stats) == 2:
        ours, theirs = stats.values()
        lines += [
            "",
            f"collab-graph / Virtuoso: throughput {ours['qps'] / theirs['qps']:.2f}×, p50 {ours['pct'][50] / theirs['pct'][50]:.2f}×, p99 {ours['pct'][99] / theirs['pct'][99]:.2f}×.",
        ]
    lines += [
        "",
        f"Reproduce: `.venv/bin/python benchmarks/serve_load.py --clients {args.clients} --queries {args.queries}{' --virtuoso' if args.virtuoso else ''}`",
    ]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    ours = stats["collab-graph serve"]
    for error in ours["errors"][:5] + ours["wrong"][:5]:
        print("problem:", error, file=sys.stderr)
    if ours["errors"] or ours["wrong"]:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
