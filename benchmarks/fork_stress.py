"""Stress test: fork query processes straight after loading an on-disk Oxigraph store; count the ones that hang.

A query process is forked from the process that loaded the store (collab_graph.store.sandbox).
With Oxigraph on disk (RocksDB), a fork while a background thread holds one of RocksDB's locks
leaves the child waiting for ever on its first read (facebook/rocksdb#2006). Two ways of loading
are compared in the same run, on the same data:

- ``read-write`` (the baseline: how collab-graph loaded before): the children query the handle
  that did the bulk load;
- ``collab-graph``: :class:`collab_graph.store.embedded.OxigraphStore`, which closes the writer and
  queries a read-only handle.

Each round loads ``--copies`` copies of the compiled graph into a new folder, then forks
``--forks`` children one after another, each running a small query; a child with no answer after
``--wait`` seconds counts as hung (its stack is printed with gdb when gdb is there) and is killed.
Prints hung/forked for each way. Needs the compiled-graph cache (run any `collab-graph query` first).

    .venv/bin/python benchmarks/fork_stress.py                  # 40 rounds of 80 forks each way
    .venv/bin/python benchmarks/fork_stress.py --rounds 10 --only collab-graph
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from collab_graph.store.embedded import OxigraphStore

ROOT = Path(__file__).resolve().parent.parent
QUERY = "SELECT ?s WHERE { ?s ?p ?o } LIMIT 5"


def read_write(folder: str, data: bytes) -> ox.Store:
    """The baseline: the handle that bulk-loaded the folder."""
    store = ox.Store(folder)
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, lenient=True)
    store.flush()
    return store


def collab_graph(folder: str, data: bytes) -> ox.Store:
    """collab-graph's own on-disk store."""
    return OxigraphStore(None, folder, ntriples=data).store


WAYS = {"read-write": read_write, "collab-graph": collab_graph}


def _child(conn: object, store: ox.Store) -> None:
    conn.send(len(list(store.query(QUERY))))  # type: ignore[attr-defined]


def stress(load: object, data: bytes, rounds: int, forks: int, wait: float) -> tuple[int, int]:
    """(hung, forked) for one way of loading."""
    context = multiprocessing.get_context("fork")
    hung = forked = 0
    for _ in range(rounds):
        folder = tempfile.mkdtemp(prefix="fork-stress-")
        try:
            store = load(os.path.join(folder, "store"), data)  # type: ignore[operator]
            for _ in range(forks):
                forked += 1
                receiver, sender = context.Pipe(duplex=False)
                process = context.Process(target=_child, args=(sender, store), daemon=True)
                process.start()
                sender.close()
                if receiver.poll(wait):
                    receiver.recv()
                else:
                    hung += 1
                    print(f"  hung: process {process.pid} after fork {forked}", flush=True)
                    if shutil.which("gdb"):
                        trace = subprocess.run(["gdb", "-p", str(process.pid), "-batch", "-ex", "bt 8"], capture_output=True, text=True)
                        print("\n".join("    " + line for line in trace.stdout.splitlines() if line.startswith("#")), flush=True)
                    process.kill()
                receiver.close()
                process.join()
            del store
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    return hung, forked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--forks", type=int, default=80, help="children forked after each load")
    parser.add_argument("--copies", type=int, default=8, help="copies of the compiled graph loaded each round")
    parser.add_argument("--wait", type=float, default=10.0, help="seconds before a child counts as hung")
    parser.add_argument("--only", choices=sorted(WAYS))
    args = parser.parse_args()
    base = (ROOT / "build" / ".cache" / "compiled.nt").read_bytes()
    data = b"".join(base.replace(b"/id/", b"/id%d/" % copy) for copy in range(args.copies))
    for name, load in WAYS.items():
        if args.only and name != args.only:
            continue
        started = time.monotonic()
        hung, forked = stress(load, data, args.rounds, args.forks, args.wait)
        print(f"{name}: {hung} of {forked} query processes hung ({time.monotonic() - started:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
