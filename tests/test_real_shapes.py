"""Shapes of real wire copy that split one event across outlets or joined two in one story (#17, #18).

Each test states one rule with sentences written for it, with the case the rule must leave alone.
"""
import pytest
import spacy
from spacy.tokens import Doc

from kg.extract.conjuncts import stranded_conjuncts as _stranded_conjuncts


def of_type(record, *types):
    return [e for e in record.events if e.event_type in types]


# ------------------------------------------------------------------ a serial list cut short by the parse


def _parse(words, heads, deps, pos):
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos)


# "Critics deplored the signing of pacts between Chile , the United Kingdom , and Peru on Monday"
# in the shape the parser can give it: "and Peru" a conjunct of the verb, not of the list
_WORDS = ["Critics", "deplored", "the", "signing", "of", "pacts", "between", "Chile", ",", "the", "United",
          "Kingdom", ",", "and", "Peru", "on", "Monday"]
_POS = ["NOUN", "VERB", "DET", "NOUN", "ADP", "NOUN", "ADP", "PROPN", "PUNCT", "DET", "PROPN", "PROPN", "PUNCT",
        "CCONJ", "PROPN", "ADP", "PROPN"]


def test_the_last_name_of_a_list_hung_on_the_verb_is_one_more_member():
    heads = [1, 1, 3, 1, 3, 4, 5, 6, 7, 11, 11, 7, 1, 1, 1, 14, 15]
    deps = ["nsubj", "ROOT", "det", "dobj", "prep", "pobj", "prep", "pobj", "punct", "det", "compound", "conj",
            "punct", "cc", "conj", "prep", "pobj"]
    doc = _parse(_WORDS, heads, deps, _POS)
    chile = doc[7]
    assert [t.text for t in _stranded_conjuncts([chile, *chile.conjuncts])] == ["Peru"]


def test_a_list_of_one_or_a_name_with_a_verb_of_its_own_adds_nothing():
    heads = [1, 1, 3, 1, 3, 4, 5, 6, 7, 11, 11, 7, 1, 1, 1, 14, 15]
    deps = ["nsubj", "ROOT", "det", "dobj", "prep", "pobj", "prep", "pobj", "punct", "det", "compound", "conj",
            "punct", "cc", "conj", "prep", "pobj"]
    doc = _parse(_WORDS, heads, deps, _POS)
    assert _stranded_conjuncts([doc[7]]) == []  # "between Chile": no list to complete
    # "Chile and Peru signed the deal , and Bolivia protested": Bolivia is the subject of its own clause
    words = ["Chile", "and", "Peru", "signed", "the", "deal", ",", "and", "Bolivia", "protested"]
    pos = ["PROPN", "CCONJ", "PROPN", "VERB", "DET", "NOUN", "PUNCT", "CCONJ", "PROPN", "VERB"]
    doc = _parse(words, [3, 0, 0, 3, 5, 3, 3, 3, 9, 3],
                 ["nsubj", "cc", "conj", "ROOT", "det", "dobj", "punct", "cc", "nsubj", "conj"], pos)
    assert _stranded_conjuncts([doc[0], *doc[0].conjuncts]) == []


# ------------------------------------------------------------------ factuality where a speaker is named


@pytest.mark.slow
def test_an_accord_a_speaker_says_is_needed_is_not_asserted(read):
    record = read("AMMAN, May 6 2024 -- Jordanian Foreign Minister Ayman Safadi said stability in the region could "
                  "not last without a ceasefire agreement.")
    accords = of_type(record, "Agreement")
    assert accords and all(e.factuality != "Asserted" for e in accords)
    held = of_type(read("AMMAN, May 6 2024 -- Jordanian Foreign Minister Ayman Safadi said the ceasefire agreement "
                        "held."), "Agreement")
    assert [e.factuality for e in held] == ["Asserted"]  # a speaker's account of what happened: asserted


@pytest.mark.slow
def test_the_speaker_is_no_side_of_an_accord_that_names_both_its_sides(read):
    record = read("LIMA, May 6 2024 -- The foreign minister said the treaty between Chile and Peru was a model "
                  "for the region.")
    treaties = of_type(record, "Agreement")
    assert treaties and set(treaties[0].participants) == {"chile", "peru"}


@pytest.mark.slow
def test_a_reported_should_is_an_asserted_appeal(read):
    record = read("MOSCOW, May 6 2024 -- Russia said the British envoy should return to London for consultations.")
    appeals = of_type(record, "Appeal")
    assert [e.factuality for e in appeals] == ["Asserted"]  # the asking happened; "should" is what was asked
    assert "return" in appeals[0].words  # what was asked is what the appeal is about
    denied = of_type(read("MOSCOW, May 6 2024 -- Russia did not say the envoy should leave."), "Appeal")
    assert [e.factuality for e in denied] == ["Negated"]


# ------------------------------------------------------------------ what a later reading may join


@pytest.mark.slow
def test_many_counted_happenings_are_not_a_later_mention_of_one(read):
    record = read("MOSCOW, May 6 2024 -- Moscow said the US ambassador should go home. Russia sent 30 such "
                  "requests to the United States last year.")
    appeals = of_type(record, "Appeal")
    assert len(appeals) == 2
    assert sorted(e.count or 1 for e in appeals) == [1, 30]


@pytest.mark.slow
def test_a_definite_noun_naming_other_sides_is_an_event_of_its_own(read):
    record = read("LIMA, May 6 2024 -- Chile and Peru signed a fisheries accord in Lima on Monday. The treaty "
                  "between Bolivia and Paraguay was signed a year earlier.")
    accords = of_type(record, "Agreement")
    assert sorted(tuple(sorted(e.participants)) for e in accords) == [("bolivia", "paraguay"), ("chile", "peru")]
    # a definite noun with no sides of its own still refers back
    again = of_type(read("LIMA, May 6 2024 -- Chile and Peru signed a fisheries accord in Lima on Monday. The "
                         "treaty takes effect in June."), "Agreement")
    assert len(again) == 1 and len(again[0].mentions) == 2


@pytest.mark.slow
def test_two_outlets_of_one_request_to_go_home_are_one_event(read):
    from kg.rdf.reports import reports_of
    from kg.store.identity import evidence

    first = read("MOSCOW, May 6 2024 -- The US ambassador left Moscow after Russia suggested he return to "
                 "Washington for consultations.", doc_id="a")
    second = read("MOSCOW, May 6 2024 -- Russia said the US envoy likewise should return to Washington.", doc_id="b")
    [one] = [r for r in reports_of(first) if r.cls == "Appeal"]
    [other] = [r for r in reports_of(second) if r.cls == "Appeal"]
    assert evidence(one, other) is not None
    # a request to someone else is another event
    third = read("MOSCOW, May 6 2024 -- Russia said the British envoy should return to London.", doc_id="c")
    [elsewhere] = [r for r in reports_of(third) if r.cls == "Appeal"]
    assert evidence(one, elsewhere) is None
