"""The one place the stages are chained: ingest → nlp → extract → mapping → store.

``build_graph`` streams documents through spaCy's ``nlp.pipe`` and writes each document's
graph to the store as soon as it is read, so memory stays flat and a build that stops half way
keeps every document it finished.
"""
from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Optional, Sequence

from kg import ingest, iris
from kg.errors import StoreError
from kg.records import DocumentRecord, Skipped, SourceDocument

CHUNK_CHARS = 100_000  # long texts are parsed in paragraph-aligned chunks of about this size


@dataclass
class BuildReport:
    """What a build did: counts, skipped inputs with reasons, and how long it took."""

    documents: int = 0
    unchanged: int = 0
    actors: int = 0
    events: int = 0
    triples: int = 0
    seconds: float = 0.0
    skipped: list[Skipped] = field(default_factory=list)  # every input not built, with the reason
    failed: list[Skipped] = field(default_factory=list)  # those of them that lost text (ingest.is_failure)
    stopped: bool = False  # --fail-fast stopped the build at the first failure
    doc_ids: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Reader:
    """The loaded model with the gazetteer and lexicon it needs: built once, passed around."""

    nlp: object
    gazetteer: object
    lexicon: object
    model_name: str


def load_reader(model: Optional[str] = None) -> Reader:
    """Load the spaCy model, gazetteer and lexicon (the slow part of start-up)."""
    from kg.gazetteer import load_gazetteer
    from kg.lexicon import load_lexicon
    from kg.nlp import load_pipeline, model_label

    gazetteer = load_gazetteer()
    nlp = load_pipeline(gazetteer, model)
    return Reader(nlp, gazetteer, load_lexicon(), model_label(nlp))


def _chunks(text: str, size: int) -> list[str]:
    """Split ``text`` at paragraph breaks into pieces of at most about ``size`` characters."""
    pieces, start = [], 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            cut = text.rfind("\n", start + size // 2, end)
            if cut == -1:
                cut = text.rfind(" ", start + size // 2, end)
            end = cut + 1 if cut != -1 else end
        pieces.append(text[start:end])
        start = end
    return pieces


def parse(reader: Reader, sources: Iterable[SourceDocument], *, batch_size: int = 16) -> Iterator[tuple]:
    """Yield ``(doc, source)`` for each source, long texts parsed in chunks with offsets kept."""
    from spacy.tokens import Doc

    nlp = reader.nlp
    limit = min(nlp.max_length, CHUNK_CHARS * 5)

    def short_ones():
        for source in sources:
            if len(source.text) <= limit:
                yield source.text, source
            else:
                docs = [nlp(piece) for piece in _chunks(source.text, CHUNK_CHARS)]
                yield None, (Doc.from_docs(docs, ensure_whitespace=False), source)

    pending = []
    stream = short_ones()
    for text, item in stream:
        if text is None:
            yield from _flush(nlp, pending, batch_size)
            pending = []
            yield item
        else:
            pending.append((text, item))
            if len(pending) >= batch_size:
                yield from _flush(nlp, pending, batch_size)
                pending = []
    yield from _flush(nlp, pending, batch_size)


def _flush(nlp, pending, batch_size):
    if pending:
        yield from nlp.pipe(pending, as_tuples=True, batch_size=batch_size)


def read_documents(reader: Reader, sources: Iterable[SourceDocument]) -> Iterator[DocumentRecord]:
    """Extract a ``DocumentRecord`` from each source document."""
    from kg.extract import extract_document

    for doc, source in parse(reader, sources):
        yield extract_document(doc, source, gazetteer=reader.gazetteer, lexicon=reader.lexicon,
                               model_name=reader.model_name)


def build_graph(inputs: Sequence[str], *, store, reader: Optional[Reader] = None, model: Optional[str] = None,
                date: Optional[str] = None, encoding: Optional[str] = None, stdin=None,
                fields: Optional[ingest.RecordFields] = None, force: bool = False, fail_fast: bool = False,
                on_document: Optional[Callable[[str], None]] = None) -> BuildReport:
    """Read the inputs and store one named graph per document.

    Args:
        inputs: files, folders (read recursively) or ``-`` for standard input.
        store: an open, writable ``kg.store.Store``.
        reader: a loaded ``Reader``; loaded on first need when omitted (so a build with nothing
            new to read never loads spaCy).
        model: spaCy model name for the reader.
        date: ISO date that overrides every document's dateline.
        encoding: force one text encoding.
        force: re-read documents even when their content is already stored.
        fail_fast: stop at the first input that fails.
        on_document: called with each document id when it is stored (progress).
    Returns:
        A ``BuildReport``.
    """
    from kg.mapping import document_graph

    started = time.perf_counter()
    report = BuildReport()
    loaded: list[Reader] = [reader] if reader else []

    def wanted() -> Iterator[SourceDocument]:
        for item in ingest.iter_documents(inputs, encoding=encoding, stdin=stdin,
                                          **({"fields": fields} if fields else {})):
            if isinstance(item, Skipped):
                report.skipped.append(item)
                if ingest.is_failure(item):
                    report.failed.append(item)
                    if fail_fast:
                        report.stopped = True
                        return
                continue
            if date:
                item = dataclasses.replace(item, date=date)
            item = dataclasses.replace(item, content_hash=_hash_key(item))
            if not force and store.stored_hash(iris.document_iri(item.doc_id)) == item.content_hash:
                report.unchanged += 1
                continue
            yield item

    stream = wanted()
    first = next(stream, None)
    if first is not None:
        if not loaded:
            loaded.append(load_reader(model))

        def all_sources():
            yield first
            yield from stream

        for record in read_documents(loaded[0], all_sources()):
            graph = document_graph(record)
            try:
                store.replace_graph(iris.document_iri(record.doc_id), graph.serialize(format="nt"))
            except StoreError as error:  # disk full or read-only: say what is safe, then stop
                raise StoreError(f"{error}; stopped at {record.doc_id}, the {report.documents} "
                                 "documents stored before it are kept") from None
            report.documents += 1
            report.actors += len(record.actors)
            report.events += len(record.events)
            report.triples += len(graph)
            report.doc_ids.append(record.doc_id)
            if on_document:
                on_document(record.doc_id)
    report.seconds = time.perf_counter() - started
    return report


def _hash_key(item: SourceDocument) -> str:
    """The stored hash covers the text and a given date, so a new ``--date`` re-reads."""
    return item.content_hash if not item.date else f"{item.content_hash}@{item.date}"
