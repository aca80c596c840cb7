"""Third parties of an event: hosts, mediators and witnesses, who are not its sides.

``Norway hosted the signing of the accord between Colombia and the rebels``, ``talks mediated by
Qatar``, ``the US-brokered truce``, ``with Egypt mediating, the two sides agreed``, ``under the
auspices of the African Union``, ``the United States signed as a witness``, ``in the presence of
the UN chief``: each third party is read into its own role (``dip:host``, ``dip:mediator``,
``dip:witness``) and is then no agent, target or participant of the event. The words that mark
the roles are data (``kg/data/lexicon/arguments.json``: ``host_verbs``, ``mediator_nouns``...).
"""
from __future__ import annotations

from typing import Callable, Optional

from kg.extract.events.syntax import NOUN_POS, passive_agent, subject_of

ROLES = ("host", "mediator", "witness")

Resolve = Callable[[object], list]  # a phrase's head token -> the actor keys it stands for


_ROLE_VERBS = tuple((role, f"{role}_verbs") for role in ROLES)  # (role, the cue list of its verbs)
_ROLE_NOUNS = tuple((role, f"{role}_nouns") for role in ROLES)


def verb_role(token, lexicon) -> Optional[str]:
    """Return the role a verb gives its subject (``hosted``: host, ``brokered``: mediator), if any."""
    lemma = token.lemma_.lower()
    for role, cue in _ROLE_VERBS:
        if lemma in lexicon.cue(cue):
            return role
    return None


def noun_role(token, lexicon) -> Optional[str]:
    """Return the role a noun names (``mediation``, ``auspices``: mediator; ``presence``: witness)."""
    lemma, lower = token.lemma_.lower(), token.lower_
    for role, cue in _ROLE_NOUNS:
        words = lexicon.cue(cue)
        if lemma in words or lower in words:
            return role
    return None


def as_role(verb, lexicon) -> Optional[str]:
    """``signed as a witness``, ``attended as observers``: the role the verb's subject acts in."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "as":
            for obj in prep.children:
                if obj.dep_ == "pobj" and (role := noun_role(obj, lexicon)):
                    return role
    return None


def hosts_another_event(verb, lexicon) -> bool:
    """``Oman hosted talks``, ``the signing was hosted by Norway``: the verb only frames an event."""
    if verb.pos_ in NOUN_POS or verb_role(verb, lexicon) is None:
        return False
    for obj in verb.children:
        if obj.dep_ not in ("dobj", "nsubjpass"):
            continue
        nested = [o for p in obj.children if p.dep_ == "prep" and p.lower_ == "of"
                  for o in p.children if o.dep_ == "pobj"]
        if any(t.lemma_.lower() in lexicon.nouns or t.lower_ in lexicon.nouns for t in (obj, *nested)):
            return True
    return False


def find_third_parties(tok, verb, lexicon, resolve: Resolve) -> dict[str, list[str]]:
    """Return ``{role: actor keys}`` of the hosts, mediators and witnesses of one event.

    Args:
        tok: the trigger's head token.
        verb: the verb whose clause holds the event (``tok`` itself for a verbal trigger), or None.
        lexicon: the cue words of the roles.
        resolve: maps a phrase's head token to the actors it stands for.
    """
    found: dict[str, list[str]] = {role: [] for role in ROLES}
    if verb is not None and verb is not tok and (role := verb_role(verb, lexicon)):
        subject, passive = subject_of(verb)  # "Oman hosted talks", "the talks were hosted by the emir"
        passive = passive or any(c.dep_ == "auxpass" for c in verb.children)
        found[role] += resolve(passive_agent(verb) if passive else subject)
    holders = [tok]
    if verb is not None and verb is not tok and _frames(verb, lexicon):
        holders.append(verb)  # "held talks under the auspices of the UN"
    if verb is tok:  # what the verb is about: "agreed to a ceasefire with Qatar as mediator"
        holders += [o for c in verb.children if c.dep_ == "prep" and c.lower_ not in _NOT_THE_EVENTS_OWN
                    for o in c.children if o.dep_ == "pobj"]
        holders += [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]
    for holder in dict.fromkeys(holders):
        for child in holder.children:
            for role, head in _modifier_parties(child, holder, lexicon):
                found[role] += resolve(head)
    if verb is not None:
        for other in verb.conjuncts:  # "..., and the United States signed as a witness"
            if other.pos_ not in NOUN_POS and (role := as_role(other, lexicon)):
                found[role] += resolve(subject_of(other)[0])
    return {role: list(dict.fromkeys(keys)) for role, keys in found.items()}


_TIME_PREPS = {"before", "after", "since", "until", "till", "during", "following", "ahead", "amid"}
# a reason is another act: "praised Qatar for its mediation" thanks the mediator of some other event
_NOT_THE_EVENTS_OWN = _TIME_PREPS | {"for"}


def _frames(verb, lexicon) -> bool:
    """True when a nominal event's verb only says it took place (``held talks``, ``signed a deal``)."""
    return verb.lemma_.lower() in lexicon.cue("light_verbs") or verb_role(verb, lexicon) is not None


def _modifier_parties(child, holder, lexicon):
    """Yield ``(role, head token)`` of the third parties one dependent of the event names."""
    if child.dep_ in ("acl", "amod", "advcl", "relcl") and (role := verb_role(child, lexicon)):
        agent = passive_agent(child)  # "talks mediated by Qatar", "a truce, brokered by Egypt,"
        if agent is not None:
            yield role, agent
        for sub in child.children:
            if child.dep_ == "amod" and sub.dep_ in ("npadvmod", "compound", "nmod"):
                yield role, sub  # "the US-brokered truce", "Egyptian-mediated talks"
            elif child.dep_ == "advcl" and sub.dep_ == "nsubj" and not _finite_clause(child):
                yield role, sub  # "with Egypt mediating, the two sides agreed"
        return
    if child.dep_ != "prep" or child.lower_ == "for":  # "thanked Qatar for its mediation": a reason
        return
    for obj in child.children:
        if obj.dep_ != "pobj":
            continue
        role = noun_role(obj, lexicon)
        if role and child.lower_ == "as":  # "with Qatar as mediator", "signed as a witness"
            yield from ((role, w) for w in _as_holder(holder))
            continue
        role = role or verb_role(obj, lexicon)  # "with Qatar mediating" read as a noun phrase
        if role:  # "under the auspices of X", "through X's mediation", "in the presence of X"
            for sub in obj.children:
                if sub.dep_ in ("poss", "compound", "nmod", "amod"):
                    yield role, sub
                elif sub.dep_ == "prep" and sub.lower_ in ("of", "by"):
                    yield from ((role, o) for o in sub.children if o.dep_ == "pobj")
        for sub in obj.children:  # "with Egypt mediating", "under a deal mediated by China"
            if sub.dep_ == "acl" and (role := verb_role(sub, lexicon)):
                agent = passive_agent(sub)
                if agent is not None:
                    yield role, agent
                elif child.lower_ == "with":
                    yield role, obj


def _finite_clause(verb) -> bool:
    """``as it hosted a delegation``, ``while Oman hosts talks``: a clause of its own, whose subject hosts
    its own event, not the one it is attached to (unlike ``with Egypt mediating``)."""
    return verb.tag_ in ("VBD", "VBZ", "VBP") or any(
        c.dep_ == "mark" and c.lower_ != "with" for c in verb.children)


def _as_holder(holder):
    """Who acts ``as`` the role: the ``with`` object beside it, else the verb's subject."""
    beside = [o for p in holder.children if p.dep_ == "prep" and p.lower_ == "with"
              for o in p.children if o.dep_ == "pobj"]
    if beside:
        return beside
    if holder.pos_ not in NOUN_POS:
        subject, _ = subject_of(holder)
        return [subject] if subject is not None else []
    return []
