"""Extraction: a parsed spaCy ``Doc`` in, a ``DocumentRecord`` of plain records out.

The stages run in reading order over one document: the dateline, the named mentions
(``actors``), then the events with their arguments (``events``, which calls ``coref`` to
resolve pronouns, titles and collectives, and ``time`` to resolve dates). Nothing here imports
rdflib: the records are mapped to RDF by ``kg.rdf.mapping``.
"""
from __future__ import annotations

from typing import Optional

from kg import __version__
from kg.extract import time as timex
from kg.extract.actors import draft_for, add_mention, find_mentions
from kg.extract.claims import find_claims
from kg.extract.events import find_events
from kg.extract.events.merge import consolidate
from kg.extract.events.topic import note_topics
from kg.extract.events.context import place_and_date_from_context
from kg.extract.events.history import link_known_events
from kg.extract.events.where import find_capital_mentions
from kg.extract.state import DocState
from kg.extract.tokens import release_tokens
from kg.nlp.dateline import read_dateline
from kg.nlp.gazetteer import Gazetteer
from kg.nlp.lexicon import Lexicon
from kg.records import DocumentRecord, Sentence, SourceDocument

EXTRACTOR_VERSION = __version__  # recorded with every document (dip:extractorVersion)

__all__ = ["extract_document", "EXTRACTOR_VERSION"]


def _dateline(doc, source: SourceDocument, state: DocState) -> Optional[str]:
    """Read the dateline: the document's date (as shown), its place and its credit line.

    Each place of the dateline that the gazetteer knows is mentioned; an unknown one is a city
    of the country written after it (``VLADIVOSTOK, Russia``). The first is the document's place.
    """
    state.dateline = read_dateline(source.text)  # Doc.text would re-join every token
    state.doc_date, shown = timex.document_date(state.dateline, source.date)
    if state.dateline is None:
        return shown
    region = state.gazetteer.lookup(state.dateline.region.text) if state.dateline.region else None
    for place in state.dateline.places:
        span = doc.char_span(place.start, place.end, alignment_mode="expand")
        entry = state.gazetteer.lookup(place.text)
        entry = entry if entry is not None and entry.kind in ("City", "Place", "Country") else None
        if span is None or (entry is None and (region is None or region.kind != "Country")):
            continue
        if entry is not None:
            draft = draft_for(state, entry, entry.kind, entry.name)
        else:
            draft = draft_for(state, None, "City", place.text.title() if place.text.isupper() else place.text)
            draft.country_key = draft.country_key or region.id
        add_mention(state, span.start, span.end, draft.key, "actor.dateline")
        state.dateline_place_key = state.dateline_place_key or draft.key
    return shown


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
    try:
        return _read_document(doc, source, state, model_name)
    finally:
        release_tokens(state.tokens)


def _read_document(doc, source: SourceDocument, state: DocState, model_name: str) -> DocumentRecord:
    """The steps of ``extract_document``, in reading order, on the document's state."""
    shown_date = _dateline(doc, source, state)
    find_mentions(doc, state)
    find_capital_mentions(state)
    find_events(doc, state)
    place_and_date_from_context(state)
    link_known_events(state)
    consolidate(state)
    note_topics(state)
    find_claims(state)
    sentences = tuple(Sentence(i, s.start_char, s.end_char, state.text[s.start_char:s.end_char])
                      for i, s in enumerate(state.sentences))
    in_events = {k for e in state.events
                 for k in (*e.agents, *e.targets, *e.participants, *e.hosts, *e.mediators, *e.witnesses)}
    actors = tuple(d.freeze() for d in sorted(state.actors.values(), key=lambda d: d.key)
                   if d.mentioned or d.key in in_events)
    return DocumentRecord(
        doc_id=source.doc_id, text=source.text, content_hash=source.content_hash, source=source.source,
        sources=source.sources, title=source.title,
        date=shown_date,
        dateline_place_key=state.dateline_place_key, dateline=state.dateline, sentences=sentences, actors=actors,
        mentions=tuple(state.mentions), events=tuple(state.events), claims=tuple(state.claims),
        event_classes=_event_classes(state), countries=_countries(state, in_events),
        extractor_version=EXTRACTOR_VERSION, model_name=model_name,
    )


def _event_classes(state: DocState) -> tuple:
    """Each event class the document uses: its superclasses, the symmetric ones among them, its quad class."""
    classes = state.lexicon.classes
    found = []
    for name in sorted({e.event_type for e in state.events}):
        chain = classes.ancestors(name)
        found.append((name, chain, tuple(c for c in chain if c in classes.symmetric), classes.quad_class(name) or ""))
    return tuple(found)


def _countries(state: DocState, keys: set) -> tuple:
    """The country of each actor and place of the document's events, where it has one of its own."""
    keys = keys | {p for e in state.events for p in e.places}
    return tuple((k, c) for k in sorted(keys) for c in [state.country_of_actor(k)] if c and c != k)
