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


# ------------------------------------------------------------------ whom a reaction answers


@pytest.mark.slow
def test_a_reaction_named_inside_what_another_event_says_does_not_answer_that_event(read):
    record = read("WASHINGTON, July 3 2024 -- Senator Lindsey Graham said he was disappointed that the president "
                  "equated the findings of his own agencies and Putin's denial.")
    [denial] = of_type(record, "Rejection")
    assert denial.agents == ("vladimir_putin",) and not denial.targets  # not the senator who mentions it
    record = read("WASHINGTON, July 3 2024 -- The United States accused Russia of meddling in the vote. Moscow "
                  "issued a denial on Tuesday.")
    [denial] = of_type(record, "Rejection")
    assert denial.targets == ("united_states",)  # a denial on its own answers the accusation before it


@pytest.mark.slow
def test_a_reaction_in_a_purpose_or_a_relative_clause_still_answers_the_event_before(read):
    record = read("ISLAMABAD, May 6 2024 -- Pakistan accused India of shelling a village and summoned the Indian "
                  "envoy to lodge a formal protest.")
    protests = [e for e in of_type(record, "Criticism") if "lodge" in e.trigger.text]
    assert protests and protests[0].targets  # a purpose: whom the protest is lodged against comes from context
    record = read("MANILA, May 6 2024 -- Japan had offered talks on fishing rights in a letter on Friday, which "
                  "Philippine foreign secretary Enrique Manalo called \"a most welcome step.\"")
    endorsements = of_type(record, "Endorsement")
    assert endorsements and endorsements[0].targets == ("japan",)  # a relative clause comments on the offer


# ------------------------------------------------------------------ not yet real, or the past


@pytest.mark.slow
def test_an_event_noun_with_no_article_under_a_modal_or_a_condition_is_not_yet_real(read):
    record = read("SOFIA, May 6 2024 -- Diplomats said an agreement with Bulgaria would follow.")
    assert [e.factuality for e in of_type(record, "Agreement")] == ["Hypothetical"]
    record = read("SEOUL, May 6 2024 -- If direct talks with Pyongyang can bring real gains, Seoul will back them.")
    assert all(e.factuality == "Hypothetical" for e in of_type(record, "Talks"))
    # a known one stays real: its article, its owner or a clause of its own names it
    record = read("SOFIA, May 6 2024 -- Bulgaria and Romania signed a transit deal on Monday. The agreement would "
                  "allow trucks to cross at night.")
    assert [e.factuality for e in of_type(record, "Agreement")] == ["Asserted"]


@pytest.mark.slow
def test_what_came_after_an_event_named_as_past_is_past_too(read):
    record = read("ATHENS, May 6 2024 -- Greece recalled its ambassador from Ankara on Monday. The foreign ministry "
                  "called the step temporary.\n\nNegotiations between Turkey and Greece stalled following the Davos "
                  "summit's collapse as disputes over airspace grew.")
    [talks] = of_type(record, "Talks")
    assert talks.time is None and talks.told_as_past  # not the story's Monday
    assert talks.places == ()  # nor the summit's place: one came after the other
    [recall] = [e for e in record.events if "recalled" in e.trigger.text]
    assert recall.time is not None and recall.time.value == "2024-05-06"


@pytest.mark.slow
def test_the_other_side_of_a_pact_named_on_its_noun_is_a_side(read):
    record = read("NAIROBI, May 6 2024 -- Kenya signed a trade agreement with Uganda on Monday.")
    assert [set(e.participants) for e in of_type(record, "Agreement")] == [{"kenya", "uganda"}]
    # praising an accord with someone is no side-taking: the reaction keeps its own target rules
    record = read("NAIROBI, May 6 2024 -- Kenya praised the agreement with Uganda on Monday.")
    assert all("uganda" not in e.targets for e in of_type(record, "Endorsement"))


@pytest.mark.slow
def test_a_second_partner_coordinated_with_its_own_year_is_a_second_deal(read):
    record = read("LIMA, May 6 2024 -- Chile signed a fisheries accord with Peru in 2001 and with Bolivia in 2005.")
    deals = sorted(((tuple(sorted(e.participants)), e.time.value if e.time else None)
                    for e in of_type(record, "Agreement")))
    assert deals == [(("bolivia", "chile"), "2005"), (("chile", "peru"), "2001")]
    assert len({m.trigger.start for e in record.events for m in e.all_mentions()}) == len(
        [m for e in record.events for m in e.all_mentions()])  # each event has words of its own
    # one phrase naming two partners is one meeting of three
    record = read("NAIROBI, May 6 2024 -- Kenya held talks with Uganda and Tanzania on Monday.")
    assert [set(e.participants) for e in of_type(record, "Talks")] == [{"kenya", "uganda", "tanzania"}]
