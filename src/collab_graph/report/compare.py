"""Section 5 of a report, "How it compares": an area against the national median and the tri-service picture;
an organisation's rank on the collaboration measures, its cluster and its brokers (from :mod:`collab_graph.analysis`);
an initiative's areas, a theme's initiatives.

Each function returns blocks: a paragraph (``str``) or a table (``list`` of rows, the first the header).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from statistics import median
from typing import TYPE_CHECKING

from ..analysis.ranking import MEASURES, cut_off
from ..analysis.triads import ALL_THREE, BLUE_LIGHT, NO_PAIR, PAIRS, PAIRS_ONLY, TRIANGLE
from .gather import Dataset, Row

if TYPE_CHECKING:
    from ..analysis.pipeline import Analysis

Block = str | list[list[str]]
SHOWN_MEASURES = ("partners", "implementations", "initiatives", "themes", "cross_sector", "outside_area", "betweenness", "eigenvector")
MEASURE_NAMES = {
    "partners": "partners",
    "implementations": "collaborations with another partner",
    "initiatives": "initiatives",
    "themes": "themes",
    "cross_sector": "partners from another sector",
    "outside_area": "partners from outside its area",
    "betweenness": "betweenness (broker between groups)",
    "eigenvector": "eigenvector centrality (well-connected partners)",
}


def number(value: float) -> str:
    """A median or score as text: whole numbers plain, others to one or three decimals.

    >>> number(2.0), number(2.5), number(0.12345)
    ('2', '2.5', '0.123')
    """
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}" if abs(value) >= 1 else f"{value:.3f}"


def sectors_of(data: Dataset, row: Row) -> set[str]:
    """The sectors of a collaboration's partners."""
    return {data.partners[p].sector for p in row.implementation.partners}


def structure(data: Dataset, rows: list[Row]) -> tuple[int, str]:
    """(collaborations naming police, fire and ambulance together, how the three are bound), as in the analysis."""
    sectors = [sectors_of(data, r) for r in rows]
    together = sum(1 for s in sectors if all(b in s for b in BLUE_LIGHT))
    pairs = [f"{a}-{b}" for a, b in PAIRS if any(a in s and b in s for s in sectors)]
    if together:
        return together, ALL_THREE
    if len(pairs) == len(PAIRS):
        return 0, TRIANGLE
    return 0, f"{PAIRS_ONLY}: {', '.join(pairs)}" if pairs else NO_PAIR


def compare_area(data: Dataset, iri: str, rows: list[Row]) -> list[Block]:
    """Collaborations per partner sector here against the median of the areas of the same kind; tri-service or not."""
    kind = data.area_kinds.get(iri, "area")
    by_area: dict[str, list[Row]] = defaultdict(list)
    for impl in data.implementations.values():
        for area in data.reach(impl.area) if impl.area else {}:
            by_area[area].append(Row(impl))
    peers = sorted(a for a in by_area if data.area_kinds.get(a) == kind)
    sectors = list(BLUE_LIGHT) + sorted({s for r in rows for s in sectors_of(data, r)} - set(BLUE_LIGHT) - {""})
    sector_labels = {p.sector: p.sector_label for p in data.partners.values()}
    table = [["collaborations with a partner from", "here", f"median of the {len(peers)} {kind}s with a collaboration"]]
    table.append(["any sector (all collaborations)", str(len(rows)), number(median(len(by_area[a]) for a in peers)) if peers else "–"])
    for sector in sectors:
        here = sum(1 for r in rows if sector in sectors_of(data, r))
        typical = median(sum(1 for r in by_area[a] if sector in sectors_of(data, r)) for a in peers) if peers else 0
        table.append([sector_labels.get(sector, sector), str(here), number(typical)])
    together, bound = structure(data, rows)
    peers_together = sum(1 for a in peers if structure(data, by_area[a])[0])
    if together:
        text = f"Tri-service: yes. Police, fire and ambulance take part together in {together} of the {len(rows)} collaborations here"
    else:
        text = f"Tri-service: no. No collaboration here names police, fire and ambulance together ({bound})"
    text += f"; {peers_together} of the {len(peers)} {kind}s with a collaboration have at least one that does."
    return [
        f"Collaborations here by the sector of their partners, against the typical (median) {kind} in England and Wales.",
        table,
        text,
    ]


def compare_org(data: Dataset, analysis: Analysis, iri: str) -> list[Block]:
    """Its rank on each collaboration measure, its partnership cluster and the brokers of that cluster."""
    try:
        score = analysis.score(iri)
    except KeyError:
        return ["It has no collaboration with another partner, so it is not in the collaboration network."]
    scores = analysis.scores
    total = len(scores)
    table = [["measure", "value", f"rank of {total}", "what it means"]]
    for measure in SHOWN_MEASURES:
        value = getattr(score, measure)
        if value is None:
            table.append([MEASURE_NAMES[measure], "–", "–", MEASURES[measure]])
            continue
        above = sum(1 for s in scores if (getattr(s, measure) or 0) > value)
        table.append([MEASURE_NAMES[measure], number(value), str(above + 1), MEASURES[measure]])
    blocks: list[Block] = [
        f"Overall it ranks {score.rank} of the {total} organisations in the collaboration network "
        "(by partners, then initiatives, then collaborations shared).",
        table,
    ]
    cluster = analysis.cluster_of(iri)
    areas = ", ".join(label for label, _ in cluster.areas[:3] if label) or "no single area"
    others = [m for m in cluster.member_labels if m != score.label]
    shown = ", ".join(others[:12]) + (f" and {len(others) - 12} more" if len(others) > 12 else "")
    blocks.append(
        f"Partnership cluster {cluster.number} (Louvain communities): {cluster.size} organisations, mostly in {areas}. "
        f"With it: {shown or 'no other organisation'}."
    )
    members = set(cluster.members)
    brokers = sorted((s for s in scores if s.iri in members and s.betweenness > 0), key=lambda s: (-s.betweenness, s.label))[:3]
    if brokers:
        parts = []
        for s in brokers:
            part = f"{s.label} (betweenness {number(s.betweenness)}"
            if s.articulation_point:
                part += f"; without it {cut_off(analysis.organisations, s.iri)} organisations would lose every link to the rest"
            parts.append(part + ")")
        blocks.append("Brokers of the cluster (those most often on the shortest path between two others): " + "; ".join(parts) + ".")
    else:
        blocks.append("The cluster has no broker: every member is directly linked to the others it reaches.")
    return blocks


def compare_group(data: Dataset, kind: str, iri: str, rows: list[Row]) -> list[Block]:
    """An initiative: where it runs; a theme: its initiatives; each against the median of its peers."""
    key = "initiative" if kind == "theme" else "area"
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    labels: dict[str, str] = {}
    for r in rows:
        impl = r.implementation
        name = impl.initiative if key == "initiative" else impl.area
        labels[name] = impl.initiative_label if key == "initiative" else (impl.area_label or "no area")
        counts[name][impl.status or "status not given"] += 1
    table = [[key, "collaborations", "live", "pilot", "planned"]]
    for name in sorted(counts, key=lambda n: (-sum(counts[n].values()), labels[n].casefold())):
        c = counts[name]
        table.append([labels[name], str(sum(c.values())), str(c["live"]), str(c["pilot"]), str(c["planned"])])
    peer_key = "theme" if kind == "theme" else "initiative"
    sizes = Counter(getattr(i, peer_key) for i in data.implementations.values())
    together, bound = structure(data, rows)
    return [
        f"It has {len(rows)} collaborations; the median {peer_key} has {number(median(sizes.values())) if sizes else '0'} "
        f"(of {len(sizes)} {peer_key}s).",
        table,
        f"Police, fire and ambulance take part together in {together} of the {len(rows)} collaborations ({bound}).",
    ]
