"""Plain records that travel between the stages of the pipeline.

Nothing here knows spaCy or rdflib: ``extract`` produces these records from a spaCy ``Doc``,
``mapping`` turns them into triples. Every record is a frozen dataclass, so a stage cannot
change what an earlier stage said, and records can be pickled to worker processes.
"""
from __future__ import annotations

import calendar
import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Optional


@dataclass(frozen=True)
class SourceDocument:
    """One article to read: its text and what is known about where it came from.

    ``doc_id`` is the stable identifier (the file name without extension for files);
    ``content_hash`` is the SHA-256 of the text, used to skip documents already stored.
    """

    doc_id: str
    text: str
    content_hash: str
    source: str = ""
    title: Optional[str] = None
    date: Optional[str] = None  # ISO date given by the user or the source's metadata
    sources: tuple[str, ...] = ()  # every place the same text was seen


@dataclass(frozen=True)
class Skipped:
    """An input that was not turned into a document, and why."""

    source: str
    reason: str


@dataclass(frozen=True)
class Span:
    """A stretch of the document text: character offsets and the text they cover."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Dateline:
    """The wire dateline that opens a story: ``VLADIVOSTOK, Russia, Sept 13 (Reuters) –``.

    ``places`` are the places as written (``SEOUL/TOKYO`` gives two), ``region`` the country or
    state written after them, ``month``/``day``/``year`` what the date part says (the year is
    often left out: it then comes from the document's metadata, or stays unknown), ``credit``
    the news agency of the credit line (a source, not an actor), ``end`` where the story begins.
    """

    start: int
    end: int
    places: tuple[Span, ...] = ()
    region: Optional[Span] = None
    date_text: Optional[Span] = None
    year: Optional[int] = None
    month: Optional[int] = None
    day: Optional[int] = None
    credit: Optional[Span] = None


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Role:
    """A position a person holds or held: ``title`` of ``of_key`` (an actor key), for one term.

    A reference role (the gazetteer's, or a user's roles file) carries the term's dates where a
    public source gives them, as ISO text at the source's precision (``2017-01-20``, ``2017-01``,
    ``2017``): ``start``, ``end`` (none while the term is open), ``held_on`` (the latest date a
    source shows an open term still held). Unknown
    stays ``None``. ``former`` says the term has ended when its end date is not known;
    ``sources`` name where the dates were checked (URLs for the gazetteer's).
    """

    title: str
    of_key: Optional[str] = None
    former: bool = False
    start: Optional[str] = None
    end: Optional[str] = None
    held_on: Optional[str] = None
    sources: tuple[str, ...] = ()

    @property
    def ended(self) -> bool:
        """Say whether the term is known to have ended."""
        return self.former or self.end is not None


@dataclass(frozen=True)
class Actor:
    """An entity of the document, after coreference: one per real-world thing.

    ``key`` identifies the thing across documents (gazetteer id or normalised canonical name);
    the IRI is minted from it, so the same person gets the same IRI in every document.
    ``kind`` is one of Person, Organization, Country, Group, City, Place.
    """

    key: str
    kind: str
    label: str
    alt_labels: tuple[str, ...] = ()
    qid: Optional[str] = None
    roles: tuple[Role, ...] = ()
    affiliation_key: Optional[str] = None  # country or organisation a person or body belongs to
    country_key: Optional[str] = None  # for cities and places: the country they are in


@dataclass(frozen=True)
class Mention:
    """One place in the text that names or refers to an actor."""

    actor_key: str
    span: Span
    sentence: int
    rule: str
    confidence: float = 1.0
    metonymic: bool = False  # a capital or seat of government standing for its government
    stands_for_key: Optional[str] = None  # the actor a metonymic mention stands for


CREDIT_RULE = "actor.credit"  # the rule of a mention of a credit line's agency: a source, not an entity of the story


def evolve(record, **changes):
    """Return a copy of a frozen record with some fields changed (``dataclasses.replace``, made cheap).

    ``dataclasses.replace`` runs ``__init__`` again over every field; extraction copies its events
    many times per document, so the copy here takes the fields as they are (records have no
    ``__post_init__`` to re-run).

    >>> evolve(Span(0, 3, "Kim"), text="KIM")
    Span(start=0, end=3, text='KIM')
    """
    unknown = changes.keys() - record.__dataclass_fields__.keys()
    if unknown:
        raise TypeError(f"{type(record).__name__} has no field {sorted(unknown)[0]!r}")
    copy = object.__new__(type(record))
    copy.__dict__.update(record.__dict__, **changes)  # a frozen record refuses __setattr__, not its __dict__
    return copy


@functools.lru_cache(maxsize=4096)  # events are compared by their intervals many times per document
def day_bounds(iso: str) -> tuple[dt.date, dt.date]:
    """Return the first and last day an ISO date, month or year covers (ValueError if none).

    >>> day_bounds("2019-02")
    (datetime.date(2019, 2, 1), datetime.date(2019, 2, 28))
    """
    parts = [int(p) for p in iso[:10].split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return day, day
    if len(parts) == 2:
        return dt.date(parts[0], parts[1], 1), dt.date(parts[0], parts[1], calendar.monthrange(*parts)[1])
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


@dataclass(frozen=True)
class TimeValue:
    """A resolved date: ``value`` is ISO (``2025-06-11``, ``2025-06``, ``2025``) or a span."""

    value: Optional[str] = None
    precision: str = "day"  # day | month | year | span
    start: Optional[str] = None
    end: Optional[str] = None
    text: str = ""
    rule: str = ""
    # stated: the text dates this mention; context: another mention of the event or the story's
    # lead dates it; document: nothing but the document's own date does (the day it reports)
    basis: str = "stated"

    def interval(self) -> Optional[tuple[dt.date, dt.date]]:
        """Return the first and last day this time can stand for, or None when it has no date.

        >>> TimeValue("2019-02", "month").interval()[1]
        datetime.date(2019, 2, 28)
        """
        try:
            if self.value:
                return day_bounds(self.value)
            if self.start and self.end:
                return day_bounds(self.start)[0], day_bounds(self.end)[1]
        except ValueError:
            return None
        return None


@dataclass(frozen=True)
class EventMention:
    """One place in the text that reports an event: its trigger words in one sentence, as read there.

    ``factuality`` is what that sentence says of the event, which may differ from the event's own
    ("the summit that never produced a deal" mentions an event that did take place).
    """

    trigger: Span
    sentence: int
    rule: str
    confidence: float = 1.0
    factuality: str = "Asserted"


@dataclass(frozen=True)
class Event:
    """One event of a document, with its arguments as actor keys and every place the text reports it.

    The trigger, sentence and rule are those of the first mention; ``mentions`` lists all of
    them in text order (``kg.extract.events.merge`` joins later mentions to the event).
    """

    event_id: str  # stable within the document: derived from the trigger offsets
    event_type: str  # local name of a dip: event class
    trigger: Span
    sentence: int
    rule: str
    agents: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    time: Optional[TimeValue] = None
    factuality: str = "Asserted"  # Asserted | Negated | Hypothetical
    place_basis: str = ""  # "dateline": the place is the dateline's, given to a lead event; empty: the text's
    told_as_past: bool = False  # undated, and told as part of the past, not as the story's news
    count: Optional[int] = None
    confidence: float = 1.0
    quote: Optional[str] = None  # for statements: the quoted words
    on_behalf_of: tuple[str, ...] = ()  # for statements: whom a spokesperson speaks for
    hosts: tuple[str, ...] = ()  # third parties, never sides: who hosted it,
    mediators: tuple[str, ...] = ()  # who mediated or brokered it,
    witnesses: tuple[str, ...] = ()  # who witnessed it
    mentions: tuple[EventMention, ...] = ()
    words: tuple[str, ...] = ()  # what it is about: content lemmas of its mentions (kg.extract.events.topic)

    def all_mentions(self) -> tuple[EventMention, ...]:
        """Return the mentions that report the event; an event read once is its own mention."""
        return self.mentions or (EventMention(self.trigger, self.sentence, self.rule, self.confidence,
                                              self.factuality),)


@dataclass(frozen=True)
class RoleClaim:
    """What a document says a person is, at its date: ``Former U.S. President Donald Trump``.

    ``kind`` is ``title`` (a title before the name), ``relation`` (``Kim's sister Kim Yo Jong``:
    ``of_key`` is the relative) or ``administration`` (``the Biden administration``: the person
    heads a government). ``tenure`` is when the document places the role: ``current``, ``former``,
    ``elect`` (elected or designated, not yet in office) or ``then`` (at a past time the sentence
    speaks of, ``then-President``). ``span`` covers the words that make the claim, name included.
    A claim is what one source says, kept apart from the reference roles, never merged into them.
    """

    actor_key: str
    title: str
    span: Span
    sentence: int
    of_key: Optional[str] = None
    kind: str = "title"
    tenure: str = "current"
    rule: str = "claim.title"


@dataclass(frozen=True)
class DocumentRecord:
    """Everything extraction read from one document."""

    doc_id: str
    text: str
    content_hash: str
    source: str = ""
    sources: tuple[str, ...] = ()
    title: Optional[str] = None
    date: Optional[str] = None
    dateline_place_key: Optional[str] = None
    dateline: Optional[Dateline] = None
    sentences: tuple[Sentence, ...] = ()
    actors: tuple[Actor, ...] = ()
    mentions: tuple[Mention, ...] = ()
    events: tuple[Event, ...] = ()
    # What the store needs to tell whether events of different documents are one: each event
    # class used, with its event superclasses (nearest first), those of them whose sides are
    # interchangeable, and its quad class; and the country of each actor that has one.
    event_classes: tuple[tuple[str, tuple[str, ...], tuple[str, ...], str], ...] = ()
    countries: tuple[tuple[str, str], ...] = ()
    claims: tuple[RoleClaim, ...] = ()
    extractor_version: str = ""
    model_name: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)
