"""One document that cannot be read never stops a build (issue #15): it is listed as failed,
and the good documents of the same run are stored.

The three inputs of the issue (a superscript digit as a count, an impossible date in an
export, a relative date off the calendar) are read now; a reader that fails on one document (a
fault put in on purpose) shows the isolation itself; and a property test feeds random text
mixed with diplomatic phrases, numbers and dates through ingest and extraction without the
build's safety net, so a new crash in extraction fails it.
"""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg import ingest
from kg.cli import main
from kg.pipeline.build import read_documents
from kg.store.local import open_store

pytestmark = pytest.mark.slow  # every test here runs the spaCy model

GOOD = {
    "good-1.txt": "Seoul, May 2 2021 — Moon Jae-in met Kim Jong Un at the border on Tuesday.",
    "good-2.txt": "Hanoi, Feb 27 2019 — Donald Trump met Kim Jong Un in Hanoi.",
}


def kg(reader, *args):
    return CliRunner().invoke(main, [str(a) for a in args], obj={"reader": reader})


def stored(store: Path) -> list[str]:
    with open_store(store, read_only=True) as opened:
        return [d.doc_id for d in opened.documents()]


def write_all(folder: Path, files: dict) -> Path:
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


ODD = {
    "superscript.txt": "Pyongyang, March 3 2023 — North Korea conducted ¹ missile tests on Tuesday.",
    "overflow.txt": "Seoul, May 2 2021 — The envoys met in Panmunjom. They met again 99999999 days later.",
    "dates.jsonl": "\n".join(json.dumps(r) for r in [
        {"id": "month-13", "date": "2019-13-45", "text": "Kim Jong Un met Donald Trump in Hanoi."},
        {"id": "feb-30", "date": "2019-02-30", "text": "Moon Jae-in met Kim Jong Un in Panmunjom."}]) + "\n",
}


def test_the_odd_inputs_of_the_issue_are_read(reader, tmp_path: Path) -> None:
    folder = write_all(tmp_path / "in", {**ODD, **GOOD})
    result = kg(reader, "build", folder, "--store", tmp_path / "s", "-q")
    assert result.exit_code == 0, result.output
    assert stored(tmp_path / "s") == ["feb-30", "good-1", "good-2", "month-13", "overflow", "superscript"]
    with open_store(tmp_path / "s", read_only=True) as store:  # the impossible dates are not kept
        dates = {d.doc_id: d.date for d in store.documents()}
    assert dates["month-13"] is None and dates["feb-30"] is None


class _FailingGazetteer:
    """The real gazetteer, except that looking up ``name`` raises (a bug on one document)."""

    def __init__(self, real, name: str):
        self._real, self._name = real, name

    def lookup(self, name):
        if name.upper() == self._name:
            raise RuntimeError(f"boom on {name}")
        return self._real.lookup(name)

    def __getattr__(self, attribute):
        return getattr(self._real, attribute)


class _FailingNlp:
    """The real pipeline, except that parsing a text with ``marker`` raises (a spaCy failure)."""

    def __init__(self, real, marker: str):
        self._real, self._marker = real, marker

    def __call__(self, text):
        if self._marker in text:
            raise ValueError("spaCy gave up")
        return self._real(text)

    def pipe(self, items, **options):
        items = list(items)
        if any(self._marker in text for text, _ in items):
            raise ValueError("spaCy gave up")
        return self._real.pipe(items, **options)

    def __getattr__(self, attribute):
        return getattr(self._real, attribute)


@pytest.fixture
def failing_reader(reader):
    return dataclasses.replace(reader, gazetteer=_FailingGazetteer(reader.gazetteer, "ATLANTIS"),
                               nlp=_FailingNlp(reader.nlp, "UNPARSEABLE"))


def test_one_failing_document_is_listed_and_the_others_are_stored(failing_reader, tmp_path: Path) -> None:
    files = {**GOOD, "atlantis.txt": "ATLANTIS, June 1 2020 — The envoys met on Monday.",
             "unparseable.txt": "UNPARSEABLE text that spaCy fails on."}
    files.update({f"more-{i:02d}.txt": f"Geneva, June {i + 1} 2020 — Envoy {i} met the minister in Geneva."
                  for i in range(20)})
    folder = write_all(tmp_path / "in", files)
    result = kg(failing_reader, "build", folder, "--store", tmp_path / "s", "-q")
    assert result.exit_code == 2, result.output  # built, but some input failed
    assert "Traceback" not in result.output
    assert "failed atlantis: extraction error (RuntimeError: boom on ATLANTIS at " in result.stderr
    assert "failed unparseable: extraction error (ValueError: spaCy gave up" in result.stderr
    assert "built 22 documents" in result.stdout and "2 failed" in result.stdout
    assert len(stored(tmp_path / "s")) == 22 and "atlantis" not in stored(tmp_path / "s")
    again = kg(failing_reader, "build", folder, "--store", tmp_path / "s", "-q", "--fail-fast")
    assert again.exit_code == 2 and "(stopped at the first failure: --fail-fast)" in again.stdout


def test_the_library_api_names_the_failing_document(failing_reader) -> None:
    from kg.errors import ExtractionError
    from kg.records import SourceDocument

    source = SourceDocument(doc_id="atlantis", text="ATLANTIS, June 1 2020 — Envoys met.", content_hash="0",
                            source="atlantis.txt")
    with pytest.raises(ExtractionError, match="atlantis: extraction error"):
        list(read_documents(failing_reader, [source]))


# --- property: random text with diplomatic phrases never crashes extraction ------------------

NUMBERS = st.sampled_from(["¹", "²³", "½", "٣", "３", "0", "7", "99999999", "9" * 40, "1,000", "-5", "2.5", "IV"])
PHRASES = st.sampled_from([
    "conducted", "missile tests", "met", "said", "warned", "rejected", "invited", "to visit", "sanctions on",
    "Kim Jong Un", "Donald Trump", "Moon Jae-in", "Pyongyang", "Seoul", "Washington", "the two leaders",
    "days later", "weeks earlier", "days before", "last week", "on Tuesday", "the next day", "in June",
    "June 31", "February 30, 2019", "2019-13-45", "in 99999", "—", "“", "”", ".", ",", "\n", "\n\n",
    "North Korea", "the United Nations", "would", "did not", "if", "talks", "a summit", "drills",
])
PIECES = st.lists(NUMBERS | PHRASES | st.text(max_size=12), max_size=60).map(" ".join)
DATES = st.none() | st.sampled_from(["2019-13-45", "2019-02-30", "2019-02-28", "2019-13", "0000-01-01",
                                     "9999-12-31", "June 2019", "yesterday", "2019-02-30T25:61:00"]) | st.text(max_size=15)
DATELINES = st.sampled_from(["", "SEOUL, June 12 2025 — ", "Pyongyang, Feb 30 2019 — ", "GENEVA — ",
                             "Washington D.C., June 99 2025 — ", "Hanoi, 99999999 — "])


@given(dateline=DATELINES, body=PIECES, date=DATES)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_diplomatic_text_never_crashes_extraction(reader, tmp_path_factory, dateline: str, body: str,
                                                          date) -> None:
    folder = tmp_path_factory.mktemp("prop")
    record = {"id": "doc", "text": dateline + body, **({"date": date} if date is not None else {})}
    (folder / "feed.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    sources = [item for item in ingest.iter_documents([str(folder)]) if not isinstance(item, ingest.Skipped)]
    for record in read_documents(reader, sources):  # raises ExtractionError on any crash
        assert record.doc_id == "doc"
