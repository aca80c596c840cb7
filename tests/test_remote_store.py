"""``--store URL``: build, list, remove and query through a real Oxigraph server."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import QueryError, StoreError
from kg.query.run import bundled_queries, result_rows, run_query
from kg.store.remote import RemoteStore, endpoints
from kg.store.local import open_store

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
OXIGRAPH = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")

pytestmark = pytest.mark.skipif(OXIGRAPH is None, reason="the `oxigraph` server (pip install oxigraph) is missing")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """An Oxigraph server on a free loopback port, in a temporary folder; stopped afterwards."""
    port = free_port()
    child = subprocess.Popen([OXIGRAPH, "serve", "--location", str(tmp_path / "oxigraph"), "--bind", f"127.0.0.1:{port}"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(url + "/query?query=ASK%7B%7D", timeout=1).read()
            break
        except OSError:
            if time.monotonic() > deadline or child.poll() is not None:
                child.kill()
                pytest.fail("oxigraph server did not start")
            time.sleep(0.1)
    yield url
    child.terminate()
    child.wait(timeout=10)


@pytest.fixture
def filled(server, mini_doc):
    with open_store(server) as store:
        store.write_document(*mini_doc("doc-a", actors=("kim", "trump"), aliases={"kim": ["Kim"]}))
        store.write_document(*mini_doc("doc-b", actors=("kim", "moon"), event_type="Meeting", date="2018-04-27"))
    return server


def test_endpoint_conventions():
    assert endpoints("http://h:7878/") == ("http://h:7878/query", "http://h:7878/update")
    assert endpoints("https://h/ds/query") == ("https://h/ds/query", "https://h/ds/update")
    assert endpoints("http://h/repositories/kg", "http://h/repositories/kg/statements") == (
        "http://h/repositories/kg", "http://h/repositories/kg/statements")


def test_open_store_returns_a_remote_store_with_the_same_methods(filled, mini_doc):
    with open_store(filled) as store:
        assert isinstance(store, RemoteStore)
        docs = store.documents()
        assert [d.doc_id for d in docs] == ["doc-a", "doc-b"]
        assert docs[0].actors == 2 and docs[0].events == 1 and docs[0].triples > 10
        graph = store.graph_for_doc_id("doc-a")
        assert store.stored_hash(graph) == "doc-a-hash"
        assert len(store) == len(list(store.quads())) > sum(d.triples for d in docs)  # + the actor graphs
        # writing the same document again changes nothing; removing keeps actors other documents mention
        before = {(q.subject, q.predicate, q.object, q.graph_name) for q in store.quads()}
        store.write_document(*mini_doc("doc-a", actors=("kim", "trump"), aliases={"kim": ["Kim"]}))
        assert {(q.subject, q.predicate, q.object, q.graph_name) for q in store.quads()} == before
        assert store.remove_graph(graph) and not store.remove_graph(graph)
        assert [d.doc_id for d in store.documents()] == ["doc-b"]
        kim = run_query(store, 'SELECT ?n { <https://w3id.org/diplokg/id/actor/kim> rdfs:label|skos:altLabel ?n }')
        assert result_rows(kim)[1] == [["Kim Jong Un"]]  # one label; doc-a's alias went with it
        trump = run_query(store, 'ASK { <https://w3id.org/diplokg/id/actor/trump> ?p ?o }')
        assert result_rows(trump)[1] == [["false"]]


def test_a_server_store_holds_the_same_dataset_as_a_local_one(server, mini_doc, tmp_path):
    docs = [mini_doc("doc-a", actors=("kim", "trump"), aliases={"kim": ["Kim"]}),
            mini_doc("doc-b", actors=("kim", "moon"), aliases={"kim": ["Chairman Kim"]}),
            mini_doc("doc-a", actors=("moon",), content_hash="changed")]
    datasets = []
    for location in (server, tmp_path / "local"):
        with open_store(location) as store:
            for doc in docs:
                store.write_document(*doc)
            datasets.append({(q.subject, q.predicate, q.object, q.graph_name) for q in store.quads()})
    assert datasets[0] == datasets[1] and len(datasets[0]) > 20


def test_queries_through_the_server(filled):
    with open_store(filled, read_only=True) as store:
        result = run_query(store, bundled_queries()["events-of-actor"].text, params={"name": ox.Literal("Kim Jong Un")})
        assert sorted(r[3] for r in result_rows(result)[1]) == ["Meeting: doc-b", "Summit: doc-a"]
        assert result_rows(run_query(store, "ASK { ?e a dip:Meeting }"))[1] == [["true"]]
        graph = run_query(store, "CONSTRUCT WHERE { ?a a dip:Person }")
        assert graph.kind == "graph" and len(list(graph.value)) == 3
        with pytest.raises(QueryError, match="UPDATE is not allowed"):
            run_query(store, "DROP ALL")
        with pytest.raises(QueryError, match="HTTP 400"):
            run_query(store, "SELECT * { ?s ?p }")
        with pytest.raises(StoreError, match="read-only"):
            store.remove_graph(store.graph_for_doc_id("doc-a"))


def test_cli_list_query_remove_through_the_server(filled):
    runner = CliRunner()
    out = runner.invoke(main, ["list", "--store", filled])
    assert out.exit_code == 0 and "doc-a" in out.output and "doc-b" in out.output
    out = runner.invoke(main, ["query", "who-met-whom", "--store", filled, "--format", "csv"])
    assert out.exit_code == 0 and "Donald Trump,Kim Jong Un,Summit" in out.output
    out = runner.invoke(main, ["remove", "doc-a", "--store", filled])
    assert out.exit_code == 0 and "removed doc-a" in out.output
    out = runner.invoke(main, ["list", "--store", filled + "/query", "--store-update", filled + "/update"])
    assert out.exit_code == 0 and "doc-a" not in out.output and "doc-b" in out.output


def test_unreachable_server_gives_one_message():
    out = CliRunner().invoke(main, ["list", "--store", f"http://127.0.0.1:{free_port()}"])
    assert out.exit_code == 1 and out.output.startswith("kg: error: cannot open store http://127.0.0.1:")
    assert out.output.count("\n") == 1


@pytest.mark.slow
def test_build_through_the_server(server):
    """A real build (spaCy) into the server: incremental, one named graph per document."""
    build = [sys.executable, "-m", "kg.cli", "build", str(EXAMPLES), "--store", server, "-q"]
    first = subprocess.run(build, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert first.returncode == 0, first.stderr
    assert "built 4 documents (0 unchanged)" in first.stdout
    again = subprocess.run(build, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert "built 0 documents (4 unchanged)" in again.stdout
    with open_store(server, read_only=True) as store:
        docs = store.documents()
        assert len(docs) == 4 and all(d.events > 0 for d in docs)
        for name in bundled_queries():
            run_query(store, bundled_queries()[name].text)


@pytest.mark.slow
def test_events_found_across_documents_on_a_server_as_locally(server, reader, tmp_path):
    """The event graphs (kg.store.events) come out the same through SPARQL as from a local store's indexes."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from corpus import write_corpus
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    from kg.ingest import iter_documents
    from kg.pipeline.build import read_graphs
    from kg.records import SourceDocument

    write_corpus(tmp_path / "stories", 9, seed=5, outlets=3)
    sources = [d for d in iter_documents([str(tmp_path / "stories")]) if isinstance(d, SourceDocument)]
    documents = [(g.graph, g.ntriples, g.descriptions, g.reports) for g in read_graphs(reader, sources)]
    datasets = []
    for location in (server, tmp_path / "local"):
        with open_store(location) as store:
            store.write_documents(documents)
            store.remove_graph(documents[0][0])
            datasets.append({(q.subject, q.predicate, q.object, q.graph_name) for q in store.quads()})
    events = {q[3] for q in datasets[1] if q[3].value.startswith("https://w3id.org/diplokg/id/event/")}
    assert datasets[0] == datasets[1] and len(events) > 5
