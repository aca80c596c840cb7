"""One candidate becomes one Event record: read its arguments, then write what was read.

``build_event`` works as spaCy's components do (``matches = self.match(doc)``, then
``self.set_annotations(doc, matches)``): ``read_event`` computes the event from the parse and the
document read so far and records nothing; the write step then records the metonymic mentions the
argument rules noted on the way. Reading goes in named steps, in this order: the trigger noun's own
dependents, the governing verb's subject and objects, the further words of a multi-word trigger,
fallbacks when no agent or target is named, places, factuality, time, and the record itself.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Optional

from kg.extract.actors import draft_for
from kg.extract.state import DocState
from kg.records import Event, Span
from kg.extract.events.syntax import (NOUN_POS, SIDE_PREPS, VERB_POS, clause_chain, has_with,
                                      passive_agent, prep_objects, reporter_of, subject_of)
from kg.extract.events.triggers import Candidate, RULE_CLASSES, VERBAL, refine_meeting
from kg.extract.events.factuality import factuality
from kg.extract.events.implied import answered_by, carrier_verb, meeting_outcome_sides
from kg.extract.events.addressing import (holderless, latest_launchers, legal_text, unnamed_addressee,
                                          weapon_makers, within_legal_text)
from kg.extract.events.third_parties import as_role, find_third_parties, hosts_another_event
from kg.extract.events.when import event_time
from kg.extract.events.where import event_places
from kg.extract.events.arguments import (MATERIAL, TARGET_PREPS, Metonymy, aimed_at, asked_of, complement_targets,
                                         coordinated_targets, event_count, further_word_sides, in_kind, latest_sides,
                                         noun_object_sides, on_behalf_of, others_than, quote_of, referenced_sides,
                                         resolve_actors, subtree_countries, write_metonymies)


_REACTIONS = {"Endorsement", "Criticism", "Rejection"}
_SIDE_KINDS = ("Person", "Country", "Organization", "Group")
_EVENT_PRONOUNS = {"it", "this", "that"}  # as a reaction's object they most often name an event
_CONTENT_TARGETS = ("OfferOfTalks", "Appeal", "Warning", "Rejection")  # whose content names the other side


@dataclass
class _Reading:
    """What has been read so far of one candidate's event; lives while one candidate is read."""

    cand: Candidate
    state: DocState
    verb: object  # the verb whose clause holds the event (None for a bare noun)
    agents: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    sides: list[str] = field(default_factory=list)  # "with X", "between X and Y": symmetric sides
    places: list[str] = field(default_factory=list)
    clause: list = field(default_factory=list)  # the verb and the clauses it hangs from
    attributed: bool = False  # the agent is the reporter of a nominal event ("X said the offer ...")
    roles: dict[str, list[str]] = field(default_factory=dict)  # third parties: host, mediator, witness
    metonymies: list[Metonymy] = field(default_factory=list)  # noted for the write step
    described: bool = False  # a participle describing a noun names no act ("tankers accused of …")
    provision: bool = False  # the subject is a legal text: "the resolution calls for …" restates its content
    unnamed_addressee: bool = False  # "urged the protesters to …": the one addressed is no actor we know

    @property
    def tok(self):
        return self.cand.token

    @functools.cached_property
    def etype(self) -> str:
        """The class whose argument rules apply: a subclass (Demand, Expulsion…) follows its parent's."""
        return self.state.lexicon.nearest(self.cand.trigger.event_type, RULE_CLASSES)

    @property
    def nominal(self) -> bool:
        return self.cand.token.pos_ in NOUN_POS

    def actors(self, token) -> list[str]:
        """The actors a phrase stands for (metonymies noted, not written)."""
        return resolve_actors(token, self.state, self.metonymies)


def build_event(cand: Candidate, state: DocState) -> Optional[Event]:
    """Read one candidate's event, then record what reading it found; None when it has no actor.

    Args:
        cand: the trigger candidate (from ``find_candidates``, after ``prune``).
        state: the document read so far; gains the metonymic mentions of the arguments.
    Returns:
        The ``Event`` record (not yet added to ``state.events``), or None.
    """
    event, metonymies = read_event(cand, state)
    write_metonymies(metonymies, state)
    if event is not None:
        _register_implied(event, state)
    return event


def _register_implied(event: Event, state: DocState) -> None:
    """Give an actor the event implies but the text never named (``his government``) its record."""
    for key in (*event.agents, *event.targets, *event.participants, *event.hosts, *event.mediators,
                *event.witnesses):
        if key not in state.actors and (entry := state.gazetteer.get(key)) is not None:
            draft_for(state, entry, entry.kind, entry.name)


def read_event(cand: Candidate, state: DocState) -> tuple[Optional[Event], list[Metonymy]]:
    """Compute one candidate's event and the metonymies its arguments use, recording nothing."""
    carrier = carrier_verb(cand.token, state.lexicon) if cand.trigger.event_type == "Aid" else None
    r = _Reading(cand, state, carrier or cand.governor)
    if not r.nominal and (hosts_another_event(r.tok, state.lexicon) or (
            r.tok.dep_ == "conj" and as_role(r.tok, state.lexicon))):
        return None, []  # "Oman hosted talks", "... and X signed as a witness": read with that event
    if r.nominal:
        _noun_dependents(r)
        _implied(r)
    if cand.rule == "event.modal_appeal":
        _modal_appeal_sides(r)
    if cand.rule == "event.evaluation.reported":
        _verdict_sides(r)
    if r.verb is not None:
        _verb_subject(r)
        if (r.described and r.verb is r.tok) or r.provision or within_legal_text(r.verb, state):
            return None, r.metonymies
        _verb_objects(r)
        r.unnamed_addressee = r.verb is r.tok and unnamed_addressee(r.tok, r.cand.extra, r.etype, r.state, r.actors)
    _further_words(r)
    _nominal_fallbacks(r)
    _target_fallbacks(r)
    _third_parties(r)
    r.agents = list(dict.fromkeys(r.agents))
    r.targets = others_than(r.targets, r.agents, state)
    r.sides = [k for k in dict.fromkeys(r.sides) if k not in r.agents]
    _places(r)
    _visit_and_attack_targets(r, delivered=carrier is not None)
    if not r.agents and holderless(r.tok, r.verb, cand.rule, r.etype, r.nominal):
        return None, r.metonymies  # a stance nobody is said to take
    if not (r.agents or r.targets or r.sides or r.places or any(r.roles.values())):
        return None, r.metonymies
    return _record(r), r.metonymies


# ------------------------------------------------------------------ who: the parse


def _noun_dependents(r: _Reading) -> None:
    """``Russia's offer``, ``the US-China talks``, ``talks with Iran``, ``an appeal by the UN``."""
    state = r.state
    if r.cand.rule.startswith("event.evaluation"):
        # "a threat to Japan's security", "a danger to the region": whom the thing evaluated endangers
        # is not whom the evaluation criticises; only an owner is ("it was Moscow's provocation")
        r.targets += [k for c in r.tok.children if c.dep_ == "poss" for k in r.actors(c)]
        return
    for child in r.tok.children:
        if child.dep_ == "poss":
            r.agents += r.actors(child)
        elif child.dep_ in ("compound", "amod", "nmod"):
            if state.kind_of(state.token_actor.get(child.i, "")) in ("City", "Place"):
                continue  # "the Hanoi summit": a place, read below
            r.sides += [key for key in r.actors(child) if state.kind_of(key) in _SIDE_KINDS]
    for child in r.tok.children:  # "the talks held by A and B in Doha"
        if child.dep_ == "acl" and child.tag_ == "VBN" and child.lemma_.lower() in state.lexicon.cue("light_verbs"):
            r.sides += r.actors(passive_agent(child))
            r.targets += [k for _, obj in prep_objects(child, {"on", "against", "to"}) for k in r.actors(obj)]
    for prep, obj in prep_objects(r.tok, SIDE_PREPS | {"to", "on", "against", "by", "from", "of"}):
        keys = r.actors(obj)
        if prep == "of" and r.etype not in ("Visit", "Attack"):
            continue
        if prep in SIDE_PREPS:
            r.sides += keys
        elif prep in ("by", "from") or (prep == "of" and r.etype == "Visit"):  # "the visit of Xi"
            r.agents += keys
        else:
            r.targets += keys


def _implied(r: _Reading) -> None:
    """Sides the sentence implies (``kg.extract.events.implied``): a meeting's outcome, a request answered."""
    if r.etype == "Agreement" and (sides := meeting_outcome_sides(r.tok, r.state.lexicon, r.actors)):
        r.agents, r.targets, r.sides = [], [], sides  # "the talks between A and B ended with no deal on X"
    elif r.etype == "Appeal":
        askers, answerers = answered_by(r.tok, r.actors)
        r.agents, r.targets = r.agents + askers, r.targets + answerers


def _modal_appeal_sides(r: _Reading) -> None:
    """``X said all parties should exercise restraint``: X appeals to all parties."""
    subject, _ = subject_of(r.tok)
    r.targets += r.actors(subject)
    r.verb = None
    r.agents += r.actors(subject_of(r.cand.governor)[0])


def _verdict_sides(r: _Reading) -> None:
    """``X said Y's move was a disaster``: X criticises Y, whose move it was (else whoever it names)."""
    subject, _ = subject_of(r.tok.head)
    if subject is not None:
        owners = [k for c in subject.children if c.dep_ == "poss" for k in r.actors(c)]
        named = [k for t in subject.subtree if (k := r.state.token_actor.get(t.i))]
        r.targets += owners or [k for k in named if r.state.kind_of(k) in _SIDE_KINDS]
        if not r.targets:  # "said the launches were a threat", "the missiles were a threat": whose
            speaker = r.actors(subject_of(r.cand.governor)[0])
            r.targets += referenced_sides(subject, r.state, speaker) or weapon_makers(subject, r.state, speaker)
    r.verb = None
    r.agents += r.actors(subject_of(r.cand.governor)[0])


def _verb_subject(r: _Reading) -> None:
    """The subject acts; in the passive it is the target and the ``by`` phrase acts."""
    verb, tok = r.verb, r.tok
    if verb is not tok and tok.dep_ in ("dobj", "nsubjpass", "pobj") and not _carries(verb, r):
        return  # "the EU condemned the incursion": the EU did not make the incursion
    if verb.dep_ == "acl" and verb.tag_ == "VBN":  # "the accord signed by A and B": who signed it
        r.agents += r.actors(passive_agent(verb))
        r.described = not r.agents  # "tankers accused of smuggling oil": a description, nobody's act
        return
    subj, passive = subject_of(verb)
    passive = passive or any(c.dep_ == "auxpass" for c in verb.children)
    if not passive and legal_text(subj, r.state):
        r.provision = True  # "the resolution also bans …": a clause of the text, read with its adoption
        return
    if passive and verb == tok and tok.lemma_.lower() in r.state.lexicon.cue("experiencer_verbs"):
        r.agents += r.actors(subj)  # "he was disappointed that/by …": who feels it takes the stance
        r.targets += r.actors(passive_agent(verb))
        for clause in (c for v in (verb, *verb.conjuncts) for c in v.children if c.dep_ == "ccomp"):
            r.targets += r.actors(subject_of(clause)[0])  # "… that Orban praised Putin": Orban, of any side
    elif passive:
        r.targets += r.actors(subj) if verb == tok else []
        r.agents += r.actors(passive_agent(verb))
        if not r.agents and passive_agent(verb) is None and r.cand.trigger.event_type == "MissileTest":
            r.agents += latest_launchers(r.state)  # "a missile was launched towards Japan"
    elif tok.dep_ != "nsubj" or verb == tok:
        r.agents += r.actors(subj)


def _carries(verb, r: _Reading) -> bool:
    """True when the verb of a nominal event says who made it (``held talks``, ``signed an accord``,
    ``flew to Pyongyang for talks``), not when it reacts to it (``condemned the incursion``)."""
    lex = r.state.lexicon
    lemma = verb.lemma_.lower()
    if lemma in lex.cue("light_verbs") or lemma in lex.cue("motion_verbs") or lemma in lex.cue("time_spending_verbs"):
        return True
    root = lex.classes.ancestors(r.etype)[-1]
    return not lex.verbs.get(lemma) or any(lex.classes.ancestors(t.event_type)[-1] == root
                                           for t in lex.verbs[lemma])


def _verb_objects(r: _Reading) -> None:
    """Objects and prepositional objects are targets (``with`` gives sides)."""
    verb, cand, state = r.verb, r.cand, r.state
    for child in verb.children:
        if child.dep_ == "dative" and child.pos_ == "ADP":  # "provided support to X": the parser's dative "to"
            child = next((c for c in child.children if c.dep_ == "pobj"), child)
        if child.dep_ in ("dobj", "dative", "pobj") and child != r.tok and child not in cand.extra:
            if child.lower_ in _EVENT_PRONOUNS and r.etype in _REACTIONS:
                keys = latest_sides(state, r.agents)  # "condemned it", "called this a threat": the event
            else:
                keys = r.actors(child)
            keys = keys or (asked_of(child, state, r.metonymies) if r.etype == "Appeal" else [])
            r.targets += in_kind(state, r.agents, keys or referenced_sides(child, state, r.agents))
            r.sides += noun_object_sides(child, r.etype, state, r.actors)  # "signed a pact with X"
    for prep, obj in prep_objects(verb, TARGET_PREPS):
        if obj == r.tok or obj in cand.extra:
            continue
        if prep == "at" or (prep == "to" and verb.lemma_.lower() in state.lexicon.cue("motion_verbs")):
            continue
        keys = r.actors(obj)
        if prep in ("with",):
            r.sides += keys
        else:
            keys = [k for k in keys if state.kind_of(k) != "City"] or keys
            r.targets += keys or referenced_sides(obj, state, r.agents)


_BENEFIT_CLASSES = ("Aid", "Endorsement")  # "provided support for X", "voiced backing for X": X is the target


def _further_words(r: _Reading) -> None:
    """The further words of a multi-word trigger carry sides and targets (``made an offer to X``)."""
    if r.cand.rule == "event.evaluation":
        return  # "called it a danger to the region": whom it endangers is not whom it criticises
    sides, targets = further_word_sides(r.cand.extra, r.state, r.agents, r.actors,
                                        benefit=r.etype in _BENEFIT_CLASSES)
    r.sides += sides
    r.targets += targets


# ------------------------------------------------------------------ who: when the parse names nobody


def _nominal_fallbacks(r: _Reading) -> None:
    """A bare event noun: its modifiers did it, or whoever reports it offered, asked or criticised."""
    state, lex, tok = r.state, r.state.lexicon, r.tok
    if not r.agents and r.nominal and r.etype not in lex.symmetric and r.sides and not has_with(tok):
        r.agents, r.sides = r.sides, []  # "Israeli airstrikes", "North Korean missile tests": who did it
    if r.agents or not r.nominal or r.etype not in VERBAL:
        return
    # "said the treaty between A and B ...": an accord that names both its sides is theirs, not the speaker's
    reporter = None if r.etype in lex.symmetric and len(set(r.sides)) >= 2 else reporter_of(tok, lex)
    if reporter is None:
        return
    r.agents = r.actors(reporter)
    r.attributed = bool(r.agents)
    if r.attributed and tok.dep_ == "pobj" and tok.head.head.lemma_ == "be":
        subj, _ = subject_of(tok.head.head)  # "X said the aim was an offer to Y"
        if subj is not None:
            r.targets += [k for s in subj.subtree if (k := state.token_actor.get(s.i))]
            r.targets = [state.country_for(k) for k in r.targets]


def _target_fallbacks(r: _Reading) -> None:
    """No target named: a coordinated verb's object, the content's other side, the latest event's."""
    state, lex, verb = r.state, r.state.lexicon, r.verb
    if r.unnamed_addressee:
        return
    if not r.targets and r.etype not in lex.symmetric and verb is not None and verb == r.tok:
        r.targets = (coordinated_targets(r.tok, state, r.metonymies)
                     or complement_targets(r.tok, state, r.agents, r.etype))
    if not r.targets and r.etype in _CONTENT_TARGETS and verb is not None:
        copula = [verb.head] if verb.dep_ in ("acomp", "oprd") else []
        for holder in (verb, *r.cand.extra, *copula, *([r.tok] if r.nominal else [])):  # "an offer to mediate"
            r.targets = r.targets or complement_targets(holder, state, r.agents, r.etype,
                                                        deps=("xcomp", "advcl", "ccomp", "acl"))
    if r.etype in _REACTIONS | {"Warning"} and not r.targets:
        latest = latest_sides(state, r.agents, makers_first=r.etype != "Warning", token=r.tok)
        r.targets = in_kind(state, r.agents, latest)
    if r.etype in MATERIAL and not r.targets and verb is not None:
        r.targets = subtree_countries(verb, state, r.agents)


def _third_parties(r: _Reading) -> None:
    """Hosts, mediators and witnesses are read into their roles and are not sides; a host is a side
    as well when the hosted event names its other side with ``with`` alone (``Kim hosted a summit
    with Putin``), not when it names both (``talks between A and B``)."""
    r.roles = find_third_parties(r.tok, r.verb, r.state.lexicon, r.actors)
    preps = {c.lower_ for t in (r.tok, r.verb) if t is not None for c in t.children if c.dep_ == "prep"}
    host_is_side = "with" in preps and not preps & {"between", "among"}
    third = {k for role, keys in r.roles.items() for k in keys if not (role == "host" and host_is_side)}
    r.agents = [k for k in r.agents if k not in third]
    r.targets = [k for k in r.targets if k not in third]
    r.sides = [k for k in r.sides if k not in third]


# ------------------------------------------------------------------ where


def _places(r: _Reading) -> None:
    """The event's places (``where.event_places``); places are not sides."""
    state, lex, verb = r.state, r.state.lexicon, r.verb
    motion = r.tok.lemma_.lower() in lex.cue("motion_verbs") or (
        verb is not None and verb.lemma_.lower() in lex.cue("motion_verbs"))
    r.clause = clause_chain(verb) if verb is not None else []
    r.places = event_places(r.tok, r.clause, r.etype, state, nominal=r.nominal, motion=motion)
    r.sides = [k for k in r.sides if k not in r.places]


def _visit_and_attack_targets(r: _Reading, delivered: bool = False) -> None:
    """``visited Kyiv``: the city is where, its country whom; an attack on a place hits its country,
    aid ``delivered`` by a vehicle that arrived there goes to it."""
    state = r.state
    if r.etype == "Visit" and r.verb is not None:
        for child in r.verb.children:
            key = state.token_actor.get(child.i)
            if child.dep_ == "dobj" and key and state.kind_of(key) in ("City", "Place") and key not in r.places:
                r.places.append(key)
                r.targets = [k for k in r.targets if k != state.country_for(key)]
    if (r.etype in ("Visit", "Attack") or delivered) and not r.targets and r.places:
        country = state.country_of_actor(r.places[0])
        r.targets = [country] if country and country not in r.agents else []


# ------------------------------------------------------------------ when, and the record


def _record(r: _Reading) -> Event:
    """The Event record: symmetric sides as participants, trigger span, subtype, factuality, time."""
    state, cand, tok = r.state, r.cand, r.tok
    participants: tuple = ()
    agents, targets = r.agents, r.targets
    if r.etype in state.lexicon.symmetric:
        participants = tuple(dict.fromkeys([*agents, *r.sides, *targets]))
        agents, targets = [], []
    else:
        targets = list(dict.fromkeys([*targets, *r.sides]))
    fact = factuality(cand, state)  # attributed or not: "said peace needs a deal" states no deal
    when = event_time(tok, r.clause, r.etype, state)
    start = min([tok.idx, *(t.idx for t in cand.extra)])
    end = max([tok.idx + len(tok.text), *(t.idx + len(t.text) for t in cand.extra)])
    indices = [tok.i, *(t.i for t in cand.extra)]
    trigger = Span(start, end, state.span_text(min(indices), max(indices) + 1))
    event_type = refine_meeting(r.cand.trigger.event_type, participants, state)
    if event_type == "MissileTest" and r.verb is not None and aimed_at(r.verb, state):
        event_type, targets = "Attack", list(dict.fromkeys([*targets, *aimed_at(r.verb, state)]))
    statement = r.etype == "Statement"
    return Event(
        event_id=f"{trigger.start}-{trigger.end}", event_type=event_type, trigger=trigger,
        sentence=state.sentence_of(tok.i), rule=cand.rule + ("+attributed" if r.attributed else ""),
        agents=tuple(agents), targets=tuple(targets), participants=participants, places=tuple(r.places),
        time=when, factuality=fact, count=event_count(tok) if r.nominal else None,
        confidence=0.9 if cand.extra or tok.pos_ in VERB_POS else 0.75,
        quote=quote_of(tok, state) if statement else None,
        on_behalf_of=on_behalf_of(agents, state) if statement else (),
        hosts=tuple(r.roles.get("host", ())), mediators=tuple(r.roles.get("mediator", ())),
        witnesses=tuple(r.roles.get("witness", ())),
    )
