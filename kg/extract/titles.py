"""Titles before a name: ``Former U.S. President Donald Trump``, ``China's foreign ministry spokesperson``.

``title_before`` reads them for two readers: ``actors`` (the roles the rules use: is this person
a leader, whom does a spokesperson speak for) and ``claims`` (what the document says a person is,
recorded with its words and offsets).
"""
from __future__ import annotations

from typing import NamedTuple, Optional

from kg.extract.state import DocState

_POSSESSIVE = {"'s", "’s", "'", "’"}


class TitleRead(NamedTuple):
    """A title read before a name: its text, whose title it is, "former", and its first token."""

    title: str
    of_key: Optional[str]
    former: bool
    first: int  # the leftmost token read (the title, its body or country, "former"); the name's start if none


def title_before(state: DocState, start: int, titles: frozenset[str]) -> TitleRead:
    """Read the title right before a person's name, then the body or country left of it.

    ``White House Press Secretary Emily Reeves`` gives ``("Press Secretary", "white_house")``;
    ``Former U.S. President Donald Trump`` gives ``("President", "united_states")`` and former.
    """
    tokens = state.tokens
    sent_start = state.sentence(start).start
    honorifics = state.lexicon.cue("honorifics")
    j, first, last = start - 1, None, None
    while j >= sent_start:  # the title itself: title words, "of" inside it
        low = tokens[j].lower_
        if j in state.token_actor:
            break
        if (low in titles or low.rstrip(".") in titles) and low not in honorifics:
            first, last = j, last if last is not None else j
        elif not (low == "of" and first is not None and j > sent_start and tokens[j - 1].lower_ in titles):
            break
        j -= 1
    title = state.span_text(first, last + 1) if first is not None else ""
    of_key, former, leftmost = None, False, first if first is not None else start
    bodies = state.lexicon.cue("government_bodies")
    j = (first if first is not None else start) - 1
    while j >= sent_start:  # whose title: a body, a country, a demonym; and "former"
        tok = tokens[j]
        if tok.i in state.token_actor:
            key = state.token_actor[tok.i]
            if of_key is None or (state.kind_of(key) == "Organization" and state.kind_of(of_key) != "Organization"):
                of_key = key if of_key is None or j >= start - 4 else of_key
            leftmost = j
        elif tok.lower_ == "former":
            former, leftmost = True, j
        elif tok.text not in _POSSESSIVE and tok.lower_ not in ("-", "the") and not (
                tok.lower_ in bodies or tok.pos_ == "ADJ"):  # "China's foreign ministry spokesperson"
            break
        j -= 1
    return TitleRead(title, of_key, former, leftmost if title else start)
