"""The one place the stages are chained: ingest → nlp → extract → mapping → store.

``build_graph`` streams documents through spaCy's ``nlp.pipe`` and writes each document's
graph to the store as soon as it is read, so memory stays flat and a build that stops half way
keeps every document it finished.
"""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import itertools
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Optional, Sequence

from kg import ingest, iris
from kg.errors import ExtractionError, StoreError
from kg.records import DocumentRecord, Skipped, SourceDocument
from kg.pipeline.writer import BackgroundWriter, WriteFailed

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


class _Unparsed:
    """Stands for the ``Doc`` of a text spaCy failed on; the error travels with it."""

    def __init__(self, error: Exception):
        self.error = error


def parse(reader: Reader, sources: Iterable[SourceDocument], *, batch_size: int = 16) -> Iterator[tuple]:
    """Yield ``(doc, source)`` for each source, long texts parsed in chunks with offsets kept.

    A text spaCy fails on gives an ``_Unparsed`` instead of a ``Doc``: one text never stops the others.
    """
    from spacy.tokens import Doc

    nlp = reader.nlp
    limit = min(nlp.max_length, CHUNK_CHARS * 5)

    def long_one(source):
        try:
            return Doc.from_docs([nlp(piece) for piece in _chunks(source.text, CHUNK_CHARS)], ensure_whitespace=False)
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


def _extract_each(reader: Reader, sources: Iterable[SourceDocument]) -> Iterator[tuple]:
    """Yield ``(source, DocumentRecord or Skipped)``: a failure stays with its document."""
    from kg.extract import extract_document

    for doc, source in parse(reader, sources):
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


ZONE_DOCUMENTS = 64  # documents per spaCy memory zone: strings they add are freed after it
WRITE_BATCH = 64  # documents the writer hands the store at once (one bulk load for the new ones)
FLUSH_WRITES = 4  # writes between store flushes (stores that have ``flush``)


def read_graphs(reader: Reader, sources: Iterable[SourceDocument], *,
                zone_documents: int = ZONE_DOCUMENTS) -> Iterator:
    """Read and map each source document, yielding its ``DocumentGraph`` (or ``Skipped``, on a failure).

    Documents are parsed in groups of ``zone_documents`` inside ``nlp.memory_zone()`` so that a
    long stream does not grow spaCy's string store; extraction and mapping finish inside the
    zone, and only plain strings leave it. This is what every worker (process or Dask) runs.
    """
    stream = iter(sources)
    while True:
        group = list(itertools.islice(stream, zone_documents))
        if not group:
            return
        with reader.nlp.memory_zone():
            out: list = []
            for source, record in _extract_each(reader, group):
                out.append(record if isinstance(record, Skipped) else _mapped(record, source))
        yield from out


def _mapped(record: DocumentRecord, source: SourceDocument):
    """Map a record to its ``DocumentGraph``, or to the ``Skipped`` of a mapping failure."""
    from kg.rdf.mapping import map_document

    try:
        mapped = map_document(record)
    except Exception as error:  # noqa: BLE001
        return extraction_failure(source, error)
    return DocumentGraph(record.doc_id, mapped.graph, mapped.ntriples, mapped.descriptions,
                         len(record.actors), len(record.events), mapped.triples,
                         "".join(r.to_json() + "\n" for r in mapped.reports))


def read_batch(sources: list[SourceDocument], model: Optional[str] = None) -> list[DocumentGraph]:
    """Read a batch in a worker process (``kg.pipeline.parallel``, ``kg.pipeline.distributed``) with its own reader.

    The reader is loaded on the worker's first batch and kept for the next ones.
    """
    from kg.pipeline.parallel import run_exclusively, worker_local

    def read() -> list[DocumentGraph]:
        reader = worker_local(("reader", model), lambda: load_reader(model))
        return list(read_graphs(reader, sources, zone_documents=max(1, len(sources))))

    return run_exclusively(read)


def build_graph(inputs: Sequence[str], *, store, reader: Optional[Reader] = None, model: Optional[str] = None,
                date: Optional[str] = None, encoding: Optional[str] = None, stdin=None,
                fields: Optional[ingest.RecordFields] = None, force: bool = False, fail_fast: bool = False,
                on_document: Optional[Callable[[str], None]] = None, workers: int = 1,
                scheduler: Optional[str] = None) -> BuildReport:
    """Read the inputs and store one named graph per document.

    Args:
        inputs: files, folders (read recursively) or ``-`` for standard input.
        store: an open, writable ``kg.store.local.Store``.
        reader: a loaded ``Reader``; loaded on first need when omitted (so a build with nothing
            new to read never loads spaCy).
        model: spaCy model name for the reader.
        date: ISO date that overrides every document's dateline.
        encoding: force one text encoding.
        force: re-read documents even when their content is already stored.
        fail_fast: stop at the first input that fails.
        on_document: called with each document id when it is stored (progress).
        workers: processes that read in parallel (``kg.pipeline.parallel``); 1 reads in this process.
        scheduler: a Dask scheduler address (``tcp://host:8786``) or ``local`` for a local
            cluster of ``workers`` processes (``kg.pipeline.distributed``). This process stays the only
            writer to ``store`` either way.
    Returns:
        A ``BuildReport``.
    """
    started = time.perf_counter()
    report = BuildReport()
    loaded: list[Reader] = [reader] if reader else []
    duplicates: dict[str, list[str]] = {}  # doc id -> sources of later copies of its text

    def wanted() -> Iterator[SourceDocument]:
        for item in ingest.iter_documents(inputs, encoding=encoding, stdin=stdin,
                                          **({"fields": fields} if fields else {})):
            if isinstance(item, Skipped):
                report.skipped.append(item)
                if ingest.duplicate_of(item):
                    duplicates.setdefault(ingest.duplicate_of(item), []).append(item.source)
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

        def all_sources():
            yield first
            yield from stream

        if scheduler:
            from kg.pipeline.distributed import map_batches_dask

            graphs = map_batches_dask(functools.partial(read_batch, model=model), all_sources(),
                                      scheduler=scheduler, workers=workers)
        elif workers > 1:
            from kg.pipeline.parallel import map_batches_parallel

            graphs = map_batches_parallel(functools.partial(read_batch, model=model), all_sources(),
                                          workers=workers)
        else:
            if not loaded:
                loaded.append(load_reader(model))
            graphs = read_graphs(loaded[0], all_sources())
        # One writer: only this process touches the store, whichever engine did the reading;
        # its writes run on a thread of their own while reading goes on (kg.pipeline.writer).
        written = itertools.count(1)

        def write(results: list[DocumentGraph]) -> None:
            store.write_documents([(r.graph, r.ntriples, r.descriptions, r.reports) for r in results])
            if next(written) % FLUSH_WRITES == 0 and callable(getattr(store, "flush", None)):
                store.flush()  # transactional writes (replaced documents, actor graphs) fill write buffers

        def done(result: DocumentGraph) -> None:
            report.documents += 1
            report.actors += result.actors
            report.events += result.events
            report.triples += result.triples
            report.doc_ids.append(result.doc_id)
            if on_document:
                on_document(result.doc_id)

        try:
            with BackgroundWriter(write, done, depth=WRITE_BATCH, batch=WRITE_BATCH) as writer:
                for result in graphs:
                    if isinstance(result, Skipped):  # this document failed; the others go on
                        report.skipped.append(result)
                        report.failed.append(result)
                        if fail_fast:
                            report.stopped = True
                            break
                        continue
                    writer.put(result)
        except WriteFailed as failed:
            if not isinstance(failed.error, StoreError):
                raise failed.error from None
            # disk full or read-only: say what is safe, then stop
            raise StoreError(f"{failed.error}; stopped at {failed.item.doc_id}, the {report.documents} "
                             "documents stored before it are kept") from None
        finally:  # on an error, stop the worker processes too
            graphs.close()
    _add_duplicate_sources(store, duplicates)
    settle(store, report.documents)
    report.seconds = time.perf_counter() - started
    return report


COMPACT_SHARE = 10  # compact after a build that wrote at least a tenth of the store's documents


def settle(store, written: int) -> None:
    """Compact the store's files after a build that wrote a good part of it.

    A build leaves RocksDB with many small files that its background compaction had no time to
    merge, and readers (``kg query``, ``kg serve``) never merge them: on a 10,000-document store,
    46 files made the bundled queries 15-35% slower than the 11 left by a compaction (2.1 s).
    Compacting costs time in proportion to the store, so it is done only when the build wrote
    at least a tenth of the documents. A compaction that fails loses nothing and is skipped.
    """
    if written and callable(getattr(store, "compact", None)) and written * COMPACT_SHARE >= store.document_count():
        with contextlib.suppress(StoreError):
            store.compact()


def _add_duplicate_sources(store, duplicates: dict[str, list[str]]) -> None:
    """Record where later copies of a text were seen, as more ``dcterms:source`` of its document.

    Byte-identical files already arrive as one document listing every path; this covers copies
    that differ only in encoding, newlines or trailing space, found after the first was read.
    """
    import pyoxigraph as ox
    from rdflib.namespace import DCTERMS

    for doc_id, sources in duplicates.items():
        graph = iris.document_iri(doc_id)  # also the document node's IRI
        if store.has_graph(graph):
            node = ox.NamedNode(graph)
            store.load_triples([ox.Quad(node, ox.NamedNode(str(DCTERMS.source)), ox.Literal(source), node)
                                for source in sources])


def _hash_key(item: SourceDocument) -> str:
    """The stored hash covers the text and a given date, so a new ``--date`` re-reads."""
    return item.content_hash if not item.date else f"{item.content_hash}@{item.date}"
