"""Whether an event happened: Asserted, Negated or Hypothetical, from the words around its trigger.

A modal (``could``, ``will``), a condition (``if``) or a head of intention (``plans to``,
``ready to``) makes an event hypothetical; a negation on the trigger or its clause, or ``no``
before a noun or ``without`` before a noun or clause, negates it; a modal or a condition wins over a negation.
"""
from __future__ import annotations

from kg.extract.state import DocState
from kg.extract.events.matching import Candidate
from kg.extract.events.syntax import is_negated


def factuality(cand: Candidate, state: DocState) -> str:
    """Return Asserted, Negated or Hypothetical for a candidate."""
    lex = state.lexicon
    tok, gov = cand.token, cand.governor
    if cand.trigger.negated_only:
        return "Negated"
    # "Trump's willingness ... could open a backchannel": the modal belongs to "open", not to the offer
    own_clause = gov is not None and gov != tok and tok.dep_ not in ("nsubj", "nsubjpass")
    chain = [tok] + ([gov] if own_clause else [])
    if tok.dep_ in ("acomp", "attr", "oprd") and tok.head not in chain:
        chain.append(tok.head)
    if cand.rule in ("event.evaluation.reported", "event.modal_appeal"):
        # "said the summit was not a good moment": the negation is in the verdict; "said Y should
        # return": the "should" is what was asked, the asking (the saying) is what happened
        chain = [gov]
    modals = lex.cue("modal_hypothetical") | {"will"}
    if _refused(tok, lex):
        return "Negated"  # "will not lift the sanctions until ...", "failed to agree on a truce"
    for t in chain:  # a modal or a condition wins over a negation
        children = list(t.children)
        if (any(c.dep_ in ("aux", "auxpass") and (c.lemma_ or c.text).lower() in modals for c in children)
                or any(c.dep_ == "mark" and c.lower_ in lex.cue("conditional_marks") for c in children)
                or (t.dep_ in ("xcomp", "ccomp", "acl", "pcomp")
                    and t.head.lemma_.lower() in lex.cue("hypothetical_heads"))
                or (t.dep_ == "pobj" and t.head.head.lemma_.lower() in lex.cue("hypothetical_heads"))
                or _be_to(t)):
            return "Hypothetical"
    if _unreal_subject(tok, modals, lex):
        return "Hypothetical"
    held = own_clause and gov.lemma_.lower() in lex.cue("light_verbs")  # "held the planned talks" did happen
    if not held and any(c.dep_ == "amod" and c.lemma_.lower() in lex.cue("hypothetical_heads") for c in tok.children):
        return "Hypothetical"  # "a proposed summit", "the planned talks"
    negated = any(is_negated(t) for t in chain) or any(
        c.dep_ == "det" and c.lower_ == "no" for c in tok.children) or any(_without(t) for t in chain)
    return "Negated" if negated else "Asserted"


def _refused(token, lex) -> bool:
    """``will not lift``, ``would not ease``, ``could not agree``: a negated will or ability says the
    act is not done (as "did not"); ``failed to agree``: the attempt came to nothing."""
    children = list(token.children)
    if is_negated(token) and any(c.dep_ in ("aux", "auxpass") and (c.lemma_ or c.text).lower() in lex.cue("negatable_modals")
                                 for c in children):
        return True
    return token.dep_ == "xcomp" and token.head.lemma_.lower() in lex.cue("failure_heads") and not is_negated(token.head)


def _be_to(token) -> bool:
    """``the two sides are to meet``, ``the aim is to reach a deal``, ``is to be followed by talks``:
    "be" with a "to" infinitive names what is planned or sought, not what happened."""
    return (token.dep_ in ("xcomp", "ccomp") and token.head.lemma_ == "be" and token.lemma_.lower() != "blame"
            and any(c.dep_ in ("aux", "auxpass") and c.lower_ == "to" for c in token.children))  # "is to blame": at fault


def _without(token) -> bool:
    """``left without a deal``, ``ended without securing an agreement``: what "without" governs did not happen."""
    return token.dep_ in ("pobj", "pcomp") and token.head.lower_ == "without"


_GIVEN = frozenset({"the", "this", "that", "these", "those"})


def _unreal_subject(tok, modals, lex) -> bool:
    """``If direct talks can bring gains``, ``a deal would follow``: an event noun with no article or
    possessive that makes it a known one, subject of a modal or conditional clause, is not yet real
    ("the talks would resume", "Trump's offer could help", "talks held last week will help" are)."""
    if tok.dep_ not in ("nsubj", "nsubjpass") or tok.pos_ != "NOUN":
        return False
    if any(c.dep_ in ("poss", "acl", "relcl", "npadvmod") or (c.dep_ == "det" and c.lower_ in _GIVEN)
           for c in tok.children):
        return False
    verb = tok.head.head if tok.head.dep_ in ("xcomp",) else tok.head
    return any((c.dep_ in ("aux", "auxpass") and (c.lemma_ or c.text).lower() in modals)
               or (c.dep_ == "mark" and c.lower_ in lex.cue("conditional_marks")) for c in verb.children)

