"""``kg serve``: a real SPARQL 1.1 Protocol endpoint, queried by real clients over HTTP."""
from __future__ import annotations

import json
import subprocess
import sys
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


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory, mini_store_copy, serving):
    """One endpoint for the module's protocol tests: it is read-only, and none of them stops a
    worker (those that do start their own server below)."""
    path = mini_store_copy(tmp_path_factory.mktemp("endpoint") / "store")
    with open_store(path, read_only=True) as store:
        with serving(make_server(store, port=0, quiet=True, cors_origin="https://yasgui.example")) as server:
            yield endpoint_url(server)


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


# ---------------------------------------------------------------- protocol details
def test_get_without_a_query_describes_the_service_or_is_400(endpoint):
    status, headers, body = http(endpoint, headers={"Accept": "text/turtle"})
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    graph = rdflib.Graph().parse(data=body, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = graph.value(predicate=rdflib.RDF.type, object=sd.Service)
    assert graph.value(service, sd.endpoint) == rdflib.URIRef(endpoint)
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert rdflib.URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON") in set(graph.objects(service, sd.resultFormat))
    for accept in (None, "*/*", "text/html"):
        status, _, body = http(endpoint, headers={"Accept": accept} if accept else {})
        assert status == 400 and b"no query" in body


def test_head_vary_and_options(endpoint):
    url = endpoint + "?" + urllib.parse.urlencode({"query": PEOPLE})
    status, get_headers, body = http(url)
    assert status == 200 and body and "Accept" in get_headers["Vary"]
    status, headers, body = http(url, method="HEAD")
    assert status == 200 and body == b"" and headers["Content-Length"] == get_headers["Content-Length"]
    assert headers["Content-Type"] == get_headers["Content-Type"]
    status, headers, _ = http(endpoint, method="OPTIONS", headers={
        "Origin": "https://yasgui.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert status == 204 and "POST" in headers["Access-Control-Allow-Methods"]
    assert "content-type" in headers["Access-Control-Allow-Headers"].lower()


def test_named_graph_uri_alone_leaves_the_default_graph_empty(endpoint):
    graph = "https://w3id.org/diplokg/id/doc/doc-a"
    any_triple = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
    status, _, body = http(endpoint + "?" + urllib.parse.urlencode({"query": any_triple, "named-graph-uri": graph}))
    assert status == 200 and json.loads(body)["results"]["bindings"] == []
    in_graph = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    status, _, body = http(endpoint + "?" + urllib.parse.urlencode({"query": in_graph, "named-graph-uri": graph}))
    assert [b["g"]["value"] for b in json.loads(body)["results"]["bindings"]] == [graph]


def raw_request(url: str, request: bytes, *, read: bool = True) -> bytes:
    """Send raw bytes to the endpoint's host and return what comes back."""
    import socket

    parts = urllib.parse.urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port), timeout=20) as sock:
        sock.sendall(request)
        sock.shutdown(socket.SHUT_WR)
        chunks = []
        while read:
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
        return b"".join(chunks)


@pytest.mark.parametrize("headers,status", [
    (b"Content-Length: -1\r\n", b"400"),
    (b"Content-Length: abc\r\n", b"400"),
    (b"Content-Length: 5\r\nContent-Length: 7\r\n", b"400"),
    (b"Transfer-Encoding: chunked\r\n", b"411"),
    (b"", b"411"),
    (b"Content-Length: 209715200\r\n", b"413"),
])
def test_request_bodies_are_refused_as_http_says(endpoint, headers, status):
    body = b"5\r\nASK{}\r\n0\r\n\r\n" if b"chunked" in headers else b"ASK {}"
    answer = raw_request(endpoint, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                         + headers + b"\r\n" + body)
    assert answer.startswith(b"HTTP/1.1 " + status), answer[:200]
    assert b"Traceback" not in answer
    status_code, _, body = http(endpoint + "?" + urllib.parse.urlencode({"query": PEOPLE}))
    assert status_code == 200  # and the endpoint goes on


def test_the_body_cap_holds_without_reading_the_body(endpoint):
    """A 200 MB body announced is refused at once, before a byte of it is read."""
    import socket
    import time

    parts = urllib.parse.urlsplit(endpoint)
    with socket.create_connection((parts.hostname, parts.port), timeout=20) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: 209715200\r\n\r\n")
        started = time.monotonic()
        assert sock.recv(100).startswith(b"HTTP/1.1 413")
        assert time.monotonic() - started < 10


def test_a_query_that_kills_the_engine_ends_only_its_worker(mini_store, monkeypatch, serving):
    """With the bounds lifted, 3,000 nested braces overflow Oxigraph's stack: the worker dies, the
    request gets 500, and the endpoint answers the next query from a fresh worker."""
    import kg.query.guard as guard

    monkeypatch.setattr(guard, "MAX_DEPTH", 10**6)
    monkeypatch.setattr(guard, "MAX_TOKENS", 10**6)
    hostile = "SELECT * WHERE " + "{" * 3000 + " ?s ?p ?o " + "}" * 3000
    with open_store(mini_store, read_only=True) as store:
        server = make_server(store, port=0, quiet=True, workers=1)
        with serving(server):
            url = endpoint_url(server)
            status, _, body = http(url, data=hostile.encode(), headers={"Content-Type": "application/sparql-query"})
            assert status == 500 and b"query engine stopped" in body and b"SIGSEGV" in body
            status, _, body = http(url + "?" + urllib.parse.urlencode({"query": PEOPLE}))
            assert status == 200 and len(json.loads(body)["results"]["bindings"]) == 3


def test_the_default_time_limit_stops_a_runaway_query(mini_store, serving):
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . ?p ?q ?r }"
    with open_store(mini_store, read_only=True) as store:
        # two workers: the next query finds the other one idle, however long the killed worker's
        # replacement takes to start on a loaded machine (the request's own limit is 1 s too)
        server = make_server(store, port=0, quiet=True, workers=2, timeout=1)
        assert make_server.__kwdefaults__["timeout"]  # a limit is on unless asked off
        with serving(server):
            url = endpoint_url(server)
            status, headers, body = http(url + "?" + urllib.parse.urlencode({"query": runaway}))
            assert status == 503 and b"stopped after 1 s" in body and headers["Retry-After"]
            status, _, body = http(url + "?" + urllib.parse.urlencode({"query": PEOPLE}))
            assert status == 200


def test_listen_backlog_lets_many_clients_connect_at_once(mini_store):
    """Connections wait in the kernel's queue until a thread accepts them: with a backlog of 5
    the seventh connect waited for a SYN retry (a second or more)."""
    import socket

    with open_store(mini_store, read_only=True) as store:
        server = make_server(store, port=0, quiet=True, workers=1)
        try:
            host, port = server.server_address[:2]
            sockets = [socket.create_connection((host, port), timeout=0.5) for _ in range(60)]  # not accepting yet
            for sock in sockets:
                sock.close()
        finally:
            server.server_close()


def test_quiet_server_logs_no_traceback_for_dropped_connections(mini_store):
    import socket
    import struct

    child = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(mini_store), "--port", "0", "-q",
                              "--workers", "1"], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        url = child.stderr.readline().split(" at ")[1].split()[0]
        parts = urllib.parse.urlsplit(url)
        for partial in (b"GET /sparql?query=", b"POST /sparql HTTP/1.1\r\nContent-Length: 100\r\n\r\nASK"):
            sock = socket.create_connection((parts.hostname, parts.port))
            sock.sendall(partial)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # reset, not close
            sock.close()
        status, _, _ = http(url + "?" + urllib.parse.urlencode({"query": PEOPLE}))
        assert status == 200
    finally:
        child.send_signal(2)
        _, err = child.communicate(timeout=30)
    assert "Traceback" not in err and "Exception" not in err, err
