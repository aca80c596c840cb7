"""Conjoined names a parse can misplace: members of a coordination the parser attached elsewhere.

Plain spaCy objects in, tokens out; ``kg.extract.coref.resolve_np`` adds them to the heads of a
noun phrase. Tested on hand-built parses in tests/test_glued_conjuncts.py and tests/test_real_shapes.py.
"""
from __future__ import annotations


def glued_conjuncts(token) -> list:
    """Conjoined heads the parser glued onto a name as its modifier: in ``President A and leader B
    signed``, "President A and leader" can come out as a compound of B; A is one of the subjects."""
    return [t.head for c in token.children if c.dep_ == "compound" and c.i < token.i
            for t in c.subtree if t.dep_ == "conj" and t.head.i != token.i]


def stranded_conjuncts(heads: list) -> list:
    """The last name of a serial list the parser hung on the clause's verb: in "lamented the deals
    between A, B, and C on Tuesday", "and C" can come out as a conjunct of "lamented". A name
    right after ``, and`` / ``and`` that closes a list of two or more, attached as a bare conjunct
    of a verb (no words of its own but a date or place), is one more member of that list."""
    if len(heads) < 2:
        return []
    doc, last = heads[0].doc, max(t.right_edge.i for t in heads)
    i = last + 1
    if i < len(doc) and doc[i].text == ",":
        i += 1
    if i + 1 >= len(doc) or doc[i].lower_ not in ("and", "or") or doc[i].head.pos_ not in ("VERB", "AUX"):
        return []
    name = doc[i + 1]
    while name.dep_ == "compound" and name.head.i > name.i:
        name = name.head
    if name.dep_ != "conj" or name.head != doc[i].head or name.pos_ != "PROPN":
        return []
    if any(c.dep_ not in ("compound", "det", "amod", "prep", "punct") for c in name.children):
        return []
    return [name]
