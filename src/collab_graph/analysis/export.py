"""The analysis as files: tables (CSV and JSON), RDF results (TriG, one named graph), GraphML and GEXF.

Every output is deterministic: rows sorted, floats rounded to :data:`DIGITS` places, no dates.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import networkx as nx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from ..common.atomic import write_files
from ..common.csvcell import csv_text, neutralise
from ..common.namespaces import CG, ID, bind_prefixes
from .clusters import METHOD_LABELS
from .networkfiles import DIGITS, gexf_bytes, graphml_bytes, plain
from .pipeline import Analysis
from .ranking import MEASURES

ANALYSIS_GRAPH = ID["graph/analysis"]
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
        (m, METHOD_LABELS[m], c.seed, len(c.clusters), sum(1 for x in c.clusters if len(x) > 1), _round(c.modularity))
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
    membership = [
        (s.iri, s.label, s.sector_label, s.area_label, *(a.clusterings[m].membership[s.iri] for m in keys))
        for s in sorted(a.scores, key=lambda s: (a.clustering.membership[s.iri], s.label, s.iri))
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
            a.clustering.membership[s.iri],
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
    measures = [(name, text) for name, text in MEASURES.items()]
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
    records = [json.dumps(dict(zip(table.columns, row, strict=True)), ensure_ascii=False) for row in table.rows]
    return ("[\n" + ",\n".join(records) + "\n]\n" if records else "[]\n").encode("utf-8")


# ---------------------------------------------------------------- RDF


Value = URIRef | int | bool | str | Decimal
Fact = tuple[URIRef, URIRef, Value]


def _decimal(value: float) -> Decimal:
    return Decimal(f"{value:.{DIGITS}f}")


_SCORE_TERMS = SimpleNamespace(
    rank=CG.collaborationRank,
    partners=CG.distinctPartners,
    implementations=CG.implementationCount,
    initiatives=CG.distinctInitiatives,
    themes=CG.distinctThemes,
    cross_sector=CG.crossSectorPartners,
    outside_area=CG.partnersOutsideArea,
    weighted_degree=CG.weightedDegree,
    betweenness=CG.betweenness,
    eigenvector=CG.eigenvectorCentrality,
    articulation_point=CG.articulationPoint,
    in_cluster=CG.inCluster,
)


def analysis_facts(analysis: Analysis) -> Iterator[Fact]:
    """The results as (subject, predicate, object), the object an IRI or a plain value: int, bool, str or
    Decimal (xsd:decimal, :data:`DIGITS` places). The one source of :func:`analysis_triples` and the TriG file.

    Partitions, clusters, membership, scores, areas' blue-light structure.
    """
    for method, clustering in analysis.clusterings.items():
        partition = ID[f"partition/{method}"]
        yield (partition, RDF.type, CG.Partition)
        yield (partition, RDFS.label, f"Partnership clusters by {METHOD_LABELS[method]}")
        yield (partition, CG.clusterMethod, method)
        yield (partition, CG.seed, clustering.seed)
        yield (partition, CG.modularity, _decimal(clustering.modularity))
        for summary in analysis.summaries[method]:
            cluster = ID[f"cluster/{method}-{summary.number}"]
            areas = ", ".join(label for label, _ in summary.areas[:3])
            yield (cluster, RDF.type, CG.Cluster)
            yield (cluster, RDFS.label, f"{method} cluster {summary.number}: {areas}")
            yield (cluster, DCTERMS.isPartOf, partition)
            yield (cluster, CG.clusterNumber, summary.number)
            yield (cluster, CG.clusterSize, summary.size)
            yield (cluster, CG.internalWeight, summary.internal_weight)
            yield (cluster, CG.externalWeight, summary.external_weight)
            for member in summary.members:
                yield (URIRef(member), _SCORE_TERMS.in_cluster, cluster)
    p = _SCORE_TERMS  # looked up once: a namespace's attribute makes a new IRI each time
    for s in analysis.scores:
        node = URIRef(s.iri)
        yield (node, p.rank, s.rank)
        yield (node, p.partners, s.partners)
        yield (node, p.implementations, s.implementations)
        yield (node, p.initiatives, s.initiatives)
        yield (node, p.themes, s.themes)
        yield (node, p.cross_sector, s.cross_sector)
        if s.outside_area is not None:
            yield (node, p.outside_area, s.outside_area)
        yield (node, p.weighted_degree, s.weighted_degree)
        yield (node, p.betweenness, _decimal(s.betweenness))
        yield (node, p.eigenvector, _decimal(s.eigenvector))
        yield (node, p.articulation_point, s.articulation_point)
    for row in analysis.area_structure:
        yield (URIRef(row.area), CG.blueLightStructure, row.structure)
        yield (URIRef(row.area), CG.triServiceImplementations, row.tri_service)


def _rdf(value: Value) -> URIRef | Literal:
    if isinstance(value, URIRef):
        return value
    if isinstance(value, Decimal):
        return Literal(value, datatype=XSD.decimal)
    return Literal(value)


def analysis_triples(analysis: Analysis) -> Iterator[tuple[URIRef, URIRef, URIRef | Literal]]:
    """The results as rdflib triples (:func:`analysis_facts` with rdflib literals)."""
    for subject, predicate, value in analysis_facts(analysis):
        yield subject, predicate, _rdf(value)


def analysis_graph(analysis: Analysis) -> Graph:
    """The results as RDF, in a graph named :data:`ANALYSIS_GRAPH` (terms in ``ontology/analysis.ttl``).

    Load it next to the main graph to ask, e.g., which cluster an organisation is in::

        store = open_store("oxigraph", with_analysis(compiled.graph, analysis))
        store.query("SELECT ?c WHERE { <.../org/kent-police> cg:inCluster ?c }")
    """
    g = bind_prefixes(Graph(identifier=ANALYSIS_GRAPH))
    for triple in analysis_triples(analysis):
        g.add(triple)
    return g


def with_analysis(graph: Graph, analysis: Analysis) -> Graph:
    """A copy of ``graph`` with the analysis results added (for one store holding both)."""
    merged = bind_prefixes(Graph())
    for triple in graph:
        merged.add(triple)
    for triple in analysis_triples(analysis):
        merged.add(triple)
    return merged


TRIG_PREFIXES = {"cg": CG, "dcterms": DCTERMS, "rdf": RDF, "rdfs": RDFS, "xsd": XSD}
_LOCAL_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")
_PLAIN = {XSD.integer: re.compile(r"^[+-]?\d+$"), XSD.decimal: re.compile(r"^[+-]?\d*\.\d+$"), XSD.boolean: re.compile(r"^(true|false)$")}


def to_trig(triples: Iterable[tuple[URIRef, URIRef, Value | Literal]], name: URIRef = ANALYSIS_GRAPH) -> bytes:
    """Triples (rdflib terms, or :func:`analysis_facts`' plain values) as TriG inside the named graph ``name``:
    sorted, grouped by subject, compact names.

    Written directly (rdflib's pretty serialiser is slow for large results); deterministic. A plain
    value is written as rdflib writes its literal: ``3``, ``true``, ``0.123457``, ``"text"``.

    >>> triples = [(ID["org/kent-police"], CG.distinctPartners, Literal(3)), (ID["org/kent-police"], RDFS.label, Literal('Kent "Police"'))]
    >>> print(to_trig(triples).decode(), end="")
    @prefix cg: <https://w3id.org/collab-graph/ontology#> .
    @prefix dcterms: <http://purl.org/dc/terms/> .
    @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    <BLANKLINE>
    <https://w3id.org/collab-graph/id/graph/analysis> {
    <https://w3id.org/collab-graph/id/org/kent-police>
        cg:distinctPartners 3 ;
        rdfs:label "Kent \\"Police\\"" .
    }
    """
    names: dict[str, str] = {}

    def iri(text: str) -> str:
        found = names.get(text)
        if found is None:
            found = names[text] = _iri(text)
        return found

    by_subject: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for s_, p, o in triples:
        by_subject[iri(str(s_))].append((iri(str(p)), iri(str(o)) if isinstance(o, URIRef) else _value(o, iri)))
    lines = [f"@prefix {prefix}: <{ns}> ." for prefix, ns in TRIG_PREFIXES.items()]
    lines += ["", f"<{name}> {{"]
    for subject in sorted(by_subject):
        pairs = sorted(set(by_subject[subject]))
        lines.append(subject)
        lines += [f"    {p} {o}{' ;' if i < len(pairs) - 1 else ' .'}" for i, (p, o) in enumerate(pairs)]
    lines += ["}", ""]
    return "\n".join(lines).encode("utf-8")


_PLAIN_TYPES = {str(k): v for k, v in _PLAIN.items()}


def _value(value: Value | Literal, iri: Callable[[str], str]) -> str:
    """A literal (or plain value) as TriG, as rdflib writes it."""
    if type(value) is bool:
        return "true" if value else "false"
    if type(value) is int:
        return str(value)
    if type(value) is Decimal:
        text = str(value)
        return text if _PLAIN[XSD.decimal].match(text) else f'"{text}"^^xsd:decimal'
    if type(value) is str:
        return Literal(value).n3()
    assert isinstance(value, Literal)
    datatype = None if value.datatype is None else str(value.datatype)
    text = str(value)
    if datatype in _PLAIN_TYPES and _PLAIN_TYPES[datatype].match(text):
        return text
    if datatype is None or value.language:
        return value.n3()
    return f'"{_escape(text)}"^^{iri(datatype)}'


def _iri(text: str) -> str:
    if text == _RDF_TYPE:
        return "a"
    for prefix, ns in TRIG_PREFIXES.items():
        if text.startswith(str(ns)) and _LOCAL_NAME.match(text[len(str(ns)) :]):
            return f"{prefix}:{text[len(str(ns)) :]}"
    return f"<{text}>"


_RDF_TYPE = str(RDF.type)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


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
    for name, table in tables(analysis).items():
        files[out / f"{name}.csv"] = to_csv(table)
        files[out / f"{name}.json"] = to_json(table)
    files[out / "analysis.trig"] = to_trig(analysis_facts(analysis))
    for attr, stem in NETWORK_FILES.items():
        network = getattr(analysis, attr)
        files[out / f"{stem}.graphml"] = to_graphml(network)
        files[out / f"{stem}.gexf"] = to_gexf(network)
    return files


def write_analysis(analysis: Analysis, out: Path) -> list[Path]:
    """Write every output file into ``out``, all or nothing; the paths written, sorted."""
    files = analysis_files(analysis, out)
    write_files(files)
    return sorted(files)
