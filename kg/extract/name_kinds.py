"""What an unknown name names: half of a coordination, nothing at all, a city, a person, a body.

Steps over the list of ``Name`` spans (``kg.extract.names`` runs them in order): "North and South
Korea" gives North Korea too; time zones, planets, operations, treaties and words that only open
a sentence are dropped; the context retypes an unknown name ("the town of Kotli" is a city, a name
in a list of people a person, one headed by a place word a place); people and places the NER
missed are added after a title or under a head word.
"""
from __future__ import annotations

from dataclasses import replace

from kg.extract.name_spans import EDGE_PUNCT, Name, person_title_words, root_of
from kg.extract.state import DocState

_CONJUNCTIONS = {"and", "or", "&"}
_OPENING_QUOTES = {'"', "“", "‘", "«"}
_CLOSING_QUOTES = {'"', "”", "’", "»"}
_NOT_NAME_DEPS = {"advcl", "acomp", "amod", "advmod", "xcomp", "ccomp", "intj", "oprd", "mark"}
_DEMONYM_ENDINGS = ("an", "ese", "ish", "i")  # Tigrayan, Sudanese, Kurdish, Somali
# a relative named by a bare first name is a person: "his daughter Yulia", "the president's wife Olena"
_KIN = frozenset({"daughter", "son", "wife", "husband", "brother", "sister", "mother", "father", "widow",
                  "widower", "nephew", "niece", "cousin", "uncle", "aunt", "grandson", "granddaughter"})
# verbs whose "in"/"at" names where something happened: an unknown name there is a place
_HAPPENING_VERBS = frozenset({"hold", "meet", "gather", "convene", "arrive", "land", "sign", "locate", "base"})
_TOWN_PARTS = frozenset({"streets", "outskirts", "suburbs", "centre", "center", "harbour", "harbor", "quarter"})
# words that name a body before its acronym: "the regional bloc IGAD", "the militant group ONLF"
_BODY_NOUNS = frozenset({"bloc", "grouping", "body", "outfit"})


# -- 3. coordinated halves -------------------------------------------------------------------

def coordinated_halves(names: list[Name], state: DocState) -> list[Name]:
    """"North and South Korea": the bare "North" names North Korea; "North and" is no name."""
    tokens, gaz = state.tokens, state.gazetteer
    out = list(names)
    for name in names:
        if not name.ent_id or name.end - name.start < 2 or name.start < 2:
            continue
        conj, first = tokens[name.start - 1], tokens[name.start - 2]
        if conj.lower_ not in _CONJUNCTIONS or not first.is_title:
            continue
        tail = state.span_text(name.start + 1, name.end)
        entry = gaz.lookup(f"{first.text} {tail}")
        if entry is None or entry.id == name.ent_id:
            continue
        out = [n for n in out if not (n.start <= first.i < n.end)]
        out.append(Name(first.i, first.i + 1, name.label, entry.id))
    for index, name in enumerate(out):  # a name that ends with "and" loses it
        if not name.ent_id and name.end - name.start > 1 and tokens[name.end - 1].lower_ in _CONJUNCTIONS:
            out[index] = replace(name, end=name.end - 1)
    return out


# -- 4. words that name no actor -------------------------------------------------------------

def names_nothing(name: Name, state: DocState) -> bool:
    """Say whether an unknown name names no actor or place (the gazetteer's names always do)."""
    if name.ent_id or name.source:
        return False
    tokens, words = state.tokens, state.gazetteer.word_list
    first, last = tokens[name.start], tokens[name.end - 1]
    text = state.span_text(name.start, name.end)
    if text in words("time_zones") and _after_a_time(name, state):
        return True  # "1505 GMT", "9 p.m. ET"
    if text in words("celestial_bodies") and name.label != "PERSON":
        return True  # "low Earth orbit"
    before = tokens[name.start - 1].lower_ if name.start else ""
    if first.lower_ in words("operation_words") or before in words("operation_words"):
        return True  # "Operation Sindoor", "the Joint Sea-2025 exercise": an event's name
    if last.lower_ in words("document_heads") and name.label in ("ORG", "LAW", "WORK_OF_ART"):
        return True  # "the Abraham Accords": a document, not a party to it
    if root_of(tokens, name.start, name.end).pos_ == "ADJ" and name.label != "PERSON":
        return True  # "Gulf Arab nations": a name headed by an adjective only modifies a noun
    if name.end - name.start == 1 and first.tag_ in ("NNS", "NNPS") and first.pos_ == "NOUN":
        return True  # "reopen their Embassies": a capitalised common noun
    if name.end - name.start == 1 and first.dep_ in _NOT_NAME_DEPS and _opens_sentence(first, state):
        return True  # "Aware that…", "“Unacceptable,” he said"
    if name.end - name.start == 1 and name.label != "PERSON" and _demonym_before_noun(first, words("org_heads")):
        return True  # "Tigrayan fighters", "the Tigrayan side": an unknown people's adjective, not a body
    if name.label == "ORG" and _officials(name, state):
        return True  # "the Special Representatives": holders of a post, not a body
    return False


def _demonym_before_noun(token, org_heads: frozenset) -> bool:
    """``Tigrayan fighters``, ``Rakhinese villagers``, ``the Tigrayan side``: a word shaped like a
    demonym before a common noun; not before a body's head word (``the Houthi movement``)."""
    head = token.head
    if token.dep_ not in ("amod", "compound") or head.i != token.i + 1 or not token.lower_.endswith(_DEMONYM_ENDINGS):
        return False
    return head.tag_ == "NNS" or (head.tag_ == "NN" and head.lower_ not in org_heads)


def _officials(name: Name, state: DocState) -> bool:
    """``the Special Representatives``, ``the Foreign Ministers``: a plural title, no body word."""
    tokens, words = state.tokens, state.gazetteer.word_list
    last = tokens[name.end - 1]
    if last.tag_ not in ("NNS", "NNPS") or not last.lower_.endswith("s"):
        return False
    if any(t.lower_ in words("org_heads") for t in tokens[name.start:name.end]):
        return False
    return last.lower_[:-1] in person_title_words(state) and last.lower_ != "chiefs"  # the Joint Chiefs: a body


def retyped(names: list[Name], state: DocState) -> list[Name]:
    """Give an unknown name the kind its context says: a head word, "the town of", a list of people."""
    people = {i for n in names if n.label == "PERSON" for i in range(n.start, n.end)}
    return [_retyped_name(n, state, people) for n in names]


def _retyped_name(name: Name, state: DocState, people: set[int]) -> Name:
    if name.ent_id or name.source:
        return name
    tokens, words = state.tokens, state.gazetteer.word_list
    before = [t.lower_ for t in tokens[max(name.start - 2, 0):name.start]]
    if len(before) == 2 and before[1] == "of" and before[0] in words("settlement_words"):
        return replace(name, label="CITY")  # "the town of Kotli"
    if name.label == "NORP":
        return name
    root = root_of(tokens, name.start, name.end)
    if root.lower_ in words("place_heads") and name.label in ("ORG", "PERSON"):
        return replace(name, label="FAC")  # "Trump Tower", "the Military Demarcation Line"
    if root.lower_ in words("org_heads") and name.label in ("GPE", "LOC", "PERSON"):
        return replace(name, label="ORG")
    if name.label in ("GPE", "LOC", "ORG") and _listed_with(root, people):
        return replace(name, label="PERSON")  # "Kim Yo Jong, Ri Pyong Chol and Pak Jong Chon"
    if name.label in ("GPE", "LOC", "ORG", "FAC") and _kin_named(name, state):
        return replace(name, label="PERSON")  # "his daughter Yulia"
    if name.label in ("ORG", "PERSON") and root.dep_ == "poss" and (
            root.head.lower_ in words("settlement_words") or root.head.lower_ in _TOWN_PARTS):
        return replace(name, label="GPE")  # "Cartagena's old city", "Aleppo's streets"
    if name.label == "ORG" and _where_something_happened(root):
        return replace(name, label="GPE")  # "the meeting took place in Mamallapuram"
    if name.label == "GPE" and _followed_by_country(name, state):
        return replace(name, label="CITY")  # "Kotli, Pakistan"
    return name


def _where_something_happened(root) -> bool:
    """``took place in X``, ``was held in X``, ``met at X``: the object of a verb of happening somewhere."""
    prep = root.head
    if root.dep_ != "pobj" or prep.lower_ not in ("in", "at") or prep.dep_ != "prep":
        return False
    verb = prep.head
    if verb.lemma_ == "take":
        return any(c.dep_ == "dobj" and c.lower_ == "place" for c in verb.children)
    return verb.pos_ == "VERB" and verb.lemma_ in _HAPPENING_VERBS


def _kin_named(name: Name, state: DocState) -> bool:
    """``his daughter Yulia``, ``wife Olena``: a relative's first name right after the kinship word."""
    tokens = state.tokens
    return name.end - name.start == 1 and name.start > 0 and tokens[name.start - 1].lower_ in _KIN


def _listed_with(root, people: set[int]) -> bool:
    """Whether a name is coordinated with, or in apposition to, a person's name."""
    related = [root.head] if root.dep_ in ("conj", "appos") else []
    related += [c for c in root.children if c.dep_ in ("conj", "appos")]
    return any(t.i in people for t in related)


def _followed_by_country(name: Name, state: DocState) -> bool:
    tokens = state.tokens
    if name.end + 2 > len(tokens) or tokens[name.end].text != ",":
        return False
    after = tokens[name.end + 1]
    key = state.gazetteer.lookup(after.text)
    following = tokens[name.end + 2].lower_ if name.end + 2 < len(tokens) else ""
    return key is not None and key.kind == "Country" and following not in ("and", ",", "or")


def _after_a_time(name: Name, state: DocState) -> bool:
    tokens = state.tokens
    window = tokens[max(name.start - 3, 0):name.start]
    return any(t.like_num or ":" in t.text or t.lower_ in ("a.m.", "p.m.", "am", "pm", "noon", "midnight")
               for t in window)


def _opens_sentence(token, state: DocState) -> bool:
    start = state.sentence(token.i).start
    return all(t.text in EDGE_PUNCT for t in state.tokens[start:token.i])


# -- 5. people the NER missed ----------------------------------------------------------------

def add_titled_people(names: list[Name], state: DocState) -> list[Name]:
    """"spokesperson Asim Iftikhar Ahmed": two or more capitalised words after a title, in no name."""
    tokens = state.tokens
    taken = {i for n in names for i in range(n.start, n.end)}
    titles = person_title_words(state)
    added = []
    i = 0
    while i < len(tokens) - 2:
        if tokens[i].lower_.rstrip(".") in titles and i + 1 not in taken:
            end = i + 1
            while (end < len(tokens) and end not in taken and tokens[end].pos_ == "PROPN"
                   and tokens[end].is_title and tokens[end].lower_ not in titles and not tokens[end].is_sent_start):
                end += 1
            if end - i - 1 >= 2:
                added.append(Name(i + 1, end, "PERSON"))
                i = end
                continue
        i += 1
    return names + added


def add_headed_names(names: list[Name], state: DocState) -> list[Name]:
    """A capitalised compound the NER missed, headed by a place or body word, is a name."""
    tokens, words = state.tokens, state.gazetteer.word_list
    taken = {i for n in names for i in range(n.start, n.end)}
    added = []
    for token in tokens:
        low = token.lower_
        if token.i in taken or token.pos_ != "PROPN" or not token.is_title:
            continue
        if low not in words("place_heads") and low not in words("org_heads"):
            continue
        start = token.i
        while start > 0 and tokens[start - 1].pos_ == "PROPN" and tokens[start - 1].is_title \
                and tokens[start - 1].dep_ == "compound" and start - 1 not in taken:
            start -= 1
        if start < token.i and not _title_cased(state.sentence(token.i)):
            added.append(Name(start, token.i + 1, "FAC" if low in words("place_heads") else "ORG"))
    return names + added


_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss", "conj", "appos"})


def add_short_people(names: list[Name], state: DocState) -> list[Name]:
    """``Ban Ki-moon`` ... ``Ban hailed the accord``: a bare word of a person's name named before.

    The NER misses a short name that is also a common word; a capitalised proper noun standing
    alone as a subject, object or possessor, equal to a word of an earlier person's full name,
    names that person (``kg.extract.actors`` links it to the nearest such person).
    """
    tokens = state.tokens
    taken = {i for n in names for i in range(n.start, n.end)}
    titles = person_title_words(state)
    seen: dict[str, int] = {}  # a word of a person's full name -> where that name ends
    for name in sorted(names, key=lambda n: n.start):
        if name.label == "PERSON" and name.end - name.start > 1:
            for t in tokens[name.start:name.end]:
                if t.is_alpha and t.is_title and t.lower_ not in titles:
                    seen.setdefault(t.text, name.end)
    added = []
    for token in tokens:
        if token.i in taken or token.pos_ != "PROPN" or seen.get(token.text, len(tokens)) > token.i:
            continue
        if token.dep_ in _ARGUMENT_DEPS and not any(c.dep_ in ("det", "amod", "compound") for c in token.children):
            added.append(Name(token.i, token.i + 1, "PERSON"))
    return names + added


def add_body_acronyms(names: list[Name], state: DocState) -> list[Name]:
    """``the regional bloc IGAD``, ``the militant group ONLF``: an acronym the NER missed after a body word."""
    tokens, words = state.tokens, state.gazetteer.word_list
    taken = {i for n in names for i in range(n.start, n.end)}
    heads = words("org_heads") | _BODY_NOUNS
    added = []
    for token in tokens[1:]:
        text = token.text
        if token.i in taken or not (2 <= len(text) <= 8 and text.isalpha() and text.isupper()):
            continue
        before = tokens[token.i - 1]
        if before.lower_ in heads and before.pos_ == "NOUN" and before.is_lower and text not in words("time_zones"):
            added.append(Name(token.i, token.i + 1, "ORG"))
    return names + added


def _title_cased(sentence) -> bool:
    """A headline in title case makes every word a proper noun: its compounds are not names."""
    alpha = [t for t in sentence if t.is_alpha and len(t) > 3]
    return bool(alpha) and sum(t.is_title for t in alpha) / len(alpha) > 0.6


def outside_slogans(names: list[Name], state: DocState) -> list[Name]:
    """Drop the names inside a quoted title-case phrase: "Make America Great Again" names no actor."""
    slogans = _slogans(state)
    if not slogans:
        return names
    return [n for n in names if n.source or not any(
        start <= n.start and n.end <= end and (n.start, n.end) != (start, end) for start, end in slogans)]


def _slogans(state: DocState) -> list[tuple[int, int]]:
    """The token ranges of quotations of three to eight words, every word capitalised."""
    found, opened = [], None
    for token in state.tokens:
        if token.text in _OPENING_QUOTES and (opened is None or token.text not in _CLOSING_QUOTES):
            opened = token.i
        elif token.text in _CLOSING_QUOTES and opened is not None:
            words = [t for t in state.tokens[opened + 1:token.i] if t.is_alpha]
            if 3 <= len(words) <= 8 and all(t.is_title or t.is_upper for t in words):
                found.append((opened + 1, token.i))
            opened = None
        elif token.is_sent_start:
            opened = None
    return found
