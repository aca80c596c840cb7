"""Claims: what a document says a person is, at its date, with the words that say it.

``Former U.S. President Donald Trump`` claims Trump held the presidency and no longer does;
``Foreign Minister Wang Yi`` that Wang Yi is foreign minister; ``Kim's sister Kim Yo Jong`` that
Kim Yo Jong is Kim Jong Un's sister; ``the Biden administration has maintained`` that Biden heads
a government now. Each is one source's word, recorded with its sentence and offsets
(``RoleClaim``), never merged into the reference roles: ``kg check`` compares the two.

A claim's tenure says when the document places the role: ``former`` ("former", "ex-", "the
late"), ``elect`` ("President-elect", "incoming"), ``then`` ("then-President", or an
administration spoken of in the past tense), else ``current``.
"""
from __future__ import annotations

from typing import Optional

from kg.extract.state import DocState
from kg.extract.titles import TitleRead, title_before
from kg.records import RoleClaim, Span

_POSSESSIVE = {"'s", "’s", "'", "’"}
_PAST_TAGS = {"VBD"}
_PRESENT_TAGS = {"VBZ", "VBP", "MD"}


def find_claims(state: DocState) -> None:
    """Read the claims about every person the text names; add them to ``state.claims`` in text order."""
    titles = state.lexicon.cue("title_words")
    titles = titles | {t.rstrip(".") for t in titles}
    token_at = {tok.idx: tok.i for tok in state.tokens}
    seen: set[tuple[int, int, str]] = set()
    for mention in state.mentions:
        draft = state.actors.get(mention.actor_key)
        start = token_at.get(mention.span.start)
        if draft is None or draft.kind != "Person" or start is None:
            continue
        end = _end_token(state, start, mention.span.end)
        for claim in (_title_claim(state, draft.key, start, end, titles), _relation_claim(state, draft.key, start, end),
                      _administration_claim(state, draft.key, start, end)):
            if claim is not None and (claim.span.start, claim.span.end, claim.kind) not in seen:
                seen.add((claim.span.start, claim.span.end, claim.kind))
                state.claims.append(claim)
    state.claims.sort(key=lambda c: (c.span.start, c.span.end, c.kind))


def _end_token(state: DocState, start: int, end_char: int) -> int:
    end = start + 1
    while end < len(state.tokens) and state.tokens[end].idx < end_char:
        end += 1
    return end


def _span(state: DocState, first: int, end: int) -> Span:
    start_char = state.tokens[first].idx
    last = state.tokens[end - 1]
    end_char = last.idx + len(last)
    return Span(start_char, end_char, state.text[start_char:end_char])


def _title_claim(state: DocState, key: str, start: int, end: int, titles: frozenset[str]) -> Optional[RoleClaim]:
    """``Former U.S. President Donald Trump``, ``President-elect Trump``, ``then-Secretary of State Kerry``."""
    tokens, tenure, name_start = state.tokens, "current", start
    j = start - 1
    if j >= 0 and tokens[j].lower_ in state.lexicon.cue("elect_words"):  # "President-elect Trump"
        j -= 1 if j > 0 and tokens[j - 1].text in "-–" else 0
        name_start, tenure = j, "elect"
    read: TitleRead = title_before(state, name_start, titles)
    if not read.title or read.title.lower() in state.lexicon.cue("honorifics"):
        return None
    before = _word_before(state, read.first)
    span_start = read.first
    if read.former or before in state.lexicon.cue("former_words"):
        tenure = "former"
    elif before in state.lexicon.cue("then_words"):
        tenure = "then"
    elif before in state.lexicon.cue("elect_words") or _any_word(state, read.first, name_start, "elect_words"):
        tenure = "elect"
    if before in state.lexicon.cue("former_words") | state.lexicon.cue("then_words") | state.lexicon.cue("elect_words"):
        span_start = _index_before(state, read.first)
    return RoleClaim(key, read.title, _span(state, span_start, end), state.sentence_of(start), read.of_key,
                     "title", tenure, "claim.title")


def _index_before(state: DocState, index: int) -> int:
    """The token before ``index``, stepping over a hyphen ("ex-President", "then-Secretary")."""
    j = index - 1
    if j > 0 and state.tokens[j].text in ("-", "–"):
        j -= 1
    return max(j, 0)


def _word_before(state: DocState, index: int) -> str:
    j = _index_before(state, index)
    if j >= index or state.sentence_of(j) != state.sentence_of(index):
        return ""
    return state.tokens[j].lower_


def _any_word(state: DocState, first: int, end: int, cue: str) -> bool:
    return any(state.tokens[i].lower_ in state.lexicon.cue(cue) for i in range(first, end))


def _relation_claim(state: DocState, key: str, start: int, end: int) -> Optional[RoleClaim]:
    """``Kim's sister Kim Yo Jong``: a relative named by a possessive before a kinship noun."""
    tokens = state.tokens
    j = start - 1
    if j < 2 or tokens[j].lower_ not in state.lexicon.cue("kinship_nouns") or tokens[j - 1].text not in _POSSESSIVE:
        return None
    relative = state.token_actor.get(j - 2)
    if relative is None or relative == key or state.kind_of(relative) != "Person":
        return None
    first = j - 2
    while first > 0 and state.token_actor.get(first - 1) == relative:
        first -= 1
    return RoleClaim(key, tokens[j].lower_, _span(state, first, end), state.sentence_of(start), relative,
                     "relation", "current", "claim.relation")


def _administration_claim(state: DocState, key: str, start: int, end: int) -> Optional[RoleClaim]:
    """``the Biden administration has maintained``: the person heads a government (its tense says when)."""
    tokens = state.tokens
    j = end + (1 if end < len(tokens) and tokens[end].text in _POSSESSIVE else 0)
    if j >= len(tokens) or tokens[j].lower_ not in state.lexicon.cue("leader_government_nouns"):
        return None
    if state.sentence_of(j) != state.sentence_of(start) or state.token_actor.get(j) not in (None, key):
        return None
    first = start - 1 if start > 0 and tokens[start - 1].lower_ in state.lexicon.cue("former_words") | \
        state.lexicon.cue("elect_words") else start
    tenure = _administration_tenure(state, j, first)
    return RoleClaim(key, tokens[j].lower_, _span(state, first, j + 1), state.sentence_of(start), None,
                     "administration", tenure, "claim.administration")


def _administration_tenure(state: DocState, noun: int, first: int) -> str:
    """``former``/``elect`` from a word before the name, else the tense of the verb the noun hangs on."""
    word = state.tokens[first].lower_
    if word in state.lexicon.cue("former_words"):
        return "former"
    if word in state.lexicon.cue("elect_words"):
        return "elect"
    head = state.tokens[noun].head
    for _ in range(6):  # up the tree to the verb of the clause; a participle ("while advocating") goes on up
        tags = {head.tag_} | {c.tag_ for c in head.children if c.dep_ in ("aux", "auxpass")}
        if tags & _PAST_TAGS:
            return "then"
        if tags & _PRESENT_TAGS:
            return "current"
        if head.head is head:
            break
        head = head.head
    return "then"
