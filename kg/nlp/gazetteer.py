"""The bundled gazetteer: countries, cities, organisations, people and places with Wikidata ids.

Read from ``kg/data/gazetteer/*.json`` into plain records; ``kg.nlp.model`` turns them into
``EntityRuler`` patterns and extraction looks names, demonyms, capitals and roles up here.
"""
from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Optional

from kg import resources
from kg.iris import normalise_key
from kg.nlp.known_events import KnownEvents, load_known_events
from kg.nlp.roles import role_from_json, summarise
from kg.records import Role

_FILES = {
    "countries": "Country",
    "cities": "City",
    "organizations": "Organization",
    "people": "Person",
    "places": "Place",
}


@dataclass(frozen=True)
class Entry:
    """One gazetteer entity."""

    id: str
    kind: str
    name: str
    qid: Optional[str] = None
    aliases: tuple[str, ...] = ()
    short_names: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    country: Optional[str] = None
    capital: Optional[str] = None  # countries: the capital's id; cities: "yes" when a capital
    seat: Optional[str] = None
    stands_for: Optional[str] = None  # seats of government: the country they stand for
    org_kind: Optional[str] = None
    gender: Optional[str] = None
    roles: tuple[tuple[str, Optional[str], bool], ...] = ()  # (title, of id, former): one per office
    reference_roles: tuple[Role, ...] = ()  # every term, dated where a source gives it (kg.nlp.roles)

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Gazetteer:
    """All entries by id, and lookup tables by normalised name and demonym."""

    entries: dict[str, Entry]
    by_name: dict[str, str] = field(default_factory=dict)
    by_demonym: dict[str, str] = field(default_factory=dict)
    by_short_name: dict[str, str] = field(default_factory=dict)
    capital_of: dict[str, str] = field(default_factory=dict)  # city id -> country id
    words: dict[str, frozenset[str]] = field(default_factory=dict)  # name_words.json: word lists by name

    @functools.cached_property
    def known_events(self) -> KnownEvents:
        """The well-known past events (``kg/data/events``), read the first time they are asked for.

        Kept on the gazetteer (outside its fields, as ``cached_property`` stores it) because the
        events name their places and sides by gazetteer id.
        """
        return load_known_events({e.id: e.country for e in self.entries.values() if e.country})

    def word_list(self, name: str) -> frozenset[str]:
        """Return one of the word lists of ``name_words.json`` (empty when there is none)."""
        return self.words.get(name, frozenset())

    def get(self, entry_id: Optional[str]) -> Optional[Entry]:
        """Return the entry with this id, or None."""
        return self.entries.get(entry_id) if entry_id else None

    def lookup(self, name: str) -> Optional[Entry]:
        """Return the entry whose name or alias is ``name`` (any case, possessive dropped)."""
        key = name_key(name)
        found = self.by_name.get(key) or self.by_short_name.get(key)
        if found is None and key[:2] in _ABBREVIATED_DIRECTIONS:  # "N. Korea", "S. Sudan"
            found = self.by_name.get(_ABBREVIATED_DIRECTIONS[key[:2]] + key[1:])
        return self.get(found)

    def is_short_name(self, name: str) -> bool:
        """Say whether ``name`` is only a short form (a surname) of a gazetteer entry, not a whole name."""
        key = name_key(name)
        return key not in self.by_name and key in self.by_short_name

    def demonym(self, word: str) -> Optional[Entry]:
        """Return the country whose demonym is ``word`` (``South Korean`` -> South Korea)."""
        return self.get(self.by_demonym.get(name_key(word)))


_ABBREVIATED_DIRECTIONS = {"n ": "north", "s ": "south", "e ": "east", "w ": "west"}


def name_key(name: str) -> str:
    """Return the lookup key of a name: normalised, no leading "the", no possessive, no dots, no accents.

    A name is written with and without its accents (``Stéphane Dujarric``, ``Stephane Dujarric``):
    both are one key, so one actor.

    >>> name_key("The U.S.'s"), name_key("Pedro Sánchez")
    ('us', 'pedro sanchez')
    """
    key = normalise_key(name)
    if not key.isascii():
        key = "".join(ch for ch in unicodedata.normalize("NFKD", key) if not unicodedata.combining(ch))
    for suffix in ("'s", "'"):
        if key.endswith(suffix):
            key = key[: -len(suffix)]
    if key.startswith("the "):
        key = key[4:]
    return key.replace(".", "").replace("-", " ").strip()


def _entry(kind: str, raw: dict) -> Entry:
    capital = raw.get("capital")
    if kind == "City":
        capital = "yes" if capital else None
    terms = tuple(role_from_json(r, f"gazetteer {raw['id']}") for r in raw.get("roles", ()))
    return Entry(
        id=raw["id"], kind=kind, name=raw["name"], qid=raw.get("qid"),
        aliases=tuple(raw.get("aliases", ())), short_names=tuple(raw.get("short_names", ())),
        demonyms=tuple(raw.get("demonyms", ())), country=raw.get("country"), capital=capital,
        seat=raw.get("seat"), stands_for=raw.get("stands_for"), org_kind=raw.get("kind"),
        gender=raw.get("gender"), roles=summarise(terms), reference_roles=terms,
    )


def _cited(entry: Entry, role_sources: dict) -> Entry:
    """Replace the source keys of an entry's dated roles by the URLs ``role_sources.json`` gives them."""
    if not any(r.sources for r in entry.reference_roles):
        return entry
    roles = tuple(replace(r, sources=tuple(url for key in r.sources for url in role_sources[key]["urls"]))
                  for r in entry.reference_roles)
    return replace(entry, reference_roles=roles)


def load_gazetteer() -> Gazetteer:
    """Read the packaged gazetteer files into a ``Gazetteer``.

    Returns:
        The gazetteer; an alias claimed by two entries keeps the first (files are read in the
        order countries, cities, organisations, people, places).
    """
    entries: dict[str, Entry] = {}
    role_sources = resources.read_json("gazetteer", "role_sources.json")
    for stem, kind in _FILES.items():
        for raw in resources.read_json("gazetteer", f"{stem}.json"):
            entries[raw["id"]] = _cited(_entry(kind, raw), role_sources)
    by_name, by_demonym, by_short, capital_of = {}, {}, {}, {}
    for entry in entries.values():
        for name in entry.names:
            by_name.setdefault(name_key(name), entry.id)
        for short in entry.short_names:
            by_short.setdefault(name_key(short), entry.id)
        for dem in entry.demonyms:
            by_demonym.setdefault(name_key(dem), entry.id)
        if entry.kind == "Country":
            for city in (entry.capital, entry.seat):
                if city:
                    capital_of[city] = entry.id
    words = {key: frozenset(values) for key, values in resources.read_json("gazetteer", "name_words.json").items()
             if not key.startswith("_")}
    return Gazetteer(entries, by_name, by_demonym, by_short, capital_of, words)
