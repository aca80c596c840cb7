"""When and where events happened: attachment by syntax (``when``, ``where``) and from the rest
of the story (``context``), with the basis of each date.

Every sentence here was written for the test; each shows one pattern of wire copy, and the
negative cases show where a date or place must not go. The document date is a Thursday,
2025-06-12, unless a test says otherwise.
"""
import pytest

from kg.records import SourceDocument

THURSDAY = "2025-06-12"
pytestmark = pytest.mark.slow  # every test here runs the spaCy model


@pytest.fixture(scope="module")
def read(reader):
    from kg.ingest import content_hash
    from kg.pipeline.build import read_documents

    def run(text, date=THURSDAY):
        return next(read_documents(reader, [SourceDocument("t", text, content_hash(text), date=date)]))

    return run


MEETINGS = ("Meeting", "Summit", "Talks", "Visit")


def event(record, event_type, trigger=None):
    """The first event of a type (``Meeting`` stands for the meeting family) and trigger."""
    types = MEETINGS if event_type == "Meeting" else (event_type,)
    found = [e for e in record.events if e.event_type in types and (trigger is None or trigger in e.trigger.text)]
    assert found, [(e.event_type, e.trigger.text) for e in record.events]
    return found[0]


def day(value):
    return value.value if value is not None else None


# ------------------------------------------------------------------ dates by syntax


def test_the_day_of_a_reporting_verb_is_not_given_to_the_meeting_after_it(read):
    rec = read("The Kenyan minister said Tuesday after meeting his Egyptian counterpart in Cairo.")
    assert event(rec, "Meeting").time is None
    assert day(event(rec, "Statement").time) == "2025-06-10"


def test_a_truce_taking_effect_on_sunday_dates_the_agreement(read):
    rec = read("Kenya and Sudan agreed to a truce taking effect at noon on Sunday.")
    assert day(event(rec, "Agreement").time) == "2025-06-08"


def test_an_offer_stated_on_a_day_is_dated_by_the_statement(read):
    rec = read("Putin said on Wednesday that Russia was ready to hold talks with Ukraine.")
    assert day(event(rec, "OfferOfTalks").time) == "2025-06-11"


def test_a_past_act_reported_on_a_day_is_not_dated_by_the_report(read):
    rec = read("Lavrov said on Monday that Russia had rejected the proposal from Kyiv.")
    assert event(rec, "Rejection", "rejected").time is None


@pytest.mark.parametrize("text,event_type,value,precision", [
    ("Last year's talks between India and Pakistan collapsed.", "Talks", "2024", "year"),
    ("The 2018 summit between Trump and Kim in Singapore ended with a vague statement.", "Summit", "2018", "year"),
    ("Egypt's peace deal with Israel in 1979 still holds.", "Agreement", "1979", "year"),
])
def test_a_historical_reference_keeps_its_own_year(read, text, event_type, value, precision):
    when = event(read(text), event_type).time
    assert (when.value, when.precision, when.basis) == (value, precision, "stated")


def test_since_bounds_a_span_and_dates_nothing(read):
    rec = read("Putin flew to Anchorage on Friday. It was his first visit to the United States since 2015.")
    assert all(e.time is None or e.time.value != "2015" for e in rec.events)


# ------------------------------------------------------------------ dates from the story


def test_a_day_after_counts_back_from_the_dated_event(read):
    rec = read("North Korea fired two missiles on Thursday, a day after the United States, South Korea and "
               "Japan wrapped up a joint exercise near Jeju Island.")
    drill = event(rec, "MilitaryExercise")
    assert (drill.time.value, drill.time.basis) == ("2025-06-11", "context")


def test_the_move_announced_on_a_day_dates_the_event_it_names(read):
    rec = read("The United States imposed sanctions on two Russian oil firms. The move, announced by the "
               "Treasury on June 10, aims to cut Moscow's revenue.")
    assert day(event(rec, "Sanction").time) == "2025-06-10"


def test_an_agreement_reached_in_a_summit_takes_the_summits_date(read):
    rec = read("Putin said that he and Biden agreed in a constructive summit to return their ambassadors. "
               "Putin spoke at a news conference after the summit on Wednesday with Biden in Geneva.")
    assert day(event(rec, "Agreement").time) == "2025-06-11"


def test_the_leads_day_dates_the_news_the_story_reports(read):
    rec = read("Envoys sign truce\n\nKISUMU, Kenya (Reuters) – Kenya's foreign minister said on Tuesday that the "
               "talks had ended.\n\nSudan's army and the Rapid Support Forces signed a truce in Kisumu.")
    signing = event(rec, "Agreement")
    assert (signing.time.value, signing.time.basis) == ("2025-06-10", "context")


def test_with_no_day_in_the_lead_the_news_carries_the_documents_date_and_says_so(read):
    rec = read("Japan and South Korea signed a defence pact in Tokyo.")
    assert (event(rec, "Agreement").time.value, event(rec, "Agreement").time.basis) == (THURSDAY, "document")


@pytest.mark.parametrize("text,event_type", [
    ("Japan and South Korea had signed a defence pact before the war.", "Agreement"),  # past perfect
    ("China regularly calls for restraint between India and Pakistan.", "Appeal"),  # a habit
    ("North Korea fired a missile on Wednesday. Japan condemned the launch. The Hanoi summit between "
     "Trump and Kim ended without a deal.", "Summit"),  # a past event by its name
])
def test_the_past_and_habits_get_no_date_from_the_story(read, text, event_type):
    found = [e for e in read(text).events if e.event_type == event_type]
    # none, or what the text states, or the known date of a past event it names (kg.extract.events.history)
    assert found and all(e.time is None or e.time.basis in ("stated", "known") for e in found)


def test_a_later_mention_shares_its_date_and_place(read):
    rec = read("Trump and Putin held talks on Friday. The meeting, held at an air base in Anchorage, "
               "lasted three hours.")
    talks = event(rec, "Talks")
    assert day(talks.time) == "2025-06-06" and talks.places == ("anchorage",)


def test_two_acts_by_different_agents_do_not_share_a_date(read):
    rec = read("Russia sent 45 requests to the United States last year. Moscow said Washington had requested "
               "information from Russia.")
    requested = event(rec, "Appeal", "requested")
    assert requested.time is None or requested.time.value != "2024"


# ------------------------------------------------------------------ places


@pytest.mark.parametrize("text,event_type,place", [
    ("Trump and Kim met at a luxury Singapore resort.", "Meeting", "singapore"),
    ("Iran and Saudi Arabia signed the agreement in the Chinese capital.", "Agreement", "beijing"),
    ("The UAE and Bahrain signed agreements with Israel at the White House.", "Agreement", "white_house"),
    ("Erdogan met Biden on the sidelines of the UN General Assembly in New York.", "Meeting", "new_york"),
    ("Putin shook hands with Kim for around 40 seconds in Vladivostok.", "Meeting", "vladivostok"),
    ("Grossi told reporters after meeting the Iranian foreign minister Abbas Araghchi in Vienna.", "Meeting", "vienna"),
    ("Badr Abdelatty, speaking in Cairo, urged Israel to reopen the crossing.", "Appeal", "cairo"),
    ("Speaking to journalists in Lisbon on Friday, the minister urged Russia to free the crew.", "Appeal", "lisbon"),
    ("Trump and Kim met on Sentosa island.", "Meeting", "sentosa"),
    ("Japan and the Philippines held a joint drill in waters east of Guam.",
     "MilitaryExercise", "guam"),
])
def test_place_phrases(read, text, event_type, place):
    assert place in event(read(text), event_type).places


@pytest.mark.parametrize("text,event_type,not_place", [
    ("The United States imposed sanctions on Iran.", "Sanction", "iran"),
    ("India and China signed an accord after talks in Oslo.", "Agreement", "oslo"),
    ("Japan accused China of violating Philippine waters at the request of Manila.", "Criticism", "manila"),
    ("Speaking to a delegation from Lisbon, the minister urged Russia to free the crew.", "Appeal", "lisbon"),
])
def test_no_place_from_a_target_an_invitation_or_another_event(read, text, event_type, not_place):
    assert not_place not in event(read(text), event_type).places


def test_the_dateline_place_is_where_the_lead_news_happened_but_not_a_launch(read):
    rec = read("GENEVA (AP) — Biden and Putin held a summit on Wednesday. North Korea fired a missile on Tuesday.")
    assert event(rec, "Summit").places == ("geneva",)
    assert "geneva" not in event(rec, "MissileTest").places


def test_a_ceremony_places_the_signing_it_saw(read):
    rec = read("Abbas spoke after the ceremony in Washington that saw the signing of a treaty between Israel "
               "and the UAE.")
    assert "washington" in event(rec, "Agreement").places


def test_a_pledge_is_dated_by_the_statement_that_makes_it(read):
    rec = read("Putin said on Wednesday that Russia would help North Korea build satellites.")
    assert day(event(rec, "Aid").time) == "2025-06-11"


def test_a_later_mention_with_a_day_narrows_a_month(read):
    rec = read("Japan sent aid to Pakistan earlier this month. Officials said the aid from Japan, delivered "
               "on Tuesday, included tents.")
    assert day(event(rec, "Aid").time) == "2025-06-10"


# ------------------------------------------------------------------ historical references (#18)


def test_a_pact_an_agreement_revives_keeps_its_own_year_away_from_the_agreement(read):
    rec = read("Egypt and Turkey agreed to restore their diplomatic ties. Cairo and Ankara also agreed to revive "
               "the trade agreement that was signed in 1996.")
    agreed = event(rec, "Agreement", "agreed")
    assert agreed.time is not None and agreed.time.value == THURSDAY  # the news, not 1996


def test_someones_record_of_meetings_gets_no_date_from_the_story(read):
    rec = read("Macron criticised Iran on Tuesday over its nuclear programme. His meetings with Iranian leaders "
               "in Paris and Geneva produced no lasting deal.")
    meetings = [e for e in rec.events if e.trigger.text == "meetings"]
    assert len(meetings) == 2 and all(e.time is None for e in meetings)


def test_talks_that_stalled_after_a_summit_do_not_take_the_summits_place(read):
    rec = read("China warned Japan on Tuesday over its defence budget. Talks between the two neighbours stalled "
               "following the Helsinki summit's collapse.")
    assert event(rec, "Talks").places == () and event(rec, "Summit").places == ("helsinki",)


def test_the_dateline_place_given_to_a_lead_event_is_marked_as_the_datelines(read):
    rec = read("TOKYO (AP) — Japan and South Korea agreed on Wednesday to share missile warning data. "
               "Kishida met Yoon in Seoul in March.")
    assert (event(rec, "Agreement").places, event(rec, "Agreement").place_basis) == (("tokyo",), "dateline")
    assert (event(rec, "Summit").places, event(rec, "Summit").place_basis) == (("seoul",), "")


def test_an_accord_an_object_recalls_is_told_as_the_past_not_dated_by_the_story(read):
    rec = read("Georgia praised Armenia on Tuesday for its restraint. Tbilisi has long sought calm on its southern "
               "border. Its statement recalled the border accord signed by Armenian Prime Minister Nikol Pashinyan "
               "and Azerbaijani President Ilham Aliyev.")
    signed = event(rec, "Agreement", "signed")
    assert signed.time is None and signed.told_as_past
    assert not event(rec, "Endorsement").told_as_past  # dated by its own words


# ------------------------------------------------------------------ a clause that describes a date


def test_a_when_clause_after_a_year_is_dated_by_it(read):
    rec = read("Relations soured in 2019, when Kenya expelled two Somali diplomats.")
    assert day(event(rec, "Expulsion").time) == "2019"


def test_a_clause_describing_a_person_is_not_dated_by_the_main_clause(read):
    rec = read("Kenyan President William Ruto, who expelled two Somali diplomats, travelled to Madrid on Friday.")
    assert event(rec, "Expulsion").time is None or event(rec, "Expulsion").time.basis != "stated"


# ------------------------------------------------------------------ places owned and passed through


def test_a_march_through_a_towns_old_city_is_in_that_town(read):
    rec = read("Thousands of people marched through Barranquilla's old city on Monday.")
    protest = event(rec, "Protest")
    assert [a.label for a in rec.actors if a.key in protest.places] == ["Barranquilla"]


def test_through_channels_names_no_place(read):
    rec = read("Kenya sent the aid to Somalia through diplomatic channels on Monday.")
    assert "kenya" not in event(rec, "Aid").places


def test_an_owner_of_a_thing_that_is_no_place_is_not_the_place(read):
    rec = read("The minister rejected Britain's response in a statement on Monday.")
    assert event(rec, "Rejection").places == ()


# ------------------------------------------------------------------ a date that qualifies a noun


def test_a_possessive_day_dates_its_noun_not_the_verb_above_it(read):
    rec = read("The UN chief on Thursday welcomed Wednesday's accord between Kenya and Somalia.")
    assert day(event(rec, "Endorsement").time) == "2025-06-12"
    assert day(event(rec, "Agreement").time) == "2025-06-11"


def test_a_possessive_day_is_not_stated_for_the_welcome(read):
    rec = read("Kenya welcomed Wednesday's accord between Ethiopia and Somalia.")
    assert event(rec, "Endorsement").time is None or event(rec, "Endorsement").time.basis != "stated"


def test_a_day_before_a_time_of_day_still_dates_the_clause(read):
    rec = read("North Korea fired two missiles into the sea on Wednesday morning, the military said.")
    assert day(event(rec, "MissileTest").time) == "2025-06-11"


def test_an_exercise_named_by_a_gerund_is_where_the_activity_is(read):
    rec = read("U.S. and South Korean warplanes practised bombing a target in the Yellow Sea on Tuesday.")
    assert event(rec, "MilitaryExercise").places == ("yellow_sea",)


def test_a_gerund_with_no_place_gives_none(read):
    rec = read("U.S. and South Korean warplanes practised bombing targets on Tuesday.")
    assert event(rec, "MilitaryExercise").places == ()
