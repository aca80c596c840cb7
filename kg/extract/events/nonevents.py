"""Trigger words that report no event where they stand: the road not taken (``instead of
condemning``), people carried somewhere (``were flown to Texas``), fault (``is to blame``), talks
that open by themselves (``the talks opened on Monday``). ``triggers.prune`` drops them.
"""
from __future__ import annotations

from kg.extract.events.matching import Candidate
from kg.extract.events.syntax import VERB_POS
from kg.extract.state import DocState


_ALTERNATIVES = {("instead", "of"), ("rather", "than")}


def at_fault(tok) -> bool:
    """``Russia was not to blame``: "be to blame" says who is at fault, not that anyone blamed."""
    return (tok.lemma_.lower() == "blame" and tok.head.lemma_ == "be"
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children))


def event_as_subject(cand: Candidate, state: DocState) -> bool:
    """``The talks opened on Monday, the first negotiations since …``: talks that open or begin are
    under way; no actor offers them."""
    tok = cand.token
    if cand.trigger.event_type != "OfferOfTalks" or tok.pos_ not in VERB_POS:
        return False
    subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    return subject is not None and any(state.lexicon.is_a(t.event_type, "Meeting")
                                       for t in state.lexicon.nouns.get(subject.lemma_.lower(), ()))


def carried(cand: Candidate, state: DocState) -> bool:
    """``the freed men were flown to Texas``: a verb of travel in the passive moves people or goods
    somewhere; nobody visits (``was visited by`` is a visit)."""
    tok = cand.token
    return (tok.pos_ in VERB_POS and tok.lemma_.lower() in state.lexicon.cue("motion_verbs")
            and tok.lemma_.lower() != "visit" and any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children))


def passed_over(tok) -> bool:
    """``risked hardening positions instead of encouraging dialogue``, ``rather than praise the deal``:
    what is named as the road not taken did not happen (an adverb may sit between: ``instead of openly``)."""
    doc = tok.doc
    for end in (tok.i, tok.i - 1):
        if end >= 2 and (doc[end - 2].lower_, doc[end - 1].lower_) in _ALTERNATIVES:
            return end == tok.i or doc[end].pos_ == "ADV"
    return False


_ACTOR_NOUNS = ("government_bodies", "state_nouns", "crowd_nouns", "member_nouns", "title_words")


def endangers(cand: Candidate, state: DocState) -> bool:
    """``The row threatens a trade deal``: a thing that threatens endangers; nobody made a threat.

    Only a verb whose subject is a common noun naming no actor ("row", "dispute", "move"); a state,
    a body or a person that threatens ("the army threatened to retaliate") makes a warning.
    """
    tok, lex = cand.token, state.lexicon
    if tok.pos_ not in VERB_POS or not lex.is_a(cand.trigger.event_type, "Warning"):
        return False
    subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.pos_ != "NOUN" or subject.i in state.token_actor:
        return False
    lemma = subject.lemma_.lower()
    return not any(lemma in lex.cue(name) or subject.lower_ in lex.cue(name) for name in _ACTOR_NOUNS)


def self_assessed(cand: Candidate, state: DocState) -> bool:
    """``talks that both sides called candid``, ``both leaders called the meeting productive``: the sides
    of a meeting judging it praise or blame no one; it is how the meeting went."""
    tok, lex = cand.token, state.lexicon
    if not cand.rule.startswith("event.evaluation") or tok.pos_ not in VERB_POS:
        return False
    subject = next((c for c in tok.children if c.dep_ == "nsubj"), None)
    if subject is None:
        return False
    words = " ".join(t.lower_ for t in subject.subtree)
    if words not in lex.cue("collective_countries") and words not in lex.cue("collective_people"):
        return False
    judged = [c for c in tok.children if c.dep_ == "dobj" and c.lower_ not in ("that", "which")]
    if not judged and tok.dep_ in ("relcl", "acl"):
        judged.append(tok.head)  # "talks that both sides called candid"
    return any(lex.is_a(t.event_type, "Meeting") for j in judged for t in lex.nouns.get(j.lemma_.lower(), ()))
