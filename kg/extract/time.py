"""Dates: the dateline, and time expressions resolved against the document date.

Relative expressions keep their precision: ``on Wednesday`` is a day (the latest such day on
or before the dateline, or the next one when the clause is in the future tense), ``last week``
a Monday-to-Sunday span, ``last month`` a month, ``in 2024`` a year. Explicit dates without a
year (``on November 20``) take the dateline's year, or the year before when that would put
them after the dateline in a past-tense clause.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Optional

from kg.records import TimeValue

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_MONTH_RE = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# "Washington D.C., June 12 2025 —", "SEOUL, Feb. 5, 2026 (Yonhap) --", "Pyongyang, 19 June 2024 –"
DATELINE_RE = re.compile(
    r"^\s*(?P<place>[A-Z][\w.'’ -]{0,60}?)\s*,\s*"
    r"(?P<date>(?:" + _MONTH_RE + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})|(?:\d{1,2}\s+" + _MONTH_RE
    + r",?\s+\d{4}))\s*(?:\([^)]{1,40}\)\s*)?(?:—|–|--|-)\s*",
    re.IGNORECASE,
)
PLACE_DASH_RE = re.compile(r"^\s*(?P<place>[A-Z][\w.'’ -]{0,40}?)\s*(?:—|–|--)\s*")


_MONTH_DAY_RE = re.compile(r"(?P<m>[a-z]+)\.? (?P<d>\d{1,2})(?:st|nd|rd|th)?(?:,? (?P<y>(?:19|20)\d\d))?")

# The patterns of ``resolve``, compiled once (it runs for every date of every event)
_SPACES_RE = re.compile(r"\s+")
_LEADING_PREP_RE = re.compile(r"^(on|in|at|during|since|by|from|this past|earlier|late|early)\s+")
_WEEKDAY_RE = re.compile(rf"(?:last |this |next |on )?(?P<day>{'|'.join(WEEKDAYS)})"
                         r"(?: (?:morning|afternoon|evening|night))?")
_DEICTIC_DAYS = {"today": 0, "tonight": 0, "yesterday": 1, "the day before yesterday": 2, "tomorrow": -1}
_RELATIVE_DAYS_RE = re.compile(r"(a|one|two|three|\d+) (day|days|week|weeks) (earlier|before|later|after)")
_SAME_DAY_RE = re.compile(
    r"(hours|minutes|moments|shortly) (later|after|afterwards?)|(later|earlier) that day|the same day")
_YEAR_RE = re.compile(r"(19|20)\d\d")
_MONTH_YEAR_RE = re.compile(rf"({'|'.join(MONTHS)})(?: of)? ((?:19|20)\d\d)")
_DIGIT_RE = re.compile(r"\d")
_MONTH_NAME_RE = re.compile(_MONTH_RE)


def _month_day(text: str, anchor: Optional[dt.date], future: bool):
    """Read ``June 12 2025`` / ``June 3`` directly, as dateparser would (it costs ~2 ms a call).

    Returns the date, None for an impossible date with a year, or ``...`` when the text is not
    of this shape and dateparser must decide. ``tests/test_parallel.py`` checks the agreement.
    """
    match = _MONTH_DAY_RE.fullmatch(text.lower())
    if not match or match.group("m") not in MONTHS:
        return ...
    month, day = MONTHS.index(match.group("m")) + 1, int(match.group("d"))
    try:
        if match.group("y"):
            return dt.date(int(match.group("y")), month, day)
        if anchor is None:
            return ...
        found = dt.date(anchor.year, month, day)
        if future and found <= anchor:  # dateparser's PREFER_DATES_FROM future / past
            found = dt.date(anchor.year + 1, month, day)
        elif not future and found > anchor:
            found = dt.date(anchor.year - 1, month, day)
        return found
    except ValueError:
        return None if match.group("y") else ...


def parse_date(text: str, anchor: Optional[dt.date] = None, *, future: bool = False) -> Optional[dt.date]:
    """Return the date an explicit expression names (``June 12 2025``; ``June 3`` near ``anchor``)."""
    quick = _month_day(text.strip(), anchor, future)
    return quick if quick is not ... else dateparser_date(text, anchor, future=future)


def dateparser_date(text: str, anchor: Optional[dt.date] = None, *, future: bool = False) -> Optional[dt.date]:
    """Return the date dateparser reads in ``text`` (the general, slower path of ``parse_date``)."""
    import dateparser

    settings = {"STRICT_PARSING": True}
    if anchor is not None and not re.search(r"(19|20)\d\d", text):
        settings = {"REQUIRE_PARTS": ["day", "month"], "PREFER_DATES_FROM": "future" if future else "past",
                    "RELATIVE_BASE": dt.datetime(anchor.year, anchor.month, anchor.day)}
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    return parsed.date() if parsed else None


def read_dateline(text: str) -> tuple[Optional[str], Optional[dt.date], int]:
    """Return ``(place, date, end offset)`` of a dateline at the start of ``text``.

    >>> read_dateline("Washington D.C., June 12 2025 — Former U.S. President")[0:2]
    ('Washington D.C.', datetime.date(2025, 6, 12))
    """
    match = DATELINE_RE.match(text)
    if not match:
        return None, None, 0
    return match.group("place").strip(), parse_date(match.group("date")), match.end()


def _week_span(day: dt.date, weeks_back: int) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday()) - dt.timedelta(weeks=weeks_back)
    return monday, monday + dt.timedelta(days=6)


def _month_back(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 - months
    return index // 12, index % 12 + 1


def resolve(expression: str, anchor: Optional[dt.date], *, future: bool = False,
            previous: Optional[dt.date] = None) -> Optional[TimeValue]:
    """Resolve a time expression against the document date.

    Args:
        expression: the words, e.g. ``on Wednesday``, ``last week``, ``a day earlier``.
        anchor: the document date; relative expressions need it.
        future: the clause is in the future tense (``will meet on Friday``).
        previous: the date of the event this one follows, for ``a day earlier``/``hours later``.
    Returns:
        A ``TimeValue`` or None when nothing could be resolved.

    >>> resolve("on Wednesday", dt.date(2025, 6, 12)).value
    '2025-06-11'
    >>> v = resolve("last week", dt.date(2025, 6, 12)); (v.start, v.end)
    ('2025-06-02', '2025-06-08')
    """
    text = _SPACES_RE.sub(" ", expression.lower()).strip(" ,.")
    text = _LEADING_PREP_RE.sub("", text)
    base = previous or anchor
    if anchor is not None:
        weekday = _WEEKDAY_RE.fullmatch(text)
        if weekday:
            i = WEEKDAYS.index(weekday.group("day"))
            delta = (anchor.weekday() - i) % 7
            day = anchor - dt.timedelta(days=delta)
            if future or text.startswith("next"):
                day = anchor + dt.timedelta(days=(i - anchor.weekday()) % 7 or 7)
            elif text.startswith("last") and delta == 0:
                day = anchor - dt.timedelta(days=7)
            return TimeValue(day.isoformat(), "day", text=expression, rule="time.weekday")
        if text in _DEICTIC_DAYS:
            day = anchor - dt.timedelta(days=_DEICTIC_DAYS[text])
            return TimeValue(day.isoformat(), "day", text=expression, rule="time.deictic")
        if text in ("last week", "the past week", "past week", "the previous week"):
            start, end = _week_span(anchor, 1)
            return TimeValue(None, "span", start.isoformat(), end.isoformat(), expression, "time.last_week")
        if text in ("this week", "earlier this week"):
            start, _ = _week_span(anchor, 0)
            return TimeValue(None, "span", start.isoformat(), anchor.isoformat(), expression, "time.this_week")
        if text in ("next week", "the coming week", "the following week"):
            start, end = _week_span(anchor, -1)
            return TimeValue(None, "span", start.isoformat(), end.isoformat(), expression, "time.next_week")
        if text in ("next month", "the coming month", "the following month"):
            y, m = _month_back(anchor, -1)
            return TimeValue(f"{y:04d}-{m:02d}", "month", text=expression, rule="time.next_month")
        if text in ("later this month",):
            return TimeValue(f"{anchor.year:04d}-{anchor.month:02d}", "month", text=expression, rule="time.this_month")
        if text in ("next year",):
            return TimeValue(f"{anchor.year + 1:04d}", "year", text=expression, rule="time.next_year")
        if text in ("last month", "the previous month"):
            y, m = _month_back(anchor, 1)
            return TimeValue(f"{y:04d}-{m:02d}", "month", text=expression, rule="time.last_month")
        if text in ("this month", "earlier this month"):
            return TimeValue(f"{anchor.year:04d}-{anchor.month:02d}", "month", text=expression, rule="time.this_month")
        if text in ("last year",):
            return TimeValue(f"{anchor.year - 1:04d}", "year", text=expression, rule="time.last_year")
        if text in ("this year", "earlier this year"):
            return TimeValue(f"{anchor.year:04d}", "year", text=expression, rule="time.this_year")
    if base is not None:
        rel = _RELATIVE_DAYS_RE.fullmatch(text)
        if rel:
            sign = -1 if rel.group(3) in ("earlier", "before") else 1
            try:  # "99999999 days later" leaves the calendar (and 5,000 digits are no int): no date
                n = {"a": 1, "one": 1, "two": 2, "three": 3}.get(rel.group(1)) or int(rel.group(1))
                day = base + dt.timedelta(days=sign * n * (7 if rel.group(2).startswith("week") else 1))
            except (OverflowError, ValueError):
                return None
            return TimeValue(day.isoformat(), "day", text=expression, rule="time.relative_to_event")
        if _SAME_DAY_RE.fullmatch(text):
            return TimeValue(base.isoformat(), "day", text=expression, rule="time.same_day")
    if _YEAR_RE.fullmatch(text):
        return TimeValue(text, "year", text=expression, rule="time.year")
    month_year = _MONTH_YEAR_RE.fullmatch(text)
    if month_year:
        return TimeValue(f"{month_year.group(2)}-{MONTHS.index(month_year.group(1)) + 1:02d}", "month",
                         text=expression, rule="time.month_year")
    if _DIGIT_RE.search(text) and _MONTH_NAME_RE.search(text):
        day = parse_date(text, anchor, future=future)
        if day is not None:
            return TimeValue(day.isoformat(), "day", text=expression, rule="time.explicit")
    return None
