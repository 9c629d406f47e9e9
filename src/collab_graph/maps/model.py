"""The data a map page holds: nodes, edges, legend and filter entries, tooltip facts (plain JSON-ready dicts).

Everything is sorted and positions are whole pixels, so the same input gives the same JSON.
Texts stay raw here: the page puts them into the DOM with ``textContent`` only.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import networkx as nx

from ..analysis.pipeline import Analysis
from ..common.namespaces import slug_of
from .facts import MapFacts
from .layout import area_anchors, area_centres, positions
from .views import View

SIZE_LABELS = {
    "betweenness": "betweenness (broker between groups)",
    "eigenvector": "eigenvector centrality (well-connected partners)",
    "partners": "number of partners",
    "weighted_degree": "shared implementations summed over partners",
    "implementations": "implementations with other partners",
    "initiatives": "initiatives taken part in",
    "themes": "themes taken part in",
    "cross_sector": "partners from another sector",
}
SECTOR_COLOURS = {
    "police": "#1f4e9c",
    "fire": "#d62728",
    "ambulance": "#2ca02c",
    "local-government": "#9467bd",
    "health": "#17becf",
    "national-body": "#ff7f0e",
    "governance-body": "#e377c2",
    "other": "#8c564b",
    "": "#7f7f7f",
}
CLUSTER_COLOURS = (
    "#1f77b4",
    "#ff7f0e",
    "#2ca02c",
    "#d62728",
    "#9467bd",
    "#8c564b",
    "#e377c2",
    "#7f7f7f",
    "#bcbd22",
    "#17becf",
    "#393b79",
    "#ad494a",
    "#637939",
    "#8c6d31",
    "#7b4173",
    "#3182bd",
    "#e6550d",
    "#31a354",
    "#756bb1",
    "#636363",
)
INITIATIVE_COLOUR = "#c9a800"
MIN_SIZE, MAX_SIZE = 8.0, 40.0


def cluster_colour(number: int) -> str:
    """The colour of Louvain cluster ``number`` (cycling through 20 colours).

    >>> cluster_colour(1), cluster_colour(21)
    ('#1f77b4', '#1f77b4')
    """
    return CLUSTER_COLOURS[(number - 1) % len(CLUSTER_COLOURS)] if number > 0 else "#7f7f7f"


def map_payload(
    analysis: Analysis,
    facts: MapFacts,
    view: View,
    *,
    colour: str = "sector",
    size: str = "betweenness",
    layout: str = "spring",
) -> dict[str, Any]:
    """Everything the page needs, as JSON-ready data."""
    graph = view.graph
    bipartite = analysis.bipartite
    if layout == "geographic":
        _place_initiatives(graph)
    pos = positions(graph, layout)
    biggest = max((float(d.get(size, 0) or 0) for _, d in analysis.organisations.nodes(data=True)), default=0.0) or 1.0
    used_impls: set[str] = set()
    nodes = []
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        x, y = pos[node]
        if data.get("type") == "initiative":
            impls = sorted(i for i in bipartite.nodes if bipartite.nodes[i].get("initiative") == node)
            used_impls.update(impls)
            nodes.append(
                {
                    "id": node,
                    "type": "initiative",
                    "label": data["label"],
                    "x": x,
                    "y": y,
                    "size": 18,
                    "color": INITIATIVE_COLOUR,
                    "themes": [data["theme"]],
                    "impls": impls,
                    "source": facts.source(node),
                }
            )
            continue
        impls = sorted(bipartite[node]) if node in bipartite else []
        used_impls.update(impls)
        cluster = int(data.get("cluster_louvain", 0))
        value = float(data.get(size, 0) or 0)
        nodes.append(
            {
                "id": node,
                "type": "organisation",
                "label": data.get("label", node),
                "x": x,
                "y": y,
                "size": round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt(max(value, 0.0) / biggest), 1),
                "color": SECTOR_COLOURS.get(data.get("sector", ""), SECTOR_COLOURS[""]) if colour == "sector" else cluster_colour(cluster),
                "sector": data.get("sector", ""),
                "sectorLabel": data.get("sector_label", "") or "unknown",
                "kind": facts.kinds.get(node, ""),
                "area": data.get("area_label", ""),
                "cluster": cluster,
                "aliases": facts.aliases.get(node, []),
                "keys": facts.keys.get(node, []),
                "leaders": [
                    {"role": p.role, "holder": p.holder, "note": p.note, "party": p.party, "areas": p.areas, "source": p.source}
                    for p in facts.leaders.get(node, [])
                ],
                "impls": impls,
                "themes": sorted({bipartite.nodes[i]["theme"] for i in impls}),
                "scores": {
                    "rank": data.get("rank", 0),
                    "partners": data.get("partners", 0),
                    "betweenness": round(float(data.get("betweenness", 0.0)), 4),
                    "eigenvector": round(float(data.get("eigenvector", 0.0)), 3),
                    size: round(value, 4),
                },
                "focus": node in view.focus,
                "source": facts.source(node),
            }
        )
    edges = []
    for i, (u, v) in enumerate(sorted(tuple(sorted(e)) for e in graph.edges)):
        data = graph.edges[u, v]
        impls = list(data.get("implementations", ()))
        used_impls.update(impls)
        edges.append(
            {
                "id": f"e{i}",
                "from": u,
                "to": v,
                "weight": int(data.get("weight", 1)),
                "width": min(1 + 1.5 * (int(data.get("weight", 1)) - 1), 10),
                "themes": list(data.get("themes", ())),
                "impls": impls,
            }
        )
    implementations = {
        impl: {
            "label": bipartite.nodes[impl]["label"],
            "initiative": bipartite.nodes[impl]["initiative_label"],
            "theme": bipartite.nodes[impl]["theme_label"],
            "area": bipartite.nodes[impl]["area_label"],
            "status": facts.status.get(impl, bipartite.nodes[impl].get("status", "")),
            "start": facts.start.get(impl, ""),
            "groups": facts.groups.get(impl, []),
            "caveat": facts.caveats.get(impl, ""),
            "source": facts.source(impl),
        }
        for impl in sorted(used_impls)
    }
    return {
        "view": view.name,
        "description": view.description,
        "colour": colour,
        "size": size,
        "sizeLabel": SIZE_LABELS[size],
        "layout": layout,
        "nodes": nodes,
        "edges": edges,
        "implementations": implementations,
        "legend": _legend(nodes, colour),
        "filters": _filters(nodes, bipartite),
        "anchors": [{"label": label, "x": x, "y": y} for label, x, y in area_anchors(graph)] if layout == "geographic" else [],
        "maxWeight": max((e["weight"] for e in edges), default=0),
    }


def _legend(nodes: list[dict[str, Any]], colour: str) -> list[dict[str, Any]]:
    orgs = [n for n in nodes if n["type"] == "organisation"]
    if colour == "sector":
        counts = Counter((n["sector"], n["sectorLabel"]) for n in orgs)
        entries = [
            {"label": label, "color": SECTOR_COLOURS.get(key, SECTOR_COLOURS[""]), "count": c} for (key, label), c in sorted(counts.items())
        ]
    else:
        numbers = Counter(n["cluster"] for n in orgs)
        entries = [{"label": f"cluster {k}", "color": cluster_colour(k), "count": c} for k, c in sorted(numbers.items())]
    if any(n["type"] == "initiative" for n in nodes):
        entries.append({"label": "initiative", "color": INITIATIVE_COLOUR, "count": sum(1 for n in nodes if n["type"] == "initiative")})
    return entries


def _filters(nodes: list[dict[str, Any]], bipartite: nx.Graph) -> dict[str, list[dict[str, Any]]]:
    orgs = [n for n in nodes if n["type"] == "organisation"]
    sectors = Counter((n["sector"], n["sectorLabel"]) for n in orgs)
    clusters = Counter(n["cluster"] for n in orgs)
    themes = Counter(t for n in nodes for t in n["themes"])
    theme_labels = {
        bipartite.nodes[i]["theme"]: bipartite.nodes[i]["theme_label"]
        for i in bipartite
        if bipartite.nodes[i].get("type") == "implementation"
    }
    return {
        "sector": [{"key": k, "label": label, "count": c} for (k, label), c in sorted(sectors.items())],
        "theme": [{"key": k, "label": theme_labels.get(k, slug_of(k)) if k else "none", "count": c} for k, c in sorted(themes.items())],
        "cluster": [{"key": k, "label": f"cluster {k}", "count": c} for k, c in sorted(clusters.items())],
    }


def _place_initiatives(graph: nx.Graph) -> None:
    """Give initiative nodes (bipartite view) the mean position of their partners' areas, for the geographic layout."""
    centres = area_centres()
    for node, data in graph.nodes(data=True):
        if data.get("type") != "initiative":
            continue
        points = [
            centres[slug_of(graph.nodes[o]["area"])] for o in graph[node] if slug_of(graph.nodes[o].get("area", "") or "x") in centres
        ]
        if points:
            data["lat"] = round(sum(p[0] for p in points) / len(points), 3)
            data["lon"] = round(sum(p[1] for p in points) / len(points), 3)
        else:
            data["lat"], data["lon"] = 52.6, 3.2
