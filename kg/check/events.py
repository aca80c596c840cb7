"""Events the sources cannot all be right about.

* ``event-after-document``: an event a document states as done, dated after the document;
* ``role-not-held``: an event whose class needs a role (a summit needs heads of state or
  government, ``claims.json``: ``classes_needing_a_leader``) with a participant whom the
  reference roles show surely not holding one on the event's date;
* ``disputed-detail``: one event whose sources give different dates, places, counts or classes
  (the per-source values ``kg.store`` keeps on each source's mention, ``dip:disputed``); classes
  disagree only when one is cooperation and another conflict;
* ``factuality-conflict``: one document says an event happened, another that it did not: the
  same kind of event, two of the same sides, at the same time.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Optional

from kg import resources
from kg.check.findings import Finding, Side
from kg.check.read import select
from kg.check.reference import References, Titles, covers
from kg.event_classes import EventClasses
from kg.nlp.roles import date_bounds

_EVENTS = """
SELECT ?event ?class ?label ?date ?startDate ?factuality ?doc ?docId ?docDate WHERE {
  ?event a ?class ; prov:wasDerivedFrom ?doc ; rdfs:label ?label .
  ?doc dcterms:identifier ?docId .
  OPTIONAL { ?doc dcterms:date ?docDate }
  OPTIONAL { ?event dip:date ?date }
  OPTIONAL { ?event dip:startDate ?startDate }
  OPTIONAL { ?event dip:factuality ?factuality }
}"""
_SIDES = """
SELECT ?event ?actor WHERE { ?event dip:agent|dip:target|dip:participant ?actor . ?event prov:wasDerivedFrom ?doc }"""
_MENTIONS = """
SELECT ?event ?mention ?docId ?sentence ?start ?end WHERE {
  ?event dip:mention ?mention . ?mention dip:evidence ?s ; dip:triggerStart ?start ; dip:triggerEnd ?end .
  ?s dip:text ?sentence ; dip:inDocument/dcterms:identifier ?docId .
}"""
_STATED = """
SELECT ?event ?label ?mention ?docId ?docDate ?sentence ?kind ?value WHERE {
  ?event dip:disputed ?property ; rdfs:label ?label ; dip:mention ?mention .
  ?mention dip:evidence ?s . ?s dip:text ?sentence ; dip:inDocument ?doc . ?doc dcterms:identifier ?docId .
  OPTIONAL { ?doc dcterms:date ?docDate }
  { ?mention dip:statedDate ?value BIND("date" AS ?kind) }
  UNION { ?mention dip:statedPlace ?place . ?place rdfs:label ?value BIND("place" AS ?kind) }
  UNION { ?mention dip:statedCount ?value BIND("count" AS ?kind) }
  UNION { ?mention dip:statedClass ?c BIND(STRAFTER(STR(?c), "#") AS ?value) BIND("class" AS ?kind) }
}"""


@dataclass
class EventReport:
    """One event as one document reports it."""

    event: str
    cls: str
    label: str
    date: Optional[str]
    factuality: str
    doc_id: str
    doc_date: Optional[str]
    sides: frozenset[str] = frozenset()
    mention: Optional[tuple] = None  # (mention node, sentence, start, end) in this document


def read_reports(store, classes: EventClasses) -> list[EventReport]:
    """Return each (event, document) pair of the store's events, with sides and the document's first mention."""
    sides: dict[str, set[str]] = defaultdict(set)
    for row in select(store, _SIDES):
        sides[row["event"]].add(row["actor"])
    mentions: dict[tuple[str, str], tuple] = {}
    for row in select(store, _MENTIONS):
        key = (row["event"], row["docId"])
        found = (row["mention"], row["sentence"], int(row["start"]), int(row["end"]))
        if key not in mentions or found[2] < mentions[key][2]:
            mentions[key] = found
    reports = {}
    for row in select(store, _EVENTS):
        cls = row["class"].rpartition("#")[2]
        if cls not in classes:
            continue
        report = EventReport(row["event"], cls, row["label"], row["date"] or row["startDate"],
                        (row["factuality"] or "#Asserted").rpartition("#")[2], row["docId"], row["docDate"],
                        frozenset(sides[row["event"]]), mentions.get((row["event"], row["docId"])))
        reports[(report.event, report.doc_id)] = report
    return sorted(reports.values(), key=lambda r: (r.doc_id, r.event))


def _side(report: EventReport, says: str) -> Side:
    mention = report.mention or (None, None, None, None)
    return Side(report.doc_id, says, report.doc_date, mention[1], mention[2], mention[3], mention[0] or report.event)


def after_document(reports: list[EventReport]) -> list[Finding]:
    """Events a document states as done but dates after itself."""
    found = []
    for r in reports:
        if r.factuality != "Asserted" or not r.date or not r.doc_date:
            continue
        if date_bounds(r.date)[0] > date_bounds(r.doc_date)[1]:
            event_side = _side(r, f"{r.cls} dated {r.date}, stated as done")
            doc_side = Side(r.doc_id, f"the document is dated {r.doc_date}", r.doc_date, None, None, None, None)
            found.append(Finding(
                "event-after-document", r.label, r.event,
                f"{r.doc_id} ({r.doc_date}) reports {r.label} as done on {r.date}, after its own date",
                (event_side, doc_side), 1,
                "A report can state as done only what happened by its date: the event's date was probably read "
                "wrong (a weekday or 'next' taken forward), or the event is planned rather than done."))
    return found


def role_not_held(reports: list[EventReport], refs: References, titles: Titles, labels: dict[str, str],
                  needing_leader: frozenset[str], classes: EventClasses) -> list[Finding]:
    """Events of a class that needs a leader, with a person who surely was not one on the event's date."""
    found = []
    for r in reports:
        if not r.date or r.factuality != "Asserted" or not set(classes.ancestors(r.cls)) & needing_leader:
            continue
        for person in sorted(r.sides):
            terms = [t for t in refs.of(person) if titles.is_leader(t.title) and t.start]
            if not terms or not all(covers(t, r.date) is False for t in terms):
                continue
            name = labels.get(person, person)
            held = "; ".join(t.describe() for t in terms)
            found.append(Finding(
                "role-not-held", name, person,
                f"{r.doc_id} reports a {r.cls} of {name} on {r.date}, when {name} was not a head of state or government",
                (_side(r, f"{r.cls} with {name} on {r.date}"),
                 Side("reference roles", f"{name}: {held}", None, None, None, None, terms[0].node,
                      tuple(u for t in terms for u in t.sources))),
                1, f"The reference roles date every leader's office {name} held ({held}), and none covers "
                   f"{r.date}: the event is probably a meeting of another kind, or its date is wrong."))
    return found


def _compatible_classes(classes: EventClasses, names) -> bool:
    """Classes that can all describe one event: none says cooperation where another says conflict.

    A visit one source calls talks, or a summit another calls a visit, is one event seen from two
    sides, not a contradiction; talks one source calls clashes is.
    """
    sides = {(classes.quad_class(n) or "").replace("Verbal", "").replace("Material", "") for n in names if n in classes}
    return len(sides - {""}) <= 1


def disputed_details(store, classes: EventClasses) -> list[Finding]:
    """One event whose sources disagree on a detail: each value with the documents that give it."""
    values: dict[tuple[str, str], dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    labels = {}
    for row in select(store, _STATED):
        values[(row["event"], row["kind"])][row["value"]].append(row)
        labels[row["event"]] = row["label"]
    found = []
    for (event, kind), by_value in sorted(values.items()):
        if len(by_value) < 2 or (kind == "class" and _compatible_classes(classes, by_value)):
            continue
        ranked = sorted(by_value.items(), key=lambda kv: (-len({r["docId"] for r in kv[1]}),
                                                          _negated_date(max(r["docDate"] or "" for r in kv[1]))))
        sides = tuple(Side(rows[0]["docId"], f"{kind}: {value} ({len({r['docId'] for r in rows})} document(s): "
                           f"{', '.join(sorted({r['docId'] for r in rows}))})", rows[0]["docDate"],
                           rows[0]["sentence"], None, None, rows[0]["mention"]) for value, rows in ranked)
        tie = len(ranked) > 1 and len({r["docId"] for r in ranked[0][1]}) == len({r["docId"] for r in ranked[1][1]})
        why = ("More documents give this value" if not tie else
               "As many documents give each value; the latest report is preferred, as it can correct earlier ones")
        found.append(Finding("disputed-detail", labels[event], event,
                             f"the sources of {labels[event]} disagree on its {kind}", sides, 0, why + "."))
    return found


def _negated_date(day: str) -> str:
    """A sort key that puts later dates first."""
    return "".join(chr(0x10FFFF - ord(c)) for c in day)


def factuality_conflicts(reports: list[EventReport], classes: EventClasses) -> list[Finding]:
    """A document says an event happened and another that it did not (same kind, two shared sides, same time)."""
    found, seen = [], set()
    asserted = [r for r in reports if r.factuality == "Asserted"]
    for negated in (r for r in reports if r.factuality == "Negated"):
        for done in asserted:
            if done.doc_id == negated.doc_id or (done.event, negated.event) in seen:
                continue
            if not (set(classes.ancestors(done.cls)) & set(classes.ancestors(negated.cls))):
                continue
            if len(done.sides & negated.sides) < 2 or not _same_time(done, negated):
                continue
            seen.add((done.event, negated.event))
            found.append(_conflict(done, negated, reports))
    return found


def _same_time(a: EventReport, b: EventReport) -> bool:
    if a.date and b.date:
        (a0, a1), (b0, b1) = date_bounds(a.date), date_bounds(b.date)
        return a0 <= b1 and b0 <= a1
    anchor = [date_bounds(r.date or r.doc_date)[0] for r in (a, b) if r.date or r.doc_date]
    return len(anchor) == 2 and abs(anchor[0] - anchor[1]) <= dt.timedelta(days=7)


def _conflict(done: EventReport, negated: EventReport, reports: list[EventReport]) -> Finding:
    count = {e: len({r.doc_id for r in reports if r.event == e}) for e in (done.event, negated.event)}
    sides = (_side(done, f"{done.cls} happened ({count[done.event]} document(s))"),
             _side(negated, f"{negated.cls} did not happen ({count[negated.event]} document(s))"))
    if count[done.event] != count[negated.event]:
        likelier = 0 if count[done.event] > count[negated.event] else 1
        why = "More documents report it this way."
    else:
        likelier = 0 if (done.doc_date or "") > (negated.doc_date or "") else 1
        why = "As many documents on each side; the later report is preferred, as it can know what the earlier did not."
    return Finding("factuality-conflict", done.label, done.event,
                   f"{done.doc_id} says {done.label} happened; {negated.doc_id} says it did not", sides, likelier, why)


def classes_needing_a_leader() -> frozenset[str]:
    """The event classes whose participants must be heads of state or government (``claims.json``)."""
    return frozenset(resources.read_json("lexicon", "claims.json").get("classes_needing_a_leader", ()))
