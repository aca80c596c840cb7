"""An event's arguments: actors of a phrase, metonymy, counts, fallbacks (places: ``where``, dates: ``when``)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Optional

from kg.extract.actors import draft_for, add_mention
from kg.extract.coref import resolve_np
from kg.extract.state import DocState
from kg.extract.events.syntax import (NOUN_POS, SIDE_PREPS, ancestors, is_collective, phrase_tokens, prep_objects,
                                      subject_of)


TARGET_PREPS = {"to", "with", "on", "against", "toward", "towards", "over", "at", "for", "from"}




_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, "a pair of": 2, "dozens": None, "several": None}


def event_count(token) -> Optional[int]:
    for child in token.children:
        if child.dep_ == "nummod":
            # isdecimal, not isdigit: "¹" is a digit int() refuses; a count has a few digits at most
            if child.like_num and child.text.isdecimal() and len(child.text) <= 6:
                return int(child.text)
            value = _NUMBERS.get(child.lower_)
            if value:
                return value
    return None


def referenced_sides(obj, state: DocState, agent_keys: list[str]) -> list[str]:
    """``denounced the sanctions``, ``called the strike reckless``: who made the event a noun refers to."""
    lemma = obj.lemma_.lower()
    instrument = lemma in state.lexicon.cue("instrument_nouns")
    if lemma not in state.lexicon.cue("event_anaphors") and lemma not in state.lexicon.nouns and not instrument:
        return []
    if not any(c.dep_ in ("det", "poss", "predet") and c.lower_ not in ("a", "an", "any") for c in obj.children):
        return []
    if instrument:  # "welcomed the resolution": whoever adopted or proposed the resolution named before
        return _instrument_makers(lemma, state, agent_keys, state.sentence_of(obj.i))
    classes = {t.event_type for t in state.lexicon.nouns.get(lemma, ())}
    recent = state.recent_events()
    typed = [e for e in recent if e.event_type in classes]
    if not typed and lemma in state.lexicon.cue("decision_nouns"):
        typed = [e for e in recent if e.event_type in _DECISIONS]
    pool = typed or [e for e in recent if e.event_type != "Statement"]
    own = {state.country_of_actor(a) or a for a in agent_keys}
    for event in reversed(pool):
        sides = [k for k in (*event.agents, *event.participants)
                 if k not in agent_keys and (state.country_of_actor(k) or k) not in own]
        if sides and _answers(sides, state, agent_keys):
            return sides
    return []


def _instrument_makers(lemma: str, state: DocState, agent_keys: list[str], sentence: int) -> list[str]:
    """The agents of the latest event of an earlier sentence that names the instrument (``adopted a
    resolution``, ``unveiled a draft``), other than the speaker's own side."""
    own = {state.country_of_actor(a) or a for a in agent_keys}
    for event in reversed(state.recent_events()):
        if event.event_type == "Statement" or event.sentence >= sentence:
            continue
        makers = [k for k in event.agents if k not in agent_keys and (state.country_of_actor(k) or k) not in own]
        sent = state.sentences[event.sentence]
        if makers and any(t.lemma_.lower() == lemma for t in state.tokens[sent.start:sent.end]):
            return makers
    return []


def others_than(targets: list[str], agents: list[str], state: DocState) -> list[str]:
    """The targets that are not agents, and not the country of a person or body among the agents
    when someone else is addressed too (an envoy who "commended the AU" does not commend their own
    country; a dissident who criticises only their own country does)."""
    own = {state.country_of_actor(a) for a in agents if state.kind_of(a) in ("Person", "Organization")}
    kept = [k for k in dict.fromkeys(targets) if k not in agents]
    foreign = [k for k in kept if not (k in own and state.kind_of(k) == "Country")]
    return foreign or kept


def _answers(sides: list[str], state: DocState, agents: list[str]) -> bool:
    """A country answers a country: "New Delhi rejected it" answers Pakistan, not its unplaced spokeswoman."""
    if not agents or not all(state.kind_of(a) == "Country" for a in agents):
        return True
    return any(state.kind_of(state.country_of_actor(k) or k) == "Country" or _union_of_states(k, state) for k in sides)


def _union_of_states(key: str, state: DocState) -> bool:
    """An intergovernmental body (the gazetteer's ``igo``: the EU, ASEAN) answers and is answered as a state."""
    entry = state.gazetteer.get(key)
    return entry is not None and entry.org_kind == "igo"


@dataclass(frozen=True)
class Metonymy:
    """Tokens ``start:end`` name a capital (``key``) that acts as its government (``stands_for``).

    Argument rules find these while they read; the event's write step records them as mentions.
    """

    start: int
    end: int
    key: str
    stands_for: str


def write_metonymies(found: list[Metonymy], state: DocState) -> None:
    """Record each metonymy found as a mention, once however many arguments read it."""
    for item in found:
        if (item.start, item.end, item.key) in state.metonymies:
            continue
        state.metonymies.add((item.start, item.end, item.key))
        add_mention(state, item.start, item.end, item.key, "actor.metonymy",
                    metonymic=True, stands_for=item.stands_for, confidence=0.9)


def as_actor(key: str, state: DocState, token_index: int, found: list[Metonymy]) -> str:
    """Map a capital acting as an actor to its government (metonymy), noted in ``found``.

    The government's actor is registered if the document has not named it (it is implied by
    the capital); the mention that says so is only noted here and written by the caller.
    """
    country = state.country_for(key)
    if country == key or state.kind_of(key) != "City":
        return key
    if country not in state.actors:
        entry = state.gazetteer.get(country)
        if entry is None:
            return key
        draft_for(state, entry, entry.kind, entry.name)
    start = end = token_index
    while start > 0 and state.token_actor.get(start - 1) == key:
        start -= 1
    while state.token_actor.get(end + 1) == key:
        end += 1
    found.append(Metonymy(start, end + 1, key, country))
    return country


def resolve_actors(token, state: DocState, found: list[Metonymy]) -> list[str]:
    """Return the actors a phrase headed by ``token`` stands for (capitals as governments).

    Metonymies read on the way are appended to ``found`` (see ``write_metonymies``).
    """
    if token is None:
        return []
    keys = resolve_np(token, state)
    if not keys:
        return []
    left, right = token.left_edge.i, token.right_edge.i
    actors = []
    for key in keys:
        index = state.first_token_of(key, left, right)
        actors.append(as_actor(key, state, index, found) if index is not None else key)
    return [k for k in dict.fromkeys(actors) if state.kind_of(k) not in ("Place",)]


_QUOTE_RE = re.compile(r'[“"]([^”"]{3,})[”"]')


def quote_of(verb, state: DocState) -> Optional[str]:
    """The quoted words of a statement, else the reported clause."""
    sentence = state.sentence(verb.i)
    sent = state.text[sentence.start_char:sentence.end_char]
    quoted = _QUOTE_RE.findall(sent)
    if quoted:
        return " … ".join(q.strip() for q in quoted)
    clause = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp")), None)
    if clause is None:
        return None
    tokens = [t for t in clause.subtree]
    return state.span_text(tokens[0].i, tokens[-1].i + 1)


def on_behalf_of(agents: list[str], state: DocState) -> tuple[str, ...]:
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


MATERIAL = {"Concession", "Sanction", "Aid", "Attack"}


_DECISIONS = {"Sanction", "Concession", "Aid", "Agreement", "MilitaryExercise", "MissileTest", "Attack", "Visit"}


def subtree_countries(verb, state: DocState, agents: list[str]) -> list[str]:
    """``eased restrictions, allowing groups to send staff to North Korea``: the country affected."""
    own = {state.country_of_actor(a) for a in agents}
    subject, _ = subject_of(verb)
    skip = {t.i for t in subject.subtree} if subject is not None else set()
    for tok in verb.subtree:
        key = state.token_actor.get(tok.i)
        if tok.i in skip or key is None or state.kind_of(key) != "Country" or key in own:
            continue
        if any(a.dep_ == "prep" and a.lower_ == "for" for a in ancestors(tok) if a.i > verb.i):
            continue  # "for American aid workers": who benefits, not whom it is done to
        return [key]
    return []


def coordinated_targets(verb, state: DocState, found: list[Metonymy]) -> list[str]:
    """``urged Moscow and Kyiv to accept a truce and offered to host talks``: the shared addressee;
    ``summoned the envoy, Ana Ruiz, to lodge a protest``: whom the purpose clause's act is done to."""
    purpose = verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if verb.dep_ != "conj" and not purpose:
        return []
    head = verb.head
    if verb.tag_ in ("VBD", "VBZ", "VBP") and head.tag_ == "VB" and head.dep_ in ("xcomp", "ccomp"):
        head = head.head
    for child in head.children:
        if child.dep_ in ("dobj", "dative"):
            keys = resolve_actors(child, state, found)
            if keys:
                return keys
    return []


def complement_targets(verb, state: DocState, agents: list[str], etype: str,
                        deps: tuple = ("ccomp",)) -> list[str]:
    """``warned that Russian forces would press on until Ukraine withdrew``: the other side named."""
    if etype not in ("Warning", "Criticism", "Appeal", "OfferOfTalks", "Rejection"):
        return []
    own = {state.country_of_actor(a) or a for a in agents}
    if etype == "Appeal":  # "demanded that Modi explain": whom it asks to act, of whatever side
        asked = [k for c in verb.children if c.dep_ == "ccomp" and any(m.lower_ == "that" for m in c.children)
                 for s in c.children if s.dep_ == "nsubj" for k in map(state.country_for, resolve_np(s, state))
                 if k not in agents]
        if asked:
            return asked
    found = []
    for child in verb.children:
        if child.dep_ not in deps:
            continue
        subtree = list(child.subtree)
        collective = [k for t in subtree if t.pos_ == "NOUN" and is_collective(t, state)
                      for k in resolve_np(t, state)]
        if collective:
            return [k for k in collective if (state.country_of_actor(k) or k) not in own]
        for tok in subtree:
            key = state.token_actor.get(tok.i)
            if key is None or state.kind_of(key) not in ("Country", "Person", "Organization", "Group", "City"):
                continue
            country = state.country_for(key)
            if (state.country_of_actor(country) or country) not in own and country not in found:
                found.append(country)
    return found[:2]


def aimed_at(verb, state: DocState) -> list[str]:
    """``launched drones and missiles at Kharkiv``: weapons fired at a place are an attack."""
    found = []
    for prep, obj in prep_objects(verb, {"at", "against", "on"}):
        for tok in [obj, *obj.conjuncts]:
            key = state.token_actor.get(tok.i)
            if key:
                found.append(state.country_of_actor(key) or key)
    return list(dict.fromkeys(found))


def latest_sides(state: DocState, agents: list[str], *, makers_first: bool = True, token=None) -> list[str]:
    """A reaction with no named target reacts to the latest event by someone else: to whoever
    made it (``Iran fired missiles at Israel. Britain condemned …``: Iran), else to its targets.

    With ``makers_first=False`` (a warning, addressed to an adversary rather than to an act) all
    the sides of that event are candidates, its makers first. A reaction named inside the clause
    another event says (``token``, its trigger, under a complement clause of that event's: "A
    was upset that B ignored C's denial") is what it is about, not an answer to it: no target
    from there (not so a purpose, "summoned the envoy to protest", or a relative clause, a
    comment on it: "the offer, which Y called welcome")."""
    own = {state.country_of_actor(a) or a for a in agents}
    above, node, said = set(), token, False
    while node is not None and node.head.i != node.i and node.dep_ != "relcl":
        said, node = said or node.dep_ == "ccomp", node.head
        if said:
            above.add(node.idx)

    def others(keys):
        return [k for k in keys if k not in agents and (state.country_of_actor(k) or k) not in own]

    for event in reversed(state.recent_events()):
        if event.event_type == "Statement":
            continue
        if any(m.trigger.start in above for m in event.all_mentions()):
            return []
        makers = others((*event.agents, *event.participants))
        sides = makers or others(event.targets) if makers_first else others((*makers, *event.targets))
        if sides and _answers(sides, state, agents):
            return sides
    return []


def in_kind(state: DocState, agents: list[str], keys: list[str]) -> list[str]:
    """Sides read from context answer a country as countries (``New Delhi rejected the allegation``
    made by a Pakistani spokeswoman: Pakistan)."""
    if agents and all(state.kind_of(a) == "Country" for a in agents):
        return list(dict.fromkeys(state.country_of_actor(k) or k for k in keys))
    return keys


def asked_of(obj, state: DocState, found: list[Metonymy]) -> list[str]:
    """``requested information on the incidents from Russia``: whom a request for a thing is made of."""
    return [k for t in phrase_tokens(obj) if t.dep_ == "pobj" and t.head.lower_ == "from"
            for k in resolve_actors(t, state, found)]


def further_word_sides(extra, state: DocState, agents: list[str], actors, *, benefit: bool = False):
    """The sides and targets the further words of a multi-word trigger name (``made an offer to X``,
    ``held talks with X``, ``voiced support for X`` when ``benefit``).

    Returns:
        ``(sides, targets)``: actor keys, ``actors`` resolving each phrase's head.
    """
    sides: list[str] = []
    targets: list[str] = []
    preps = SIDE_PREPS | {"to", "on", "against", "over", "about"} | ({"for"} if benefit else set())
    for word in extra:
        for prep, obj in prep_objects(word, preps):
            keys = actors(obj) or (_topic_actors(obj, state, agents) if prep in ("about", "over") else [])
            if prep in SIDE_PREPS:
                sides.extend(keys)
            else:
                targets.extend(keys or referenced_sides(obj, state, agents))
        if word.pos_ in NOUN_POS and not actors(word):
            targets += referenced_sides(word, state, agents)
        if word.pos_ in NOUN_POS:
            for child in word.children:
                if child.dep_ == "acl":
                    targets += [k for _, obj in prep_objects(child, {"with", "to"}) for k in actors(obj)]
        if word.dep_ in ("acl", "xcomp"):
            for child in word.children:
                if child.dep_ == "dobj":
                    targets += actors(child) or referenced_sides(child, state, agents)
                    targets += [k for _, obj in prep_objects(child, {"with", "to"}) for k in actors(obj)]
    return sides, targets


def noun_object_sides(obj, event_type: str, state: DocState, actors) -> list[str]:
    """``signed a trade pact with X``: the sides an event noun that is a symmetric verb's object names."""
    if obj.dep_ != "dobj" or event_type not in state.lexicon.symmetric or obj.lemma_.lower() not in state.lexicon.nouns:
        return []
    return [k for _, o in prep_objects(obj, SIDE_PREPS) for k in actors(o)]



def _topic_actors(obj, state: DocState, agents: list[str]) -> list[str]:
    """``concerns about the flow of fentanyl from China``: the states or bodies a topic names inside it."""
    own = {state.country_of_actor(a) or a for a in agents}
    keys = [k for t in obj.subtree if (k := state.token_actor.get(t.i))
            and state.kind_of(k) in ("Country", "Organization", "Group") and (state.country_of_actor(k) or k) not in own]
    return list(dict.fromkeys(keys))
