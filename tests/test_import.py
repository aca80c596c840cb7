"""Tests for kg.store.imports and ``kg import``: other people's RDF, never fetched, never half-loaded."""
from __future__ import annotations

import http.server
import shutil
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import InputError
from kg.store.imports import MAX_NESTING, default_graph_iri, import_rdf, parse_rdf
from kg.store.local import open_store

EX = "http://example.org/"
FACTS_TTL = f"""@prefix ex: <{EX}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:kim rdfs:label "Kim Jong Un"@en ; ex:leads ex:dprk .
<#note> rdfs:comment "relative IRI, resolved against the graph" .
"""
SAME_FACTS = {
    "facts.ttl": FACTS_TTL,
    "facts.nt": f'<{EX}kim> <http://www.w3.org/2000/01/rdf-schema#label> "Kim Jong Un"@en .\n'
                f"<{EX}kim> <{EX}leads> <{EX}dprk> .\n",
    "facts.nq": f'<{EX}kim> <http://www.w3.org/2000/01/rdf-schema#label> "Kim Jong Un"@en <{EX}g1> .\n'
                f"<{EX}kim> <{EX}leads> <{EX}dprk> <{EX}g2> .\n",
    "facts.trig": f'@prefix ex: <{EX}> .\nex:g1 {{ ex:kim <http://www.w3.org/2000/01/rdf-schema#label> '
                  f'"Kim Jong Un"@en }}\nex:kim ex:leads ex:dprk .\n',
    "facts.rdf": f"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#" xmlns:ex="{EX}">
  <rdf:Description rdf:about="{EX}kim">
    <rdfs:label xml:lang="en">Kim Jong Un</rdfs:label>
    <ex:leads rdf:resource="{EX}dprk"/>
  </rdf:Description>
</rdf:RDF>
""",
    "facts.jsonld": f'{{"@context": {{"ex": "{EX}", "label": {{"@id": '
                    f'"http://www.w3.org/2000/01/rdf-schema#label", "@language": "en"}}, '
                    f'"leads": {{"@id": "ex:leads", "@type": "@id"}}}},\n'
                    f'"@id": "ex:kim", "label": "Kim Jong Un", "leads": "ex:dprk"}}\n',
}
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">
 <rdf:Description rdf:about="http://example.org/x"><ex:p>&lol3;</ex:p></rdf:Description>
</rdf:RDF>
"""


def write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def graph_triples(store_path: Path, graph: str) -> set[str]:
    with open_store(store_path, read_only=True) as store:
        return {str(ox.Triple(q.subject, q.predicate, q.object)) for q in store.quads()
                if q.graph_name == ox.NamedNode(graph)}


def store_snapshot(store_path: Path) -> set[str]:
    with open_store(store_path, read_only=True) as store:
        return {str(q) for q in store.quads()}


@pytest.fixture(scope="module")
def facts_store(tmp_path_factory) -> Path:
    """A closed store holding some facts, built once: tests work on copies (``store_path``)."""
    folder = tmp_path_factory.mktemp("facts")
    with open_store(folder / "store") as store:
        import_rdf(store, write(folder / "before.ttl", FACTS_TTL))
    return folder / "store"


@pytest.fixture
def store_path(tmp_path: Path, facts_store: Path) -> Path:
    """A store that already holds some facts, to check that failed imports leave it untouched
    (the test's own copy of ``facts_store``)."""
    return Path(shutil.copytree(facts_store, tmp_path / "store"))


def kg(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def parser_never_runs(monkeypatch):
    """Refused before parsing (not after a slow or explosive parse): the RDF parser must not be called."""
    def parse(*args, **kwargs):
        raise AssertionError("the parser ran on input that should have been refused before it")

    monkeypatch.setattr("kg.store.imports.ox.parse", parse)


# --- formats ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SAME_FACTS))
def test_every_common_format_imports_into_its_own_graph(tmp_path: Path, store_path: Path, name: str) -> None:
    path = write(tmp_path / name, SAME_FACTS[name])
    result = kg("import", str(path), "--store", str(store_path))
    assert result.exit_code == 0, result.output
    graph = default_graph_iri(path)
    # the named graphs of TriG / N-Quads stay named graphs; triples outside them go to the file's graph
    graphs = {"facts.nq": [f"{EX}g1", f"{EX}g2"], "facts.trig": [f"{EX}g1", graph]}.get(name, [graph])
    assert all(f"<{g}>" in result.output for g in graphs), result.output
    triples = set().union(*(graph_triples(store_path, g) for g in graphs))
    assert f'<{EX}kim> <http://www.w3.org/2000/01/rdf-schema#label> "Kim Jong Un"@en' in triples
    assert f"<{EX}kim> <{EX}leads> <{EX}dprk>" in triples
    assert len(triples) == (3 if name == "facts.ttl" else 2)  # Turtle has a third triple


def test_named_graphs_of_a_dataset_stay_apart_unless_graph_is_given(tmp_path: Path, store_path: Path) -> None:
    """The data loss of issue #14: every named graph of a TriG file was merged into one."""
    path = write(tmp_path / "facts.nq", SAME_FACTS["facts.nq"])
    assert kg("import", str(path), "--store", str(store_path)).exit_code == 0
    assert graph_triples(store_path, f"{EX}g1") == {f'<{EX}kim> <http://www.w3.org/2000/01/rdf-schema#label> "Kim Jong Un"@en'}
    assert graph_triples(store_path, f"{EX}g2") == {f"<{EX}kim> <{EX}leads> <{EX}dprk>"}
    assert graph_triples(store_path, default_graph_iri(path)) == set()
    result = kg("import", str(path), "--graph", f"{EX}one", "--store", str(store_path))  # asked for: one graph
    assert result.exit_code == 0 and len(graph_triples(store_path, f"{EX}one")) == 2


def test_graph_option_names_the_graph_and_reimport_replaces_it(tmp_path: Path, store_path: Path) -> None:
    path = write(tmp_path / "facts.nt", SAME_FACTS["facts.nt"])
    graph = "https://example.org/graphs/hand-made"
    assert kg("import", str(path), "--graph", graph, "--store", str(store_path)).exit_code == 0
    write(path, f"<{EX}kim> <{EX}visited> <{EX}moscow> .\n")
    result = kg("import", str(path), "--graph", graph, "--store", str(store_path))
    assert result.exit_code == 0 and "replacing its previous content" in result.output
    assert graph_triples(store_path, graph) == {f"<{EX}kim> <{EX}visited> <{EX}moscow>"}


def test_relative_iris_resolve_against_the_graph(tmp_path: Path, store_path: Path) -> None:
    graph = default_graph_iri(tmp_path / "before.ttl")
    assert any(t.startswith(f"<{graph}#note>") for t in graph_triples(store_path, graph))


def test_format_option_overrides_the_extension(tmp_path: Path, store_path: Path) -> None:
    path = write(tmp_path / "facts.txt", FACTS_TTL)
    assert kg("import", str(path), "--store", str(store_path)).exit_code == 1  # cannot guess
    result = kg("import", str(path), "--format", "turtle", "--store", str(store_path))
    assert result.exit_code == 0, result.output


# --- malformed files: one message with the line, store untouched ---------------------------


@pytest.mark.parametrize("name, data, line", [
    ("bad.ttl", "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b \"open string\n", 3),
    ("bad.nt", "<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n"
               "<http://example.org/a> <http://example.org/b> .\n", 2),
    ("bad.nq", "<http://example.org/a> <http://example.org/b> <http://example.org/c> <g> .\n", 1),
    ("bad.trig", "@prefix ex: <http://example.org/> .\n\nex:g {\n ex:a ex:b ex:c .\n", 5),  # at EOF
    ("bad.jsonld", '{"@id": "http://example.org/a",\n "http://example.org/p": [1,\n 2,, ]}', 3),
    ("bad.rdf", '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
                '<rdf:Description rdf:about="http://example.org/x">\n</rdf:RDF>\n', 3),
    ("badiri.rdf", '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                   'xmlns:ex="http://example.org/">\n<rdf:Description rdf:about="http://example.org/x">\n'
                   '<ex:p rdf:resource="ht tp://bad iri"/>\n</rdf:Description>\n</rdf:RDF>\n', 3),
    ("bad.ttl", "\ufeff@prefix ex: <http://example.org/> .\nex:a ex:b <not an iri> .\n", 2),
])
def test_malformed_file_gives_one_line_with_its_line_number(
    tmp_path: Path, store_path: Path, name: str, data: str, line: int
) -> None:
    before = store_snapshot(store_path)
    result = kg("import", str(write(tmp_path / name, data)), "--store", str(store_path))
    assert result.exit_code == 1
    assert result.output.startswith("kg: error: ") and result.output.count("\n") == 1, result.output
    assert f"line {line}:" in result.output
    assert "Traceback" not in result.output
    assert store_snapshot(store_path) == before


def test_error_in_the_last_line_of_a_large_file_stores_nothing(tmp_path: Path, store_path: Path) -> None:
    good = "".join(f"<{EX}s{i}> <{EX}p> \"{i}\" .\n" for i in range(20_000))
    path = write(tmp_path / "big.nt", good + "<broken\n")
    before = store_snapshot(store_path)
    result = kg("import", str(path), "--store", str(store_path))
    assert result.exit_code == 1 and "line 20001:" in result.output
    assert store_snapshot(store_path) == before


@pytest.mark.slow
def test_a_document_graph_is_never_overwritten(tmp_path: Path, example_store: Path) -> None:
    with open_store(example_store, read_only=True) as store:
        graph = store.documents()[0].graph
    result = kg("import", str(write(tmp_path / "x.nt", SAME_FACTS["facts.nt"])), "--graph", graph,
                "--store", str(tmp_path / "unused"))
    assert result.exit_code == 1 and "named like a document" in result.output  # kept for documents everywhere
    copy = tmp_path / "copy"
    import shutil

    shutil.copytree(example_store, copy)
    before = store_snapshot(copy)
    result = kg("import", str(tmp_path / "x.nt"), "--graph", graph, "--store", str(copy))
    assert result.exit_code == 1 and "named like a document" in result.output
    assert store_snapshot(copy) == before
    with open_store(copy, read_only=True) as store:  # nor is an actor's description graph
        actor = next(q.graph_name.value for q in store.quads() if "/id/actor/" in q.graph_name.value)
    result = kg("import", str(tmp_path / "x.nt"), "--graph", actor, "--store", str(copy))
    assert result.exit_code == 1 and "actor's description" in result.output
    assert store_snapshot(copy) == before


@pytest.mark.parametrize("graph", ["not an iri", "relative/path", "http://exa mple.org/"])
def test_graph_must_be_an_absolute_iri(tmp_path: Path, store_path: Path, graph: str) -> None:
    path = write(tmp_path / "facts.nt", SAME_FACTS["facts.nt"])
    result = kg("import", str(path), "--graph", graph, "--store", str(store_path))
    assert result.exit_code == 1 and "is not an absolute IRI" in result.output


def test_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = kg("import", str(tmp_path / "nope.ttl"), "--store", str(tmp_path / "s"))
    assert result.exit_code == 2 and "does not exist" in result.output
    assert not (tmp_path / "s").exists()


# --- never fetch, never expand --------------------------------------------------------------


@pytest.fixture
def web_server(serving):
    """A local HTTP server that records every request (none may arrive)."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.end_headers()
            self.wfile.write(b'{"@context": {"name": "http://schema.org/name"}}')

        def log_message(self, *args):
            pass

    with serving(http.server.HTTPServer(("127.0.0.1", 0), Handler)) as server:
        yield f"http://127.0.0.1:{server.server_port}", hits


@pytest.mark.parametrize("context", [
    '"{url}/context.jsonld"',
    '"file://{ctx}"',
    '[{{"ex": "http://example.org/"}}, "{url}/second.jsonld"]',
    '{{"@version": 1.1, "@import": "{url}/imported.jsonld"}}',
])
def test_jsonld_remote_and_file_contexts_are_refused_unfetched(
    tmp_path: Path, store_path: Path, web_server, context: str
) -> None:
    url, hits = web_server
    ctx = write(tmp_path / "ctx.jsonld", '{"@context": {"name": "http://schema.org/name"}}')
    body = '{"@context": %s, "@id": "http://example.org/x", "name": "A"}' % context.format(url=url, ctx=ctx)
    before = store_snapshot(store_path)
    result = kg("import", str(write(tmp_path / "remote.jsonld", body)), "--store", str(store_path))
    assert result.exit_code == 1
    assert "never fetches" in result.output and result.output.count("\n") == 1
    time.sleep(0.05)
    assert hits == []
    assert store_snapshot(store_path) == before


def test_rdfxml_with_entity_declarations_is_refused_at_once(tmp_path: Path, store_path: Path,
                                                              parser_never_runs) -> None:
    before = store_snapshot(store_path)
    result = kg("import", str(write(tmp_path / "lol.rdf", LAUGHS)), "--store", str(store_path))
    assert result.exit_code == 1 and "<!DOCTYPE" in result.output and "line 2:" in result.output
    assert store_snapshot(store_path) == before


@pytest.mark.parametrize("data", [
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>',
    b'<!DOCTYPE rdf:RDF SYSTEM "http://127.0.0.1:9/rdf.dtd"><rdf:RDF/>',
    "\ufeff<!DOCTYPE r [<!ENTITY a 'b'>]><r/>".encode("utf-16"),  # the same refusal in UTF-16
])
def test_any_dtd_is_refused(data: bytes) -> None:
    with pytest.raises(InputError, match="DOCTYPE or <!ENTITY"):
        parse_rdf(data, "rdfxml")


@pytest.mark.parametrize("fmt, data", [
    # Oxigraph's JSON-LD parser recurses: objects 5,000 deep crash Python (segmentation fault).
    ("jsonld", b'{"@id": "http://e/x", "http://e/p": ' + b'{"http://e/p": ' * 5000 + b"1" + b"}" * 5001),
    ("jsonld", b"[" * 70_000 + b"]" * 70_000),
    # Deep RDF/XML takes quadratic time (30,000 levels: 14 s).
    ("rdfxml", b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:e="http://e/">\n'
               + b"<e:p><rdf:Description>" * 30_000 + b"</rdf:Description></e:p>" * 30_000 + b"</rdf:RDF>"),
])
def test_deep_nesting_is_refused_before_parsing(fmt: str, data: bytes, parser_never_runs) -> None:
    with pytest.raises(InputError, match=f"nested more than {MAX_NESTING} levels"):
        parse_rdf(data, fmt)


def test_nesting_inside_json_strings_does_not_count() -> None:
    data = b'{"@id": "http://e/x", "http://e/p": "' + b"[{" * 10_000 + b'"}'
    assert len(parse_rdf(data, "jsonld")) == 1


def test_deep_turtle_is_fine() -> None:
    # Oxigraph's Turtle parser keeps its own stack: 100,000 nested blank nodes parse in ~0.1 s.
    data = b"<http://e/x> <http://e/p> " + b"[ <http://e/p> " * 100_000 + b"1" + b" ]" * 100_000 + b" ."
    assert len(parse_rdf(data, "turtle")) == 100_001


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-32"])
def test_byte_order_marks_are_understood(tmp_path: Path, store_path: Path, encoding: str) -> None:
    # Windows tools write BOMs; Oxigraph's Turtle parser rejects even the UTF-8 one.
    path = tmp_path / "bom.ttl"
    path.write_text(FACTS_TTL.replace("Kim Jong Un", "김정은"), encoding=encoding)
    result = kg("import", str(path), "--store", str(store_path))
    assert result.exit_code == 0, result.output
    assert f'<{EX}kim> <http://www.w3.org/2000/01/rdf-schema#label> "김정은"@en' in graph_triples(
        store_path, default_graph_iri(path))


def test_size_cap(tmp_path: Path, store_path: Path) -> None:
    path = write(tmp_path / "facts.nt", SAME_FACTS["facts.nt"])
    before = store_snapshot(store_path)
    result = kg("import", str(path), "--max-bytes", "50", "--store", str(store_path))
    assert result.exit_code == 1 and "too large" in result.output and "--max-bytes 50" in result.output
    assert store_snapshot(store_path) == before


def test_imported_graph_is_queryable_next_to_documents(tmp_path: Path) -> None:
    path = tmp_path / "s"
    with open_store(path) as store:
        report = import_rdf(store, write(tmp_path / "facts.ttl", FACTS_TTL))
        rows = list(store.query(f"SELECT ?o WHERE {{ <{EX}kim> <{EX}leads> ?o }}"))
    assert report.triples == 3 and report.format == "turtle" and not report.replaced
    assert [row["o"].value for row in rows] == [f"{EX}dprk"]
