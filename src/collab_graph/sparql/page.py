"""What ``serve`` answers at its endpoint URL without a query: the query page, or the service description.

- A browser (``Accept`` preferring ``text/html``) gets an offline query page: YASGUI
  (``@triply/yasgui`` from npm, bundled in ``sparql/ui/``; no CDN) pointed at this endpoint, with the
  query library's questions, each with its first example's parameters bound, ready to run. The page
  is sent with a strict Content-Security-Policy: scripts only from this server, requests only to it.
- Any other client gets the SPARQL 1.1 Service Description of the endpoint (Turtle by default, or
  any RDF format it accepts).
"""

from __future__ import annotations

import html
import json
from functools import cache
from importlib import resources

from .results import GRAPH_TYPES, graph_bytes, negotiate

UI = "ui"  # the folder of page files, in this package and under the endpoint's path
ASSETS = {
    "yasgui.min.js": "text/javascript",
    "yasgui.min.css": "text/css",
    "page.js": "text/javascript",
    "page.css": "text/css",
    "yasgui.LICENSE.txt": "text/plain",
}
# Scripts only from this server (no inline script, no eval); YASGUI sets inline styles, so styles may be inline.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
RESULT_FORMATS = ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV")
GRAPH_FORMATS = ("Turtle", "N-Triples", "RDF_XML", "JSON-LD")


def wants_page(accept: str | None) -> bool:
    """Whether a request without a query asks for the page (a browser) rather than the service description.

    >>> wants_page("text/html,application/xhtml+xml,*/*;q=0.8"), wants_page("text/turtle"), wants_page(None)
    (True, False, False)
    """
    return negotiate(accept, graph=True, html=True) == "html"


def asset(name: str) -> tuple[bytes, str] | None:
    """A page file by name: (bytes, content type), or None for a name that is not one."""
    if name not in ASSETS:
        return None
    return (resources.files(__package__) / UI / name).read_bytes(), ASSETS[name]


def query_page(endpoint_path: str, examples: list[tuple[str, str, str]]) -> bytes:
    """The HTML page: YASGUI and a list of ``examples`` (name, title, SPARQL), all text escaped."""
    options = "".join(f'<option value="{html.escape(n)}">{html.escape(n)}: {html.escape(t)}</option>' for n, t, _ in examples)
    data = json.dumps([{"name": n, "title": t, "sparql": s} for n, t, s in examples], ensure_ascii=True).replace("</", "<\\/")
    base = html.escape(f"{endpoint_path}/{UI}")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>collab-graph SPARQL endpoint</title>
<link rel="stylesheet" href="{base}/yasgui.min.css"><link rel="stylesheet" href="{base}/page.css">
</head><body>
<header><h1>collab-graph SPARQL endpoint</h1>
<label>Example question <select id="examples"><option value="">choose one to run…</option>{options}</select></label>
<a href="{base}/yasgui.LICENSE.txt">YASGUI licence</a></header>
<div id="yasgui"></div>
<script type="application/json" id="examples-data">{data}</script>
<script src="{base}/yasgui.min.js"></script><script src="{base}/page.js"></script>
</body></html>
""".encode()


@cache
def _description(url: str, triples: int, fmt: str) -> bytes:
    from rdflib import BNode, Graph, Literal, Namespace, URIRef
    from rdflib.namespace import DCTERMS, RDF, VOID

    from ..store import Table

    sd, formats = Namespace(SD), Namespace(FORMATS)
    service, dataset, graph = URIRef(url), BNode("dataset"), BNode("graph")
    g = Graph()
    g.add((service, RDF.type, sd.Service))
    g.add((service, sd.endpoint, service))
    g.add((service, sd.supportedLanguage, sd.SPARQL11Query))
    g.add((service, DCTERMS.title, Literal("collab-graph: emergency services collaboration in England and Wales (read-only)")))
    for name in RESULT_FORMATS + GRAPH_FORMATS:
        g.add((service, sd.resultFormat, formats[name]))
    g.add((service, sd.defaultDataset, dataset))
    g.add((dataset, RDF.type, sd.Dataset))
    g.add((dataset, sd.defaultGraph, graph))
    g.add((graph, RDF.type, sd.Graph))
    g.add((graph, VOID.triples, Literal(triples)))
    return graph_bytes(Table(["subject", "predicate", "object"], list(g)), fmt)


def service_description(url: str, triples: int, accept: str | None) -> tuple[bytes, str] | None:
    """The SPARQL 1.1 Service Description of the endpoint at ``url`` holding ``triples`` triples, in the
    RDF format ``accept`` prefers: (bytes, content type), or None when it accepts none."""
    fmt = negotiate(accept, graph=True)
    if fmt is None:
        return None
    return _description(url, triples, fmt), GRAPH_TYPES[fmt]
