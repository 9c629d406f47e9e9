"""Deterministic serialisations: the same graph always gives the same bytes.

>>> from rdflib import Graph, Literal, URIRef
>>> g = Graph()
>>> g.add((URIRef("urn:b"), URIRef("urn:p"), Literal("2")))
<Graph identifier=... (<class 'rdflib.graph.Graph'>)>
>>> g.add((URIRef("urn:a"), URIRef("urn:p"), Literal("1")))
<Graph identifier=... (<class 'rdflib.graph.Graph'>)>
>>> print(serialise(g, "nt").decode(), end="")
<urn:a> <urn:p> "1" .
<urn:b> <urn:p> "2" .
"""

from __future__ import annotations

import json
import re
from typing import Any

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, XSD
from rdflib.plugins.shared.jsonld.util import split_iri
from rdflib.term import Node

from ..common.namespaces import PREFIXES, bind_prefixes

FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}


def serialise(graph: Graph, fmt: str) -> bytes:
    """``graph`` as Turtle (``ttl``), sorted N-Triples (``nt``) or sorted JSON-LD (``jsonld``)."""
    if fmt == "nt":
        lines = sorted({line for line in graph.serialize(format="nt").split("\n") if line.strip()})  # not splitlines(): U+2028 etc.
        return ("\n".join(lines) + "\n").encode("utf-8")
    if fmt == "ttl":
        copy = bind_prefixes(Graph())
        for triple in sorted(graph, key=lambda triple: [term.n3() for term in triple]):  # names ns1, ns2 ... in a fixed order
            copy.add(triple)
        return copy.serialize(format="turtle").encode("utf-8")
    if fmt == "jsonld":
        context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
        nodes = [_compact_node(node, context) for node in _expanded(graph)]
        for node in nodes:
            for key, value in node.items():
                if isinstance(value, list):
                    node[key] = sorted(value, key=lambda v: json.dumps(v, sort_keys=True))
        nodes.sort(key=lambda n: n.get("@id", ""))
        out = {"@context": context, "@graph": nodes}
        return (json.dumps(out, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
    raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")


# Written here rather than by rdflib's JSON-LD serialiser, which (7.6) drops a value that compacts to "", 0 or
# false when its property has another value, and a blank node that refers to itself.
_NATIVE = {str(XSD.integer): int, str(XSD.boolean): bool}


def _expanded(graph: Graph) -> list[dict[str, Any]]:
    """Expanded JSON-LD: one node object per subject, every value a list of value or ``@id`` objects."""
    nodes: dict[str, dict[str, Any]] = {}
    for s, p, o in graph:
        node = nodes.setdefault(_id(s), {"@id": _id(s)})
        if p == RDF.type and not isinstance(o, Literal):
            node.setdefault("@type", []).append(_id(o))
        else:
            node.setdefault(str(p), []).append(_expanded_value(o))
    return list(nodes.values())


def _id(term: Node) -> str:
    return f"_:{term}" if isinstance(term, BNode) else str(term)


def _expanded_value(term: Node) -> dict[str, Any]:
    """A value object; integers and booleans in canonical form as JSON numbers and booleans.

    >>> _expanded_value(Literal(3)), _expanded_value(Literal("chat", lang="fr")), _expanded_value(Literal("2015", datatype=XSD.gYear))
    ({'@type': 'http://www.w3.org/2001/XMLSchema#integer', '@value': 3}, {'@language': 'fr', '@value': 'chat'}, {'@type': 'http://www.w3.org/2001/XMLSchema#gYear', '@value': '2015'})
    """
    if not isinstance(term, Literal):
        return {"@id": _id(term)}
    if term.language:
        return {"@language": term.language, "@value": str(term)}
    if term.datatype is None:
        return {"@value": str(term)}
    lexical, datatype = str(term), str(term.datatype)
    if datatype == str(XSD.integer) and re.fullmatch(r"-?[1-9][0-9]*|0", lexical):
        return {"@type": datatype, "@value": int(lexical)}
    if datatype == str(XSD.boolean) and lexical in ("true", "false"):
        return {"@type": datatype, "@value": lexical == "true"}
    return {"@type": datatype, "@value": lexical}


def _compact_node(node: dict[str, Any], context: dict[str, str]) -> dict[str, Any]:
    """One expanded JSON-LD node object with prefixed property and type names and plain values where lossless."""
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key == "@id":
            out[key] = _compact_iri(value, context)
        elif key == "@type":
            types = [_compact_iri(v, context) for v in value]
            out[key] = types[0] if len(types) == 1 else types
        else:
            values = [_compact_value(v, context) for v in value]
            out[_compact_iri(key, context)] = values[0] if len(values) == 1 else values
    return out


def _compact_value(value: dict[str, Any], context: dict[str, str]) -> Any:
    """``{"@value": "x"}`` -> ``"x"``; native integers and booleans bare; datatypes and ``@id`` prefixed.

    >>> _compact_value({"@type": str(XSD.decimal), "@value": "1.5"}, {"xsd": str(XSD)}), _compact_value({"@value": ""}, {})
    ({'@type': 'xsd:decimal', '@value': '1.5'}, '')
    """
    if set(value) == {"@id"}:
        return {"@id": _compact_iri(value["@id"], context)}
    if set(value) == {"@value"} and isinstance(value["@value"], str):
        return value["@value"]
    if set(value) == {"@value", "@type"} and type(value["@value"]) is _NATIVE.get(value["@type"]):
        return value["@value"]
    if "@type" in value and "@value" in value:
        return {**value, "@type": _compact_iri(value["@type"], context)}
    return value


def _compact_iri(iri: str, context: dict[str, str]) -> str:
    """``iri`` as ``prefix:local`` when its namespace (up to the last ``#``, ``/`` or ``:``) is a prefix's, as rdflib does.

    >>> context = {"cg": "https://w3id.org/collab-graph/ontology#", "id": "https://w3id.org/collab-graph/id/"}
    >>> _compact_iri("https://w3id.org/collab-graph/ontology#area", context), _compact_iri("https://w3id.org/collab-graph/id/org/x", context)
    ('cg:area', 'https://w3id.org/collab-graph/id/org/x')
    """
    namespace, local = split_iri(iri)
    prefixes = {ns: prefix for prefix, ns in context.items()}
    return f"{prefixes[namespace]}:{local}" if local and namespace in prefixes else iri
