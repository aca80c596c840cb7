"""Within one document: whether a new reading of an event is a later mention of an earlier one.

Two readings can be one event when they are of one family (a meeting, summit, talks and a visit
are one family), their dates can be the same day, their places do not contradict each other,
and the sides of one are among the sides of the other. A side matches itself or, for a person
or body, the country it belongs to ("Trump" and "the United States"), never another person of
that country. ``join`` merges a later mention into its event.
"""
from __future__ import annotations

import datetime as dt
import itertools
from typing import Optional

from kg.extract.coref import resolve_np
from kg.extract.state import DocState
from kg.records import Event, TimeValue, evolve

# When two readings of one event are sibling classes (neither a subclass of the other), the
# first of these wins; a subclass always wins over its parent (a summit is a kind of meeting).
_SIBLING_PREFERENCE = ("Summit", "Talks", "Visit")


def related(first: str, second: str, state: DocState) -> bool:
    """True when two classes can be readings of one event: one is the other or a kind of it, or
    both are kinds of a class whose sides are interchangeable (a summit and a visit are meetings;
    a missile test and an exercise, kinds of military posture, are not one event)."""
    a, b = state.lexicon.classes.ancestors(first), state.lexicon.classes.ancestors(second)
    if first in b or second in a:
        return True
    common = next((c for c in a if c in b), None)
    return common is not None and common in state.lexicon.symmetric


def family(event_type: str, state: DocState) -> str:
    """Return the family of an event class: its topmost event superclass (``Meeting`` for a summit)."""
    return state.lexicon.classes.ancestors(event_type)[-1]


def interval(when: Optional[TimeValue]) -> Optional[tuple[dt.date, dt.date]]:
    """Return the days a time value can stand for, or None when it has no date."""
    return when.interval() if when is not None else None


def times_agree(first: Optional[TimeValue], second: Optional[TimeValue]) -> bool:
    """True when two times can be the same day at their precisions (or one of them is unknown)."""
    a, b = interval(first), interval(second)
    return a is None or b is None or (a[0] <= b[1] and b[0] <= a[1])


def narrower(first: Optional[TimeValue], second: Optional[TimeValue]) -> Optional[TimeValue]:
    """Return the more specific of two agreeing times (the first on a tie)."""
    a, b = interval(first), interval(second)
    if b is None:
        return first
    if a is None or (b[1] - b[0]) < (a[1] - a[0]):
        return second
    return first


def _country(key: str, state: DocState) -> str:
    return state.country_of_actor(key) or key


def side_matches(key: str, other: str, state: DocState) -> bool:
    """True when two sides can name the same party: equal, or one is the other's country."""
    return key == other or _country(key, state) == other or key == _country(other, state)


def places_agree(first: tuple, second: tuple, state: DocState) -> bool:
    """True when two sets of places can be where one event happened (Hanoi and Vietnam can)."""
    if not first or not second:
        return True
    for p in first:
        for q in second:
            cp, cq = state.country_of_actor(p), state.country_of_actor(q)
            if p == q or cp is None or cq is None or cp == cq or cp == q or p == cq:
                return True
    return False


def _sides(event: Event, symmetric: bool) -> list[tuple[str, ...]]:
    if symmetric:
        return [(*event.agents, *event.participants, *event.targets)]
    return [event.agents, (*event.targets, *event.participants)]


def within(event: Event, other: Event, state: DocState, *, exact: bool = False) -> bool:
    """True when every side of ``event`` matches a side of ``other`` in the same role.

    Roles count for directed events (who criticised whom); for symmetric ones (meetings,
    agreements) every side is a side. ``exact``: a side matches only itself, not its country.
    """
    symmetric = all(e in state.lexicon.symmetric or family(e, state) in state.lexicon.symmetric
                    for e in (event.event_type, other.event_type))
    def matches(k, o):
        return k == o if exact else side_matches(k, o, state)
    return all(all(any(matches(k, o) for o in theirs) for k in mine)
               for mine, theirs in zip(_sides(event, symmetric), _sides(other, symmetric)))


def corroborated(prior: Event, event: Event, state: DocState) -> bool:
    """True when both readings name a place, or both a date, and these agree."""
    if prior.places and event.places and places_agree(prior.places, event.places, state):
        return True
    return interval(prior.time) is not None and interval(event.time) is not None and times_agree(prior.time, event.time)


def compatible(prior: Event, event: Event, state: DocState) -> bool:
    """True when nothing in two readings of one family says they are different events."""
    if "Statement" in (prior.event_type, event.event_type) or not related(prior.event_type, event.event_type, state):
        return False
    if (event.count or 1) > 1 and event.count != prior.count:
        return False  # "sent 45 such requests" after one request: many happenings, not that one again
    return times_agree(prior.time, event.time) and places_agree(prior.places, event.places, state)


def _specific(first: str, second: str, state: DocState) -> str:
    """Return the more specific of two classes of one family (the first when neither is)."""
    if first in state.lexicon.classes.ancestors(second):
        return second
    if second in state.lexicon.classes.ancestors(first):
        return first
    ranked = [c for c in _SIBLING_PREFERENCE if c in (first, second)]
    return ranked[0] if ranked else first


def _drop_containers(keys: list[str], state: DocState) -> tuple[str, ...]:
    """Drop the countries of other keys in the list: (Hanoi, Vietnam) -> (Hanoi,)."""
    countries = {state.country_of_actor(k) for k in keys if state.country_of_actor(k) not in (None, k)}
    return tuple(k for k in keys if k not in countries)


def _united(first: tuple, second: tuple) -> tuple:
    return tuple(dict.fromkeys([*first, *second]))


def join(prior: Event, event: Event, state: DocState) -> Event:
    """Return ``prior`` with ``event`` as one more of its mentions, and what it adds.

    The class becomes the more specific of the two readings of a meeting; sides, places and the
    speaker's principals are united; the date is the more specific one.
    """
    event_type = _specific(prior.event_type, event.event_type, state)
    agents = list(dict.fromkeys([*prior.agents, *event.agents]))
    targets = list(dict.fromkeys([*prior.targets, *event.targets]))
    participants = list(dict.fromkeys([*prior.participants, *event.participants]))
    if event_type in state.lexicon.symmetric:
        participants = list(_drop_containers(list(dict.fromkeys([*agents, *participants, *targets])), state))
        agents, targets = [], []
    else:
        targets = [k for k in targets if k not in agents]
    mentions = tuple(sorted({*prior.all_mentions(), *event.all_mentions()}, key=lambda m: (m.trigger.start, m.rule)))
    return evolve(
        prior, event_type=event_type, agents=tuple(agents), targets=tuple(targets), participants=tuple(participants),
        places=_drop_containers(list(dict.fromkeys([*prior.places, *event.places])), state),
        time=narrower(prior.time, event.time), count=prior.count if prior.count is not None else event.count,
        quote=prior.quote or event.quote, on_behalf_of=tuple(dict.fromkeys([*prior.on_behalf_of, *event.on_behalf_of])),
        hosts=_united(prior.hosts, event.hosts), mediators=_united(prior.mediators, event.mediators),
        witnesses=_united(prior.witnesses, event.witnesses),
        confidence=max(prior.confidence, event.confidence), mentions=mentions)


_OWNER_GENDER = {"his": "male", "her": "female"}


def owned_again(tok, family: set[str], state: DocState) -> bool:
    """``Orban visited Moscow … EU officials criticised his trips``: a bare event noun owned by "his"
    or "her" names again an event of ``family`` a person of that gender took part in (not ``his
    denial`` when no such person denied anything yet, nor ``his meetings with Kim``, which names its own)."""
    owner = next((c for c in tok.children if c.dep_ == "poss" and c.lower_ in _OWNER_GENDER), None)
    if owner is None or any(c.dep_ == "prep" for c in tok.children):
        return False
    gender = _OWNER_GENDER[owner.lower_]

    def fits(key: str) -> bool:
        draft = state.actors.get(key)
        return draft is not None and draft.kind == "Person" and draft.gender in (None, gender)

    owners = [k for k in resolve_np(owner, state) if fits(k)]
    owners = owners or [k for _, k in itertools.islice(state.mentions_before(owner.i), 12) if fits(k)][:1]
    return bool(owners) and any(e.event_type in family and e.factuality == "Asserted"
                                and owners[0] in (*e.agents, *e.participants) for e in state.recent_events())
