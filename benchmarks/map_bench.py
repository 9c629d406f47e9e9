"""Map benchmark: a synthetic 5,000-organisation network drawn in headless Chromium.

Measures, per size: the layout and page build in Python, the HTML size, and in Debian's headless
Chromium (/usr/bin/chromium, via Playwright) the time from navigation start to the first complete
drawing (the page computes nothing: positions are precomputed and physics is off, so the first
drawing is the stable one). Run:

    .venv/bin/python benchmarks/map_bench.py [SIZES...]     # default 500 1000 5000
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser import chromium, open_page  # noqa: E402
from collab_graph.analysis.pipeline import analyse_bipartite  # noqa: E402
from collab_graph.analysis.synthetic import synthetic_bipartite  # noqa: E402
from collab_graph.maps.facts import MapFacts  # noqa: E402
from collab_graph.maps.make import map_from_analysis  # noqa: E402


def run(size: int, context: object, folder: Path) -> tuple[int, int, float, float, float, int, float]:
    analysis = analyse_bipartite(synthetic_bipartite(size, seed=1), methods=("louvain",), betweenness_samples=256 if size > 2000 else None)
    start = time.perf_counter()
    document = map_from_analysis(analysis, MapFacts())
    build = time.perf_counter() - start
    path = folder / f"map-{size}.html"
    path.write_text(document, encoding="utf-8")
    start = time.perf_counter()
    visit = open_page(context, path)
    wall = time.perf_counter() - start
    first_draw = visit.page.evaluate("cgMap.state.firstDrawMs")
    assert not visit.console_errors and not visit.remote_requests, (visit.console_errors, visit.remote_requests)
    # interaction stays usable: time one redraw after a zoom
    redraw = visit.page.evaluate(
        "() => { const t = performance.now(); cgMap.network.moveTo({scale: 0.5}); cgMap.network.redraw(); return performance.now() - t; }"
    )
    visit.page.close()
    g = analysis.organisations
    return g.number_of_nodes(), g.number_of_edges(), build, first_draw / 1000, wall, len(document.encode()) // 1024, redraw


def main(sizes: list[int]) -> None:
    print(
        "| organisations | partnerships | layout + page build (s) | first stable drawing in Chromium (s) | load to drawn, wall (s) | HTML (KiB) | redraw after zoom (ms) |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp, chromium() as context:
        for size in sizes:
            n, m, build, first, wall, kib, redraw = run(size, context, Path(tmp))
            print(f"| {n:,} | {m:,} | {build:.1f} | {first:.2f} | {wall:.2f} | {kib:,} | {redraw:.0f} |", flush=True)


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [500, 1000, 5000])
