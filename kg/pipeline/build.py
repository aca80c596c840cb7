"""The one place the stages are chained: ingest → nlp → extract → rdf → store.

``build_graph`` streams documents through the reading stages (``kg.pipeline.reading``: in worker
processes, one by default, on a Dask cluster, or in this process when handed a loaded reader)
and writes each document's graph to the store as soon as it is read, on a writer thread
(``kg.pipeline.writer``), so memory stays flat and a build that stops half way keeps every
document it finished. Its steps, in order: choose the documents to read (``_Build.wanted``),
read them (``_Build.reading``), write them (``_Build.write_all``), then settle the store and
count what it holds (``_Build.finish``).
"""
from __future__ import annotations

import contextlib
import dataclasses
import functools
import itertools
import os
import time
from typing import Callable, Iterable, Iterator, Optional, Sequence

from kg import ingest, iris
from kg.errors import StoreError
from kg.pipeline.options import BuildOptions, BuildReport
from kg.pipeline.pieces import LongDocument
from kg.pipeline.reading import (DocumentGraph, Reader, extraction_failure, load_reader, parse, read_batch,
                                 read_documents, read_graphs)
from kg.pipeline.stages import read_in_two_processes
from kg.pipeline.writer import BackgroundWriter, WriteFailed
from kg.records import Skipped, SourceDocument

__all__ = ["BuildOptions", "BuildReport", "DocumentGraph", "Reader", "build_graph", "expected_documents",
           "extraction_failure", "load_reader", "parse", "read_batch", "read_documents", "read_graphs", "settle"]


def build_graph(inputs: Sequence[str], *, store, options: Optional[BuildOptions] = None,
                reader: Optional[Reader] = None, stdin=None,
                on_document: Optional[Callable[[str], None]] = None) -> BuildReport:
    """Read the inputs and store one named graph per document.

    Args:
        inputs: files, folders (read recursively) or ``-`` for standard input.
        store: an open, writable store (``kg.store.open_store``), local or remote.
        options: what to read and how (``BuildOptions``); the defaults read every input once.
        reader: a loaded ``Reader``, read with in this process. When omitted, child processes
            (``options.workers`` of them; for one, a parsing and an extracting one) load their
            own on first need, so that reading and storing overlap, and a build with nothing new
            to read never loads spaCy.
        stdin: where ``-`` reads from (default ``sys.stdin.buffer``).
        on_document: called with the id (or source) of each input document as soon as it is
            handled: read, failed, or found unchanged (progress).
    Returns:
        A ``BuildReport``.
    Raises:
        StoreError: the store cannot be written (the documents stored before are kept).
    """
    build = _Build(store, options or BuildOptions(), reader, on_document)
    sources = build.wanted(inputs, stdin)
    first = next(sources, None)
    if first is not None:
        build.write_all(build.reading(itertools.chain([first], sources)))
    return build.finish()


class _Build:
    """The state of one build, and its steps."""

    def __init__(self, store, options: BuildOptions, reader: Optional[Reader], on_document):
        self.store = store
        self.options = options
        self.reader = reader
        self.report = BuildReport()
        self.duplicates: dict[str, list[str]] = {}  # doc id -> sources of later copies of its text
        self.progress = on_document or (lambda name: None)
        self.started = time.perf_counter()
        self.writes = 0  # groups written (the writer thread counts them)

    # --- 1. what to read --------------------------------------------------------------------
    def wanted(self, inputs: Sequence[str], stdin) -> Iterator[SourceDocument]:
        """Yield the documents to read; note skipped inputs, unchanged documents and duplicates."""
        options, report = self.options, self.report
        for item in ingest.iter_documents(inputs, encoding=options.encoding, stdin=stdin, fields=options.fields):
            if isinstance(item, Skipped):
                self.progress(item.source)
                report.skipped.append(item)
                if ingest.duplicate_of(item):
                    self.duplicates.setdefault(ingest.duplicate_of(item), []).append(item.source)
                if ingest.is_failure(item):
                    report.failed.append(item)
                    if options.fail_fast:
                        report.stopped = True
                        return
                continue
            item = self._prepared(item)
            if not options.force and self.store.stored_hash(iris.document_iri(item.doc_id)) == item.content_hash:
                report.unchanged += 1
                self.progress(item.doc_id)
                continue
            yield item

    def _prepared(self, item: SourceDocument) -> SourceDocument:
        """Apply ``--date``, key the content hash to it, and cut a text longer than ``max_chars``."""
        if self.options.date:
            item = dataclasses.replace(item, date=self.options.date)
        # The stored hash covers the text and a given date, so a new --date re-reads.
        item = dataclasses.replace(item, content_hash=item.content_hash if not item.date
                                   else f"{item.content_hash}@{item.date}")
        limit = self.options.max_chars
        if len(item.text) > limit:
            kept = _cut(item.text, limit)
            self.report.cut.append(Skipped(item.doc_id, f"read the first {len(kept)} of {len(item.text)} "
                                                        f"characters (--max-chars {limit})"))
            item = dataclasses.replace(item, text=kept)
        return item

    # --- 2. reading -----------------------------------------------------------------------------
    def reading(self, sources: Iterable[SourceDocument]) -> Iterator:
        """Read and map the documents in worker processes, on Dask or here; yield them in order.

        With one worker and no loaded reader, one child process parses, another extracts and maps
        (``kg.pipeline.stages``) and this one only ingests and stores: the three share two cores
        (docs/performance.md). A reader
        handed in (tests, notebooks) is used here, as is this process on a one-core machine.
        """
        options = self.options
        task = functools.partial(read_batch, options=options)
        if options.scheduler:
            from kg.pipeline.distributed import map_batches_dask

            return map_batches_dask(task, sources, scheduler=options.scheduler, workers=options.workers,
                                    batch_documents=options.batch_documents)
        if options.workers > 1 or (self.reader is None and options.reading_process and _cores() > 1):
            from kg.nlp.model import choose_model
            from kg.pipeline.parallel import map_batches_parallel

            # the model is chosen here, now: a worker process starts from a server process that
            # may be older than this build and keep the environment ($KG_SPACY_MODEL) of its start
            options = dataclasses.replace(options, model=choose_model(options.model))
            if options.workers == 1:  # one process parses, another extracts (kg.pipeline.stages)
                return read_in_two_processes(sources, options)
            task = functools.partial(read_batch, options=options)
            return map_batches_parallel(task, sources, workers=options.workers,
                                        batch_documents=options.batch_documents)
        if self.reader is None:
            self.reader = load_reader(options.model)
        return read_graphs(self.reader, sources, options)

    # --- 3. writing -----------------------------------------------------------------------------
    def write_all(self, graphs: Iterator) -> None:
        """Hand each document read to the writer thread; list the ones that failed.

        One writer: only this process touches the store, whichever engine did the reading. A
        ``LongDocument`` is read and written here, in pieces, once the writes before it are done.
        """
        report, writer = self.report, None
        try:
            for result in graphs:
                self.progress(result.source if isinstance(result, Skipped) else result.doc_id)
                if isinstance(result, Skipped):  # this document failed; the others go on
                    report.skipped.append(result)
                    report.failed.append(result)
                    if self.options.fail_fast:
                        report.stopped = True
                        break
                    continue
                if isinstance(result, LongDocument):
                    writer, before = None, writer
                    if before is not None:
                        before.close()
                    if not self._write_long(result.source):
                        break
                    continue
                if writer is None:
                    writer = BackgroundWriter(self._write, self._stored, depth=self.options.write_batch,
                                              batch=self.options.write_batch)
                writer.put(result)
            if writer is not None:
                writer, last = None, writer
                last.close()
        except WriteFailed as failed:
            if not isinstance(failed.error, StoreError):
                raise failed.error from None
            # disk full or read-only: say what is safe, then stop
            raise StoreError(f"{failed.error}; stopped at {failed.item.doc_id}, the {report.documents} "
                             "documents stored before it are kept") from None
        finally:  # on an error, stop the writer and the worker processes too
            if writer is not None:
                writer.close(abandon=True)
            close = getattr(graphs, "close", None)
            if close:
                close()

    def _write_long(self, source: SourceDocument) -> bool:
        """Read and store a very long document in pieces (``kg.pipeline.pieces``); False to stop the build."""
        from kg.pipeline.pieces import read_pieces
        from kg.store.pieces import write_pieces

        if self.reader is None:  # worker processes did the reading so far
            self.reader = load_reader(self.options.model)
        try:
            pieces = read_pieces(self.reader, source, self.options)
            write_pieces(self.store, iris.document_iri(source.doc_id),
                         ((g.graph, g.ntriples, g.descriptions, g.reports) for g in pieces))
        except StoreError as error:
            raise StoreError(f"{error}; stopped at {source.doc_id}, the {self.report.documents} "
                             "documents stored before it are kept") from None
        except Exception as error:  # noqa: BLE001 (a failure of one document is that document's)
            failure = extraction_failure(source, error)
            self.report.skipped.append(failure)
            self.report.failed.append(failure)
            if self.options.fail_fast:
                self.report.stopped = True
                return False
            return True
        self._stored(LongDocument(source))
        return True

    def _write(self, results: list[DocumentGraph]) -> None:
        """On the writer thread: store a group of documents, flushing every few writes."""
        self.store.write_documents([(r.graph, r.ntriples, r.descriptions, r.parsed or r.reports) for r in results])
        self.writes += 1
        if self.writes % self.options.flush_writes == 0 and callable(getattr(self.store, "flush", None)):
            self.store.flush()  # transactional writes (replaced documents, actor graphs) fill write buffers

    def _stored(self, result: DocumentGraph) -> None:
        self.report.documents += 1
        self.report.doc_ids.append(result.doc_id)

    # --- 4. after the writes ----------------------------------------------------------------------
    def finish(self) -> BuildReport:
        """Record duplicates' sources, compact when worth it, and count what the store holds."""
        _add_duplicate_sources(self.store, self.duplicates)
        settle(self.store, self.report.documents, self.options.compact_share)
        counts = self.store.summary()
        self.report.stored, self.report.actors = counts.documents, counts.actors
        self.report.events, self.report.triples = counts.events, counts.statements
        self.report.seconds = time.perf_counter() - self.started
        return self.report


def _cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _cut(text: str, limit: int) -> str:
    """The first ``limit`` characters of ``text`` or fewer, ending at a paragraph or sentence break."""
    head = text[:limit]
    for mark in ("\n\n", "\n", ". "):
        cut = head.rfind(mark, limit // 2)
        if cut != -1:
            return head[:cut + len(mark)].rstrip()
    return head


def settle(store, written: int, share: int = BuildOptions.compact_share) -> None:
    """Compact the store's files after a build that wrote a good part of it.

    A build leaves RocksDB with many small files that its background compaction had no time to
    merge, and readers (``kg query``, ``kg serve``) never merge them: on a 10,000-document store,
    46 files made the bundled queries 15-35% slower than the 11 left by a compaction (2.1 s).
    Compacting costs time in proportion to the store, so it is done only when the build wrote
    at least ``1/share`` of the documents. A compaction that fails loses nothing and is skipped.
    """
    if written and callable(getattr(store, "compact", None)) and written * share >= store.document_count():
        with contextlib.suppress(StoreError):
            store.compact()


def _add_duplicate_sources(store, duplicates: dict[str, list[str]]) -> None:
    """Record where later copies of a text were seen, as more ``dcterms:source`` of its document.

    Byte-identical files already arrive as one document listing every path; this covers copies
    that differ only in encoding, newlines or trailing space, found after the first was read.
    """
    import pyoxigraph as ox

    from kg.prefixes import PREFIXES

    for doc_id, sources in duplicates.items():
        graph = iris.document_iri(doc_id)  # also the document node's IRI
        if store.has_graph(graph):
            node = ox.NamedNode(graph)
            store.load_triples([ox.Quad(node, ox.NamedNode(PREFIXES["dcterms"] + "source"), ox.Literal(source), node)
                                for source in sources])


def expected_documents(inputs: Sequence[str]) -> Optional[int]:
    """Return about how many documents the inputs hold (for a progress total), or None for stdin alone."""
    return ingest.count_documents(inputs)
