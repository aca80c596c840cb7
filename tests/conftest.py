"""Shared fixtures: the loaded reader (model, gazetteer, lexicon) and a store built once."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.prefixes import PREFIXES

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
GOLD = Path(__file__).resolve().parent / "gold"


# ---------------------------------------------------------------- the model, only in slow tests
# `slow` means one thing: the test loads the spaCy model (`make test-fast` runs the others). A test
# that uses the `reader` fixture (directly or through another fixture) must be marked; one that
# loads the model some other way fails at once, in this process or in a `kg` subprocess.
NO_MODEL = "no-model-here--mark-the-test-slow"


def pytest_collection_modifyitems(config, items):
    unmarked = [item.nodeid for item in items
                if "reader" in getattr(item, "fixturenames", ()) and item.get_closest_marker("slow") is None]
    if unmarked:
        raise pytest.UsageError("these tests load the spaCy model (fixture `reader`) but are not marked "
                                "@pytest.mark.slow:\n  " + "\n  ".join(unmarked))


@pytest.fixture(autouse=True)
def model_only_in_slow_tests(request, monkeypatch):
    """Outside slow tests the default model is one that does not exist: loading it fails with its name.

    Through ``$KG_SPACY_MODEL`` this holds in the test's process and in the ``kg`` subprocesses it
    starts; the session's ``reader`` is loaded only by slow tests (checked at collection).
    """
    if request.node.get_closest_marker("slow") is None:
        monkeypatch.setenv("KG_SPACY_MODEL", NO_MODEL)


@pytest.fixture(scope="session")
def reader():
    """The spaCy pipeline with the gazetteer ruler, loaded once for the session."""
    from kg.pipeline.build import load_reader

    return load_reader()


@pytest.fixture(scope="session")
def read(reader):
    """Read one text with the session's model: ``read(text, doc_id="t")`` gives its ``DocumentRecord``."""
    from kg.ingest import content_hash
    from kg.pipeline.build import read_documents
    from kg.records import SourceDocument

    def run(text, doc_id="t"):
        source = SourceDocument(doc_id, text, content_hash(text))
        return next(read_documents(reader, [source]))

    return run


@pytest.fixture(scope="session")
def read_events(reader):
    """Read one text dated 2025-03-05: ``read_events(text)`` gives its events other than statements."""
    from kg.ingest import content_hash
    from kg.pipeline.build import read_documents
    from kg.records import SourceDocument

    def run(text):
        source = SourceDocument("t", text, content_hash(text), date="2025-03-05")
        record = next(read_documents(reader, [source]))
        return [e for e in record.events if e.event_type != "Statement"]

    return run


@pytest.fixture(scope="session")
def lexicon():
    from kg.nlp.lexicon import load_lexicon
    from kg.rdf.ontology import read_event_classes

    return load_lexicon(read_event_classes())


@pytest.fixture(scope="session")
def gazetteer():
    from kg.nlp.gazetteer import load_gazetteer

    return load_gazetteer()


@pytest.fixture(scope="session")
def example_store(tmp_path_factory, reader):
    """A store built from the four example articles (read-only use in tests)."""
    from kg.pipeline.build import build_graph
    from kg.store.local import open_store

    path = tmp_path_factory.mktemp("examples") / "store"
    with open_store(path) as store:
        build_graph([str(EXAMPLES)], store=store, reader=reader)
    return path


@pytest.fixture
def run_query_on(example_store):
    """Run SPARQL on the example store and return rows as lists of strings."""
    from kg.query.run import result_rows, run_query
    from kg.store.local import open_store

    def run(text, **params):
        import pyoxigraph as ox

        with open_store(example_store, read_only=True) as store:
            result = run_query(store, text, params={k: ox.Literal(v) for k, v in params.items()})
            return result_rows(result)[1]

    return run


# ---------------------------------------------------------------- small hand-made stores
KGID, DIPNS = PREFIXES["kgid"], PREFIXES["dip"]


def mini_document(key: str, *, actors=("kim", "trump"), event_type="Summit", date="2019-06-30",
                  content_hash=None, aliases=None) -> tuple[str, str, str]:
    """Return ``(graph IRI, N-Triples, actor descriptions)`` of a small document shaped like ours.

    The same three parts ``kg.rdf.mapping.map_document`` gives, for ``Store.write_document``
    (no spaCy needed). ``aliases`` maps an actor to the other names this document uses for it.
    """
    doc = f"<{KGID}doc/{key}>"
    names = {"kim": "Kim Jong Un", "trump": "Donald Trump", "moon": "Moon Jae-in"}
    t = [f'{doc} a <{DIPNS}Document> .', f'{doc} <http://purl.org/dc/terms/identifier> "{key}" .',
         f'{doc} <{DIPNS}contentHash> "{content_hash or key + "-hash"}" .',
         f'{doc} <http://purl.org/dc/terms/date> "{date}"^^<http://www.w3.org/2001/XMLSchema#date> .']
    described = []
    for actor in actors:
        node = f"<{KGID}actor/{actor}>"
        t.append(f"{doc} <https://schema.org/mentions> {node} .")
        described += [f"{node} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{DIPNS}Person> .", f'{node} <http://www.w3.org/2000/01/rdf-schema#label> "{names[actor]}" .']
        described += [f'{node} <http://www.w3.org/2004/02/skos/core#altLabel> "{alias}" .'
                      for alias in (aliases or {}).get(actor, ())]
    event = f"<{KGID}event/{key}-1>"
    t += [f"{event} a <{DIPNS}{event_type}> .", f"{event} <http://www.w3.org/ns/prov#wasDerivedFrom> {doc} .",
          f'{event} <http://www.w3.org/2000/01/rdf-schema#label> "{event_type}: {key}" .',
          f'{event} <{DIPNS}date> "{date}"^^<http://www.w3.org/2001/XMLSchema#date> .',
          f"{event} <{DIPNS}agent> <{KGID}actor/{actors[0]}> ."]
    if len(actors) > 1:
        t.append(f"{event} <{DIPNS}participant> <{KGID}actor/{actors[1]}> .")
    return doc[1:-1], "\n".join(t) + "\n", "\n".join(described) + "\n"


@pytest.fixture(scope="session")
def mini_store_copy(tmp_path_factory):
    """``mini_store_copy(path)``: write a fresh copy of the two-document store at ``path``.

    The store is built once per session and its closed folder copied (a few ms, where opening,
    writing and closing a store takes a quarter of a second): every test still gets its own."""
    import shutil

    from kg.store.local import open_store

    template = tmp_path_factory.mktemp("mini-template") / "store"
    with open_store(template) as store:
        store.write_document(*mini_document("doc-a", actors=("kim", "trump"), aliases={"kim": ["Kim"]}))
        store.write_document(*mini_document("doc-b", actors=("kim", "moon"), event_type="Meeting",
                                           date="2018-04-27"))

    def copy(path: Path) -> Path:
        shutil.copytree(template, path)
        return path

    return copy


@pytest.fixture
def mini_store(tmp_path, mini_store_copy):
    """A closed store folder with two documents that share the actor Kim Jong Un (the test's own)."""
    return mini_store_copy(tmp_path / "store")


@pytest.fixture(scope="session")
def serving():
    """``with serving(server):`` serves HTTP in a thread and stops the server on leaving.

    The thread polls for shutdown every 20 ms: ``serve_forever``'s default half second would be
    added to every test that stops a server."""
    import contextlib
    import threading

    @contextlib.contextmanager
    def serve(server):
        thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        thread.start()
        try:
            yield server
        finally:
            server.shutdown()
            server.server_close()
            thread.join()

    return serve


@pytest.fixture
def loopback_http(serving):
    """A loopback HTTP server that records every request it receives: ``(url, hits)``."""
    import http.server

    hits = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append((self.command, self.path))
            body = b'{"head":{"vars":[]},"results":{"bindings":[]}}'
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_POST = do_GET

        def log_message(self, *args):
            pass

    with serving(http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)) as server:
        yield f"http://127.0.0.1:{server.server_port}", hits


@pytest.fixture
def mini_doc():
    """The ``mini_document`` maker, for tests that write their own small documents."""
    return mini_document


# ---------------------------------------------------------------- generated corpora and builds
@pytest.fixture
def generated_articles():
    """Write N generated diplomacy articles (benchmarks/corpus.py) into a folder; return it."""
    import sys

    def write(folder: Path, count: int, seed: int = 11) -> Path:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        try:
            from corpus import write_corpus
        finally:
            sys.path.remove(str(ROOT / "benchmarks"))
        write_corpus(folder, count, seed)
        return folder

    return write


@pytest.fixture
def build_into():
    """Build inputs into a store at a path with ``BuildOptions`` fields; return the report."""
    def build(inputs, store_path: Path, reader=None, **options):
        from kg.pipeline.build import BuildOptions, build_graph
        from kg.store.local import open_store

        with open_store(store_path) as store:
            return build_graph([str(i) for i in inputs], store=store, reader=reader, options=BuildOptions(**options))

    return build


@pytest.fixture
def store_nquads():
    """A store's content as a set of N-Quads lines (IRIs are deterministic, no blank nodes)."""
    def read(store_path: Path) -> set[str]:
        from kg.store.local import open_store

        with open_store(store_path, read_only=True) as store:
            return {str(q) for q in store.quads()}

    return read
