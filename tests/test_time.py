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
