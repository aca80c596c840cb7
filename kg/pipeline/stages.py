"""Reading in two processes, one stage each: one parses, the next recognises entities, extracts
and maps (``kg build``).

With one reading process (``kg build``'s default until the eighth session), the building process
only stored, which left much of a core idle, while the reading process was the one the build
waited for: spaCy's work is about three quarters of the reading, extraction and mapping the rest
(docs/performance.md). Here the reading is cut in two, both processes loading the model: the
parsing process tokenises, tags and parses (every component before ``late_components``) and
sends each ``Doc`` on as plain data (``Doc.to_dict``: token attributes with the strings they use;
span groups as tuples; ~25 KB an article, ~0.6 ms to pack and ~0.7 to rebuild); the extracting
process rebuilds it in a memory zone, runs the entity recogniser and the components after it,
extracts and maps. The recogniser of the small English models has its own embedding, so it reads
the same tokens either way, and the graph is the same as reading in one process
(tests/test_reading_process.py). The three processes (with the storing one) share two cores.

Documents that fail keep their place: a text spaCy fails on, or one whose ``Doc`` cannot be sent
or rebuilt, becomes the ``Skipped`` of an extraction error; a ``LongDocument`` passes both stages
unread, for the building process to read in pieces (``kg.pipeline.pieces``).
"""
from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, replace
from typing import Iterable, Iterator

from kg.pipeline.options import BuildOptions
from kg.pipeline.reading import (DocumentGraph, Reader, _flush, _Unparsed, extraction_failure, graph_of, load_reader,
                                 parse)
from kg.records import SourceDocument

__all__ = ["ParsedDocument", "extract_batch", "parse_batch", "read_in_two_processes"]


@dataclass(frozen=True)
class ParsedDocument:
    """A document parsed by one process, for another to extract: its ``Doc`` as bytes."""

    source: SourceDocument
    doc: dict  # Doc.to_dict without the tensor, user data and span groups (nothing downstream reads the first two)
    spans: dict  # span group name -> (start, end, label, kb id, id) of each span, in order

    @property
    def doc_id(self) -> str:
        return self.source.doc_id


def read_in_two_processes(sources: Iterable[SourceDocument], options: BuildOptions) -> Iterator:
    """Yield each document's ``DocumentGraph`` (or ``Skipped``, or ``LongDocument``) in input order,
    parsed in one child process and extracted and mapped in another.

    Raises:
        KGError: either process died (``kg.pipeline.parallel``); what was yielded before stands.
    """
    from kg.pipeline.parallel import map_batches_parallel

    parsed = map_batches_parallel(functools.partial(parse_batch, options=options), sources, workers=1,
                                  batch_documents=options.batch_documents)
    try:
        yield from map_batches_parallel(functools.partial(extract_batch, options=options), parsed, workers=1,
                                        batch_documents=options.batch_documents)
    finally:
        parsed.close()  # stops the parsing process too, whatever ended the extracting one


def late_components(nlp) -> list[str]:
    """The components the extracting process runs: the entity recogniser and those after it,
    when it has its own embedding (the small English models) rather than listening to a shared
    one; else none, and the parsing process runs them all.

    The recogniser is about two fifths of the parse; moved, it balances the two processes.
    """
    if "ner" not in nlp.pipe_names:
        return []
    ner = nlp.get_pipe("ner")
    if any("listener" in node.name for node in ner.model.walk()):
        return []
    return nlp.pipe_names[nlp.pipe_names.index("ner"):]


def parse_batch(sources: list[SourceDocument], options: BuildOptions = BuildOptions()) -> list:
    """In the parsing process: a ``ParsedDocument`` for each source (or its ``Skipped``, or a
    ``LongDocument``), annotated by every component before ``late_components``.

    The model is loaded on the process's first batch and kept for the next ones.
    """
    from kg.pipeline.parallel import run_exclusively, worker_local

    def parse_all() -> list:
        reader = worker_local(("reader", options.model), lambda: load_reader(options.model))
        with reader.nlp.select_pipes(disable=late_components(reader.nlp)):
            return list(_parsed(reader, sources, options))

    return run_exclusively(parse_all)


def _parsed(reader: Reader, sources: list[SourceDocument], options: BuildOptions) -> Iterator:
    from kg.pipeline.pieces import LongDocument

    for long, run in itertools.groupby(sources, key=lambda s: len(s.text) > options.piece_chars):
        if long:
            yield from map(LongDocument, run)
            continue
        with reader.nlp.memory_zone():  # the strings the batch adds are freed once it is sent
            for doc, source in parse(reader, list(run), chunk_chars=options.chunk_chars):
                if isinstance(doc, _Unparsed):
                    yield extraction_failure(source, doc.error)
                    continue
                try:
                    yield ParsedDocument(source, doc.to_dict(exclude=["tensor", "user_data", "spans"]),
                                         {name: [(s.start, s.end, s.label_, s.kb_id_, s.id_) for s in group]
                                          for name, group in doc.spans.items()})
                except Exception as error:  # noqa: BLE001 (one document's failure is that document's)
                    yield extraction_failure(source, error)


def extract_batch(items: list, options: BuildOptions = BuildOptions()) -> list:
    """In the extracting process: the ``DocumentGraph`` of each ``ParsedDocument``, once the
    ``late_components`` have run on it; other items pass."""
    from kg.pipeline.parallel import run_exclusively, worker_local

    def extract_all() -> list:
        reader = worker_local(("reader", options.model), lambda: load_reader(options.model))
        out = []
        for parsed, run in itertools.groupby(items, key=lambda item: isinstance(item, ParsedDocument)):
            if not parsed:  # a failure or a long document: passed on
                out.extend(run)
                continue
            with reader.nlp.memory_zone():  # the words of a batch share their lexemes, freed after it
                out.extend(_extracted(reader, doc, source) for doc, source in _completed(reader, list(run)))
        return out

    return run_exclusively(extract_all)


def _completed(reader: Reader, run: list[ParsedDocument]) -> Iterator[tuple]:
    """Yield ``(doc, source)``: each document rebuilt and annotated by the ``late_components``
    (an ``_Unparsed`` where that failed)."""
    from spacy.tokens import Doc, Span

    nlp, pending = reader.nlp, []
    for item in run:
        try:
            doc = Doc(nlp.vocab).from_dict(item.doc)
            for name, spans in item.spans.items():
                doc.spans[name] = [Span(doc, start, end, label=label, kb_id=kb_id, span_id=span_id)
                                   for start, end, label, kb_id, span_id in spans]
            pending.append((doc, item.source))
        except Exception as error:  # noqa: BLE001 (one document's failure is that document's)
            yield _Unparsed(error), item.source
    with nlp.select_pipes(enable=late_components(nlp)):
        yield from _flush(nlp, pending, len(pending))


def _extracted(reader: Reader, doc, source: SourceDocument):
    """Extract and map a document: its ``DocumentGraph`` (without the report objects, which would
    travel twice), or the ``Skipped`` of what failed."""
    from kg.extract import extract_document

    if isinstance(doc, _Unparsed):
        return extraction_failure(source, doc.error)
    try:
        record = extract_document(doc, source, gazetteer=reader.gazetteer, lexicon=reader.lexicon,
                                  model_name=reader.model_name)
        graph = graph_of(record)
    except Exception as error:  # noqa: BLE001
        return extraction_failure(source, error)
    return replace(graph, parsed=()) if isinstance(graph, DocumentGraph) else graph
