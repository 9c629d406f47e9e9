"""Time cold `collab-graph query` and `show` against naive scripts: whole processes, median of N, one run.

Baselines, each a fresh Python process answering the same question as
``collab-graph query partners-of --param org=NWAS`` (the SPARQL exactly as the CLI runs it,
parameter already bound):

- naive rdflib: parse ``build/collab-graph.ttl`` with rdflib, run the SPARQL;
- naive pyoxigraph: bulk-load ``build/collab-graph.nt`` into pyoxigraph, run the SPARQL.

The commands are timed with the compiled-graph cache current (``build/.cache/``, what a user
has after any earlier command, and the same query run before), with the safety check's cache
removed (a query text never run before: rdflib parses it once) and with the graph cache removed
before each run (a compile, which is what every command did before the cache). Rounds are interleaved so the
machine's load falls on every row alike. Prints seconds (median), peak memory (max RSS) and
the ratios the README quotes; checks that every row of the table answers with the same rows.

    .venv/bin/python benchmarks/cli_bench.py            # median of 5
    .venv/bin/python benchmarks/cli_bench.py --runs 9
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from collab_graph.common.paths import Project
from collab_graph.common.tables import format_table
from collab_graph.compiler.cache import CachePaths

NAIVE_RDFLIB = """
import sys
from rdflib import Graph
graph = Graph().parse(sys.argv[1], format="turtle")
for row in graph.query(open(sys.argv[2], encoding="utf-8").read()):
    print("\\t".join("" if v is None else str(v) for v in row))
"""

NAIVE_OXIGRAPH = """
import sys
import pyoxigraph as ox
store = ox.Store()
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_TRIPLES)
for solution in store.query(open(sys.argv[2], encoding="utf-8").read()):
    print("\\t".join("" if v is None else v.value for v in solution))
"""


def timed(command: list[str], env: dict[str, str], before: list[Path] | None = None) -> tuple[float, int, str]:
    """Run ``command`` once (after removing the folders in ``before``): wall seconds, max RSS in kB, stdout."""
    for path in before or []:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=err, env=env)
        out = process.stdout.read()  # type: ignore[union-attr]
        _, status, usage = os.wait4(process.pid, 0)  # the child's own rusage: its peak memory
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        process.stdout.close()  # type: ignore[union-attr]
        if process.returncode:
            err.seek(0)
            raise SystemExit(f"{' '.join(command)} failed: {err.read().decode(errors='replace').strip()}")
    return seconds, usage.ru_maxrss, out.decode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per row (the median is shown)")
    args = parser.parse_args()
    project = Project.locate()
    cli = str(Path(sys.executable).with_name("collab-graph"))
    env = {**os.environ, "COLLAB_GRAPH_ROOT": str(project.root)}
    # As installed: bytecode compiled once and reused (pip compiles the libraries' at install; a
    # machine that sets PYTHONDONTWRITEBYTECODE would make every process compile collab-graph's afresh).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    ttl, nt = project.build_dir / "collab-graph.ttl", project.build_dir / "collab-graph.nt"
    if not ttl.exists() or not nt.exists():
        subprocess.run([cli, "build"], check=True, env=env, stdout=subprocess.DEVNULL)
    query = [cli, "query", "partners-of", "--param", "org=NWAS"]
    with tempfile.TemporaryDirectory() as scratch:
        sparql = Path(scratch) / "partners-of.rq"
        sparql.write_text(subprocess.run([*query, "--show-sparql"], check=True, env=env, capture_output=True, text=True).stdout)
        paths = CachePaths.of(project)
        graph_cache = [paths.graph, paths.manifest, paths.names]  # the compiled graph; the check's verdicts stay
        rows = {
            "naive rdflib (parse .ttl, SPARQL)": ([sys.executable, "-c", NAIVE_RDFLIB, str(ttl), str(sparql)], None),
            "naive pyoxigraph (bulk-load .nt, SPARQL)": ([sys.executable, "-c", NAIVE_OXIGRAPH, str(nt), str(sparql)], None),
            "collab-graph query partners-of --param org=NWAS": (query, None),
            "collab-graph show NWAS": ([cli, "show", "NWAS"], None),
            "collab-graph --help": ([cli, "--help"], None),
            "query, a text never checked before (checks.json removed)": (query, [paths.checks]),
            "query, graph cache removed first (compiles)": (query, graph_cache),
            "show, graph cache removed first (compiles)": ([cli, "show", "NWAS"], graph_cache),
        }
        subprocess.run(query, check=True, env=env, stdout=subprocess.DEVNULL)  # the cache is current before timing
        results: dict[str, list[tuple[float, int, str]]] = {name: [] for name in rows}
        for _ in range(args.runs):
            for name, (command, before) in rows.items():
                results[name].append(timed(command, env, before))
        subprocess.run(query, check=True, env=env, stdout=subprocess.DEVNULL)  # leave the cache current
        answers = {len(r[0][2].strip().splitlines()) for name, r in results.items() if name.startswith("naive")}
        csv = subprocess.run([*query, "--format", "csv"], check=True, env=env, capture_output=True, text=True).stdout
        answers.add(len(csv.strip().splitlines()) - 1)
    if len(answers) != 1:
        raise SystemExit(f"the baselines and the CLI answer with different row counts: {sorted(answers)}")
    median = {name: statistics.median(s for s, _, _ in runs) for name, runs in results.items()}
    table = [(name, f"{median[name]:.3f}", f"{max(m for _, m, _ in runs) / 1024:.0f}") for name, runs in results.items()]
    print(f"{args.runs} runs each, interleaved; {answers.pop()} rows in every answer; {os.cpu_count()} CPUs\n")
    print(format_table(["process", "median s", "max RSS MB"], table))
    rdflib_s, oxigraph_s = median["naive rdflib (parse .ttl, SPARQL)"], median["naive pyoxigraph (bulk-load .nt, SPARQL)"]
    print()
    for name in ("collab-graph query partners-of --param org=NWAS", "collab-graph show NWAS"):
        print(
            f"{name}: {rdflib_s / median[name]:.1f}x faster than naive rdflib (aim >= 5), {median[name] / oxigraph_s:.1f}x naive pyoxigraph's time (aim <= 3)"
        )


if __name__ == "__main__":
    main()
