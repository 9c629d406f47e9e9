"""Write src/collab_graph/maps/data/england-wales-outline.json from Natural Earth's 1:50m countries.

Input: countries-50m.json of the npm package world-atlas 2.0.2 (TopoJSON of Natural Earth, public
domain; get it with ``npm pack world-atlas@2.0.2``). The United Kingdom (ISO 826) is decoded, the
rings of Great Britain and its islands south of 56° N are kept (Northern Ireland, the Isle of Man
and Scotland's islands dropped), the main island is cut along latitude 55.8° N (Natural Earth's
countries carry no England–Scotland border; the cut is said in the file), simplified with
Douglas–Peucker (0.02°) and rounded to 0.01°. Run: ``python tools/make_outline.py PATH/countries-50m.json``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src/collab_graph/maps/data/england-wales-outline.json"
CUT = 55.8
TOLERANCE = 0.02


def arcs_of(topo: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    decoded = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def ring(arcs: list[list[tuple[float, float]]], indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for i in indexes:
        part = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(part if not points else part[1:])
    return points


def clip_south(points: list[tuple[float, float]], lat: float) -> list[tuple[float, float]]:
    """Sutherland-Hodgman against the half-plane latitude <= lat."""
    out: list[tuple[float, float]] = []
    for i, cur in enumerate(points):
        prev = points[i - 1]
        inside_cur, inside_prev = cur[1] <= lat, prev[1] <= lat
        if inside_cur != inside_prev:
            t = (lat - prev[1]) / (cur[1] - prev[1])
            out.append((prev[0] + t * (cur[0] - prev[0]), lat))
        if inside_cur:
            out.append(cur)
    return out


def simplify(points: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    if len(points) < 3:
        return points
    (x1, y1), (x2, y2) = points[0], points[-1]
    dx, dy = x2 - x1, y2 - y1
    norm = (dx * dx + dy * dy) ** 0.5
    best, index = 0.0, 0
    for i in range(1, len(points) - 1):
        x, y = points[i]
        d = abs(dy * (x - x1) - dx * (y - y1)) / norm if norm else ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
        if d > best:
            best, index = d, i
    if best <= tol:
        return [points[0], points[-1]]
    return simplify(points[: index + 1], tol)[:-1] + simplify(points[index:], tol)


def main(path: str) -> None:
    topo = json.loads(Path(path).read_text(encoding="utf-8"))
    arcs = arcs_of(topo)
    uk = next(g for g in topo["objects"]["countries"]["geometries"] if g["id"] == "826")
    rings = []
    for polygon in uk["arcs"]:
        outer = ring(arcs, polygon[0])
        if min(p[1] for p in outer) > CUT or max(p[0] for p in outer) < -5.3:
            continue  # Scotland's islands, Northern Ireland
        if max(p[0] for p in outer) < -4.3 and min(p[1] for p in outer) > 54.0:
            continue  # the Isle of Man (a Crown dependency, not England or Wales)
        clipped = clip_south(outer, CUT)
        if len(clipped) < 4:
            continue
        small = simplify(clipped + clipped[:1], TOLERANCE)
        if len(small) >= 4:
            rings.append([[round(x, 2), round(y, 2)] for x, y in small])
    rings.sort(key=len, reverse=True)
    document = {
        "source": "Natural Earth 1:50m Admin 0 – Countries (public domain), via the npm package world-atlas 2.0.2 (countries-50m.json)",
        "attribution": "Outline: Natural Earth (public domain)",
        "note": f"Great Britain south of {CUT}° N (Natural Earth's countries have no England–Scotland border: the outline is cut "
        f"along that latitude); simplified (Douglas–Peucker, {TOLERANCE}°) and rounded to 0.01°. Made by tools/make_outline.py.",
        "rings": rings,
    }
    OUT.write_text(json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(rings)} rings, {sum(map(len, rings))} points)")


if __name__ == "__main__":
    main(sys.argv[1])
