"""Wire datelines and credit lines: where and when a story was filed, and by which agency.

The common wire styles, read from the first lines of a text (a headline may come first)::

    Washington D.C., June 12 2025 —            Karachi, March 3, 2024:
    JAKARTA, Indonesia, Feb 9 (Xinhua) --      New Delhi [India], June 2 :
    SEOUL, Oct. 4 (Yonhap) --                  Riyadh, 11 March 2023 (TDI):
    WASHINGTON (AP) —                          (JNS) WASHINGTON –
    LONDON, UK –                               SEOUL/TOKYO (Reuters) –
    SINGAPORE  (The Straits Times/ANN)-        MANILA, Philippines   (on its own line, or no dash)
    Islamabad: Pakistan on Monday said ...     (a colon after a place in mixed case: a long sentence follows)
    By Jane Doe | Reuters                      (a byline: only the credit)
    BEIJING, March 10 /Xinhua/ --              MOSCOW, March 5. /TASS/. Russia ...   (a credit between slashes)
    Moscow. July 17. INTERFAX -                Ramallah, May 22, WAFA –   (a bare credit after the date)

A time stamp line above the dateline (``Updated: Sep 19, 2023 22:15 IST``, ``22 May 2024``) dates a
story whose dateline has no date or no year (``NEW DELHI (PTI):``); with no dateline, it alone does.

Pure text, no model: the sentence-boundary component (``kg.nlp.model``) cuts the dateline off
the first sentence with it, and extraction (``kg.extract``) reads the document's place, date and
credit from it. A dateline without a year leaves the year to the document's metadata.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Optional

from kg.records import Dateline, Span

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december")
_MONTH = r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?" \
         r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?i:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?i:day)?\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_DATE = (rf"(?:{_WEEKDAY},?\s+)?(?:(?P<m1>{_MONTH})\s+(?P<d1>{_DAY})|(?P<d2>{_DAY})\s+(?P<m2>{_MONTH}))"
         r"(?:,?\s+(?P<y>(?:19|20)\d\d))?")
# A place word is capitalised ("Washington", "D.C.", "Kyiv", "NEW"); a few lower-case particles
# occur inside names ("Rio de Janeiro", "Bandar Seri Begawan" has none, "Port of Spain").
_WORD = r"[A-Z][\w.'’-]*"
_PLACE = rf"{_WORD}(?:[ \t]+(?!{_MONTH}[ \t]+\d)(?:{_WORD}|de|del|da|do|dos|al|el|es|la|le|of|upon|am|an|sur)){{0,4}}"
_REGION = rf"(?!(?:{_WEEKDAY}|{_MONTH})\b){_PLACE}"  # "Russia", "Gaza Strip", "D.C.", not "Tuesday"
_CREDIT = r"\(\s*(?P<{name}>[^()\n]{{1,50}}?)\s*\)"
# after the date: "/Xinhua/", "/TASS/." between slashes; ", WAFA" or ". INTERFAX" bare, before a dash
_SLASHED = r"[.,]?[ \t]*/[ \t]*(?P<slashed>[A-Z][^/\n]{0,40}?)[ \t]*/\.?"
_BARE_CREDIT = r"[.,][ \t]*(?P<bare>[A-Z][A-Za-z]*(?:[ -][A-Z][A-Za-z]*){0,2})(?=[ \t]+(?:—|–|--|-)[ \t])"
# a hyphen inside a word ("Trump-Kim") is not a separator
_SEP = r"(?:[ \t]*(?P<sep>—|–|--|:)|(?:[ \t]+|(?<=\)))(?P<hyphen>-))[ \t]*(?=[^a-z\s]|$)"
_DATELINE_RE = re.compile(
    r"[ \t]*(?:" + _CREDIT.format(name="pre") + r"[ \t]*)?"
    rf"(?P<places>{_PLACE}(?:[ \t]*/[ \t]*{_PLACE})*)"
    rf"(?:[ \t]*,[ \t]*(?P<region>{_REGION}(?:,[ \t]*{_REGION})?)(?=[ \t]*(?:,|\(|—|–|-|:|$))|[ \t]*\[(?P<bracket>[^\]\n]{{1,30}})\])?"
    rf"(?:(?:[ \t]*,[ \t]*|(?<=[a-z]\.)[ \t]+)(?P<date>{_DATE})(?:{_BARE_CREDIT})?)?"
    r"(?:[ \t]*" + _CREDIT.format(name="credit") + rf"|(?<=[\w.])[ \t]*{_SLASHED})?"
    rf"(?:{_SEP}|[ \t]*$|(?<=/\.)[ \t]+(?=[A-Z\"“‘]))",
    re.MULTILINE,
)
# "MANILA, Philippines The ...": an all-capitals city and one region word, with no dash
_BARE_RE = re.compile(r"[ \t]*(?P<places>[A-Z][A-Z.'’-]+(?:[ \t]+[A-Z][A-Z.'’-]+){0,3}),[ \t]*(?P<region>[A-Z][a-z]+)"
                      r"[ \t]{1,4}(?=[A-Z\"“‘'])")
_BYLINE_RE = re.compile(r"[ \t]*By[ \t]+[A-Z][^|\n]{1,80}?[ \t]*[|,][ \t]*(?P<credit>[A-Z][^|\n,]{1,40}?)[ \t]*$",
                        re.MULTILINE)
# a time stamp on a line of its own: "Updated: Sep 19, 2023 22:15 IST", "Published 22 May 2024, 10:04 GMT"
_STAMP_RE = re.compile(
    r"[ \t]*(?:(?i:last[ \t]+)?(?i:updated|published|posted|modified|issued|released|date)(?:[ \t]+on)?[ \t]*:?[ \t]*)?"
    rf"(?P<date>{_DATE})"
    r"(?:[ \t]*[,|-]?[ \t]*(?:at[ \t]+)?\d{1,2}[:.]\d\d(?:[ \t]*[AaPp]\.?[Mm]\.?)?(?:[ \t]*\(?[A-Z]{2,5}\)?)?)?[ \t]*$")
_MAX_LINES = 8  # a dateline comes after at most a headline, a standfirst and a time stamp
_BODY_LINE = 250  # a line this long without a dateline is the story itself: stop looking
# words that open a line with a colon and are no place: "Update: talks resumed ..."
_LABELS = frozenset({"update", "analysis", "exclusive", "breaking", "breaking news", "watch", "opinion", "editorial",
                     "explainer", "factbox", "live", "correction", "timeline", "comment", "interview", "photos",
                     "video", "read more", "note", "editor's note", "summary", "background", "context"})
_STORY_MIN = 60  # "Islamabad: Pakistan on Monday ...": after a colon, a sentence at least this long


def _month(text: Optional[str]) -> Optional[int]:
    if not text:
        return None
    key = text.lower().rstrip(".")
    return next((i + 1 for i, name in enumerate(MONTHS) if name.startswith(key[:3])), None)


def _span(match: re.Match, group: str, offset: int) -> Optional[Span]:
    if match.group(group) is None:
        return None
    return Span(offset + match.start(group), offset + match.end(group), match.group(group))


def _plausible(match: re.Match, line: str = "") -> bool:
    """A dateline names its place in capitals, or adds a date, a credit or a region to it.

    ``Trump-Kim summit: Leaders sign...`` and ``Analysts said ...`` are not datelines: the words
    before the separator must all be capitalised, and a colon or bare line end needs more than
    a mixed-case word or two (``Beijing: the new power`` is a headline).
    """
    places = match.group("places")
    extra = match.group("date") or _credit_group(match) or match.group("pre") or match.group("region") \
        or match.group("bracket")
    capitals = places.replace("/", "").replace(".", "").replace(" ", "").isupper()
    if places.startswith("By "):
        return False  # a byline: "By Jane Doe, Reuters"
    if match.group("hyphen"):  # "Iran - Saudi talks" is a headline; "ISLAMABAD - " a dateline
        return bool(extra or capitals)
    if match.group("sep") in (":", None):
        return bool(extra or (capitals and len(places) >= 3) or _story_follows(match, line))
    return bool(extra or capitals or len(places.split()) <= 3)


def _story_follows(match: re.Match, line: str) -> bool:
    """``Islamabad: Pakistan on Monday rejected ...``: a place or two and a colon, then a long sentence.

    A headline (``Beijing: The New Power``) is short and ends without a full stop.
    """
    rest = line[match.end():].rstrip()
    return (match.group("sep") == ":" and match.group("places").lower() not in _LABELS and len(match.group("places").split()) <= 3 and len(rest) >= _STORY_MIN
            and rest.endswith((".", '"', "”")) and " " in rest)


def _credit_group(match: re.Match) -> Optional[str]:
    """The name of the group that holds the credit after the place: ``(AP)``, ``/Xinhua/``, ``, WAFA``."""
    return next((name for name in ("credit", "slashed", "bare") if match.group(name)), None)


def _from_match(match: re.Match, offset: int) -> Dateline:
    places = []
    text, start = match.group("places"), offset + match.start("places")
    for piece in re.finditer(r"[^/]+", text):
        name = piece.group().strip()
        name = name[:-1] if re.search(r"[a-z]\.$", name) else name  # "Moscow. July 17." (not "D.C.")
        if name:
            at = start + piece.start() + piece.group().index(name)
            places.append(Span(at, at + len(name), name))
    region = _span(match, "region", offset) or _span(match, "bracket", offset)
    year = month = day = None
    if match.group("date"):
        month = _month(match.group("m1") or match.group("m2"))
        day = int(re.match(r"\d+", match.group("d1") or match.group("d2")).group())
        year = int(match.group("y")) if match.group("y") else None
    credit = _span(match, _credit_group(match) or "pre", offset)
    return Dateline(offset + match.start(), offset + match.end(), tuple(places), region,
                    _span(match, "date", offset), year, month, day, credit)


def read_line(line: str, offset: int = 0) -> Optional[Dateline]:
    """Return the dateline that opens one line of text, or None.

    >>> d = read_line("VLADIVOSTOK, Russia, Sept 13 (Reuters) – President Putin said")
    >>> [p.text for p in d.places], d.region.text, (d.month, d.day, d.year), d.credit.text
    (['VLADIVOSTOK'], 'Russia', (9, 13, None), 'Reuters')
    >>> read_line("Analysts said the talks would resume.") is None
    True
    """
    byline = _BYLINE_RE.match(line)
    if byline:
        return Dateline(offset + byline.start(), offset + byline.end(), credit=_span(byline, "credit", offset))
    match = _DATELINE_RE.match(line)
    if match and _plausible(match, line):
        return _from_match(match, offset)
    bare = _BARE_RE.match(line)
    if bare:
        places = (Span(offset + bare.start("places"), offset + bare.end("places"), bare.group("places")),)
        return Dateline(offset + bare.start(), offset + bare.end(), places, _span(bare, "region", offset))
    return None


def read_dateline(text: str) -> Optional[Dateline]:
    """Return the dateline of a story: the first line among its first few that opens with one.

    >>> d = read_dateline("Putin says Russia will help\\n\\nMOSCOW, June 3, 2024 (TASS) — The Kremlin said")
    >>> d.places[0].text, (d.year, d.month, d.day), d.credit.text
    ('MOSCOW', (2024, 6, 3), 'TASS')
    """
    offset, seen, stamp = 0, 0, None
    for line in text.split("\n"):
        if line.strip():
            seen += 1
            found = read_line(line, offset)
            if found is not None and (found.places or found.credit):
                return _dated_by(found, stamp)
            stamp = stamp or _stamp(line, offset)
            if seen >= _MAX_LINES or len(line) > _BODY_LINE:
                return stamp
        offset += len(line) + 1
    return stamp


def _stamp(line: str, offset: int) -> Optional[Dateline]:
    """A line that is only a full date, perhaps with a time (``Updated: Sep 19, 2023 22:15 IST``).

    >>> _stamp("Updated: Sep 19, 2023 22:15 IST", 0).year
    2023
    >>> _stamp("Sep 19 22:15", 0) is None   # no year: no stamp
    True
    """
    match = _STAMP_RE.match(line)
    if match is None or not match.group("y"):
        return None
    month = _month(match.group("m1") or match.group("m2"))
    day = int(re.match(r"\d+", match.group("d1") or match.group("d2")).group())
    return Dateline(offset + match.start("date"), offset + match.end("date"), date_text=_span(match, "date", offset),
                    year=int(match.group("y")), month=month, day=day)


def _dated_by(dateline: Dateline, stamp: Optional[Dateline]) -> Dateline:
    """The dateline, with the date or the year of the time stamp above it when it lacks them.

    ``NEW DELHI (PTI):`` under ``Updated: Sep 19, 2023`` is dated September 19, 2023;
    ``MOSCOW, Dec 31 (Reuters) -`` under a stamp of January 1, 2024 is December 31, 2023.
    """
    if stamp is None or dateline.year:
        return dateline
    if not dateline.month:
        return replace(dateline, date_text=stamp.date_text, year=stamp.year, month=stamp.month, day=stamp.day)
    year = stamp.year - 1 if dateline.month == 12 and stamp.month == 1 else stamp.year
    return replace(dateline, year=year)


def dateline_cuts(text: str) -> list[int]:
    """Return the offsets where a story starts after a dateline at the start of any line.

    A live blog repeats its dateline before every entry (``WASHINGTON (AP) —``); each entry's
    first sentence starts after it.
    """
    cuts, offset = [], 0
    for line in text.split("\n"):
        found = read_line(line, offset)
        if found is not None and found.end < offset + len(line):
            cuts.append(found.end)
        offset += len(line) + 1
    return cuts
