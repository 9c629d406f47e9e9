"""The data a map page holds: nodes, edges, legend and filter entries, tooltip facts (plain JSON-ready dicts).

Everything is sorted and positions are whole pixels, so the same input gives the same JSON.
Texts stay raw here: the page puts them into the DOM with ``textContent`` only.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

import networkx as nx

from ..analysis.palette import REST_COLOUR, SECTOR_COLOURS, cluster_colour
from ..analysis.pipeline import Analysis
from ..common.namespaces import slug_of
from .facts import MapFacts
from .layout import NO_AREA_LABEL, area_anchors, area_centres, national_band, outline_rings, positions, spread
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
INITIATIVE_COLOUR = "#6B4E16"  # dark brown diamonds: apart from every sector and cluster colour
MIN_SIZE, MAX_SIZE = 8.0, 40.0
SPREAD_LIMIT = 500  # above this, discs are left where the layout put them (pairwise spreading is O(n²) in memory)
OUTLINE_ATTRIBUTION = "Outline: Natural Earth (public domain)"


def map_payload(
    analysis: Analysis,
    facts: MapFacts,
    view: View,
    *,
    colour: str = "sector",
    size: str = "partners",
    layout: str = "spring",
) -> dict[str, Any]:
    """Everything the page needs, as JSON-ready data (positions in pixels, sizes as radii in pixels)."""
    graph = view.graph
    bipartite = analysis.bipartite
    if layout == "geographic":
        _place_initiatives(graph)
    pos = positions(graph, layout)
    biggest = max((float(d.get(size, 0) or 0) for _, d in analysis.organisations.nodes(data=True)), default=0.0) or 1.0
    used_impls: set[str] = set()
    names = {c.number: c.name for c in analysis.summaries["louvain"]}
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
                "color": SECTOR_COLOURS.get(data.get("sector", ""), REST_COLOUR) if colour == "sector" else cluster_colour(cluster),
                "sector": data.get("sector", ""),
                "sectorLabel": data.get("sector_label", "") or "unknown",
                "kind": facts.kinds.get(node, ""),
                "area": data.get("area_label", ""),
                "cluster": cluster,
                "clusterName": names.get(cluster, str(cluster)),
                "legendKey": cluster if cluster_colour(cluster) != REST_COLOUR else "rest",
                "initiativeCount": int(data.get("initiatives", 0) or 0),
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
    if len(nodes) <= SPREAD_LIMIT:
        _spread(nodes)
    national = {n["id"] for n in nodes if n["type"] == "organisation" and not graph.nodes[n["id"]].get("area")}
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
                # per implementation, the lines stating that each end takes part: [from's, to's]
                "parts": {impl: [facts.parts.get((impl, u), ""), facts.parts.get((impl, v), "")] for impl in impls},
                "faded": layout == "geographic" and (u in national or v in national),
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
        "legend": _legend(nodes, colour, names),
        "filters": _filters(nodes, bipartite, names),
        "anchors": [{"label": label, "x": x, "y": y, "heading": label == NO_AREA_LABEL} for label, x, y in area_anchors(graph)]
        if layout == "geographic"
        else [],
        "outline": outline_rings() if layout == "geographic" else [],
        "band": national_band(graph) if layout == "geographic" else None,
        "attribution": OUTLINE_ATTRIBUTION if layout == "geographic" else "",
        "maxWeight": max((e["weight"] for e in edges), default=0),
    }


def _legend(nodes: list[dict[str, Any]], colour: str, names: dict[int, str]) -> list[dict[str, Any]]:
    """Legend entries (``key`` matches a node's sector, or its ``legendKey`` when coloured by cluster)."""
    orgs = [n for n in nodes if n["type"] == "organisation"]
    if colour == "sector":
        counts = Counter((n["sector"], n["sectorLabel"]) for n in orgs)
        entries = [
            {"key": key, "label": label, "color": SECTOR_COLOURS.get(key, REST_COLOUR), "count": c}
            for (key, label), c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        ]
    else:
        numbers = Counter(n["legendKey"] for n in orgs)
        entries = [
            {"key": k, "label": f"cluster {names.get(k, k)}", "color": cluster_colour(k), "count": c}
            for k, c in sorted((k, c) for k, c in numbers.items() if k != "rest")
        ]
        if "rest" in numbers:
            small = len({n["cluster"] for n in orgs if n["legendKey"] == "rest"})
            entries.append({"key": "rest", "label": f"{small} smaller clusters", "color": REST_COLOUR, "count": numbers["rest"]})
    if any(n["type"] == "initiative" for n in nodes):
        entries.append(
            {
                "key": "initiative",
                "label": "initiative",
                "color": INITIATIVE_COLOUR,
                "count": sum(1 for n in nodes if n["type"] == "initiative"),
            }
        )
    return entries


def _spread(nodes: list[dict[str, Any]]) -> None:
    """Move nodes apart until no two discs overlap (see :func:`layout.spread`)."""
    moved = spread([(n["x"], n["y"]) for n in nodes], [n["size"] for n in nodes])
    for n, (x, y) in zip(nodes, moved, strict=True):
        n["x"], n["y"] = x, y


def _filters(nodes: list[dict[str, Any]], bipartite: nx.Graph, names: dict[int, str]) -> dict[str, list[dict[str, Any]]]:
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
        "cluster": [{"key": k, "label": names.get(k, str(k)), "count": c} for k, c in sorted(clusters.items())],
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
