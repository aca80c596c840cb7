"""Flag names that can deceive a reader: invisible characters, bidirectional controls, letters
of several scripts in one word, and names that read the same as another entity's or claim its
Wikidata id. The checks follow Unicode's security guidance (UTS #39: mixed-script detection,
"skeletons" compared after removing what does not show); they read character properties from
Python's ``unicodedata``, no data of their own.
"""
from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from kg.view.records import Entity

_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def visible(text: str) -> str:
    """Return ``text`` with every invisible or bidirectional control written as ``⟨U+XXXX⟩``.

    >>> visible("Kim\\u200bJong Un")
    'Kim⟨U+200B⟩Jong Un'
    """
    return "".join(f"⟨U+{ord(c):04X}⟩" if _hidden(c) else c for c in text)


def _hidden(char: str) -> bool:
    return char in _BIDI_CONTROLS or unicodedata.category(char) in ("Cf", "Cc")


def skeleton(text: str) -> str:
    """Return what a reader sees of ``text``: NFKC, without hidden characters, case and spacing folded.

    >>> skeleton("Kim Jong\\u200b Un\\u202e") == skeleton("kim  jong un")
    True
    """
    shown = "".join(c for c in unicodedata.normalize("NFKC", text) if not _hidden(c))
    return " ".join(shown.casefold().split())


def name_flags(text: str) -> list[str]:
    """Return what is suspicious in one name: hidden characters, bidi controls, mixed scripts.

    >>> name_flags("Kim Jong Un")
    []
    >>> name_flags("Kim J\\u043eng Un")  # a Cyrillic o
    ['mixes scripts in one word (CYRILLIC, LATIN): Jоng']
    """
    flags = []
    bidi = sorted({f"U+{ord(c):04X}" for c in text if c in _BIDI_CONTROLS})
    hidden = sorted({f"U+{ord(c):04X} {unicodedata.name(c, 'control')}" for c in text
                     if _hidden(c) and c not in _BIDI_CONTROLS})
    if bidi:
        flags.append(f"contains bidirectional controls ({', '.join(bidi)}) that can reorder what is shown")
    if hidden:
        flags.append(f"contains invisible characters ({', '.join(hidden)})")
    for word in text.split():
        scripts = sorted({unicodedata.name(c, "?").split()[0] for c in word if c.isalpha()})
        if len(scripts) > 1:
            flags.append(f"mixes scripts in one word ({', '.join(scripts)}): {visible(word)}")
    return flags


def lookalike_warnings(entities: Iterable[Entity]) -> dict[str, tuple[str, ...]]:
    """Return, by IRI, the warnings of every entity whose name may deceive; others are absent.

    Besides each name's own flags, an entity is flagged when its name reads the same as another
    entity's (same skeleton, different text) or when it shares a Wikidata id with another entity.
    """
    entities = list(entities)
    by_skeleton: dict[str, list[Entity]] = defaultdict(list)
    by_wikidata: dict[str, list[Entity]] = defaultdict(list)
    for entity in entities:
        by_skeleton[skeleton(entity.label)].append(entity)
        if entity.wikidata:
            by_wikidata[entity.wikidata].append(entity)
    found: dict[str, list[str]] = defaultdict(list)
    for entity in entities:
        found[entity.iri].extend(name_flags(entity.label))
        for other in by_skeleton[skeleton(entity.label)]:
            if other.iri != entity.iri and other.label != entity.label:
                found[entity.iri].append(f"reads the same as another entity's name «{visible(other.label)}»")
        for other in by_wikidata.get(entity.wikidata or "", ()):
            if other.iri != entity.iri:
                qid = entity.wikidata.rsplit("/", 1)[-1]
                found[entity.iri].append(f"claims the same Wikidata id ({qid}) as «{visible(other.label)}»")
    return {iri: tuple(dict.fromkeys(warnings)) for iri, warnings in found.items() if warnings}
