"""Events of a document: sentence by sentence, repeated mentions merged into one event."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

from kg.extract.state import DocState
from kg.records import Event
from kg.extract.events.triggers import find_candidates, prune
from kg.extract.events.build import build_event
from kg.extract.events.when import more_specific


_ACTORLESS = {"Protest", "Attack", "MissileTest"}


def _same_kind(a: str, b: str, state: DocState) -> bool:
    meetings = state.lexicon.classes.family("Meeting")
    return a == b or (a in meetings and b in meetings and "Meeting" in (a, b)) or (
        {a, b} == {"Summit", "Meeting"})


def _mergeable(prior: Event, event: Event) -> bool:
    """A later mention repeats an event when it adds nothing new, or is nominal, and no date differs."""
    if prior.time and event.time and (prior.time.value, prior.time.start) != (event.time.value, event.time.start):
        return False
    if prior.factuality != event.factuality:
        return False
    adds_nothing = not event.targets and not event.participants and set(event.agents) <= set(prior.agents)
    return adds_nothing or event.rule.startswith("event.noun") or prior.sentence == event.sentence or "Meeting" in (
        prior.event_type, event.event_type) or event.event_type == prior.event_type == "Summit"


def add_event(event: Event, state: DocState) -> None:
    """Add an event, or merge it into an earlier mention of the same event."""
    actors = set(event.agents) | set(event.participants) | set(event.targets)
    for i, prior in enumerate(state.events):
        if prior.event_type == "Statement" or not _same_kind(prior.event_type, event.event_type, state):
            continue
        if not _mergeable(prior, event):
            continue
        prior_actors = set(prior.agents) | set(prior.participants) | set(prior.targets)
        same_agent = (set(event.agents) and set(event.agents) <= set(prior.agents) and not event.targets
                      and not event.participants and event.event_type == prior.event_type)
        if (actors and actors <= prior_actors) or same_agent:
            if event.places and prior.places and not set(event.places) & set(prior.places):
                continue
            specific = event.event_type if prior.event_type == "Meeting" else prior.event_type
            state.events[i] = replace(prior, event_type=specific, places=prior.places or event.places,
                                      time=more_specific(prior.time, event.time), count=prior.count or event.count)
            return
    state.events.append(event)
    sides = list(event.participants) or [*event.agents, *event.targets]
    if len(sides) >= 2:
        state.pairs.append(sides)
    if event.time and event.time.value and event.time.precision == "day":
        state.event_dates[event.event_id] = dt.date.fromisoformat(event.time.value)


def find_events(doc, state: DocState) -> None:
    """Read every event of ``doc`` into ``state.events``, sentence by sentence, in text order.

    Each event is added as soon as it is read, so a later event of the same sentence can refer
    to it ("imposed tariffs, prompting Beijing to threaten countermeasures").
    """
    for sent in state.sentences:
        added, bare = [], []
        candidates = sorted(prune(find_candidates(sent, state), state), key=lambda c: c.token.i)
        for cand in candidates:
            event = build_event(cand, state)
            if event is None:
                continue
            if event.agents or event.targets or event.participants:
                _add(event, state)
                added.append(event)
            else:
                bare.append(event)
        for event in bare:
            event = _with_context_sides(event, added, state)
            if event is not None:
                _add(event, state)


def _add(event: Event, state: DocState) -> None:
    for piece in _split_by_place(event, state):
        add_event(piece, state)


def _with_context_sides(event: Event, added: list[Event], state: DocState):
    """An event read with no actor of its own, given the sides its context implies (or None)."""
    # "Talks between both nations stalled after the Hanoi summit": a placed or dated event
    # shares the sides of the other event of its sentence
    sides = next((e.participants or (*e.agents, *e.targets) for e in added if e.event_type != "Statement"), ())
    if sides and (event.places or event.time):
        return replace(event, participants=tuple(sides), rule=event.rule + "+sentence_sides")
    if event.places and event.event_type in _ACTORLESS:
        return event  # "protesters rallied outside the embassy in London"
    if event.time and event.event_type == "MissileTest":
        prior = next((e for e in reversed(state.events) if e.event_type == event.event_type and e.agents), None)
        if prior is not None:  # "following a missile test on January 4": the same launcher
            return replace(event, agents=prior.agents, rule=event.rule + "+prior_agent")
    return None


def _split_by_place(event: Event, state: DocState) -> list[Event]:
    """``meetings with Kim in Singapore and Vietnam``: one event per place for plural triggers."""
    if len(event.places) < 2 or not event.trigger.text.endswith("s"):
        return [event]
    return [replace(event, places=(p,), event_id=f"{event.event_id}-{i}") for i, p in enumerate(event.places)]
