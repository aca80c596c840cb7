"""Sides a sentence implies without naming them beside the trigger (kg.extract.events.implied) — issue #17.

The sentences are the team's own, written to show one pattern each (never taken from the
evaluation articles), each with a case the rule must leave alone.
"""
import pytest

pytestmark = pytest.mark.slow  # every test here runs the spaCy model


def events_of(record, event_type):
    return [e for e in record.events if e.event_type == event_type]


def test_a_meetings_outcome_is_between_the_meetings_sides_not_its_topic(read):
    rec = read("A landmark meeting between Biden and Xi in Bali ended with no agreement on Taiwan.")
    deal = events_of(rec, "Agreement")[0]
    assert set(deal.participants) == {"joe_biden", "xi_jinping"} and deal.factuality == "Negated"
    no_meeting = events_of(read("Kenya ended the year with no agreement with Uganda."), "Agreement")[0]
    assert "uganda" in no_meeting.participants  # no meeting in the clause: the outcome's own sides


def test_aid_carried_by_a_vehicle_is_the_senders_and_goes_where_it_arrived(read):
    rec = read("The first plane from Japan carrying relief supplies landed at Tribhuvan airport in Kathmandu on Friday.")
    aid = events_of(rec, "Aid")[0]
    assert aid.agents == ("japan",) and aid.targets == ("nepal",)
    assert not events_of(read("A plane from Japan carrying tourists landed in Kathmandu on Friday."), "Aid")


def test_a_request_is_made_of_whoever_answers_it(read):
    answered = events_of(read("In response to the Nepalese government's request for help, Japan will send doctors."),
                         "Appeal")[0]
    assert answered.agents == ("nepal",) and answered.targets == ("japan",)
    asked = events_of(read("At the request of Chad, France sent troops to the border."), "Appeal")[0]
    assert asked.agents == ("chad",) and asked.targets == ("france",)
    unanswered = events_of(read("Nepal's request for help went unanswered."), "Appeal")[0]
    assert unanswered.agents == ("nepal",) and unanswered.targets == ()
