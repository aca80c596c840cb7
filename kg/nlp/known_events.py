"""Well-known past diplomatic events, read from ``kg/data/events/events.json`` (see its SOURCES.md).

News recalls past summits and accords by name ("the Hanoi summit", "the 2018 Singapore
summit", "the Camp David Accords") without their dates; the date is world knowledge. This
table is that knowledge, as data with a checked public source per row, the way the gazetteer
holds actors. ``kg.extract.events.history`` links mentions to these events.

Each row: ``id``, ``name``, ``aliases`` (as news writes them), ``class`` (an event class of
the ontology), ``start`` and optional ``end`` (ISO at the source's precision: ``2019-02-27``,
``2019-02``, ``2019``), ``place`` (a gazetteer id, or none), ``country`` (where the gazetteer
lacks the place: the country it is in), ``sides`` (gazetteer ids of the
countries or organisations taking part; empty for a many-sided accord), ``sources`` (the pages
the date and place were checked on).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from kg.records import TimeValue, day_bounds
from kg.resources import read_json

EVENTS_FILE = ("events", "events.json")
_WORD = re.compile(r"\w+")


def word_key(word: str) -> str:
    """Return the form a word is matched by: lowercase, a plural ``s`` dropped (``Accords``, ``accord``).

    >>> word_key("Accords"), word_key("Minsk")
    ('accord', 'minsk')
    """
    word = word.lower()
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def alias_words(text: str) -> tuple[str, ...]:
    """Return the words of an alias as they are matched against tokens (punctuation is not matched).

    >>> alias_words("the Camp David Accords")
    ('camp', 'david', 'accord')
    >>> alias_words("Trump-Kim summit")
    ('trump', 'kim', 'summit')
    """
    words = tuple(word_key(w) for w in _WORD.findall(text))
    return words[1:] if words[:1] == ("the",) else words


@dataclass(frozen=True)
class KnownEvent:
    """One well-known past event: what it is called, its class, when and where, who took part."""

    id: str
    name: str
    event_class: str
    start: str
    end: Optional[str] = None
    place: Optional[str] = None
    country: Optional[str] = None  # the country it took place in, for a place the gazetteer lacks
    aliases: tuple[str, ...] = ()
    sides: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    def interval(self):
        """Return the first and last day the event covers."""
        return day_bounds(self.start)[0], day_bounds(self.end or self.start)[1]

    def time(self, text: str = "") -> TimeValue:
        """Return the event's date at its source's precision: a day, a month, a year, or a span of days."""
        if self.end and self.end != self.start:
            return TimeValue(None, "span", start=self.start, end=self.end, text=text, rule="time.known_event",
                             basis="known")
        precision = {10: "day", 7: "month", 4: "year"}[len(self.start)]
        return TimeValue(self.start, precision, text=text, rule="time.known_event", basis="known")


@dataclass(frozen=True)
class KnownEvents:
    """The known events, indexed by place (and the place's country) and by the first word of each alias.

    The indexes are the cheap pre-filters of linking: an event is compared only with the known
    events held where it is placed or named by words of its sentence.
    """

    events: tuple[KnownEvent, ...] = ()
    by_place: dict[str, tuple[int, ...]] = field(default_factory=dict)
    by_country: dict[str, tuple[int, ...]] = field(default_factory=dict)  # the country of a known place
    by_word: dict[str, tuple[tuple[tuple[str, ...], int], ...]] = field(default_factory=dict)
    classes: frozenset[str] = frozenset()

    @classmethod
    def of(cls, events: tuple[KnownEvent, ...], country_of: Optional[dict[str, str]] = None) -> "KnownEvents":
        """Index ``events``; ``country_of`` maps a place id to its country's (a city's, from the gazetteer)."""
        country_of = country_of or {}
        by_place: dict[str, list[int]] = {}
        by_country: dict[str, list[int]] = {}
        by_word: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for i, event in enumerate(events):
            if event.place:
                by_place.setdefault(event.place, []).append(i)
            country = event.country or country_of.get(event.place or "")
            if country:
                by_country.setdefault(country, []).append(i)
            for alias in (event.name, *event.aliases):
                words = alias_words(alias)
                if words:
                    by_word.setdefault(words[0], []).append((words, i))
        frozen = {k: tuple(v) for k, v in by_place.items()}, {k: tuple(v) for k, v in by_country.items()}
        return cls(events, *frozen, {k: tuple(v) for k, v in by_word.items()},
                   frozenset(e.event_class for e in events))


def _event(raw: dict) -> KnownEvent:
    return KnownEvent(
        id=raw["id"], name=raw["name"], event_class=raw["class"], start=raw["start"], end=raw.get("end"),
        place=raw.get("place"), country=raw.get("country"), aliases=tuple(raw.get("aliases", ())), sides=tuple(raw.get("sides", ())),
        sources=tuple(s["url"] for s in raw["sources"]),
    )


def load_known_events(country_of: Optional[dict[str, str]] = None) -> KnownEvents:
    """Read the packaged table of well-known past events (``country_of``: place id -> country id)."""
    return KnownEvents.of(tuple(_event(raw) for raw in read_json(*EVENTS_FILE)), country_of)
