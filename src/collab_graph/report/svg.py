"""The report's network picture: a small static SVG of the subject and its partners, drawn in Python.

Positions come from the maps' force-directed layout (:func:`collab_graph.maps.layout.spring_positions`,
fixed seed) and colours from the maps' sector palette (:data:`collab_graph.analysis.palette.SECTOR_COLOURS`),
so the picture matches ``collab-graph map``. Every text is escaped; the SVG holds no script, link or style.

>>> svg = network_svg({"a": ("A <b>", "police", "police", 2), "b": ("B", "fire", "fire", 1)}, {("a", "b"): 1}, ("a",))
>>> svg.startswith("<svg") and "A &lt;b&gt;" in svg and "<script" not in svg
True
"""

from __future__ import annotations

import math
from html import escape

WIDTH, HEIGHT = 680, 400
MARGIN_X, MARGIN_Y = 150, 24
MAX_LABELS = 24
LEGEND_ROW = 18


def network_svg(
    nodes: dict[str, tuple[str, str, str, int]],
    edges: dict[tuple[str, str], int],
    subjects: tuple[str, ...] = (),
    *,
    title: str = "Collaboration network",
) -> str:
    """An SVG of ``nodes`` (IRI -> label, sector, sector label, collaborations) linked by ``edges`` ((u, v) -> shared).

    Node area grows with the collaborations it takes part in, line width with those two share; ``subjects`` get a
    black ring. At most :data:`MAX_LABELS` labels are drawn (subjects and the busiest first); the legend names
    every sector shown.
    """
    import networkx as nx

    from ..analysis.palette import SECTOR_COLOURS
    from ..maps.layout import spring_positions

    graph = nx.Graph()
    graph.add_nodes_from(sorted(nodes))
    for (u, v), weight in sorted(edges.items()):
        graph.add_edge(u, v, weight=weight)
    raw = spring_positions(graph) if len(graph) else {}
    place = _fit(raw)
    biggest = max((n[3] for n in nodes.values()), default=1) or 1
    radius = {iri: 5 + 9 * math.sqrt(nodes[iri][3] / biggest) for iri in nodes}
    labelled = set(sorted(nodes, key=lambda i: (i not in subjects, -nodes[i][3], nodes[i][0].casefold(), i))[:MAX_LABELS])
    sectors = sorted({(n[1], n[2]) for n in nodes.values()}, key=lambda s: s[1].casefold())
    legend_rows = math.ceil(len(sectors) / 3) + 1
    total_height = HEIGHT + 12 + LEGEND_ROW * legend_rows
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {total_height}" role="img" '
        f'aria-label="{escape(title)}" font-family="DejaVu Sans, Arial, sans-serif" font-size="10">',
        f"<title>{escape(title)}</title>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff" stroke="#cccccc"/>',
    ]
    for (u, v), weight in sorted(edges.items()):
        (x1, y1), (x2, y2) = place[u], place[v]
        parts.append(
            f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}" stroke="#9a9a9a" stroke-opacity="0.8" stroke-width="{min(1 + 1.5 * (weight - 1), 8):g}"/>'
        )
    for iri in sorted(nodes, key=lambda i: (i in subjects, nodes[i][3], i)):
        label, sector, _sector_label, count = nodes[iri]
        x, y = place[iri]
        colour = SECTOR_COLOURS.get(sector, SECTOR_COLOURS[""])
        ring = ' stroke="#000000" stroke-width="3"' if iri in subjects else ' stroke="#ffffff" stroke-width="1"'
        parts.append(
            f'<circle cx="{x}" cy="{y}" r="{radius[iri]:.1f}" fill="{colour}"{ring}><title>{escape(label)} ({count})</title></circle>'
        )
    boxes: list[tuple[float, float, float, float]] = []
    for iri in sorted(labelled, key=lambda i: (place[i][1], place[i][0], i)):
        x, y = place[iri]
        text = _short(nodes[iri][0])
        right = x <= WIDTH / 2
        dx = radius[iri] + 3
        left_edge = x + dx if right else x - dx - 5.6 * len(text)
        top = _free_row(boxes, left_edge, left_edge + 5.6 * len(text), y - 8)
        anchor = "start" if right else "end"
        weight = ' font-weight="bold"' if iri in subjects else ""
        parts.append(f'<text x="{x + dx if right else x - dx:.0f}" y="{top + 11:.0f}" text-anchor="{anchor}"{weight}>{escape(text)}</text>')
    y0 = HEIGHT + 12
    for i, (sector, sector_label) in enumerate(sectors):
        x, y = 10 + (i % 3) * 220, y0 + (i // 3) * LEGEND_ROW
        colour = SECTOR_COLOURS.get(sector, SECTOR_COLOURS[""])
        parts.append(f'<circle cx="{x + 6}" cy="{y + 6}" r="6" fill="{colour}"/>')
        parts.append(f'<text x="{x + 18}" y="{y + 10}">{escape(sector_label or "sector not given")}</text>')
    note_y = y0 + (legend_rows - 1) * LEGEND_ROW + 10
    parts.append(
        f'<text x="10" y="{note_y}" fill="#555555">Circle size: collaborations listed here; line width: collaborations two partners share'
        f"{'; black ring: the subject' if subjects else ''}.</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts)


def _free_row(boxes: list[tuple[float, float, float, float]], left: float, right: float, top: float) -> float:
    """The top of a 12-px label row from ``left`` to ``right`` nearest ``top`` that overlaps no label in ``boxes`` (added to it).

    >>> boxes = []
    >>> _free_row(boxes, 0, 50, 10), _free_row(boxes, 0, 50, 12), _free_row(boxes, 60, 90, 12)
    (10, 24, 12)
    """
    for step in range(40):
        candidate = top + (step + 1) // 2 * 12 * (1 if step % 2 else -1) if step else top
        if not any(left < b[1] and b[0] < right and candidate < b[3] and b[2] < candidate + 12 for b in boxes):
            boxes.append((left, right, candidate, candidate + 12))
            return candidate
    return top


def _fit(raw: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]]:
    """Scale layout positions into the drawing box (whole pixels; one node sits in the middle)."""
    if not raw:
        return {}
    xs, ys = [p[0] for p in raw.values()], [p[1] for p in raw.values()]
    span_x, span_y = (max(xs) - min(xs)) or 1, (max(ys) - min(ys)) or 1
    inner_w, inner_h = WIDTH - 2 * MARGIN_X, HEIGHT - 2 * MARGIN_Y
    placed = {}
    for node, (x, y) in raw.items():
        px = WIDTH / 2 if len(raw) == 1 else MARGIN_X + (x - min(xs)) / span_x * inner_w
        py = HEIGHT / 2 if len(raw) == 1 else MARGIN_Y + (y - min(ys)) / span_y * inner_h
        placed[node] = (round(px), round(py))
    return placed


def _short(label: str, limit: int = 34) -> str:
    """A label cut to ``limit`` characters with an ellipsis (the full name is in the circle's tooltip and the table).

    >>> _short("North West Ambulance Service"), _short("x" * 40, 10)
    ('North West Ambulance Service', 'xxxxxxxxx…')
    """
    return label if len(label) <= limit else label[: limit - 1] + "…"
