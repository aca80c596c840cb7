"""Past events the story recalls by name: give them the date and place of the well-known event.

"Talks stalled after the Hanoi summit's failure", "the 2018 Singapore summit between Trump and
Kim", "his meetings with Kim in Singapore": the text names a past summit or accord and leaves its
date to the reader's knowledge. ``kg.nlp.known_events`` holds that knowledge (a sourced table of
well-known summits and accords); this step links an event of the document to one of them only
when all the evidence agrees:

1. the class is compatible (a summit, meeting, talks or visit for a known meeting; an agreement
   for a known accord);
2. the name matches (an alias such as "Hanoi summit" covers the event's trigger, or names what
   it acts on: "signed the Abraham Accords"), or the place does (the known place, or its
   country) and the text names at least two of the known sides, tells the event as past or
   dates it, and does not name the known event elsewhere in the sentence (then that is another
   event: "talks never recovered after the Hanoi summit");
3. every side the text gives is compatible with the known sides (the side itself, or its
   country): "Putin flew to Hanoi for talks" is not the Trump-Kim summit in Hanoi;
4. a date the text or story gives agrees with the known date at its precision ("the 2018
   Singapore summit"; a summit "next month" does not);
5. the known event began before the document's date, and is over by then when the text gives
   the event no date of its own (a summit the story reports as news is dated by the story);
6. the event is not merely supposed (hypothetical), and exactly one known event fits.

A linked event takes the known date at its precision (``basis="known"``, rule
``time.known_event``) unless the text states a date as narrow, and the known place when the text
gives none or only its country. Cost: only events of a known class are looked at, and only known
events whose place or alias first word occurs in their sentence are tried.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Iterable, Optional

from kg.extract.state import DocState
from kg.nlp.known_events import KnownEvent, KnownEvents, word_key
from kg.records import Event

_ROOT = "Event"


def _top(event_class: str, state: DocState) -> str:
    """The class below ``Event`` that ``event_class`` belongs to (``Meeting`` for a summit)."""
    chain = [c for c in state.lexicon.classes.ancestors(event_class) if c != _ROOT]
    return chain[-1] if chain else event_class


def _alias_matches(event: Event, state: DocState, known: KnownEvents) -> tuple[dict[int, str], set[int]]:
    """Known events whose name or alias covers one of the event's triggers (``{index: words}``), and
    those named elsewhere in its sentences (another event there is the named one)."""
    found: dict[int, str] = {}
    elsewhere: set[int] = set()
    for mention in event.all_mentions():
        starts = state.sent_starts
        stop = starts[mention.sentence + 1] if mention.sentence + 1 < len(starts) else len(state.tokens)
        tokens = [t for t in state.tokens[starts[mention.sentence]:stop] if not t.is_punct]
        for j, tok in enumerate(tokens):
            for words, index in known.by_word.get(word_key(tok.lower_), ()):
                end = _match(tokens, j, words)
                if end is not None and _names(tokens[j], tokens[end], mention.trigger):
                    found.setdefault(index, state.text[tokens[j].idx:tokens[end].idx + len(tokens[end])])
                elif end is not None:
                    elsewhere.add(index)
    return found, elsewhere - set(found)


def _names(first, last, trigger) -> bool:
    """The words ``first..last`` name the trigger's event: they cover the trigger (``the Hanoi
    summit``) or are what the trigger acts on (``signed the Abraham Accords``)."""
    if first.idx < trigger.end and trigger.start < last.idx + len(last):
        return True
    head = last.head
    return last.dep_ in ("dobj", "pobj", "nsubjpass", "attr") and trigger.start <= head.idx < trigger.end


def _match(tokens: list, j: int, words: tuple[str, ...]) -> Optional[int]:
    """The index of the last token of ``words`` read from ``tokens[j]`` on, else None."""
    if j + len(words) > len(tokens):
        return None
    if any(word != word_key(tokens[j + k].lower_) for k, word in enumerate(words)):
        return None
    return j + len(words) - 1


def _sides(event: Event) -> tuple[str, ...]:
    return (*event.agents, *event.targets, *event.participants)


def _side_of(key: str, known: KnownEvent, state: DocState) -> Optional[str]:
    """The known side a side of the text is (itself, or the country it belongs to), else None."""
    if key in known.sides:
        return key
    country = state.country_of_actor(key)
    return country if country in known.sides else None


def _venue(key: str, known: KnownEvent, state: DocState) -> bool:
    """``the Singapore summit`` read with Singapore as a side: the known place, or its country, is no side."""
    return key not in known.sides and key in (known.place, _country(known, state))


def _sides_agree(event: Event, known: KnownEvent, state: DocState) -> Optional[int]:
    """How many known sides the text names, or None when a side it names took no part.

    A person the gazetteer cannot place in a country neither agrees nor disagrees, but sides
    none of which is known are no agreement either ("the Geneva summit between Reagan and
    Gorbachev" is not the Biden-Putin one): None.
    """
    if not known.sides:
        return 0
    named, given = set(), 0
    for key in _sides(event):
        if _venue(key, known, state):
            continue
        given += 1
        side = _side_of(key, known, state)
        if side is None and state.country_of_actor(key) is not None:
            return None
        if side is not None:
            named.add(side)
    return None if given and not named else len(named)


def _country(known: KnownEvent, state: DocState) -> Optional[str]:
    """The country the known event took place in."""
    entry = state.gazetteer.get(known.place)
    return known.country or (entry.country if entry is not None else None)


def _at_place(event: Event, known: KnownEvent, state: DocState) -> bool:
    """The text places the event at the known place, or only in its country."""
    country = _country(known, state)
    return any(p is not None and p in (known.place, country) for p in _places(event))


def _places(event: Event) -> tuple[str, ...]:
    """The places the text gives the event (a dateline's place given to a lead event is not one)."""
    return () if event.place_basis == "dateline" else event.places


def _own_interval(event: Event, *, named: bool = False) -> Optional[tuple[dt.date, dt.date]]:
    """The days the story dates the event to (not the document's own date), or None.

    ``named``: the text names the past event, so the story's day that ``context`` gives an
    undated lead event (rule ``time.story``) is not its date either.
    """
    if event.time is None or event.time.basis == "document" or (named and event.time.rule == "time.story"):
        return None
    return event.time.interval()


def _time_agrees(event: Event, known: KnownEvent, named: bool, state: DocState) -> bool:
    first, last = known.interval()
    if state.doc_date is not None and first > state.doc_date:
        return False
    own = _own_interval(event, named=named)
    if own is None:
        return state.doc_date is None or last < state.doc_date
    return own[0] <= last and first <= own[1]


def _fits(event: Event, known: KnownEvent, by_alias: bool, state: DocState) -> bool:
    """Steps 1 to 5 of the module's rules for one known event."""
    if _top(known.event_class, state) != _top(event.event_type, state):
        return False
    named = _sides_agree(event, known, state)
    if named is None or not _time_agrees(event, known, by_alias, state):
        return False
    if by_alias:
        return True
    told_as_past = event.told_as_past or _own_interval(event) is not None
    return (_at_place(event, known, state) and named >= min(2, len(known.sides)) and told_as_past
            and event.factuality == "Asserted")


def _place_candidates(event: Event, state: DocState, known: KnownEvents) -> Iterable[int]:
    for place in _places(event):
        yield from known.by_place.get(place, ())
        yield from known.by_country.get(place, ())


def link_event(event: Event, state: DocState, known: KnownEvents) -> Optional[tuple[KnownEvent, str, bool]]:
    """Return the one known event this event is, the words that name it, and whether they name it
    (rather than its place and sides); None when no known event, or more than one, fits."""
    if event.factuality == "Hypothetical":
        return None
    aliases, named_elsewhere = _alias_matches(event, state, known)
    fitting = [i for i in aliases if _fits(event, known.events[i], True, state)]
    if not fitting:  # "talks never recovered after the Hanoi summit": the summit is another event
        fitting = sorted({i for i in _place_candidates(event, state, known)
                          if i not in named_elsewhere and _fits(event, known.events[i], False, state)})
    if len(fitting) != 1:
        return None
    found = known.events[fitting[0]]
    return found, aliases.get(fitting[0], found.name), fitting[0] in aliases


def _linked(event: Event, found: KnownEvent, words: str, named: bool, state: DocState) -> Event:
    """The event with the known date (unless the text's is as narrow), the known place where the text
    gives none or only the place's country (places the text gives otherwise are kept), and without
    the venue read as a side."""
    changes: dict = {}
    own = _own_interval(event, named=named)
    first, last = found.interval()
    if own is None or (own[1] - own[0]) > (last - first):
        changes["time"] = found.time(words)
    country = _country(found, state)
    if all(p == country for p in _places(event)):  # none, or only its country ("in Vietnam")
        if found.place or event.place_basis == "dateline":  # the reporter's place is not the past event's
            changes["places"] = (found.place,) if found.place else ()
            changes["place_basis"] = ""
    for role in ("agents", "targets", "participants"):
        sides = getattr(event, role)
        kept = tuple(k for k in sides if not _venue(k, found, state))
        if kept != sides:
            changes[role] = kept
    return replace(event, **changes) if changes else event


def link_known_events(state: DocState) -> None:
    """Give the document's events that recall a well-known past event its date and place."""
    known: KnownEvents = state.gazetteer.known_events
    if not known.events:
        return
    tops = {_top(c, state) for c in known.classes}
    for i, event in enumerate(state.events):
        if _top(event.event_type, state) not in tops:
            continue
        link = link_event(event, state, known)
        if link is not None:
            state.events[i] = _linked(event, *link, state)
