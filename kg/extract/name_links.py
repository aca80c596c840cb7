"""One actor named two ways in one story: an acronym and its expansion, a place also typed as a body.

These steps run after every named mention is read (``kg.extract.actors.find_mentions``):

- ``the Tigray People's Liberation Front`` ... ``the TPLF``: an unknown all-capitals name whose
  letters are the initials of exactly one longer name of the document (small words such as "of"
  left out) is that body, whichever comes first;
- ``CARTAGENA, Colombia`` ... ``Cartagena's old city`` ... ``the Salisbury attack``: an unknown
  name the NER typed as a body or a person in one sentence, and that the text names as a place
  in another (the dateline, ``in Salisbury``), is that place; a bare place and a city of the same
  name are one city. One name in one story is one thing.
"""
from __future__ import annotations

import re

from kg.extract.state import ActorDraft, DocState
from kg.nlp.gazetteer import name_key
from kg.records import Mention

_SMALL_WORDS = frozenset({"of", "the", "and", "for", "on", "in", "to", "de", "la", "del", "du", "des", "el", "al"})
_WORD_BREAK = re.compile(r"[\s\-–]+")
_ACRONYM = re.compile(r"[A-Z]{2,8}")
_BODIES = ("Organization", "Group")
_PLACES = ("City", "Place")  # a country's name is the gazetteer's, never typed as a body


def initials(label: str) -> str:
    """The capital initials of a name's words, small words left out.

    >>> initials("Tigray People's Liberation Front")
    'TPLF'
    >>> initials("Intergovernmental Authority on Development")
    'IAD'
    """
    return "".join(w[0] for w in _WORD_BREAK.split(label)
                   if w and w[0].isupper() and w.lower() not in _SMALL_WORDS)


def merge_into(state: DocState, other: ActorDraft, kept: ActorDraft, rule: str = "actor.short_name") -> None:
    """Make every mention of ``other`` a mention of ``kept``, and forget ``other``."""
    for i, key in list(state.token_actor.items()):
        if key == other.key:
            state.token_actor[i] = kept.key
    state.mentions[:] = [m if m.actor_key != other.key else
                         Mention(kept.key, m.span, m.sentence, rule, 0.8) for m in state.mentions]
    if other.label != kept.label:
        kept.alt_labels.add(other.label)
    kept.alt_labels.update(a for a in other.alt_labels if a != kept.label)
    kept.mentioned = kept.mentioned or other.mentioned
    del state.actors[other.key]
    if state.dateline_place_key == other.key:
        state.dateline_place_key = kept.key
    for draft in state.actors.values():  # a body or city tied to the forgotten name is tied to the kept one
        if draft.affiliation_key == other.key:
            draft.affiliation_key = kept.key
        if draft.country_key == other.key:
            draft.country_key = kept.key


def link_acronyms(state: DocState) -> None:
    """Merge an unknown all-capitals body into the one longer name of the document it abbreviates."""
    for short in [d for d in state.actors.values() if _unknown_acronym(d)]:
        longer = [d for d in state.actors.values() if d is not short and d.kind in _BODIES
                  and any(len(form.split()) > 1 and initials(form) == short.label for form in (d.label, *d.alt_labels))]
        if len(longer) == 1:
            merge_into(state, short, longer[0], "actor.acronym")


def _unknown_acronym(draft: ActorDraft) -> bool:
    return ":" in draft.key and draft.kind in _BODIES and bool(_ACRONYM.fullmatch(draft.label))


def link_places_named_alike(state: DocState) -> None:
    """Merge an unknown body, person or bare place into the city or place of the same name."""
    places: dict[str, ActorDraft] = {}
    for draft in sorted(state.actors.values(), key=_place_rank):
        if draft.kind in _PLACES:
            for form in (draft.label, *draft.alt_labels):
                places.setdefault(name_key(form), draft)
    for draft in list(state.actors.values()):
        if ":" not in draft.key or len(draft.label.split()) > 3:
            continue
        place = places.get(name_key(draft.label))
        if place is None or place is draft or _place_rank(place) > _place_rank(draft):
            continue
        merge_into(state, draft, place, "actor.same_name")


def _place_rank(draft: ActorDraft) -> tuple[int, int]:
    """Which of two drafts of one name wins: a known entry, then a city, then a place, then the rest."""
    kind = {"City": 0, "Place": 1}.get(draft.kind, 2)
    return (0 if ":" not in draft.key and kind < 2 else 1, kind)
