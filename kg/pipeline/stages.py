"""Reading in two processes, one stage each: one parses, the next extracts and maps (``kg build``).

With one reading process (``kg build``'s default), the building process only stores, which leaves
it much of a core idle, while the reading process is the one the build waits for: spaCy's parse is
about three quarters of its work, extraction and mapping the rest (docs/performance.md). Here the
reading is cut in two: the parsing process runs the model and sends each ``Doc`` on as bytes
(``Doc.to_dict``: the token attributes and entities with the strings they use, and the span
groups as plain tuples; ~25 KB an article, ~0.6 ms to send and ~0.7 to rebuild); the extracting process rebuilds it on a blank
vocabulary of the model's language (the same lexical attributes) in a memory zone, extracts and
maps it. The graph is the same as reading in one process (tests/test_reading_process.py).

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
from kg.pipeline.reading import DocumentGraph, Reader, _Unparsed, extraction_failure, graph_of, load_reader, parse
from kg.records import SourceDocument

__all__ = ["ParsedDocument", "extract_batch", "parse_batch", "read_in_two_processes"]


@dataclass(frozen=True)
class ParsedDocument:
    """A document parsed by one process, for another to extract: its ``Doc`` as bytes."""

    source: SourceDocument
    doc: dict  # Doc.to_dict without the tensor, user data and span groups (nothing downstream reads the first two)
    spans: dict  # span group name -> (start, end, label, kb id, id) of each span, in order
    lang: str  # the model's language: the extracting process rebuilds the Doc on its blank vocabulary
    model_name: str  # the model that parsed it, named in the document's provenance

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


def parse_batch(sources: list[SourceDocument], options: BuildOptions = BuildOptions()) -> list:
    """In the parsing process: a ``ParsedDocument`` for each source (or its ``Skipped``, or a ``LongDocument``).

    The model is loaded on the process's first batch and kept for the next ones.
    """
    from kg.pipeline.parallel import run_exclusively, worker_local

    def parse_all() -> list:
        reader = worker_local(("reader", options.model), lambda: load_reader(options.model))
        return list(_parsed(reader, sources, options))

    return run_exclusively(parse_all)


def _parsed(reader: Reader, sources: list[SourceDocument], options: BuildOptions) -> Iterator:
    from kg.pipeline.pieces import LongDocument

    lang = reader.nlp.lang
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
                                          for name, group in doc.spans.items()}, lang, reader.model_name)
                except Exception as error:  # noqa: BLE001 (one document's failure is that document's)
                    yield extraction_failure(source, error)


def extract_batch(items: list, options: BuildOptions = BuildOptions()) -> list:
    """In the extracting process: the ``DocumentGraph`` of each ``ParsedDocument``; other items pass."""
    from kg.pipeline.parallel import run_exclusively, worker_local

    def extract_all() -> list:
        out = []
        for lang, run in itertools.groupby(items, key=lambda item: getattr(item, "lang", None)):
            if lang is None:  # a failure or a long document: passed on
                out.extend(run)
                continue
            extractor = worker_local(("extractor", lang), lambda: load_reader(blank=lang))
            with extractor.nlp.memory_zone():  # the words of a batch share their lexemes, freed after it
                out.extend(_extracted(extractor, item) for item in run)
        return out

    return run_exclusively(extract_all)


def _extracted(extractor: Reader, item: ParsedDocument):
    """Rebuild the ``Doc``, extract and map it: its ``DocumentGraph`` (without the report objects,
    which would travel twice), or the ``Skipped`` of what failed."""
    from spacy.tokens import Doc, Span

    from kg.extract import extract_document

    try:
        doc = Doc(extractor.nlp.vocab).from_dict(item.doc)
        for name, spans in item.spans.items():
            doc.spans[name] = [Span(doc, start, end, label=label, kb_id=kb_id, span_id=span_id)
                               for start, end, label, kb_id, span_id in spans]
        record = extract_document(doc, item.source, gazetteer=extractor.gazetteer, lexicon=extractor.lexicon,
                                  model_name=item.model_name)
        graph = graph_of(record)
    except Exception as error:  # noqa: BLE001
        return extraction_failure(item.source, error)
    return replace(graph, parsed=()) if isinstance(graph, DocumentGraph) else graph
