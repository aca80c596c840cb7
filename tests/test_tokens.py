"""The parse read once (kg.extract.tokens): every ParsedToken answers as spaCy's Token does."""
import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from kg.extract.tokens import ParsedSpan, read_tokens, release_tokens

_SCALARS = ("i", "idx", "text", "whitespace_", "text_with_ws", "lower_", "lemma_", "pos_", "tag_", "dep_",
            "ent_type_", "ent_iob_", "is_sent_start", "is_stop", "is_punct", "is_title", "like_num")
_TOKEN_LISTS = ("children", "lefts", "rights", "subtree", "ancestors", "conjuncts")


def assert_same_parse(doc):
    tokens = read_tokens(doc)
    assert len(tokens) == len(doc)
    for spacy_token, token in zip(doc, tokens):
        for name in _SCALARS:
            assert getattr(token, name) == getattr(spacy_token, name), (token.i, name)
        for name in _TOKEN_LISTS:
            assert [t.i for t in getattr(token, name)] == [t.i for t in getattr(spacy_token, name)], (token.i, name)
        for name in ("head", "left_edge", "right_edge"):
            assert getattr(token, name) is tokens[getattr(spacy_token, name).i], (token.i, name)
        assert len(token) == len(spacy_token) and str(token) == str(spacy_token)
        assert token.doc is tokens and token.token.i == spacy_token.i


def test_hand_built_parse_with_coordination_and_entities():
    # "Kim met Moon and Abe in Seoul ." with Moon <-conj- Abe and an entity over "Seoul"
    words = ["Kim", "met", "Moon", "and", "Abe", "in", "Seoul", "."]
    doc = Doc(Vocab(), words=words, spaces=[True] * 6 + [False, False],
              heads=[1, 1, 1, 2, 2, 1, 5, 1], deps=["nsubj", "ROOT", "dobj", "cc", "conj", "prep", "pobj", "punct"],
              lemmas=["Kim", "meet", "Moon", "and", "Abe", "in", "Seoul", "."],
              pos=["PROPN", "VERB", "PROPN", "CCONJ", "PROPN", "ADP", "PROPN", "PUNCT"],
              ents=["B-PERSON", "O", "B-PERSON", "O", "B-PERSON", "O", "B-GPE", "O"])
    assert_same_parse(doc)
    tokens = read_tokens(doc)
    assert [t.text for t in tokens[2].conjuncts] == ["Abe"]
    assert [t.text for t in tokens[6].ancestors] == ["in", "met"]
    sentence = ParsedSpan(doc[0:8], tokens)
    assert sentence.root is tokens[1] and list(sentence) == tokens and len(sentence) == 8


def test_empty_doc_has_no_tokens():
    assert read_tokens(Doc(Vocab(), words=[])) == []


@pytest.mark.slow
def test_model_parse_reads_the_same(reader):
    doc = reader.nlp("North Korea fired two missiles on Monday, and South Korea and Japan condemned the launch.\n\n"
                     "Officials in Seoul said the talks, which had stalled, would resume in Geneva.")
    assert_same_parse(doc)


def test_released_tokens_hold_no_links():
    doc = Doc(Vocab(), words=["Kim", "met", "Moon"], heads=[1, 1, 1], deps=["nsubj", "ROOT", "dobj"])
    tokens = read_tokens(doc)
    first = tokens[0]
    release_tokens(tokens)
    assert tokens == [] and first.head is None and first.doc is None and first.children is None
