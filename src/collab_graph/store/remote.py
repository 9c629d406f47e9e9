"""A remote SPARQL 1.1 endpoint as a store: queried through the Protocol, loaded through the
Graph Store Protocol (HTTP PUT of the whole graph) or SPARQL 1.1 Update.

Only the standard library talks to the server (urllib, with Basic or Digest authentication,
as Virtuoso's ``/sparql-auth`` and ``/sparql-graph-crud-auth`` require). The release graph
lives in one named graph (``StoreConfig.graph_iri``); queries name it as the protocol's
``default-graph-uri``, so the library's queries answer the same as on the embedded stores.
Nothing is contacted unless the user names an endpoint.

>>> parse_term({"type": "literal", "value": "2015", "datatype": "http://www.w3.org/2001/XMLSchema#gYear"})
rdflib.term.Literal('2015', datatype=rdflib.term.URIRef('http://www.w3.org/2001/XMLSchema#gYear'))
>>> parse_term({"type": "uri", "value": "urn:x"})
rdflib.term.URIRef('urn:x')
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from itertools import islice

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .base import XSD_STRING, EndpointError, Result, Store, StoreConfig, Table

DEFAULT_TIMEOUT = 60.0
UPDATE_CHUNK = 1_000
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class RemoteStore(Store):
    """A SPARQL 1.1 endpoint; ``timeout`` bounds every request (seconds)."""

    name = "endpoint"

    def __init__(self, config: StoreConfig, timeout: float = DEFAULT_TIMEOUT):
        if not config.endpoint:
            raise ValueError("RemoteStore needs an endpoint URL")
        self.config = config
        self.timeout = timeout
        self.opener = opener(config.endpoint, config.user, config.password)
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, _root(config.endpoint), config.user or "", config.password or "")
        self._digest = urllib.request.HTTPDigestAuthHandler(manager)

    def query(self, sparql: str, limit: int | None = None) -> Result:
        params = {"query": sparql}
        if self.config.graph_iri:
            params["default-graph-uri"] = self.config.graph_iri
        body = urllib.parse.urlencode(params).encode("utf-8")
        accept = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
        _, ctype, data = self.request(
            "POST", self.config.endpoint, body, {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}
        )
        return parse_result(data, ctype, limit)

    def request(self, method: str, url: str | None, body: bytes | None, headers: dict[str, str]) -> tuple[int, str, bytes]:
        """Send one request; (status, content type, body), or EndpointError naming the URL and the problem."""
        assert url is not None
        req = urllib.request.Request(url, data=body, headers=headers, method=method)
        if body and self.config.user is not None:
            self._digest_ahead(req)
        try:
            with self.opener.open(req, timeout=self.timeout) as response:
                state = response.headers.get("X-SQL-State")  # Virtuoso's "anytime" answers: cut short, flagged only here
                if state:
                    message = response.headers.get("X-SQL-Message", "")
                    raise EndpointError(f"{method} {_shown(url)}: the server returned incomplete results ({state} {message})")
                return response.status, response.headers.get_content_type(), response.read()
        except urllib.error.HTTPError as exc:
            detail = " ".join(exc.read().decode("utf-8", "replace").split())[:300]
            raise EndpointError(f"{method} {_shown(url)}: HTTP {exc.code} {exc.reason}: {detail}") from None
        except (urllib.error.URLError, OSError) as exc:
            reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
            if isinstance(reason, socket.timeout | TimeoutError):
                raise EndpointError(f"{method} {_shown(url)}: no answer after {self.timeout:g} s") from None
            if body and isinstance(reason, BrokenPipeError | ConnectionResetError):
                raise EndpointError(
                    f"{method} {_shown(url)}: the server closed the connection while receiving the data (refused credentials? {reason})"
                ) from None
            raise EndpointError(f"{method} {_shown(url)}: cannot connect ({reason})") from None

    def _digest_ahead(self, req: urllib.request.Request) -> None:
        """Answer a Digest challenge before sending a body: some servers (Virtuoso) reset the
        connection when they refuse a large unauthenticated body, so urllib never gets to retry."""
        probe = urllib.request.Request(req.full_url, method="GET")
        try:
            with urllib.request.build_opener(*_proxy_handlers(req.full_url)).open(probe, timeout=self.timeout):
                return
        except urllib.error.HTTPError as exc:
            challenge = exc.headers.get("www-authenticate", "") if exc.code == 401 else ""
        except (urllib.error.URLError, OSError):
            return  # the real request reports the problem
        scheme, _, rest = challenge.partition(" ")
        if scheme.lower() != "digest":
            return
        fields = urllib.request.parse_keqv_list(filter(None, urllib.request.parse_http_list(rest)))
        auth = self._digest.get_authorization(req, fields)
        if auth:
            req.add_unredirected_header("Authorization", f"Digest {auth}")

    def count(self) -> int:
        """The number of triples in the configured graph."""
        table = self.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
        assert isinstance(table, Table)
        return int(table.rows[0][0])  # type: ignore[arg-type]

    def push_gsp(self, graph: Graph, gsp_url: str) -> None:
        """Replace the configured graph with ``graph`` by one Graph Store Protocol PUT."""
        url = _with_param(gsp_url, "graph", self.config.graph_iri)
        data = graph.serialize(format="nt", encoding="utf-8")
        self.request("PUT", url, data, {"Content-Type": "application/n-triples; charset=utf-8"})

    def push_update(self, graph: Graph, update_url: str, chunk: int = UPDATE_CHUNK) -> None:
        """Replace the configured graph with ``graph`` by SPARQL 1.1 Update (DROP, then INSERT DATA in chunks)."""
        iri = f"<{self.config.graph_iri}>"
        if any(isinstance(term, BNode) for triple in graph for term in triple):
            raise EndpointError("push by SPARQL Update cannot keep blank nodes across chunks: use --gsp")
        self._update(update_url, f"DROP SILENT GRAPH {iri}")
        triples = iter(sorted(graph))
        while batch := list(islice(triples, chunk)):
            lines = "\n".join(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in batch)
            self._update(update_url, f"INSERT DATA {{ GRAPH {iri} {{\n{lines}\n}} }}")

    def _update(self, url: str, text: str) -> None:
        body = urllib.parse.urlencode({"update": text}).encode("utf-8")
        self.request("POST", url, body, {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})


def opener(url: str, user: str | None, password: str | None) -> urllib.request.OpenerDirector:
    """A urllib opener answering Basic and Digest challenges with ``user``/``password``; no proxy for loopback."""
    handlers: list[urllib.request.BaseHandler] = []
    if user is not None:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, _root(url), user, password or "")
        handlers += [urllib.request.HTTPDigestAuthHandler(manager), _BasicOnly(manager)]
    return urllib.request.build_opener(*handlers, *_proxy_handlers(url))


def _proxy_handlers(url: str) -> list[urllib.request.BaseHandler]:
    """No proxy for the loopback; the environment's proxy settings otherwise."""
    return [urllib.request.ProxyHandler({})] if urllib.parse.urlsplit(url).hostname in LOOPBACK else []


class _BasicOnly(urllib.request.HTTPBasicAuthHandler):
    """Basic authentication that leaves other challenges (Digest) to their own handler."""

    def http_error_401(self, req, fp, code, msg, headers):  # type: ignore[no-untyped-def]
        challenges = headers.get_all("www-authenticate") or []
        if not any(c.strip().lower().startswith("basic") for c in challenges):
            return None
        return super().http_error_401(req, fp, code, msg, headers)


def parse_result(data: bytes, ctype: str, limit: int | None = None) -> Result:
    """A SPARQL Protocol response as a Table, a bool or a Graph."""
    if ctype in {"application/sparql-results+json", "application/json"}:
        doc = json.loads(data.decode("utf-8"))
        if "boolean" in doc:
            return bool(doc["boolean"])
        columns = list(doc["head"].get("vars", []))
        bindings = islice(doc["results"]["bindings"], limit)
        return Table(columns, [tuple(parse_term(b[c]) if c in b else None for c in columns) for b in bindings])
    formats = {"application/n-triples": "nt", "text/plain": "nt", "text/turtle": "turtle", "application/rdf+xml": "xml"}
    if ctype in formats:
        return Graph().parse(data=data.decode("utf-8"), format=formats[ctype])
    raise EndpointError(f"the endpoint answered with unexpected content type {ctype!r}")


def parse_term(value: dict[str, str]) -> Node:
    """One SPARQL JSON results term as the equal rdflib term."""
    kind = value["type"]
    if kind == "uri":
        return URIRef(value["value"])
    if kind == "bnode":
        return BNode(value["value"])
    if "xml:lang" in value:
        return Literal(value["value"], lang=value["xml:lang"])
    datatype = value.get("datatype")
    if datatype and datatype != XSD_STRING:
        return Literal(value["value"], datatype=URIRef(datatype))
    return Literal(value["value"])


def _with_param(url: str, key: str, value: str) -> str:
    """``url`` with ``key=value`` added to its query string."""
    joiner = "&" if urllib.parse.urlsplit(url).query else "?"
    return f"{url}{joiner}{urllib.parse.urlencode({key: value})}"


def _root(url: str) -> str:
    """The server's root URL: credentials apply to every path on it (query, update and GSP URLs differ).

    >>> _root("http://127.0.0.1:8890/sparql?x=1")
    'http://127.0.0.1:8890/'
    """
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def _shown(url: str) -> str:
    """``url`` without its query string (which may hold a whole query)."""
    return url.split("?", 1)[0]
