"""`collab-graph serve`: a read-only SPARQL 1.1 Protocol endpoint, used by a real client (SPARQLWrapper)."""

from __future__ import annotations

import csv
import http.client
import io
import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from SPARQLWrapper import CSV, JSON, TSV, XML, SPARQLWrapper

from collab_graph.sparql.run import QueryRunner
from collab_graph.sparql.server import MAX_BODY, SparqlServer

PARTNERS_OF_NWAS = """
SELECT DISTINCT ?name WHERE {
  ?impl cg:partner <https://w3id.org/collab-graph/id/org/north-west-ambulance-service> , ?other .
  ?other skos:prefLabel ?name .
  FILTER(?other != <https://w3id.org/collab-graph/id/org/north-west-ambulance-service>)
} ORDER BY ?name
"""
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))


@pytest.fixture(scope="module")
def endpoint(graph):
    server = SparqlServer(("127.0.0.1", 0), QueryRunner(graph), limit=500, timeout=10)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.url
    server.shutdown()
    server.server_close()


def client(url: str, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    sparql = SPARQLWrapper(url)
    sparql.setQuery(query)
    sparql.setReturnFormat(fmt)
    sparql.setMethod(method)
    return sparql


def request(url: str, data: bytes | None = None, headers: dict[str, str] | None = None, method: str | None = None):
    """(status, content type, body) of one request."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with NO_PROXY.open(req, timeout=30) as response:
            return response.status, response.headers.get_content_type(), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get_content_type(), exc.read().decode()


def test_sparqlwrapper_json_get_and_post(endpoint):
    for method in ("GET", "POST"):
        result = client(endpoint, "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>" + PARTNERS_OF_NWAS, JSON, method).queryAndConvert()
        names = [b["name"]["value"] for b in result["results"]["bindings"]]
        assert "Cumbria Constabulary" in names and "Merseyside Police" in names, method
        assert names == sorted(names)


def test_every_results_format_by_negotiation(endpoint):
    query = "SELECT ?label WHERE { <https://w3id.org/collab-graph/id/org/north-west-ambulance-service> skos:prefLabel ?label }"
    as_json = client(endpoint, query, JSON).queryAndConvert()
    assert as_json["results"]["bindings"][0]["label"]["value"] == "North West Ambulance Service"
    as_xml = client(endpoint, query, XML).queryAndConvert()
    assert as_xml.getElementsByTagName("literal")[0].firstChild.data == "North West Ambulance Service"
    as_csv = client(endpoint, query, CSV).queryAndConvert().decode()
    assert list(csv.reader(io.StringIO(as_csv))) == [["label"], ["North West Ambulance Service"]]
    as_tsv = client(endpoint, query, TSV).queryAndConvert().decode()
    assert as_tsv.splitlines() == ["?label", '"North West Ambulance Service"']


def test_ask_and_construct(endpoint):
    ask = client(endpoint, "ASK { ?s a cg:PoliceForce }", JSON).queryAndConvert()
    assert ask["boolean"] is True
    status, ctype, body = request(
        endpoint + "?" + urllib.parse.urlencode({"query": "CONSTRUCT { ?o a cg:AmbulanceService } WHERE { ?o a cg:AmbulanceService }"}),
        headers={"Accept": "application/n-triples"},
    )
    assert (status, ctype) == (200, "application/n-triples")
    assert "<https://w3id.org/collab-graph/id/org/north-west-ambulance-service>" in body


def test_sparql_query_body(endpoint):
    status, ctype, body = request(
        endpoint, b"SELECT (COUNT(*) AS ?n) WHERE { ?s a cg:AmbulanceService }", {"Content-Type": "application/sparql-query"}
    )
    assert (status, ctype) == (200, "application/sparql-results+json")
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) >= 10


@pytest.mark.parametrize(
    ("data", "headers", "status"),
    [
        (urllib.parse.urlencode({"update": "DROP ALL"}).encode(), {"Content-Type": "application/x-www-form-urlencoded"}, 403),
        (b"INSERT DATA { <urn:a> <urn:b> <urn:c> }", {"Content-Type": "application/sparql-update"}, 403),
        (
            urllib.parse.urlencode({"query": "DELETE WHERE { ?s ?p ?o }"}).encode(),
            {"Content-Type": "application/x-www-form-urlencoded"},
            403,
        ),
        (urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p "}).encode(), {"Content-Type": "application/x-www-form-urlencoded"}, 400),
        (b"", {"Content-Type": "application/x-www-form-urlencoded"}, 400),
        (b"SELECT * {}", {"Content-Type": "text/plain"}, 415),
    ],
)
def test_updates_and_bad_requests_are_refused(endpoint, graph, data, headers, status):
    before = len(graph)
    got, _, body = request(endpoint, data, headers)
    assert got == status, body
    assert len(graph) == before


def test_a_body_over_the_limit_is_refused_before_it_is_read(endpoint, graph):
    """413 as soon as the headers announce more than MAX_BODY bytes. The client sends only the first
    kilobyte: sending the whole body races the server's answer (a broken pipe on a loaded machine)."""
    parts = urllib.parse.urlsplit(endpoint)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    connection.putrequest("POST", parts.path)
    connection.putheader("Content-Type", "application/sparql-query")
    connection.putheader("Content-Length", str(MAX_BODY + 1))
    connection.endheaders(b"x" * 1024)
    response = connection.getresponse()
    assert response.status == 413, response.read()
    connection.close()
    assert len(graph) > 0


def test_write_methods_and_other_paths(endpoint):
    assert request(endpoint, b"<urn:a> <urn:b> <urn:c> .", {"Content-Type": "application/n-triples"}, "PUT")[0] == 405
    assert request(endpoint.replace("/sparql", "/other") + "?query=ASK%7B%7D")[0] == 404
    assert request(endpoint + "?query=ASK%7B%7D", headers={"Accept": "image/png"})[0] == 406


def test_concurrent_clients_get_identical_answers(endpoint):
    queries = [
        PARTNERS_OF_NWAS,
        PARTNERS_OF_NWAS.replace("?name", "?label"),
        "SELECT ?name WHERE { ?o a cg:PoliceForce ; skos:prefLabel ?name } ORDER BY ?name",
    ]

    def one(i: int) -> list[str]:  # different queries at once: the parser must not be shared unsafely
        result = client(endpoint, queries[i % 3], JSON).queryAndConvert()
        return [next(iter(b.values()))["value"] for b in result["results"]["bindings"]]

    with ThreadPoolExecutor(16) as pool:
        answers = list(pool.map(one, range(150)))
    assert all(answer == answers[i % 3] for i, answer in enumerate(answers))
    assert answers[0] == answers[1] and len(answers[0]) > 10
    assert "Kent Police" in answers[2]
