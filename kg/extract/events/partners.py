"""One clause, two deals: ``signed accords with Peru in 2001 and with Bolivia in 2005``.

A symmetric event whose clause goes on with a second ``with`` phrase coordinated with the first
(``and with Y``), naming a side it lacks, reports a second event of the same kind: the subject
with Y, at the time that phrase gives (``in 2005``), or none. The second event's mention is the
words that name it (``with Bolivia``), so each event keeps a trigger of its own.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import replace
from typing import Optional

from kg.extract import time as timex
from kg.extract.state import DocState
from kg.records import Event, EventMention, Span


def _token_at(state: DocState, start: int):
    """The token that starts at character ``start``, found by bisection (tokens are in text order)."""
    i = bisect_left(state.tokens, start, key=lambda t: t.idx)
    return state.tokens[i] if i < len(state.tokens) and state.tokens[i].idx == start else None


def _second_with(head, state: DocState) -> Optional[object]:
    """The ``with`` coordinated after the event's first ``with`` phrase, in its sentence."""
    sent = state.sentence(head.i)
    firsts = [t for t in sent if t.lower_ == "with" and t.dep_ == "prep" and t.head in (head, *head.children)]
    if not firsts:
        return None
    return next((t for t in sent if t.lower_ == "with" and t.dep_ == "conj" and t.i > firsts[0].i), None)


def _own_time(word, state: DocState):
    """``and with Y in 1994``: the time phrase right after the second partner."""
    after = word.right_edge.i + 1
    if after + 1 < len(word.doc) and word.doc[after].lower_ in ("in", "on") and word.doc[after + 1].ent_type_ == "DATE":
        date = word.doc[after + 1]
        return timex.resolve(f"{word.doc[after].text} {date.text}", state.doc_date)
    return None


def second_partner(event: Event, state: DocState) -> list[Event]:
    """Return ``event`` and, where its clause names a second partner (``and with Y``), the second event."""
    if event.event_type not in state.lexicon.symmetric or len(event.participants) < 2:
        return [event]
    head = _token_at(state, event.trigger.start)
    second = _second_with(head, state) if head is not None else None
    objects = [c for c in second.children if c.dep_ == "pobj"] if second is not None else []
    partner = state.token_actor.get(objects[0].i) if objects else None
    if partner is None or partner in event.participants:
        return [event]
    firsts = [t for t in state.sentence(head.i) if t.lower_ == "with" and t.dep_ == "prep"]
    first = {state.token_actor.get(c.i) for t in firsts for c in t.children if c.dep_ == "pobj"}
    sides = tuple(k for k in event.participants if k not in first) + (partner,)
    end = objects[0].right_edge
    trigger = Span(second.idx, end.idx + len(end.text), state.span_text(second.i, end.i + 1))
    rule = event.rule + "+second_partner"
    mention = EventMention(trigger, event.sentence, rule, event.confidence, event.factuality)
    return [event, replace(event, event_id=f"{trigger.start}-{trigger.end}", trigger=trigger, rule=rule,
                           participants=sides, time=_own_time(objects[0], state), mentions=(mention,))]
