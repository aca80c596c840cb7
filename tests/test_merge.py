"""Within one document: later mentions of an event join it (kg.extract.events.merge, corefer).

The real model reads short invented articles; each test states what one rule decides.
"""
import datetime as dt

import pytest

from kg.extract.events.corefer import narrower, times_agree
from kg.records import TimeValue, day_bounds


def of_type(record, *types):
    return [e for e in record.events if e.event_type in types]


MEETINGS = ("Meeting", "Summit", "Talks", "Visit")


@pytest.mark.slow
def test_a_definite_reference_is_one_more_mention_and_adds_its_place(read):
    record = read("Paris, March 3 2023 — President Emmanuel Macron met German Chancellor Olaf Scholz on Tuesday "
                  "to discuss energy prices. The talks in Berlin lasted three hours, and the meeting ended "
                  "with a joint statement.")
    meetings = of_type(record, *MEETINGS)
    assert len(meetings) == 1
    event = meetings[0]
    assert [m.trigger.text for m in event.mentions] == ["met", "talks", "meeting"]
    assert all(record.text[m.trigger.start:m.trigger.end] == m.trigger.text for m in event.mentions)
    assert event.places == ("berlin",)  # named only by the second mention
    assert event.time and event.time.value == "2023-02-28"


@pytest.mark.slow
def test_the_same_pair_meeting_twice_is_two_events(read):
    record = read("Paris, March 10 2023 — Emmanuel Macron met Olaf Scholz in Berlin on Monday. "
                  "Macron met Scholz again in Madrid on Friday to discuss migration.")
    meetings = of_type(record, *MEETINGS)
    assert sorted(e.places for e in meetings) == [("berlin",), ("madrid",)]
    assert all(len(e.mentions) == 1 for e in meetings)


@pytest.mark.slow
def test_a_country_and_its_envoy_are_one_side_when_place_and_day_agree(read):
    record = read("Geneva, May 9 2023 — The United States and China held talks in Geneva on Monday. "
                  "Antony Blinken met Wang Yi in Geneva on Monday to prepare a summit.")
    meetings = of_type(record, *MEETINGS)
    assert len(meetings) == 1
    assert {m.trigger.text for m in meetings[0].mentions} == {"talks", "met"}


@pytest.mark.slow
def test_who_did_it_to_whom_keeps_two_criticisms_apart(read):
    record = read("Tokyo, April 4 2023 — China criticised Japan on Monday over its new defence budget. "
                  "Japan criticised China on Monday for its military drills near Taiwan.")
    criticisms = of_type(record, "Criticism")
    assert sorted((e.agents, e.targets) for e in criticisms) == [(("china",), ("japan",)), (("japan",), ("china",))]


@pytest.mark.slow
def test_a_reference_takes_no_place_or_date_from_the_clause_around_it(read):
    record = read("Moscow, July 2 2023 — Vladimir Putin and Xi Jinping signed a treaty in Moscow on Monday. "
                  "Officials in Seoul condemned the treaty on Tuesday.")
    (treaty,) = of_type(record, "Agreement")
    assert [m.trigger.text for m in treaty.mentions] == ["signed", "treaty"]
    assert treaty.places == ("moscow",)
    assert treaty.time.value == "2023-06-26"


def test_times_agree_at_their_precision():
    day, month, year = (TimeValue("2019-02-27"), TimeValue("2019-02", "month"), TimeValue("2019", "year"))
    assert times_agree(day, month) and times_agree(month, year) and times_agree(day, None)
    assert not times_agree(day, TimeValue("2019-02-28"))
    assert not times_agree(TimeValue("2019-03", "month"), day)
    span = TimeValue(None, "span", start="2025-06-02", end="2025-06-08")
    assert times_agree(span, TimeValue("2025-06-05")) and not times_agree(span, TimeValue("2025-06-09"))
    assert narrower(month, day) is day and narrower(day, year) is day and narrower(None, month) is month
    assert day_bounds("2024") == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))


@pytest.mark.slow
def test_a_reading_the_story_dates_and_places_joins_the_event_of_that_day(read):
    # "Meeting at a resort" borrows its sides from its sentence and has no date of its own when it
    # is read; once the story dates it, it is the summit of that day, not a second one
    record = read("Tokyo, May 9 2024 — Japanese Prime Minister Fumio Kishida and South Korean President Yoon Suk "
                  "Yeol concluded a summit on Wednesday with promises of closer ties. The two leaders signed a "
                  "statement on trade. Meeting at a resort on a Japanese island, Kishida and Yoon came together "
                  "for a summit that both called historic.")
    meetings = of_type(record, *MEETINGS)
    assert len(meetings) == 1
    assert [m.trigger.text for m in meetings[0].mentions] == ["summit", "Meeting", "summit"]
    assert meetings[0].time.value == "2024-05-08"


def test_consolidating_compares_a_reading_only_with_those_it_can_be_one_with(gazetteer, lexicon, monkeypatch):
    """Two readings of one meeting on each of many days: each second reading is checked against
    its own day's first only, not against every event kept so far (which made long documents
    quadratic), and the readings are still joined."""
    from kg.extract.events import merge
    from kg.extract.state import DocState
    from kg.records import Event, Span

    state = DocState(gazetteer, lexicon)
    days = 150
    for i in range(days):
        day = (dt.date(2024, 1, 1) + dt.timedelta(days=i)).isoformat()
        for j, sides in enumerate((("paris", "berlin"), ("berlin",))):
            start = 10 * (2 * i + j)
            state.events.append(Event(f"{i}-{j}", "Meeting", Span(start, start + 3, "met"), 2 * i + j, "test",
                                      participants=sides, time=TimeValue(day)))
    checks = []
    real = merge._one_in_story
    monkeypatch.setattr(merge, "_one_in_story", lambda prior, event, s: checks.append(1) or real(prior, event, s))
    merge.consolidate(state)
    assert [len(e.mentions) for e in state.events] == [2] * days
    assert len(checks) == days
