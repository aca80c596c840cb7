"""kg.nlp.lemmas.LemmaTable gives every token the lemma spaCy's Lemmatizer gives it."""
import pytest

spacy = pytest.importorskip("spacy")

from spacy.lookups import Lookups  # noqa: E402
from spacy.pipeline import Lemmatizer  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from kg.nlp.lemmas import LemmaTable, replace_lemmatizer  # noqa: E402


def _rule_lemmatizer():
    """A blank English pipeline with a rule lemmatizer on small tables written for this test."""
    nlp = spacy.blank("en")
    lookups = Lookups()
    lookups.add_table("lemma_rules", {"noun": [["s", ""], ["ies", "y"]], "verb": [["ed", ""], ["ing", ""], ["s", ""]]})
    lookups.add_table("lemma_index", {"noun": ["talk", "treaty"], "verb": ["talk", "sign"]})
    lookups.add_table("lemma_exc", {"verb": {"held": ["hold"], "met": ["meet"]}})
    lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "rule"})
    lemmatizer.initialize(lookups=lookups)
    return nlp, lemmatizer


def _docs(vocab):
    words = ["Envoys", "held", "talks", "and", "signed", "treaties", ";", "talks", "talks", "Talks", "met", " "]
    pos = ["NOUN", "VERB", "NOUN", "CCONJ", "VERB", "NOUN", "PUNCT", "VERB", "NOUN", "NOUN", "VERB", "SPACE"]
    morphs = ["Number=Plur", "Tense=Past|VerbForm=Fin", "Number=Plur", "", "Tense=Past|VerbForm=Fin", "Number=Plur",
              "PunctType=Semi", "Number=Sing|Person=3|Tense=Pres|VerbForm=Fin", "Number=Sing", "Number=Plur",
              "VerbForm=Inf", ""]
    docs = [Doc(vocab, words=words, pos=pos, morphs=morphs) for _ in range(3)]
    docs[1][3].lemma_ = "AND-KEPT"  # a lemma set before the lemmatizer runs is kept (overwrite is off)
    return docs


def _lemmas(docs):
    return [[t.lemma_ for t in doc] for doc in docs]


def test_the_lemma_table_gives_the_lemmatizers_lemmas():
    nlp, lemmatizer = _rule_lemmatizer()
    expected = _lemmas([lemmatizer(doc) for doc in _docs(nlp.vocab)])
    table = LemmaTable(lemmatizer)
    assert _lemmas(table.pipe(_docs(nlp.vocab), batch_size=2)) == expected
    assert _lemmas([table(doc) for doc in _docs(nlp.vocab)]) == expected
    assert expected[0][:3] == ["envoy", "hold", "talk"] and expected[1][3] == "AND-KEPT"
    assert expected[0][7:10] == ["talk", "talks", "talk"]  # one form: two tags, two morphologies, three rows


def test_replacing_keeps_the_name_and_the_place():
    nlp, lemmatizer = _rule_lemmatizer()
    nlp.add_pipe("sentencizer", first=True)
    before = nlp.pipe_names
    assert replace_lemmatizer(nlp) is True
    assert nlp.pipe_names == before
    assert nlp.get_pipe("lemmatizer").lemmatizer is lemmatizer


def test_a_component_not_known_to_read_only_the_form_stays():
    nlp = spacy.blank("en")
    assert replace_lemmatizer(nlp) is False
    nlp.add_pipe("sentencizer", name="lemmatizer")  # not a spaCy Lemmatizer: its output may read anything
    assert replace_lemmatizer(nlp) is False
    assert not isinstance(nlp.get_pipe("lemmatizer"), (Lemmatizer, LemmaTable))


SENTENCES = [
    "The envoys held talks; they'd been meeting since talks began, and she's signing treaties.",
    "Officials said the sanctions were lifted, lifting hopes. Leaders are meeting, met and will meet.",
    "Better, best, worse: \u201cWe're gonna see,\u201d he'd said at 3 p.m.\n\nU.N. envoys' talks ended.",
]


@pytest.mark.slow
def test_on_the_model_the_table_gives_every_token_the_lemmatizers_lemma():
    from kg.nlp.model import choose_model

    nlp = spacy.load(choose_model())
    lemmatizer = nlp.get_pipe("lemmatizer")
    parsed = list(nlp.pipe(SENTENCES, disable=["lemmatizer", "ner"]))
    expected = _lemmas([lemmatizer(doc.copy()) for doc in parsed])
    assert _lemmas(LemmaTable(lemmatizer).pipe([doc.copy() for doc in parsed])) == expected
    assert "meet" in expected[1] and "sanction" in expected[1]
