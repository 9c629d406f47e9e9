"""SPARQL 1.1 query results in the W3C formats: JSON, XML, CSV and TSV; graphs as Turtle, N-Triples, RDF/XML or JSON-LD.

>>> from rdflib import Literal, URIRef
>>> table = Table(["o", "n"], [(URIRef("urn:x"), Literal(3)), (None, Literal("a,b"))])
>>> print(results(table, "csv").decode(), end="")
o,n
urn:x,3
,"a,b"
>>> print(results(table, "tsv").decode(), end="")
?o\t?n
<urn:x>\t3
\t"a,b"
>>> negotiate("application/sparql-results+xml;q=0.9, application/sparql-results+json")
'json'
>>> negotiate("text/html, */*;q=0.1")
'json'
>>> negotiate("image/png") is None
True
>>> negotiate("application/rdf+xml", graph=True), negotiate("text/turtle;q=0.5, application/ld+json", graph=True)
('rdfxml', 'jsonld')
>>> format_param("json", False), format_param("application/sparql-results+xml", False), format_param("ttl", True), format_param("n3", True)
('json', 'xml', 'turtle', None)
"""

from __future__ import annotations

import csv
import io
import json
import re
from xml.sax.saxutils import escape, quoteattr

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..store import XSD_STRING, Table

MEDIA_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {"turtle": "text/turtle", "nt": "application/n-triples", "rdfxml": "application/rdf+xml", "jsonld": "application/ld+json"}
ALIASES = {
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/plain": "nt",
    "application/x-turtle": "turtle",
    **{v: k for k, v in MEDIA_TYPES.items()},
    **{v: k for k, v in GRAPH_TYPES.items()},
}
# A graph has no SPARQL results form: a client asking for XML or JSON gets RDF/XML or JSON-LD
_GRAPH_ALIASES = {"xml": "rdfxml", "json": "jsonld", "application/xml": "rdfxml", "text/xml": "rdfxml", "application/json": "jsonld"}
# ``format``/``output`` parameter values, besides the format names and media types
_PARAM_NAMES = {"ttl": "turtle", "ntriples": "nt", "n-triples": "nt", "rdf": "rdfxml", "rdf/xml": "rdfxml", "json-ld": "jsonld"}


def negotiate(accept: str | None, graph: bool = False, html: bool = False) -> str | None:
    """The format to answer with for an ``Accept`` header: the highest-q type we offer (None if none).

    ``graph``: a graph's formats, else results formats; ``html``: a page ("html") is on offer too.
    Between equal q-values the type listed first wins.
    """
    offered = GRAPH_TYPES if graph else MEDIA_TYPES
    default = "turtle" if graph else "json"
    if not accept:
        return default
    choices: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        media = media.lower()
        fmt = (_GRAPH_ALIASES.get(media) if graph else None) or ALIASES.get(media)
        if html and media in {"text/html", "application/xhtml+xml"}:
            choices.append((q, -index, "html"))
        elif fmt in offered:
            choices.append((q, -index, fmt))
        elif media in {"*/*", "application/*", "text/*"} or (not graph and media == "text/html"):
            choices.append((q - 0.001, -index, default))
    choices = [c for c in choices if c[0] > 0]
    return max(choices)[2] if choices else None


def results(result: Table | bool, fmt: str) -> bytes:
    """A SELECT table or an ASK answer in ``fmt`` (json, xml, csv, tsv)."""
    if fmt == "json":
        return _json(result)
    if fmt == "xml":
        return _xml(result)
    if isinstance(result, bool):  # CSV/TSV have no boolean form: one column, as most servers do
        result = Table(["boolean"], [(Literal(result),)])
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(result.columns)
        writer.writerows([["" if v is None else str(v) for v in row] for row in result.rows])
        return out.getvalue().replace("\r\n", "\n").encode("utf-8")
    if fmt == "tsv":
        lines = ["\t".join("?" + c for c in result.columns)]
        lines += ["\t".join("" if v is None else _tsv(v) for v in row) for row in result.rows]
        return ("\n".join(lines) + "\n").encode("utf-8")
    raise ValueError(f"unknown results format {fmt!r}")


def format_param(value: str, graph: bool) -> str | None:
    """A ``format``/``output`` parameter (a format name, a short name or a media type) as one of
    the formats offered for a graph (``graph``) or for results; None for a value it is not one of.
    """
    value = value.strip().lower()
    fmt = (_GRAPH_ALIASES.get(value) if graph else None) or ALIASES.get(value) or _PARAM_NAMES.get(value, value)
    return fmt if fmt in (GRAPH_TYPES if graph else MEDIA_TYPES) else None


def graph_bytes(table: Table, fmt: str) -> bytes:
    """A CONSTRUCT/DESCRIBE answer (rows of subject, predicate, object) in ``fmt`` (a ``GRAPH_TYPES`` key), with the project's prefixes.

    Turtle, N-Triples and JSON-LD are written as the release files are (sorted, byte-identical for
    the same triples); RDF/XML by rdflib.
    """
    from ..common.namespaces import bind_prefixes
    from ..compiler.serialise import serialise

    graph = bind_prefixes(Graph())
    for row in table.rows:
        graph.add(tuple(row))  # type: ignore[arg-type]
    if fmt == "rdfxml":
        return graph.serialize(format="pretty-xml", encoding="utf-8")
    return serialise(graph, {"turtle": "ttl", "nt": "nt", "jsonld": "jsonld"}[fmt])


def _json_term(term: Node) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    assert isinstance(term, Literal)
    value = {"type": "literal", "value": str(term)}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype and str(term.datatype) != XSD_STRING:
        value["datatype"] = str(term.datatype)
    return value


def _json(result: Table | bool) -> bytes:
    if isinstance(result, bool):
        doc: dict[str, object] = {"head": {}, "boolean": result}
    else:
        bindings = [{c: _json_term(v) for c, v in zip(result.columns, row, strict=True) if v is not None} for row in result.rows]
        doc = {"head": {"vars": result.columns}, "results": {"bindings": bindings}}
    text = json.dumps(doc, ensure_ascii=False) + "\n"
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text).encode("utf-8")  # a lone surrogate stays valid JSON


_SURROGATE = re.compile("[\ud800-\udfff]")


def _xml(result: Table | bool) -> bytes:
    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if isinstance(result, bool):
        out += ["<head/>", f"<boolean>{'true' if result else 'false'}</boolean>"]
    else:
        out.append("<head>" + "".join(f"<variable name={quoteattr(c)}/>" for c in result.columns) + "</head>")
        out.append("<results>")
        for row in result.rows:
            cells = "".join(
                f"<binding name={quoteattr(c)}>{_xml_term(v)}</binding>" for c, v in zip(result.columns, row, strict=True) if v is not None
            )
            out.append(f"<result>{cells}</result>")
        out.append("</results>")
    out.append("</sparql>")
    return ("\n".join(out) + "\n").encode("utf-8")


_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _x(text: str) -> str:
    """``text`` as XML 1.0 character data: escaped, CR kept as ``&#13;``, and each character XML 1.0
    cannot hold at all (C0 controls but tab, LF and CR; lone surrogates; U+FFFE/U+FFFF) as U+FFFD.

    >>> _x(chr(1) + "<" + chr(13)) == chr(0xFFFD) + "&lt;&#13;"
    True
    """
    return escape(_NOT_XML.sub("\ufffd", text)).replace("\r", "&#13;")


def _xml_term(term: Node) -> str:
    if isinstance(term, URIRef):
        return f"<uri>{_x(str(term))}</uri>"
    if isinstance(term, BNode):
        return f"<bnode>{_x(str(term))}</bnode>"
    assert isinstance(term, Literal)
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{_x(str(term))}</literal>"
    if term.datatype and str(term.datatype) != XSD_STRING:
        datatype = quoteattr(_NOT_XML.sub("\ufffd", str(term.datatype)))
        return f"<literal datatype={datatype}>{_x(str(term))}</literal>"
    return f"<literal>{_x(str(term))}</literal>"


def _tsv(term: Node) -> str:
    """A term in its SPARQL/Turtle form; numbers plain."""
    if isinstance(term, Literal) and term.datatype and str(term.datatype).rsplit("#", 1)[-1] in {"integer", "decimal", "double", "boolean"}:
        return str(term)
    return term.n3().replace("\t", "\\t").replace("\n", "\\n")
