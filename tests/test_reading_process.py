"""`kg build` with one worker reads in two child processes, one parsing and one extracting
(kg.pipeline.stages), and stores in its own (kg.pipeline.build).

The child-process path keeps every guarantee of reading in the building process: a document
that fails is listed and the others are stored, --fail-fast stops at it, documents are stored
and reported in input order, progress names every input, and the graph is the same. A build
handed a loaded reader (tests, notebooks) reads in its own process.
"""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kg import ingest
from kg.pipeline import build as pipeline_build
from kg.pipeline.options import BuildOptions
from kg.records import SourceDocument

ROOT = Path(__file__).resolve().parents[1]


def _reading_path(monkeypatch, options: BuildOptions, reader=None, cores: int = 2) -> str:
    """Which way ``_Build.reading`` reads: "process" (kg.pipeline.parallel) or "here"."""
    import kg.pipeline.parallel

    monkeypatch.setattr(kg.pipeline.parallel, "map_batches_parallel", lambda task, sources, **kw: ("process", kw))
    monkeypatch.setattr(pipeline_build, "read_in_two_processes", lambda sources, options: ("stages", {}))
    monkeypatch.setattr(pipeline_build, "read_graphs", lambda reader, sources, options: ("here", reader))
    monkeypatch.setattr(pipeline_build, "load_reader", lambda model: "loaded here")
    monkeypatch.setattr(pipeline_build, "_cores", lambda: cores)
    where, detail = pipeline_build._Build(None, options, reader, None).reading(iter([]))
    return f"{where} x{detail['workers']}" if where == "process" else where


def test_one_worker_reads_in_child_processes_unless_given_a_reader(monkeypatch):
    assert _reading_path(monkeypatch, BuildOptions()) == "stages"  # one process parses, another extracts
    assert _reading_path(monkeypatch, BuildOptions(workers=2)) == "process x2"
    assert _reading_path(monkeypatch, BuildOptions(), reader="given") == "here"
    assert _reading_path(monkeypatch, BuildOptions(workers=2), reader="given") == "process x2"
    assert _reading_path(monkeypatch, BuildOptions(reading_process=False)) == "here"
    assert _reading_path(monkeypatch, BuildOptions(), cores=1) == "here"  # nothing to overlap on one core


def test_the_reading_process_reads_with_the_model_chosen_when_the_build_starts(monkeypatch):
    """Worker processes fork from a server that keeps the environment it started with: the model
    is chosen in the building process, from ``--model`` or ``$KG_SPACY_MODEL`` as they are now."""
    import kg.pipeline.parallel

    handed = []
    monkeypatch.setattr(kg.pipeline.parallel, "map_batches_parallel",
                        lambda task, sources, **kw: handed.append(task.keywords["options"]))
    monkeypatch.setattr(pipeline_build, "read_in_two_processes", lambda sources, options: handed.append(options))
    monkeypatch.setattr(pipeline_build, "_cores", lambda: 2)
    for workers in (1, 2):
        monkeypatch.setenv("KG_SPACY_MODEL", f"model-of-this-build-{workers}")
        pipeline_build._Build(None, BuildOptions(workers=workers), None, None).reading(iter([]))
        assert handed[-1].model == f"model-of-this-build-{workers}"
    pipeline_build._Build(None, BuildOptions(model="asked-for"), None, None).reading(iter([]))
    assert handed[-1].model == "asked-for"


# Put in the reading processes on purpose (its module is importable there): extraction fails on a text
# holding ATLANTIS, through the reading's own failure handling; the pid of each reading process is noted.
FAULTY = '''
import os
from pathlib import Path


def _note(stage):
    with open(Path(__file__).with_name("readers.txt"), "a") as noted:
        noted.write(f"{stage} {os.getpid()}\\n")


def parse_batch(sources, options):
    from kg.pipeline.stages import parse_batch as real

    _note("parse")
    return real(sources, options)


def extract_batch(items, options):
    import kg.extract
    from kg.pipeline.stages import extract_batch as real

    if not getattr(kg.extract.extract_document, "faulty", False):
        extract = kg.extract.extract_document

        def failing(doc, source, **kwargs):
            if "ATLANTIS" in source.text:
                raise RuntimeError("boom on ATLANTIS")
            return extract(doc, source, **kwargs)

        failing.faulty = True
        kg.extract.extract_document = failing
    _note("extract")
    return real(items, options)
'''

# Builds in a fresh interpreter (its process pool starts with the helper on sys.path), through
# build_graph with no reader (so a reading process) and through the CLI; prints what each did.
SCRIPT = '''
import json, os, sys
sys.path.insert(0, {helper!r})
import faulty
from kg.pipeline import build, stages
stages.parse_batch, stages.extract_batch = faulty.parse_batch, faulty.extract_batch
build._cores = lambda: 2  # the child-process path even on a one-core machine
from kg.pipeline.build import BuildOptions, build_graph
from kg.store.local import open_store

out = {{"pid": os.getpid()}}


def run(name, folder, **options):
    seen = []
    with open_store({stores!r} + "/" + name) as store:
        report = build_graph([folder], store=store, options=BuildOptions(**options), on_document=seen.append)
    out[name] = {{"doc_ids": report.doc_ids, "failed": [f"{{f.source}}: {{f.reason}}" for f in report.failed],
                 "stopped": report.stopped, "stored": report.stored, "seen": seen}}


run("all", {mixed!r}, write_batch=4)
run("fast", {mixed!r}, write_batch=4, fail_fast=True)
run("good", {good!r})
from kg.cli import main
try:
    main(["build", {mixed!r}, "--store", {stores!r} + "/cli", "-q"])
except SystemExit as stop:
    out["cli_exit"] = stop.code
print("RESULT " + json.dumps(out))
'''


def _articles(folder: Path, count: int, failing_at: int | None = None) -> Path:
    folder.mkdir(parents=True)
    for i in range(count):
        place = "ATLANTIS" if i == failing_at else "Geneva"
        (folder / f"a{i:03d}.txt").write_text(
            f"{place}, June {i % 27 + 1} 2020 — Envoy {i} met the foreign minister of Norway in Geneva on "
            f"Monday to discuss a trade agreement.\n", encoding="utf-8")
    return folder


def _input_order(folder: Path) -> list[str]:
    return [d.doc_id for d in ingest.iter_documents([str(folder)]) if isinstance(d, SourceDocument)]


@pytest.mark.slow
def test_a_build_through_the_reading_process(tmp_path, reader, build_into, store_nquads):
    helper = tmp_path / "helper"
    helper.mkdir()
    (helper / "faulty.py").write_text(FAULTY, encoding="utf-8")
    mixed = _articles(tmp_path / "mixed", 40, failing_at=21)  # three batches of 16 for the reading process
    good = _articles(tmp_path / "good", 20)
    script = SCRIPT.format(helper=str(helper), stores=str(tmp_path / "stores"), mixed=str(mixed), good=str(good))
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout.split("RESULT ", 1)[1])
    noted = [line.split() for line in (helper / "readers.txt").read_text().splitlines()]
    parsing = {int(pid) for stage, pid in noted if stage == "parse"}
    extracting = {int(pid) for stage, pid in noted if stage == "extract"}
    assert parsing and extracting and not parsing & extracting  # parsed in one process, extracted in another
    assert out["pid"] not in parsing | extracting  # neither of them the building process

    order = _input_order(mixed)
    failing = order[21]
    everything = out["all"]
    assert everything["failed"] == [f"{failing}: extraction error (RuntimeError: boom on ATLANTIS at "
                                    f"{everything['failed'][0].split(' at ', 1)[1]}"]
    assert everything["doc_ids"] == [d for d in order if d != failing]  # stored in input order, the rest kept
    assert everything["stored"] == 39 and not everything["stopped"]
    assert everything["seen"] == order  # progress: every input, in order

    fast = out["fast"]
    assert fast["stopped"] and fast["doc_ids"] == order[:21]  # stopped at the failure, what came before stored
    assert len(fast["failed"]) == 1

    assert out["cli_exit"] == 2  # built, but an input failed
    assert f"failed {failing}: extraction error (RuntimeError: boom on ATLANTIS" in run.stderr
    assert "Traceback" not in run.stderr

    # the same graph as reading in this process with a loaded reader
    build_into([good], tmp_path / "here", reader=reader)
    assert store_nquads(tmp_path / "stores" / "good") == store_nquads(tmp_path / "here")


# A reading process dies (as when the system kills it for memory) on a text holding VANISH: the
# parsing one, given the texts, or the extracting one, given the parsed documents.
VANISHING = """
import os, signal

from kg.pipeline import stages


def parse_batch(sources, options):
    if {stage!r} == "parse" and any("VANISH" in source.text for source in sources):
        os.kill(os.getpid(), signal.SIGKILL)
    return stages.parse_batch(sources, options)


def extract_batch(items, options):  # a test's items: every one parsed, with its source
    if {stage!r} == "extract" and any("VANISH" in getattr(item, "source", "").text for item in items):
        os.kill(os.getpid(), signal.SIGKILL)
    return stages.extract_batch(items, options)
"""

VANISH_SCRIPT = """
import json, sys
sys.path.insert(0, {helper!r})
import vanishing
from kg.pipeline import build, stages
stages.parse_batch, stages.extract_batch = vanishing.parse_batch, vanishing.extract_batch
build._cores = lambda: 2
from kg.errors import KGError
from kg.pipeline.build import BuildOptions, build_graph
from kg.store.local import open_store

out = {{}}
try:
    with open_store({stores!r} + "/lib") as store:
        build_graph([{folder!r}], store=store, options=BuildOptions(write_batch=4))
except KGError as error:
    out["error"] = str(error)
with open_store({stores!r} + "/lib", read_only=True) as store:
    out["stored"] = sorted(d.doc_id for d in store.documents())
from kg.cli import main
try:
    main(["build", {folder!r}, "--store", {stores!r} + "/cli", "-q"])
except SystemExit as stop:
    out["cli_exit"] = stop.code
print("RESULT " + json.dumps(out))
"""


@pytest.mark.slow
@pytest.mark.parametrize("stage", ["parse", "extract"])
def test_a_reading_process_that_dies_ends_the_build_with_a_message(tmp_path, stage):
    helper = tmp_path / "helper"
    helper.mkdir()
    (helper / "vanishing.py").write_text(VANISHING.format(stage=stage), encoding="utf-8")
    folder = _articles(tmp_path / "in", 40)
    (folder / "a021.txt").write_text("VANISH, June 1 2020 — The envoys met on Monday.\n", encoding="utf-8")
    script = VANISH_SCRIPT.format(helper=str(helper), stores=str(tmp_path / "stores"), folder=str(folder))
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout.split("RESULT ", 1)[1])
    message = "a reading process stopped unexpectedly (killed, or out of memory); the documents stored before are kept"
    assert out["error"] == message
    order = _input_order(folder)
    assert out["stored"] == sorted(order[:len(out["stored"])])  # what was stored is whole documents, the first ones
    assert len(out["stored"]) <= 16  # the batch with the dead process's document and those after it: none
    assert out["cli_exit"] == 1 and f"kg: error: {message}" in run.stderr
    assert "Traceback" not in run.stderr


@pytest.mark.slow
def test_the_two_stages_give_the_graphs_of_reading_in_one_process(reader):
    """What travels between the stages is pickled; long documents and failures pass through in order."""
    import pickle

    from kg.pipeline import stages
    from kg.pipeline.parallel import worker_local
    from kg.pipeline.pieces import LongDocument
    from kg.pipeline.reading import read_graphs
    from kg.records import Skipped

    texts = ["Seoul, June 3 2025 — South Korea and Japan signed a trade agreement in Seoul on Tuesday.\n",
             "GENEVA, March 2 2024 — The foreign ministers of Iran and Oman met in Geneva. They did not agree "
             "on a truce, and Tehran warned Washington against new sanctions.\n" * 3,
             "Paris, May 5 2023 — France recalled its ambassador to Mali on Friday.\n"]
    sources = [SourceDocument(f"stage-{i}", text, f"h{i}") for i, text in enumerate(texts)]
    options = BuildOptions(piece_chars=300)  # the second text is a long document, read in pieces elsewhere
    worker_local(("reader", None), lambda: reader)  # what the parsing process loads on its first batch
    parsed = pickle.loads(pickle.dumps(stages.parse_batch(sources, options)))
    assert [type(item).__name__ for item in parsed] == ["ParsedDocument", "LongDocument", "ParsedDocument"]
    graphs = pickle.loads(pickle.dumps(stages.extract_batch(parsed + [Skipped("gone", "unreadable")], options)))
    expected = list(read_graphs(reader, sources, options))
    assert isinstance(graphs[1], LongDocument) and graphs[1].source == sources[1]
    assert graphs[3] == Skipped("gone", "unreadable")
    for got, want in zip([graphs[0], graphs[2]], [expected[0], expected[2]]):
        assert got.ntriples == want.ntriples and got.reports == want.reports and got.parsed == ()
        assert (got.doc_id, got.graph, got.descriptions, got.events) == (want.doc_id, want.graph,
                                                                         want.descriptions, want.events)
    assert expected[0].events >= 1 and expected[2].events >= 1  # the test reads something


@pytest.mark.slow
def test_the_entity_recogniser_moves_to_the_extracting_process_only_when_it_has_its_own_embedding(reader):
    import spacy

    from kg.pipeline.stages import late_components

    assert late_components(reader.nlp) == reader.nlp.pipe_names[reader.nlp.pipe_names.index("ner"):]
    assert late_components(reader.nlp)[0] == "ner" and "parser" not in late_components(reader.nlp)
    assert late_components(spacy.blank("en")) == []  # no recogniser: the parsing process runs everything
    listening = spacy.blank("en")
    listening.add_pipe("tok2vec")
    listening.add_pipe("ner", config={"model": {
        "@architectures": "spacy.TransitionBasedParser.v2", "state_type": "ner", "extra_state_tokens": False,
        "hidden_width": 64, "maxout_pieces": 2, "use_upper": True,
        "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": 96, "upstream": "*"}}})
    assert late_components(listening) == []  # it needs the shared embedding of the parsing process
