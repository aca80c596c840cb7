"""A very long document read in pieces, so that memory does not grow with its length (#15.2).

A document longer than ``BuildOptions.piece_chars`` (100,000 characters: far longer than any
news article, so real articles are never split) is not read in one go: spaCy's ``Doc``, the
records and the N-Triples of a 5 MB text would need several GiB. The reading stages hand it on
untouched as a ``LongDocument``; the building process then cuts its text at paragraph breaks
(``piece_bounds``), and parses, extracts and maps one piece at a time (``read_pieces``), each in
its own spaCy memory zone. Every offset a piece's record holds is moved to the whole text
(``shift_record``), so sentences, mentions, event ids and IRIs are those of one document: the
store appends each piece to the document's graph as it comes (``kg.store.pieces``), under a
marker that makes an interrupted write leave no part of the document behind.

What differs from reading the text whole: events are merged within a piece by extraction
(``kg.extract.events.merge``) and across pieces only by the store's event identity, as for two
documents; a pronoun or a short name at the start of a piece cannot refer back to the piece
before; each piece after the first is read with the first piece's document date, and a dateline
that opens such a piece (texts joined one after another) places only that piece's lead events.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Iterator

from kg.records import Dateline, DocumentRecord, Event, Sentence, SourceDocument, Span

__all__ = ["LongDocument", "piece_bounds", "read_pieces", "shift_record"]


@dataclass(frozen=True)
class LongDocument:
    """A document too long to read whole, handed to the building process to read in pieces."""

    source: SourceDocument

    @property
    def doc_id(self) -> str:
        return self.source.doc_id


def piece_bounds(text: str, size: int) -> list[tuple[int, int]]:
    """Cut ``text`` into ``(start, end)`` pieces of at most ``size`` characters that cover it.

    Each cut is at the last paragraph break (a blank line, else a line break) of the second
    half of the piece, else after the last sentence end (``. ``), else at the last space, else
    at ``size`` itself.

    >>> piece_bounds("aaaa\\n\\nbbb\\ncc", 8)
    [(0, 6), (6, 13)]
    >>> piece_bounds("Kim met Moon. Then they left.", 20)
    [(0, 14), (14, 29)]
    """
    bounds, start = [], 0
    while start < len(text):
        end = min(start + size, len(text))
        if end < len(text):
            end = _cut(text, start + size // 2, end) or end
        bounds.append((start, end))
        start = end
    return bounds


def _cut(text: str, low: int, high: int) -> int:
    """The position just after the best break in ``text[low:high]``, or 0 when there is none."""
    for mark in ("\n\n", "\n", ". ", " "):
        found = text.rfind(mark, low, high)
        if found != -1:
            return found + len(mark)
    return 0


def shift_record(record: DocumentRecord, chars: int, sentences: int) -> DocumentRecord:
    """Move a piece's record to its place in the whole text: ``chars`` characters and ``sentences`` sentences on.

    Every ``Span``, ``Sentence`` and ``Dateline`` offset, every sentence number and every event
    id (its trigger's offsets) is moved; the texts they hold stay as they are.
    """
    if not chars and not sentences:
        return record
    move = _Mover(chars, sentences)
    return dataclasses.replace(record, sentences=move(record.sentences), mentions=move(record.mentions),
                               events=move(record.events), claims=move(record.claims),
                               dateline=move(record.dateline))


class _Mover:
    """Moves the offsets of a record's parts (any dataclass of ``kg.records``, or tuples of them)."""

    def __init__(self, chars: int, sentences: int):
        self.chars, self.sentences = chars, sentences

    def __call__(self, value):
        if isinstance(value, tuple):
            return tuple(self(v) for v in value)
        if not dataclasses.is_dataclass(value):
            return value
        if isinstance(value, Span):
            return dataclasses.replace(value, start=value.start + self.chars, end=value.end + self.chars)
        changes = {}
        for f in dataclasses.fields(value):
            old = getattr(value, f.name)
            if f.name == "sentence" and isinstance(old, int):
                changes[f.name] = old + self.sentences
            elif isinstance(old, (tuple, Span)) or dataclasses.is_dataclass(old):
                changes[f.name] = self(old)
        if isinstance(value, Sentence):
            changes.update(index=value.index + self.sentences, start=value.start + self.chars,
                           end=value.end + self.chars)
        elif isinstance(value, Dateline):
            changes.update(start=value.start + self.chars, end=value.end + self.chars)
        if isinstance(value, Event):
            changes["event_id"] = self._event_id(value.event_id)
        return dataclasses.replace(value, **changes)

    def _event_id(self, event_id: str) -> str:
        """``START-END[-N]`` (``kg.extract.events``) with the offsets moved."""
        found = re.match(r"(\d+)-(\d+)", event_id)
        if found is None:
            return event_id
        start, end = int(found.group(1)) + self.chars, int(found.group(2)) + self.chars
        return f"{start}-{end}{event_id[found.end():]}"


def read_pieces(reader, source: SourceDocument, options) -> Iterator:
    """Read a long document piece by piece; yield each piece's ``DocumentGraph`` as soon as it is mapped.

    Each piece is parsed, extracted and mapped inside its own spaCy memory zone, and only its
    N-Triples leave it. Raises what reading a piece raises (the caller drops the pieces written).
    """
    from kg.extract import extract_document
    from spacy.tokens import Doc

    from kg.pipeline.reading import chunks, graph_of

    first, sentences = None, 0
    for start, end in piece_bounds(source.text, options.piece_chars):
        piece = dataclasses.replace(source, text=source.text[start:end],
                                    date=(first.date if first else None) or source.date)
        with reader.nlp.memory_zone():
            # in chunks, as parse() does for long texts: spaCy's peak grows with the text parsed at once
            doc = Doc.from_docs([reader.nlp(part) for part in chunks(piece.text, options.chunk_chars)],
                                ensure_whitespace=False)
            record = extract_document(doc, piece, gazetteer=reader.gazetteer, lexicon=reader.lexicon,
                                      model_name=reader.model_name)
            del doc
        record = dataclasses.replace(shift_record(record, start, sentences), text=source.text)
        if first is None:
            first = record
        else:  # the document's own facts (date, dateline, credit) are the first piece's
            record = dataclasses.replace(record, date=first.date, dateline=None, dateline_place_key=None)
        sentences += len(record.sentences)
        yield graph_of(record)
