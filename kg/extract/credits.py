"""Credit lines: the news agency a wire story is credited to, a source and never an actor.

``SEOUL (Reuters) –``, ``VLADIVOSTOK, Russia, Sept 13 (Reuters) –``, ``SINGAPORE (The Straits
Times/ANN)-``, ``Riyadh, 11 March 2023 (TDI):``, ``(JNS) WASHINGTON –``, ``BEIJING, March 10
/Xinhua/ --``, ``Ramallah, May 22, WAFA –``: the outlet in the dateline at the opening of a line.
The outlet named first is the source (a syndication network after a slash, "/ANN", is only the
carrier, unless the gazetteer knows it); it is the document's credit (``dip:credit``), neither an
entity the story mentions nor the agent or target of an event. The journalists a story credits
(``By Jane Doe``, ``(Reporting by Jane Doe in Seoul; Editing by John Roe)``) are
neither actors nor entities of the story.
"""
from __future__ import annotations

import re

from kg.nlp.dateline import read_line

_OUTLET_SPLIT_RE = re.compile(r"\s*[/,;]\s*|\s+and\s+")
_CREDIT_HEAD = 80  # "/Xinhua/", ", WAFA –": a credit without brackets comes early in its line
_BARE_HINT = re.compile(r"\w[.,][ \t]+[A-Z][\w-]*[ \t]+(?:—|–|--|-)[ \t]")
_HEAD_CHARS = 1200  # a byline opens the story: only its first lines are read
# "(Reporting by Jane Doe in Seoul; Editing by John Roe)", "Additional reporting by ..."
_STAFF_RE = re.compile(r"\b(?:(?:[Aa]dditional )?[Rr]eporting|[Ww]riting|[Ee]diting|[Cc]ompiled|[Ff]act-checking)"
                       r"\s+by\s+(?P<names>[^;()\n]+)")
# "By Jane Doe" opening a line near the top of the story (a byline), up to "|", "," or the line's end
_BYLINE_RE = re.compile(r"^[ \t]*By[ \t]+(?P<names>[A-Z][^\n|,]{1,80}?)[ \t]*(?=[|,]|$)", re.MULTILINE)


def credit_spans(text: str) -> list[tuple[int, int, bool]]:
    """Return ``(start, end, first)`` character spans of the outlets named in the credit lines.

    The credit is the one the dateline reader (``kg.nlp.dateline``) finds on each line that opens
    with a dateline: a live blog repeats its dateline, and its credit, before every entry.

    >>> text = "SEOUL (Reuters) - North Korea fired a missile."
    >>> [(text[s:e], first) for s, e, first in credit_spans(text)]
    [('Reuters', True)]
    """
    spans, offset = [], 0
    for line in text.split("\n"):
        found = read_line(line, offset) if _may_credit(line) else None
        if found is not None and found.credit is not None:
            spans.extend(_outlets(found.credit.text, found.credit.start))
        offset += len(line) + 1
    return spans


def _may_credit(line: str) -> bool:
    """A cheap test before the dateline reader: the line may open with a credited dateline."""
    head = line[:_CREDIT_HEAD]
    return "(" in line or "/" in head or line.lstrip().startswith("By ") or _BARE_HINT.search(head) is not None


def _outlets(credit: str, offset: int) -> list[tuple[int, int, bool]]:
    found, position = [], 0
    for index, part in enumerate(_OUTLET_SPLIT_RE.split(credit)):
        position = credit.index(part, position)
        if part:
            found.append((offset + position, offset + position + len(part), index == 0))
        position += len(part)
    return found


def staff_spans(text: str) -> list[tuple[int, int]]:
    """Return the character spans that credit journalists: bylines and "Reporting by" notes.

    >>> text = "Talks resumed. (Reporting by Jane Doe; Editing by John Roe)"
    >>> [text[s:e] for s, e in staff_spans(text)]
    ['Jane Doe', 'John Roe']
    """
    spans = [(m.start("names"), m.end("names")) for m in _STAFF_RE.finditer(text)]
    spans += [(m.start("names"), m.end("names")) for m in _BYLINE_RE.finditer(text[:_HEAD_CHARS])]
    return sorted(spans)
