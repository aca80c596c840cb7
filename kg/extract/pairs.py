"""Who a collective stands for: ``both sides``, ``the two countries``, ``the two leaders``, ``they``.

The sides of the story so far: the two countries most often on opposite sides, else the parties
of the latest talks or agreement (a movement or armed group as much as a state), else the sides
of the latest event with two or more, else the last two actors named.
"""
from __future__ import annotations

from kg.extract.state import DocState

_ACTOR_KINDS = {"Person", "Organization", "Country", "Group"}


def _main_pair(state: DocState) -> list[str]:
    """The two countries most often on opposite sides so far: "both sides" of the story."""
    counts: dict = {}
    for order, sides in enumerate(state.recent_pairs()):
        countries = sorted({state.country_of_actor(k) or k for k in sides if state.kind_of(k) != "City"})
        for i, a in enumerate(countries):
            for b in countries[i + 1:]:
                if state.kind_of(a) == state.kind_of(b) == "Country":
                    n, _ = counts.get((a, b), (0, 0))
                    counts[(a, b)] = (n + 1, order)
    if not counts:
        return []
    best = max(counts.items(), key=lambda kv: kv[1])
    return list(best[0]) if best[1][0] >= 2 else []


def _latest_parties(state: DocState) -> list[str]:
    """The parties of the latest talks, meeting or agreement: "both sides" of a story of two parties,
    a rebel group or movement as much as a state (a person stands for their country)."""
    symmetric = state.lexicon.symmetric
    for index in state.recent_event_indices():
        event = state.events[index]
        if event.event_type not in symmetric or event.factuality != "Asserted":
            continue
        parties = list(dict.fromkeys(
            (state.country_of_actor(k) or k) if state.kind_of(k) == "Person" else k
            for k in event.participants if state.kind_of(k) in _ACTOR_KINDS))
        if len(parties) >= 2:
            return parties
    return []


def last_pair(state: DocState, kinds: set[str], before: int) -> list[str]:
    """Return the sides of the latest event with two or more sides, else the last two actors."""
    if kinds == {"Country"}:
        main = _main_pair(state) or _latest_parties(state)
        if main:
            return main
    for sides in reversed(state.recent_pairs()):
        keys = [k for k in sides if state.kind_of(k) in kinds or (kinds == {"Country"} and state.kind_of(k) == "Person")]
        if len(keys) >= 2:
            if kinds == {"Country"}:
                keys = [state.country_of_actor(k) or k for k in keys]
            return list(dict.fromkeys(keys))
    seen: list[str] = []
    for _, key in state.mentions_before(before):
        if state.kind_of(key) in kinds and key not in seen:
            seen.append(key)
        if len(seen) == 2:
            break
    return seen if len(seen) == 2 else []


_PERSON_PRONOUNS = {"he", "him", "his", "she", "her"}


def leaders_in_sentence(head, state: DocState, pronoun) -> list[str]:
    """``He said Modi had asked him ... when the two leaders met``: two or more leaders the sentence
    names (or refers to by a pronoun, resolved by ``pronoun(token, state)``) before the collective
    are the ones it means, not the latest pair."""
    leaders = state.lexicon.cue("leader_titles")
    found: list[str] = []
    for tok in state.tokens[state.sentence(head.i).start:head.i]:
        if tok.i in state.token_actor:
            keys = [state.token_actor[tok.i]]
        elif tok.pos_ == "PRON" and tok.lower_ in _PERSON_PRONOUNS:
            keys = pronoun(tok, state)
        else:
            continue
        for key in keys:
            draft = state.actors.get(key)
            if draft and draft.kind == "Person" and any(t.lower() in leaders for t, _ in draft.roles):
                found.append(key)
    found = list(dict.fromkeys(found))
    return found if len(found) >= 2 else []
