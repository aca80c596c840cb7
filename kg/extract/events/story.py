"""The story's date, and which events a story reports as its news.

A wire story gives its news in the lead, and dates it there once (``agreed yesterday``, ``on
Tuesday (June 12)``, ``announced on October 22``); the events it goes on to report without a
date of their own happened then, unless the text tells them as the past (the past perfect, ``the
Hanoi summit``, ``Beijing's recent proposal``, ``following the first nuclear test``), as a habit
(``regularly calls for``) or as what another event acts on (``condemned the launch``).
``kg.extract.events.context`` uses both.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from typing import Optional

from kg.extract import time as timex
from kg.extract.state import DocState
from kg.extract.events.syntax import NOUN_POS, ancestors, clause_chain
from kg.extract.events.when import BOUNDING, ORDERING, time_anchors, time_expressions
from kg.extract.events.where import PLACE_KINDS
from kg.records import Event, TimeValue

_LEAD_SENTENCES = 2
_AFTER = frozenset({"after", "following", "since"})
_AFTER_DEPS = frozenset({"prep", "mark", "xcomp", "advcl", "pcomp"})  # "following" parses as a verb too
_PAST_WORDS = frozenset({"recent", "previous", "earlier", "former", "past", "last", "prior", "first", "historic"})
_HABITUAL = frozenset({"regularly", "often", "repeatedly", "always", "never", "frequently", "usually", "routinely",
                       "long", "traditionally", "generally", "sometimes", "occasionally"})


def _headline_like(sent, state: DocState) -> bool:
    """A line of its own without a full stop: a headline, a kicker, a time stamp."""
    text = state.text[sent.start_char:sent.end_char].strip()
    after = state.text[sent.end_char:sent.end_char + 3].lstrip(" \t")
    return not re.search(r"[.!?\"”’']$", text) and (not after or after[0] == "\n")


def headline_and_lead(state: DocState) -> tuple[set[int], set[int]]:
    """Return the sentence indices of the headline (the lines before the story) and of the lead."""
    start = state.dateline.end if state.dateline is not None and state.dateline.places else None
    headline, lead = set(), []
    for index, sent in enumerate(state.sentences):
        if (start is not None and sent.end_char <= start) or (not lead and _headline_like(sent, state)):
            headline.add(index)
        elif len(lead) < _LEAD_SENTENCES:
            lead.append(index)
        else:
            break
    return headline, set(lead)


def story_date(state: DocState) -> Optional[TimeValue]:
    """Return the day the story's lead reports its news on, else the document's own date.

    The first time expression of the lead that resolves to a day in the week up to the document's
    date (``agreed yesterday``, ``on Tuesday (June 12)``, ``announced on October 22``); with none,
    the document's date, marked ``basis="document"``; None for a document without a date.
    """
    if state.doc_date is None:
        return None
    _, lead = headline_and_lead(state)
    for index in sorted(lead):
        for root, text in state.time_entities[index]:
            head = root.head
            if head.dep_ in ("prep", "mark") and head.lower_ in BOUNDING and head.i != root.i:
                continue
            prefix = "on " if head.lower_ == "on" else ""
            value = timex.resolve(prefix + text, state.doc_date)
            if value is not None and value.precision == "day" and \
                    0 <= (state.doc_date - dt.date.fromisoformat(value.value)).days <= 7:
                return replace(value, rule="time.story", basis="context")
    return TimeValue(state.doc_date.isoformat(), "day", rule="time.document", basis="document")


# kinds of event counted one by one ("two meetings"); talks, sanctions and drills are plural as one
_COUNTED = frozenset({"Meeting", "Summit", "Visit"})


def _clause_of(head):
    verb = head if head.pos_ not in NOUN_POS else next((a for a in ancestors(head) if a.pos_ in ("VERB", "AUX")), None)
    return clause_chain(verb) if verb is not None else []


def _named_as_past(head, state: DocState) -> bool:
    """``the Hanoi summit``, ``the summit's failure``, ``Beijing's recent proposal``: a past event by name."""
    if head.dep_ == "poss" or any(c.dep_ == "amod" and c.lower_ in _PAST_WORDS for c in head.children):
        return True
    named = any(c.dep_ in ("compound", "nmod") and state.kind_of(state.token_actor.get(c.i, "")) in PLACE_KINDS
                for c in head.children)
    return named and any(c.lower_ == "the" for c in head.children)


def _after_the_past(head, state: DocState) -> bool:
    """``Talks stalled following the Hanoi summit's failure`` (after the lead): what came after an
    event the text names as the past is part of that past too, not the story's news."""
    holder = (_clause_of(head) or [head])[0]  # a noun parsed as the root holds its clause itself
    for prep in holder.subtree:
        if prep.dep_ in _AFTER_DEPS and prep.lower_ in _AFTER and holder in list(ancestors(prep))[:3]:
            if any(t.pos_ in NOUN_POS and t.lemma_.lower() in state.lexicon.nouns and _named_as_past(t, state)
                   for t in prep.subtree):
                return True
    return False


def _ordered_before(head, state: DocState) -> bool:
    """In an ``after``/``following``/``since`` phrase: an earlier event, unless its own clause
    says nothing of time (``told reporters after meeting the minister``: the same occasion)."""
    for anc in ancestors(head):
        if anc.dep_ in ("prep", "mark") and anc.lower_ in ORDERING:
            if anc.lower_ in ("since", "until") or head.pos_ in NOUN_POS:
                return True  # "following the regime's first nuclear test"
            dated = [t for t in ancestors(anc) if t.pos_ in ("VERB", "AUX")][:1]
            return bool(dated and time_expressions(dated, state))  # "said Tuesday after meeting..."
    return False


def reported_as_news(head, event: Event, state: DocState, main: set[int]) -> bool:
    """True for an asserted event with no time of its own, not told as part of the past or as a habit.

    Args:
        head: the head token of the event's trigger; main: the headline's and the lead's sentences.
    """
    if head is None or event.factuality != "Asserted" or event.event_type == "Statement":
        return False
    if object_of_another_event(head, event, state):
        return False
    clause = _clause_of(head)
    if time_expressions(time_anchors(head, clause, event.event_type, state), state):
        return False  # "in recent years", "for decades": a time the story gives, though not a day
    if any(c.dep_ == "aux" and c.lower_ == "had" for t in clause[:1] for c in t.children):
        return False  # the past perfect tells what came before the news
    if any(c.dep_ in ("advmod", "npadvmod", "neg") and c.lower_ in _HABITUAL for t in [head, *clause[:3]]
           for c in t.children):
        return False  # "regularly calling for", "has long complained": a habit, not a day's news
    if head.pos_ in NOUN_POS and event.sentence not in main and _named_as_past(head, state):
        return False
    if record_of_several(head, event):
        return False  # "his meetings with Kim": someone's record of several, not one day's news
    if head.dep_ == "acl" and head.tag_ == "VBN" and head.head.dep_ in ("dobj", "pobj") and event.sentence not in main:
        return False  # "the deal reaffirmed the accord signed by A and B": the accord's own history
    if event.sentence not in main and _after_the_past(head, state):
        return False
    return not _ordered_before(head, state)


def record_of_several(head, event: Event) -> bool:
    """``his meetings with Kim``: someone's record of several meetings, summits or visits."""
    return (head is not None and head.tag_ == "NNS" and event.event_type in _COUNTED
            and any(c.dep_ == "poss" for c in head.children))


def object_of_another_event(head, event: Event, state: DocState) -> bool:
    """``condemned the attacks``: a noun another event acts on happened before it, at its own time."""
    if head.pos_ not in NOUN_POS:
        return False
    verb = next((a for a in ancestors(head) if a.pos_ in ("VERB", "AUX")), None)
    triggers = state.lexicon.verbs.get(verb.lemma_.lower(), ()) if verb is not None else ()
    return any(t.event_type not in (event.event_type, "Statement") for t in triggers)


