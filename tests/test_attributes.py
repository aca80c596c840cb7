"""kg.nlp.attributes.RuleTable sets exactly the token attributes spaCy's AttributeRuler sets."""
import pytest

spacy = pytest.importorskip("spacy")

from spacy.pipeline import AttributeRuler  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from kg.nlp.attributes import RuleTable, Unsupported, replace_ruler, rules_from_ruler  # noqa: E402

# Patterns written for these tests (not the model's table): one-token rules on several attributes
# and operators, multi-token rules with positive and negative index, and rules that override
# each other in both directions (a later one-token rule over an earlier two-token one, and back).
PATTERNS = [
    {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
    {"patterns": [[{"TAG": {"IN": ["VBD", "VBZ"]}}]], "attrs": {"POS": "VERB", "MORPH": "Tense=Past"}},
    {"patterns": [[{"LOWER": "talks", "TAG": "NN"}]], "attrs": {"LEMMA": "talk", "MORPH": "Number=Plur"}},
    {"patterns": [[{"LOWER": "held"}, {"LOWER": "talks"}]], "attrs": {"LEMMA": "hold", "POS": "AUX"}, "index": 0},
    {"patterns": [[{"TAG": "VBD", "LOWER": "held"}]], "attrs": {"POS": "VERB"}},  # later: POS back to VERB
    {"patterns": [[{"LOWER": {"REGEX": "^n'?t$"}}]], "attrs": {"LEMMA": "not", "POS": "PART"}},
    {"patterns": [[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "are", "was"]}}]], "attrs": {"POS": "VERB"}, "index": -1},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE", "MORPH": "_"}},
    {"patterns": [[{"TEXT": "Kim"}], [{"LOWER": "jong"}]], "attrs": {"POS": "PROPN"}},
    {"patterns": [[{"TAG": {"NOT_IN": ["NN", "VBD", "VBZ", "_SP", "DT", "NNP"]}, "IS_PUNCT": False}]],
     "attrs": {"MORPH": "Other=Yes"}},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "go"}, "index": 0},
    {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": 1},
    {"patterns": [[{"DEP": "nsubj"}]], "attrs": {"DEP": "subject"}},
]


def _docs(vocab):
    """Hand-built parsed documents (words, tags, dependencies), so the rules are tested, not a model."""
    specs = [
        (["Envoys", "held", "talks", "on", "Monday", "."],
         ["NNS", "VBD", "NN", "IN", "NNP", "."], ["nsubj", "ROOT", "dobj", "prep", "pobj", "punct"],
         [1, 1, 1, 1, 3, 1]),
        (["There", "is", "no", "deal", ",", "they", "did", "n't", "say", "\n\n", "Kim", "Jong", "Un", "held",
          "talks"],
         ["EX", "VBZ", "DT", "NN", ",", "PRP", "VBD", "RB", "VB", "_SP", "NNP", "NNP", "NNP", "VBD", "NN"],
         ["expl", "ROOT", "det", "attr", "punct", "nsubj", "aux", "neg", "conj", "dep", "compound", "compound",
          "nsubj", "conj", "dobj"],
         [1, 1, 3, 1, 1, 8, 8, 8, 1, 8, 12, 12, 13, 1, 13]),
        (["We", "'re", "gon", "na", "talk", "n't"], ["PRP", "VBP", "VBG", "TO", "VB", "RB"],
         ["nsubj", "aux", "ROOT", "aux", "xcomp", "neg"], [2, 2, 2, 4, 2, 4]),
        (["gon"], ["VBG"], ["ROOT"], [0]),
    ]
    return [Doc(vocab, words=w, tags=t, deps=d, heads=h) for w, t, d, h in specs]


def _attributes(doc):
    return [(t.text, t.pos_, t.tag_, str(t.morph), t.lemma_, t.dep_) for t in doc]


def test_the_rule_table_sets_what_the_attribute_ruler_sets():
    nlp = spacy.blank("en")
    ruler = AttributeRuler(nlp.vocab)
    ruler.add_patterns(PATTERNS)
    table = RuleTable(rules_from_ruler(ruler), nlp.vocab, ruler.patterns)
    expected = [_attributes(ruler(doc)) for doc in _docs(nlp.vocab)]
    assert [_attributes(table(doc)) for doc in _docs(nlp.vocab)] == expected
    assert [_attributes(doc) for doc in table.pipe(_docs(nlp.vocab), batch_size=2)] == expected
    held = expected[0][1]
    assert held[1:5] == ("VERB", "VBD", "Tense=Past", "hold")  # the later one-token rule won POS back
    assert [t[4] for t in expected[2][2:4]] == ["go", "to"]  # index 0 and 1 of one two-token match
    assert expected[1][1][1] == "VERB" and expected[1][5][5] == "subject"


def test_an_empty_document_is_left_alone():
    nlp = spacy.blank("en")
    ruler = AttributeRuler(nlp.vocab)
    ruler.add_patterns(PATTERNS)
    table = RuleTable(rules_from_ruler(ruler), nlp.vocab)
    assert len(table(nlp.make_doc(""))) == 0


@pytest.mark.parametrize("pattern", [
    {"patterns": [[{"LOWER": "a", "OP": "+"}]], "attrs": {"LEMMA": "a"}},
    {"patterns": [[{"_": {"flag": True}}]], "attrs": {"LEMMA": "a"}},
    {"patterns": [[{"LENGTH": {">=": 3}}]], "attrs": {"LEMMA": "a"}},
    {"patterns": [[{"LOWER": "a"}]], "attrs": {"NORM": "b"}},
    {"patterns": [[{"LOWER": "a"}]], "attrs": {"LEMMA": "a"}, "index": 1},
])
def test_a_pattern_the_table_cannot_evaluate_keeps_spacys_ruler(pattern):
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add_patterns([PATTERNS[0], pattern])
    with pytest.raises(Unsupported):
        rules_from_ruler(nlp.get_pipe("attribute_ruler"))
    assert replace_ruler(nlp) is False
    assert isinstance(nlp.get_pipe("attribute_ruler"), AttributeRuler)


def test_replacing_keeps_the_name_and_the_place():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("attribute_ruler").add_patterns(PATTERNS)
    nlp.add_pipe("doc_cleaner")
    before, patterns = nlp.pipe_names, nlp.get_pipe("attribute_ruler").patterns
    assert replace_ruler(nlp) is True
    assert nlp.pipe_names == before
    assert isinstance(nlp.get_pipe("attribute_ruler"), RuleTable)
    assert nlp.get_pipe("attribute_ruler").patterns == patterns
    assert [t.pos_ for t in nlp("Kim")] == ["PROPN"]


# Sentences written for this test: contractions, "gonna"/"gotta"/"let's", "ain't", expletive
# "there", quotes, numbers, runs of spaces and line breaks, abbreviations and hyphens.
SENTENCES = [
    "We can't and won't accept it, the minister said; they'd already left.",
    "I'm gonna call him, and you gotta listen. Let's talk now, let's not wait.",
    "They ain't ready, y'all know it. C'mon, there's time: there are 3 days and there were 2 before.",
    "\u201cWe will not back down,\u201d she said. 'It's over,' he replied \"quietly\".",
    "The talks  ended at 3 p.m. on 12 March 2024  after 1,200 troops and $3.5 billion were pledged.\n\n"
    "SEOUL, March 4 (Wire) -- U.S.-North Korea talks resumed.\n \nIt's the first round in 10 years.",
    "Who's there?\tNobody's home. Isn't it? He'd've gone (reportedly) -- or so it's said...",
    "Ms. O'Neill's envoy didn't say whether Beijing's and Moscow's delegates would've agreed.",
]


@pytest.mark.slow
def test_on_the_model_the_table_gives_every_token_the_rulers_attributes():
    from kg.nlp.model import choose_model

    nlp = spacy.load(choose_model())
    stock = nlp.get_pipe("attribute_ruler")
    table = RuleTable(rules_from_ruler(stock), nlp.vocab, stock.patterns)
    lemmatizer = nlp.get_pipe("lemmatizer")
    parsed = list(nlp.pipe(SENTENCES, disable=["attribute_ruler", "lemmatizer", "ner"]))
    expected = [_attributes(lemmatizer(stock(doc.copy()))) for doc in parsed]
    got = [_attributes(lemmatizer(doc)) for doc in table.pipe([doc.copy() for doc in parsed])]
    assert got == expected
    assert any(lemma == "go" and text == "gon" for doc in got for text, _, _, _, lemma, _ in doc)
