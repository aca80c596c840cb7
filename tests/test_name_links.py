"""One actor named two ways in one story (kg/extract/name_links.py): an acronym and the name it
abbreviates; a place the NER also took for a body or a person.

Every sentence here was written for these tests; each pattern has a negative case next to it.
"""
import pytest

from kg.extract.name_links import initials

pytestmark = pytest.mark.slow  # the tests read sentences with the spaCy model


def by_label(record, label):
    found = [a for a in record.actors if a.label == label or label in a.alt_labels]
    assert len(found) == 1, [(a.kind, a.label, a.alt_labels) for a in record.actors]
    return found[0]


def test_initials_leave_small_words_out():
    assert initials("Oromo Liberation Army") == "OLA"
    assert initials("Movement for Democratic Change") == "MDC"
    assert initials("Sudan People's Liberation Movement") == "SPLM"


# -- acronyms --------------------------------------------------------------------------------

def test_an_acronym_after_its_expansion_is_the_same_body(read):
    rec = read("Fighters of the Oromo Liberation Army attacked a convoy on Friday. The OLA later denied it.")
    ola = by_label(rec, "OLA")
    assert ola.label == "Oromo Liberation Army" and ola.kind == "Organization"
    denial = next(e for e in rec.events if e.event_type == "Rejection")
    assert denial.agents == (ola.key,)


def test_an_acronym_before_its_expansion_is_the_same_body(read):
    rec = read("The MDC called for calm. The Movement for Democratic Change said its leaders had been detained.")
    assert by_label(rec, "MDC").label == "Movement for Democratic Change"


def test_an_acronym_that_two_names_of_the_story_abbreviate_is_left_alone(read):
    rec = read("The Oromo Liberation Army and the Ogaden Liberation Alliance met in Nairobi. "
               "The OLA said the talks had failed.")
    assert by_label(rec, "Oromo Liberation Army").alt_labels == ()
    assert by_label(rec, "Ogaden Liberation Alliance").alt_labels == ()


# -- one name, one place -----------------------------------------------------------------------

def test_a_dateline_city_is_the_city_the_story_names_again(read):
    rec = read("BARRANQUILLA, Colombia (AP) — Rebel leaders arrived on Monday. Hundreds of people "
               "marched through Barranquilla's old town to greet them.")
    city = by_label(rec, "Barranquilla")
    assert city.kind == "City"


def test_a_place_named_in_a_compound_is_the_place(read):
    rec = read("Police sealed off a street in Tewkesbury on Sunday. The Tewkesbury attack was condemned by Britain.")
    place = by_label(rec, "Tewkesbury")
    assert place.kind in ("City", "Place")


def test_a_body_with_a_longer_name_than_the_place_stays_a_body(read):
    rec = read("Talks were held in Minsk on Friday. The Minsk Group said it would meet again.")
    assert by_label(rec, "Minsk Group").kind == "Organization"
    assert by_label(rec, "Minsk").kind == "City"


def test_an_acronym_of_another_language_comes_from_the_gazetteer(read):
    rec = read("Commanders of the Revolutionary Armed Forces of Colombia signed the accord. The FARC said it would disarm.")
    assert by_label(rec, "FARC").label == "Revolutionary Armed Forces of Colombia"
