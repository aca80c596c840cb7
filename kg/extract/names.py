"""Names: repair the entity spans of the NER and the gazetteer before they become actor mentions.

The statistical NER and the gazetteer ruler make mistakes no reader would: the ruler finds a
leader's surname inside a spokesperson's longer name, a city inside the name of a body named
after it ("the Minsk Group"); the NER keeps a word that only opens a sentence ("Aware that…"),
a time zone ("1505 GMT"), half of "North and South Korea", a name split in two. Each rule is one
step over a list of ``Name`` spans, in this order:

1. a longer name the NER or the parser sees wins over a gazetteer name inside it;
2. a name split in two by the NER is joined, a body's "of" complement kept with it;
3. "North and South Korea" gives North Korea too;
4. words that name no actor are dropped (time zones, planets, operations, treaties, adjectives,
   a word of a quoted slogan);
   and an unknown name gets the kind its context says ("the Military Demarcation Line" is a
   place, "the town of Kotli" a city, a name in a list of people a person);
5. a person the NER missed after a title ("spokesperson Asim Iftikhar Ahmed") is added, and a
   place or body the parser joins under a head word ("the Military Demarcation Line");
6. the agency of a credit line ("(Reuters) –") is marked as a source, never an argument.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from kg.extract import credits
from kg.extract.name_kinds import (add_body_acronyms, add_headed_names, add_short_people, add_titled_people,
                                   coordinated_halves, names_nothing, outside_slogans, retyped)
from kg.extract.name_spans import (NAME_LABELS, POSSESSIVE, Name, gazetteer_kind, inner_bounds, name_word,
                                   person_title_words, root_of, trimmed)
from kg.extract.state import DocState
from kg.nlp.model import NER_SPANS

__all__ = ["NAME_LABELS", "Name", "find_names"]


def find_names(doc, state: DocState) -> list[Name]:
    """Return the repaired names of ``doc`` in text order (see the module docstring for the steps)."""
    names = [trimmed(Name(e.start, e.end, e.label_, e.ent_id_), state) for e in state.entities
             if e.label_ in NAME_LABELS]
    names = [n for n in names if n is not None]
    ner = [s for s in doc.spans[NER_SPANS]] if NER_SPANS in doc.spans else []
    names = _longer_names_win(names, ner, state)
    names = _parser_names_win(names, state)
    names = _join_split_names(names, state)
    names = _with_designators(names, state)
    names = coordinated_halves(names, state)
    names = retyped([n for n in outside_slogans(names, state) if not names_nothing(n, state)], state)
    names = add_titled_people(names, state)
    names = add_headed_names(names, state)
    names = add_body_acronyms(names, state)
    names = add_short_people(names, state)
    names = _mark_credits(names, state)
    return sorted(names, key=lambda n: n.start)


# -- 1. longer names -------------------------------------------------------------------------

def _longer_names_win(names: list[Name], ner: Iterable, state: DocState) -> list[Name]:
    """Let a longer NER name win over a gazetteer name inside it ("Kim Song-ho", "Minsk Group")."""
    out = _NamesByToken(names)
    for span in ner:
        if span.label_ not in NAME_LABELS:
            continue
        start, end = inner_bounds(state.tokens, span.start, span.end)
        near = out.overlapping(start, end)
        inside = [n for n in near if n.ent_id and start <= n.start and n.end <= end]
        crossing = [n for n in near if n not in inside]
        if len(inside) != 1 or crossing or (inside[0].start, inside[0].end) == (start, end):
            continue
        winners = _longer_name(start, end, span.label_, inside[0], state)
        if winners:
            out.replace(inside[0], winners)
    return out.names()


class _NamesByToken:
    """Names (never empty spans) in order, with the names over each token: finding the names a
    span overlaps costs its length, not the number of names in the document."""

    def __init__(self, names: list[Name]) -> None:
        self._order: dict[int, Name] = {}
        self._at: dict[int, list[Name]] = {}
        for name in names:
            self._add(name)

    def _add(self, name: Name) -> None:
        self._order[id(name)] = name
        for i in range(name.start, name.end):
            self._at.setdefault(i, []).append(name)

    def overlapping(self, start: int, end: int) -> list[Name]:
        """The names sharing a token with ``start:end``."""
        found = {id(n): n for i in range(start, end) for n in self._at.get(i, ())}
        return list(found.values())

    def replace(self, name: Name, winners: list[Name]) -> None:
        """Drop ``name``, then add ``winners`` after every other name."""
        del self._order[id(name)]
        for i in range(name.start, name.end):
            self._at[i] = [n for n in self._at[i] if n is not name]
        for winner in winners:
            self._add(winner)

    def names(self) -> list[Name]:
        return list(self._order.values())


def _longer_name(start: int, end: int, label: str, inner: Name, state: DocState) -> list[Name]:
    """Decide between a gazetteer name and the longer NER name around it; [] keeps the gazetteer's."""
    tokens, words = state.tokens, state.gazetteer.word_list
    kind = gazetteer_kind(inner, state)
    at_start = inner.start == start
    if at_start and tokens[inner.end].text in POSSESSIVE and inner.end + 1 < end:
        return [inner, Name(inner.end + 1, end, label, owner=inner.ent_id)]  # "Iran's Guardian Council"
    extra = [t for t in tokens[start:end] if not inner.start <= t.i < inner.end]
    if not all(name_word(t, words("name_particles")) for t in extra):
        return []
    if at_start and tokens[inner.end].text in ("-", "–") and tokens[inner.end + 1].is_title:
        return []  # "Trump-Kim", "Putin-Xi": two names joined, not a double-barrelled one
    if label == "PERSON":
        if any(t.lower_.rstrip(".") in person_title_words(state) for t in extra):
            return []  # the NER took a title in: "Chairman Kim"
        if at_start and kind in ("Country", "City") and inner.label in ("NORP", "GPE"):
            return [inner, Name(inner.end, end, label)]  # "Russian Sergei Ryabkov"
        return [Name(start, end, label)]
    root = root_of(tokens, start, end)
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
    if at_start and inner.label == "NORP" and label in ("GPE", "LOC") and root.i >= inner.end and root.pos_ == "PROPN":
        return [Name(start, end, label)]  # "British Columbia", "American Samoa": a place named with a demonym
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
        if tokens[i].text in POSSESSIVE:  # the owner is a name of its own
            owner = trimmed(Name(body.start, i, "GPE"), state)
            joined = Name(i + 1, complement.end, "ORG")
            return [owner, joined] if owner else [joined]
    return [Name(body.start, complement.end, "ORG")]


# -- 6. credit lines -------------------------------------------------------------------------

def _mark_credits(names: list[Name], state: DocState) -> list[Name]:
    """Replace the names inside a credit line by source names: its first outlet, and known agencies.

    The journalists a story credits, and where they filed from, are not the story's: dropped.
    """
    tokens = state.tokens
    staff = credits.staff_spans(state.text)
    out = [n for n in names if not any(start <= tokens[n.start].idx < end for start, end in staff)]
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
