"""Scale benchmark: the whole query library on Oxigraph and rdflib at 10k, 100k and 1M triples.

For each size, benchmarks/grow_graph.py grows the real graph keeping its shape; for each store,
a fresh process loads the N-Triples file, runs every library query (with its first documented
example's parameters) and reports load time, total query time, the slowest query, and the
process's peak memory (max RSS, including the interpreter). Each query runs in a forked child
stopped after ``--rdflib-timeout`` seconds (on both stores); the table counts the queries that hit it.
Writes benchmarks/store-bench.md (a Markdown table) and prints it.

    .venv/bin/python benchmarks/store_bench.py                       # 10k, 100k, 1M; ~15 minutes
    .venv/bin/python benchmarks/store_bench.py --sizes 10000 --rdflib-timeout 5
    .venv/bin/python benchmarks/store_bench.py --sizes 1000000 --stores oxigraph   # per-query times only
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

from grow_graph import prepared_library, real_graph, write_grown

from collab_graph.common.tables import format_table
from collab_graph.sparql.run import _in_child
from collab_graph.store import load_ntriples

HERE = Path(__file__).resolve().parent


def measure(kind: str, path: str, queries: list[tuple[str, str]], timeout: float, conn) -> None:
    """In a fresh process: load, run the library, report timings and peak memory."""
    start = time.perf_counter()
    store = load_ntriples(kind, path)
    load = time.perf_counter() - start
    per_query: dict[str, float | None] = {}
    rows: dict[str, int] = {}
    for name, sparql in queries:
        start = time.perf_counter()
        status, payload = _in_child(store, kind, None, sparql, None, timeout)  # type: ignore[arg-type]
        elapsed = time.perf_counter() - start
        if status == "error":
            raise RuntimeError(f"{kind} {name}: {payload}")
        per_query[name] = None if status == "timeout" else elapsed
        rows[name] = -1 if status == "timeout" else len(payload.rows)  # type: ignore[union-attr]
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    conn.send({"load": load, "queries": per_query, "rows": rows, "peak_mb": peak / 1024})
    conn.close()


def run(kind: str, path: str, queries: list[tuple[str, str]], timeout: float) -> dict:
    context = multiprocessing.get_context("spawn")  # a clean process: memory is this store's alone
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=measure, args=(kind, path, queries, timeout, sender))
    process.start()
    sender.close()
    result = receiver.recv()
    process.join()
    return result


def per_query(stores: list[str], sizes: list[int], queries: list[tuple[str, str]], timeout: float) -> None:
    """Print each query's time (s; "stopped" past ``timeout``) for each store and size; writes no file."""
    graph = real_graph()
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            path = Path(tmp) / f"grown-{size}.nt"
            triples = write_grown(graph, size, path)
            for kind in stores:
                result = run(kind, str(path), queries, timeout)
                rows = [[name, "stopped" if t is None else f"{t:.3f}", str(result["rows"][name])] for name, t in result["queries"].items()]
                print(f"{kind}, {triples:,} triples (load {result['load']:.2f} s)")
                print(format_table(["query", "s", "rows"], rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--rdflib-timeout", type=float, default=10.0, help="Per-query time limit (seconds) on every store.")
    parser.add_argument("--stores", default="oxigraph,rdflib", help="Stores to compare (both: the table; one: per-query times).")
    parser.add_argument("--out", type=Path, default=HERE / "store-bench.md")
    args = parser.parse_args()
    stores = [s.strip() for s in args.stores.split(",") if s.strip()]
    if not stores or set(stores) - {"oxigraph", "rdflib"}:
        parser.error(f"--stores: choose from oxigraph, rdflib (got {args.stores!r})")
    queries = prepared_library()
    if stores != ["oxigraph", "rdflib"]:
        per_query(stores, [int(s) for s in args.sizes.split(",")], queries, args.rdflib_timeout)
        return
    graph = real_graph()
    table, details = [], {}
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            path = Path(tmp) / f"grown-{size}.nt"
            triples = write_grown(graph, size, path)
            results = {kind: run(kind, str(path), queries, args.rdflib_timeout) for kind in ("oxigraph", "rdflib")}
            ox, rd = results["oxigraph"], results["rdflib"]
            mismatched = [n for n, r in rd["rows"].items() if r >= 0 and ox["rows"][n] >= 0 and r != ox["rows"][n]]
            ox_total = sum(t for t in ox["queries"].values() if t is not None)
            rd_done = {n: t for n, t in rd["queries"].items() if t is not None}
            rd_total = sum(rd_done.values())
            timeouts = len(queries) - len(rd_done)
            both = [n for n in rd_done if ox["queries"][n] is not None]
            ox_same = sum(ox["queries"][n] for n in both)
            rd_same = sum(rd_done[n] for n in both)
            ox_stopped = [n for n, t in ox["queries"].items() if t is None]
            slowest = max(((n, t) for n, t in ox["queries"].items() if t is not None), key=lambda item: item[1])
            table.append(
                [
                    f"{triples:,}",
                    f"{ox['load']:.2f} / {rd['load']:.1f} (×{rd['load'] / ox['load']:.0f})",
                    f"{ox_total:.2f}" + (f"; stopped at the limit: {', '.join(ox_stopped)}" if ox_stopped else ""),
                    f"{slowest[0]} {slowest[1]:.3f}",
                    f"{rd_total:.1f} (×{rd_same / max(ox_same, 1e-9):.0f} on the {len(both)} both finished)",
                    f"{timeouts} of {len(queries)}"
                    + (f" ({', '.join(n for n, t in rd['queries'].items() if t is None)})" if timeouts else ""),
                    f"{ox['peak_mb']:.0f} / {rd['peak_mb']:.0f}",
                    ", ".join(mismatched) or "none",
                ]
            )
            details[triples] = results
            print(f"{triples} triples done", file=sys.stderr, flush=True)
    header = [
        "triples",
        "load s: oxigraph / rdflib (ratio)",
        f"oxigraph: {len(queries)} queries, s",
        "oxigraph slowest query, s",
        "rdflib: queries that finished, s (ratio)",
        f"rdflib hit {args.rdflib_timeout:g} s limit",
        "peak MB: oxigraph / rdflib",
        "row counts differ",
    ]
    text = format_table(header, table)
    md = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)] + ["| " + " | ".join(row) + " |" for row in table]
    args.out.write_text("\n".join(md) + "\n", encoding="utf-8")
    (args.out.with_suffix(".json")).write_text(json.dumps(details, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
