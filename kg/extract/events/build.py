"""One candidate becomes one Event record: arguments, factuality, time, meeting subtype."""
from __future__ import annotations

import re
from typing import Optional

from kg.extract import time as timex
from kg.extract.state import DocState
from kg.records import Event, Span
from kg.extract.events.syntax import NOUN_POS, SIDE_PREPS, VERB_POS, clause_chain, has_with, is_future, passive_agent, prep_objects, reporter_of, subject_of, is_negated
from kg.extract.events.triggers import Candidate, RULE_CLASSES, VERBAL
from kg.extract.events.arguments import MATERIAL, TARGET_PREPS, aimed_at, as_actor, complement_targets, coordinated_places, coordinated_targets, event_count, referenced_sides, latest_sides, on_behalf_of, find_places, quote_of, resolve_actors, subtree_countries, time_expressions


_REACTIONS = {"Endorsement", "Criticism", "Rejection"}


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
    modals = lex.cue("modal_hypothetical") | {"will"}
    for t in chain:  # a modal or a condition wins over a negation
        children = list(t.children)
        if (any(c.dep_ in ("aux", "auxpass") and (c.lemma_ or c.text).lower() in modals for c in children)
                or any(c.dep_ == "mark" and c.lower_ in lex.cue("conditional_marks") for c in children)
                or (t.dep_ in ("xcomp", "ccomp", "acl", "pcomp")
                    and t.head.lemma_.lower() in lex.cue("hypothetical_heads"))
                or (t.dep_ == "pobj" and t.head.head.lemma_.lower() in lex.cue("hypothetical_heads"))):
            return "Hypothetical"
    negated = any(is_negated(t) for t in chain) or any(
        c.dep_ == "det" and c.lower_ == "no" for c in tok.children)
    return "Negated" if negated else "Asserted"


def build_event(cand: Candidate, state: DocState, doc) -> Optional[Event]:
    """Read the arguments of one candidate; None when it has no actor at all."""
    lex = state.lexicon
    tok, gov = cand.token, cand.governor
    etype = lex.nearest(cand.trigger.event_type, RULE_CLASSES)  # the rules of its parent class
    verb = gov if gov is not None else None
    agents, targets, sides = [], [], []
    attributed = False
    nominal = tok.pos_ in NOUN_POS
    if nominal:
        for child in tok.children:
            if child.dep_ == "poss":
                agents += resolve_actors(child, state, doc)
            elif child.dep_ in ("compound", "amod", "nmod"):
                if state.kind_of(state.token_actor.get(child.i, "")) in ("City", "Place"):
                    continue  # "the Hanoi summit": a place, read below
                for key in resolve_actors(child, state, doc):
                    (sides if state.kind_of(key) in ("Person", "Country", "Organization", "Group") else []).append(key)
        for prep, obj in prep_objects(tok, SIDE_PREPS | {"to", "on", "against", "by", "from"}):
            keys = resolve_actors(obj, state, doc)
            if prep in SIDE_PREPS:
                sides += keys
            elif prep in ("by", "from"):
                agents += keys
            else:
                targets += keys
    if cand.rule == "event.modal_appeal":
        subject, _ = subject_of(tok)
        targets += resolve_actors(subject, state, doc)
        verb = None
        agents += resolve_actors(subject_of(gov)[0], state, doc)
    if verb is not None:
        subj, passive = subject_of(verb)
        passive = passive or any(c.dep_ == "auxpass" for c in verb.children)
        if passive:
            targets += resolve_actors(subj, state, doc) if verb == tok else []
            agents += resolve_actors(passive_agent(verb), state, doc)
        elif tok.dep_ != "nsubj" or verb == tok:
            agents += resolve_actors(subj, state, doc)
        for child in verb.children:
            if child.dep_ in ("dobj", "dative") and child != tok and child not in cand.extra:
                keys = resolve_actors(child, state, doc)
                targets += keys or referenced_sides(child, state, agents)
        for prep, obj in prep_objects(verb, TARGET_PREPS):
            if obj == tok or obj in cand.extra:
                continue
            if prep == "at" or (prep == "to" and verb.lemma_.lower() in lex.cue("motion_verbs")):
                continue
            keys = resolve_actors(obj, state, doc)
            if prep in ("with",):
                sides += keys
            else:
                keys = [k for k in keys if state.kind_of(k) != "City"] or keys
                targets += keys or referenced_sides(obj, state, agents)
    for extra in cand.extra:
        for prep, obj in prep_objects(extra, SIDE_PREPS | {"to", "on", "against", "over", "about"}):
            keys = resolve_actors(obj, state, doc)
            if prep in SIDE_PREPS:
                sides.extend(keys)
            else:
                targets.extend(keys or referenced_sides(obj, state, agents))
        if extra.pos_ in NOUN_POS and not resolve_actors(extra, state, doc):
            targets += referenced_sides(extra, state, agents)
        if extra.pos_ in NOUN_POS:
            for child in extra.children:
                if child.dep_ == "acl":
                    for prep, obj in prep_objects(child, {"with", "to"}):
                        targets += resolve_actors(obj, state, doc)
        if extra.dep_ == "acl" or extra.dep_ == "xcomp":
            for child in extra.children:
                if child.dep_ == "dobj":
                    targets += resolve_actors(child, state, doc) or referenced_sides(child, state, agents)
                    for prep, obj in prep_objects(child, {"with", "to"}):
                        targets += resolve_actors(obj, state, doc)
    if not agents and nominal and etype not in lex.symmetric and sides and not has_with(tok):
        agents, sides = sides, []  # "Israeli airstrikes", "North Korean missile tests": who did it
    if not agents and nominal and etype in VERBAL:
        reporter = reporter_of(tok, lex)
        if reporter is not None:
            agents = resolve_actors(reporter, state, doc)
            attributed = bool(agents)
            if attributed and tok.dep_ == "pobj" and tok.head.head.lemma_ == "be":
                subj, _ = subject_of(tok.head.head)
                if subj is not None:
                    targets += [k for s in subj.subtree if (k := state.token_actor.get(s.i))]
                    targets = [as_actor(k, state, doc, None) for k in targets]
                    targets = [state.country_for(k) for k in targets]
    if not targets and etype not in lex.symmetric and verb is not None and verb == tok:
        targets = coordinated_targets(tok, state, doc) or complement_targets(tok, state, agents, etype)
    if not targets and etype in ("OfferOfTalks", "Appeal", "Warning", "Rejection") and verb is not None:
        copula = [verb.head] if verb.dep_ in ("acomp", "oprd") else []
        for holder in (verb, *cand.extra, *copula):
            targets = targets or complement_targets(holder, state, agents, etype, deps=("xcomp", "advcl", "ccomp"))
    if etype in _REACTIONS | {"Warning"} and not targets:
        targets = latest_sides(state, agents)
        if agents and all(state.kind_of(a) == "Country" for a in agents):
            targets = [state.country_of_actor(k) or k for k in targets]
    if etype in MATERIAL and not targets and verb is not None:
        targets = subtree_countries(verb, state, agents)
    agents = list(dict.fromkeys(agents))
    targets = [k for k in dict.fromkeys(targets) if k not in agents]
    sides = [k for k in dict.fromkeys(sides) if k not in agents]
    motion = tok.lemma_.lower() in lex.cue("motion_verbs") or (
        verb is not None and verb.lemma_.lower() in lex.cue("motion_verbs"))
    clause = clause_chain(verb) if verb is not None else []
    places = find_places([tok], state, motion, deep=nominal)
    for holder in clause:  # the nearest clause that names a place
        places = places or find_places([holder], state, motion)
    places += [k for child in tok.children if child.dep_ in ("compound", "nmod", "poss")
               for k in [state.token_actor.get(child.i)] if k and state.kind_of(k) in ("City", "Place")]
    places = list(dict.fromkeys(places))
    places += coordinated_places(tok, state, places)
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
        targets = list(dict.fromkeys([*targets, *sides]))
    fact = "Asserted" if attributed else factuality(cand, state)
    anchor_tokens = [tok, *clause]
    when = None
    expressions = time_expressions(anchor_tokens, state)
    future = bool(expressions) and (any(is_future(t) for t in anchor_tokens if t is not None) or any(
        t is not None and t.dep_ in ("xcomp", "acl") and t.head.lemma_.lower() in lex.cue("future_heads")
        for t in anchor_tokens))
    for expr in expressions:
        previous = max(state.event_dates.values(), default=None) if re.search(r"earlier|later|before|after", expr) else None
        when = timex.resolve(expr, state.doc_date, future=future, previous=previous)
        if when is not None:
            break
    start = min([tok.idx, *(t.idx for t in cand.extra)])
    end = max([tok.idx + len(tok.text), *(t.idx + len(t.text) for t in cand.extra)])
    indices = [tok.i, *(t.i for t in cand.extra)]
    trigger = Span(start, end, state.span_text(min(indices), max(indices) + 1))
    event_type = _refine_meeting(cand.trigger.event_type, participants, state)
    if event_type == "MissileTest" and verb is not None and aimed_at(verb, state):
        event_type, targets = "Attack", list(dict.fromkeys([*targets, *aimed_at(verb, state)]))
    quote, behalf = (quote_of(tok, state), on_behalf_of(agents, state)) if etype == "Statement" else (None, ())
    return Event(
        event_id=f"{trigger.start}-{trigger.end}", event_type=event_type, trigger=trigger,
        sentence=state.sentence_of(tok.i), rule=cand.rule + ("+attributed" if attributed else ""),
        agents=tuple(agents), targets=tuple(targets), participants=participants, places=tuple(places),
        time=when, factuality=fact, count=event_count(tok) if nominal else None,
        confidence=0.9 if cand.extra or tok.pos_ in VERB_POS else 0.75,
        quote=quote, on_behalf_of=behalf,
    )


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
