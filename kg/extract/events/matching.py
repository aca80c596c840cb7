"""Does a token carry a trigger of the vocabulary? Complement words, prepositions and frames.

A trigger (``kg.nlp.lexicon.Trigger``) is a head lemma plus what its complements must hold:
word slots (any lemma of a slot among the head's complements), prepositional phrases under the
head (or under its direct object, where the parser often attaches them) and a clausal frame.
The lemmas of a token's complements are gathered once per token and looked up in sets, so a
large vocabulary costs a dictionary lookup per word, not a loop over patterns.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from kg.nlp.lexicon import Trigger

@dataclass(frozen=True)
class Candidate:
    token: object  # the trigger's head token
    trigger: Trigger
    extra: tuple  # tokens of the trigger's further words
    governor: object  # the verb whose clause holds the event (the token itself for verbs)
    rule: str


_PREP_DEPS = ("prep", "prt", "agent", "dative")
# what a trigger's complement words are looked for in: the head's objects and predicates (as
# PETRARCH2's "post-verb nouns" are heads of its object phrases), with their own modifiers,
# never a reported clause ("said the talks had failed" holds no object "talks")
_OBJECTS = {"dobj", "attr", "oprd", "dative", "acomp", "xcomp", "prt", "advmod", "npadvmod", "nsubjpass"}
_INSIDE = {"compound", "amod", "nmod", "poss", "nummod", "quantmod", "prep", "pobj", "conj", "appos", "dobj",
           "prt", "advmod", "pcomp"}
_MODALS = {"will", "would", "could", "can", "may", "might", "should", "must", "shall"}


class Complements:
    """The lemmas (and lower-cased forms) among a token's complements, read once."""

    def __init__(self, token):
        self.token = token
        self._pool: Optional[dict[str, object]] = None

    @property
    def pool(self) -> dict[str, object]:
        if self._pool is None:
            pool: dict[str, object] = {}
            frontier = [c for c in self.token.children if c.dep_ in _OBJECTS]
            if self.token.dep_ == "relcl" and any(c.dep_ in ("dobj", "nsubjpass") and c.lower_ in ("which", "that")
                                                  for c in self.token.children):
                antecedent = self.token.head  # "contacts, which Beijing suspended": the antecedent is the object
                frontier += [antecedent] + ([antecedent.head.head] if antecedent.dep_ == "pobj" else [])
            for _ in range(3):
                nxt = []
                for tok in frontier:
                    pool.setdefault(tok.lemma_.lower(), tok)
                    pool.setdefault(tok.lower_, tok)
                    nxt += [c for c in tok.children if c.dep_ in _INSIDE]
                frontier = nxt
            self._pool = pool
        return self._pool


def _fill(slot: frozenset, pool: dict[str, object]):
    if len(slot) <= len(pool):
        return next((pool[w] for w in slot if w in pool), None)
    return next((tok for key, tok in pool.items() if key in slot), None)


def _subtree_pool(token) -> dict[str, object]:
    pool: dict[str, object] = {}
    for tok in token.subtree:
        if tok.i != token.i:
            pool.setdefault(tok.lemma_.lower(), tok)
            pool.setdefault(tok.lower_, tok)
    return pool


def _temporal(prep) -> bool:
    return any(c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME") for c in prep.children)


def prepositions(token) -> list:
    """Prepositions and particles under a token, and the "for" of a clause it governs ("called for it to").

    A time phrase is never part of a trigger: "called the minister on Tuesday" is no "call on".
    """
    out = [c for c in token.children if c.dep_ in _PREP_DEPS and not _temporal(c)]
    for clause in token.children:
        if clause.dep_ in ("advcl", "ccomp", "xcomp"):
            out += [m for m in clause.children if m.dep_ == "mark" and m.lower_ == "for"]
    return out


def object_prepositions(token) -> list:
    """Prepositions under a token's direct object: "nominated the president for the prize" (PP attachment)."""
    return [c for obj in token.children if obj.dep_ == "dobj" for c in obj.children
            if c.dep_ == "prep" and not _temporal(c)]


def _subjunctive(verb) -> bool:
    """``suggested he return``: a base form the tagger took for a plural present (VBP)."""
    if verb.tag_ != "VBP":
        return False
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject is not None and (subject.lower_ in ("he", "she", "it") or subject.tag_ in ("NN", "NNP"))


def has_infinitive(token) -> bool:
    """``asked Kim to visit``, ``suggested he return``: a clausal complement in the base form.

    Not ``asked whether he would``, ``said that the talks had failed`` (a mark other than
    "that", a modal, or a finite verb).
    """
    for child in token.children:
        if child.dep_ not in ("xcomp", "ccomp") or not (child.tag_ == "VB" or _subjunctive(child)):
            continue
        marks = {c.lower_ for c in child.children if c.dep_ == "mark"}
        if marks - {"that"}:
            continue
        if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in child.children):
            continue
        return True
    return False


def _infinitive(token, words: tuple) -> Optional[list]:
    """The tokens filling ``(to VERB words…)`` from a to-infinitive under ``token``, or None.

    PETRARCH2 writes an infinitival complement as a "to" phrase: ORDER * DIPLOMAT (TO LEAVE)
    reads "ordered the diplomats to leave", where the parser has no preposition "to".
    """
    for clause in token.children:
        if clause.dep_ not in ("xcomp", "ccomp") or clause.lemma_.lower() not in words[0]:
            continue
        if not any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children):
            continue
        inner = _subtree_pool(clause)
        rest = [_fill(slot, inner) for slot in words[1:]]
        if all(hit is not None for hit in rest):
            return [clause, *rest]
    return None


def match(trigger: Trigger, complements: Complements, *, noun_window=None) -> Optional[tuple]:
    """Return the tokens that fill ``trigger``'s slots, or None when it does not match.

    ``noun_window``: for a noun trigger, the tokens before the head its modifiers are read from.
    """
    token = complements.token
    found = []
    if trigger.words:
        if noun_window is not None:
            pool: dict[str, object] = {}
            for tok in noun_window:
                pool.setdefault(tok.lemma_.lower(), tok)
                pool.setdefault(tok.lower_, tok)
        else:
            pool = complements.pool
        for slot in trigger.words:
            hit = _fill(slot, pool)
            if hit is None:
                return None
            found.append(hit)
    for preps, words in trigger.preps:
        # the curated triggers also look under the object ("nominated the president for the prize");
        # PETRARCH2's phrases attach to the verb, as its dictionary writes them
        curated = words and trigger.source == "ontology"
        pool_preps = prepositions(token) + (object_prepositions(token) if curated else [])
        prep = next((c for c in pool_preps if c.lower_ in preps), None)
        if prep is None and words and "to" in preps:  # "(to leave)": a to-infinitive, as the CAMEO dictionaries write it
            filled = _infinitive(token, words)
            if filled is None:
                return None
            found += filled
            continue
        if prep is None:
            return None
        found.append(prep)
        if words:
            inner = _subtree_pool(prep)
            for slot in words:
                hit = _fill(slot, inner)
                if hit is None:
                    return None
                found.append(hit)
    if trigger.frame == "to" and not has_infinitive(token):
        return None
    return tuple(found)
