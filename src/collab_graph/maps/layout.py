"""Node positions for maps, computed in Python so the browser draws them at once (physics off).

``spring``: a force-directed (Fruchterman-Reingold) layout with a fixed seed, vectorised with
numpy in blocks so 5,000 nodes take seconds; ``geographic``: each organisation near its area's
approximate centre (``maps/data/area-centres.csv``) over England and Wales, members of one area
on a small sunflower spiral around it. Positions are rounded to whole pixels, so the same input
gives the same bytes.

>>> import networkx as nx
>>> g = nx.path_graph(["a", "b", "c"])
>>> spring_positions(g, seed=1) == spring_positions(g, seed=1)
True
>>> sorted(spring_positions(g))
['a', 'b', 'c']
>>> centres = area_centres()
>>> centres["kent"]
(51.2, 0.8)
"""

from __future__ import annotations

import csv
import math
from functools import cache
from importlib import resources

import networkx as nx
import numpy as np

from ..common.errors import CollabGraphError
from ..common.namespaces import slug_of
from .options import LAYOUTS

SEED = 42
CANVAS = 600.0  # spring layouts span about this many pixels per sqrt(100 nodes)
# Organisations without an area (national bodies) go in a band east of the map, on a grid of BAND_STEP pixels.
NO_AREA = (52.6, 3.2)  # where an initiative whose partners have no area is placed
NO_AREA_LABEL = "National bodies (no area)"
BAND_LEFT, BAND_STEP, BAND_PAD = 1150.0, 100.0, 50.0


def positions(graph: nx.Graph, layout: str = "spring", seed: int = SEED) -> dict[str, tuple[int, int]]:
    """Pixel positions of every node for ``layout`` (``spring`` or ``geographic``)."""
    if layout == "spring":
        return spring_positions(graph, seed)
    if layout == "geographic":
        return geographic_positions(graph)
    raise CollabGraphError(f"--layout {layout!r}: unknown layout (choose {' or '.join(LAYOUTS)})")


def spring_positions(graph: nx.Graph, seed: int = SEED, iterations: int = 60) -> dict[str, tuple[int, int]]:
    """Fruchterman-Reingold positions (weighted by ``weight``) with a little gravity so components stay close."""
    nodes = sorted(graph.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    if n == 1:
        return {nodes[0]: (0, 0)}
    index = {node: i for i, node in enumerate(nodes)}
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2))
    edges = sorted((min(index[u], index[v]), max(index[u], index[v]), float(d.get("weight", 1))) for u, v, d in graph.edges(data=True))
    src = np.array([e[0] for e in edges], dtype=np.int64)
    dst = np.array([e[1] for e in edges], dtype=np.int64)
    weight = np.log1p(np.array([e[2] for e in edges], dtype=np.float64))
    k = 1.0 / math.sqrt(n)
    temperature = 0.1
    cooling = temperature / (iterations + 1)
    block = max(1, 200_000 // n)  # rows per step: keeps the temporaries in cache
    for _ in range(iterations):
        disp = np.zeros((n, 2))
        x, y = pos[:, 0].astype(np.float32), pos[:, 1].astype(np.float32)
        for start in range(0, n, block):
            dx = x[start : start + block, None] - x[None, :]
            dy = y[start : start + block, None] - y[None, :]
            force = np.float32(k * k) / np.maximum(dx * dx + dy * dy, np.float32(1e-6))
            disp[start : start + block, 0] = (dx * force).sum(axis=1, dtype=np.float64)
            disp[start : start + block, 1] = (dy * force).sum(axis=1, dtype=np.float64)
        if len(edges):
            delta = pos[src] - pos[dst]
            dist = np.sqrt(np.maximum((delta**2).sum(axis=1), 1e-12))
            pull = delta * (dist * weight / k)[:, None]
            np.add.at(disp, src, -pull)
            np.add.at(disp, dst, pull)
        disp -= (pos - pos.mean(axis=0)) * (4.0 * k)  # gravity: keeps small components near the rest
        length = np.maximum(np.sqrt((disp**2).sum(axis=1)), 1e-9)
        pos += disp * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    pos -= pos.mean(axis=0)
    span = float(np.abs(pos).max()) or 1.0
    scale = CANVAS * math.sqrt(n / 100.0) / span
    return {node: (round(float(x) * scale), round(float(y) * scale)) for node, (x, y) in zip(nodes, pos, strict=True)}


@cache
def area_centres() -> dict[str, tuple[float, float]]:
    """Area slug -> approximate (latitude, longitude), from the package's ``maps/data/area-centres.csv``."""
    text = resources.files("collab_graph").joinpath("maps/data/area-centres.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    return {r["area"]: (float(r["latitude"]), float(r["longitude"])) for r in rows}


def project(lat: float, lon: float) -> tuple[float, float]:
    """Latitude/longitude -> map pixels (equirectangular around 52.5° N; 1° of latitude = 400 px, north up).

    >>> project(52.5, -2.0)
    (0.0, 0.0)
    """
    scale = 400.0
    return (lon + 2.0) * math.cos(math.radians(52.5)) * scale, (52.5 - lat) * scale


def geographic_positions(graph: nx.Graph) -> dict[str, tuple[int, int]]:
    """Each node near its ``area``'s centre (organisations without an area in the North Sea); a node carrying
    ``lat``/``lon`` (e.g. an initiative placed at its partners' mean) is placed there."""
    centres = area_centres()
    groups: dict[tuple[float, float], list[str]] = {}
    national = _national(graph)
    result: dict[str, tuple[int, int]] = dict(zip(national, _band_slots(len(national)), strict=True))
    for node in sorted(graph.nodes):
        data = graph.nodes[node]
        if node in result:
            continue
        if "lat" in data and "lon" in data:
            where = (float(data["lat"]), float(data["lon"]))
        elif data.get("area"):
            slug = slug_of(data["area"])
            if slug not in centres:
                raise CollabGraphError(
                    f"area {data.get('area_label') or slug!r} of {data.get('label', node)!r} has no centre in maps/data/area-centres.csv: "
                    "use --layout spring"
                )
            where = centres[slug]
        groups.setdefault(where, []).append(node)
    golden = math.pi * (3.0 - math.sqrt(5.0))
    for where, members in sorted(groups.items()):
        cx, cy = project(*where)
        members.sort(key=lambda m: (graph.nodes[m].get("sector", ""), str(graph.nodes[m].get("label", m)).casefold(), m))
        for i, node in enumerate(members):
            radius = 0.0 if len(members) == 1 else 24.0 * math.sqrt(i + 0.5)
            result[node] = (round(cx + radius * math.cos(i * golden)), round(cy + radius * math.sin(i * golden)))
    return result


def _national(graph: nx.Graph) -> list[str]:
    """Organisations without an area (and not placed by ``lat``/``lon``), by sector and label."""
    members = [n for n, d in graph.nodes(data=True) if not d.get("area") and "lat" not in d]
    return sorted(members, key=lambda m: (graph.nodes[m].get("sector", ""), str(graph.nodes[m].get("label", m)).casefold(), m))


def _columns(count: int) -> int:
    return max(1, math.ceil(math.sqrt(count / 2)))


def _band_slots(count: int) -> list[tuple[int, int]]:
    """Grid positions in the national band: a tall block east of the map, centred on the map's middle."""
    columns = _columns(count)
    rows = math.ceil(count / columns)
    top = -(rows - 1) * BAND_STEP / 2
    return [(round(BAND_LEFT + (i % columns) * BAND_STEP * 1.6), round(top + (i // columns) * BAND_STEP)) for i in range(count)]


def national_band(graph: nx.Graph) -> dict[str, int] | None:
    """The rectangle (x, y, w, h in map pixels) drawn around the national bodies, or None if there are none."""
    count = len(_national(graph))
    if not count:
        return None
    slots = _band_slots(count)
    xs, ys = [x for x, _ in slots], [y for _, y in slots]
    x, y = min(xs) - BAND_PAD * 2, min(ys) - BAND_PAD * 1.5
    return {"x": round(x), "y": round(y), "w": round(max(xs) + BAND_PAD * 2 - x), "h": round(max(ys) + BAND_PAD * 1.5 - y)}


@cache
def outline_rings() -> list[list[list[int]]]:
    """England and Wales (Great Britain south of 55.8° N) as rings of map pixels, from the package's
    ``maps/data/england-wales-outline.json`` (Natural Earth, public domain; see tools/make_outline.py)."""
    import json

    text = resources.files("collab_graph").joinpath("maps/data/england-wales-outline.json").read_text(encoding="utf-8")
    rings = json.loads(text)["rings"]
    return [[[round(c) for c in project(lat, lon)] for lon, lat in ring] for ring in rings]


def spread(points: list[tuple[int, int]], radii: list[float], gap: float = 3.0, rounds: int = 200) -> list[tuple[int, int]]:
    """``points`` moved apart until no two discs (``radii``, plus ``gap``) overlap: each round pushes every overlapping
    pair apart along the line between them, half each way (deterministic; stops early when nothing overlaps).

    >>> spread([(0, 0), (1, 0)], [10, 10])
    [(-11, 0), (12, 0)]
    """
    pos = np.array(points, dtype=np.float64)
    r = np.array(radii, dtype=np.float64)
    n = len(points)
    if n < 2:
        return [(int(x), int(y)) for x, y in points]
    for step in range(rounds):
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.sqrt((delta**2).sum(axis=2))
        need = r[:, None] + r[None, :] + gap
        overlap = np.triu(need - dist, 1)
        overlap[overlap < 0] = 0
        if not overlap.any():
            break
        # coincident points: separate along a fixed, index-dependent direction
        direction = np.where(dist[..., None] > 1e-9, delta / np.maximum(dist, 1e-9)[..., None], 0.0)
        same = np.triu(dist <= 1e-9, 1)
        if same.any():
            i, j = np.nonzero(same)
            angle = (i * 2.399963 + j + step) % (2 * math.pi)
            direction[i, j] = np.stack([np.cos(angle), np.sin(angle)], axis=1)
        push = direction * (overlap / 2 + 0.01)[..., None]
        pos += push.sum(axis=1) - push.sum(axis=0)
    return [(round(float(x)), round(float(y))) for x, y in pos]


def area_anchors(graph: nx.Graph) -> list[tuple[str, int, int]]:
    """(label, x, y) for each area holding a node of ``graph``, for the geographic layout's background labels."""
    centres = area_centres()
    seen: dict[str, str] = {}
    no_area = False
    for _node, data in graph.nodes(data=True):
        if data.get("area") and slug_of(data["area"]) in centres:
            seen[slug_of(data["area"])] = data.get("area_label") or slug_of(data["area"])
        elif not data.get("area") and "lat" not in data:
            no_area = True
    anchors = [(label, *map(round, project(*centres[slug]))) for slug, label in sorted(seen.items())]
    band = national_band(graph)
    if no_area and band:
        anchors.append((NO_AREA_LABEL, band["x"] + band["w"] // 2, band["y"] - 20))
    return [(label, int(x), int(y)) for label, x, y in anchors]
