"""Time the partnership analysis on synthetic collaboration networks (1k, 10k, 100k organisations).

Prints one table per size: seconds per step and, from a second run under tracemalloc, each
step's peak traced memory. The steps are what ``collab-graph analyse`` does after extraction,
with its defaults (so greedy modularity is left out above ``GREEDY_LIMIT`` organisations, as the
command leaves it out): ``analyse_bipartite`` then every output file made in memory.
``analysis total`` is their wall-clock time and is the figure the aims refer to (10k under 5 s, 100k
under 60 s); making the synthetic network (``generate``) is not part of the analysis and is
shown above it, outside the total. With ``--backend NAME`` it also times betweenness (the step a
backend can take over) on that networkx dispatch backend and prints the ratio.

    .venv/bin/python benchmarks/analysis_bench.py                 # 1k, 10k, 100k
    .venv/bin/python benchmarks/analysis_bench.py --sizes 1000 --backend parallel
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

from collab_graph.analysis.export import analysis_files
from collab_graph.analysis.network import collaboration_network
from collab_graph.analysis.pipeline import analyse_bipartite
from collab_graph.analysis.ranking import betweenness_centrality
from collab_graph.analysis.synthetic import synthetic_bipartite
from collab_graph.common.tables import format_table

MB = 1024 * 1024
GENERATE = "generate (synthetic; not in the total)"
TOTAL = "analysis total (wall clock, all steps above but generate)"


def run(size: int, *, memory: bool) -> tuple[dict[str, tuple[float, int]], float, int, int]:
    """One analysis of a synthetic network: per-step (seconds, peak bytes), the analysis' wall-clock seconds
    (``analyse_bipartite`` and the export, not the generation), organisations and edges."""
    timings: dict[str, tuple[float, int]] = {}
    if memory:
        tracemalloc.start()
    try:
        start = time.perf_counter()
        bipartite = synthetic_bipartite(size, seed=1)
        timings[GENERATE] = (time.perf_counter() - start, tracemalloc.get_traced_memory()[1] if memory else 0)
        begin = time.perf_counter()
        analysis = analyse_bipartite(bipartite, timings=timings)
        if memory:
            tracemalloc.reset_peak()
        start = time.perf_counter()
        analysis_files(analysis, _Nowhere())
        timings["export (tables, RDF, GraphML, GEXF)"] = (time.perf_counter() - start, tracemalloc.get_traced_memory()[1] if memory else 0)
        wall = time.perf_counter() - begin
    finally:
        if memory:
            tracemalloc.stop()
    return timings, wall, analysis.organisations.number_of_nodes(), analysis.organisations.number_of_edges()


class _Nowhere:
    """A stand-in output folder: ``analysis_files`` only joins names onto it."""

    def __truediv__(self, name: str) -> str:
        return name


def compare_backend(size: int, backend: str) -> tuple[float, float]:
    """Seconds for betweenness on networkx itself and on ``backend`` (the step a backend can speed up)."""
    graph = collaboration_network(synthetic_bipartite(size, seed=1))
    seconds = []
    for chosen in (None, backend):
        start = time.perf_counter()
        betweenness_centrality(graph, backend=chosen)
        seconds.append(time.perf_counter() - start)
    return seconds[0], seconds[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000], help="organisations per synthetic network")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc run")
    parser.add_argument("--backend", help="also time betweenness on this networkx backend, e.g. parallel")
    parser.add_argument("--backend-only", action="store_true", help="with --backend: only the betweenness comparison")
    args = parser.parse_args()
    for size in args.sizes:
        if args.backend and args.backend_only:
            plain, other = compare_backend(size, args.backend)
            print(f"betweenness at {size} organisations: networkx {plain:.2f} s, {args.backend} {other:.2f} s, ratio {plain / other:.2f}x")
            continue
        timings, total, nodes, edges = run(size, memory=False)
        peaks = {} if args.no_memory else run(size, memory=True)[0]
        rows = [(step, f"{t:.2f}", f"{peaks[step][1] / MB:.0f}" if step in peaks else "") for step, (t, _) in timings.items()]
        rows.append((TOTAL, f"{total:.2f}", f"{max(p for _, p in peaks.values()) / MB:.0f}" if peaks else ""))
        print(f"\n{size} organisations: {nodes} nodes, {edges} edges in the collaboration network")
        print(format_table(["step", "seconds", "peak MB (tracemalloc)"], rows))
        if args.backend:
            plain, other = compare_backend(size, args.backend)
            print(
                f"\nbetweenness at {size} organisations: networkx {plain:.2f} s, {args.backend} {other:.2f} s, ratio {plain / other:.2f}x"
            )


if __name__ == "__main__":
    main()
