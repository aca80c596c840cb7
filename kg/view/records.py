"""Plain records the view reads out of the RDF graph: entities, events and the links between them.

Nothing after ``read`` touches rdflib: selection, layout and rendering work on these records.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Optional

ACTOR_KINDS = frozenset({"person", "country", "organisation", "group", "actor"})
ROLES = ("agent", "target", "participant", "place")
FACTUALITIES = ("asserted", "hypothetical", "negated")
QUADS = ("VerbalCooperation", "MaterialCooperation", "VerbalConflict", "MaterialConflict", "other")


@dataclass(frozen=True)
class DocRef:
    """A source document: identifier, optional title and date."""

    doc_id: str
    title: Optional[str] = None
    date: Optional[str] = None


@dataclass(frozen=True)
class Evidence:
    """A sentence an event was read from, with its document."""

    text: str
    doc: DocRef


@dataclass(frozen=True)
class Entity:
    """An actor or a place: ``kind`` is person, country, organisation, group, place, city or actor."""

    iri: str
    label: str
    kind: str
    alt_labels: tuple[str, ...] = ()
    wikidata: Optional[str] = None  # always an https://www.wikidata.org/wiki/Q… page or None
    point: Optional[tuple[float, float]] = None  # (longitude, latitude) from geo:asWKT

    @property
    def is_actor(self) -> bool:
        """Return True for actors (not places)."""
        return self.kind in ACTOR_KINDS


@dataclass(frozen=True)
class EventNode:
    """An event with its class, quad class, dates, factuality and provenance.

    ``start``/``end`` bound the event in ISO days (from its own date, else from its document's
    date) and drive date filters; ``date_text`` is what the reader sees.
    """

    iri: str
    label: str
    cls: str
    cls_label: str
    types: tuple[str, ...]  # cls and its event superclasses, local names
    quad: str = "other"
    start: Optional[str] = None
    end: Optional[str] = None
    date_text: Optional[str] = None
    factuality: str = "asserted"
    count: Optional[int] = None
    mention_count: Optional[int] = None
    trigger: Optional[str] = None
    evidence: tuple[Evidence, ...] = ()
    documents: tuple[DocRef, ...] = ()
    disputed: tuple[str, ...] = ()  # where the sources of a merged event disagree (how it was settled)


@dataclass(frozen=True)
class Link:
    """One role an entity plays in an event: agent, target, participant or place."""

    event: str
    entity: str
    role: str


@dataclass(frozen=True)
class EventClass:
    """An event class known to the ontology or met in the graph."""

    name: str
    label: str
    quad: str


@dataclass(frozen=True)
class ViewData:
    """Everything the view knows about a graph, as plain records."""

    entities: tuple[Entity, ...]
    events: tuple[EventNode, ...]
    links: tuple[Link, ...]
    event_classes: tuple[EventClass, ...] = ()

    def entity_map(self) -> dict[str, Entity]:
        """Return the entities by IRI."""
        return {e.iri: e for e in self.entities}

    def event_map(self) -> dict[str, EventNode]:
        """Return the events by IRI."""
        return {e.iri: e for e in self.events}

    def node_count(self) -> int:
        """Return how many nodes the event graph has (entities plus events)."""
        return len(self.entities) + len(self.events)


def day_bounds(value: str) -> tuple[Optional[str], Optional[str]]:
    """Return the first and last ISO day that a date, a month or a year covers.

    >>> day_bounds("2024-02")
    ('2024-02-01', '2024-02-29')
    >>> day_bounds("2024")
    ('2024-01-01', '2024-12-31')
    """
    match = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", value.strip())
    if not match:
        return None, None
    year, month, day = match.groups()
    if day:
        return f"{year}-{month}-{day}", f"{year}-{month}-{day}"
    if month:
        last = calendar.monthrange(int(year), int(month))[1] if 1 <= int(month) <= 12 else 31
        return f"{year}-{month}-01", f"{year}-{month}-{last:02d}"
    return f"{year}-01-01", f"{year}-12-31"
