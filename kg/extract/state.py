"""The working state of one document while it is being read: actors, mentions, events so far.

It lives only for the extraction of one document and is turned into a frozen
``DocumentRecord`` at the end; nothing in it outlives the call.

Extraction must stay linear in the length of a document, so every look back (for an
antecedent, for an earlier mention of the same event, for the sides of the latest event) goes
through an index kept here and stops after a fixed number of steps. The bounds are far above
what an article holds (a long article has a few hundred mentions and events), so they change
nothing there; they only keep a book-length text from costing quadratic time.
"""
from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
from dataclasses import dataclass, field
from typing import Iterator, Optional

from kg.nlp.gazetteer import Gazetteer
from kg.nlp.lexicon import Lexicon
from kg.extract.tokens import ParsedSpan, read_tokens
from kg.records import Actor, Dateline, Event, Mention, Role, RoleClaim


@dataclass
class ActorDraft:
    """An actor being assembled from its mentions."""

    key: str
    kind: str
    label: str
    qid: Optional[str] = None
    alt_labels: set[str] = field(default_factory=set)
    # every title the text or the gazetteer gives, for the rules (a leader's title, a spokesperson's body)
    roles: dict[tuple[str, Optional[str]], bool] = field(default_factory=dict)
    reference_roles: tuple[Role, ...] = ()  # the gazetteer's dated terms: what the description states
    affiliation_key: Optional[str] = None
    country_key: Optional[str] = None
    gender: Optional[str] = None
    mentioned: bool = False  # named in the text (not only implied, e.g. by a title)

    def freeze(self) -> Actor:
        """Return the actor record; its roles are the reference roles (titles read are claims)."""
        alts = tuple(sorted(a for a in self.alt_labels if a != self.label))
        return Actor(self.key, self.kind, self.label, alts, self.qid, self.reference_roles,
                     self.affiliation_key, self.country_key)


MENTION_LOOKBACK = 2000  # mention tokens searched back for an antecedent
EVENT_LOOKBACK = 100  # earlier events searched back (for a repeat, a reference, the latest sides)


class TokenActors(dict):
    """``token index -> actor key`` that also keeps its token indices in text order.

    Only item assignment adds an index (``add_mention`` and the short-name linking use it);
    ``order`` is what the look-backs bisect.
    """

    def __init__(self) -> None:
        super().__init__()
        self.order: list[int] = []

    def __setitem__(self, index: int, key: str) -> None:
        if index not in self:
            bisect.insort(self.order, index)
        super().__setitem__(index, key)


@dataclass
class DocState:
    """Everything known about the document so far, in reading order."""

    gazetteer: Gazetteer
    lexicon: Lexicon
    doc_date: Optional[dt.date] = None
    dateline_place_key: Optional[str] = None
    dateline: Optional[Dateline] = None  # its credit span marks the agency (a source, not an actor)
    actors: dict[str, ActorDraft] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    token_actor: TokenActors = field(default_factory=TokenActors)  # token index -> actor key
    events: list[Event] = field(default_factory=list)
    claims: list[RoleClaim] = field(default_factory=list)  # titles and relations the text gives people
    event_dates: dict[str, dt.date] = field(default_factory=dict)
    latest_event_date: Optional[dt.date] = None  # the latest of ``event_dates``
    event_kinds: set[str] = field(default_factory=set)  # every class an asserted event has had so far
    pairs: list[list[str]] = field(default_factory=list)  # sides of events with two or more sides
    metonymies: set[tuple[int, int, str]] = field(default_factory=set)  # (start, end, key) recorded
    # The parse, read once: spaCy builds a new Token (and for a Span, three) on every
    # ``doc[i]``, ``doc.ents``, ``token.sent`` or ``span.text``, so the rules index these instead.
    doc: object = None  # the spaCy Doc (for ``char_span``)
    tokens: list = field(default_factory=list)  # ParsedTokens (kg.extract.tokens)
    text: str = ""  # Doc.text, joined once
    sentences: list = field(default_factory=list)  # sentences as ParsedSpans
    sent_starts: list[int] = field(default_factory=list)
    entities: tuple = ()  # Doc.ents
    time_entities: list[list] = field(default_factory=list)  # (root token, text) of DATE and TIME, by sentence

    @classmethod
    def for_doc(cls, doc, gazetteer: Gazetteer, lexicon: Lexicon) -> "DocState":
        """Return the empty state of a parsed document, with its tokens, sentences and entities."""
        tokens = read_tokens(doc)
        sentences = [ParsedSpan(s, tokens) for s in doc.sents]
        entities = doc.ents
        text = "".join(t.text + t.whitespace_ for t in tokens)  # Doc.text, without making every Token again
        state = cls(gazetteer, lexicon, doc=doc, tokens=tokens, text=text, sentences=sentences,
                    sent_starts=[s.start for s in sentences], entities=entities,
                    time_entities=[[] for _ in sentences])
        for ent in entities:
            index = state.sentence_of(ent.start)
            if ent.label_ in ("DATE", "TIME") and ent.end <= sentences[index].end:  # as Span.ents
                state.time_entities[index].append((tokens[ent.root.i], state.span_text(ent.start, ent.end)))
        return state

    def span_text(self, start: int, end: int) -> str:
        """Return the text of tokens ``start:end`` (what ``doc[start:end].text`` gives)."""
        if start >= end:
            return ""
        last = self.tokens[end - 1]
        return self.text[self.tokens[start].idx:last.idx + len(last)]

    def first_token_of(self, key: str, left: int, right: int) -> Optional[int]:
        """Return the first token of ``left..right`` (inclusive) that mentions ``key``, if any."""
        return next((i for i in range(left, right + 1) if self.token_actor.get(i) == key), None)

    def sentence(self, token_index: int):
        """Return the sentence ``Span`` a token is in (what ``token.sent`` gives)."""
        return self.sentences[self.sentence_of(token_index)]

    def country_of_actor(self, key: str) -> Optional[str]:
        """Return the country an actor belongs to (itself for a country), if known."""
        draft = self.actors.get(key)
        if draft is None:
            return None
        if draft.kind == "Country":
            return key
        if draft.kind == "City" and key in self.gazetteer.capital_of:
            return self.gazetteer.capital_of[key]
        seen = {key}
        nxt = draft.affiliation_key or draft.country_key
        while nxt and nxt not in seen:
            seen.add(nxt)
            other = self.actors.get(nxt)
            entry = self.gazetteer.get(nxt)
            kind = other.kind if other else (entry.kind if entry else None)
            if kind == "Country":
                return nxt
            nxt = (other.affiliation_key if other else None) or (entry.country if entry else None)
        return None

    def sentence_of(self, token_index: int) -> int:
        """Return the index of the sentence a token is in."""
        return max(bisect.bisect_right(self.sent_starts, token_index) - 1, 0)

    def kind_of(self, key: str) -> Optional[str]:
        draft = self.actors.get(key)
        return draft.kind if draft else None

    def country_for(self, key: str) -> str:
        """Return the government a capital or seat of government stands for, else ``key``."""
        entry = self.gazetteer.get(key)
        if entry is not None:
            if entry.kind == "City" and key in self.gazetteer.capital_of:
                return self.gazetteer.capital_of[key]
            if entry.stands_for:
                return entry.stands_for
        return key

    def mentions_before(self, token_index: int) -> Iterator[tuple[int, str]]:
        """Yield ``(token index, actor key)`` of the mentions before a token, nearest first.

        At most ``MENTION_LOOKBACK`` of them: an antecedent is not looked for further back.
        """
        order = self.token_actor.order
        stop = bisect.bisect_left(order, token_index)
        for j in range(stop - 1, max(stop - 1 - MENTION_LOOKBACK, -1), -1):
            yield order[j], self.token_actor[order[j]]

    @functools.cached_property
    def meeting_family(self) -> frozenset[str]:
        """The meeting classes (``Meeting`` and its subclasses), read once from the lexicon."""
        return self.lexicon.classes.family("Meeting")

    def recent_events(self) -> list[Event]:
        """The latest ``EVENT_LOOKBACK`` events, oldest first (what a reference may point back to)."""
        return self.events[-EVENT_LOOKBACK:]

    def recent_pairs(self) -> list[list[str]]:
        """The sides of the latest ``EVENT_LOOKBACK`` events with two or more sides, oldest first."""
        return self.pairs[-EVENT_LOOKBACK:]

    def recent_event_indices(self) -> range:
        """Indices of the latest ``EVENT_LOOKBACK`` events, latest first (merging looks back only so far)."""
        return range(len(self.events) - 1, max(len(self.events) - 1 - EVENT_LOOKBACK, -1), -1)

    def note_event_date(self, event_id: str, day: dt.date) -> None:
        """Record the day an event happened (the latest one is what "earlier"/"later" count from)."""
        self.event_dates[event_id] = day
        self.latest_event_date = max(day, self.latest_event_date or day)
