"""Whose act, whose stance, addressed to whom (kg.extract.events.addressing) — issue #17.

The sentences are the team's own, written to show one pattern each (never taken from the
evaluation articles); each pattern has a case that must still give the event or the side.
"""
import pytest

pytestmark = pytest.mark.slow  # every test here runs the spaCy model


def events_of(record, event_type):
    return [e for e in record.events if e.event_type == event_type]


def test_what_a_legal_text_calls_for_or_bans_is_its_content_not_an_event(read):
    rec = read("The Security Council imposed sanctions on Eritrea on Monday. The resolution calls for a halt "
               "to arms shipments. It also bans exports of gold from Eritrea.")
    assert [e.event_type for e in rec.events if e.event_type != "Statement"] == ["Sanction"]
    assert not events_of(rec, "Appeal")
    # "it" after a sentence about a country is the country, whose ban is an act
    country = read("Kenya imposed new rules on Monday. It also bans imports of sugar from Uganda.")
    assert any(e.agents == ("kenya",) for e in country.events if e.event_type != "Statement")


def test_an_addressee_we_cannot_name_is_not_replaced_by_another_actor_of_the_sentence(read):
    rec = read("Norway urged the demonstrators to leave the Chinese embassy.")
    appeal = events_of(rec, "Appeal")[0]
    assert appeal.agents == ("norway",) and appeal.targets == ()  # the demonstrators, not China
    accused = read("Turkey accused Western nations of arming Kurdish groups in Syria.")
    assert events_of(accused, "Criticism")[0].targets == ()
    # an act as the object: its maker is found in context
    launch = read("North Korea fired a missile on Monday. Britain condemned the launch for violating UN resolutions.")
    assert events_of(launch, "Criticism")[0].targets == ("north_korea",)
    # states named before, called back by a definite phrase, are found in context
    powers = read("Iran met France, Germany and Britain in Vienna. Tehran accused the three European powers "
                  "of bad faith.")
    assert set(events_of(powers, "Criticism")[0].targets) == {"france", "germany", "united_kingdom"}


def test_a_people_named_by_its_plural_demonym_is_its_country(read):
    rec = read("Egypt urged the Palestinians to accept the truce offered by Israel.")
    assert events_of(rec, "Appeal")[0].targets == ("palestine",)


def test_a_stance_nobody_is_said_to_take_is_not_an_event(read):
    assert not events_of(read("The aid from Qatar was welcomed with relief."), "Endorsement")
    assert not events_of(read("Ships are urged to avoid the waters near Taiwan."), "Appeal")
    assert not events_of(read("Amid threats of new tariffs, Canada met Mexico in Ottawa."), "Warning")
    # a holder named (by a by-phrase, or as a subject we cannot resolve) keeps the stance
    praised = events_of(read("Canada was praised by Mexico for its aid."), "Endorsement")
    assert praised and praised[0].agents == ("mexico",) and praised[0].targets == ("canada",)
    critics = events_of(read("Critics accused Pakistan of lying."), "Criticism")
    assert critics and critics[0].targets == ("pakistan",)


def test_weapons_called_a_threat_point_to_whoever_fired_them_not_whom_they_threaten(read):
    rec = read("North Korea fired two missiles on Sunday. Japan's defence minister said the missiles were a "
               "grave threat to the security of Japan.")
    verdict = events_of(rec, "Criticism")[0]
    assert verdict.agents == ("japan",) and verdict.targets == ("north_korea",)


def test_a_launch_in_the_passive_is_the_story_launchers(read):
    rec = read("North Korea fired a ballistic missile on Tuesday. Three missiles have been launched towards "
               "Japan this month.")
    tests = events_of(rec, "MissileTest")
    assert tests and all(e.agents == ("north_korea",) for e in tests)
    alone = read("A missile was launched towards Japan on Monday.")
    assert all(not e.agents for e in events_of(alone, "MissileTest"))  # no launcher in the story: none guessed


def test_what_a_legal_text_says_will_happen_is_its_content(read):
    rec = read("The Security Council imposed sanctions on Eritrea on Monday. The resolution also indicates that "
               "the restrictions will be tightened if Eritrea tests another missile.")
    assert [e.event_type for e in rec.events if e.event_type != "Statement"] == ["Sanction"]
    # a relative clause about the text is an act of its own
    opposed = read("The resolution, which Russia opposed, passed on Friday.")
    assert any(e.agents == ("russia",) for e in opposed.events if e.event_type != "Statement")
