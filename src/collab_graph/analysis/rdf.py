"""The analysis results as RDF: plain facts, rdflib triples and graphs, and the TriG file.

:func:`analysis_facts` is the one source: :func:`analysis_triples` gives its rdflib terms (for
:func:`analysis_graph` and :func:`with_analysis`), :func:`to_trig` writes it as text directly
(rdflib's serialiser is slow for large results). Terms are declared in ``ontology/analysis.ttl``;
decimals have :data:`collab_graph.analysis.networkfiles.DIGITS` places.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from types import SimpleNamespace

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from ..common.namespaces import CG, ID, bind_prefixes
from .clusters import method_label
from .networkfiles import DIGITS
from .pipeline import Analysis

ANALYSIS_GRAPH = ID["graph/analysis"]


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


_CLUSTER_TERMS = SimpleNamespace(
    type=RDF.type,
    label=RDFS.label,
    Cluster=CG.Cluster,
    is_part_of=DCTERMS.isPartOf,
    number=CG.clusterNumber,
    size=CG.clusterSize,
    internal_weight=CG.internalWeight,
    external_weight=CG.externalWeight,
)


def analysis_facts(analysis: Analysis) -> Iterator[Fact]:
    """The results as (subject, predicate, object), the object an IRI or a plain value: int, bool, str or
    Decimal (xsd:decimal, :data:`DIGITS` places). The one source of :func:`analysis_triples` and the TriG file.

    Partitions, clusters, membership, scores, areas' blue-light structure.
    """
    nodes: dict[str, URIRef] = {}

    def node_of(iri: str) -> URIRef:  # one URIRef per organisation, however many facts name it
        node = nodes.get(iri)
        if node is None:
            node = nodes[iri] = URIRef(iri)
        return node

    c = _CLUSTER_TERMS
    for method, clustering in analysis.clusterings.items():
        partition = ID[f"partition/{method}"]
        yield (partition, RDF.type, CG.Partition)
        yield (partition, RDFS.label, f"Partnership clusters by {method_label(method, clustering.engine)}")
        yield (partition, CG.clusterMethod, method)
        yield (partition, CG.seed, clustering.seed)
        yield (partition, CG.modularity, _decimal(clustering.modularity))
        for summary in analysis.summaries[method]:
            cluster = ID[f"cluster/{method}-{summary.number}"]
            areas = ", ".join(label for label, _ in summary.areas[:3])
            yield (cluster, c.type, c.Cluster)
            yield (cluster, c.label, f"{method} cluster {summary.number}: {areas}")
            yield (cluster, c.is_part_of, partition)
            yield (cluster, c.number, summary.number)
            yield (cluster, c.size, summary.size)
            yield (cluster, c.internal_weight, summary.internal_weight)
            yield (cluster, c.external_weight, summary.external_weight)
            for member in summary.members:
                yield (node_of(member), _SCORE_TERMS.in_cluster, cluster)
    p = _SCORE_TERMS  # looked up once: a namespace's attribute makes a new IRI each time
    for s in analysis.scores:
        node = node_of(s.iri)
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
    iri = functools.cache(_iri)  # each IRI written once, however often it occurs
    terms: dict[object, str] = {}  # each term object (a subject or predicate met again) looked up once

    def term(value: URIRef) -> str:
        text = terms.get(value)
        if text is None:
            text = terms[value] = iri(str(value))
        return text

    by_subject: dict[str, list[tuple[str, str]]] = defaultdict(list)
    known = terms.get
    for s_, p, o in triples:
        kind = type(o)
        if kind is int:
            written = str(o)
        elif kind is URIRef or isinstance(o, URIRef):
            written = known(o) or term(o)
        else:
            written = _value(o, iri)
        by_subject[known(s_) or term(s_)].append((known(p) or term(p), written))
    lines = [f"@prefix {prefix}: <{ns}> ." for prefix, ns in TRIG_PREFIXES.items()]
    lines += ["", f"<{name}> {{"]
    for subject in sorted(by_subject):
        lines.append(subject)
        lines.append(" ;\n".join([f"    {p} {o}" for p, o in sorted(set(by_subject[subject]))]) + " .")
    lines += ["}", ""]
    return "\n".join(lines).encode("utf-8")


_PLAIN_TYPES = {str(k): v for k, v in _PLAIN.items()}


_PLAIN_DECIMAL = _PLAIN[XSD.decimal]
#: What rdflib escapes, or triple-quotes, in a plain literal: text without these it writes as it is, in double quotes.
_QUOTED_SPECIAL = re.compile('[\\\\"\n\r]')


def _value(value: Value | Literal, iri: Callable[[str], str]) -> str:
    """A literal (or plain value) as TriG, as rdflib writes it."""
    kind = type(value)
    if kind is int:
        return str(value)
    if kind is Decimal:
        text = str(value)
        return text if _PLAIN_DECIMAL.match(text) else f'"{text}"^^xsd:decimal'
    if kind is bool:
        return "true" if value else "false"
    if type(value) is str:
        return f'"{value}"' if not _QUOTED_SPECIAL.search(value) else Literal(value).n3()  # as rdflib writes it
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
    for prefix, ns in _TRIG_NAMESPACES:
        if text.startswith(ns) and _LOCAL_NAME.match(text[len(ns) :]):
            return f"{prefix}:{text[len(ns) :]}"
    return f"<{text}>"


_TRIG_NAMESPACES = [(prefix, str(ns)) for prefix, ns in TRIG_PREFIXES.items()]


_RDF_TYPE = str(RDF.type)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
