"""Sides a sentence implies without naming them beside the trigger.

- ``a meeting between A and B ended with no deal``: the outcome's sides are the meeting's
  (``meeting_outcome_sides``).
- ``a plane from Japan carrying relief supplies landed in Kathmandu``: the aid is the sender's,
  read in the clause of the vehicle that carried it, and goes to the country it arrived in
  (``carrier_verb``).
- ``in response to Nepal's request for help, Japan sent doctors``, ``at the request of Nepal,
  Japan …``, ``at Nepal's request``: a request is made of whoever answers it (``answered_by``).
"""
from __future__ import annotations

from kg.extract.events.syntax import SIDE_PREPS, prep_objects

_CLAUSE_POS = ("VERB", "AUX")
_ANSWERS = {"response", "reply", "answer", "reaction"}
_OUTCOME_PREPS = {"with", "without"}


def _is_meeting_noun(token, lexicon) -> bool:
    return any(lexicon.is_a(t.event_type, "Meeting") for t in lexicon.nouns.get(token.lemma_.lower(), ()))


def meeting_outcome_sides(tok, lexicon, actors) -> list[str]:
    """The sides of the meeting whose outcome ``tok`` names (``the summit between A and B ended with
    no deal``, ``the A-B talks produced an accord``); empty when its clause's subject is no meeting.

    Args:
        tok: the outcome noun; lexicon: the trigger vocabulary; actors: resolves a phrase's head.
    """
    if tok.dep_ == "pobj" and tok.head.lower_ in _OUTCOME_PREPS:
        verb = tok.head.head
    elif tok.dep_ == "dobj":
        verb = tok.head
    else:
        return []
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None) if verb.pos_ in _CLAUSE_POS else None
    if subject is None or not _is_meeting_noun(subject, lexicon):
        return []
    sides = [k for _, obj in prep_objects(subject, SIDE_PREPS) for k in actors(obj)]
    sides += [k for c in subject.children if c.dep_ in ("compound", "amod", "nmod", "poss") for k in actors(c)]
    return list(dict.fromkeys(sides))


def carrier_verb(tok, lexicon):
    """The verb of the vehicle that carries the aid named by ``tok`` (``a plane … carrying supplies
    landed``: ``landed``), or None. The vehicles are data (``vehicle_nouns`` in the lexicon's cues)."""
    carrying = tok.head
    if tok.dep_ != "dobj" or carrying.dep_ != "acl" or carrying.tag_ not in ("VBG", "VBN"):
        return None
    vehicle = carrying.head
    if vehicle.lemma_.lower() not in lexicon.cue("vehicle_nouns") or vehicle.dep_ not in ("nsubj", "nsubjpass"):
        return None
    return vehicle.head if vehicle.head.pos_ in _CLAUSE_POS else None


def answered_by(tok, actors) -> tuple[list[str], list[str]]:
    """Who asked and who answers, for a request a clause answers: ``in response to Nepal's request,
    Japan …`` (nobody new asked, Japan answers), ``at the request of Nepal, Japan …`` (Nepal, Japan).

    Returns:
        ``(askers, answerers)``, both empty when the request is not one a clause answers.
    """
    holder, askers = tok, []
    if tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lemma_.lower() in _ANSWERS:
        holder = tok.head.head  # "in response to the request"
    elif tok.dep_ == "pobj" and tok.head.lower_ in ("at", "upon", "on"):
        askers = [k for _, obj in prep_objects(tok, {"of"}) for k in actors(obj)]  # "at the request of X"
        askers = askers or [k for c in tok.children if c.dep_ == "poss" for k in actors(c)]  # "at X's request"
        if not askers:
            return [], []
    else:
        return [], []
    verb = holder.head.head if holder.dep_ == "pobj" else None
    if verb is not None and verb.dep_ in ("dobj", "nsubjpass") and verb.head.pos_ in _CLAUSE_POS:
        verb = verb.head  # "hosted the talks at the AU's request": the request is the hosting's
    if verb is None or verb.pos_ not in _CLAUSE_POS:
        return [], []
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return askers, actors(subject) if subject is not None else []
