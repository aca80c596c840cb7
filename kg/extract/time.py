"""Dates: time expressions resolved against the document date (the dateline is ``kg.nlp.dateline``).

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

from kg.records import Dateline, TimeValue

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_MONTH_RE = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"


_MONTH_DAY_RE = re.compile(r"(?P<m>[a-z]+)\.? (?P<d>\d{1,2})(?:st|nd|rd|th)?(?:,? (?P<y>(?:19|20)\d\d))?")

# The patterns of ``resolve``, compiled once (it runs for every date of every event)
_SPACES_RE = re.compile(r"\s+")
_POSSESSIVE_RE = re.compile(r"\s*['’]s?$")  # "Thursday's launch", "last year's talks"
_LEADING_PREP_RE = re.compile(r"^(on|in|at|during|since|by|from|this past|earlier|late|early)\s+")
_WEEKDAY_RE = re.compile(rf"(?:last |this |next |on )?(?P<day>{'|'.join(WEEKDAYS)})"
                         r"(?: (?:morning|afternoon|evening|night))?")
_DEICTIC_DAYS = {"today": 0, "tonight": 0, "yesterday": 1, "the day before yesterday": 2, "tomorrow": -1,
                 "this morning": 0, "this afternoon": 0, "this evening": 0, "later today": 0,
                 "last night": 1, "last evening": 1}
# a time of day before or around a date: "at noon on Sunday", "in the early hours of Thursday",
# "shortly after 10 p.m. on Friday", "Sunday at 0600 GMT": the date is the day's
_CLOCK = (r"(?:noon|midday|midnight|dawn|dusk|daybreak|nightfall"
          r"|\d{1,2}(?:[:.]\d\d)?\s*(?:a\.?m\.?|p\.?m\.?)(?:\s+(?:local time|gmt|utc|[a-z]{2,4}t))?"
          r"|\d{4}\s*(?:gmt|utc|local time|hrs|hours))")
_CLOCK_LEAD_RE = re.compile(
    rf"^(?:(?:at|around|about|shortly after|shortly before|just after|just before|until|from)\s+)?{_CLOCK}"
    r"(?:\s+(?:on|of))?\s+"
    r"|^(?:in |on |during )?the (?:early hours|small hours|morning|afternoon|evening|night) of\s+")
# "on Wednesday, May warned ...": a month after a comma with no day or year is a name that opens the
# clause (Theresa May), never part of the date
_LONE_MONTH_TAIL_RE = re.compile(rf",\s*(?:{'|'.join(MONTHS)})$")
_CLOCK_TAIL_RE = re.compile(rf",?\s+(?:at|around|about|shortly after|shortly before|just after|before)\s+{_CLOCK}$")
_AGO_RE = re.compile(r"(a|an|one|two|three|four|five|six|seven|\d+) (day|days|week|weeks) ago")
_NEIGHBOUR_DAYS = {"the previous day": -1, "the day before": -1, "the next day": 1, "the following day": 1}
_WEEKENDS = frozenset({"the weekend", "over the weekend", "this weekend", "last weekend", "at the weekend",
                       "the past weekend"})
_RELATIVE_DAYS_RE = re.compile(r"(a|one|two|three|\d+) (day|days|week|weeks) (earlier|before|later|after)")
_SAME_DAY_RE = re.compile(
    r"(hours|minutes|moments|shortly) (later|after|afterwards?)|(later|earlier) (that|in the) day|in the day|the same day")  # "earlier" is read as a preposition
# "Monday evening local time", "Tuesday (local time)": the zone of a day adds nothing to it
_LOCAL_TIME_TAIL_RE = re.compile(r",?\s*\(?(?:local time|gmt|utc)\)?$")
# "in mid-2022", "early 2023", "the end of 2021": a part of a year is that year
_PART_OF_YEAR_RE = re.compile(r"(?:early|late|mid|mid-|the (?:end|beginning|start|middle) of"
                              r"|the (?:first|second) half of)\s*-?\s*((?:19|20)\d\d)")
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
    text = _POSSESSIVE_RE.sub("", _SPACES_RE.sub(" ", expression.lower()).strip(" ,."))
    text = _CLOCK_LEAD_RE.sub("", _LONE_MONTH_TAIL_RE.sub("", text))
    text = _LOCAL_TIME_TAIL_RE.sub("", _CLOCK_TAIL_RE.sub("", text))
    text = _LEADING_PREP_RE.sub("", text)
    base = previous or anchor
    found = None
    if anchor is not None:
        found = _relative_to_document(text, expression, anchor, future)
    if found is None and base is not None:
        found = _relative_to_event(text, expression, base)
    return found or _absolute(text, expression, anchor, future)


def _relative_to_document(text: str, expression: str, anchor: dt.date, future: bool) -> Optional[TimeValue]:
    """``on Wednesday``, ``yesterday``, ``last week``, ``next month``: counted from the document date."""
    weekday = _WEEKDAY_RE.fullmatch(text)
    if weekday:
        i = WEEKDAYS.index(weekday.group("day"))
        delta = (anchor.weekday() - i) % 7
        day = anchor - dt.timedelta(days=delta)
        if text.startswith("next"):
            day = anchor + dt.timedelta(days=(i - anchor.weekday()) % 7 or 7)
        elif future:  # "will meet on Tuesday" in a story filed on a Tuesday: that day
            day = anchor + dt.timedelta(days=(i - anchor.weekday()) % 7)
        elif text.startswith("last") and delta == 0:
            day = anchor - dt.timedelta(days=7)
        return TimeValue(day.isoformat(), "day", text=expression, rule="time.weekday")
    if text in _DEICTIC_DAYS:
        day = anchor - dt.timedelta(days=_DEICTIC_DAYS[text])
        return TimeValue(day.isoformat(), "day", text=expression, rule="time.deictic")
    ago = _AGO_RE.fullmatch(text)
    if ago:
        n = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}.get(
            ago.group(1)) or min(int(ago.group(1)), 3660)
        day = anchor - dt.timedelta(days=n * (7 if ago.group(2).startswith("week") else 1))
        return TimeValue(day.isoformat(), "day", text=expression, rule="time.ago")
    if text in _WEEKENDS:
        return _weekend(anchor, expression, future and text != "last weekend")
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
    return None


def _weekend(anchor: dt.date, expression: str, future: bool) -> TimeValue:
    """``over the weekend``: the Saturday and Sunday on or before the document's day (after, in the future)."""
    saturday = anchor - dt.timedelta(days=(anchor.weekday() - 5) % 7)
    if future and anchor.weekday() < 5:
        saturday += dt.timedelta(days=7)
    return TimeValue(None, "span", saturday.isoformat(), (saturday + dt.timedelta(days=1)).isoformat(),
                     expression, "time.weekend")


def _relative_to_event(text: str, expression: str, base: dt.date) -> Optional[TimeValue]:
    """``a day earlier``, ``hours later``, ``the same day``: counted from the event this one follows."""
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
    if text in _NEIGHBOUR_DAYS:
        day = base + dt.timedelta(days=_NEIGHBOUR_DAYS[text])
        return TimeValue(day.isoformat(), "day", text=expression, rule="time.relative_to_event")
    return None


def _absolute(text: str, expression: str, anchor: Optional[dt.date], future: bool) -> Optional[TimeValue]:
    """``2019``, ``June 2019``, ``June 30``: dates the words name themselves."""
    if _YEAR_RE.fullmatch(text):
        return TimeValue(text, "year", text=expression, rule="time.year")
    part_of_year = _PART_OF_YEAR_RE.fullmatch(text)
    if part_of_year:
        return TimeValue(part_of_year.group(1), "year", text=expression, rule="time.part_of_year")
    days = _day_range(text, expression, anchor, future)
    if days is not None:
        return days
    part = _PART_OF_MONTH_RE.fullmatch(text)
    if part and (part.group("y") or anchor is not None) and part.group("m").rstrip(".")[:3] in _MONTH_STEMS \
            and (part.group("part") or part.group("m") != "may"):  # "May" alone is also a surname
        month = _month_index(part.group("m"))
        year = int(part.group("y")) if part.group("y") else _year_for(anchor, month, None, future)
        return TimeValue(f"{year:04d}-{month:02d}", "month", text=expression, rule="time.part_of_month")
    month_year = _MONTH_YEAR_RE.fullmatch(text)
    if month_year:
        return TimeValue(f"{month_year.group(2)}-{MONTHS.index(month_year.group(1)) + 1:02d}", "month",
                         text=expression, rule="time.month_year")
    if _DIGIT_RE.search(text) and _MONTH_NAME_RE.search(text):
        day = parse_date(text, anchor, future=future)
        if day is not None:
            return TimeValue(day.isoformat(), "day", text=expression, rule="time.explicit")
    return None


_MONTH_WORD = (r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
               r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?")
_DAY_NUM = r"\d{1,2}(?:st|nd|rd|th)?"
_RANGE_RE = re.compile(
    rf"(?:from |between )?(?:(?P<m1>{_MONTH_WORD}) (?P<d1>{_DAY_NUM})|(?P<e1>{_DAY_NUM}))\s*(?:-|–|to|and|until|through)\s*"
    rf"(?:(?P<m2>{_MONTH_WORD}) (?P<d2>{_DAY_NUM})|(?P<e2>{_DAY_NUM})(?: (?P<m3>{_MONTH_WORD}))?)"
    r"(?:,? (?P<y>(?:19|20)\d\d))?")
# "in early March", "mid-March", "late June" (whose "late" the prepositions took), "the end of May"
_PART_OF_MONTH_RE = re.compile(
    rf"(?P<part>early|late|mid|mid-|the (?:end|beginning|start|middle) of|the first half of|the second half of)?"
    rf"\s*-?\s*(?P<m>{_MONTH_WORD})(?:,? (?P<y>(?:19|20)\d\d))?")


_MONTH_STEMS = frozenset(m[:3] for m in MONTHS)


def _month_index(word: str) -> int:
    return next(i + 1 for i, name in enumerate(MONTHS) if name.startswith(word.rstrip(".")[:3]))


def _year_for(anchor: dt.date, month: int, day: Optional[int], future: bool) -> int:
    """The year of a month (and day) said without one: the latest on or before the anchor, or the
    next one in a future clause, as ``_month_day`` reads ``June 3``."""
    said = (month, day or 0)
    now = (anchor.month, anchor.day if day else 0)
    if future and said < now:
        return anchor.year + 1
    return anchor.year - 1 if not future and said > now else anchor.year


def _day_range(text: str, expression: str, anchor: Optional[dt.date], future: bool) -> Optional[TimeValue]:
    """``June 10-11``, ``10-12 March``, ``from Sept. 9 to 11``: a span of days, never a year "11"."""
    match = _RANGE_RE.fullmatch(text)
    if not match:
        return None
    m1 = match.group("m1") or match.group("m3")
    m2 = match.group("m2") or m1
    if not m1 or not all(w.rstrip(".")[:3] in {m[:3] for m in MONTHS} for w in (m1, m2)):
        return None
    d1, d2 = (int(re.match(r"\d+", match.group(g)).group()) for g in
              (("d1" if match.group("d1") else "e1"), ("d2" if match.group("d2") else "e2")))
    month1, month2 = _month_index(m1), _month_index(m2)
    if match.group("y"):
        year = int(match.group("y"))
    elif anchor is not None:
        year = _year_for(anchor, month1, d1, future)
    else:
        return None
    try:
        start = dt.date(year, month1, d1)
        end = dt.date(year + (1 if month2 < month1 else 0), month2, d2)
    except ValueError:
        return None
    if end < start:
        return None
    return TimeValue(None, "span", start.isoformat(), end.isoformat(), expression, "time.day_range")


_NEAR_DAYS = 3


def _dateline_day_near(dateline: Optional[Dateline], given: dt.date) -> Optional[dt.date]:
    """The dateline's own day when it is within a few days of the given date, else None.

    >>> from kg.records import Dateline
    >>> _dateline_day_near(Dateline(0, 10, month=12, day=31), dt.date(2026, 1, 1))
    datetime.date(2025, 12, 31)
    >>> _dateline_day_near(Dateline(0, 10, month=3, day=1), dt.date(2026, 1, 1)) is None
    True
    """
    if dateline is None or dateline.year or not (dateline.month and dateline.day):
        return None  # a full dateline the user overrode with --date stays overridden
    for year in (given.year, given.year - 1, given.year + 1):
        try:
            day = dt.date(year, dateline.month, dateline.day)
        except ValueError:
            continue
        if abs((day - given).days) <= _NEAR_DAYS:
            return day
    return None


def document_date(dateline: Optional[Dateline], given: Optional[str]) -> tuple[Optional[dt.date], Optional[str]]:
    """Return ``(anchor date, date as shown)`` of a document from its dateline and its metadata.

    A full date given with the document (``--date``, an HTML or JSON Lines date) wins, unless a
    dateline without a year names a day at most three days from it: a page's time stamp is often
    the next day in UTC, and the dateline is the reporter's own day (``NAIROBI, Sept. 26 (AP)``
    stamped ``2016-09-27T02:10Z`` is the 26th). A dateline
    without a year takes it from a year or month given with the document; with none, the date is
    unknown (never guessed from the month and day alone). A month or year alone is shown at that
    precision, and then relative dates are not resolved.

    >>> from kg.records import Dateline
    >>> document_date(Dateline(0, 10, month=9, day=13), "2023")
    (datetime.date(2023, 9, 13), '2023-09-13')
    >>> document_date(Dateline(0, 10, month=9, day=13), None)
    (None, None)
    """
    if given and re.fullmatch(r"\d{4}-\d{2}-\d{2}", given[:10]):
        day = dt.date.fromisoformat(given[:10])
        day = _dateline_day_near(dateline, day) or day
        return day, day.isoformat()
    if dateline is not None and dateline.month and dateline.day:
        year = dateline.year or (int(given[:4]) if given and re.fullmatch(r"\d{4}", given[:4]) else None)
        if year is not None and (not given or dateline.year or given[5:7] in ("", f"{dateline.month:02d}")):
            try:
                day = dt.date(year, dateline.month, dateline.day)
                return day, day.isoformat()
            except ValueError:
                pass
    return None, given or None
