"""A very long document is read, mapped and stored in pieces, all or nothing (issue #15.2).

The piece size is made small here (a few hundred characters) so that a short text of our own
shows the edges: the split, offsets that point at the right text of the whole document, events of
every piece stored, and a failure or a kill half way that leaves no part of the document behind.
Memory itself is measured by ``benchmarks/bench_build.py --only long``, not here.
"""
from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from kg import iris
from kg.pipeline.pieces import piece_bounds, shift_record
from kg.prefixes import PREFIXES
from kg.records import DocumentRecord, Event, EventMention, Mention, Sentence, Span

DIP = PREFIXES["dip"]
PIECE = 400  # characters a piece, in these tests
PARAGRAPHS = [
    "WARSAW, March 4 2024 — Polish Foreign Minister Radoslaw Sikorski met German Foreign Minister "
    "Annalena Baerbock in Warsaw on Monday to discuss aid to Ukraine.",
    "The two ministers agreed to hold talks on air defence next month, a Polish spokesman said.",
    "Japan condemned the missile launch by North Korea on Sunday as a threat to regional peace.",
    "Sikorski travelled to Kyiv on Wednesday, where he met Ukrainian President Volodymyr Zelensky.",
    "France imposed sanctions on three Russian companies accused of supplying drones to Iran.",
    "Baerbock warned that Germany would respond firmly to any attack on its allies.",
    "China and Brazil signed a trade agreement in Beijing on Thursday, the Chinese ministry said.",
    "Zelensky thanked Poland for its support and urged Western leaders to send more weapons.",
]
TEXT = "\n\n".join(PARAGRAPHS) + "\n"
SHORT = "GENEVA, June 3 2025 — Sergei Lavrov met Marco Rubio in Geneva on Tuesday to discuss a ceasefire.\n"


def test_pieces_cover_the_text_and_end_at_paragraph_breaks() -> None:
    bounds = piece_bounds(TEXT, PIECE)
    assert len(bounds) > 2
    assert bounds[0][0] == 0 and bounds[-1][1] == len(TEXT)
    assert all(end == start for (_, end), (start, _) in zip(bounds, bounds[1:]))  # no gap, no overlap
    assert all(0 < end - start <= PIECE for start, end in bounds)
    assert all(TEXT[end - 2:end] == "\n\n" for _, end in bounds[:-1])
    one_line = "word " * 300  # no paragraph break: cut at a space, still within the size
    assert all(0 < e - s <= PIECE and one_line[e - 1] == " " for s, e in piece_bounds(one_line, PIECE)[:-1])
    assert piece_bounds("x" * 1000, PIECE) == [(0, 400), (400, 800), (800, 1000)]


def test_a_piece_record_moves_to_its_place_in_the_whole_text() -> None:
    trigger = Span(4, 7, "met")
    record = DocumentRecord(
        "d", "Kim met Moon.", "h", sentences=(Sentence(0, 0, 13, "Kim met Moon."),),
        mentions=(Mention("kim", Span(0, 3, "Kim"), 0, "actor.ner"),),
        events=(Event("4-7-1", "Meeting", trigger, 0, "r", mentions=(EventMention(trigger, 0, "r"),)),))
    moved = shift_record(record, 100, 5)
    assert moved.sentences[0] == Sentence(5, 100, 113, "Kim met Moon.")
    assert moved.mentions[0].span == Span(100, 103, "Kim") and moved.mentions[0].sentence == 5
    event = moved.events[0]
    assert (event.event_id, event.trigger, event.sentence) == ("104-107-1", Span(104, 107, "met"), 5)
    assert event.mentions[0] == EventMention(Span(104, 107, "met"), 5, "r")
    assert shift_record(record, 0, 0) is record


def rows(store_path: Path, query: str) -> list[list[str]]:
    from kg.store.local import open_store

    with open_store(store_path, read_only=True) as store:
        return [[term.value for term in row] for row in store.query(f"PREFIX dip: <{DIP}> {query}")]


@pytest.mark.slow
def test_a_document_above_the_piece_size_is_split_and_stored_whole(reader, tmp_path, build_into) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "long.txt").write_text(TEXT, encoding="utf-8")
    report = build_into([tmp_path / "in"], tmp_path / "store", reader=reader, piece_chars=PIECE)
    assert (report.documents, report.failed) == (1, [])
    store = tmp_path / "store"
    sentences = rows(store, "SELECT ?t ?s ?e WHERE { ?x a dip:Sentence ; dip:text ?t ; dip:charStart ?s ; dip:charEnd ?e }")
    triggers = rows(store, "SELECT ?t ?s ?e WHERE { ?x dip:triggerText ?t ; dip:triggerStart ?s ; dip:triggerEnd ?e }")
    names = rows(store, "SELECT ?s ?e WHERE { ?x dip:mentionOf ?a ; dip:charStart ?s ; dip:charEnd ?e }")
    for covered, start, end in sentences + triggers:
        assert TEXT[int(start):int(end)] == covered, (start, end, covered)
    assert len(sentences) == len({s for _, s, _ in sentences}) == len(PARAGRAPHS) + 1  # one sentence each, once
    last_piece = piece_bounds(TEXT, PIECE)[-1][0]
    assert max(int(s) for _, s, _ in triggers) > last_piece  # events of the last piece are stored
    assert max(int(s) for s, _ in names) > last_piece
    assert "Zelensky" in {TEXT[int(s):int(e)] for s, e in names}
    # one document, with the first piece's date and dateline place only
    assert rows(store, "SELECT ?d WHERE { ?doc a dip:Document ; <http://purl.org/dc/terms/date> ?d }") == [["2024-03-04"]]
    assert len(rows(store, "SELECT ?p WHERE { ?doc dip:datelinePlace ?p }")) == 1
    assert rows(store, f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e <{PREFIXES['prov']}wasDerivedFrom> ?d }}")[0][0] \
        == str(report.events)
    assert report.events >= 5


@pytest.mark.slow
def test_a_failure_in_a_later_piece_stores_no_part_of_the_document(reader, tmp_path, build_into, store_nquads,
                                                                    monkeypatch) -> None:
    import kg.extract

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "long.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "in" / "short.txt").write_text(SHORT, encoding="utf-8")
    expected = build_into([tmp_path / "in" / "short.txt"], tmp_path / "expected", reader=reader)
    real = kg.extract.extract_document

    def failing(doc, source, **kwargs):
        if "Zelensky thanked" in source.text:  # the last piece: the others were stored already
            raise ValueError("a fault put in on purpose")
        return real(doc, source, **kwargs)

    monkeypatch.setattr(kg.extract, "extract_document", failing)
    report = build_into([tmp_path / "in"], tmp_path / "store", reader=reader, piece_chars=PIECE)
    assert [(f.source, "a fault put in on purpose" in f.reason) for f in report.failed] == [("long", True)]
    assert report.doc_ids == ["short"] and report.events == expected.events
    assert store_nquads(tmp_path / "store") == store_nquads(tmp_path / "expected")


_KILLED_WRITER = """
import os, pickle, sys
from kg.store.local import open_store
from kg.store.pieces import write_pieces
graph, pieces = pickle.load(open(sys.argv[2], "rb"))
def pieces_then_kill():
    yield from pieces[:2]
    os._exit(9)  # killed half way: no clean-up, no close
with open_store(sys.argv[1]) as store:
    write_pieces(store, graph, pieces_then_kill())
"""


@pytest.mark.slow
def test_a_kill_half_way_leaves_no_part_of_the_document(reader, tmp_path, build_into, store_nquads) -> None:
    from kg.pipeline.build import BuildOptions
    from kg.pipeline.pieces import read_pieces
    from kg.records import SourceDocument
    from kg.store.local import open_store
    from kg.store.pieces import PENDING_PIECES

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "short.txt").write_text(SHORT, encoding="utf-8")
    build_into([tmp_path / "in"], tmp_path / "store", reader=reader)
    before = store_nquads(tmp_path / "store")
    source = SourceDocument("long", TEXT, "h")
    pieces = [(g.graph, g.ntriples, g.descriptions, g.reports)
              for g in read_pieces(reader, source, BuildOptions(piece_chars=PIECE))]
    assert len(pieces) > 2
    data = tmp_path / "pieces.pickle"
    data.write_bytes(pickle.dumps((iris.document_iri("long"), pieces)))
    child = subprocess.run([sys.executable, "-c", _KILLED_WRITER, str(tmp_path / "store"), str(data)],
                           capture_output=True, text=True, env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert child.returncode == 9, child.stderr
    assert (tmp_path / "store" / PENDING_PIECES).exists()  # it did stop half way
    with open_store(tmp_path / "store"):  # the next writer drops the half-written document
        pass
    assert not (tmp_path / "store" / PENDING_PIECES).exists()
    assert store_nquads(tmp_path / "store") == before
