"""Extraction rules, sentence by sentence: actors, coreference, metonymy, events, factuality, time.

Most tests run the real model on short invented sentences (not the dev articles); the first ones
build a ``Doc`` by hand so that they test a rule, not the parser's mood.
"""
import pytest
from spacy.tokens import Doc

from kg.extract.events import Candidate, factuality, is_negated
from kg.extract.state import DocState
from kg.nlp.lexicon import Trigger
from kg.records import SourceDocument

pytestmark = pytest.mark.slow  # every test here runs the spaCy model


def hand_doc(vocab, words, heads, deps, pos):
    return Doc(vocab, words=words, heads=heads, deps=deps, pos=pos)


def test_negation_on_the_trigger_is_negated(reader, gazetteer, lexicon):
    # "Seoul has not responded": heads are absolute token indices
    doc = hand_doc(reader.nlp.vocab, ["Seoul", "has", "not", "responded"], [3, 3, 3, 3],
                   ["nsubj", "aux", "neg", "ROOT"], ["PROPN", "AUX", "PART", "VERB"])
    verb = doc[3]
    assert is_negated(verb)
    cand = Candidate(verb, Trigger("Rejection", "respond"), (), verb, "test")
    assert factuality(cand, DocState(gazetteer, lexicon)) == "Negated"


def test_a_negated_will_is_negated_and_a_negated_maybe_hypothetical(reader, gazetteer, lexicon):
    # "Moscow would not meet": a refusal, as "did not" (#17: "will not lift the sanctions until ...");
    # "Moscow might not meet": still only a possibility
    for modal, expected in (("would", "Negated"), ("might", "Hypothetical")):
        doc = hand_doc(reader.nlp.vocab, ["Moscow", modal, "not", "meet"], [3, 3, 3, 3],
                       ["nsubj", "aux", "neg", "ROOT"], ["PROPN", "AUX", "PART", "VERB"])
        cand = Candidate(doc[3], Trigger("Meeting", "meet"), (), doc[3], "test")
        assert factuality(cand, DocState(gazetteer, lexicon)) == expected, modal


def test_condition_makes_it_hypothetical(reader, gazetteer, lexicon):
    # "if Tokyo meets Seoul"
    doc = hand_doc(reader.nlp.vocab, ["if", "Tokyo", "meets", "Seoul"], [2, 2, 2, 2],
                   ["mark", "nsubj", "ROOT", "dobj"], ["SCONJ", "PROPN", "VERB", "PROPN"])
    cand = Candidate(doc[2], Trigger("Meeting", "meet"), (), doc[2], "test")
    assert factuality(cand, DocState(gazetteer, lexicon)) == "Hypothetical"


def events_of(record, event_type):
    return [e for e in record.events if e.event_type == event_type]


def test_dateline_gives_date_and_place(read):
    rec = read("Seoul, Feb. 5, 2026 — South Korea welcomed the move.")
    assert rec.date == "2026-02-05" and rec.dateline_place_key == "seoul"


def test_capital_acting_is_its_government_and_the_city_stays_a_place(read):
    rec = read("Tokyo, March 3 2025 — Beijing rejected the proposal on Monday.")
    rejection = events_of(rec, "Rejection")[0]
    assert rejection.agents == ("china",)
    assert any(m.metonymic and m.actor_key == "beijing" and m.stands_for_key == "china" for m in rec.mentions)
    assert {a.key: a.kind for a in rec.actors}["beijing"] == "City"


def test_titles_become_claims_and_possessives_are_stripped(read):
    rec = read("Ankara, May 2 2025 — Turkey's Foreign Minister Hakan Fidan praised Greece's offer.")
    fidan = next(a for a in rec.actors if "Fidan" in a.label)
    assert fidan.label == "Hakan Fidan"
    assert ("Foreign Minister", "turkey") in {(c.title, c.of_key) for c in rec.claims if c.actor_key == fidan.key}


def test_short_name_is_the_full_name_seen_before_and_namesakes_stay_apart(read):
    rec = read("Seoul, May 2 2025 — Kim Yo Jong warned Seoul. Kim Jong Un met Putin. Kim praised the talks.")
    people = {a.label for a in rec.actors if a.kind == "Person"}
    assert {"Kim Yo Jong", "Kim Jong Un"} <= people
    praise = events_of(rec, "Endorsement")[0]
    assert praise.agents == ("kim_jong_un",)


def test_passive_agent_and_pronoun_subject(read):
    rec = read("Paris, May 2 2025 — Emmanuel Macron arrived in Berlin. He was praised by Olaf Scholz.")
    praise = events_of(rec, "Endorsement")[0]
    assert praise.agents == ("olaf_scholz",) and praise.targets == ("emmanuel_macron",)


def test_demonym_heading_a_noun_phrase_is_the_country(read):
    rec = read("Tokyo, May 2 2025 — The Japanese government condemned the North Korean missile launch on Sunday.")
    criticism = events_of(rec, "Criticism")[0]
    assert criticism.agents == ("japan",)


def test_count_and_last_week_span(read):
    rec = read("Tokyo, June 12 2025 — Last week, North Korea fired three ballistic missiles.")
    test = events_of(rec, "MissileTest")[0]
    assert test.count == 3 or test.rule.startswith("event.verb")
    assert (test.time.start, test.time.end) == ("2025-06-02", "2025-06-08")


def test_nominal_summit_with_place_modifier(read):
    rec = read("Hanoi, March 1 2019 — Trump and Kim Jong Un held a summit in Hanoi on Wednesday.")
    summit = events_of(rec, "Summit")[0]
    assert set(summit.participants) == {"donald_trump", "kim_jong_un"}
    assert summit.places == ("hanoi",) and summit.time.value == "2019-02-27"


def test_content_of_an_offer_is_not_a_separate_event(read):
    rec = read("Washington, May 2 2025 — Biden invited Lee Jae-myung to visit Washington.")
    assert events_of(rec, "OfferOfTalks") and not events_of(rec, "Visit")


def test_negated_response_and_hypothetical_offer(read):
    rec = read("Seoul, May 2 2025 — Pyongyang has not responded. Washington could be willing to engage Pyongyang.")
    assert events_of(rec, "Rejection")[0].factuality == "Negated"
    offer = events_of(rec, "OfferOfTalks")[0]
    assert offer.factuality == "Hypothetical" and offer.targets == ("north_korea",)


def test_criticism_of_an_earlier_event_targets_its_author(read):
    rec = read("Beijing, May 2 2025 — The United States imposed sanctions on Iran. China denounced the sanctions.")
    criticism = events_of(rec, "Criticism")[0]
    assert criticism.agents == ("china",) and "united_states" in criticism.targets


def test_statement_keeps_speaker_quote_and_principal(read):
    rec = read('Seoul, May 2 2025 — Unification Ministry spokesperson Koo Byung-sam said "the door remains open".')
    statement = events_of(rec, "Statement")[0]
    assert statement.quote == "the door remains open"
    assert statement.on_behalf_of


def test_hyphenated_pair_names_both_sides(read):
    rec = read("Seoul, May 2 2025 — Seoul welcomed renewed U.S.-North Korea dialogue.")
    named = {m.actor_key for m in rec.mentions}
    assert {"united_states", "north_korea"} <= named


def test_possessive_pronoun_belongs_to_its_clause_subject(read):
    rec = read("Seoul, May 2 2025 — Kim Yo Jong warned Seoul. "
               "The United States and South Korea will hold their annual exercise next month.")
    drill = events_of(rec, "MilitaryExercise")[0]
    assert set(drill.participants) == {"united_states", "south_korea"}
    assert drill.factuality == "Hypothetical" and drill.time.value == "2025-06"


def test_accused_of_doing_reports_the_act_with_its_doer(read):
    rec = read("Islamabad, May 2 2025 — Pakistan accused India of shelling villages in Kashmir.")
    assert events_of(rec, "Criticism")[0].targets == ("india",)
    assert events_of(rec, "Attack")[0].agents == ("india",)


def test_a_time_clause_is_not_the_content_of_an_offer(read):
    rec = read("Seoul, May 2 2025 — Lee proposed talks with North Korea, days after Pyongyang fired a cruise missile.")
    assert events_of(rec, "OfferOfTalks") and events_of(rec, "MissileTest")


def test_conditional_offer_addresses_the_side_named_in_the_condition(read):
    rec = read("Vienna, May 2 2025 — Araghchi said Tehran was ready to discuss limits if Washington lifted sanctions.")
    offer = events_of(rec, "OfferOfTalks")[0]
    assert offer.agents == ("iran",) and offer.targets == ("united_states",)
    assert not events_of(rec, "Concession")  # the condition is part of the offer


def test_reported_should_is_an_appeal_to_its_subject(read):
    rec = read("Beijing, May 2 2025 — India and Pakistan clashed. China said both countries should exercise restraint.")
    appeal = events_of(rec, "Appeal")[0]
    assert appeal.agents == ("china",)


def test_the_north_is_the_country_named_before(read):
    rec = read("Seoul, May 2 2025 — North Korea fired a missile. Seoul urged the North to stop.")
    assert events_of(rec, "Appeal")[0].targets == ("north_korea",)
    assert all(a.key != "place:north" for a in rec.actors)


def test_dateline_with_region_agency_and_no_year_takes_the_year_from_the_metadata(reader):
    from kg.ingest import content_hash
    from kg.pipeline.build import read_documents

    text = "Envoys meet\n\nKISUMU, Kenya, Sept 13 (Reuters) – Kenya hosted talks between Sudan's rivals."
    rec = next(read_documents(reader, [SourceDocument("t", text, content_hash(text), date="2023")]))
    assert rec.date == "2023-09-13" and rec.dateline.credit.text == "Reuters"
    place = next(a for a in rec.actors if a.key == rec.dateline_place_key)  # a city the gazetteer lacks
    assert (place.kind, place.label, place.country_key) == ("City", "Kisumu", "kenya")


def test_dateline_without_a_year_or_metadata_leaves_the_date_unknown(read):
    rec = read("OSLO, Feb 9 (NTB) -- Norway said it would host the talks on Friday.")
    assert rec.date is None and rec.dateline_place_key == "oslo"
    assert all(e.time is None for e in rec.events)


def test_the_credited_agency_is_not_an_actor_of_the_lead_event(read):
    rec = read("SEOUL (Reuters) – North Korea fired a ballistic missile on Tuesday, officials said.",
               doc_id="t-credit")
    test = events_of(rec, "MissileTest")[0]
    assert test.agents == ("north_korea",)
