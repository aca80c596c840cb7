"""Dates and places the story gives an event outside its own clause (after every event is read).

``when`` and ``where`` read what an event's own clauses say. A news story says more, and this
pass reads it, in this order; a value found earlier is never overwritten:

1. a later mention that is not an event of its own tells about the one it refers to: ``The move,
   announced on October 22``, ``The agreement, reached in the Chinese capital this week``,
   ``The meeting, held at the air base in Anchorage`` (a definite event noun, or ``move``,
   ``decision``, ``step``…, with its describing clause);
2. an offset from another event: ``The vote came a day after the Assembly voted to condemn...``
   (the condemnation is a day before the vote), ``fired a missile a day after the drills ended``;
3. an event held inside another: ``agreed in a constructive summit`` takes the summit's date;
4. the story's date (``story.story_date``: the day the lead gives its news, or the document's own
   date) for the events the story reports as news (``story.reported_as_news``): asserted, without
   a time of their own, not told as the past or a habit, and not in an ``after``/``before``
   phrase of a clause that carries its own date (``said Tuesday after meeting his counterpart``:
   the syntax gave Tuesday to the saying, not to the meeting);
5. another mention of the same event (same kind, compatible sides and dates, one of them a noun
   or both agreements or meetings) shares its date (the most specific, ``when.more_specific``)
   and its place;
6. the dateline's place for the events of the headline and the lead that happen where the
   reporter is (not missile tests, attacks, drills, visits or aid, which happen elsewhere).

Dates found in steps 2 to 5 are marked ``basis="context"``; the document's own date is marked
``basis="document"`` so that a query can tell "dated by the text" from "dated by the report".
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from typing import Optional

from kg.extract.state import DocState
from kg.extract.events.syntax import NOUN_POS, ancestors, phrase_tokens
from kg.extract.events.story import (headline_and_lead, object_of_another_event, record_of_several, reported_as_news,
                                     story_date)
from kg.extract.events.when import ORDERING, compatible, more_specific, resolve_first, time_expressions
from kg.extract.events.where import PLACE_KINDS, PLACE_PREPS, find_places
from kg.records import Event, Span, TimeValue, evolve

_ELSEWHERE = frozenset({"MissileTest", "Attack", "MilitaryExercise", "Visit", "Aid", "Statement"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_OFFSET_RE = re.compile(r"(?:a|an|one|two|three|four|five|six|seven|\d+)\s+(day|days|week|weeks)$")
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_SIDE_KINDS = ("Person", "Organization", "Country", "Group")
_REACH = 25  # how many sentences back a later mention looks for the event it names


class _Story:
    """The events of a document with their head tokens, and the lookups the steps share."""

    def __init__(self, state: DocState):
        self.state = state
        by_start = {t.idx: t for t in state.tokens}
        self.heads = [_head_token(e.trigger, state, by_start) for e in state.events]
        self.by_head = {}  # the head token of every mention of an event -> the event
        self.mention_heads = []  # of each event: the head token of each of its mentions
        self.news, self.past = set(), set()  # undated events given the story's date; those told as the past
        for i, event in enumerate(state.events):
            self.mention_heads.append([])
            for mention in event.all_mentions():
                head = _head_token(mention.trigger, state, by_start)
                if head is not None:
                    self.by_head.setdefault(head.i, i)
                    self.mention_heads[i].append(head)
        self.order = sorted((i for i, h in enumerate(self.heads) if h is not None), key=lambda i: self.heads[i].i)
        self.positions = [self.heads[i].i for i in self.order]
        self.meetings = frozenset(state.lexicon.classes.family("Meeting"))

    def family(self, event_type: str) -> frozenset[str]:
        """The kinds of event one mention of this kind may name again (a meeting: any meeting)."""
        return self.meetings if event_type in self.meetings else frozenset({event_type})

    def event_at(self, token_index: int) -> Optional[int]:
        return self.by_head.get(token_index)

    def before(self, token_index: int, sentences: int = _REACH):
        """The events whose trigger comes before a token, nearest first, a few sentences back."""
        first = self.state.sentence_of(token_index) - sentences
        for k in reversed(self.order[:bisect.bisect_left(self.positions, token_index)]):
            if self.state.events[k].sentence < first:
                return
            yield k

    def after(self, token_index: int, sentences: int = _REACH):
        """The events whose trigger comes after a token, nearest first, a few sentences on."""
        last = self.state.sentence_of(token_index) + sentences
        for k in self.order[bisect.bisect_right(self.positions, token_index):]:
            if self.state.events[k].sentence > last:
                return
            yield k

    def near(self, i: int, sentences: int = _REACH):
        """The other events within a few sentences of event ``i``, in text order."""
        starts, here = self.state.sent_starts, self.state.events[i].sentence
        first = starts[max(here - sentences, 0)]
        last = starts[here + sentences + 1] if here + sentences + 1 < len(starts) else len(self.state.tokens)
        window = self.order[bisect.bisect_left(self.positions, first):bisect.bisect_left(self.positions, last)]
        return (j for j in window if j != i)

    def set(self, i: int, **changes) -> None:
        self.state.events[i] = evolve(self.state.events[i], **changes)


def _head_token(trigger: Span, state: DocState, by_start: dict):
    """The syntactic head of a trigger's words."""
    first = by_start.get(trigger.start)
    if first is None:
        return None
    span = [t for t in state.tokens[first.i:first.i + 12] if t.idx < trigger.end]
    return next((t for t in span if not (first.i <= t.head.i < first.i + len(span)) or t.head.i == t.i), first)


def _sides(event: Event, state: DocState) -> set[str]:
    return {state.country_of_actor(k) or k for k in (*event.agents, *event.targets, *event.participants)}


def _context(value: TimeValue, basis: str = "context") -> TimeValue:
    return evolve(value, basis=basis) if value.basis == "stated" else value


def _specific(value: Optional[TimeValue]) -> int:
    return {"day": 3, "span": 2, "month": 1, "year": 0}.get(value.precision, 0) if value else -1


# ------------------------------------------------------------------ 1. what later mentions say


def _named_sides(noun, state: DocState) -> set[str]:
    """The actors a mention names in its own phrase (``the summit with Putin in Helsinki``: Russia)."""
    keys = set()
    for tok in phrase_tokens(noun):
        key = state.token_actor.get(tok.i)
        if key is None or state.kind_of(key) not in _SIDE_KINDS or (
                tok.dep_ == "pobj" and tok.head.lower_ in PLACE_PREPS):
            continue
        keys.add(state.country_of_actor(key) or key)
    return keys


def _anaphor_antecedent(noun, story: _Story) -> Optional[int]:
    """The event a definite event noun or ``the move`` names again.

    The latest earlier event of its kind whose sides agree with the sides the noun names; for a
    noun that names sides no earlier event has, the next such event (a headline or lead names
    the event before the story reports it). ``the move``, ``the decision`` reach back a sentence.
    """
    state = story.state
    lemma = noun.lemma_.lower()
    classes = {t.event_type for t in state.lexicon.nouns.get(lemma, ())}
    if not classes and lemma not in state.lexicon.cue("decision_nouns"):
        return None
    family = set().union(*(story.family(c) for c in classes)) if classes else None
    sides = _named_sides(noun, state)
    sentence = state.sentence_of(noun.i)

    def fits(i: int) -> bool:
        event = state.events[i]
        if event.event_type == "Statement" or (family is not None and event.event_type not in family):
            return False
        if _argument_of(noun, i, story):
            return False
        theirs = _sides(event, state)
        return not sides or not theirs or sides <= theirs or theirs <= sides

    for i in story.before(noun.i):
        if family is None and sentence - state.events[i].sentence > 1:
            return None  # "the move" reaches back a sentence or so, no further
        if fits(i):
            return i
    if family is not None and sides:
        return next((i for i in story.after(noun.i) if fits(i)), None)
    return None


_OBJECT_EDGES = frozenset({"dobj", "xcomp"})  # from an object up to the verb that acts on it


def _argument_of(noun, i: int, story: _Story) -> bool:
    """True when ``noun`` is what a mention of event ``i`` acts on, in that mention's own clause:
    ``agreed to revive the pact signed in 2001`` (the pact is not the agreement to revive it),
    unlike ``met in Hanoi, where the meeting lasted an hour`` (a clause of its own)."""
    tok = noun
    while tok.head.i != tok.i and tok.dep_ in _OBJECT_EDGES:
        tok = tok.head
        if story.event_at(tok.i) == i:
            return True
    return False


def _from_later_mentions(story: _Story) -> None:
    """``The move, announced on October 22``, ``The meeting, held in Anchorage``: what a later
    mention (joined to its event, or no event of its own) says of the event it names."""
    state = story.state
    for noun in state.tokens:
        if noun.pos_ not in NOUN_POS or noun.left_edge.lower_ not in _DEFINITE:
            continue  # "the assistance", "the 30 million dollars in assistance announced on Tuesday"
        i = story.event_at(noun.i)
        if i is not None and story.heads[i] is noun:
            continue  # the event's own trigger: its clauses were read with it
        describing = [c for c in noun.children if c.dep_ in ("acl", "relcl")]
        when = resolve_first(time_expressions([noun, *describing], state), state, future=False)
        places = find_places(describing, state, False) or find_places([noun], state, False, deep=True)
        if when is None and not places:
            continue
        i = i if i is not None else _anaphor_antecedent(noun, story)  # a mention joined to it, or not
        if i is None:
            continue
        event = state.events[i]
        if when is not None and (event.time is None or (
                compatible(event.time, when) and _specific(when) > _specific(event.time))):
            story.set(i, time=when)
        if places and not event.places:
            story.set(i, places=tuple(places))


# ------------------------------------------------------------------ 2. and 3. other events


def _offset(token) -> Optional[tuple[int, int, str]]:
    """``a day after``/``two weeks before`` above a token: (the governing verb, days to add, words).

    ``came a day after the council voted``: the vote is the council's, a day before ``came``.
    """
    for node in [token, *ancestors(token)]:
        marks = [node] if node.dep_ == "prep" else [c for c in node.children if c.dep_ == "mark"]
        for mark in marks:
            if mark.lower_ not in ("after", "before"):
                continue
            holders = [mark, mark.head] if mark.dep_ == "mark" else [mark]  # "a day" on either
            amount = next((c for h in holders for c in h.children if c.dep_ == "npadvmod"), None)
            text = " ".join(t.lower_ for t in amount.subtree) if amount is not None else ""
            match = _OFFSET_RE.fullmatch(text)
            if match is None:
                return None
            days = (_NUMBERS.get(text.split()[0]) or int(text.split()[0])) * (
                7 if match.group(1).startswith("week") else 1)
            main = mark.head.head if mark.dep_ == "mark" else mark.head
            return main.i, -days if mark.lower_ == "after" else days, f"{text} {mark.lower_}"
    return None


def _clause_date(verb, story: _Story, story_day: Optional[TimeValue]) -> Optional[TimeValue]:
    """The date of a clause: its own event's, its subject event's, or the story's."""
    state = story.state
    for tok in (verb, *(c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass"))):
        i = story.event_at(tok.i)
        if i is None and tok is not verb:
            i = _anaphor_antecedent(tok, story) if tok.pos_ in NOUN_POS else None
        if i is not None and state.events[i].time is not None and state.events[i].time.precision == "day":
            return state.events[i].time
    own = resolve_first(time_expressions([verb], state), state, future=False)
    return own if own is not None and own.precision == "day" else story_day


def _from_other_events(story: _Story, story_day: Optional[TimeValue]) -> None:
    state = story.state
    for i, event in enumerate(state.events):
        head = story.heads[i]
        if event.time is not None or head is None or object_of_another_event(head, event, state):
            continue
        offset = _offset(head)
        if offset is not None:
            base = _clause_date(state.tokens[offset[0]], story, story_day)
            if base is not None:
                day = dt.date.fromisoformat(base.value) + dt.timedelta(days=offset[1])
                story.set(i, time=TimeValue(day.isoformat(), "day", text=offset[2], rule="time.offset", basis="context"))
            continue
        holder = _held_in(head, story)
        if holder is not None and state.events[holder].time is not None:
            story.set(i, time=_context(state.events[holder].time))


def _held_in(head, story: _Story) -> Optional[int]:
    """``agreed in a constructive summit``: the event whose occasion the clause names."""
    verb = head if head.pos_ not in NOUN_POS else next((a for a in ancestors(head) if a.pos_ == "VERB"), None)
    if verb is None:
        return None
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("in", "at", "during")):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            i = story.event_at(obj.i)
            if i is None and obj.lemma_.lower() in story.state.lexicon.nouns:
                i = _anaphor_antecedent(obj, story)
            if i is not None and story.heads[i] is not head:
                return i
    return None


def _story_dates(story: _Story, story_day: Optional[TimeValue]) -> None:
    if story_day is None:
        return
    headline, lead = headline_and_lead(story.state)
    for i, event in enumerate(story.state.events):
        if event.time is None:
            if reported_as_news(story.heads[i], event, story.state, headline | lead):
                story.set(i, time=story_day)
                story.news.add(i)
            else:
                story.past.add(i)
                if event.factuality == "Asserted" and event.event_type != "Statement":
                    story.set(i, told_as_past=True)


# ------------------------------------------------------------------ 5. and 6. mentions, dateline


def _widened(value: TimeValue) -> TimeValue:
    """An inferred day stands for the week up to it (the story's date, the report's date)."""
    if value.basis == "stated" or value.precision != "day" or not value.value:
        return value
    day = dt.date.fromisoformat(value.value)
    return TimeValue(None, "span", (day - dt.timedelta(days=7)).isoformat(), day.isoformat())


def _same_event(i: int, j: int, story: _Story) -> bool:
    """Two mentions of one event: same kind, compatible sides and dates, one of them a noun.

    Two verbs are two acts (two launches, two rounds of sanctions), unless they are agreements or
    meetings between the same sides (one's sides among the other's), which an article rarely
    reports twice as new; two that state different days are two events.
    """
    state = story.state
    a, b = state.events[i], state.events[j]
    if b.event_type not in story.family(a.event_type) or a.factuality != b.factuality:
        return False
    if a.time is not None and b.time is not None and not compatible(_widened(a.time), _widened(b.time)):
        return False
    sa, sb = _sides(a, state), _sides(b, state)
    if sa and sb and not (sa <= sb or sb <= sa):
        return False
    agents = [{state.country_of_actor(k) or k for k in e.agents} for e in (a, b)]
    if all(agents) and not agents[0] & agents[1]:
        return False  # "the US requested" and "Russia sent requests": two acts
    if {i, j} & story.news and {i, j} & story.past:
        return False  # the story tells one as today's news, the other as the past
    if any(_ordered_apart(x, y) or _ordered_apart(y, x) for x in story.mention_heads[i] for y in story.mention_heads[j]):
        return False
    if any(record_of_several(h, e) for h, e in ((story.heads[i], a), (story.heads[j], b))):
        return False  # "his meetings with Kim in Singapore and Vietnam": a record, not this one event
    nouns = [h is not None and h.pos_ in NOUN_POS for h in (story.heads[i], story.heads[j])]
    return any(nouns) or (bool(sa) and bool(sb) and a.event_type in state.lexicon.symmetric)


def _ordered_apart(x, y) -> bool:
    """True when ``x`` is in an ``after``/``following`` phrase of the clause ``y`` is in or governs:
    ``talks stalled following the summit`` orders two events, one before the other."""
    for anc in ancestors(x):
        if (anc.dep_ in ("prep", "mark") or (anc.lower_ == "following" and anc.dep_ in ("xcomp", "advcl"))) \
                and anc.lower_ in ORDERING:  # "following" can parse as a verb
            inside = {t.i for t in anc.subtree}
            around = {t.i for t in anc.head.subtree} | {t.i for t in ancestors(anc)}
            return y.i not in inside and y.i in around
    return False


def _from_other_mentions(story: _Story) -> None:
    state = story.state
    for i in story.order:
        kinds, factuality = story.family(state.events[i].event_type), state.events[i].factuality
        for j in story.near(i):
            if state.events[j].event_type not in kinds or state.events[j].factuality != factuality:
                continue  # _same_event's first test, made here: most pairs near each other fail it
            if not _same_event(i, j, story):
                continue
            event, other = state.events[i], state.events[j]
            if other.time is not None and other.time.basis == "stated":
                better = more_specific(event.time, _context(other.time))
                if better is not event.time:
                    story.set(i, time=better)
            if other.places and not event.places:
                story.set(i, places=other.places)


def _dateline_places(story: _Story) -> None:
    state = story.state
    place = state.dateline_place_key
    if place is None or state.kind_of(place) not in PLACE_KINDS:
        return
    headline, lead = headline_and_lead(state)
    for i, event in enumerate(state.events):
        if event.sentence in headline | lead and not event.places and event.event_type not in _ELSEWHERE \
                and event.factuality == "Asserted":
            story.set(i, places=(place,), place_basis="dateline")


def place_and_date_from_context(state: DocState) -> None:
    """Give the document's events the dates and places the rest of the story states for them."""
    if not state.events:
        return
    story = _Story(state)
    story_day = story_date(state)
    _from_later_mentions(story)
    _from_other_events(story, story_day)
    _story_dates(story, story_day)
    _from_other_mentions(story)
    _dateline_places(story)
