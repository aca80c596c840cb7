"""Speech acts read from their complement: evaluations ("called the claim baseless") and appeals.

An evaluation verb (``call``, ``describe … as``, ``characterise … as``…) with an evaluative
complement is praise or criticism by the complement's polarity: the project's own cue words
(``positive_evaluation`` / ``negative_evaluation``), and for criticism also the negative words of
Hu and Liu's opinion lexicon (``kg/data/lexicon/opinion-negative.txt``): diplomatic criticism
uses a wide vocabulary ("baseless", "disgraceful", "a killer"), while the lexicon's positive
words are mostly descriptive in news ("the strongest treaty", "an important competitor"). The
head of the complement decides a mixed one ("a historic mistake"), and a negation flips it
("not a good moment").
"""
from __future__ import annotations

import functools
from typing import Optional

from kg.nlp.lexicon import Trigger
from kg.extract.events.matching import Candidate

_COMPLEMENTS = ("oprd", "attr", "xcomp", "ccomp", "acomp")


def _complement(tok):
    """The evaluative complement of an evaluation verb: ``a Y`` of "called X a Y", ``Y`` of "X as Y".

    None for an appeal ("called on Beijing to respect …", "called for restraint") or a clause.
    """
    objects = [c for c in tok.children if c.dep_ == "dobj"]
    small_clause = len(objects) > 1 or any(c.dep_ in ("oprd", "attr") for c in tok.children)
    if not small_clause and any(c.dep_ in ("prep", "prt") and c.lower_ in ("on", "upon", "for") and c.i > tok.i
                                for c in tok.children):  # "called on X", not "On Monday, X called ..."
        return None
    for child in tok.children:
        if child.dep_ in _COMPLEMENTS and child.pos_ not in ("VERB", "AUX"):
            return child
        if child.dep_ == "prep" and child.lower_ == "as":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    if len(objects) > 1:
        return objects[1]  # "called it 'a good prelude'" parsed as two objects
    # "called the expulsions unacceptable" parsed with the verdict as the object's adjective: an
    # adjective after its noun is no attribute of it in English, it is what the object was called
    return next((c for o in objects for c in o.children if c.dep_ == "amod" and c.pos_ == "ADJ" and c.i > o.i), None)


@functools.lru_cache(maxsize=8)
def _union(first: frozenset[str], second: frozenset[str]) -> frozenset[str]:
    """The words of two cue lists (the opinion lexicon is thousands of words: joined once, not per phrase)."""
    return first | second


def _polarity(phrase, lex, *, shallow: bool = False) -> int:
    """+1 praise, -1 criticism, 0 neither: the phrase's evaluative words, its head first.

    ``shallow``: only the head and its own modifiers count ("a tragic mistake", "not a good
    moment"), not words deeper in the phrase ("a continuation of … the sufferings").
    """
    positive = lex.cue("positive_evaluation")
    negative = _union(lex.cue("negative_evaluation"), lex.cue("opinion_negative"))

    def word(t) -> int:
        lemma, lower = t.lemma_.lower(), t.lower_
        if t.ent_type_ or t.is_stop:
            return 0
        if lemma in lex.cue("negative_evaluation") or lower in lex.cue("negative_evaluation"):
            return -1
        if lemma in lex.cue("positive_evaluation") or lower in lex.cue("positive_evaluation"):
            return 1
        return -1 if (lemma in negative or lower in negative) else 1 if (lemma in positive or lower in positive) else 0

    tokens = list(phrase.subtree) if not shallow else [phrase, *(
        c for c in phrase.children if c.dep_ in ("amod", "compound", "advmod", "neg", "conj"))]
    head = word(phrase)
    score = head or (lambda s: (s > 0) - (s < 0))(sum(word(t) for t in tokens))
    negated = any(t.dep_ == "neg" or t.lower_ in ("no", "never") for t in tokens)
    negated = negated or any(c.dep_ == "neg" for c in phrase.head.children if phrase.dep_ in ("attr", "acomp"))
    return -score if negated else score


def evaluation_frame(tok, lemma: str, lex) -> bool:
    """True for an evaluation verb with its complement ("called the sit-down a prelude"), whatever its polarity."""
    return lemma in lex.cue("evaluation_verbs") and _complement(tok) is not None


def evaluation(tok, lemma: str, lex) -> Optional[Candidate]:
    """``called it "a very interesting suggestion"``: an evaluation is praise or criticism."""
    if lemma not in lex.cue("evaluation_verbs"):
        return None
    phrase = _complement(tok)
    if phrase is None or phrase.lemma_.lower() in lex.nouns:
        return None  # "what it called a stern warning": the act named, read as that noun
    score = _polarity(phrase, lex)
    if score == 0:
        return None
    event_type = "Endorsement" if score > 0 else "Criticism"
    return Candidate(tok, Trigger(event_type, lemma), (phrase,), tok, "event.evaluation")


def _reporter(copula, lex):
    """The reporting verb whose content the copular clause is ("said the deal was …", "tweeted, "This is …"")."""
    reporting = _union(lex.cue("reporting_verbs"), lex.cue("posting_verbs"))
    if copula.dep_ in ("ccomp", "parataxis") and copula.head.lemma_.lower() in reporting:
        return copula.head
    return next((c for c in copula.children if c.dep_ in ("ccomp", "parataxis")
                 and c.lemma_.lower() in reporting), None)


def reported_evaluation(tok, lex) -> Optional[Candidate]:
    """``tweeted, "This is shameful."``, ``said the deal was a disaster``: a reported verdict.

    A reported copular clause whose predicate is negative is a criticism by the reporting verb's
    subject (the governor here) of whoever the judged thing belongs to. A positive verdict ("said
    the meeting was constructive") is no endorsement of the other side, and is not read.
    """
    predicate = tok.head if tok.dep_ == "conj" else tok  # "were a threat to X and a threat to Y"
    if predicate.dep_ not in ("attr", "acomp") or predicate.head.lemma_ != "be" or any(
            c.dep_ == "xcomp" for c in tok.children):
        return None  # not "is difficult to calculate", "is too early to tell"
    reporter = _reporter(predicate.head, lex)
    if reporter is None:
        return None
    if _polarity(tok, lex, shallow=True) >= 0:  # "was not a good moment": the negation is in the verdict
        return None
    return Candidate(tok, Trigger("Criticism", tok.lemma_.lower()), (), reporter, "event.evaluation.reported")


def modal_appeal(tok, lex) -> Optional[Candidate]:
    """``said all parties should exercise restraint``: a reported "should" or "must" is an appeal."""
    if tok.dep_ != "ccomp" or tok.head.lemma_.lower() not in lex.cue("reporting_verbs"):
        return None
    if not any(c.dep_ == "aux" and c.lower_ in ("should", "must") for c in tok.children):
        return None
    if any(c.dep_ == "neg" for c in tok.children) or tok.lemma_ == "be":
        return None
    return Candidate(tok, Trigger("Appeal", tok.lemma_.lower()), (), tok.head, "event.modal_appeal")
