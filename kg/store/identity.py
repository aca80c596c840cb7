"""Across documents: which reports are one real event.

Two reports of different documents are *compatible* when nothing says they are different events
and enough says they are the same (``evidence``); the reports of a store are grouped into
events by ``partition``, whose result depends only on the set of reports, never on the order
they arrived in. The rules, and why, are in docs/events.md.
"""
from __future__ import annotations

import datetime as dt
from collections import deque
from typing import Iterable, Optional

from kg.rdf.reports import MergedEvent, Report, event_iri, merge_reports

WINDOW = dt.timedelta(days=7)  # an undated report may be of an event up to a week before its document
PAST = dt.timedelta(days=366)  # an undated report told as the past: up to a year before its document
# Points of evidence (an exact day 2, a month or the same week 1; each matching side 1, up to 2;
# a matching place 1) two reports need to be one event: STRONG is enough; PARTIAL only for a
# report that can belong to one event and no other (a headline naming one side of a summit);
# SPEECH for words one side says to or of another, of which there are many in a week: two
# outlets' undated "Trump declined to condemn Putin" may be one refusal or two (counted from
# SPEECH up, so that it is strong there); a word of what was said that both reports give
# ("likened Putin to a killer", "called Putin a killer") is one point more.
STRONG, PARTIAL, SPEECH = 3, 2, 4
UNLINKED = frozenset({"Statement"})  # what someone said is not linked across documents
# Only what is said to have happened, or to be planned, promised or offered, is linked: two
# outlets' "Russia would help build satellites" are one promise; a denial ("did not respond")
# is no happening to be one of.
LINKED_FACTUALITY = frozenset({"Asserted", "Hypothetical"})


def _own(report: Report) -> Optional[tuple[dt.date, dt.date]]:
    """The days the report's own date stands for, as evidence of identity.

    Words said (``speech``) dated only by the story around them ("Putin praised Kim" in the
    story of Wednesday's summit) are one of the many things said that day: only a date the text
    gives the words themselves counts; the others count as undated reports of that week.
    """
    return None if report.speech and report.date_basis else report.interval()


def _window(report: Report, past: dt.timedelta = WINDOW) -> Optional[tuple[dt.date, dt.date]]:
    """The days the event can have happened on: its own date, else the week up to its document's date
    (the year up to it, with ``past=PAST``, for a report told as the past)."""
    own = _own(report)
    if own is not None:
        return own
    doc = report.doc_interval()
    return (doc[0] - (past if report.past else WINDOW), doc[1]) if doc else None


def _sides_of(report: Report) -> Optional[set]:
    if report.cls in UNLINKED or report.factuality not in LINKED_FACTUALITY:
        return None
    countries = report.country_of
    return {countries.get(k, k) for k in (*report.sides, *report.places)}


def _months(window: tuple[dt.date, dt.date]) -> set[str]:
    months, day = set(), window[0].replace(day=1)
    while day <= window[1]:
        months.add(day.strftime("%Y-%m"))
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def _years(window: tuple[dt.date, dt.date]) -> set[str]:
    return {str(year) for year in range(window[0].year, window[1].year + 1)}


def identity_keys(report: Report) -> frozenset[str]:
    """The keys a report is stored under: its family, each month it can be in, each side's and place's country.

    An undated report told as the past is also stored under each year of the year before its
    document (``Meeting|2018|nk``), which ``lookup_keys`` of every report ask for. Two compatible
    reports always share a key of one with a lookup key of the other, so looking a report's
    ``lookup_keys`` up finds every report it could be one event with, in a store
    (``kg.store.events``) as in a group of new reports (``components``).

    >>> r = Report("d|1-2", "doc", "2019-03-01", "Summit", ("Summit", "Meeting"), True, participants=("k", "t"),
    ...            countries=(("k", "nk"),))
    >>> sorted(identity_keys(r))
    ['Meeting|2019-02|nk', 'Meeting|2019-02|t', 'Meeting|2019-03|nk', 'Meeting|2019-03|t']
    """
    return _memo(report, "identity_keys", _identity_keys)


def _identity_keys(report: Report) -> frozenset[str]:
    window, sides = _window(report), _sides_of(report)
    if window is None or sides is None:
        return frozenset()
    periods = _months(window) | (_years(_window(report, PAST)) if report.past and _own(report) is None else set())
    return frozenset(f"{report.family}|{period}|{side}" for period in periods for side in sides)


def lookup_keys(report: Report) -> frozenset[str]:
    """The keys to look a report's possible partners up by: its own, its years (for reports told as
    the past) and, told as the past itself, every month of the year before its document."""
    return _memo(report, "lookup_keys", _lookup_keys)


def _lookup_keys(report: Report) -> frozenset[str]:
    window, sides = _window(report, PAST), _sides_of(report)
    if window is None or sides is None:
        return frozenset()
    periods = _years(window) | (_months(window) if report.past and _own(report) is None else set())
    return identity_keys(report) | {f"{report.family}|{period}|{side}" for period in periods for side in sides}


def _memo(report: Report, name: str, work):
    """``work(report)``, worked out once per report: a write asks for a report's keys several times.

    Kept in the instance's ``__dict__`` beside its ``cached_property`` values, outside the
    dataclass fields (equality, hashing and JSON are unchanged); a report never changes.
    """
    cache = report.__dict__
    if name not in cache:
        cache[name] = work(report)
    return cache[name]


def _time_points(r: Report, s: Report) -> Optional[int]:
    """2 for the same day, 1 for dates that can be the same day or an undated report of that week;
    -1 for two days next to each other (a time zone, a late report); None when they differ.

    An undated report told as the past ("the accord signed by A and B") can also be of any day of
    the year before its document: beyond the week that is 0, no evidence but no objection either
    (it joins the one such event it can be and no other, see ``_groups``).
    """
    points = _recent_time_points(r, s)
    if points is None and ((r.past and _own(r) is None) or (s.past and _own(s) is None)):
        wa, wb = _window(r, PAST), _window(s, PAST)
        return 0 if wa and wb and wa[0] <= wb[1] and wb[0] <= wa[1] else None
    return points


def _recent_time_points(r: Report, s: Report) -> Optional[int]:
    a, b = _own(r), _own(s)
    if a is not None and b is not None:
        if a[0] <= b[1] and b[0] <= a[1]:
            return 2 if a[0] == a[1] == b[0] == b[1] else 1
        if a[0] == a[1] and b[0] == b[1] and abs((a[0] - b[0]).days) == 1:
            return -1
        return None
    wa, wb = _window(r), _window(s)
    if wa is None or wb is None:
        return None
    if a is None and b is None:  # both undated: their documents within a week of each other
        gap = max(wa[0], wb[0]) - min(wa[1], wb[1])
        return 1 if gap <= WINDOW else None
    return 1 if wa[0] <= wb[1] and wb[0] <= wa[1] else None


def time_span(report: Report) -> Optional[tuple[int, int]]:
    """The first and last day (ordinals) of every window ``_time_points`` reads for the report, or None.

    Two reports whose spans are more than ``WINDOW`` apart have no time points (``_time_points`` is
    None, so ``evidence`` is None): each case of it compares windows that lie inside the spans,
    and accepts at most a gap of ``WINDOW`` (two undated reports). A report with no span
    has no time points with any report. Used to skip comparisons that cannot succeed.
    """
    return _memo(report, "time_span", _time_span)


def _time_span(report: Report) -> Optional[tuple[int, int]]:
    windows = [w for w in (_own(report), _window(report), _window(report, PAST)) if w is not None]
    if not windows:
        return None
    return min(w[0] for w in windows).toordinal(), max(w[1] for w in windows).toordinal()


def _matches(a: str, b: str, ca: dict, cb: dict) -> bool:
    return a == b or ca.get(a) == b or a == cb.get(b)


def _matched(mine: tuple, theirs: tuple, ca: dict, cb: dict) -> int:
    return sum(1 for k in dict.fromkeys(mine) if any(_matches(k, o, ca, cb) for o in theirs))


def _side_points(r: Report, s: Report) -> Optional[int]:
    """How many sides match (at most 2); None when too few do, or who did what to whom differs.

    A side matches itself or its country ("Trump" and "the United States"); of the sides of the
    report that names fewer, min(2, their number) must match. Roles count for directed events.
    """
    cr, cs = r.country_of, s.country_of
    if r.symmetric and s.symmetric:
        small, large, cs_, cl_ = (r.sides, s.sides, cr, cs) if (len(set(r.sides)), r.key) <= (len(set(s.sides)), s.key) \
            else (s.sides, r.sides, cs, cr)
        matched = _matched(small, large, cs_, cl_)
        return min(matched, 2) if matched >= min(2, len(set(small))) else None
    total = 0
    for mine, theirs in ((r.agents, s.agents), ((*r.targets, *r.participants), (*s.targets, *s.participants))):
        if mine and theirs:
            found = min(_matched(mine, theirs, cr, cs), _matched(theirs, mine, cs, cr))
            if not found:
                return None
            total += found
    return min(total, 2)


def _place_points(r: Report, s: Report) -> Optional[int]:
    """1 when a place of one is, or is in, a place of the other; None when they are in different
    countries, unless one is only the city of its dateline (where the reporter files from, not
    necessarily where it happened: "RIYADH — Iran and Saudi Arabia agreed in Beijing...")."""
    if not r.places or not s.places:
        return 0
    cr, cs = r.country_of, s.country_of
    if any(_matches(p, q, cr, cs) for p in r.places for q in s.places):
        return 1
    for p in r.places:
        for q in s.places:
            if cr.get(p) is None or cs.get(q) is None or cr.get(p) == cs.get(q):
                return 0  # maybe the same event: a hotel and an island of one country
    return 0 if "dateline" in (r.place_basis, s.place_basis) else None


def evidence(r: Report, s: Report) -> Optional[int]:
    """Return how much says two reports are one event, or None when they are not (or too little does).

    Reports of one document are never one event here (inside a document that was decided when
    it was read), nor reports of unrelated classes, nor a happening and a plan of it (an asserted
    and a hypothetical report), nor denials.
    """
    if r.document == s.document or not r.related(s) or UNLINKED & {r.cls, s.cls}:
        return None
    if r.factuality != s.factuality or r.factuality not in LINKED_FACTUALITY:
        return None
    time = _time_points(r, s)  # the cheapest test first: most pairs a store compares differ in time
    sides = _side_points(r, s) if time is not None else None
    place = _place_points(r, s) if sides is not None else None
    if time is None or sides is None or place is None:
        return None
    if time < 0:  # two days apart by one: only the same sides at the same place
        if sides < 2 or place < 1:
            return None
        time = 1
    total = time + sides + place
    if r.speech or s.speech:
        total += 1 if set(r.words) & set(s.words) else 0  # what was said: "called him a killer" twice
        return total - 1 if total >= SPEECH else None
    return total if total >= STRONG or (total >= PARTIAL and sides >= 1) else None


def _rank(report: Report) -> tuple:
    """Most informative first: an exact day, a narrower date, more sides, a place, more mentions."""
    span = report.interval()
    width = (span[1] - span[0]).days if span else 100_000
    return (width, -len(set(report.sides)), -len(report.places), -len(report.mentions), report.key)


def ranked(reports: Iterable[Report]) -> list[Report]:
    """Return reports most informative first (the order a group of them is kept in)."""
    return sorted(reports, key=_rank)


def components(reports: Iterable[Report]) -> list[list[Report]]:
    """Split reports into the connected components of the compatibility relation, sorted by key.

    Only reports that share an identity key are compared (compatible ones always do): the cost
    grows with the reports of one family, month and side, not with the square of all of them.
    """
    todo = {r.key: r for r in reports}
    by_key: dict[str, list[str]] = {}
    keys_of = {r.key: lookup_keys(r) for r in todo.values()}
    for report in todo.values():
        for k in identity_keys(report):
            by_key.setdefault(k, []).append(report.key)
    out = []
    for key in sorted(todo):
        if key not in todo:
            continue
        seed = todo.pop(key)
        comp, queue = [seed], deque([seed])
        while queue:
            current = queue.popleft()
            near = sorted({n for k in keys_of[current.key] for n in by_key.get(k, ()) if n in todo})
            for other in [todo[n] for n in near if evidence(current, todo[n]) is not None]:
                del todo[other.key]
                comp.append(other)
                queue.append(other)
        out.append(sorted(comp, key=lambda r: r.key))
    return out


def _groups(component: list[Report]) -> list[list[Report]]:
    """Partition one component into events whose reports are all compatible with each other.

    Reports are taken most informative first; each joins the event it shares the most evidence
    with (the earliest on a tie), provided one of its members gives strong evidence, or the
    only event it could join; else it starts one.
    """
    groups: list[list[Report]] = []
    for report in sorted(component, key=_rank):
        found = []
        for group in groups:
            scores = [evidence(report, member) for member in group]
            if all(score is not None for score in scores):
                found.append((sum(scores), max(scores), group))
        strong = [f for f in found if f[1] >= STRONG]
        if strong:
            max(strong, key=lambda f: f[0])[2].append(report)  # max keeps the earliest of equals
        elif len(found) == 1:
            found[0][2].append(report)
        else:
            groups.append([report])
    return groups


def partition(reports: Iterable[Report]) -> list[list[Report]]:
    """Group reports into events, each list starting with its most informative report."""
    return [group for component in components(reports) for group in _groups(component)]


def merged_event(group: list[Report]) -> MergedEvent:
    """The event a group of reports makes: its IRI (from its first report), merged values and keys."""
    keys = tuple(sorted({k for r in group for k in identity_keys(r)}))
    return merge_reports(group, iri=event_iri(group[0]), keys=keys)
