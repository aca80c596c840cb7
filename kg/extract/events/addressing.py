"""Whose act, whose stance, addressed to whom: the checks that keep a clause from naming the wrong side.

- A legal text is no actor: what ``the resolution`` "calls for", "bans" or "indicates will be
  tightened" restates its content (``legal_text``, ``within_legal_text``); the event is its
  adoption, read where the text says who adopted it.
- The one a stance addresses (``urged the protesters to …``) is its target; when that phrase
  names nobody we know, no other actor of the sentence stands in for it (``unnamed_addressee``).
- A stance is someone's: one that nobody is said to take (``the aid is welcomed``, ``amid
  threats of sanctions``) is not reported (``holderless``).
- ``the missiles were a threat``, ``a missile was launched``: the weapons point to whoever fired
  them in the story (``weapon_makers``, ``latest_launchers``).
"""
from __future__ import annotations

from kg.extract.state import DocState
from kg.extract.events.syntax import NOUN_POS, passive_agent, subject_of

ADDRESSED = ("Appeal", "Criticism", "Warning", "Endorsement", "Rejection", "OfferOfTalks")
STANCES = ("Endorsement", "Criticism", "Rejection", "Appeal", "Warning")
_CONTROL_PREPS = {"of", "for", "over"}  # "accused X of …", "blamed X for …", "criticised X over …"
_DEFINITE = {"the", "these", "those", "both"}
_RELATIVES = {"which", "that"}


def _is_passive(verb) -> bool:
    return subject_of(verb)[1] or any(c.dep_ == "auxpass" for c in verb.children)


def legal_text(subject, state: DocState) -> bool:
    """True when a clause's subject is a legal text (``the resolution``, ``a bill which``, ``it``
    after a sentence about one). The nouns are data (``instrument_nouns`` in the lexicon's cues)."""
    if subject is None:
        return False
    if subject.lower_ in _RELATIVES and subject.head.dep_ == "relcl":
        subject = subject.head.head
    elif subject.lower_ == "it":
        subject = _previous_subject(subject, state)
    return subject is not None and subject.pos_ == "NOUN" and (
        subject.lemma_.lower() in state.lexicon.cue("instrument_nouns"))


_CONTENT_DEPS = {"ccomp", "xcomp", "conj", "advcl"}


def within_legal_text(verb, state: DocState) -> bool:
    """True when a clause is what a legal text says (``the resolution indicates that restrictions
    will be tightened if …``): its content, like what the text "calls for" (not ``a resolution
    that Russia opposed``: a relative clause about the text is an act of its own)."""
    while verb is not None and verb.dep_ in _CONTENT_DEPS and verb.head.i != verb.i:
        verb = verb.head
        if legal_text(next((c for c in verb.children if c.dep_ == "nsubj"), None), state):
            return True
    return False


def _previous_subject(pronoun, state: DocState):
    """The subject of the main clause ``it`` most likely continues: this sentence's, else the last one's."""
    index = state.sentence_of(pronoun.i)
    for sentence in (state.sentences[index], state.sentences[index - 1] if index else None):
        if sentence is None:
            continue
        subject = next((c for c in sentence.root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.i != pronoun.i and subject.pos_ != "PRON":
            return subject
    return None


def _addressed_phrase(verb, extra):
    """The head of the phrase a control verb addresses: its object, a passive's subject, ``on X``."""
    if _is_passive(verb):
        return subject_of(verb)[0]
    held = next((c for c in verb.children if c.dep_ == "dobj"), None)
    for word in extra:  # "called on the parties to …"
        if held is None and word.dep_ == "prep" and word.lower_ in ("on", "upon"):
            held = next((c for c in word.children if c.dep_ == "pobj"), None)
    return held


def unnamed_addressee(verb, extra, etype: str, state: DocState, actors) -> bool:
    """True when a stance verb addresses someone (``urged the protesters to go home``, ``accused
    Western nations of …``, ``countries are urged to …``) whose phrase names no actor we know.

    Args:
        verb: the trigger verb; extra: the trigger's further words; etype: the event class whose
        rules apply; actors: resolves a phrase's head to actor keys.
    """
    if etype not in ADDRESSED or not any(
            c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ in _CONTROL_PREPS) for c in verb.children):
        return False
    held = _addressed_phrase(verb, extra)
    if held is None or held.pos_ not in NOUN_POS or actors(held):
        return False
    lemma, lex = held.lemma_.lower(), state.lexicon
    if lemma in lex.cue("state_nouns") and any(c.dep_ in ("det", "predet") and c.lower_ in _DEFINITE
                                               for c in held.children):
        return False  # "accused the three European powers of …": states named before; context finds them
    return not (lemma in lex.nouns or lemma in lex.cue("event_anaphors") | lex.cue("decision_nouns"))
    # "condemned the launch for …": an act, whose makers context finds


def holderless(tok, verb, rule: str, etype: str, nominal: bool) -> bool:
    """True for a stance with no holder named at all: a verdict (``was a mistake``) whose speaker
    is not an actor, a passive with no ``by`` (``the aid is welcomed``), a noun with no owner
    (``amid threats of sanctions``), an infinitive with no subject (``aid to support the victims``).
    A holder named but unknown (``critics said``, ``the critics' appeal``) is still a holder.
    Call it only for an event that has no agent."""
    if etype not in STANCES:
        return False
    if rule.startswith("event.evaluation"):
        return True
    if nominal and any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in ("by", "from"))
                       for c in tok.children):
        return False
    if verb is None:
        return True
    if _is_passive(verb):
        return passive_agent(verb) is None
    return subject_of(verb)[0] is None


def weapon_makers(noun, state: DocState, speaker: list[str]) -> list[str]:
    """``the missiles``, ``the drones``: whoever fired the weapons in the latest test or attack."""
    if noun.lemma_.lower() not in state.lexicon.cue("vehicle_nouns"):
        return []
    return latest_launchers(state, speaker)


def latest_launchers(state: DocState, besides: list[str] = ()) -> list[str]:
    """Who made the latest missile test or attack read so far (other than ``besides`` and their countries).

    ``a missile was launched towards Japan``: a launch in the passive with no ``by`` is the
    story's launcher's, as a reader takes it."""
    own = {state.country_of_actor(k) or k for k in besides}
    for event in reversed(state.recent_events()):
        if event.event_type in ("MissileTest", "Attack"):
            makers = [k for k in event.agents if (state.country_of_actor(k) or k) not in own]
            if makers:
                return makers
    return []
