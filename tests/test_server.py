"""``kg serve``: a real SPARQL 1.1 Protocol endpoint, queried by real clients over HTTP."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from kg.query.server import endpoint_url, make_server
from kg.store.local import open_store

ROOT = Path(__file__).resolve().parents[1]
PEOPLE = "PREFIX dip: <https://w3id.org/diplokg/ontology#> PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> " \
         "SELECT DISTINCT ?n WHERE { ?a a dip:Person ; rdfs:label ?n } ORDER BY ?n"
NAMES = ["Donald Trump", "Kim Jong Un", "Moon Jae-in"]


@pytest.fixture
def endpoint(mini_store):
    with open_store(mini_store, read_only=True) as store:
        server = make_server(store, port=0, quiet=True, cors_origin="https://yasgui.example")
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        yield endpoint_url(server)
        server.shutdown()
        server.server_close()


def http(url, *, data=None, headers=None, method=None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


def test_sparqlwrapper_client(endpoint):
    from SPARQLWrapper import JSON, XML, SPARQLWrapper

    client = SPARQLWrapper(endpoint)
    client.setQuery(PEOPLE)
    client.setReturnFormat(JSON)
    assert [b["n"]["value"] for b in client.query().convert()["results"]["bindings"]] == NAMES
    client.setReturnFormat(XML)
    client.setMethod("POST")
    assert len(client.query().convert().getElementsByTagName("result")) == 3


def test_rdflib_sparqlstore_client(endpoint):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = rdflib.Graph(store=SPARQLStore(endpoint))
    assert [str(r.n) for r in graph.query(PEOPLE)] == NAMES
    constructed = graph.query("CONSTRUCT { ?a <http://e/name> ?n } WHERE { ?a <http://www.w3.org/2000/01/rdf-schema#label> ?n }")
    assert {str(o) for o in constructed.graph.objects()} >= set(NAMES)


@pytest.mark.parametrize("accept,expected,fmt", [
    ("application/sparql-results+json", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ("application/sparql-results+xml", "application/sparql-results+xml", ox.QueryResultsFormat.XML),
    ("text/tab-separated-values", "text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ("text/csv;q=0.9, application/sparql-results+xml;q=0.5", "text/csv", None),
    ("*/*", "application/sparql-results+json", ox.QueryResultsFormat.JSON),
])
def test_get_with_content_negotiation(endpoint, accept, expected, fmt):
    status, headers, body = http(endpoint + "?" + urllib.parse.urlencode({"query": PEOPLE}), headers={"Accept": accept})
    assert status == 200 and headers["Content-Type"].startswith(expected)
    if fmt is not None:
        assert [r["n"].value for r in ox.parse_query_results(body, format=fmt)] == NAMES
    else:
        assert body.decode().splitlines() == ["n"] + NAMES


def test_post_form_and_direct_body(endpoint):
    status, _, body = http(endpoint, data=urllib.parse.urlencode({"query": PEOPLE}).encode(),
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 3
    status, headers, body = http(endpoint, data=b"CONSTRUCT WHERE { ?a a <https://w3id.org/diplokg/ontology#Person> }",
                                 headers={"Content-Type": "application/sparql-query", "Accept": "application/n-triples"})
    assert status == 200 and headers["Content-Type"].startswith("application/n-triples")
    assert len(list(ox.parse(body, format=ox.RdfFormat.N_TRIPLES))) == 3
    status, headers, body = http(endpoint, data=b"ASK { ?s ?p ?o }", headers={"Content-Type": "application/sparql-query"})
    assert status == 200 and json.loads(body)["boolean"] is True


def test_dataset_parameters(endpoint):
    graph = "https://w3id.org/diplokg/id/doc/doc-a"
    query = "SELECT DISTINCT ?id WHERE { ?d <http://purl.org/dc/terms/identifier> ?id }"
    status, _, body = http(endpoint + "?" + urllib.parse.urlencode({"query": query, "default-graph-uri": graph}))
    assert status == 200 and [b["id"]["value"] for b in json.loads(body)["results"]["bindings"]] == ["doc-a"]


def test_errors(endpoint):
    status, _, body = http(endpoint, data=urllib.parse.urlencode({"update": "DROP ALL"}).encode(),
                           headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403 and b"read-only" in body
    status, _, body = http(endpoint + "?" + urllib.parse.urlencode({"query": "DROP ALL"}))
    assert status == 403
    status, _, body = http(endpoint, data=b"DROP ALL", headers={"Content-Type": "application/sparql-update"})
    assert status == 403
    status, _, body = http(endpoint + "?" + urllib.parse.urlencode({"query": "SELECT * { ?s ?p }"}))
    assert status == 400 and b"syntax error at line 1" in body
    status, _, body = http(endpoint + "?" + urllib.parse.urlencode({"query": PEOPLE}), headers={"Accept": "image/png"})
    assert status == 406
    status, _, body = http(endpoint + "?" + urllib.parse.urlencode(
        {"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"}))
    assert status == 400 and b"--allow-network" in body
    status, _, _ = http(endpoint.replace("/sparql", "/nowhere"))
    assert status == 404
    status, _, _ = http(endpoint, data=b"x", headers={"Content-Type": "text/plain"})
    assert status == 415


def test_cors_preflight(endpoint):
    status, headers, _ = http(endpoint, method="OPTIONS")
    assert status == 204 and headers["Access-Control-Allow-Origin"] == "https://yasgui.example"


def test_kg_serve_command(mini_store):
    """The real command: starts on a loopback port, answers, stops on SIGINT."""
    child = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(mini_store), "--port", "0", "-q"],
                             cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        line = child.stderr.readline()
        assert "read-only at http://127.0.0.1:" in line
        url = line.split(" at ")[1].split()[0]
        status, _, body = http(url + "?" + urllib.parse.urlencode({"query": PEOPLE}))
        assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 3
    finally:
        child.send_signal(2)
        try:
            child.wait(timeout=30)  # generous: a loaded CI machine once took over 10 s here
        except subprocess.TimeoutExpired:
            child.kill()
            _, rest = child.communicate()
            raise AssertionError(f"kg serve did not stop on SIGINT; its stderr: {rest[-2000:]!r}") from None
    assert child.returncode == 0
