"""The spans of names that extraction repairs (see ``kg.extract.names``), and the word tests they share.

A ``Name`` is tokens ``start:end`` of the parsed document with the NER's label and, when the
gazetteer matched the whole name, its id. Nothing here changes a list of names; the steps that
do live in ``names`` (which name wins) and ``name_kinds`` (what an unknown name names).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from typing import Optional

from kg.extract.state import DocState

NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"}
# Names get the NER's labels, and one of their own: "CITY", an unknown place the context says is a city.
EDGE_PUNCT = {'"', "'", "“", "”", "‘", "’", "(", ")", "[", "]", "-", "–", "—", ",", ":", ";", "«", "»"}
POSSESSIVE = {"'s", "’s", "'", "’"}


@dataclass(frozen=True)
class Name:
    """A name in the text: tokens ``start:end``, the NER label, the gazetteer id when it matched."""

    start: int
    end: int
    label: str
    ent_id: str = ""
    owner: Optional[str] = None  # gazetteer id of the country a body belongs to ("the Indian Navy")
    source: bool = False  # the agency of a credit line: mentioned, never an event's argument


def trimmed(name: Name, state: DocState) -> Optional[Name]:
    """Drop quotes, dashes and brackets at the edges of a name ("“Abraham Accords")."""
    tokens, start, end = state.tokens, name.start, name.end
    while start < end and tokens[start].text in EDGE_PUNCT:
        start += 1
    while end > start and tokens[end - 1].text in EDGE_PUNCT and tokens[end - 1].text not in POSSESSIVE:
        end -= 1
    if start >= end:
        return None
    return name if (start, end) == (name.start, name.end) else replace(name, start=start, end=end)


def inner_bounds(tokens: list, start: int, end: int) -> tuple[int, int]:
    """The span without a leading article and a trailing possessive or punctuation."""
    while start < end and (tokens[start].lower_ in ("the", "a", "an") or tokens[start].text in EDGE_PUNCT):
        start += 1
    while end > start and (tokens[end - 1].text in POSSESSIVE or tokens[end - 1].text in EDGE_PUNCT):
        end -= 1
    return start, end


def root_of(tokens: list, start: int, end: int):
    """The token of ``start:end`` whose head lies outside it (the last such one)."""
    roots = [t for t in tokens[start:end] if not (start <= t.head.i < end) or t.head.i == t.i]
    return roots[-1] if roots else tokens[end - 1]


NOT_NAME_POS = {"ADP", "AUX", "CCONJ", "DET", "PART", "PRON", "SCONJ", "VERB", "ADV"}


def name_word(token, particles: frozenset[str]) -> bool:
    """A word that can be part of a proper name: capitalised (not a title-cased "Without"), a number,
    a particle, a hyphen."""
    text = token.text
    return ((text[:1].isupper() and token.pos_ not in NOT_NAME_POS) or token.like_num or text.lower() in particles
            or text in ("-", "'", "’", ".") or text in POSSESSIVE
            or (token.i > 0 and not token.doc[token.i - 1].whitespace_ and token.doc[token.i - 1].text == "-"))


def person_title_words(state: DocState) -> frozenset[str]:
    """The words that end a person's title ("spokesperson", "Minister") and the honorifics."""
    return _title_words(state.lexicon.cue("titles"), state.lexicon.cue("honorifics"))


@functools.lru_cache(maxsize=8)
def _title_words(titles: frozenset[str], honorifics: frozenset[str]) -> frozenset[str]:
    heads = {t.split()[-1] for t in titles if not any(w in t.split() for w in ("of", "for", "to"))}
    return frozenset(heads | {h.rstrip(".") for h in honorifics})


def gazetteer_kind(name: Name, state: DocState) -> Optional[str]:
    entry = state.gazetteer.get(name.ent_id)
    return entry.kind if entry else None
