"""Reports: what one document says of one event, and the event graph made from several of them.

A document's events do not go into its own graph: each becomes a ``Report`` (its class, sides,
places, date, factuality, count and mentions, everything named by IRI), and the store decides
which reports of which documents are one real event (``kg.store.identity``) and writes one
graph per event (``event_graph``): the merged event, ``prov:wasDerivedFrom`` every document
that reports it, its mentions, and each report as JSON (``dip:reportData``) so that the store
can merge the event again when a document is removed, without reading any article again.
The shape is described in docs/events.md.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, fields
from functools import cached_property, lru_cache
from typing import Iterable, Optional

from kg import iris
from kg.rdf import ntriples as nt
from kg.records import DocumentRecord, Event, TimeValue, day_bounds


@dataclass(frozen=True)
class Report:
    """One document's account of one event; actors, places and the document are IRIs.

    ``key`` (the document id and the offsets of the first mention) names the report; ``chain``
    is the class and its event superclasses, nearest first; ``symmetric`` says whether sides are
    interchangeable (in the class or a class above it), ``symmetric_classes`` which of the chain
    are; ``speech`` whether it is words one side says to or of another
    (a verbal quad class, not symmetric: praise, criticism, an appeal), of which there are many
    between the same sides in a week; ``countries`` gives the country of each side or place that
    has one, as the document knows it; ``names`` the labels of the sides, for the event's label.
    """

    key: str
    document: str
    doc_date: Optional[str]
    cls: str
    chain: tuple[str, ...]
    symmetric: bool
    symmetric_classes: tuple[str, ...] = ()
    speech: bool = False
    factuality: str = "Asserted"
    agents: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    on_behalf_of: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()  # third parties, never sides: who hosted, mediated or witnessed it
    mediators: tuple[str, ...] = ()
    witnesses: tuple[str, ...] = ()
    date: Optional[str] = None
    start: Optional[str] = None
    end: Optional[str] = None
    time_text: str = ""
    date_basis: str = ""  # "context", "document" or "known" (kg.records.TimeValue.basis); empty: the text states it
    place_basis: str = ""  # "dateline": the place is only the dateline's (where the reporter is); empty: the text's
    past: bool = False  # undated, told as part of the past ("the accord signed by A and B"), not as news
    count: Optional[int] = None
    quote: Optional[str] = None
    mentions: tuple[str, ...] = ()
    words: tuple[str, ...] = ()  # what it is about (kg.extract.events.topic): evidence for words said
    countries: tuple[tuple[str, str], ...] = ()
    names: tuple[tuple[str, str], ...] = ()

    @property
    def family(self) -> str:
        """The topmost event class above this one (``Meeting`` for a summit)."""
        return self.chain[-1] if self.chain else self.cls

    def related(self, other: "Report") -> bool:
        """True when the two classes can be readings of one event: one is a kind of the other, or
        both are kinds of a class whose sides are interchangeable (a summit and a visit)."""
        if self.cls in other.chain or other.cls in self.chain:
            return True
        common = next((c for c in self.chain if c in other.chain), None)
        return common is not None and common in self.symmetric_classes

    @property
    def sides(self) -> tuple[str, ...]:
        return (*self.agents, *self.participants, *self.targets)

    @property
    def time(self) -> TimeValue:
        return TimeValue(self.date, start=self.start, end=self.end, text=self.time_text,
                         basis=self.date_basis or "stated")

    def interval(self) -> Optional[tuple[dt.date, dt.date]]:
        """The days the report's own date can stand for, or None when it states none.

        A date that is only the document's own (``date_basis`` "document") is the day the event
        was reported, not when it happened: it counts as none here.
        """
        return self._interval

    def doc_interval(self) -> Optional[tuple[dt.date, dt.date]]:
        """The days the document's date can stand for, or None."""
        return self._doc_interval

    # Worked out once per report: linking a new report compares it with many stored ones
    # (``kg.store.identity.evidence``). cached_property stores the value in the instance's
    # ``__dict__``, outside the dataclass fields, so equality, hashing and JSON are unchanged.
    @cached_property
    def _interval(self) -> Optional[tuple[dt.date, dt.date]]:
        return None if self.date_basis == "document" else self.time.interval()

    @cached_property
    def _doc_interval(self) -> Optional[tuple[dt.date, dt.date]]:
        try:
            return day_bounds(self.doc_date) if self.doc_date else None
        except ValueError:
            return None

    @cached_property
    def country_of(self) -> dict[str, str]:
        """``countries`` as a mapping: the country of each side or place that has one (do not change it)."""
        return dict(self.countries)

    def to_json(self) -> str:
        """The report as compact JSON with sorted keys (the same report gives the same text)."""
        return self._json

    @cached_property
    def _json(self) -> str:
        data = {f.name: getattr(self, f.name) for f in fields(self)}  # shallow: asdict copies every tuple
        data = {k: v for k, v in data.items() if v not in (None, (), "", [])}
        return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> "Report":
        data = json.loads(text)
        data.setdefault("doc_date", None)
        for name in ("chain", "symmetric_classes", "agents", "targets", "participants", "places", "on_behalf_of",
                     "hosts", "mediators", "witnesses", "mentions", "words"):
            data[name] = tuple(data.get(name, ()))
        for name in ("countries", "names"):
            data[name] = tuple(tuple(pair) for pair in data.get(name, ()))
        return cls(**data)


@lru_cache(maxsize=1024)  # asked twice per mention: for the document graph and for the report
def mention_iri(doc_id: str, start: int, end: int) -> str:
    """Return the IRI of an event mention: its document and the offsets of its trigger."""
    return iris.local_iri("eventmention", doc_id, start, end)


def event_iri(anchor: Report) -> str:
    """Return the IRI of the event whose first report is ``anchor``: class, date and report key.

    >>> r = Report("d1|10-16", "https://w3id.org/diplokg/id/doc/d1", None, "Summit", ("Summit", "Meeting"), True,
    ...            date="2019-02-27")
    >>> event_iri(r).rsplit("/", 1)[1][:26]
    'summit-2019-02-27-d1-10-16'
    """
    return iris.mint("event", f"{anchor.cls} {anchor.date or anchor.start or ''} {anchor.key}")


def reports_of(record: DocumentRecord) -> list[Report]:
    """Return one report per event of a document (what ``kg.rdf.mapping`` hands the store)."""
    doc = iris.document_iri(record.doc_id)
    classes = {name: (chain, symmetric, quad) for name, chain, symmetric, quad in record.event_classes}
    countries = dict(record.countries)
    names = {a.key: a.label for a in record.actors}
    actor = _ActorIris().__getitem__
    return [_report(record.doc_id, doc, record.date, event, classes, countries, names, actor)
            for event in record.events]


class _ActorIris(dict):
    """One document's actor IRIs by key, each minted once (minting hashes; events repeat their sides)."""

    def __missing__(self, key: str) -> str:
        value = self[key] = iris.actor_iri(key)
        return value


def _report(doc_id: str, doc: str, doc_date: Optional[str], event: Event, classes: dict, countries: dict,
            names: dict, actor) -> Report:
    chain, symmetric, quad = classes.get(event.event_type, ((event.event_type,), (), ""))
    mentions = event.all_mentions()
    keys = [*event.agents, *event.targets, *event.participants, *event.places, *event.on_behalf_of,
            *event.hosts, *event.mediators, *event.witnesses]
    when = event.time or TimeValue(None)
    return Report(
        key=f"{doc_id}|{mentions[0].trigger.start}-{mentions[0].trigger.end}", document=doc, doc_date=doc_date,
        cls=event.event_type, chain=tuple(chain), symmetric=bool(symmetric), symmetric_classes=tuple(symmetric),
        speech=quad.startswith("Verbal") and not symmetric, factuality=event.factuality,
        agents=tuple(map(actor, event.agents)), targets=tuple(map(actor, event.targets)),
        participants=tuple(map(actor, event.participants)), places=tuple(map(actor, event.places)),
        on_behalf_of=tuple(map(actor, event.on_behalf_of)), hosts=tuple(map(actor, event.hosts)),
        mediators=tuple(map(actor, event.mediators)), witnesses=tuple(map(actor, event.witnesses)), date=when.value,
        start=when.start if when.start and when.end else None, end=when.end if when.start and when.end else None,
        place_basis=event.place_basis, past=event.told_as_past and not when.value, time_text=when.text,
        date_basis=when.basis if (when.value or when.basis == "known") and when.basis != "stated" else "", count=event.count, quote=event.quote,
        mentions=tuple(mention_iri(doc_id, m.trigger.start, m.trigger.end) for m in mentions),
        words=event.words if quad.startswith("Verbal") and not symmetric else (),
        countries=tuple(sorted({(actor(k), actor(countries[k])) for k in keys if k in countries})),
        names=tuple(sorted({(actor(k), names[k]) for k in keys if k in names})))


@dataclass(frozen=True)
class Dispute:
    """A detail the reports of one event disagree on: each source's value, the one kept and why."""

    prop: str  # local name of the dip: property (date, place, count) or "type"
    kept: str
    note: str
    stated: tuple[tuple[str, str], ...] = ()  # (first mention of a report, that report's value)


@dataclass(frozen=True)
class MergedEvent:
    """The values of one event, merged from its reports (``kg.store.identity.merge_reports``)."""

    iri: str
    cls: str
    label: str
    agents: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    on_behalf_of: tuple[str, ...] = ()
    hosts: tuple[str, ...] = ()
    mediators: tuple[str, ...] = ()
    witnesses: tuple[str, ...] = ()
    time: Optional[TimeValue] = None
    factuality: str = "Asserted"
    count: Optional[int] = None
    quote: Optional[str] = None
    first_reported: Optional[str] = None
    disputes: tuple[Dispute, ...] = ()
    keys: tuple[str, ...] = ()


def merge_reports(reports: list[Report], *, iri: Optional[str] = None, keys: tuple[str, ...] = ()) -> MergedEvent:
    """Merge the reports of one event, the first (most informative) one first.

    The class is the most specific one the reports give (the most frequent of them, then the
    first report's); sides are united, a country dropped when a side of it is there; places are
    united as the sources name them (one names the hotel, another the city-state: both hold); the date is the most specific one; the count the most frequent (then the largest).
    Where reports disagree, the event records the dispute (``Dispute``).
    """
    first = reports[0]
    countries = dict(pair for r in reports for pair in r.countries)
    names = dict(pair for r in reversed(reports) for pair in r.names)
    cls, disputes = _merged_class(reports)
    if first.symmetric:
        agents, targets = (), ()
        participants = _drop_containers([k for r in reports for k in r.sides], countries)
    else:
        agents = _drop_containers([k for r in reports for k in r.agents], countries)
        targets = tuple(k for k in _drop_containers([k for r in reports for k in (*r.targets, *r.participants)],
                                                    countries) if k not in agents)
        participants = ()
    time, date_dispute = _merged_time(reports)
    count, count_dispute = _merged_count(reports)
    place_dispute = _place_dispute(reports, countries)
    disputes += tuple(d for d in (date_dispute, count_dispute, place_dispute) if d)
    sides = [names.get(k, k) for k in (*agents, *participants, *targets)]
    days = sorted(d for r in reports if (d := r.doc_interval()))
    return MergedEvent(
        iri=iri or event_iri(first), cls=cls, label=f"{cls}: {', '.join(sides)}" if sides else cls,
        agents=agents, targets=targets, participants=participants,
        places=tuple(dict.fromkeys(k for r in reports for k in r.places)),  # each source's, as it names them
        on_behalf_of=tuple(dict.fromkeys(k for r in reports for k in r.on_behalf_of)), time=time,
        hosts=tuple(dict.fromkeys(k for r in reports for k in r.hosts)),
        mediators=tuple(dict.fromkeys(k for r in reports for k in r.mediators)),
        witnesses=tuple(dict.fromkeys(k for r in reports for k in r.witnesses)),
        factuality=first.factuality, count=count, quote=next((r.quote for r in reports if r.quote), None),
        first_reported=days[0][0].isoformat() if days and days[0][0] == days[0][1] else None,
        disputes=disputes, keys=keys)


def _drop_containers(keys: list[str], countries: dict) -> tuple[str, ...]:
    """Keep each key once, dropping a country when a side or place of that country is there."""
    keys = list(dict.fromkeys(keys))
    inner = {countries[k] for k in keys if countries.get(k) not in (None, k)}
    return tuple(k for k in keys if k not in inner)


def _merged_class(reports: list[Report]) -> tuple[str, tuple]:
    """The most specific class the reports give; a dispute when two of them are siblings."""
    classes = [r.cls for r in reports]
    above = {c for r in reports for c in r.chain[1:]}
    specific = [c for c in dict.fromkeys(classes) if c not in above]
    if len(specific) <= 1:
        return (specific or classes)[0], ()
    kept = max(specific, key=lambda c: (classes.count(c), -classes.index(c)))
    note = f"type: {kept}, given by {classes.count(kept)} of {len(reports)} reports ({', '.join(sorted(specific))} given)"
    stated = tuple((r.mentions[0], r.cls) for r in reports if r.mentions)
    return kept, (Dispute("type", kept, note, stated),)


def _merged_time(reports: list[Report]) -> tuple[Optional[TimeValue], Optional[Dispute]]:
    """The most specific date; when two reports give different days, the most frequent, then the earliest."""
    dated = [(r, r.interval()) for r in reports if r.interval() is not None]
    if not dated:  # at most the days it was reported on: the earliest (it happened by then)
        reported = sorted((r for r in reports if r.date_basis == "document" and r.date), key=lambda r: (r.date, r.key))
        return (reported[0].time if reported else None), None
    days = [r.date for r, span in dated if span[0] == span[1] and r.date]
    if len(set(days)) > 1:
        kept = min(set(days), key=lambda d: (-days.count(d), d))
        note = f"date: {kept}, given by {days.count(kept)} of {len(days)} reports that give a day ({', '.join(sorted(set(days)))})"
        stated = tuple((r.mentions[0], r.date) for r, span in dated if r.mentions and span[0] == span[1])
        best = next(r for r, _ in dated if r.date == kept)
        return best.time, Dispute("date", kept, note, stated)
    best = min(dated, key=lambda pair: (pair[1][1] - pair[1][0]).days)[0]
    return best.time, None


def _merged_count(reports: list[Report]) -> tuple[Optional[int], Optional[Dispute]]:
    counts = [r.count for r in reports if r.count is not None]
    if not counts:
        return None, None
    kept = max(set(counts), key=lambda c: (counts.count(c), c))
    if len(set(counts)) == 1:
        return kept, None
    note = f"count: {kept}, given by {counts.count(kept)} of {len(counts)} reports that give one ({', '.join(map(str, sorted(set(counts))))})"
    stated = tuple((r.mentions[0], str(r.count)) for r in reports if r.mentions and r.count is not None)
    return kept, Dispute("count", str(kept), note, stated)


def _place_dispute(reports: list[Report], countries: dict) -> Optional[Dispute]:
    """Reports that name places none of which is, or is in, another report's: all are kept."""
    placed = [r for r in reports if r.places]
    def near(p, q):
        return p == q or countries.get(p) == q or p == countries.get(q)
    if len(placed) < 2 or all(any(near(p, q) for p in placed[0].places for q in r.places) for r in placed[1:]):
        return None
    named = sorted({p for r in placed for p in r.places})
    note = f"place: the reports name different places ({len(named)} kept)"
    return Dispute("place", "", note, tuple((r.mentions[0], r.places[0]) for r in placed if r.mentions))


def event_graph(event: MergedEvent, reports: Iterable[Report]) -> str:
    """Return the N-Triples of an event's graph: the merged event, its sources, mentions and reports."""
    reports = sorted(reports, key=lambda r: r.key)
    node = nt.term(event.iri)
    out = nt.Lines()
    dip = nt.DIP_TERMS
    out.add(node, nt.TYPE, nt.event_class(event.cls))
    out.add(node, nt.LABEL, nt.literal(event.label))
    for prop, values in (("agent", event.agents), ("target", event.targets), ("participant", event.participants),
                         ("place", event.places), ("onBehalfOf", event.on_behalf_of), ("host", event.hosts),
                         ("mediator", event.mediators), ("witness", event.witnesses)):
        for value in values:
            out.add(node, dip[prop], nt.term(value))
    if event.time:
        nt.add_time(out, node, event.time)
    out.add(node, dip["factuality"], nt.FACTUALITY[event.factuality])
    if event.count is not None:
        out.add(node, dip["count"], nt.integer(event.count))
    if event.quote:
        out.add(node, dip["quote"], nt.literal(event.quote))
    for doc in sorted({r.document for r in reports}):
        out.add(node, nt.DERIVED, nt.term(doc))
    mentions = sorted({mention for r in reports for mention in r.mentions})
    for mention in mentions:
        out.add(node, dip["mention"], nt.term(mention))
    out.add(node, dip["mentionCount"], nt.integer(len(mentions)))
    if event.first_reported:
        out.add(node, dip["firstReported"], nt.date_literal(event.first_reported))
    for dispute in event.disputes:
        _add_dispute(out, node, dispute)
    for report in reports:
        out.add(node, dip["reportData"], nt.literal(report.to_json()))
    for key in event.keys:
        out.add(node, dip["identityKey"], nt.literal(key))
    return "".join(out)


_STATED = {"date": "statedDate", "place": "statedPlace", "count": "statedCount", "type": "statedClass"}


def _add_dispute(out: nt.Lines, node: str, dispute: Dispute) -> None:
    """Name the disputed property, say how the value was chosen, and give each source's value."""
    out.add(node, nt.DIP_TERMS["disputed"], nt.TYPE if dispute.prop == "type" else nt.DIP_TERMS[dispute.prop])
    out.add(node, nt.DIP_TERMS["mergeNote"], nt.literal(dispute.note))
    for mention, value in dispute.stated:
        if dispute.prop == "date":
            obj = nt.date_literal(value)
        elif dispute.prop == "count":
            obj = nt.integer(int(value))
        elif dispute.prop == "type":
            obj = nt.event_class(value)
        else:
            obj = nt.term(value)
        out.add(nt.term(mention), nt.DIP_TERMS[_STATED[dispute.prop]], obj)
