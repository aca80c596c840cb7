"""Events: triggers from the ontology's vocabulary, arguments from the dependency parse.

For each sentence: find trigger candidates (verbs and nouns, with the dependents a multi-word
trigger needs), drop those that are only the content of an offer, appeal or evaluation, or
that refer back to an event already read, then read each one's agent, target, participants,
place, time, count and factuality from the parse, and merge repeated mentions of one event.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Optional

from kg.extract import time as timex
from kg.extract.actors import add_mention
from kg.extract.coref import resolve_np
from kg.extract.state import DocState
from kg.lexicon import Trigger
from kg.records import Event, Span
from kg.vocab import MEETING_FAMILY

_VERB_POS = {"VERB", "AUX", "ADJ"}
_NOUN_POS = {"NOUN", "PROPN"}
_TARGET_PREPS = {"to", "with", "on", "against", "toward", "towards", "over", "at", "for", "from"}
_SIDE_PREPS = {"with", "between", "among", "alongside"}
_PLACE_PREPS = {"in", "at", "near", "inside", "outside", "off", "into", "around", "across", "along"}
_CLIMB_DEPS = {"conj", "xcomp", "advcl", "acl", "pcomp", "acomp", "oprd"}
_DEFINITE = {"the", "this", "that", "these", "those", "either", "such", "both"}
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, "a pair of": 2, "dozens": None, "several": None}
_VERBAL = {"OfferOfTalks", "Appeal", "Endorsement", "Agreement", "Criticism", "Rejection", "Warning"}
# whose complements are their content, not separate facts ("accused India of firing shells" reports one)
_CONTENT_HEADS = {"OfferOfTalks", "Appeal", "Endorsement", "Agreement", "Warning"}
_REACTIONS = {"Endorsement", "Criticism", "Rejection"}


@dataclass(frozen=True)
class Candidate:
    token: object  # the trigger's head token
    trigger: Trigger
    extra: tuple  # tokens of the trigger's further words
    governor: object  # the verb whose clause holds the event (the token itself for verbs)
    rule: str


# ------------------------------------------------------------------ trigger candidates

def _descendants(token, depth: int = 3):
    frontier = [token]
    for _ in range(depth):
        nxt = []
        for tok in frontier:
            for child in tok.children:
                if child.dep_ in ("ccomp", "relcl", "advcl") and tok.i != token.i:
                    continue
                if child.dep_ in ("nsubj", "csubj"):
                    continue  # a trigger's further words are among its complements, not its subject
                nxt.append(child)
                yield child
        frontier = nxt


def _match_extra(token, trigger: Trigger) -> Optional[tuple]:
    found = []
    pool = list(_descendants(token))
    for lemma in trigger.extra:
        hit = next((t for t in pool if t.lemma_.lower() == lemma or t.lower_ == lemma), None)
        if hit is None:
            return None
        found.append(hit)
    return tuple(found)


def _noun_modifiers_ok(token, trigger: Trigger) -> Optional[tuple]:
    found = []
    window = [t for t in token.doc[max(token.i - 4, token.sent.start):token.i]]
    for lemma in trigger.extra:
        hit = next((t for t in window if t.lemma_.lower() == lemma or t.lower_ == lemma), None)
        if hit is None:
            return None
        found.append(hit)
    return tuple(found)


def is_negated(token) -> bool:
    """Return True when the token or its auxiliaries carry a negation."""
    return any(c.dep_ == "neg" or c.lower_ in ("never",) for c in token.children)


def _governor(token, lexicon):
    """Return the verb a nominal trigger belongs to (``held a summit``, ``flew ... for talks``)."""
    head = token.head
    if token.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ in _NOUN_POS and head.head.dep_ in (
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
    for tok in sent:
        lemma = tok.lemma_.lower()
        if tok.pos_ in _VERB_POS:
            for trig in lex.verbs.get(lemma, ()):
                if trig.negated_only and not is_negated(tok):
                    continue
                extra = _match_extra(tok, trig) if trig.extra else ()
                if extra is None or (tok.pos_ == "ADJ" and not trig.extra):
                    continue
                found.append(Candidate(tok, trig, extra, tok, "event.verb" + (".phrase" if extra else "")))
                consumed.update(t.i for t in extra)
                break
        evaluation = _evaluation(tok, lex)
        if evaluation:
            found.append(evaluation)
        appeal = _modal_appeal(tok, lex)
        if appeal:
            found.append(appeal)
    for tok in sent:
        if tok.pos_ not in _NOUN_POS or tok.i in consumed:
            continue
        for trig in lex.nouns.get(tok.lemma_.lower(), ()) or lex.nouns.get(tok.lower_, ()):
            extra = _noun_modifiers_ok(tok, trig) if trig.extra else ()
            if extra is None:
                continue
            found.append(Candidate(tok, trig, extra, _governor(tok, lex), "event.noun"))
            break
    return found


def _evaluation(tok, lex) -> Optional[Candidate]:
    """``called it "a very interesting suggestion"``: an evaluation is praise or criticism."""
    if tok.lemma_.lower() not in ("call", "describe", "label", "term", "brand", "denounce"):
        return None
    for obj in tok.children:
        if obj.dep_ not in ("oprd", "dobj", "attr", "xcomp", "ccomp"):
            continue
        words = {t.lemma_.lower() for t in obj.subtree}
        if words & lex.cue("positive_evaluation"):
            return Candidate(tok, Trigger("Endorsement", tok.lemma_.lower()), (obj,), tok, "event.evaluation")
        if words & lex.cue("negative_evaluation") and tok.lemma_.lower() != "denounce":
            return Candidate(tok, Trigger("Criticism", tok.lemma_.lower()), (obj,), tok, "event.evaluation")
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


def _ancestors(token):
    while token.head.i != token.i:
        token = token.head
        yield token


def prune(candidates: list[Candidate], state: DocState) -> list[Candidate]:
    """Drop candidates that are the content of another (``invited Kim to visit``) or repeats."""
    by_token = {c.token.i: c for c in candidates}
    for cand in candidates:  # "Tehran was ready to talk if ...": the copula's clauses are the offer's
        if cand.token.dep_ in ("acomp", "oprd") and cand.token.head.i not in by_token:
            by_token[cand.token.head.i] = cand
    kept = []
    for cand in candidates:
        if cand.trigger.event_type == "Statement" and cand.token.pos_ in _NOUN_POS:
            continue
        if _is_content(cand, by_token):
            continue
        if cand.token.pos_ in _NOUN_POS and (_refers_back(cand, state) or _object_of_other_verb(cand, state)
                                             or _historical(cand.token, state)):
            continue
        tok = cand.token
        if tok.dep_ == "pcomp" and tok.head.head.pos_ in _NOUN_POS and tok.head.head.dep_ != "ROOT":
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
    token, path = cand.token, []
    while token.head.i != token.i:
        path.append(token.dep_)
        token = token.head
        outer = by_token.get(token.i)
        if outer is None or outer is cand or outer.trigger.event_type not in _CONTENT_HEADS:
            continue
        top = path[-1]
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


def _family(event_type: str) -> set[str]:
    return set(MEETING_FAMILY) if event_type in MEETING_FAMILY else {event_type}


def _refers_back(cand: Candidate, state: DocState) -> bool:
    """A definite event noun (``the meeting``, ``these meetings``) names an event already read."""
    tok = cand.token
    definite = any(c.dep_ in ("det", "predet") and c.lower_ in _DEFINITE for c in tok.children)
    if not definite:
        return False
    family = _family(cand.trigger.event_type)
    return any(e.event_type in family for e in state.events)


# ------------------------------------------------------------------ arguments

_SPEECH = {"warn", "urge", "call", "say", "add", "accuse", "condemn", "criticize", "criticise", "insist",
           "reject", "welcome", "praise", "deny", "demand", "appeal", "threaten", "vow", "pledge"}


def _subject(verb, depth: int = 0):
    head = verb.head
    if (verb.dep_ == "conj" and head.dep_ == "ccomp" and verb.lemma_.lower() in _SPEECH
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children) and depth < 4):
        # "said the shelling was a violation and warned that ...": the speaker warned
        return _subject(head.head, depth + 1)
    for child in verb.children:
        if child.dep_ in ("nsubj", "csubj"):
            return child, False
        if child.dep_ == "nsubjpass":
            return child, True
    if verb.dep_ == "pcomp" and verb.head.lower_ == "of" and verb.head.head.pos_ == "VERB":
        obj = next((c for c in verb.head.head.children if c.dep_ == "dobj"), None)
        if obj is not None:
            return obj, False  # "accused India of firing shells": India fired
    if verb.dep_ == "conj" and verb.tag_ in ("VBD", "VBZ", "VBP") and verb.head.tag_ == "VB" \
            and verb.head.dep_ in ("xcomp", "ccomp") and depth < 4:
        # "urged Moscow to accept a truce and offered to host talks": "offered" goes with "urged"
        subject, _ = _subject(verb.head.head, depth + 1)
        return subject, False
    if verb.dep_ in _CLIMB_DEPS | {"ccomp"} and depth < 4 and verb.head.i != verb.i:
        if verb.dep_ in ("xcomp", "oprd", "ccomp", "acomp"):
            # object control: "invited Kim to visit", "declared Trump open to dialogue"
            obj = next((c for c in verb.head.children if c.dep_ == "dobj"), None)
            if obj is not None:
                return obj, False
        if verb.dep_ == "ccomp":
            return None, False
        subject, _ = _subject(verb.head, depth + 1)
        return subject, False  # the head's subject acts; its passive voice is the head's own
    return None, False


def _passive_agent(verb):
    for child in verb.children:
        if child.dep_ == "agent":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    return None


def _reporter(token, lexicon):
    """Return the subject of the reporting verb whose complement holds ``token``, if any."""
    for anc in _ancestors(token):
        if anc.lemma_.lower() in lexicon.cue("reporting_verbs"):
            subj, _ = _subject(anc)
            return subj
    return None


def _prep_objects(token, preps: set[str]):
    for child in token.children:
        if child.dep_ in ("prep", "agent") and child.lower_ in preps:
            for obj in child.children:
                if obj.dep_ in ("pobj", "pcomp"):
                    yield child.lower_, obj


_CLAUSES = {"relcl", "acl", "ccomp", "advcl", "xcomp", "conj", "parataxis"}


def _phrase_tokens(token):
    """The tokens of a phrase without the clauses hanging off it."""
    yield token
    for child in token.children:
        if child.dep_ not in _CLAUSES or (child.dep_ == "conj" and child.pos_ in _NOUN_POS):
            yield from _phrase_tokens(child)


def _places(tokens, state: DocState, motion: bool, *, deep: bool = False) -> list[str]:
    places = []
    preps = _PLACE_PREPS | ({"to"} if motion else set())
    for tok in tokens:
        if tok is None:
            continue
        holders = [t for t in _phrase_tokens(tok) if t.pos_ in _NOUN_POS] if deep else [tok]
        for holder in [tok, *holders]:
            for prep, obj in _prep_objects(holder, preps):
                nested = [t for t in _phrase_tokens(obj) if t.dep_ == "pobj"] if prep != "to" else []
                for sub in [obj, *obj.conjuncts, *nested]:
                    key = state.token_actor.get(sub.i)
                    if key and state.kind_of(key) in ("City", "Place", "Country"):
                        places.append(key)
    return list(dict.fromkeys(places))


def _count(token) -> Optional[int]:
    for child in token.children:
        if child.dep_ == "nummod":
            if child.like_num and child.text.isdigit():
                return int(child.text)
            value = _NUMBERS.get(child.lower_)
            if value:
                return value
    return None


def _date_span(token):
    doc = token.doc
    for ent in doc.ents:
        if ent.label_ in ("DATE", "TIME") and ent.start <= token.i < ent.end:
            return ent
    return None


def _time_expressions(tokens) -> list[str]:
    """Return the date expressions of the clause: DATE entities whose nearest verb is in it."""
    chain = [t for t in tokens if t is not None]
    found: list[str] = []
    if not chain:
        return found
    indices = {t.i for t in chain}
    dates = [ent for ent in chain[0].sent.ents if ent.label_ in ("DATE", "TIME")]  # once, not per anchor
    for anchor in chain:
        for ent in dates:
            verb = ent.root
            while verb.head.i != verb.i and verb.pos_ not in ("VERB", "AUX") and verb.i not in indices:
                verb = verb.head
            if verb.i != anchor.i:
                continue
            head = ent.root.head
            prefix = head.lower_ + " " if head.dep_ == "prep" and head.lower_ in ("on", "in", "since") else ""
            found.append(prefix + ent.text)
    return found


def _clause_chain(verb, limit: int = 4):
    chain = [verb]
    while verb is not None and verb.dep_ in _CLIMB_DEPS and verb.head.i != verb.i and len(chain) < limit:
        verb = verb.head
        chain.append(verb)
    return chain


def _is_future(verb) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in ("will", "'ll", "shall") for c in verb.children)


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
    negated = any(is_negated(t) for t in chain) or any(
        c.dep_ == "det" and c.lower_ == "no" for c in tok.children)
    hypothetical = False
    for t in chain:
        if any(c.dep_ in ("aux", "auxpass") and (c.lemma_ or c.text).lower() in lex.cue("modal_hypothetical") | {"will"}
               for c in t.children):
            hypothetical = True
        if any(c.dep_ == "mark" and c.lower_ in lex.cue("conditional_marks") for c in t.children):
            hypothetical = True
        if t.dep_ in ("xcomp", "ccomp", "acl", "pcomp") and t.head.lemma_.lower() in lex.cue("hypothetical_heads"):
            hypothetical = True
        if t.dep_ == "pobj" and t.head.head.lemma_.lower() in lex.cue("hypothetical_heads"):
            hypothetical = True
    if hypothetical:
        return "Hypothetical"
    return "Negated" if negated else "Asserted"


def _event_reference_sides(obj, state: DocState, agent_keys: list[str]) -> list[str]:
    """``denounced the sanctions``: the sides of the event an anaphoric noun refers to."""
    lemma = obj.lemma_.lower()
    if lemma not in state.lexicon.cue("event_anaphors"):
        return []
    if not any(c.dep_ in ("det", "poss", "predet") and c.lower_ not in ("a", "an", "any") for c in obj.children):
        return []
    classes = {t.event_type for t in state.lexicon.nouns.get(lemma, ())}
    typed = [e for e in state.events if e.event_type in classes]
    if not typed and lemma in state.lexicon.cue("decision_nouns"):
        typed = [e for e in state.events if e.event_type in _DECISIONS]
    pool = typed or [e for e in state.events if e.event_type != "Statement"]
    own = {state.country_of_actor(a) or a for a in agent_keys}
    for event in reversed(pool):
        sides = [k for k in (*event.agents, *event.participants)
                 if k not in agent_keys and (state.country_of_actor(k) or k) not in own]
        if sides:
            return sides
    return []


def _as_actor(key: str, state: DocState, doc, token_index: Optional[int]) -> str:
    """Map a capital or seat of government acting as an actor to its government (metonymy)."""
    country = state.country_for(key)
    if country != key and token_index is not None and state.kind_of(key) in ("City", "Organization"):
        if state.kind_of(key) == "City":
            if country not in state.actors:
                entry = state.gazetteer.get(country)
                if entry is None:
                    return key
                from kg.extract.actors import _draft_for
                _draft_for(state, entry, entry.kind, entry.name)
            start = end = token_index
            while start > 0 and state.token_actor.get(start - 1) == key:
                start -= 1
            while state.token_actor.get(end + 1) == key:
                end += 1
            add_mention(state, doc, start, end + 1, key, "actor.metonymy",
                        metonymic=True, stands_for=country, confidence=0.9)
            return country
    return key


def _resolve(token, state: DocState, doc) -> list[str]:
    if token is None:
        return []
    keys = []
    for key in resolve_np(token, state):
        idx = next((i for i, k in state.token_actor.items() if k == key and token.left_edge.i <= i <= token.right_edge.i), None)
        keys.append(_as_actor(key, state, doc, idx))
    return [k for k in dict.fromkeys(keys) if state.kind_of(k) not in ("Place",)]


def build_event(cand: Candidate, state: DocState, doc) -> Optional[Event]:
    """Read the arguments of one candidate; None when it has no actor at all."""
    lex = state.lexicon
    tok, gov, etype = cand.token, cand.governor, cand.trigger.event_type
    verb = gov if gov is not None else None
    agents, targets, sides = [], [], []
    attributed = False
    if tok.pos_ in _NOUN_POS:
        for child in tok.children:
            if child.dep_ == "poss":
                agents += _resolve(child, state, doc)
            elif child.dep_ in ("compound", "amod", "nmod"):
                if state.kind_of(state.token_actor.get(child.i, "")) in ("City", "Place"):
                    continue  # "the Hanoi summit": a place, read below
                for key in _resolve(child, state, doc):
                    (sides if state.kind_of(key) in ("Person", "Country", "Organization", "Group") else []).append(key)
        for prep, obj in _prep_objects(tok, _SIDE_PREPS | {"to", "on", "against", "by", "from"}):
            keys = _resolve(obj, state, doc)
            if prep in _SIDE_PREPS:
                sides += keys
            elif prep in ("by", "from"):
                agents += keys
            else:
                targets += keys
    if cand.rule == "event.modal_appeal":
        subject, _ = _subject(tok)
        targets += _resolve(subject, state, doc)
        verb = None
        agents += _resolve(_subject(gov)[0], state, doc)
    if verb is not None:
        subj, passive = _subject(verb)
        passive = passive or any(c.dep_ == "auxpass" for c in verb.children)
        if passive:
            targets += _resolve(subj, state, doc) if verb == tok else []
            agents += _resolve(_passive_agent(verb), state, doc)
        elif tok.dep_ != "nsubj" or verb == tok:
            agents += _resolve(subj, state, doc)
        for child in verb.children:
            if child.dep_ in ("dobj", "dative") and child != tok and child not in cand.extra:
                keys = _resolve(child, state, doc)
                targets += keys or _event_reference_sides(child, state, agents)
        for prep, obj in _prep_objects(verb, _TARGET_PREPS):
            if obj == tok or obj in cand.extra:
                continue
            if prep == "at" or (prep == "to" and verb.lemma_.lower() in lex.cue("motion_verbs")):
                continue
            keys = _resolve(obj, state, doc)
            if prep in ("with",):
                sides += keys
            else:
                keys = [k for k in keys if state.kind_of(k) != "City"] or keys
                targets += keys or _event_reference_sides(obj, state, agents)
    for extra in cand.extra:
        for prep, obj in _prep_objects(extra, _SIDE_PREPS | {"to", "on", "against", "over", "about"}):
            keys = _resolve(obj, state, doc)
            if prep in _SIDE_PREPS:
                sides.extend(keys)
            else:
                targets.extend(keys or _event_reference_sides(obj, state, agents))
        if extra.pos_ in _NOUN_POS and not _resolve(extra, state, doc):
            targets += _event_reference_sides(extra, state, agents)
        if extra.pos_ in _NOUN_POS:
            for child in extra.children:
                if child.dep_ == "acl":
                    for prep, obj in _prep_objects(child, {"with", "to"}):
                        targets += _resolve(obj, state, doc)
        if extra.dep_ == "acl" or extra.dep_ == "xcomp":
            for child in extra.children:
                if child.dep_ == "dobj":
                    targets += _resolve(child, state, doc) or _event_reference_sides(child, state, agents)
                    for prep, obj in _prep_objects(child, {"with", "to"}):
                        targets += _resolve(obj, state, doc)
    if not agents and tok.pos_ in _NOUN_POS and etype not in lex.symmetric and sides and not _has_with(tok):
        agents, sides = sides, []  # "Israeli airstrikes", "North Korean missile tests": who did it
    if not agents and tok.pos_ in _NOUN_POS and etype in _VERBAL:
        reporter = _reporter(tok, lex)
        if reporter is not None:
            agents = _resolve(reporter, state, doc)
            attributed = bool(agents)
            if attributed and tok.dep_ == "pobj" and tok.head.head.lemma_ == "be":
                subj, _ = _subject(tok.head.head)
                if subj is not None:
                    targets += [k for s in subj.subtree if (k := state.token_actor.get(s.i))]
                    targets = [_as_actor(k, state, doc, None) for k in targets]
                    targets = [state.country_for(k) for k in targets]
    if not targets and etype not in lex.symmetric and verb is not None and verb == tok:
        targets = _coordinated_targets(tok, state, doc) or _complement_targets(tok, state, agents, etype)
    if not targets and etype in ("OfferOfTalks", "Appeal", "Warning", "Rejection") and verb is not None:
        copula = [verb.head] if verb.dep_ in ("acomp", "oprd") else []
        for holder in (verb, *cand.extra, *copula):
            targets = targets or _complement_targets(holder, state, agents, etype, deps=("xcomp", "advcl", "ccomp"))
    if etype in _REACTIONS | {"Warning"} and not targets:
        targets = _event_reference_sides_any(state, agents)
        if agents and all(state.kind_of(a) == "Country" for a in agents):
            targets = [state.country_of_actor(k) or k for k in targets]
    if etype in _MATERIAL and not targets and verb is not None:
        targets = _subtree_countries(verb, state, agents)
    agents = list(dict.fromkeys(agents))
    targets = [k for k in dict.fromkeys(targets) if k not in agents]
    sides = [k for k in dict.fromkeys(sides) if k not in agents]
    motion = tok.lemma_.lower() in lex.cue("motion_verbs") or (
        verb is not None and verb.lemma_.lower() in lex.cue("motion_verbs"))
    clause = _clause_chain(verb) if verb is not None else []
    places = _places([tok], state, motion, deep=tok.pos_ in _NOUN_POS)
    for holder in clause:  # the nearest clause that names a place
        places = places or _places([holder], state, motion)
    places += [k for child in tok.children if child.dep_ in ("compound", "nmod", "poss")
               for k in [state.token_actor.get(child.i)] if k and state.kind_of(k) in ("City", "Place")]
    places = list(dict.fromkeys(places))
    places += _coordinated_places(tok, state, places)
    sides = [k for k in sides if k not in places]
    if etype == "Visit" and verb is not None:  # "visited Kyiv": the city is where, its country whom
        for child in verb.children:
            key = state.token_actor.get(child.i)
            if child.dep_ == "dobj" and key and state.kind_of(key) in ("City", "Place") and key not in places:
                places.append(key)
                targets = [k for k in targets if k != state.country_for(key)]
    if etype in ("Visit", "Attack") and not targets and places:
        country = state.country_of_actor(places[0])
        targets = [country] if country and country not in agents else []
    if not (agents or targets or sides or places):
        return None
    symmetric = etype in lex.symmetric
    participants: tuple = ()
    if symmetric:
        participants = tuple(dict.fromkeys([*agents, *sides, *targets]))
        agents, targets = [], []
    else:
        targets += sides
    fact = "Asserted" if attributed else factuality(cand, state)
    anchor_tokens = [tok, *clause]
    when = None
    future = any(_is_future(t) for t in anchor_tokens if t is not None) or any(
        t is not None and t.dep_ in ("xcomp", "acl") and t.head.lemma_.lower() in lex.cue("future_heads")
        for t in anchor_tokens)
    for expr in _time_expressions(anchor_tokens):
        previous = max(state.event_dates.values(), default=None) if re.search(r"earlier|later|before|after", expr) else None
        when = timex.resolve(expr, state.doc_date, future=future, previous=previous)
        if when is not None:
            break
    start = min([tok.idx, *(t.idx for t in cand.extra)])
    end = max([tok.idx + len(tok.text), *(t.idx + len(t.text) for t in cand.extra)])
    # doc[a:b].text, not doc.text[start:end]: Doc.text joins every token on each call
    indices = [tok.i, *(t.i for t in cand.extra)]
    trigger = Span(start, end, doc[min(indices): max(indices) + 1].text)
    event_type = _refine_meeting(etype, participants, state)
    if event_type == "MissileTest" and verb is not None and _aimed_at(verb, state):
        event_type, targets = "Attack", list(dict.fromkeys([*targets, *_aimed_at(verb, state)]))
    quote, behalf = (_quote(tok), _on_behalf_of(agents, state)) if etype == "Statement" else (None, ())
    return Event(
        event_id=f"{trigger.start}-{trigger.end}", event_type=event_type, trigger=trigger,
        sentence=state.sentence_of(tok.i), rule=cand.rule + ("+attributed" if attributed else ""),
        agents=tuple(agents), targets=tuple(targets), participants=participants, places=tuple(places),
        time=when, factuality=fact, count=_count(tok) if tok.pos_ in _NOUN_POS else None,
        confidence=0.9 if cand.extra or tok.pos_ in _VERB_POS else 0.75,
        quote=quote, on_behalf_of=behalf,
    )


_QUOTE_RE = re.compile(r'[“"]([^”"]{3,})[”"]')


def _quote(verb) -> Optional[str]:
    """The quoted words of a statement, else the reported clause."""
    sent = verb.sent.text
    quoted = _QUOTE_RE.findall(sent)
    if quoted:
        return " … ".join(q.strip() for q in quoted)
    clause = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp")), None)
    if clause is None:
        return None
    tokens = [t for t in clause.subtree]
    return verb.doc[tokens[0].i: tokens[-1].i + 1].text  # == doc.text[first.idx:last end], cheaper


def _on_behalf_of(agents: list[str], state: DocState) -> tuple[str, ...]:
    """A spokesperson or press secretary speaks for the body (and so the government) they serve."""
    out = []
    for key in agents:
        draft = state.actors.get(key)
        if draft is None or draft.kind != "Person":
            continue
        for (title, of_key), former in draft.roles.items():
            if of_key and not former and re.search(r"spokes|press secretary|envoy|ambassador|minister|secretary",
                                                    title, re.IGNORECASE):
                out.append(of_key)
    return tuple(dict.fromkeys(out))


_MATERIAL = {"Concession", "Sanction", "Aid", "Attack"}
_DECISIONS = {"Sanction", "Concession", "Aid", "Agreement", "MilitaryExercise", "MissileTest", "Attack", "Visit"}
_ACTORLESS = {"Protest", "Attack", "MissileTest"}


def _subtree_countries(verb, state: DocState, agents: list[str]) -> list[str]:
    """``eased restrictions, allowing groups to send staff to North Korea``: the country affected."""
    own = {state.country_of_actor(a) for a in agents}
    subject, _ = _subject(verb)
    skip = {t.i for t in subject.subtree} if subject is not None else set()
    for tok in verb.subtree:
        key = state.token_actor.get(tok.i)
        if tok.i in skip or key is None or state.kind_of(key) != "Country" or key in own:
            continue
        if any(a.dep_ == "prep" and a.lower_ == "for" for a in _ancestors(tok) if a.i > verb.i):
            continue  # "for American aid workers": who benefits, not whom it is done to
        return [key]
    return []


def _coordinated_targets(verb, state: DocState, doc) -> list[str]:
    """``urged Moscow and Kyiv to accept a truce and offered to host talks``: the shared addressee."""
    if verb.dep_ != "conj":
        return []
    head = verb.head
    if verb.tag_ in ("VBD", "VBZ", "VBP") and head.tag_ == "VB" and head.dep_ in ("xcomp", "ccomp"):
        head = head.head
    for child in head.children:
        if child.dep_ in ("dobj", "dative"):
            keys = _resolve(child, state, doc)
            if keys:
                return keys
    return []


def _complement_targets(verb, state: DocState, agents: list[str], etype: str,
                        deps: tuple = ("ccomp",)) -> list[str]:
    """``warned that Russian forces would press on until Ukraine withdrew``: the other side named."""
    if etype not in ("Warning", "Criticism", "Appeal", "OfferOfTalks", "Rejection"):
        return []
    own = {state.country_of_actor(a) or a for a in agents}
    found = []
    for child in verb.children:
        if child.dep_ not in deps:
            continue
        collective = [k for t in child.subtree for k in resolve_np(t, state)
                      if t.pos_ == "NOUN" and _np_is_collective(t, state)]
        if collective:
            return [k for k in collective if (state.country_of_actor(k) or k) not in own]
        for tok in child.subtree:
            key = state.token_actor.get(tok.i)
            if key is None or state.kind_of(key) not in ("Country", "Person", "Organization", "Group", "City"):
                continue
            country = state.country_for(key)
            if (state.country_of_actor(country) or country) not in own and country not in found:
                found.append(country)
    return found[:2]


def _aimed_at(verb, state: DocState) -> list[str]:
    """``launched drones and missiles at Kharkiv``: weapons fired at a place are an attack."""
    found = []
    for prep, obj in _prep_objects(verb, {"at", "against", "on"}):
        for tok in [obj, *obj.conjuncts]:
            key = state.token_actor.get(tok.i)
            if key:
                found.append(state.country_of_actor(key) or key)
    return list(dict.fromkeys(found))


def _np_is_collective(tok, state: DocState) -> bool:
    left = " ".join(t.lower_ for t in tok.lefts if t.dep_ in ("det", "nummod", "predet", "amod"))
    phrase = f"{left} {tok.lower_}".strip()
    return phrase in state.lexicon.cue("collective_countries") | state.lexicon.cue("collective_people")


def _has_with(tok) -> bool:
    return any(c.dep_ == "prep" and c.lower_ in _SIDE_PREPS for c in tok.children)


def _coordinated_places(tok, state: DocState, places: list[str]) -> list[str]:
    """``with Kim in Singapore and Vietnam``: a country coordinated right after a place is a place."""
    extra = []
    for sub in _phrase_tokens(tok):
        key = state.token_actor.get(sub.i)
        if key is None or key in places or sub.dep_ != "conj" or state.kind_of(key) not in ("Country", "City"):
            continue
        before = sub.doc[sub.i - 2] if sub.i >= 2 else None
        if before is not None and state.token_actor.get(before.i) in places:
            extra.append(key)
    return extra


def _event_reference_sides_any(state: DocState, agents: list[str]) -> list[str]:
    """A reaction with no named target reacts to the latest event by someone else."""
    for event in reversed(state.events):
        if event.event_type == "Statement":
            continue
        sides = [k for k in (*event.agents, *event.participants, *event.targets) if k not in agents]
        if sides:
            return sides
    return []


def _is_leader(key: str, state: DocState) -> bool:
    draft = state.actors.get(key)
    leaders = state.lexicon.cue("leader_titles")
    return bool(draft and draft.kind == "Person" and any(t.lower() in leaders for t, _ in draft.roles))


def _refine_meeting(event_type: str, participants: tuple, state: DocState) -> str:
    """A meeting whose sides are all heads of state or government is a summit."""
    people = [k for k in participants if state.kind_of(k) == "Person"]
    if event_type == "Meeting" and len(people) >= 2 and all(_is_leader(k, state) for k in people):
        return "Summit"
    return event_type


def _same_kind(a: str, b: str) -> bool:
    return a == b or (a in MEETING_FAMILY and b in MEETING_FAMILY and "Meeting" in (a, b)) or (
        {a, b} == {"Summit", "Meeting"})


def _mergeable(prior: Event, event: Event) -> bool:
    """A later mention repeats an event when it adds nothing new, or is nominal, and no date differs."""
    if prior.time and event.time and (prior.time.value, prior.time.start) != (event.time.value, event.time.start):
        return False
    if prior.factuality != event.factuality:
        return False
    adds_nothing = not event.targets and not event.participants and set(event.agents) <= set(prior.agents)
    return adds_nothing or event.rule.startswith("event.noun") or prior.sentence == event.sentence or "Meeting" in (
        prior.event_type, event.event_type) or event.event_type == prior.event_type == "Summit"


def add_event(event: Event, state: DocState) -> None:
    """Add an event, or merge it into an earlier mention of the same event."""
    actors = set(event.agents) | set(event.participants) | set(event.targets)
    for i, prior in enumerate(state.events):
        if prior.event_type == "Statement" or not _same_kind(prior.event_type, event.event_type):
            continue
        if not _mergeable(prior, event):
            continue
        prior_actors = set(prior.agents) | set(prior.participants) | set(prior.targets)
        same_agent = (set(event.agents) and set(event.agents) <= set(prior.agents) and not event.targets
                      and not event.participants and event.event_type == prior.event_type)
        if (actors and actors <= prior_actors) or same_agent:
            if event.places and prior.places and not set(event.places) & set(prior.places):
                continue
            specific = event.event_type if prior.event_type == "Meeting" else prior.event_type
            state.events[i] = replace(prior, event_type=specific, places=prior.places or event.places,
                                      time=prior.time or event.time, count=prior.count or event.count)
            return
    state.events.append(event)
    sides = list(event.participants) or [*event.agents, *event.targets]
    if len(sides) >= 2:
        state.pairs.append(sides)
    if event.time and event.time.value and event.time.precision == "day":
        import datetime as dt
        state.event_dates[event.event_id] = dt.date.fromisoformat(event.time.value)


def find_events(doc, state: DocState) -> None:
    """Read every event of ``doc`` into ``state.events``, sentence by sentence."""
    for sent in doc.sents:
        built, bare = [], []
        for cand in prune(find_candidates(sent, state), state):
            event = build_event(cand, state, doc)
            if event is None:
                continue
            (built if event.agents or event.targets or event.participants else bare).append(event)
        for event in bare:
            # "Talks between both nations stalled after the Hanoi summit": a placed or dated event
            # with no actor of its own shares the sides of the other event of its sentence
            sides = next((e.participants or (*e.agents, *e.targets) for e in built
                          if e.event_type != "Statement"), ())
            if sides and (event.places or event.time):
                built.append(replace(event, participants=tuple(sides), rule=event.rule + "+sentence_sides"))
            elif event.places and event.event_type in _ACTORLESS:
                built.append(event)  # "protesters rallied outside the embassy in London"
            elif event.time and event.event_type == "MissileTest":
                prior = next((e for e in reversed(state.events) if e.event_type == event.event_type and e.agents), None)
                if prior is not None:  # "following a missile test on January 4": the same launcher
                    built.append(replace(event, agents=prior.agents, rule=event.rule + "+prior_agent"))
        for event in sorted(built, key=lambda e: e.trigger.start):
            for piece in _split_by_place(event, state):
                add_event(piece, state)


def _split_by_place(event: Event, state: DocState) -> list[Event]:
    """``meetings with Kim in Singapore and Vietnam``: one event per place for plural triggers."""
    if len(event.places) < 2 or not event.trigger.text.endswith("s"):
        return [event]
    return [replace(event, places=(p,), event_id=f"{event.event_id}-{i}") for i, p in enumerate(event.places)]
