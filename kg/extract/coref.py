"""Coreference inside a document: who a noun phrase, pronoun, title or collective refers to.

``resolve_np`` is what event extraction calls for every argument: it returns the actor keys a
phrase headed by a token stands for, using (in order) the named mentions inside the phrase or beside
it, pronouns (the nearest fitting person or body before it), a bare title (its latest holder),
collectives (``the two leaders``: the leaders the sentence names, else the last pair seen together),
country anaphors (``the North``) and government bodies (``the South Korean government``, ``the ministry``)."""
from __future__ import annotations

import itertools
import re
from typing import Optional

from kg.extract.conjuncts import glued_conjuncts, stranded_conjuncts
from kg.extract.bodies import appositive_person, earlier_body
from kg.extract.pairs import last_pair, leaders_in_sentence
from kg.extract.state import DocState
from kg.nlp.gazetteer import name_key

_MALE = {"he", "him", "his", "himself"}
_FEMALE = {"she", "her", "hers", "herself"}
_BODY = {"it", "its", "itself"}
_PLURAL = {"they", "them", "their", "themselves"}
_SPEAKERS = {"we", "us", "our"}
_MODIFIER_DEPS = {"amod", "compound", "poss", "nmod", "npadvmod", "appos"}
_ACTOR_KINDS = {"Person", "Organization", "Country", "Group"}
_MODIFIER_KINDS = _ACTOR_KINDS | {"City"}


def _np_text(token) -> str:
    left = [t for t in token.lefts if t.dep_ in ("det", "nummod", "predet", "amod", "preconj")]
    return " ".join([*(t.lower_ for t in left), token.lower_])


def _nearest(state: DocState, before: int, kinds: set[str], gender: Optional[str] = None,
             exclude: frozenset[str] = frozenset(), subject: bool = False) -> Optional[str]:
    if subject:  # a pronoun subject most often continues the previous subject
        for index, key in itertools.islice(state.mentions_before(before), 12):
            draft = state.actors[key]
            if (_is_subject(state.tokens[index]) and draft.kind in kinds and key not in exclude
                    and not (gender and draft.gender and draft.gender != gender)):
                return key
    for _, key in state.mentions_before(before):
        draft = state.actors[key]
        if key in exclude or draft.kind not in kinds:
            continue
        if gender and draft.gender and draft.gender != gender:
            continue
        return key
    return None


def _is_subject(token) -> bool:
    """A clause's subject, or the name in apposition to it (``China's envoy, Zhang Wei, said``)."""
    return token.dep_ in ("nsubj", "nsubjpass") or (token.dep_ == "appos" and token.head.dep_ in ("nsubj", "nsubjpass"))


def _title_holder(state: DocState, word: str, before: int) -> Optional[str]:
    for _, key in state.mentions_before(before):
        draft = state.actors[key]
        if draft.kind == "Person" and any(word in title.lower().split() for title, _ in draft.roles):
            return key
    return None


def country_anaphor(state: DocState, text: str, before: int) -> Optional[str]:
    text = text.removeprefix("the ").strip()
    for _, key in state.mentions_before(before):
        draft = state.actors[key]
        if draft.kind != "Country":
            continue
        if text in ("north", "south", "west", "east"):
            if name_key(draft.label).startswith(text + " "):
                return key
        else:
            return key
    return None


def _clause_subject(possessive, state: DocState) -> list[str]:
    """The subject of the verb whose object a possessive pronoun sits in, if it names actors."""
    noun = possessive.head
    verb = noun
    while verb.head.i != verb.i and verb.pos_ not in ("VERB", "AUX"):
        verb = verb.head
    if verb.i == noun.i:
        return []
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or subject.i >= possessive.i:
        return []
    keys = resolve_np(subject, state)
    plural = possessive.lower_ == "their"
    return keys if keys and (len(keys) > 1) == plural else []


def _reporter(possessive, state: DocState) -> list[str]:
    """``He said his government was ready``: ``his`` in what a person reports is the reporter's own,
    when the reporter is a person of that gender (or a pronoun of it)."""
    if possessive.lower_ not in ("his", "her"):
        return []
    for verb in _ancestors(possessive):
        if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in state.lexicon.cue("reporting_verbs"):
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is None or subject.i > possessive.i or subject.right_edge.i >= possessive.i:
                return []
            if subject.lower_ in _MALE | _FEMALE:
                return _pronoun(subject, state) if (subject.lower_ in _MALE) == (possessive.lower_ == "his") else []
            keys = resolve_np(subject, state, with_conjuncts=False)
            gender = "male" if possessive.lower_ == "his" else "female"
            fits = [k for k in keys if state.kind_of(k) == "Person" and state.actors[k].gender in (None, gender)]
            return fits[:1]
    return []


def _reporter_country(token, state: DocState) -> Optional[str]:
    """The country of whoever reports the clause ``token`` is in (``the spokeswoman said the
    administration would …``), when the document knows it."""
    for verb in _ancestors(token):
        if verb.pos_ in ("VERB", "AUX") and verb.lemma_.lower() in state.lexicon.cue("reporting_verbs"):
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.left_edge.i <= token.i <= subject.right_edge.i:
                continue  # the phrase is that verb's own subject: "the government said"
            if subject is None or subject.i > token.i or subject.lower_ in _SPEAKERS:
                return None
            for key in resolve_np(subject, state, with_conjuncts=False):
                country = state.country_of_actor(key) or (key if state.kind_of(key) == "Country" else None)
                if country:
                    return country
            return None
    return None


def _subject_body(head, state: DocState) -> Optional[str]:
    """``it`` in a relative clause or later clause is most often the main clause's subject."""
    for tok in state.tokens[state.sentence(head.i).start:head.i]:
        if tok.dep_ in ("nsubj", "nsubjpass") and tok.i in state.token_actor:
            key = state.token_actor[tok.i]
            if state.kind_of(key) in ("Organization", "Country"):
                return key
    return None


def _own_subject(pronoun, state: DocState) -> list[str]:
    """``Britain condemned it``: an object pronoun is never its own clause's subject (say ``itself``)."""
    if pronoun.dep_ not in ("dobj", "pobj", "dative"):
        return []
    verb = pronoun.head.head if pronoun.dep_ == "pobj" else pronoun.head
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return [state.token_actor[subject.i]] if subject is not None and subject.i in state.token_actor else []


def _modifier_actors(token, state: DocState, depth: int = 0) -> list[str]:
    found = []
    for child in token.children:
        if child.dep_ in _MODIFIER_DEPS or (child.dep_ == "conj" and child.pos_ in ("ADJ", "PROPN")):
            if child.i in state.token_actor:
                found.append(state.token_actor[child.i])
            if depth < 3:
                found.extend(_modifier_actors(child, state, depth + 1))
    return found


def _located_body(token, state: DocState) -> list[str]:
    """``state media in Pyongyang``, ``In Seoul, the presidential office ...``: the city's country."""
    places = []
    holders = [token, token.head] if token.dep_ in ("nsubj", "nsubjpass") else [token]
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ == "prep" and prep.lower_ == "in":
                for obj in prep.children:
                    key = state.token_actor.get(obj.i)
                    if key and state.kind_of(key) in ("City", "Country"):
                        places.append(state.country_for(key))
    return places


def resolve_np(token, state: DocState, *, with_conjuncts: bool = True) -> list[str]:
    """Return the actor keys the noun phrase headed by ``token`` refers to (may be empty).

    Args:
        token: the head token of an argument (subject, object, prepositional object).
        state: the document read so far.
        with_conjuncts: also resolve ``X and Y`` coordinations.
    """
    heads = [token, *token.conjuncts, *glued_conjuncts(token)] if with_conjuncts else [token]
    if with_conjuncts:
        heads += stranded_conjuncts(heads)
    keys: list[str] = []
    for head in heads:
        keys.extend(_resolve_head(head, state))
    return list(dict.fromkeys(keys))


def _resolve_head(head, state: DocState) -> list[str]:
    """The actors one head word stands for: a name, a pronoun, a collective, a body or a title."""
    low = head.lower_
    if head.i in state.token_actor:
        return [state.token_actor[head.i]]
    if named := appositive_person(head, state):  # "the head of the EU delegation, Nicolas Chapuis"
        return named
    if (low == "who" or (low in ("which", "that") and head.dep_ == "nsubj")) and head.head.dep_ == "relcl":
        return resolve_np(head.head.head, state)  # "Kallas, who called on Moscow": the antecedent
    if head.dep_ == "poss" and low in ("their", "its", "his", "her"):
        owner = _clause_subject(head, state) or _reporter(head, state)
        if owner:  # "the US and South Korea will hold their exercise": the subject's own
            return owner
    if low in _SPEAKERS:
        return _speaker(head, state)
    if head.pos_ == "PRON" or low in _PLURAL:
        return _pronoun(head, state)
    described = _epithet(head, state) or _people(head, state)
    if described:
        return described
    phrase = _np_text(head)
    cues = state.lexicon
    named = _phrase_actors(head, state)
    if named:
        return named
    if phrase in _BARE_PAIRS and head.dep_ in ("nsubj", "nsubjpass"):  # "In 2007 the two vetoed a draft"
        return _plural_subject(head, state) or last_pair(state, {"Country"}, head.i)
    if phrase in cues.cue("collective_people"):
        return leaders_in_sentence(head, state, _pronoun) or last_pair(state, {"Person"}, head.i)
    if phrase in cues.cue("collective_countries"):
        return last_pair(state, {"Country"}, head.i)
    if phrase in cues.cue("country_anaphors"):
        key = country_anaphor(state, phrase, head.i)
        return [key] if key else []
    return _body_or_title(head, state)


_BARE_PAIRS = {"the two", "both", "the three", "all three"}  # a number standing alone for the actors named before
_NAMING_PREPS = {"of": ("government_bodies", "title_words", "member_nouns"), "including": None,  # any noun
                 "from": ("government_bodies", "title_words", "vehicle_nouns")}


def _named_body(state: DocState, word: str, before: int) -> Optional[str]:
    """``the department``, ``the council``: the latest organisation named before whose name has that word."""
    pattern = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)
    for _, key in itertools.islice(state.mentions_before(before), 30):
        draft = state.actors[key]
        if draft.kind == "Organization" and any(pattern.search(n) for n in (draft.label, *draft.alt_labels)):
            return key
    return None


def _phrase_actors(head, state: DocState) -> list[str]:
    """Who a common noun's phrase names: ``the leaders of North and South Korea`` (a body or title
    of actors), ``fighter jets from the US and Japan``, ``a delegation from Iran`` (whoever sent them;
    not ``tourists from Germany``)."""
    if head.pos_ != "NOUN":
        return []
    cues = state.lexicon
    for prep in head.children:
        if prep.dep_ != "prep" or prep.lower_ not in _NAMING_PREPS:
            continue
        kinds = _NAMING_PREPS[prep.lower_]  # "sanctions on ten people, including X and Y": X and Y
        if kinds and not any(head.lower_ in cues.cue(k) or head.lemma_.lower() in cues.cue(k) for k in kinds):
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            keys = [state.token_actor[t.i] for t in obj.subtree if t.i in state.token_actor
                    and state.kind_of(state.token_actor[t.i]) not in ("City", "Place")]
            if not keys and _np_text(obj) in cues.cue("collective_countries"):
                keys = _resolve_head(obj, state)  # "officials from both sides": the two sides of the story
            if keys:
                return list(dict.fromkeys(keys))
    return []


def _epithet(head, state: DocState) -> list[str]:
    """``the hermit kingdom``, ``the reclusive state``: the country named before that it describes.

    The epithets are data (``kg/data/lexicon/epithets.json``); one resolves only to a candidate
    the document has named (itself, a city of it, or a person of it), the most usual first.
    """
    modifiers = [t for t in head.lefts if t.dep_ in ("amod", "compound", "nmod", "npadvmod")]
    if not modifiers or not any(t.dep_ in ("det", "poss") for t in head.lefts):
        return []
    phrase = state.span_text(min(t.left_edge.i for t in modifiers), head.i + 1).lower()
    candidates = state.lexicon.epithets.get(phrase, ())
    if not candidates:
        return []
    named = set()
    for _, key in state.mentions_before(head.i):
        named.update((key, state.country_of_actor(key)))
    return next(([key] for key in candidates if key in named), [])


def _people(head, state: DocState) -> list[str]:
    """``urged the Palestinians to …``, ``Iranians voted``: a people named by its plural demonym
    stands for its country (the gazetteer's demonyms, ``Palestinian`` -> Palestine)."""
    text = head.text
    if head.tag_ not in ("NNPS", "NNS") or not text[:1].isupper() or not text.endswith("s") or text.isupper():
        return []
    entry = state.gazetteer.demonym(text[:-1])
    return [entry.id] if entry is not None and entry.kind == "Country" else []


def _speaker(head, state: DocState) -> list[str]:
    """``"We strongly condemn it," the minister said``: "we" in reported speech is the speaker's side."""
    for verb in _ancestors(head):
        if verb.lemma_.lower() in state.lexicon.cue("reporting_verbs"):
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            return resolve_np(subject, state) if subject is not None and subject.lower_ not in _SPEAKERS else []
    return []


def _ancestors(token):
    while token.head.i != token.i:
        token = token.head
        yield token


def _pronoun(head, state: DocState) -> list[str]:
    """``he``/``she``: the nearest person of that gender; ``it``: a body; ``they``: the last pair."""
    low = head.lower_
    if low in _MALE or low in _FEMALE:
        subject = head.dep_ in ("nsubj", "nsubjpass")
        key = _nearest(state, head.i, {"Person"}, "male" if low in _MALE else "female", subject=subject)
        return [key] if key else []
    if low in _BODY:
        key = _subject_body(head, state) or _nearest(state, head.i, {"Organization", "Country"})
        return [key] if key and key not in _own_subject(head, state) else []
    if low in _PLURAL:
        if head.dep_ in ("nsubj", "nsubjpass"):
            subject = _plural_subject(head, state)
            if subject:
                return subject
        return last_pair(state, {"Person"}, head.i) or last_pair(state, {"Country"}, head.i)
    return []


def _plural_subject(head, state: DocState, sentences: int = 2) -> list[str]:
    """``Russian troops crossed the border ... They must withdraw``: a plural subject continues one.

    The nearest earlier subject, in this sentence or the ``sentences`` before it, that is plural
    (a plural noun or a coordination) and stands for actors.
    """
    first = state.sentences[max(state.sentence_of(head.i) - sentences, 0)].start
    for tok in reversed(state.tokens[first:head.i]):
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.pos_ == "PRON":
            continue
        if tok.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in tok.children):
            keys = resolve_np(tok, state)
            if keys:
                return keys
    return []


def _body_or_title(head, state: DocState) -> list[str]:
    """``his government``, ``the South Korean ministry``, ``the administration``, ``the president``."""
    low, cues = head.lower_, state.lexicon
    modifiers = _modifier_actors(head, state)
    bodies, titles = cues.cue("government_bodies"), cues.cue("title_words")
    lemma = head.lemma_.lower()
    if not modifiers and low in bodies:
        owner = next((c for c in head.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
        if owner is not None:  # "his government": the government of the person he is
            people = _resolve_head(owner, state)
            countries = [state.country_of_actor(k) or k for k in people]
            if owner.lower_ == "its" and not any(state.kind_of(k) == "Country" for k in countries):
                # "the council urged its military rulers": a body that rules is a country's
                countries = [k for k in [_nearest(state, owner.i, {"Country"})] if k]
            if countries:
                return countries[:1]
    if not modifiers and (lemma in cues.cue("named_body_heads")) and any(t.lower_ == "the" for t in head.lefts):
        key = _named_body(state, lemma, head.i)
        if key:
            return [key]
    if not modifiers and low in cues.cue("member_nouns"):  # "thanked council members": the council named before
        body = next((c for c in head.children if c.dep_ == "compound" and c.lemma_.lower() in cues.cue("named_body_heads")), None)
        key = _named_body(state, body.lemma_.lower(), head.i) if body is not None else None
        if key:
            return [key]
    if modifiers:
        actors = [k for k in modifiers if state.kind_of(k) in _MODIFIER_KINDS]
        coordinated = len({k for k in actors if state.kind_of(k) == "Country"}) > 1
        return actors[:1] if lemma in bodies and not coordinated else actors
    if low in bodies or lemma in bodies:
        located = _located_body(head, state)
        if located:
            return located[:1]
        if low in ("government", "administration", "regime", "cabinet", "leadership") and any(
                t.lower_ == "the" for t in head.lefts):
            key = _reporter_country(head, state) or _nearest(state, head.i, {"Country"})
            return [key] if key else []  # "the administration": the speaker's, else the government last named
        if earlier := earlier_body(head, state, _modifier_actors):  # "China's foreign ministry … The ministry"
            return earlier
    if low in bodies or low.rstrip("s") in titles or low in titles:
        for prep in head.children:  # "the defense ministers of the three allies"
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    keys = resolve_np(obj, state)
                    if keys:
                        return keys
    if low in titles and any(t.lower_ == "the" for t in head.lefts):
        key = _title_holder(state, low, head.i)
        return [key] if key else []
    return []
