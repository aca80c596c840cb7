"""Reading in worker processes gives the same graph as reading in this process."""
from __future__ import annotations

import datetime as dt
import random
from concurrent.futures import Future
from pathlib import Path

import pytest

from kg.pipeline.parallel import batches, ordered_results

ROOT = Path(__file__).resolve().parents[1]


def test_ordered_results_keep_order_and_stream():
    submitted = []

    def submit(batch):
        submitted.append(batch)
        future = Future()
        future.set_result([x * 10 for x in batch])
        return future

    consumed = []

    def items():
        for i in range(10):
            consumed.append(i)
            yield i

    out = ordered_results(submit, items(), in_flight=2, batch_documents=3)
    assert next(out) == 0
    assert len(consumed) <= 2 * 3 + 1  # a few batches ahead, never the whole stream
    assert [0, *out] == [x * 10 for x in range(10)]
    assert [len(b) for b in submitted] == [3, 3, 3, 1]


def test_batches_of_an_empty_stream():
    assert list(batches(iter(()), 4)) == []


def test_month_day_fast_path_agrees_with_dateparser():
    """kg.extract.time reads "June 3" itself; it must give what dateparser would."""
    from kg.extract.time import MONTHS, dateparser_date, parse_date

    rng = random.Random(5)
    for _ in range(120):
        anchor = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(3000))
        day = anchor + dt.timedelta(days=rng.choice([-40, -1, 0, 1, 40, rng.randrange(-400, 400)]))
        month = MONTHS[day.month - 1].capitalize()
        for text in (f"{month} {day.day}", f"{month} {day.day}, {day.year}", f"{month} {rng.randint(28, 31)} {day.year}"):
            for chosen in (anchor, None):
                future = rng.random() < 0.4
                assert parse_date(text, chosen, future=future) == dateparser_date(text, chosen, future=future), \
                    (text, chosen, future)


@pytest.mark.slow
def test_memory_zone_frees_the_strings_of_a_batch(reader):
    from kg.pipeline.build import read_graphs
    from kg.records import SourceDocument

    word = "Zorbluxian"
    text = f"Seoul, June 3 2025 — The {word} delegation met South Korean officials on Tuesday.\n"
    [result] = read_graphs(reader, [SourceDocument("zone-test", text, "h")])
    assert word in result.ntriples  # the sentence text made it into the graph
    assert word not in reader.nlp.vocab.strings  # but spaCy's string store did not keep it


@pytest.mark.slow
def test_two_workers_build_the_same_graph_as_one(tmp_path, reader, generated_articles, store_nquads,
                                                 build_into):
    corpus = generated_articles(tmp_path / "corpus", 24)
    inputs = [corpus, ROOT / "examples" / "articles"]
    one = build_into(inputs, tmp_path / "one", reader=reader)
    two = build_into(inputs, tmp_path / "two", workers=2)
    assert (two.documents, two.actors, two.events, two.triples) == (one.documents, one.actors, one.events, one.triples)
    assert sorted(two.doc_ids) == sorted(one.doc_ids)
    assert store_nquads(tmp_path / "two") == store_nquads(tmp_path / "one")


@pytest.mark.slow
def test_cli_build_with_workers(tmp_path):
    from click.testing import CliRunner

    from kg.cli import main

    result = CliRunner().invoke(main, ["build", str(ROOT / "examples" / "articles"), "--store",
                                       str(tmp_path / "store"), "--workers", "2", "-q"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("built 4 documents")


@pytest.mark.slow
def test_build_flushes_the_store_every_few_documents(tmp_path, reader, monkeypatch):
    """Oxigraph's write buffers grow with every document until flushed: RSS must stay flat."""
    from kg.pipeline.build import BuildOptions, build_graph
    from kg.store.local import open_store

    flushes = []
    with open_store(tmp_path / "store") as store:
        monkeypatch.setattr(store, "flush", lambda: flushes.append(True), raising=False)
        report = build_graph([str(ROOT / "examples" / "articles")], store=store, reader=reader,
                             options=BuildOptions(write_batch=1, flush_writes=2))
    assert report.documents == 4 and len(flushes) == 2


@pytest.mark.slow
def test_reports_travel_as_json_between_processes_and_as_objects_within_one(reader):
    from kg.pipeline.build import BuildOptions, read_batch, read_graphs
    from kg.pipeline.parallel import worker_local
    from kg.records import SourceDocument
    from kg.store.events import parse_reports

    text = "Seoul, June 3 2025 — South Korea and Japan signed a trade agreement in Seoul on Tuesday.\n"
    source = SourceDocument("travel-test", text, "h")
    [here] = read_graphs(reader, [source])
    assert here.parsed and list(here.parsed) == parse_reports(here.reports)  # the writer thread needs no parsing
    worker_local(("reader", None), lambda: reader)  # what a worker process loads on its first batch
    [sent] = read_batch([source], BuildOptions())
    assert sent.parsed == () and sent.reports == here.reports  # only the JSON is pickled
