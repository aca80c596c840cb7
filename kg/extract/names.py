"""Names: repair the entity spans of the NER and the gazetteer before they become actor mentions.

The statistical NER and the gazetteer ruler make mistakes no reader would: the ruler finds a
leader's surname inside a spokesperson's longer name, a city inside the name of a body named
after it ("the Minsk Group"); the NER keeps a word that only opens a sentence ("Aware that…"),
a time zone ("1505 GMT"), half of "North and South Korea", a name split in two. Each rule is one
step over a list of ``Name`` spans, in this order:

1. a longer name the NER or the parser sees wins over a gazetteer name inside it;
2. a name split in two by the NER is joined, a body's "of" complement kept with it;
3. "North and South Korea" gives North Korea too;
4. words that name no actor are dropped (time zones, planets, operations, treaties, adjectives);
   and an unknown name gets the kind its context says ("the Military Demarcation Line" is a
   place, "the town of Kotli" a city, a name in a list of people a person);
5. a person the NER missed after a title ("spokesperson Asim Iftikhar Ahmed") is added, and a
   place or body the parser joins under a head word ("the Military Demarcation Line");
6. the agency of a credit line ("(Reuters) –") is marked as a source, never an argument.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Iterable, Optional

from kg.extract import credits
from kg.extract.state import DocState
from kg.nlp.model import NER_SPANS

NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
# Names get the NER's labels, and one of their own: "CITY", an unknown place the context says is a city.
_EDGE_PUNCT = {'"', "'", "“", "”", "‘", "’", "(", ")", "[", "]", "-", "–", "—", ",", ":", ";", "«", "»"}
_POSSESSIVE = {"'s", "’s", "'", "’"}
_CONJUNCTIONS = {"and", "or", "&"}
_NOT_NAME_DEPS = {"advcl", "acomp", "amod", "advmod", "xcomp", "ccomp", "intj", "oprd", "mark"}


@dataclass(frozen=True)
class Name:
    """A name in the text: tokens ``start:end``, the NER label, the gazetteer id when it matched."""

    start: int
    end: int
    label: str
    ent_id: str = ""
    owner: Optional[str] = None  # gazetteer id of the country a body belongs to ("the Indian Navy")
    source: bool = False  # the agency of a credit line: mentioned, never an event's argument


def find_names(doc, state: DocState) -> list[Name]:
    """Return the repaired names of ``doc`` in text order (see the module docstring for the steps)."""
    names = [_trimmed(Name(e.start, e.end, e.label_, e.ent_id_), state) for e in state.entities
             if e.label_ in NAME_LABELS]
    names = [n for n in names if n is not None]
    ner = [s for s in doc.spans[NER_SPANS]] if NER_SPANS in doc.spans else []
    names = _longer_names_win(names, ner, state)
    names = _parser_names_win(names, state)
    names = _join_split_names(names, state)
    names = _with_designators(names, state)
    names = _coordinated_halves(names, state)
    names = _retyped([n for n in names if not _names_nothing(n, state)], state)
    names = _add_titled_people(names, state)
    names = _add_headed_names(names, state)
    names = _mark_credits(names, state)
    return sorted(names, key=lambda n: n.start)


# -- helpers ---------------------------------------------------------------------------------

def _trimmed(name: Name, state: DocState) -> Optional[Name]:
    """Drop quotes, dashes and brackets at the edges of a name ("“Abraham Accords")."""
    tokens, start, end = state.tokens, name.start, name.end
    while start < end and tokens[start].text in _EDGE_PUNCT:
        start += 1
    while end > start and tokens[end - 1].text in _EDGE_PUNCT and tokens[end - 1].text not in _POSSESSIVE:
        end -= 1
    if start >= end:
        return None
    return name if (start, end) == (name.start, name.end) else replace(name, start=start, end=end)


def _inner_bounds(tokens: list, start: int, end: int) -> tuple[int, int]:
    """The span without a leading article and a trailing possessive or punctuation."""
    while start < end and (tokens[start].lower_ in ("the", "a", "an") or tokens[start].text in _EDGE_PUNCT):
        start += 1
    while end > start and (tokens[end - 1].text in _POSSESSIVE or tokens[end - 1].text in _EDGE_PUNCT):
        end -= 1
    return start, end


def _root(tokens: list, start: int, end: int):
    """The token of ``start:end`` whose head lies outside it (the last such one)."""
    roots = [t for t in tokens[start:end] if not (start <= t.head.i < end) or t.head.i == t.i]
    return roots[-1] if roots else tokens[end - 1]


_NOT_NAME_POS = {"ADP", "AUX", "CCONJ", "DET", "PART", "PRON", "SCONJ", "VERB", "ADV"}


def _name_word(token, particles: frozenset[str]) -> bool:
    """A word that can be part of a proper name: capitalised (not a title-cased "Without"), a number,
    a particle, a hyphen."""
    text = token.text
    return ((text[:1].isupper() and token.pos_ not in _NOT_NAME_POS) or token.like_num or text.lower() in particles
            or text in ("-", "'", "’", ".") or text in _POSSESSIVE
            or (token.i > 0 and not token.doc[token.i - 1].whitespace_ and token.doc[token.i - 1].text == "-"))


def person_title_words(state: DocState) -> frozenset[str]:
    """The words that end a person's title ("spokesperson", "Minister") and the honorifics."""
    heads = {t.split()[-1] for t in state.lexicon.cue("titles")
             if not any(w in t.split() for w in ("of", "for", "to"))}
    return frozenset(heads | {h.rstrip(".") for h in state.lexicon.cue("honorifics")})


def _gazetteer_kind(name: Name, state: DocState) -> Optional[str]:
    entry = state.gazetteer.get(name.ent_id)
    return entry.kind if entry else None


# -- 1. longer names -------------------------------------------------------------------------

def _longer_names_win(names: list[Name], ner: Iterable, state: DocState) -> list[Name]:
    """Let a longer NER name win over a gazetteer name inside it ("Kim Song-ho", "Minsk Group")."""
    out = list(names)
    for span in ner:
        if span.label_ not in NAME_LABELS:
            continue
        start, end = _inner_bounds(state.tokens, span.start, span.end)
        inside = [n for n in out if n.ent_id and start <= n.start and n.end <= end]
        crossing = [n for n in out if n.start < end and n.end > start and n not in inside]
        if len(inside) != 1 or crossing or (inside[0].start, inside[0].end) == (start, end):
            continue
        winners = _longer_name(start, end, span.label_, inside[0], state)
        if winners:
            out = [n for n in out if n is not inside[0]] + winners
    return out


def _longer_name(start: int, end: int, label: str, inner: Name, state: DocState) -> list[Name]:
    """Decide between a gazetteer name and the longer NER name around it; [] keeps the gazetteer's."""
    tokens, words = state.tokens, state.gazetteer.word_list
    kind = _gazetteer_kind(inner, state)
    at_start = inner.start == start
    if at_start and tokens[inner.end].text in _POSSESSIVE and inner.end + 1 < end:
        return [inner, Name(inner.end + 1, end, label, owner=inner.ent_id)]  # "Iran's Guardian Council"
    extra = [t for t in tokens[start:end] if not inner.start <= t.i < inner.end]
    if not all(_name_word(t, words("name_particles")) for t in extra):
        return []
    if at_start and tokens[inner.end].text in ("-", "–") and tokens[inner.end + 1].is_title:
        return []  # "Trump-Kim", "Putin-Xi": two names joined, not a double-barrelled one
    if label == "PERSON":
        if any(t.lower_.rstrip(".") in person_title_words(state) for t in extra):
            return []  # the NER took a title in: "Chairman Kim"
        if at_start and kind in ("Country", "City") and inner.label in ("NORP", "GPE"):
            return [inner, Name(inner.end, end, label)]  # "Russian Sergei Ryabkov"
        return [Name(start, end, label)]
    root = _root(tokens, start, end)
    if kind == "Person" and inner.start > start and inner.start <= root.i < inner.end:
        return [Name(start, end, "PERSON")]  # a surname closing a longer name the NER mislabelled
    heads = words("org_heads") | words("place_heads")
    if at_start and inner.label in ("NORP", "GPE") and kind == "Country" and root.i >= inner.end \
            and root.lower_ in heads:
        return [Name(start, end, label, owner=inner.ent_id)]  # "the Indian Navy", "U.S. Embassy"
    if not (inner.start <= root.i < inner.end) and root.lower_ in heads:
        return [Name(start, end, label)]  # "the Minsk Group", "the Gulf of Mexico"
    if inner.end < end and tokens[inner.end].lower_ == "of" and kind == "Organization":
        return [Name(start, end, label)]  # "Joint Chiefs" inside "Joint Chiefs of Staff"
    if inner.start == start + 1 and tokens[start].text in words("direction_words"):
        return [Name(start, end, label)]  # "East Jerusalem"
    return []


def _parser_names_win(names: list[Name], state: DocState) -> list[Name]:
    """A surname the gazetteer knows, inside a longer name the parser joins, is someone else's."""
    tokens, gaz = state.tokens, state.gazetteer
    taken = {i for n in names for i in range(n.start, n.end)}
    titles = person_title_words(state)
    out = []
    for name in names:
        if not (name.ent_id and name.end - name.start == 1 and gaz.is_short_name(tokens[name.start].text)):
            out.append(name)
            continue
        start, end = name.start, name.end
        sent = state.sentence(start)
        while (start > sent.start and tokens[start - 1].pos_ == "PROPN" and tokens[start - 1].is_title
               and start - 1 not in taken and tokens[start - 1].lower_ not in titles
               and tokens[start - 1].dep_ == "compound" and start - 1 < tokens[start - 1].head.i < end + 1):
            start -= 1
        out.append(name if start == name.start else Name(start, end, "PERSON"))
    return out


# -- 2. split names --------------------------------------------------------------------------

def _join_split_names(names: list[Name], state: DocState) -> list[Name]:
    """Join names the NER split: "Ri" + "Pyong Chol"; "the North's Ministry" + "of the … Forces"."""
    tokens, words = state.tokens, state.gazetteer.word_list
    names = sorted(names, key=lambda n: n.start)
    out: list[Name] = []
    for name in names:
        prev = out[-1] if out else None
        if prev and not prev.ent_id and not name.ent_id and prev.source == name.source:
            gap = tokens[prev.end:name.start]
            if not gap and tokens[prev.end - 1].head.i in range(name.start, name.end) \
                    and tokens[prev.end - 1].dep_ == "compound":
                label = "PERSON" if "PERSON" in (prev.label, name.label) else name.label
                out[-1] = Name(prev.start, name.end, label)
                continue
            if [t.lower_ for t in gap] == ["of"] and tokens[prev.end - 1].lower_ in words("org_heads"):
                out[-1:] = _body_of(prev, name, state)
                continue
        out.append(name)
    return out


def _with_designators(names: list[Name], state: DocState) -> list[Name]:
    """"Rosneft Oil" + "Company PJSC": a company's legal designators belong to its name."""
    tokens, designators = state.tokens, state.gazetteer.word_list("corporate_designators")
    out = []
    for name in names:
        end = name.end
        while name.label == "ORG" and not name.ent_id and end < len(tokens) and tokens[end].text in designators:
            end += 1
        out.append(name if end == name.end else replace(name, end=end))
    return out


def _body_of(body: Name, complement: Name, state: DocState) -> list[Name]:
    """"The North's Ministry" + "of the People's Armed Forces": the owner, then the whole body."""
    tokens = state.tokens
    for i in range(body.start, body.end - 1):
        if tokens[i].text in _POSSESSIVE:  # the owner is a name of its own
            owner = _trimmed(Name(body.start, i, "GPE"), state)
            joined = Name(i + 1, complement.end, "ORG")
            return [owner, joined] if owner else [joined]
    return [Name(body.start, complement.end, "ORG")]


# -- 3. coordinated halves -------------------------------------------------------------------

def _coordinated_halves(names: list[Name], state: DocState) -> list[Name]:
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

def _names_nothing(name: Name, state: DocState) -> bool:
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
    if _root(tokens, name.start, name.end).pos_ == "ADJ" and name.label != "PERSON":
        return True  # "Gulf Arab nations": a name headed by an adjective only modifies a noun
    if name.end - name.start == 1 and first.tag_ in ("NNS", "NNPS") and first.pos_ == "NOUN":
        return True  # "reopen their Embassies": a capitalised common noun
    if name.end - name.start == 1 and first.dep_ in _NOT_NAME_DEPS and _opens_sentence(first, state):
        return True  # "Aware that…", "“Unacceptable,” he said"
    return False


def _retyped(names: list[Name], state: DocState) -> list[Name]:
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
    root = _root(tokens, name.start, name.end)
    if root.lower_ in words("place_heads") and name.label in ("ORG", "PERSON"):
        return replace(name, label="FAC")  # "Trump Tower", "the Military Demarcation Line"
    if root.lower_ in words("org_heads") and name.label in ("GPE", "LOC", "PERSON"):
        return replace(name, label="ORG")
    if name.label in ("GPE", "LOC", "ORG") and _listed_with(root, people):
        return replace(name, label="PERSON")  # "Kim Yo Jong, Ri Pyong Chol and Pak Jong Chon"
    if name.label == "GPE" and _followed_by_country(name, state):
        return replace(name, label="CITY")  # "Kotli, Pakistan"
    return name


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
    return all(t.text in _EDGE_PUNCT for t in state.tokens[start:token.i])


# -- 5. people the NER missed ----------------------------------------------------------------

def _add_titled_people(names: list[Name], state: DocState) -> list[Name]:
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


def _add_headed_names(names: list[Name], state: DocState) -> list[Name]:
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


def _title_cased(sentence) -> bool:
    """A headline in title case makes every word a proper noun: its compounds are not names."""
    alpha = [t for t in sentence if t.is_alpha and len(t) > 3]
    return bool(alpha) and sum(t.is_title for t in alpha) / len(alpha) > 0.6


# -- 6. credit lines -------------------------------------------------------------------------

def _mark_credits(names: list[Name], state: DocState) -> list[Name]:
    """Replace the names inside a credit line by source names: its first outlet, and known agencies."""
    tokens = state.tokens
    out = list(names)
    for start_char, end_char, first in credits.credit_spans(state.text):
        inside = [t.i for t in tokens if t.idx >= start_char and t.idx + len(t) <= end_char]
        if not inside:
            continue
        start, end = inside[0], inside[-1] + 1
        entry = state.gazetteer.lookup(state.span_text(start, end))
        out = [n for n in out if n.end <= start or n.start >= end]
        if tokens[start].lower_ == "the" and end - start > 1:
            start += 1
        if first or entry is not None:
            out.append(Name(start, end, "ORG", entry.id if entry else "", source=True))
    return out
