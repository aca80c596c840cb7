import datetime as dt

import pytest
from hypothesis import given, strategies as st

from kg.extract.time import resolve

THURSDAY = dt.date(2025, 6, 12)


@pytest.mark.parametrize("text,future,expected", [
    ("on Wednesday", False, "2025-06-11"),
    ("Thursday", False, "2025-06-12"),
    ("on Friday", False, "2025-06-06"),
    ("on Friday", True, "2025-06-13"),
    ("on Thursday", True, "2025-06-12"),   # "will meet on Thursday" filed on a Thursday: that day
    ("next Thursday", True, "2025-06-19"),
    ("yesterday", False, "2025-06-11"),
    ("on June 3", False, "2025-06-03"),
    ("on November 20", False, "2024-11-20"),
    ("2024", False, "2024"),
    ("last month", False, "2025-05"),
    ("next month", True, "2025-07"),
    ("next year", True, "2026"),
])
def test_resolve_keeps_precision(text, future, expected):
    assert resolve(text, THURSDAY, future=future).value == expected


def test_last_week_is_a_monday_to_sunday_span():
    value = resolve("Last week", THURSDAY)
    assert (value.precision, value.start, value.end) == ("span", "2025-06-02", "2025-06-08")


def test_next_week_is_the_following_monday_to_sunday():
    value = resolve("next week", THURSDAY, future=True)
    assert (value.start, value.end) == ("2025-06-16", "2025-06-22")


def test_a_day_earlier_is_relative_to_the_previous_event():
    assert resolve("a day earlier", THURSDAY, previous=dt.date(2019, 6, 30)).value == "2019-06-29"


def test_unknown_expression_gives_none():
    assert resolve("in 24 years", THURSDAY) is None


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31)),
       st.sampled_from(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]))
def test_weekday_is_latest_on_or_before_anchor(anchor, day):
    value = dt.date.fromisoformat(resolve(f"on {day}", anchor).value)
    assert 0 <= (anchor - value).days < 7
    assert value.strftime("%A").lower() == day


# -- wire copy's other time expressions (a Thursday, 2025-06-12) -----------------------------------

@pytest.mark.parametrize("text,expected", [
    ("at noon on Sunday", "2025-06-08"),          # a time of day before the day
    ("noon on Sunday", "2025-06-08"),
    ("in the early hours of Thursday", "2025-06-12"),
    ("shortly after 10 p.m. on Friday", "2025-06-06"),
    ("Sunday at 0600 GMT", "2025-06-08"),
    ("this morning", "2025-06-12"),
    ("last night", "2025-06-11"),
    ("two days ago", "2025-06-10"),
    ("a week ago", "2025-06-05"),
    ("in early March", "2025-03"),               # a part of a month is that month
    ("mid-March", "2025-03"),
    ("the end of May", "2025-05"),
    ("in June", "2025-06"),
    ("late July", "2024-07"),                     # the latest July on or before the dateline
])
def test_wire_expressions(text, expected):
    assert resolve(text, THURSDAY).value == expected


@pytest.mark.parametrize("text,future,span", [
    ("June 10-11", False, ("2025-06-10", "2025-06-11")),       # never the year "11"
    ("10-11 June", False, ("2025-06-10", "2025-06-11")),
    ("from June 10 to 12", False, ("2025-06-10", "2025-06-12")),
    ("Dec. 30 - Jan. 2", False, ("2024-12-30", "2025-01-02")),
    ("June 20-21", True, ("2025-06-20", "2025-06-21")),
    ("June 20-21", False, ("2024-06-20", "2024-06-21")),
    ("Sept. 9-10, 2019", False, ("2019-09-09", "2019-09-10")),
    ("over the weekend", False, ("2025-06-07", "2025-06-08")),
    ("this weekend", True, ("2025-06-14", "2025-06-15")),
])
def test_spans_of_days(text, future, span):
    value = resolve(text, THURSDAY, future=future)
    assert (value.precision, value.start, value.end) == ("span", *span)


def test_the_previous_day_counts_from_the_event_before():
    assert resolve("the previous day", THURSDAY, previous=dt.date(2025, 6, 9)).value == "2025-06-08"
    assert resolve("the following day", THURSDAY, previous=dt.date(2025, 6, 9)).value == "2025-06-10"


@pytest.mark.parametrize("text", ["at noon", "midnight", "May", "Marching", "June 31-32"])
def test_no_date_in_a_time_of_day_a_surname_or_a_wrong_day(text):
    assert resolve(text, THURSDAY) is None


@pytest.mark.parametrize("text,expected", [
    ("on Wednesday, May", "2025-06-11"),      # "On Wednesday, May warned ...": Theresa May, not the month
    ("Friday, June", "2025-06-06"),
    ("Wednesday, May 7", "2025-05-07"),        # a day after the month: a date
])
def test_a_lone_month_after_a_comma_is_not_part_of_the_date(text, expected):
    assert resolve(text, THURSDAY).value == expected


@pytest.mark.parametrize("text,expected", [
    ("Wednesday evening local time", "2025-06-11"),   # the zone of a day adds nothing to it
    ("Tuesday (local time)", "2025-06-10"),
    ("in mid-2022", "2022"),                           # a part of a year is that year
    ("the end of 2021", "2021"),
    ("early 2023", "2023"),
])
def test_zones_and_parts_of_years(text, expected):
    assert resolve(text, THURSDAY).value == expected


@pytest.mark.parametrize("text", ["earlier in the day", "later in the day"])
def test_earlier_in_the_day_is_the_day_of_the_event_before(text):
    value = resolve(text, THURSDAY, previous=dt.date(2025, 6, 9))
    assert (value.value, value.rule) == ("2025-06-09", "time.same_day")


@pytest.mark.parametrize("text", ["local time", "mid-20222", "in the days ahead"])
def test_no_date_in_a_zone_alone_or_a_wrong_year(text):
    assert resolve(text, THURSDAY) is None
