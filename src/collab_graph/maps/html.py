"""The map page: one self-contained HTML document (vis-network, stylesheet, script and data inlined).

vis-network comes from the copy bundled in the pyvis package (no CDN); the data sits in a
``<script type="application/json">`` with ``<``, ``>`` and ``&`` written as ``\\u003c`` etc., and the
page's own script puts every text into the DOM with ``textContent``, so each is escaped once.

>>> embed_json({"label": "</script><b>&"})
'{"label":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026"}'
"""

from __future__ import annotations

import json
from functools import cache
from html import escape
from importlib import resources
from typing import Any

VIS_VERSION = "9.1.2"
NO_NETWORK_POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:"

TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="collab-graph map">
<title>{title}</title>
<style>
{vis_css}
</style>
<style>
{map_css}
</style>
</head>
<body>
<header id="cg-header">
<h1>{title}</h1>
<p id="cg-caption">{caption}</p>
</header>
<div id="cg-main">
<figure id="cg-print"><canvas id="cg-print-map" role="img" aria-label="The map as shown on screen"></canvas><figcaption>{caption}</figcaption></figure>
<aside id="cg-side">
<h2>Find an organisation</h2>
<input id="cg-search" type="search" placeholder="Name or abbreviation, e.g. Kent Police" aria-label="Find an organisation (Enter selects, Escape clears)" autocomplete="off">
<ul id="cg-results"></ul>
<button id="cg-png" type="button">Download PNG</button>
<h2>Legend</h2>
<ul id="cg-legend"></ul>
<div id="cg-size" class="cg-muted"></div>
<div id="cg-width" class="cg-muted"></div>
<div class="cg-muted">{layout_note}</div>
<h2>Filters</h2>
<div id="cg-shown" class="cg-muted"></div>
<button id="cg-reset" type="button">Show all</button>
<h2>Sector</h2>
<div id="cg-filter-sector" class="cg-filter"></div>
<h2>Theme</h2>
<div id="cg-filter-theme" class="cg-filter"></div>
<h2>Cluster (Louvain)</h2>
<div id="cg-filter-cluster" class="cg-filter"></div>
</aside>
<div id="cg-centre">
<div id="cg-network"></div>{attribution}
<details id="cg-table-box">
<summary>Table of the organisations shown (<span id="cg-table-count"></span>)</summary>
<table id="cg-table">
<thead><tr><th scope="col" aria-sort="none"><button type="button" data-key="label">Organisation</button></th><th scope="col" aria-sort="none"><button type="button" data-key="partners">Partners</button></th><th scope="col" aria-sort="none"><button type="button" data-key="initiatives">Initiatives</button></th><th scope="col" aria-sort="none"><button type="button" data-key="cluster">Cluster</button></th><th scope="col" aria-sort="none"><button type="button" data-key="sector">Sector</button></th></tr></thead>
<tbody></tbody>
</table>
</details>
</div>
<aside id="cg-panel"><p class="cg-muted">Hover over an organisation or a line for a summary; click it for the full details and sources; search on the left.</p></aside>
</div>
<div id="cg-tooltip" hidden></div>
<script type="application/json" id="cg-data">{data}</script>
<script>
{vis_js}
</script>
<script>
{map_js}
</script>
</body>
</html>
"""

LAYOUT_NOTES = {
    "spring": "Layout: force-directed, computed once with a fixed seed (positions are stable between runs; distance has no geographic meaning).",
    "geographic": "Layout: organisations at their area's approximate centre (rounded coordinates from general geographic knowledge, "
    "not from the source), over an outline of England and Wales (Natural Earth, public domain); organisations of one area "
    "spread so none hides another; national bodies without an area in their own band to the east, their lines faded.",
}


@cache
def _asset(path: str) -> str:
    text = resources.files(path.split(":")[0]).joinpath(path.split(":")[1]).read_text(encoding="utf-8")
    for closing in ("</script", "</style"):
        if closing in text.lower():
            raise ValueError(f"{path} contains {closing!r} and cannot be inlined")
    return text


def vis_assets() -> tuple[str, str]:
    """vis-network's JavaScript and stylesheet, from the pyvis package's bundled copy."""
    base = f"lib/vis-{VIS_VERSION}"
    return _asset(f"pyvis:{base}/vis-network.min.js"), _asset(f"pyvis:{base}/vis-network.css")


def embed_json(payload: Any) -> str:
    """JSON for a ``<script type="application/json">``: sorted keys, and no ``<``, ``>`` or ``&`` left raw."""
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def render(payload: dict[str, Any], *, title: str, caption: str) -> str:
    """The complete HTML document for ``payload`` (see :func:`collab_graph.maps.model.map_payload`)."""
    vis_js, vis_css = vis_assets()
    return TEMPLATE.format(
        policy=NO_NETWORK_POLICY,
        title=escape(title),
        caption=escape(caption),
        layout_note=escape(LAYOUT_NOTES[payload["layout"]]),
        attribution='<div id="cg-attribution">' + escape(payload["attribution"]) + "</div>" if payload.get("attribution") else "",
        data=embed_json(payload),
        vis_css=vis_css,
        map_css=_asset("collab_graph:maps/data/map.css"),
        vis_js=vis_js,
        map_js=_asset("collab_graph:maps/data/map.js"),
    )
