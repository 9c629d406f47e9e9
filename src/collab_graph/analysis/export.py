"""The analysis as files: tables (CSV and JSON), RDF results (TriG, one named graph: :mod:`.rdf`), GraphML and GEXF (:mod:`.networkfiles`).

Every output is deterministic: rows sorted, floats rounded to :data:`DIGITS` places, no dates.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from ..common.atomic import write_files
from ..common.csvcell import csv_text, neutralise
from .clusters import method_label
from .networkfiles import DIGITS, gexf_bytes, graphml_bytes, network_documents, plain
from .pipeline import Analysis
from .ranking import MEASURES
from .rdf import analysis_facts, to_trig
from .scale import gc_paused

_JSON = json.JSONEncoder(ensure_ascii=False)
NETWORK_FILES = {"organisations": "organisations", "bipartite": "organisation-implementation", "areas": "areas", "sectors": "sectors"}


@dataclass(frozen=True)
class TableData:
    """A table: a name (the file stem), column names and rows of plain values."""

    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]


def _round(value: object) -> object:
    return round(value, DIGITS) if isinstance(value, float) else value


def _pairs(pairs: Sequence[tuple[str, int]], limit: int | None = None) -> str:
    shown = pairs[:limit] if limit else pairs
    return "; ".join(f"{label} ({count})" for label, count in shown)


def _how(analysis: Analysis, measure: str, meaning: str) -> str:
    """A measure's meaning, with how it was computed when that is not exact networkx (betweenness at scale)."""
    if measure == "betweenness" and analysis.betweenness_method != "exact (networkx)":
        return f"{meaning}; here {analysis.betweenness_method}"
    return meaning


def tables(analysis: Analysis) -> dict[str, TableData]:
    """Every result table, by name."""
    a = analysis
    networks = [
        (
            name,
            g.number_of_nodes(),
            g.number_of_edges(),
            int(g.size(weight="weight")) if name != "bipartite" else g.number_of_edges(),
            nx.number_connected_components(g),
        )
        for name, g in (("bipartite", a.bipartite), ("organisations", a.organisations), ("areas", a.areas), ("sectors", a.sectors))
    ]
    methods = [
        (m, method_label(m, c.engine), c.seed, len(c.clusters), sum(1 for x in c.clusters if len(x) > 1), _round(c.modularity))
        for m, c in a.clusterings.items()
    ]
    clusters = [
        (
            s.method,
            s.number,
            s.size,
            "; ".join(s.member_labels),
            _pairs(s.sectors),
            _pairs(s.areas),
            _pairs(s.initiatives),
            s.internal_weight,
            s.external_weight,
        )
        for summaries in a.summaries.values()
        for s in summaries
    ]
    keys = list(a.clusterings)
    main = a.clustering.membership  # looked up once: a property
    membership = [
        (s.iri, s.label, s.sector_label, s.area_label, *(a.clusterings[m].membership[s.iri] for m in keys))
        for s in sorted(a.scores, key=lambda s: (main[s.iri], s.label, s.iri))
    ]
    ranking = [
        (
            s.rank,
            s.iri,
            s.label,
            s.sector_label,
            s.area_label,
            s.partners,
            s.implementations,
            s.initiatives,
            s.themes,
            s.cross_sector,
            s.outside_area,
            s.weighted_degree,
            _round(s.betweenness),
            _round(s.eigenvector),
            s.articulation_point,
            main[s.iri],
        )
        for s in a.scores
    ]
    brokers = [(b.iri, b.label, b.sector_label, _round(b.betweenness), b.articulation_point, b.cut_off, b.partners) for b in a.brokers]
    labels = {n: d.get("label", n) for n, d in a.bipartite.nodes(data=True)}
    triads = [
        (
            t.police_label,
            t.fire_label,
            t.ambulance_label,
            len(t.joint_implementations),
            *t.weights,
            "; ".join(labels[i] for i in t.joint_implementations),
            t.police,
            t.fire,
            t.ambulance,
        )
        for t in a.triads
    ]
    areas = [
        (r.area_label, r.structure, r.implementations, r.tri_service, r.police_fire, r.police_ambulance, r.fire_ambulance, r.area)
        for r in a.area_structure
    ]
    measures = [(name, _how(a, name, text)) for name, text in MEASURES.items()]
    specs = [
        ("networks", ("network", "nodes", "edges", "total_weight", "components"), networks),
        ("methods", ("method", "description", "seed", "clusters", "clusters_of_two_or_more", "modularity"), methods),
        (
            "clusters",
            ("method", "cluster", "size", "members", "sectors", "areas", "initiatives", "internal_weight", "external_weight"),
            clusters,
        ),
        ("membership", ("organisation", "label", "sector", "area", *(f"cluster_{m}" for m in keys)), membership),
        (
            "ranking",
            (
                "rank",
                "organisation",
                "label",
                "sector",
                "area",
                "partners",
                "implementations",
                "initiatives",
                "themes",
                "cross_sector",
                "outside_area",
                "weighted_degree",
                "betweenness",
                "eigenvector",
                "articulation_point",
                "cluster",
            ),
            ranking,
        ),
        ("brokers", ("organisation", "label", "sector", "betweenness", "articulation_point", "cut_off", "partners"), brokers),
        (
            "triads",
            (
                "police",
                "fire",
                "ambulance",
                "joint_implementations",
                "police_fire",
                "police_ambulance",
                "fire_ambulance",
                "joint",
                "police_iri",
                "fire_iri",
                "ambulance_iri",
            ),
            triads,
        ),
        (
            "tri-service-areas",
            ("area", "structure", "implementations", "tri_service", "police_fire", "police_ambulance", "fire_ambulance", "area_iri"),
            areas,
        ),
        ("measures", ("measure", "meaning"), measures),
    ]
    return {name: TableData(name, columns, tuple(tuple(r) for r in rows)) for name, columns, rows in specs}


def to_csv(table: TableData) -> bytes:
    """The table as CSV (UTF-8, ``\\n`` line ends, blank for None, formula-like text neutralised).

    >>> print(to_csv(TableData("t", ("a", "b"), ((1, None), ("x, y", True)))).decode(), end="")
    a,b
    1,
    "x, y",true
    >>> print(to_csv(TableData("t", ("a", "b"), (("=1+1", -2),))).decode(), end="")
    a,b
    '=1+1,-2
    """
    return csv_text([table.columns, *([_csv_cell(v) for v in row] for row in table.rows)]).encode("utf-8")


def _csv_cell(value: object) -> object:
    kind = type(value)
    if kind is str:
        return neutralise(value)  # type: ignore[arg-type]
    if kind is int or kind is float:
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return neutralise(value) if isinstance(value, str) else value


def to_json(table: TableData) -> bytes:
    """The table as a JSON list of records (columns in order), one record a line.

    One line per record lets the standard library's C encoder write each (an indented document
    takes its pure-Python encoder, a second for the tables of 10,000 organisations).

    >>> print(to_json(TableData("t", ("a", "b"), ((1, None), ("x", True)))).decode(), end="")
    [
    {"a": 1, "b": null},
    {"a": "x", "b": true}
    ]
    """
    encode = _JSON.encode  # one encoder for every record (json.dumps with options makes one per call)
    records = [encode(dict(zip(table.columns, row, strict=True))) for row in table.rows]
    return ("[\n" + ",\n".join(records) + "\n]\n" if records else "[]\n").encode("utf-8")


# ---------------------------------------------------------------- GraphML and GEXF (analysis/networkfiles.py)


def exportable(graph: nx.Graph) -> nx.Graph:
    """A copy whose attributes GraphML and GEXF accept: tuples joined with spaces, floats rounded, text XML can hold."""
    out = nx.Graph(name=graph.graph.get("name", ""))
    for node, data in graph.nodes(data=True):
        out.add_node(node, **{k: plain(v) for k, v in sorted(data.items())})
    for u, v, data in graph.edges(data=True):
        out.add_edge(u, v, **{k: plain(x) for k, x in sorted(data.items())})
    return out


def to_graphml(graph: nx.Graph) -> bytes:
    """The network as GraphML (for Cytoscape, yEd, Gephi): :func:`collab_graph.analysis.networkfiles.graphml_bytes`."""
    return graphml_bytes(graph)


def to_gexf(graph: nx.Graph) -> bytes:
    """The network as GEXF 1.2 (for Gephi): :func:`collab_graph.analysis.networkfiles.gexf_bytes`."""
    return gexf_bytes(graph)


def analysis_files(analysis: Analysis, out: Path) -> dict[Path, bytes]:
    """Every output file's path and bytes."""
    files: dict[Path, bytes] = {}
    with gc_paused():
        for name, table in tables(analysis).items():
            files[out / f"{name}.csv"] = to_csv(table)
            files[out / f"{name}.json"] = to_json(table)
        files[out / "analysis.trig"] = to_trig(analysis_facts(analysis))
        for attr, stem in NETWORK_FILES.items():
            graphml, gexf = network_documents(getattr(analysis, attr))
            files[out / f"{stem}.graphml"], files[out / f"{stem}.gexf"] = graphml, gexf
    return files


def write_analysis(analysis: Analysis, out: Path) -> list[Path]:
    """Write every output file into ``out``, all or nothing; the paths written, sorted."""
    files = analysis_files(analysis, out)
    write_files(files)
    return sorted(files)
