"""The actor network an aggregated page draws: the most connected actors, the backbone of their
ties, and a layout computed once.

At 1,500 generated articles the page drew every actor it could (557) and the 943 strongest ties
among them: a tangle in which no name could be read at the first view. It now draws the
``AGGREGATE_ACTORS`` most connected actors (places are on the map, and have no ties), and of
their ties those that are among the ``TIES_EACH`` strongest of one of their two ends (the
backbone: every drawn actor keeps its closest partners, the weak ties that tangle the picture
go), laid out by networkx's spring layout, weighted by shared events, once, in Python. Every
event is still in the table, the timeline and the map; an actor not drawn is found by the
search and drawn with its events by Focus.
"""
from __future__ import annotations

import math
from collections import defaultdict

import networkx as nx

from kg.view.records import ViewData

AGGREGATE_ACTORS = 60  # most actors drawn at once: their names stay legible at the first view
HALF_WIDTH, HALF_HEIGHT = 640, 300  # the layout's extent (px at zoom 1): about the graph's share of a laptop's screen
TIES_EACH = 3  # each drawn actor keeps its strongest ties


def drawn_actor_limit(max_nodes: int) -> int:
    """Return how many actors an aggregated page draws (the rest of ``max_nodes`` go to ties)."""
    return max(1, min(max_nodes // 2, AGGREGATE_ACTORS))


def drawn_actors(data: ViewData, order: list[str], max_nodes: int) -> list[str]:
    """Return the actors an aggregated page draws: the first of ``order`` (most central first)."""
    actors = {e.iri for e in data.entities if e.is_actor}
    return [iri for iri in order if iri in actors][:drawn_actor_limit(max_nodes)]


def backbone(ties: list, drawn: list[str], limit: int) -> list:
    """Return the ties ``(a, b, attrs)`` between ``drawn`` actors that are among the ``TIES_EACH``
    strongest of ``a`` or of ``b``, the strongest first, at most ``limit``.

    >>> ties = [("a", "b", {"weight": 5}), ("a", "c", {"weight": 1}), ("b", "c", {"weight": 2}),
    ...         ("a", "d", {"weight": 4}), ("b", "d", {"weight": 3}), ("c", "d", {"weight": 1})]
    >>> [(a, b) for a, b, _ in backbone(ties, ["a", "b", "c", "d"], 10)][:3]
    [('a', 'b'), ('a', 'd'), ('b', 'd')]
    >>> len(backbone(ties, ["a", "b", "c", "d"], 2))
    2
    """
    chosen = set(drawn)
    among = sorted((t for t in ties if t[0] in chosen and t[1] in chosen),
                   key=lambda t: (-t[2]["weight"], t[0], t[1]))
    kept_each: dict[str, int] = defaultdict(int)
    kept = []
    for tie in among:
        a, b, _ = tie
        if kept_each[a] < TIES_EACH or kept_each[b] < TIES_EACH:
            kept.append(tie)
            kept_each[a] += 1
            kept_each[b] += 1
    return kept[:max(0, limit)]


def actor_layout(drawn: list[str], ties: list) -> dict[str, tuple[int, int]]:
    """Return ``(x, y)`` of each drawn actor: a spring layout of the drawn ties, weighted by
    their shared events (networkx, seeded: the same store gives the same picture), stretched to
    the wide box the graph is drawn in, so that the first view needs little zooming out."""
    graph = nx.Graph()
    graph.add_nodes_from(drawn)
    graph.add_weighted_edges_from((a, b, math.log1p(attrs["weight"])) for a, b, attrs in ties)
    if not drawn:
        return {}
    layout = nx.spring_layout(graph, weight="weight", seed=7, iterations=120,
                              k=1.8 / math.sqrt(max(len(drawn), 1)))
    return {n: (round(x * HALF_WIDTH), round(y * HALF_HEIGHT)) for n, (x, y) in layout.items()}
