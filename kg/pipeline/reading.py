"""Reading documents: the loaded model (``Reader``), parsing, extraction and mapping, per document.

This is what runs wherever documents are read: in the building process, in each worker process
(``kg.pipeline.parallel``) and on each Dask worker (``kg.pipeline.distributed``). A document that
fails anywhere here becomes a ``Skipped`` with the error (``extraction_failure``): it never stops
the others. Only plain strings leave: ``DocumentGraph`` holds N-Triples text and counts.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from typing import Iterable, Iterator, Optional

from kg.errors import ExtractionError
from kg.pipeline.options import BuildOptions
from kg.records import DocumentRecord, Skipped, SourceDocument


@dataclass(frozen=True)
class Reader:
    """The loaded model with the gazetteer and lexicon it needs: built once, passed around."""

    nlp: object
    gazetteer: object
    lexicon: object
    model_name: str


def load_reader(model: Optional[str] = None, *, ontology: Optional[str] = None) -> Reader:
    """Load the spaCy model, gazetteer and lexicon (the slow part of start-up).

    Args:
        model: the spaCy model to load (see ``kg.nlp.model.load_pipeline``).
        ontology: a Turtle ontology file whose event classes and triggers replace the packaged
            ontology's (the event types a build can find are a data change).
    """
    from kg.nlp.gazetteer import load_gazetteer
    from kg.nlp.lexicon import load_lexicon
    from kg.nlp.model import load_pipeline, model_label
    from kg.rdf.ontology import load_ontology, read_event_classes

    lexicon = load_lexicon(read_event_classes(load_ontology(ontology)))
    gazetteer = load_gazetteer()
    nlp = load_pipeline(gazetteer, model)
    return Reader(nlp, gazetteer, lexicon, model_label(nlp))


def chunks(text: str, size: int) -> list[str]:
    """Split ``text`` at paragraph breaks into pieces of at most about ``size`` characters.

    >>> [len(piece) for piece in chunks("a" * 5 + "\\n" + "b" * 5, 8)]
    [6, 5]
    """
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


class _Unparsed:
    """Stands for the ``Doc`` of a text spaCy failed on; the error travels with it."""

    def __init__(self, error: Exception):
        self.error = error


def parse(reader: Reader, sources: Iterable[SourceDocument], *, batch_size: int = 16,
          chunk_chars: int = BuildOptions.chunk_chars) -> Iterator[tuple]:
    """Yield ``(doc, source)`` for each source, long texts parsed in chunks with offsets kept.

    A text spaCy fails on gives an ``_Unparsed`` instead of a ``Doc``: one text never stops the others.
    """
    from spacy.tokens import Doc

    nlp = reader.nlp
    limit = min(nlp.max_length, chunk_chars * 5)

    def long_one(source):
        try:
            return Doc.from_docs([nlp(piece) for piece in chunks(source.text, chunk_chars)], ensure_whitespace=False)
        except Exception as error:  # noqa: BLE001 (any failure of one text is that text's)
            return _Unparsed(error)

    pending = []
    for source in sources:
        if len(source.text) > limit:
            yield from _flush(nlp, pending, batch_size)
            pending = []
            yield long_one(source), source
        else:
            pending.append((source.text, source))
            if len(pending) >= batch_size:
                yield from _flush(nlp, pending, batch_size)
                pending = []
    yield from _flush(nlp, pending, batch_size)


def _flush(nlp, pending, batch_size):
    """Parse a batch with ``nlp.pipe``; when it fails, parse its texts one by one to find the culprit."""
    if not pending:
        return
    try:
        parsed = list(nlp.pipe(pending, as_tuples=True, batch_size=batch_size))
    except Exception:  # noqa: BLE001
        parsed = []
        for text, source in pending:
            try:
                parsed.append((nlp(text), source))
            except Exception as error:  # noqa: BLE001
                parsed.append((_Unparsed(error), source))
    yield from parsed


def extraction_failure(source: SourceDocument, error: BaseException) -> Skipped:
    """The ``Skipped`` a build lists for a document that could not be read: ``extraction error (…)``.

    The reason names the error and the line of kg's code it came from, for a bug report.
    """
    import traceback

    frames = [f for f in traceback.extract_tb(error.__traceback__) if "/kg/" in f.filename.replace("\\", "/")]
    where = f" at {frames[-1].filename.rsplit('/kg/', 1)[-1]}:{frames[-1].lineno}" if frames else ""
    message = " ".join(str(error).split())[:200]
    return Skipped(source.doc_id, f"extraction error ({type(error).__name__}: {message}{where})")


def _extract_each(reader: Reader, sources: Iterable[SourceDocument], *,
                  chunk_chars: int = BuildOptions.chunk_chars) -> Iterator[tuple]:
    """Yield ``(source, DocumentRecord or Skipped)``: a failure stays with its document."""
    from kg.extract import extract_document

    for doc, source in parse(reader, sources, chunk_chars=chunk_chars):
        if isinstance(doc, _Unparsed):
            yield source, extraction_failure(source, doc.error)
            continue
        try:
            yield source, extract_document(doc, source, gazetteer=reader.gazetteer, lexicon=reader.lexicon,
                                           model_name=reader.model_name)
        except Exception as error:  # noqa: BLE001
            yield source, extraction_failure(source, error)


def read_documents(reader: Reader, sources: Iterable[SourceDocument]) -> Iterator[DocumentRecord]:
    """Extract a ``DocumentRecord`` from each source document.

    Raises:
        ExtractionError: a document could not be read (the message names it and the error).
    """
    for source, record in _extract_each(reader, sources):
        if isinstance(record, Skipped):
            raise ExtractionError(f"{record.source}: {record.reason}")
        yield record


@dataclass(frozen=True)
class DocumentGraph:
    """One document read and mapped: its graph as N-Triples text, its event reports, counts (cheap to pickle)."""

    doc_id: str
    graph: str
    ntriples: str
    descriptions: str
    actors: int
    events: int
    triples: int
    reports: str = ""  # one JSON object a line (kg.rdf.reports.Report)
    # the same reports as objects, when read in this process: the store's writer thread links them
    # without parsing the JSON again (it holds the interpreter lock the reading waits for); not sent
    # between processes (``read_batch`` leaves them out)
    parsed: tuple = field(default=(), compare=False, repr=False)


def read_graphs(reader: Reader, sources: Iterable[SourceDocument], options: BuildOptions = BuildOptions(),
                *, zone_documents: Optional[int] = None) -> Iterator:
    """Read and map each source document, yielding its ``DocumentGraph`` (or ``Skipped``, on a failure).

    Documents are parsed in groups of ``zone_documents`` (default ``options.zone_documents``)
    inside ``nlp.memory_zone()`` so that a long stream does not grow spaCy's string store; only
    plain strings leave the zone. Each document is yielded as soon as it is read (progress moves
    per document); the zone closes when the next group starts. This is what every worker runs.
    A document longer than ``options.piece_chars`` is yielded unread, as a ``LongDocument``:
    the building process reads it in pieces (``kg.pipeline.pieces``).
    """
    from kg.pipeline.pieces import LongDocument

    stream = iter(sources)
    size = zone_documents or options.zone_documents
    while True:
        group = list(itertools.islice(stream, size))
        if not group:
            return
        for long, run in itertools.groupby(group, key=lambda s: len(s.text) > options.piece_chars):
            if long:  # read in pieces by the building process (kg.pipeline.pieces), outside any zone
                yield from map(LongDocument, run)
                continue
            with reader.nlp.memory_zone():
                for source, record in _extract_each(reader, list(run), chunk_chars=options.chunk_chars):
                    yield record if isinstance(record, Skipped) else _mapped(record, source)


def _mapped(record: DocumentRecord, source: SourceDocument):
    """Map a record to its ``DocumentGraph``, or to the ``Skipped`` of a mapping failure."""
    try:
        return graph_of(record)
    except Exception as error:  # noqa: BLE001
        return extraction_failure(source, error)


def graph_of(record: DocumentRecord) -> DocumentGraph:
    """Map a record to its ``DocumentGraph`` (raises what mapping raises)."""
    from kg.rdf.mapping import map_document

    mapped = map_document(record)
    return DocumentGraph(record.doc_id, mapped.graph, mapped.ntriples, mapped.descriptions,
                         len(record.actors), len(record.events), mapped.triples,
                         "".join(r.to_json() + "\n" for r in mapped.reports), tuple(mapped.reports))


def read_batch(sources: list[SourceDocument], options: BuildOptions = BuildOptions()) -> list:
    """Read a batch in a worker process (``kg.pipeline.parallel``, ``kg.pipeline.distributed``) with its own reader.

    The reader is loaded on the worker's first batch and kept for the next ones.
    """
    from kg.pipeline.parallel import run_exclusively, worker_local

    def read() -> list:
        reader = worker_local(("reader", options.model), lambda: load_reader(options.model))
        return [replace(g, parsed=()) if isinstance(g, DocumentGraph) else g  # the JSON travels, not the objects
                for g in read_graphs(reader, sources, options, zone_documents=max(1, len(sources)))]

    return run_exclusively(read)
