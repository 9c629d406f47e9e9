"""The real clients against a real `collab-graph serve` on 127.0.0.1, started in the background as a
script would (Ctrl-C ignored): SPARQLWrapper with its defaults, rdflib's SPARQLStore, collab-graph's
own --endpoint, content negotiation, the dataset parameters, CORS, the service description; and
after all of it, and a hundred queries more, nothing on its stderr but the banner (issue 17)."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import SPARQLWrapper

ROOT = Path(__file__).resolve().parents[2]
NWAS = "https://w3id.org/collab-graph/id/org/north-west-ambulance-service"
RELEASE = "https://w3id.org/collab-graph/id/graph/release"
NO_PROXY = urllib.request.build_opener(urllib.request.ProxyHandler({}))
SD = "http://www.w3.org/ns/sparql-service-description#"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(endpoint URL, path of its stderr): `serve --port 0` with SIGINT ignored, as `cmd &` in a script leaves it."""
    folder = tmp_path_factory.mktemp("serve")
    output, errors = folder / "stdout.txt", folder / "stderr.txt"
    with output.open("w") as out, errors.open("w") as err:
        process = subprocess.Popen(
            [sys.executable, "-m", "collab_graph.cli", "serve", "--port", "0"],
            stdout=out,
            stderr=err,
            cwd=ROOT,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_IGN),
        )
    for _ in range(1200):  # the banner, once it listens (at most two minutes)
        if output.read_text().endswith("\n") or process.poll() is not None:
            break
        time.sleep(0.1)
    banner = output.read_text()
    assert banner.startswith("SPARQL endpoint on"), banner + errors.read_text()
    yield banner.split(": ", 1)[1].split(" ", 1)[0], errors
    process.send_signal(signal.SIGTERM)
    assert process.wait(60) == 0


def fetch(url: str, data: bytes | None = None, headers: dict[str, str] | None = None, method: str | None = None):
    """(status, headers, body) of one request."""
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with NO_PROXY.open(req, timeout=60) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode()


def query_url(url: str, query: str, **params: str) -> str:
    return url + "?" + urllib.parse.urlencode({"query": query, **params})


def test_sparqlwrapper_with_its_defaults(served):
    url, _ = served
    client = SPARQLWrapper(url)
    client.setQuery(f"SELECT ?label WHERE {{ <{NWAS}> skos:prefLabel ?label }}")
    rows = client.query().convert()  # XML by default: a DOM
    assert rows.getElementsByTagName("literal")[0].firstChild.data == "North West Ambulance Service"
    client.setQuery("ASK { ?s a cg:PoliceForce }")
    assert client.query().convert().getElementsByTagName("boolean")[0].firstChild.data == "true"
    client.setQuery("CONSTRUCT { ?o a cg:AmbulanceService } WHERE { ?o a cg:AmbulanceService }")
    constructed = client.query().convert()  # RDF/XML by default, parsed into a Graph
    assert isinstance(constructed, Graph) and (URIRef(NWAS), None, None) in constructed
    client.setQuery(f"DESCRIBE <{NWAS}>")
    described = client.query().convert()
    assert isinstance(described, Graph) and len(described) > 10


def test_rdflib_sparqlstore_with_its_defaults(served):
    url, _ = served
    graph = Graph(store=SPARQLStore(url))
    labels = [
        str(row[0]) for row in graph.query(f"SELECT ?label WHERE {{ <{NWAS}> <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }}")
    ]
    assert labels == ["North West Ambulance Service"]
    constructed = graph.query(f"CONSTRUCT {{ <{NWAS}> ?p ?o }} WHERE {{ <{NWAS}> ?p ?o }}").graph
    assert (URIRef(NWAS), RDF.type, None) in constructed


def test_collab_graph_endpoint_against_its_own_serve(served):
    url, _ = served
    args = ["query", "partners-of", "--param", "org=NWAS", "--format", "csv"]
    remote = subprocess.run([sys.executable, "-m", "collab_graph.cli", "--endpoint", url, *args], capture_output=True, text=True, cwd=ROOT)
    local = subprocess.run([sys.executable, "-m", "collab_graph.cli", *args], capture_output=True, text=True, cwd=ROOT)
    assert remote.returncode == 0, remote.stderr
    assert remote.stdout == local.stdout and "Merseyside Police" in remote.stdout


@pytest.mark.parametrize("graph_param", ["default-graph-uri", "named-graph-uri"])
def test_the_one_dataset_by_no_name_or_its_own(served, graph_param):
    url, _ = served
    for value in ("", RELEASE):
        status, _, body = fetch(query_url(url, "ASK { ?s a cg:PoliceForce }", **{graph_param: value}))
        assert (status, json.loads(body)["boolean"]) == (200, True)
    status, _, body = fetch(query_url(url, "ASK {}", **{graph_param: "http://example.org/other"}))
    assert status == 400
    assert body == f"{graph_param} 'http://example.org/other': this endpoint holds one graph, <{RELEASE}> (name it, or none)\n"


def test_unknown_format_is_ignored_and_accept_q_values_honoured(served):
    url, _ = served
    construct = "CONSTRUCT { ?o a cg:AmbulanceService } WHERE { ?o a cg:AmbulanceService }"
    status, headers, body = fetch(query_url(url, construct, format="n3"), headers={"Accept": "text/turtle"})
    assert (status, headers.get_content_type()) == (200, "text/turtle") and "@prefix cg:" in body
    accept = "application/n-triples;q=0.2, application/ld+json;q=0.9, application/rdf+xml;q=0.5"
    status, headers, body = fetch(query_url(url, construct), headers={"Accept": accept})
    assert (status, headers.get_content_type()) == (200, "application/ld+json") and '"cg":' in body
    status, headers, _ = fetch(
        query_url(url, "ASK {}", output="html"), headers={"Accept": "text/csv;q=0.3, application/sparql-results+xml"}
    )
    assert (status, headers.get_content_type()) == (200, "application/sparql-results+xml")


def test_describe_uses_the_project_prefixes(served):
    url, _ = served
    status, _, body = fetch(query_url(url, f"DESCRIBE <{NWAS}>"), headers={"Accept": "text/turtle"})
    assert status == 200 and "@prefix cg: <https://w3id.org/collab-graph/ontology#>" in body and "ns1:" not in body


def test_a_browser_client_on_another_origin_may_send_its_headers_and_read_ours(served):
    url, _ = served
    origin = "http://localhost:9"
    status, headers, _ = fetch(
        url,
        method="OPTIONS",
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type, x-requested-with",
        },
    )
    assert status == 204 and headers["Access-Control-Allow-Origin"] == origin
    assert headers["Access-Control-Allow-Headers"] == "content-type, x-requested-with"
    status, headers, _ = fetch(query_url(url, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"), headers={"Origin": origin, "X-Requested-With": "x"})
    assert status == 200 and headers["X-Result-Capped"] == "true"
    exposed = {h.strip().lower() for h in headers["Access-Control-Expose-Headers"].split(",")}
    assert {"x-result-capped", "x-result-limit", "allow", "warning"} <= exposed
    status, headers, _ = fetch(url, method="OPTIONS", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})
    assert status == 403 and "Access-Control-Allow-Origin" not in headers


def test_an_unknown_ontology_term_is_warned_of_as_query_warns(served):
    """`query` prints "warning: cg:partnr is not a term ..."; the endpoint sends the same as an HTTP Warning."""
    url, _ = served
    status, headers, body = fetch(query_url(url, "SELECT ?o WHERE { ?i cg:partnr ?o }", format="json"))
    assert status == 200 and json.loads(body)["results"]["bindings"] == []
    assert headers["Warning"] == '299 collab-graph "cg:partnr is not a term of the ontology (nearest: cg:partner, cg:partnerGroup)"'
    status, headers, _ = fetch(query_url(url, "SELECT ?o WHERE { ?i cg:partner ?o } LIMIT 1", format="json"))
    assert status == 200 and "Warning" not in headers


def test_the_server_address_leads_to_the_query_page(served):
    url, _ = served
    root = url.removesuffix("/sparql") + "/"
    status, headers, body = fetch(root, headers={"Accept": "text/html"})  # urllib follows the 303
    assert (status, headers.get_content_type()) == (200, "text/html") and "partners-of" in body


def test_service_description_and_query_page(served):
    url, _ = served
    status, headers, body = fetch(url, headers={"Accept": "text/turtle"})
    assert (status, headers.get_content_type()) == (200, "text/turtle")
    description = Graph().parse(data=body, format="turtle")
    assert (URIRef(url), RDF.type, URIRef(SD + "Service")) in description
    assert (URIRef(url), URIRef(SD + "endpoint"), URIRef(url)) in description
    status, headers, body = fetch(url, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert (status, headers.get_content_type()) == (200, "text/html")
    assert "script-src 'self';" in headers["Content-Security-Policy"] and "https://" not in body.split("examples-data")[0]
    assert "partners-of" in body


def test_a_background_serve_stays_quiet_for_a_hundred_queries(served):
    url, errors = served
    queries = ["ASK { ?s a cg:PoliceForce }", f"SELECT ?label WHERE {{ <{NWAS}> skos:prefLabel ?label }}", f"DESCRIBE <{NWAS}>"]
    for i in range(100):
        assert fetch(query_url(url, queries[i % 3]))[0] == 200
    assert errors.read_text() == ""  # the banner is on stdout; stderr is for what went wrong
