"""What an event is about, in the words of its report: evidence that two outlets report one statement.

Words said have no place and seldom a day of their own, and one speaker says many things of
another in a week: "Biden described Putin as a killer" and "Biden likened Putin to a killer" are
one remark because of what it called him. ``note_topics`` gives each event the lemmas of the
content words its mentions' clauses say it about (``Event.words``): the trigger's own words and
its complements (objects, ``as``/``to`` phrases, complement clauses), not the names of its sides
(those are its arguments), dates or small words. ``kg.store.identity`` counts a shared word as
evidence for words said.
"""
from __future__ import annotations

from kg.extract.state import DocState
from kg.records import evolve

_CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ"})
_COMPLEMENTS = frozenset({"dobj", "attr", "oprd", "acomp", "xcomp", "ccomp", "prep", "pobj", "pcomp", "dative",
                          "amod", "compound"})
_SKIP_ENTITIES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"})
_DEPTH = 3


def _content(tok, state: DocState) -> bool:
    return (tok.pos_ in _CONTENT_POS and not tok.is_stop and len(tok.lemma_) > 2 and tok.i not in state.token_actor
            and tok.ent_type_ not in _SKIP_ENTITIES)


def _complement_words(head, state: DocState) -> set[str]:
    """The content lemmas of the complements of ``head``, a few steps down (not the head itself)."""
    found, frontier = set(), [head]
    for _ in range(_DEPTH):
        frontier = [c for t in frontier for c in t.children if c.dep_ in _COMPLEMENTS]
        found |= {t.lemma_.lower() for t in frontier if _content(t, state)}
    return found


def _words_of(event, state: DocState, by_start: dict) -> tuple[str, ...]:
    words: set[str] = set()
    for mention in event.all_mentions():
        first = by_start.get(mention.trigger.start)
        if first is None:
            continue
        span = [t for t in state.tokens[first.i:first.i + 12] if t.idx < mention.trigger.end]
        head = next((t for t in span if not (first.i <= t.head.i < first.i + len(span)) or t.head.i == t.i), first)
        # the head is the trigger word, except where the trigger is the content itself: in "said
        # Y should return", what was asked (return) is what the appeal is about
        own = mention.rule == "event.modal_appeal"
        words |= {t.lemma_.lower() for t in span if (own or t is not head) and _content(t, state)}
        words |= _complement_words(head, state)
    return tuple(sorted(words))


def note_topics(state: DocState) -> None:
    """Give every event of the document the content words of its mentions (``Event.words``)."""
    by_start = {t.idx: t for t in state.tokens}
    state.events[:] = [evolve(e, words=_words_of(e, state, by_start)) for e in state.events]
