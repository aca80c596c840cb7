"""A coordination the parser glued onto a name (kg.extract.coref._glued_conjuncts).

The parse is built by hand, in the shape the statistical parser gives "President A and leader B
signed" after a dateline: "President A and leader" as a compound of B's name.
"""
import spacy
from spacy.tokens import Doc

from kg.extract.conjuncts import glued_conjuncts as _glued_conjuncts


def parse(words, heads, deps):
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps)


def test_the_first_conjunct_glued_onto_a_name_is_found():
    words = ["French", "President", "Macron", "and", "German", "leader", "Scholz", "signed", "it"]
    heads = [1, 6, 1, 2, 5, 2, 7, 7, 7]
    deps = ["amod", "compound", "appos", "cc", "amod", "conj", "nsubj", "ROOT", "dobj"]
    doc = parse(words, heads, deps)
    assert [t.text for t in _glued_conjuncts(doc[6])] == ["Macron"]


def test_a_plain_name_and_a_true_coordination_add_nothing():
    doc = parse(["French", "President", "Macron", "signed", "it"], [1, 2, 3, 3, 3],
                ["amod", "compound", "nsubj", "ROOT", "dobj"])
    assert _glued_conjuncts(doc[2]) == []
    doc = parse(["Macron", "and", "Scholz", "signed", "it"], [3, 0, 0, 3, 3], ["nsubj", "cc", "conj", "ROOT", "dobj"])
    assert _glued_conjuncts(doc[0]) == []
