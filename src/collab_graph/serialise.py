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

from rdflib import Graph

from .namespaces import PREFIXES, bind_prefixes

FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}


def serialise(graph: Graph, fmt: str) -> bytes:
    """``graph`` as Turtle (``ttl``), sorted N-Triples (``nt``) or sorted JSON-LD (``jsonld``)."""
    if fmt == "nt":
        lines = sorted({line for line in graph.serialize(format="nt").splitlines() if line.strip()})
        return ("\n".join(lines) + "\n").encode("utf-8")
    if fmt == "ttl":
        copy = bind_prefixes(Graph())
        for triple in graph:
            copy.add(triple)
        return copy.serialize(format="turtle").encode("utf-8")
    if fmt == "jsonld":
        context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
        data = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
        nodes = data.get("@graph", [data] if "@id" in data else [])
        for node in nodes:
            for key, value in node.items():
                if isinstance(value, list):
                    node[key] = sorted(value, key=lambda v: json.dumps(v, sort_keys=True))
        nodes.sort(key=lambda n: n.get("@id", ""))
        out = {"@context": context, "@graph": nodes}
        return (json.dumps(out, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
    raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
