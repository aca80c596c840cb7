"""Query output: well-formed XML whatever the text holds, tables that cannot drive the terminal,
tables capped and streamed, a final newline everywhere, and the query read from standard input."""
from __future__ import annotations

import io
import json
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from kg.cli import main
from kg.query.output import StreamWriter, clean_xml, write_table
from kg.store.local import open_store

HOSTILE = "Kim\x00Jong\x01Un\x07 \x1b]0;owned\x07\x1b[2J \u202eevil\u202c \ufffe end"
LABEL = "SELECT ?label WHERE { <http://e/hostile> <http://e/label> ?label }"


@pytest.fixture
def hostile_store(tmp_path):
    path = tmp_path / "store"
    with open_store(path) as store:
        store.load_triples([ox.Quad(ox.NamedNode("http://e/hostile"), ox.NamedNode("http://e/label"),
                                    ox.Literal(HOSTILE), ox.NamedNode("http://e/g"))])
    return path


def query(store, *args, input=None):
    out = CliRunner().invoke(main, ["query", *args, "--store", str(store)], input=input)
    assert out.exit_code == 0, out.output
    return out.stdout_bytes


def test_xml_results_parse_whatever_the_labels_hold(hostile_store):
    data = query(hostile_store, LABEL, "--format", "xml")
    ET.fromstring(data)  # raised "not well-formed (invalid token)" on the raw \x00
    result = rdflib.query.Result.parse(io.BytesIO(data), format="xml")
    value = str(next(iter(result))[0])
    assert value.startswith("Kim\ufffdJong\ufffdUn\ufffd ") and "\u202eevil" in value and value.endswith(" end")


def test_rdfxml_output_parses_whatever_the_labels_hold(hostile_store):
    data = query(hostile_store, "CONSTRUCT WHERE { ?s <http://e/label> ?o }", "--format", "rdfxml")
    ET.fromstring(data)
    graph = rdflib.Graph().parse(data=data, format="xml")
    assert len(graph) == 1


def test_the_endpoint_sends_well_formed_xml(hostile_store, serving):
    from kg.query.server import endpoint_url, make_server

    with open_store(hostile_store, read_only=True) as store:
        with serving(make_server(store, port=0, quiet=True, workers=1)) as server:
            for text, accept in ((LABEL, "application/sparql-results+xml"),
                                 ("CONSTRUCT WHERE { ?s <http://e/label> ?o }", "application/rdf+xml")):
                request = urllib.request.Request(endpoint_url(server) + "?" + urllib.parse.urlencode({"query": text}),
                                                 headers={"Accept": accept})
                with urllib.request.urlopen(request, timeout=30) as response:
                    ET.fromstring(response.read())


def test_table_output_cannot_drive_the_terminal(hostile_store):
    text = query(hostile_store, LABEL).decode("utf-8")
    for raw in ("\x1b", "\x07", "\x00", "\u202e", "\u202c"):
        assert raw not in text
    assert "\\x1b]0;owned\\x07\\x1b[2J" in text and "\\u202eevil" in text


def test_other_formats_keep_the_text_exactly(hostile_store):
    data = json.loads(query(hostile_store, LABEL, "--format", "json"))
    assert data["results"]["bindings"][0]["label"]["value"] == HOSTILE


@pytest.mark.parametrize("fmt,text", [
    ("json", LABEL), ("xml", LABEL), ("csv", LABEL), ("tsv", LABEL), ("table", LABEL),
    ("jsonld", "CONSTRUCT WHERE { ?s <http://e/label> ?o }"), ("rdfxml", "CONSTRUCT WHERE { ?s <http://e/label> ?o }"),
    ("turtle", "CONSTRUCT WHERE { ?s <http://e/label> ?o }"), ("json", "ASK { ?s ?p ?o }"),
])
def test_every_format_ends_with_a_newline(hostile_store, fmt, text):
    assert query(hostile_store, text, "--format", fmt).endswith(b"\n")


def test_the_query_can_come_from_standard_input(hostile_store):
    data = query(hostile_store, "-", "--format", "json", input=LABEL)
    assert json.loads(data)["results"]["bindings"][0]["label"]["value"] == HOSTILE


def test_the_table_is_capped_with_a_note_and_other_formats_give_every_row(hostile_store):
    many = "SELECT ?n WHERE { VALUES ?n { " + " ".join(str(i) for i in range(2500)) + " } }"
    lines = query(hostile_store, many).decode().splitlines()
    assert len(lines) == 2 + 1000 + 1 and "--format tsv" in lines[-1] and "--limit" in lines[-1]
    lines = query(hostile_store, many, "--limit", "0").decode().splitlines()
    assert len(lines) == 2 + 2500 + 1 and lines[-1] == "2500 rows"
    assert len(query(hostile_store, many, "--limit", "1200").decode().splitlines()) == 2 + 1200 + 1
    assert len(query(hostile_store, many, "--format", "tsv").decode().splitlines()) == 1 + 2500


def test_the_table_streams_its_rows():
    """Rows are written as they come: the first is out before the iterator is used up."""
    written = io.StringIO()

    def rows():
        for i in range(3000):
            if i == 2000:
                assert "row 5\n" in written.getvalue()  # already written
            yield [f"row {i}"]

    assert write_table(["n"], rows(), written, limit=None) == 3000


def test_stream_writer_cleans_xml_cut_across_chunks():
    out = io.BytesIO()
    writer = StreamWriter(out, xml=True)
    for chunk in (b"<a>x\xef", b"\xbf\xbe", b"y\x00</a", b">"):  # U+FFFE split over two writes
        writer.write(chunk)
    writer.finish()
    assert out.getvalue() == clean_xml(b"<a>x\xef\xbf\xbey\x00</a>") + b"\n"
    ET.fromstring(out.getvalue())
