"""Screenshots of every map view at 1400×900 in headless Chromium, for the README and docs/maps.md.

Run: ``.venv/bin/python tools/map_screenshots.py`` (writes docs/img/map-*.png; needs /usr/bin/chromium).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser import chromium, open_page, write_maps  # noqa: E402

VIEWS = {
    "map-network": ({}, None),
    "map-geographic": ({"colour": "cluster", "layout": "geographic"}, None),
    "map-focus": ({"focus": "Merseyside Police", "depth": 2, "colour": "cluster"}, "Merseyside Police"),
    "map-initiative": ({"initiative": "Co-responding"}, None),
    "map-theme": ({"theme": "Joint Control Rooms"}, None),
    "map-area": ({"area": "North West"}, None),
    "map-bipartite": ({"view": "bipartite"}, None),
}


def main() -> None:
    from collab_graph.common.paths import Project
    from collab_graph.compiler import compile_project

    graph = compile_project(Project.locate(ROOT)).graph
    with tempfile.TemporaryDirectory() as folder:
        pages = write_maps(graph, {name: options for name, (options, _) in VIEWS.items()}, Path(folder))
        with chromium() as context:
            for name, (_, select) in VIEWS.items():
                visit = open_page(context, pages[name])
                if select:
                    visit.page.fill("#cg-search", select)
                    visit.page.press("#cg-search", "Enter")
                target = ROOT / "docs" / "img" / f"{name}.png"
                visit.page.screenshot(path=str(target))
                visit.page.close()
                print(f"wrote {target.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
