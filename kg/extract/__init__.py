"""Extraction: a parsed spaCy ``Doc`` in, a ``DocumentRecord`` of plain records out.

The stages run in reading order over one document: the dateline, the named mentions
(``actors``), then the events with their arguments (``events``, which calls ``coref`` to
resolve pronouns, titles and collectives, and ``time`` to resolve dates). Nothing here imports
rdflib: the records are mapped to RDF by ``kg.rdf.mapping``.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from kg import __version__
from kg.extract import time as timex
from kg.extract.actors import draft_for, add_mention, find_mentions
from kg.extract.events import find_events
from kg.extract.state import DocState
from kg.nlp.gazetteer import Gazetteer
from kg.nlp.lexicon import Lexicon
from kg.records import DocumentRecord, Sentence, SourceDocument

EXTRACTOR_VERSION = __version__  # recorded with every document (dip:extractorVersion)

__all__ = ["extract_document", "EXTRACTOR_VERSION"]


def _dateline(doc, source: SourceDocument, state: DocState) -> tuple[Optional[str], Optional[str]]:
    """Read the dateline; return ``(place key, document date as given)``.

    A date from the source's metadata wins over the dateline's; when it is only a month or a
    year ("2025-06"), it is kept at that precision, and relative dates are not resolved.
    """
    place, date, end = timex.read_dateline(source.text)  # Doc.text would re-join every token
    given = source.date
    state.doc_date = date
    shown = date.isoformat() if date else None
    if given:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", given[:10]):
            state.doc_date = dt.date.fromisoformat(given[:10])
            shown = state.doc_date.isoformat()
        else:
            state.doc_date, shown = None, given
    if not place:
        return None, shown
    text = source.text
    span = doc.char_span(0, len(place) + (len(text) - len(text.lstrip())), alignment_mode="expand")
    entry = state.gazetteer.lookup(place)
    if span is None or entry is None:
        return None, shown
    draft = draft_for(state, entry, entry.kind, entry.name)
    add_mention(state, span.start, span.end, draft.key, "actor.dateline")
    return draft.key, shown


def extract_document(doc, source: SourceDocument, *, gazetteer: Gazetteer, lexicon: Lexicon,
                     model_name: str = "") -> DocumentRecord:
    """Read the actors and events of one parsed document.

    Args:
        doc: the spaCy ``Doc`` of ``source.text`` (parsed by a pipeline from ``kg.nlp.model``).
        source: the document's text and metadata.
        gazetteer: known actors and places.
        lexicon: trigger vocabulary and cue words.
        model_name: recorded in the provenance.
    Returns:
        The ``DocumentRecord`` with sentences, actors, mentions and events.
    """
    state = DocState.for_doc(doc, gazetteer, lexicon)
    state.dateline_place_key, shown_date = _dateline(doc, source, state)
    find_mentions(doc, state)
    find_events(doc, state)
    sentences = tuple(Sentence(i, s.start_char, s.end_char, state.text[s.start_char:s.end_char])
                      for i, s in enumerate(state.sentences))
    in_events = {k for e in state.events for k in (*e.agents, *e.targets, *e.participants)}
    actors = tuple(d.freeze() for d in sorted(state.actors.values(), key=lambda d: d.key)
                   if d.mentioned or d.key in in_events)
    return DocumentRecord(
        doc_id=source.doc_id, text=source.text, content_hash=source.content_hash, source=source.source,
        sources=source.sources, title=source.title,
        date=shown_date,
        dateline_place_key=state.dateline_place_key, sentences=sentences, actors=actors,
        mentions=tuple(state.mentions), events=tuple(state.events),
        extractor_version=EXTRACTOR_VERSION, model_name=model_name,
    )
