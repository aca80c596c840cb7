"""Choose what the page shows: event types, a period, one actor's neighbourhood, a size limit."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import networkx as nx

from kg.errors import InputError
from kg.view.aggregate import drawn_actor_limit
from kg.view.graphs import event_graph, rank_entities
from kg.view.options import ViewOptions
from kg.view.records import Entity, ViewData, day_bounds


@dataclass(frozen=True)
class Selection:
    """The records to draw, the focus actor's IRI, and what the size limit dropped."""

    data: ViewData
    focus: Optional[str] = None
    dropped_nodes: int = 0
    truncated: bool = False
    aggregated: bool = False  # too many to draw: the actor network is drawn, events listed


def select(data: ViewData, options: ViewOptions) -> Selection:
    """Apply the type and date filters, the focus, then the ``max_nodes`` limit of ``options``.

    Above ``max_nodes`` without a focus, nothing is dropped: the selection is ``aggregated``
    (the page draws the most connected actors and their ties and lists every event). With a
    focus, its neighbourhood is cut to the most central actors and their events.

    Raises:
        InputError: when the focus names no entity, or a type is not an event class.
    """
    focus = find_entity(data, options.focus).iri if options.focus else None
    chosen = filter_events(data, types=options.types, since=options.since, until=options.until)
    if focus is not None:
        chosen = neighbourhood(chosen, focus, options.hops, entity=data.entity_map()[focus])
    if focus is None and chosen.node_count() > options.max_nodes:
        drawn = min(sum(1 for e in chosen.entities if e.is_actor), drawn_actor_limit(options.max_nodes))
        return Selection(chosen, None, chosen.node_count() - drawn, True, aggregated=True)
    kept = cut_to(chosen, options.max_nodes, pinned=focus)
    dropped = chosen.node_count() - kept.node_count()
    return Selection(kept, focus, dropped, dropped > 0)


def find_entity(data: ViewData, name: str) -> Entity:
    """Return the entity whose IRI, label or alternative label is ``name`` (case-insensitive).

    A name that matches no label exactly may match part of exactly one label.

    Raises:
        InputError: when nothing matches, or a partial name matches several entities.
    """
    wanted = name.strip().casefold()
    exact = [e for e in data.entities
             if e.iri == name or wanted in {x.casefold() for x in (e.label, *e.alt_labels)}]
    if not exact:
        exact = [e for e in data.entities
                 if any(wanted in x.casefold() for x in (e.label, *e.alt_labels))]
    if not exact:
        raise InputError(f"no actor or place named {name!r} in the graph")
    if len({e.iri for e in exact}) > 1 and not any(e.iri == name for e in exact):
        names = ", ".join(sorted({e.label for e in exact})[:8])
        raise InputError(f"{name!r} names several actors: {names}; give a full name or an IRI")
    return next((e for e in exact if e.iri == name), exact[0])


def filter_events(data: ViewData, *, types: tuple[str, ...] = (), since: Optional[str] = None,
                  until: Optional[str] = None) -> ViewData:
    """Keep the events of the given classes (and subclasses) that overlap ``since``..``until``.

    Entities stay only when they are linked to a kept event; an undated event is dropped by
    any date limit. With no filter, ``data`` is returned unchanged.

    Raises:
        InputError: when a type is not a known event class.
    """
    if not (types or since or until):
        return data
    wanted = _class_names(data, types)
    first = day_bounds(since)[0] if since else None
    last = day_bounds(until)[1] if until else None
    events = tuple(
        e for e in data.events
        if (not wanted or wanted.intersection(e.types))
        and (first is None or (e.end is not None and e.end >= first))
        and (last is None or (e.start is not None and e.start <= last))
    )
    return _restrict(data, {e.iri for e in events}, None)


def neighbourhood(data: ViewData, focus: str, hops: int, *, entity: Entity) -> ViewData:
    """Keep ``focus`` and the entities at most ``hops`` events away, with the events between.

    In the bipartite entity–event graph, one hop is two steps (entity → event → entity), so the
    ego graph has radius ``2 * hops``: the outer entities' other events stay out.
    """
    if focus not in {e.iri for e in data.entities}:
        data = ViewData((*data.entities, entity), data.events, data.links, data.event_classes)
    ego = nx.ego_graph(event_graph(data), focus, radius=2 * hops)
    events = {e.iri for e in data.events if e.iri in ego}
    return _restrict(data, events, {n for n in ego if n not in events})


def cut_to(data: ViewData, max_nodes: int, *, pinned: Optional[str] = None) -> ViewData:
    """Keep at most ``max_nodes`` nodes: the most central entities first, each with its events.

    Entities are ranked by degree centrality in the entity–event graph (``pinned`` goes first);
    each kept entity brings its events, those shared with more central entities first.
    """
    if data.node_count() <= max_nodes:
        return data
    graph = event_graph(data)
    order = rank_entities(data, graph)
    if pinned in order:
        order.remove(pinned)
        order.insert(0, pinned)
    rank = {iri: i for i, iri in enumerate(order)}
    entities: list[str] = []
    events: set[str] = set()
    for iri in order:
        if len(entities) + len(events) >= max_nodes:
            break
        entities.append(iri)
        for event in sorted(graph[iri], key=lambda ev: (_event_rank(graph, ev, rank), ev)):
            if len(entities) + len(events) >= max_nodes:
                break
            events.add(event)
    return _restrict(data, events, set(entities))


def _event_rank(graph: nx.Graph, event: str, rank: dict[str, int]) -> list[int]:
    """Return the ranks of an event's entities, best first (smaller sorts first)."""
    return sorted(rank.get(n, len(rank)) for n in graph[event])


def _class_names(data: ViewData, types: tuple[str, ...]) -> set[str]:
    known = {}
    for cls in data.event_classes:
        known[cls.name.casefold()] = cls.name
        known.setdefault(cls.label.casefold(), cls.name)
    unknown = [t for t in types if t.casefold() not in known]
    if unknown:
        names = ", ".join(sorted(c.name for c in data.event_classes))
        raise InputError(f"unknown event type {', '.join(unknown)}; known types: {names}")
    return {known[t.casefold()] for t in types}


def _restrict(data: ViewData, events: set[str], entities: Optional[set[str]]) -> ViewData:
    """Return ``data`` with only ``events``, and ``entities`` (default: those linked to them)."""
    links = [link for link in data.links if link.event in events]
    if entities is None:
        entities = {link.entity for link in links}
    else:
        links = [link for link in links if link.entity in entities]
    return ViewData(
        entities=tuple(e for e in data.entities if e.iri in entities),
        events=tuple(e for e in data.events if e.iri in events),
        links=tuple(links),
        event_classes=data.event_classes,
    )
