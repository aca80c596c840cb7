"""Trigger candidates of a sentence, and the pruning of those that are content or references."""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional

from kg.extract.state import DocState
from kg.nlp.lexicon import Trigger
from kg.extract.events.syntax import NOUN_POS, VERB_POS, descendants, is_negated


_DEFINITE = {"the", "this", "that", "these", "those", "either", "such", "both"}
ANAPHOR = ".anaphor"  # rule suffix of a definite event noun that refers back to an event already read


VERBAL = {"OfferOfTalks", "Appeal", "Endorsement", "Agreement", "Criticism", "Rejection", "Warning"}
# whose complements are their content, not separate facts ("accused India of firing shells" reports one)


_CONTENT_HEADS = {"OfferOfTalks", "Appeal", "Endorsement", "Agreement", "Warning"}


@dataclass(frozen=True)
class Candidate:
    token: object  # the trigger's head token
    trigger: Trigger
    extra: tuple  # tokens of the trigger's further words
    governor: object  # the verb whose clause holds the event (the token itself for verbs)
    rule: str


# ------------------------------------------------------------------ trigger candidates


def _match_extra(token, trigger: Trigger) -> Optional[tuple]:
    found = []
    pool = list(descendants(token))
    for lemma in trigger.extra:
        hit = next((t for t in pool if t.lemma_.lower() == lemma or t.lower_ == lemma), None)
        if hit is None:
            return None
        found.append(hit)
    return tuple(found)


def _noun_modifiers_ok(token, trigger: Trigger, state: DocState) -> Optional[tuple]:
    found = []
    window = state.tokens[max(token.i - 4, state.sentence(token.i).start):token.i]
    for lemma in trigger.extra:
        hit = next((t for t in window if t.lemma_.lower() == lemma or t.lower_ == lemma), None)
        if hit is None:
            return None
        found.append(hit)
    return tuple(found)


def _governor(token, lexicon):
    """Return the verb a nominal trigger belongs to (``held a summit``, ``flew ... for talks``)."""
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in NOUN_POS and head.head.dep_ in (
            "dobj", "nsubjpass", "attr", "nsubj"):
        return _governor(head.head, lexicon)  # "held a second round of talks", "a package of sanctions"
    if token.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and head.pos_ in ("VERB", "AUX"):
        return head
    if token.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB":
        if head.lower_ == "for" or head.head.lemma_ in lexicon.cue("motion_verbs"):
            return head.head
    if token.dep_ == "nsubj" and head.pos_ in ("VERB", "AUX"):
        return head
    return None


def find_candidates(sent, state: DocState) -> list[Candidate]:
    """Return the trigger candidates of one sentence, longest trigger first per token."""
    lex = state.lexicon
    found: list[Candidate] = []
    consumed: set[int] = set()
    tokens = state.tokens[sent.start:sent.end]
    lemmas = [tok.lemma_.lower() for tok in tokens]
    for tok, lemma in zip(tokens, lemmas):
        if tok.pos_ in VERB_POS:
            for trig in lex.verbs.get(lemma, ()):
                if trig.negated_only and not is_negated(tok):
                    continue
                extra = _match_extra(tok, trig) if trig.extra else ()
                if extra is None or (tok.pos_ == "ADJ" and not trig.extra):
                    continue
                found.append(Candidate(tok, trig, extra, tok, "event.verb" + (".phrase" if extra else "")))
                consumed.update(t.i for t in extra)
                break
        evaluation = _evaluation(tok, lemma, lex)
        if evaluation:
            found.append(evaluation)
        appeal = _modal_appeal(tok, lex)
        if appeal:
            found.append(appeal)
    for tok, lemma in zip(tokens, lemmas):
        if tok.pos_ not in NOUN_POS or tok.i in consumed:
            continue
        for trig in lex.nouns.get(lemma, ()) or lex.nouns.get(tok.lower_, ()):
            extra = _noun_modifiers_ok(tok, trig, state) if trig.extra else ()
            if extra is None:
                continue
            found.append(Candidate(tok, trig, extra, _governor(tok, lex), "event.noun"))
            break
    return found


_EVALUATION_VERBS = {"call", "describe", "label", "term", "brand", "denounce"}


def _evaluation(tok, lemma: str, lex) -> Optional[Candidate]:
    """``called it "a very interesting suggestion"``: an evaluation is praise or criticism."""
    if lemma not in _EVALUATION_VERBS:
        return None
    for obj in tok.children:
        if obj.dep_ not in ("oprd", "dobj", "attr", "xcomp", "ccomp"):
            continue
        words = {t.lemma_.lower() for t in obj.subtree}
        if words & lex.cue("positive_evaluation"):
            return Candidate(tok, Trigger("Endorsement", lemma), (obj,), tok, "event.evaluation")
        if words & lex.cue("negative_evaluation") and lemma != "denounce":
            return Candidate(tok, Trigger("Criticism", lemma), (obj,), tok, "event.evaluation")
    return None


def _modal_appeal(tok, lex) -> Optional[Candidate]:
    """``said all parties should exercise restraint``: a reported "should" or "must" is an appeal."""
    if tok.dep_ != "ccomp" or tok.head.lemma_.lower() not in lex.cue("reporting_verbs"):
        return None
    if not any(c.dep_ == "aux" and c.lower_ in ("should", "must") for c in tok.children):
        return None
    if any(c.dep_ == "neg" for c in tok.children) or tok.lemma_.lower() in lex.verbs or tok.lemma_ == "be":
        return None
    return Candidate(tok, Trigger("Appeal", tok.lemma_.lower()), (), tok.head, "event.modal_appeal")


def prune(candidates: list[Candidate], state: DocState) -> list[Candidate]:
    """Drop candidates that are the content of another (``invited Kim to visit``); mark references.

    A definite event noun that refers back to an event already read (``the summit``) is kept
    with the rule suffix ``ANAPHOR``: ``kg.extract.events.merge`` makes it a mention of that event.
    """
    by_token = {c.token.i: c for c in candidates}
    for cand in candidates:  # "Tehran was ready to talk if ...": the copula's clauses are the offer's
        if cand.token.dep_ in ("acomp", "oprd") and cand.token.head.i not in by_token:
            by_token[cand.token.head.i] = cand
    kept = []
    for cand in candidates:
        if cand.trigger.event_type == "Statement" and cand.token.pos_ in NOUN_POS:
            continue
        if _is_content(cand, by_token):
            continue
        if cand.token.pos_ in NOUN_POS and (_object_of_other_verb(cand, state) or _historical(cand.token, state)):
            continue
        if cand.token.pos_ in NOUN_POS and _refers_back(cand, state):
            kept.append(replace(cand, rule=cand.rule + ANAPHOR))
            continue
        tok = cand.token
        if tok.dep_ == "pcomp" and tok.head.head.pos_ in NOUN_POS and tok.head.head.dep_ != "ROOT":
            continue  # "its ban on supplying weapons": an activity named by a noun, not an event
        kept.append(cand)
    return kept


_CONTENT_EDGES = {"xcomp", "ccomp", "dobj", "acl", "attr", "oprd", "dative", "acomp", "advcl"}


def _is_content(cand: Candidate, by_token: dict) -> bool:
    """True when a trigger is what another verbal event offers, asks, praises or rejects.

    ``invited Kim to visit``, ``proposed the meeting``, ``signed a treaty that obliges each side
    to provide assistance``: the inner event is the content, not a separate fact. A relative
    clause further down (``a message, which Choe called ...``) or a coordination is not content.
    """
    token, path, below = cand.token, [], cand.token
    while token.head.i != token.i:
        path.append(token.dep_)
        below, token = token, token.head
        outer = by_token.get(token.i)
        if outer is None or outer is cand or outer.trigger.event_type not in _CONTENT_HEADS:
            continue
        top = path[-1]
        if top == "advcl" and not any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "provided")
                                      for c in below.children):
            return False  # "proposed talks, days after Pyongyang fired a missile": a separate fact
        if top in _CONTENT_EDGES and ("relcl" not in path[:-2] or top == "dobj"):
            return True
        if top == "prep" and "relcl" not in path:
            return True
        return False
    return False


def _object_of_other_verb(cand: Candidate, state: DocState) -> bool:
    """``reconsider its ban``, ``blocked a sanctions package``: an event noun another verb acts on."""
    gov = cand.governor
    if gov is None or cand.token.dep_ not in ("dobj", "oprd", "attr") or gov.i == cand.token.i:
        return False
    lemma = gov.lemma_.lower()
    return lemma not in state.lexicon.cue("light_verbs") and lemma not in state.lexicon.verbs


def _historical(token, state: DocState) -> bool:
    """``the anniversary of its invasion``: an event recalled, not reported."""
    head = token.head
    return token.dep_ == "pobj" and head.lower_ == "of" and head.head.lemma_.lower() in state.lexicon.cue(
        "reference_heads")


def _family(event_type: str, state: DocState) -> set[str]:
    """Return the classes a definite noun of ``event_type`` may refer back to: its whole meeting family."""
    meetings = state.lexicon.classes.family("Meeting")
    return set(meetings) if event_type in meetings else {event_type}


def _refers_back(cand: Candidate, state: DocState) -> bool:
    """A definite event noun (``the meeting``, ``these meetings``) names an event already read."""
    tok = cand.token
    definite = any(c.dep_ in ("det", "predet") and c.lower_ in _DEFINITE for c in tok.children)
    if not definite:
        return False
    family = _family(cand.trigger.event_type, state)
    return any(e.event_type in family for e in state.events)


# ------------------------------------------------------------------ arguments
