"""Trigger candidates of a sentence, and the pruning of those that are content or references."""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

from kg.extract.state import DocState
from kg.nlp.lexicon import Trigger
from kg.extract.events.evaluation import evaluation, evaluation_frame, modal_appeal, reported_evaluation
from kg.extract.events.matching import Candidate, Complements, match
from kg.extract.events.corefer import owned_again
from kg.extract.events.nonevents import (at_fault, carried, endangers, event_as_subject, passed_over,
                                         self_assessed)
from kg.extract.events.syntax import NOUN_POS, VERB_POS, is_negated
from kg.extract.events.third_parties import verb_role


_DEFINITE = {"the", "this", "that", "these", "those", "either", "such", "both"}
ANAPHOR = ".anaphor"  # rule suffix of a definite event noun that refers back to an event already read


VERBAL = {"OfferOfTalks", "Appeal", "Endorsement", "Agreement", "Criticism", "Rejection", "Warning"}
# the classes the extraction rules name; a subclass (Demand, Expulsion…) follows its parent's rules
RULE_CLASSES = VERBAL | {"Statement", "Meeting", "Summit", "Talks", "Visit", "MissileTest", "MilitaryExercise",
                         "Sanction", "Concession", "Aid", "Attack", "Protest"}
# whose complements are their content, not separate facts ("accused India of firing shells" reports one)


_CONTENT_HEADS = {"OfferOfTalks", "Appeal", "Endorsement", "Agreement", "Warning", "MilitaryExercise", "Rejection"}
# (what is refused is the refusal's content: "refused to condemn the attack" reports no condemnation)
# (what an exercise rehearses is its content: "drills simulating strikes on the island")


# ------------------------------------------------------------------ trigger candidates


def _governor(token, lexicon):
    """Return the verb a nominal trigger belongs to (``held a summit``, ``flew ... for talks``)."""
    head = token.head
    amount = head.lower_ == "in" and any(c.dep_ == "nummod" for c in head.head.children)
    if token.dep_ == "pobj" and (head.lower_ == "of" or amount) and head.head.pos_ in NOUN_POS and head.head.dep_ in (
            "dobj", "nsubjpass", "attr", "nsubj"):
        return _governor(head.head, lexicon)  # "held a second round of talks", "20 million dollars in aid"
    if token.dep_ in ("dobj", "nsubjpass", "attr", "oprd") and head.pos_ in ("VERB", "AUX"):
        return head
    if token.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ == "VERB":
        if head.lower_ == "for" or head.head.lemma_ in lexicon.cue("motion_verbs"):
            return head.head
        if head.lower_ == "in" and head.head.lemma_ in lexicon.cue("time_spending_verbs"):
            return head.head  # "spent seven hours in talks with Qin": who spent them took part
        if head.lower_ == "in" and any(c.dep_ == "dobj" and any(n.dep_ == "nummod" for n in c.children)
                                       for c in head.head.children):
            return head.head  # "announced 20 million dollars in aid"
    if token.dep_ == "nsubj" and head.pos_ in ("VERB", "AUX"):
        return head
    return None


def find_candidates(sent, state: DocState) -> list[Candidate]:
    """Return the trigger candidates of one sentence, the most specific trigger per token."""
    lex = state.lexicon
    found: list[Candidate] = []
    consumed: set[int] = set()
    tokens = state.tokens[sent.start:sent.end]
    lemmas = [tok.lemma_.lower() for tok in tokens]
    evaluating = lex.cue("evaluation_verbs")  # what evaluation() and evaluation_frame() ask first
    for tok, lemma in zip(tokens, lemmas):
        evaluative = lemma in evaluating
        judged = evaluation(tok, lemma, lex) if evaluative else None
        if judged:  # "called the move a provocation": the evaluation, not the verb's other readings
            found.append(judged)
        if judged or (evaluative and evaluation_frame(tok, lemma, lex)):  # "called the sit-down a prelude": no appeal
            continue
        cand = _verb_candidate(tok, lex.verbs.get(lemma, ())) if tok.pos_ in VERB_POS else None
        cand = _by_doer(cand, lex) if cand is not None else None
        if cand is not None:
            found.append(cand)  # (an antecedent before a relative clause stays an event of its own)
            consumed.update(t.i for t in cand.extra if not (tok.dep_ == "relcl" and t.i < tok.i))
            continue
        appeal = modal_appeal(tok, lex) or reported_evaluation(tok, lex)
        if appeal:
            found.append(appeal)
            consumed.add(tok.i)  # "the missiles were a threat": the verdict, not a warning
    for tok, lemma in zip(tokens, lemmas):
        if tok.pos_ not in NOUN_POS or tok.i in consumed:
            continue
        triggers = lex.nouns.get(lemma, ()) or lex.nouns.get(tok.lower_, ())
        if not triggers:
            continue
        complements = Complements(tok)
        window = state.tokens[max(tok.i - 4, state.sentence(tok.i).start):tok.i]
        for trig in triggers:
            extra = match(trig, complements, noun_window=window)
            if extra is None:
                continue
            found.append(_by_owner(Candidate(tok, trig, extra, _governor(tok, lex), "event.noun"), lex))
            break
    return found


def _doer(tok):
    """The head noun of who does it: the subject, or the passive's "by" agent."""
    for child in tok.children:
        if child.dep_ in ("nsubj", "csubj"):
            return child
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _by_doer(cand: Candidate, lex) -> Optional[Candidate]:
    """Who does it can change or cancel a verb's reading.

    A crowd that protests takes to the street (PLOVER's PROTEST); a government that protests
    complains (ACCUSE). A missile, flight or aid convoy that travels or arrives makes no visit,
    nor does a participle describing a noun ("the distance travelled").
    """
    tok, doer = cand.token, _doer(cand.token)
    doer_lemma = doer.lemma_.lower() if doer is not None else ""
    if cand.trigger.lemma in lex.cue("street_protest_verbs") and (
            doer_lemma in lex.cue("crowd_nouns") or (doer is not None and doer.like_num)):
        return Candidate(tok, replace(cand.trigger, event_type="Protest"), cand.extra, cand.governor,
                         cand.rule + ".crowd")
    if lex.nearest(cand.trigger.event_type, {"Visit"}) == "Visit" and tok.lemma_.lower() in lex.cue("motion_verbs"):
        vehicles = lex.cue("vehicle_nouns")
        if doer_lemma in vehicles or (doer is not None and doer.lower_ in vehicles) or tok.dep_ in ("acl", "amod"):
            return None
    return cand


def _by_owner(cand: Candidate, lex) -> Candidate:
    """A state's protest is a diplomatic one: "Beijing's protest", "a protest from Tokyo" (PLOVER ACCUSE);
    a crowd's stays in the street ("the students' protest")."""
    if cand.trigger.event_type != "Protest" or not _own_agent(cand.token):
        return cand
    owner = next((c for c in cand.token.children if c.dep_ == "poss"), None)
    if owner is not None and owner.lemma_.lower() in lex.cue("crowd_nouns"):
        return cand
    return Candidate(cand.token, replace(cand.trigger, event_type="Criticism"), cand.extra, cand.governor,
                     cand.rule + ".owner")


def _verb_candidate(tok, triggers) -> Optional[Candidate]:
    """The first (most specific) trigger of a verb that its complements satisfy."""
    if not triggers or tok.dep_ == "amod":
        return None  # "the alleged interference", "a proposed summit": a participle describing a noun
    complements = Complements(tok)
    for trig in triggers:
        if trig.negated_only and not is_negated(tok):
            continue
        if tok.pos_ == "ADJ" and not (trig.words or trig.preps or trig.frame):
            continue
        extra = match(trig, complements)
        if extra is None:
            continue
        rule = "event.verb" + (".phrase" if extra else "") + (f".petrarch{trig.code}" if trig.source == "petrarch" else "")
        return Candidate(tok, trig, extra, tok, rule)
    return None


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
        if (_is_content(cand, by_token, state) or passed_over(cand.token) or carried(cand, state)
                or at_fault(cand.token) or event_as_subject(cand, state)
                or endangers(cand, state) or self_assessed(cand, state)):
            continue
        if cand.token.pos_ in NOUN_POS and (_object_of_other_verb(cand, state, by_token) or _evaluated(cand, by_token)
                                             or _historical(cand.token, state) or _topic_or_idiom(cand.token)
                                             or _danger(cand, state)):
            continue
        if cand.token.pos_ in NOUN_POS and _refers_back(cand, state):
            kept.append(replace(cand, rule=cand.rule + ANAPHOR))
            continue
        if _purpose(cand, state, by_token) or _outcome_named(cand, state):
            continue
        tok = cand.token
        if (tok.dep_ == "pcomp" and tok.head.head.pos_ in NOUN_POS and tok.head.head.dep_ != "ROOT"
                and tok.head.head.lemma_.lower() not in state.lexicon.cue("decision_nouns")):
            continue  # "its ban on supplying weapons": an activity named by a noun (not "took the step of recalling")
        kept.append(cand)
    return kept


_CONTENT_EDGES = {"xcomp", "ccomp", "dobj", "acl", "attr", "oprd", "dative", "acomp", "advcl"}


def _is_content(cand: Candidate, by_token: dict, state: DocState) -> bool:
    """True when a trigger is what another verbal event offers, asks, praises or rejects.

    ``invited Kim to visit``, ``proposed the meeting``, ``signed a treaty that obliges each side
    to provide assistance``: the inner event is the content, not a separate fact. A relative
    clause further down (``a message, which Choe called ...``) or a coordination is not content.
    """
    token, path, below = cand.token, [], cand.token
    if token.pos_ in NOUN_POS and _own_agent(token):
        return False  # "welcomed a proposal by Ankara": someone else's offer is a fact of its own
    while token.head.i != token.i:
        path.append(token.dep_)
        below, token = token, token.head
        outer = by_token.get(token.i)
        if outer is None or outer is cand or state.lexicon.nearest(
                outer.trigger.event_type, _CONTENT_HEADS) not in _CONTENT_HEADS:
            continue
        top = path[-1]
        if top == "acl" and below.tag_ == "VBN":
            return False  # "the accord signed by A and B": a participle telling what was done with it
        if top == "advcl" and not any(c.dep_ == "mark" and c.lower_ in ("if", "unless", "provided", "for")
                                      for c in below.children):
            return False  # "proposed talks, days after Pyongyang fired a missile": a separate fact
        if top in _CONTENT_EDGES and ("relcl" not in path[:-2] or top == "dobj"):
            return True
        if top == "prep" and below.lower_ in _SEQUENCE_PREPS:
            return False  # "signed the accord after ten days of talks": what came before is a fact of its own
        if top == "prep" and "relcl" not in path:
            return True
        return False
    return False


_SEQUENCE_PREPS = {"after", "before", "following", "since", "during", "amid", "until", "ahead"}


_PURPOSE_CLASSES = ("Endorsement", "Aid")  # "to support the victims", "to help rebuild": an aim, not a stance or a gift


def _purpose(cand: Candidate, state: DocState, by_token: dict) -> bool:
    """A to-infinitive that says what something is for is no event reported here.

    ``a bond to help alleviate suffering`` (a clause on a noun that names no decision or event),
    ``announced funds to support the victims``, ``is ready to act if necessary to support the effort``
    (a purpose clause of support or aid).
    ``the decision to impose sanctions`` and ``flew to Moscow to meet Putin`` stay events.
    """
    tok, lex = cand.token, state.lexicon
    if tok.pos_ not in VERB_POS or not any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
        return False
    head = tok.head
    if tok.dep_ == "acl" and head.pos_ in NOUN_POS:
        return (head.i not in by_token and head.lemma_.lower() not in lex.cue("decision_nouns")
                and not lex.nouns.get(head.lemma_.lower()))
    aim = tok.dep_ == "advcl" or (tok.dep_ == "xcomp" and head.pos_ == "ADJ"
                                  and head.lemma_.lower() not in lex.cue("hypothetical_heads"))
    return aim and lex.nearest(cand.trigger.event_type, _PURPOSE_CLASSES) in _PURPOSE_CLASSES


def _outcome_named(cand: Candidate, state: DocState) -> bool:
    """``negotiated the release of the crew``, ``negotiated a suspension of the plans``: the object is
    what the talking won, reported as that, not as talks (``negotiated for three days`` stays talks).
    The verbs are data (``outcome_verbs`` in the lexicon's cues)."""
    tok, lex = cand.token, state.lexicon
    if tok.pos_ not in VERB_POS or tok.lemma_.lower() not in lex.cue("outcome_verbs"):
        return False
    return any(c.dep_ == "dobj" and not any(lex.is_a(t.event_type, "Meeting") for t in lex.nouns.get(c.lemma_.lower(), ()))
               for c in tok.children)


def _own_agent(token) -> bool:
    """A noun naming who did it: "a proposal by Ankara", "Pyongyang's offer" (not "its offer")."""
    for child in token.children:
        if child.dep_ == "poss" and child.pos_ == "PROPN":
            return True
        if child.dep_ == "prep" and child.lower_ in ("by", "from") and any(
                c.dep_ == "pobj" and c.pos_ == "PROPN" for c in child.children):
            return True
    return False


def _object_of_other_verb(cand: Candidate, state: DocState, by_token: dict) -> bool:
    """``reconsider its ban``: an event noun that a verb naming no event of its own acts on."""
    gov = cand.governor
    if gov is None or cand.token.dep_ not in ("dobj", "oprd", "attr") or gov.i == cand.token.i:
        return False
    if verb_role(gov, state.lexicon):
        return False  # "Egypt brokered a truce", "Oman hosted talks": the verb frames the event
    return gov.lemma_.lower() not in state.lexicon.cue("light_verbs") and gov.i not in by_token


_TOPIC_PREPS = {"regarding", "concerning", "about"}


def _topic_or_idiom(token) -> bool:
    """``regarding arms deals``, ``asked about reports of negotiations``: a topic, not a report of
    the event; ``on loan from the gallery``: an idiom (a bare noun after "on" or "under")."""
    if token.dep_ == "pobj" and token.head.lower_ in ("on", "under") and not any(
            c.dep_ in ("det", "poss", "amod", "compound", "nummod") for c in token.children):
        return True
    current = token
    for _ in range(4):  # up a chain of noun phrases and their prepositions
        if current.dep_ != "pobj":
            return False
        prep = current.head
        if prep.lower_ in _TOPIC_PREPS:
            return True
        if prep.head.pos_ not in NOUN_POS:
            return False
        current = prep.head
    return False


def _evaluated(cand: Candidate, by_token: dict) -> bool:
    """``called the visit a provocation``, ``called it a threat``: the event evaluated is referred to and
    the evaluation's complement is the evaluation itself, not an event reported here."""
    head = by_token.get(cand.token.head.i)
    if cand.token.dep_ == "dobj" and head is not None and head.rule == "event.evaluation":
        return True
    return head is not None and head.rule == "event.evaluation" and cand.token in head.extra  # "… a threat"


def _danger(cand: Candidate, state: DocState) -> bool:
    """``a grave threat to the region``, ``pose a nuclear threat``: a danger, not a threat someone made.

    A threat is an act when the text says whose it is (``Moscow's threat``, ``a threat by Iran``,
    ``issued a threat``) or what it threatens (``threats of sanctions``, ``a threat to cut gas``).
    """
    tok, lex = cand.token, state.lexicon
    if tok.lemma_.lower() not in lex.cue("danger_nouns") or _own_agent(tok) or not lex.is_a(
            cand.trigger.event_type, "Warning"):
        return False  # (a reported verdict "X is a threat to us" is criticism, read elsewhere)
    for child in tok.children:
        if child.dep_ == "poss" or (child.dep_ == "prep" and child.lower_ in ("of", "by", "from")):
            return False
        if child.dep_ in ("acl", "relcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
            return False
    gov = cand.governor
    return gov is None or gov.i == tok.i or gov.lemma_.lower() not in lex.cue("light_verbs")


def _historical(token, state: DocState) -> bool:
    """``the anniversary of its invasion``, ``took note of the request``: recalled, not reported."""
    head = token.head
    if token.dep_ != "pobj" or head.lower_ != "of":
        return False
    holder = head.head
    heads = state.lexicon.cue("reference_heads")
    return holder.lemma_.lower() in heads or any(
        c.dep_ == "dobj" and c.lemma_.lower() in heads for c in holder.children if holder.pos_ == "VERB")


def _family(event_type: str, state: DocState) -> set[str]:
    """Return the classes a definite noun of ``event_type`` may refer back to: its whole meeting family."""
    meetings = state.meeting_family
    return set(meetings) if event_type in meetings else {event_type}


# a definite noun that names its sides by name is read in full, not as a reference
# ("the visit of Xi to Riyadh", "the treaty between Chile and Peru")
_OWN_SIDES = frozenset({"of", "between", "among"})


def _refers_back(cand: Candidate, state: DocState) -> bool:
    """A definite event noun (``the meeting``, ``these meetings``) names an event already read.

    Only an event the text asserted can be referred back to: "will meet for a dialogue ... the
    summit" does not make "the summit" the planned dialogue.
    """
    tok = cand.token
    definite = any(c.dep_ in ("det", "predet") and c.lower_ in _DEFINITE for c in tok.children)
    if not definite and owned_again(tok, _family(cand.trigger.event_type, state), state):
        return True
    if not definite or _own_agent(tok) or any(  # "the visit of Xi Jinping to Riyadh": its own event
            c.dep_ == "prep" and c.lower_ in _OWN_SIDES and any(g.pos_ == "PROPN" for g in c.children)
            for c in tok.children):
        return False
    family = _family(cand.trigger.event_type, state)
    return bool(family & state.event_kinds)  # kinds of the asserted events read so far


def _is_leader(key: str, state: DocState) -> bool:
    draft = state.actors.get(key)
    leaders = state.lexicon.cue("leader_titles")
    return bool(draft and draft.kind == "Person" and any(t.lower() in leaders for t, _ in draft.roles))


def refine_meeting(event_type: str, participants: tuple, state: DocState) -> str:
    """A meeting whose sides are all heads of state or government is a summit."""
    people = [k for k in participants if state.kind_of(k) == "Person"]
    if event_type == "Meeting" and len(people) >= 2 and all(_is_leader(k, state) for k in people):
        return "Summit"
    return event_type
