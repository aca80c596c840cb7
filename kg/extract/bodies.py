"""Who a common noun for a body or an office stands for: ``China's foreign ministry said … The ministry
urged …``, ``the head of the EU delegation, Nicolas Chapuis``."""
from __future__ import annotations

from kg.extract.state import DocState

_LOOKBACK = 3  # sentences


def earlier_body(head, state: DocState, modifier_actors) -> list[str]:
    """The actor an earlier mention of the same body word stood for (``China's foreign ministry``),
    when ``the ministry`` names no one itself; ``modifier_actors(token, state)`` reads a mention's owner."""
    if not any(t.lower_ == "the" for t in head.lefts):
        return []
    lemma = head.lemma_.lower()
    first = state.sentences[max(state.sentence_of(head.i) - _LOOKBACK, 0)].start
    for tok in reversed(state.tokens[first:head.i]):
        if tok.lemma_.lower() != lemma:
            continue
        owners = [k for k in modifier_actors(tok, state) if state.kind_of(k) in ("Country", "Organization")]
        if owners:
            return owners[:1]
    return []


def appositive_person(head, state: DocState) -> list[str]:
    """``the head of the EU delegation, Nicolas Chapuis``: the person named beside the noun, not a title's holder."""
    if head.pos_ != "NOUN":
        return []
    named = [state.token_actor[c.i] for c in head.children if c.dep_ == "appos" and c.i in state.token_actor]
    return named[:1] if named and state.kind_of(named[0]) == "Person" else []
