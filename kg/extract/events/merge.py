"""Events of a document: sentence by sentence, later mentions of an event joined to it.

An event is introduced once and may be reported again ("Trump and Kim met in Hanoi … the
summit … the talks in Hanoi"). A later reading that repeats an earlier event, or a definite
event noun that refers back to one, becomes one more of its mentions (``kg.records.EventMention``)
and contributes what it adds; the rules that decide are in ``kg.extract.events.corefer``.
"""
from __future__ import annotations

import datetime as dt
from typing import Optional

from kg.extract.state import DocState
from kg.records import Event, Span, evolve
from kg.extract.events.triggers import ANAPHOR, Candidate, find_candidates, prune
from kg.extract.events.build import build_event, factuality
from kg.extract.events.corefer import compatible, corroborated, family, interval, join, places_agree, related, within
from kg.extract.events.partners import second_partner
from kg.extract.events.syntax import NOUN_POS


_ACTORLESS = {"Protest", "Attack", "MissileTest"}


_STANCES = frozenset({"OfferOfTalks"})  # a stated willingness, which a story may restate hedged
_EPISTEMIC = frozenset({"may", "might"})


def _hedged_again(prior: Event, event: Event, state: DocState) -> bool:
    """``X may be willing to engage Y`` after X offered Y talks: the same stance, restated with a
    doubt about it rather than as a plan (the mention keeps its own factuality)."""
    if event.event_type not in _STANCES or prior.event_type != event.event_type or not event.agents:
        return False
    if (prior.factuality, event.factuality) != ("Asserted", "Hypothetical") or not compatible(prior, event, state):
        return False
    if not within(event, prior, state):
        return False
    span = state.doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
    if span is None:
        return False
    root = state.tokens[span.root.i]
    clause = [root, *root.ancestors][:3]
    return any(c.dep_ == "aux" and c.lower_ in _EPISTEMIC for t in clause for c in t.children)


def _repeats(prior: Event, event: Event, state: DocState) -> bool:
    """True when ``event`` is a later mention of ``prior`` (read in full, not as a reference)."""
    if _hedged_again(prior, event, state):
        return True
    if prior.factuality != event.factuality or not compatible(prior, event, state):
        return False
    # Sides that match only through their countries, or that an event borrowed from another
    # event of its sentence ("talks stalled following the Hanoi summit"), make two kinds of
    # meeting one event only with a place or a date to back them.
    lent = "+sentence_sides" in event.rule
    if _halves(prior, event, state):
        return True
    exact = not lent and (within(event, prior, state, exact=True) or within(prior, event, state, exact=True))
    if not exact and prior.event_type != event.event_type and not corroborated(prior, event, state):
        return False
    # a noun, the same sentence (the next one with the very same sides), or a meeting (which a
    # story names again and again)
    near = 1 if exact else 0
    close = (event.rule.startswith("event.noun") or any(abs(m.sentence - event.sentence) <= near for m in prior.all_mentions())
             or prior.event_type in state.lexicon.classes.family("Meeting"))
    if event.event_type in state.lexicon.symmetric and exact:
        return True  # one's sides among the other's: "Iran and Saudi Arabia agreed … signed by Iran, Saudi Arabia and China"
    if within(event, prior, state):
        return (not event.targets and not event.participants) or close  # it names no side the event lacks
    # the first mention was partial ("Trump-Kim summit" in a headline names one side)
    return close and within(prior, event, state)


def _halves(prior: Event, event: Event, state: DocState) -> bool:
    """Two readings of a symmetric event close together, each naming one side, are one event seen
    from both ends: "Kim arrived at the launch site … Putin shook his hand", "the UAE signed … Bahrain signed"."""
    one = [len({*e.agents, *e.participants, *e.targets}) == 1 for e in (prior, event)]
    symmetric = all(c in state.lexicon.symmetric for e in (prior, event)
                    for c in state.lexicon.classes.ancestors(e.event_type)[-1:])
    near = min(abs(m.sentence - event.sentence) for m in prior.all_mentions()) <= 2
    return all(one) and symmetric and (near or corroborated(prior, event, state))


def _antecedent(event: Event, state: DocState, test) -> Optional[int]:
    """Return the index of the nearest earlier event ``test`` accepts for ``event``, or None.

    Only the latest ``EVENT_LOOKBACK`` events are candidates (see ``kg.extract.state``), so that
    reading stays linear in the length of a document.
    """
    for i in state.recent_event_indices():
        if test(state.events[i], event, state):
            return i
    return None


def add_event(event: Event, state: DocState) -> None:
    """Add an event, or join it to the earlier event it is a later mention of."""
    index = _antecedent(event, state, _repeats)
    if index is None:
        _append(event, state)
    else:
        _join_at(index, event, state)


def _append(event: Event, state: DocState) -> None:
    state.events.append(evolve(event, mentions=event.all_mentions()))
    _note_kind(state.events[-1], state)
    sides = list(event.participants) or [*event.agents, *event.targets]
    if len(sides) >= 2:
        state.pairs.append(sides)
    _note_date(state.events[-1], state)


def _join_at(index: int, event: Event, state: DocState) -> None:
    """Join ``event`` to the event at ``index``, which becomes the latest one read (for anaphora)."""
    state.events.append(join(state.events.pop(index), event, state))
    _note_kind(state.events[-1], state)
    sides = list(event.participants) or [*event.agents, *event.targets]
    if len(sides) >= 2:
        state.pairs.append(sides)
    _note_date(state.events[-1], state)


def _note_kind(event: Event, state: DocState) -> None:
    """Remember the class of an asserted event: a definite noun of its family may refer back to it."""
    if event.factuality == "Asserted":
        state.event_kinds.add(event.event_type)


def _note_date(event: Event, state: DocState) -> None:
    if event.time and event.time.value and event.time.precision == "day" and len(event.time.value) == 10:
        state.note_event_date(event.event_id, dt.date.fromisoformat(event.time.value))


def _refers_to(prior: Event, event: Event, state: DocState) -> bool:
    """True when a definite event noun can refer back to ``prior`` (its factuality may differ)."""
    return compatible(prior, event, state)


def _anaphor(cand: Candidate, state: DocState) -> None:
    """``the summit``, ``these talks``, ``the talks in Hanoi``: one more mention of an earlier event.

    It contributes a place, a date or a count; not sides, which a reference often takes from a
    verb it is the content of (``Beijing praised the meeting``). With no earlier event it can
    refer to, it is dropped, as an event reported somewhere else.
    """
    event = build_event(cand, state) or _bare(cand, state)
    event = evolve(event, agents=(), targets=(), participants=(), quote=None, on_behalf_of=(),
                    **_own_place_and_time(cand, event, state))
    # "the talks" is the latest talks before it is a meeting of another kind ("commanders are to meet")
    index = _antecedent(event, state, _same_class)
    index = _antecedent(event, state, _refers_to) if index is None else index
    if index is not None:
        _join_at(index, event, state)


def _same_class(prior: Event, event: Event, state: DocState) -> bool:
    return prior.event_type == event.event_type and _refers_to(prior, event, state)


def _own_place_and_time(cand: Candidate, event: Event, state: DocState) -> dict:
    """Keep the place and date a reference names itself (``the talks in Hanoi``, ``Thursday's
    launch``), not those of the clause around it (``condemned the pact in Seoul on Friday``)."""
    subtree = list(cand.token.subtree)
    own = {state.token_actor.get(t.i) for t in subtree}
    start, end = subtree[0].idx, subtree[-1].idx + len(subtree[-1].text)
    when = event.time
    if when is not None and (not when.text or when.text not in state.text[start:end]):
        when = None
    return {"places": tuple(p for p in event.places if p in own), "time": when}


def _bare(cand: Candidate, state: DocState) -> Event:
    """The mention a reference makes when it names no argument of its own."""
    tokens = [cand.token, *cand.extra]
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    first, last = min(t.i for t in tokens), max(t.i for t in tokens)
    trigger = Span(start, end, state.span_text(first, last + 1))
    return Event(event_id=f"{start}-{end}", event_type=cand.trigger.event_type, trigger=trigger,
                 sentence=state.sentence_of(cand.token.i), rule=cand.rule, factuality=factuality(cand, state),
                 confidence=0.75 if cand.token.pos_ in NOUN_POS else 0.9)


def find_events(doc, state: DocState) -> None:
    """Read every event of ``doc`` into ``state.events``, sentence by sentence, in text order.

    Each event is added as soon as it is read, so a later event of the same sentence can refer
    to it ("imposed tariffs, prompting Beijing to threaten countermeasures").
    """
    for sent in state.sentences:
        added, bare = [], []
        candidates = sorted(prune(find_candidates(sent, state), state), key=lambda c: c.token.i)
        for cand in candidates:
            if cand.rule.endswith(ANAPHOR):
                _anaphor(cand, state)
                continue
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
    for part in second_partner(event, state):  # "with Peru in 2001 and with Bolivia in 2005": two deals
        for piece in _split_by_place(part, state):
            add_event(piece, state)


def _with_context_sides(event: Event, added: list[Event], state: DocState):
    """An event read with no actor of its own, given the sides its context implies (or None)."""
    # "Talks between both nations stalled after the Hanoi summit": a placed or dated event
    # shares the sides of the other event of its sentence
    sides = next((e.participants or (*e.agents, *e.targets) for e in added if e.event_type != "Statement"), ())
    hosts = {state.country_of_actor(p) or p for p in event.places}  # "Qatar said the Doha talks …": the host
    sides = tuple(k for k in sides if (state.country_of_actor(k) or k) not in hosts)
    if sides and (event.places or event.time):
        return evolve(event, participants=tuple(sides), rule=event.rule + "+sentence_sides")
    accord = _accord_of_sentence(event, state)
    if accord:  # "the deal was signed after a week of talks led by the AU": the talks of its parties
        return evolve(event, participants=accord, rule=event.rule + "+accord_sides")
    if event.places and event.event_type in _ACTORLESS:
        return event  # "protesters rallied outside the embassy in London"
    if event.time and event.event_type == "MissileTest":
        prior = next((e for e in reversed(state.recent_events()) if e.event_type == event.event_type and e.agents), None)
        if prior is not None:  # "following a missile test on January 4": the same launcher
            return evolve(event, agents=prior.agents, rule=event.rule + "+prior_agent")
    return None


def _accord_of_sentence(event: Event, state: DocState) -> tuple:
    """The parties of an agreement its sentence reports (read there or referred to), for talks with no
    sides of their own: the talks that led to it."""
    if event.event_type not in state.meeting_family:
        return ()
    for index in state.recent_event_indices():
        prior = state.events[index]
        if (family(prior.event_type, state) == "Agreement" and prior.factuality == "Asserted"
                and len(prior.participants) >= 2 and any(m.sentence == event.sentence for m in prior.all_mentions())):
            return prior.participants
    return ()


def _split_by_place(event: Event, state: DocState) -> list[Event]:
    """``meetings with Kim in Singapore and Vietnam``: one event per place for plural triggers."""
    if len(event.places) < 2 or not event.trigger.text.endswith("s"):
        return [event]
    return [evolve(event, places=(p,), event_id=f"{event.event_id}-{i}") for i, p in enumerate(event.places)]



def consolidate(state: DocState) -> None:
    """Join the readings of one symmetric event that the rest of the story shows to be one.

    A reading whose sides came from its sentence, or that named no place or date, could not be
    joined when it was read ("Meeting on a Singapore island, Trump and Kim …" some sentences after
    "Trump and Kim concluded a summit Tuesday"). Once the story has dated and placed both
    (``kg.extract.events.context``), two readings of a symmetric class (a meeting, an agreement)
    with the same factuality, on the same day, at places that agree, the sides of one among the
    sides of the other (a leader matching his country), are one event: the later one becomes a
    mention of the earlier.
    """
    ordered = sorted(range(len(state.events)), key=lambda i: (state.events[i].all_mentions()[0].trigger.start, i))
    kept: list[tuple[int, Event]] = []
    index = _StoryIndex(state)
    for position in ordered:
        event = state.events[position]
        found = next((n for n in index.candidates(event) if _one_in_story(kept[n][1], event, state)), None)
        if found is None:
            kept.append((position, event))
            index.add(len(kept) - 1, event)
        else:
            kept[found] = (kept[found][0], join(kept[found][1], event, state))
            index.add(found, kept[found][1])
    if len(kept) < len(state.events):
        state.events[:] = [event for _, event in sorted(kept, key=lambda pair: pair[0])]


class _StoryIndex:
    """The kept events of ``consolidate`` by what ``_one_in_story`` requires of any two it joins:
    the same factuality and single day, a symmetric family, and a side in common (a side or its
    country), so that each event is compared only with the few that can be one with it and
    consolidating stays linear in the length of a document. An entry left by an event a join
    changed only adds a candidate, which the full check then refuses."""

    def __init__(self, state: DocState) -> None:
        self._state = state
        self._kept: dict[tuple, set[int]] = {}

    def _keys(self, event: Event) -> list[tuple]:
        state = self._state
        day = interval(event.time)
        if day is None or day[0] != day[1] or family(event.event_type, state) not in state.lexicon.symmetric:
            return []  # _one_in_story joins only single days of symmetric families
        sides = (*event.agents, *event.participants, *event.targets)
        return [(event.factuality, day[0], token)
                for token in dict.fromkeys(t for k in sides for t in (k, state.country_of_actor(k) or k))]

    def add(self, position: int, event: Event) -> None:
        for key in self._keys(event):
            self._kept.setdefault(key, set()).add(position)

    def candidates(self, event: Event) -> list[int]:
        """Positions of the kept events that can be one with ``event``, in the order kept."""
        return sorted(set().union(*(self._kept.get(key, ()) for key in self._keys(event))))


def _one_in_story(prior: Event, event: Event, state: DocState) -> bool:
    symmetric = state.lexicon.symmetric
    if prior.factuality != event.factuality or not related(prior.event_type, event.event_type, state):
        return False
    if not all(family(e.event_type, state) in symmetric for e in (prior, event)):
        return False
    days = [interval(e.time) for e in (prior, event)]
    if any(d is None or d[0] != d[1] for d in days) or days[0] != days[1]:
        return False
    if not places_agree(prior.places, event.places, state):
        return False
    named = all(e.agents or e.participants or e.targets for e in (prior, event))
    return named and (within(event, prior, state) or within(prior, event, state))
