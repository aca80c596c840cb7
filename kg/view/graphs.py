"""Turn view records into networkx graphs: the event graph, the actor network, centrality."""
from __future__ import annotations

from collections import defaultdict
from itertools import combinations

import networkx as nx

from kg.view.records import ViewData


def event_graph(data: ViewData) -> nx.Graph:
    """Return the bipartite graph of entities and events, one edge per role link.

    Nodes carry ``kind`` ("entity" or "event"); edges carry the ``roles`` that join them.
    """
    graph = nx.Graph()
    graph.add_nodes_from((e.iri for e in data.entities), kind="entity")
    graph.add_nodes_from((e.iri for e in data.events), kind="event")
    for link in data.links:
        if graph.has_edge(link.event, link.entity):
            graph.edges[link.event, link.entity]["roles"] += (link.role,)
        else:
            graph.add_edge(link.event, link.entity, roles=(link.role,))
    return graph


def actor_network(data: ViewData) -> nx.Graph:
    """Return the actor network: actors joined by the events they share, weighted by their number.

    Places are left out. Each edge has ``weight`` (number of events) and ``events`` (their IRIs,
    sorted), so a page can recount the weight when it hides some events.

    >>> from kg.view.records import Entity, EventNode, Link, ViewData
    >>> data = ViewData(
    ...     entities=(Entity("a", "A", "person"), Entity("b", "B", "country")),
    ...     events=(EventNode("e1", "E1", "Meeting", "meeting", ("Meeting",)),
    ...             EventNode("e2", "E2", "Meeting", "meeting", ("Meeting",))),
    ...     links=(Link("e1", "a", "agent"), Link("e1", "b", "target"),
    ...            Link("e2", "b", "participant"), Link("e2", "a", "participant")))
    >>> actor_network(data).edges["a", "b"]["weight"]
    2
    """
    actors = {e.iri for e in data.entities if e.is_actor}
    members: dict[str, set[str]] = defaultdict(set)
    for link in data.links:
        if link.entity in actors:
            members[link.event].add(link.entity)
    shared: dict[tuple[str, str], list[str]] = defaultdict(list)
    for event in sorted(members):
        for pair in combinations(sorted(members[event]), 2):
            shared[pair].append(event)
    graph = nx.Graph()
    graph.add_nodes_from(sorted(actors))
    for (a, b), events in sorted(shared.items()):
        graph.add_edge(a, b, weight=len(events), events=tuple(events))
    return graph


def rank_entities(data: ViewData, graph: nx.Graph | None = None) -> list[str]:
    """Return entity IRIs from most to least central (degree centrality, then IRI)."""
    graph = event_graph(data) if graph is None else graph
    centrality = nx.degree_centrality(graph) if len(graph) > 1 else {n: 0.0 for n in graph}
    return sorted((e.iri for e in data.entities), key=lambda iri: (-centrality.get(iri, 0.0), iri))
