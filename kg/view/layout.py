"""Seed node positions in Python so the browser's physics only has to polish the layout."""
from __future__ import annotations

import hashlib
import math

import networkx as nx

from kg.view.records import ViewData

CORE_SIZE = 300  # networkx's dense spring layout is quick up to a few hundred nodes
_GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


def seed_positions(data: ViewData, graph: nx.Graph, order: list[str]) -> dict[str, tuple[int, int]]:
    """Return a starting ``(x, y)`` for every entity and event.

    The ``CORE_SIZE`` most central entities (``order``) get a spring layout of the entity
    co-occurrence graph; every other entity sits by its placed neighbours (or on an outer
    spiral), and every event at the centre of its entities, nudged by a stable hash.

    Args:
        data: the records to place.
        graph: their entity–event graph (``graphs.event_graph``).
        order: entity IRIs, most central first.
    """
    spread = 45.0 * math.sqrt(max(data.node_count(), 1))
    core = order[:CORE_SIZE]
    positions: dict[str, tuple[float, float]] = {}
    if core:
        layout = nx.spring_layout(_cooccurrence(graph, core), seed=7, iterations=60)
        positions.update({n: (x * spread, y * spread) for n, (x, y) in layout.items()})
    for index, iri in enumerate(order[len(core):], start=len(core)):
        placed = [positions[n] for event in graph[iri] for n in graph[event] if n in positions]
        positions[iri] = _near(placed, iri, 80.0) if placed else _spiral(index, spread)
    for offset, event in enumerate(e.iri for e in data.events):
        placed = [positions[n] for n in graph[event] if n in positions]
        positions[event] = (_near(placed, event, 40.0) if placed
                            else _spiral(len(order) + offset, spread))
    return {iri: (round(x), round(y)) for iri, (x, y) in positions.items()}


def _cooccurrence(graph: nx.Graph, entities: list[str]) -> nx.Graph:
    """Return the graph of ``entities`` joined when they share an event, weighted by how often."""
    chosen = set(entities)
    result = nx.Graph()
    result.add_nodes_from(entities)
    for entity in entities:
        for event in graph[entity]:
            for other in graph[event]:
                if other in chosen and other > entity:
                    weight = result.get_edge_data(entity, other, {"weight": 0})["weight"]
                    result.add_edge(entity, other, weight=weight + 1)
    return result


def _near(points: list[tuple[float, float]], key: str, radius: float) -> tuple[float, float]:
    x = sum(p[0] for p in points) / len(points)
    y = sum(p[1] for p in points) / len(points)
    angle, fraction = _hash_unit(key)
    return x + math.cos(angle) * radius * (0.5 + fraction), y + math.sin(angle) * radius * (0.5 + fraction)


def _spiral(index: int, spread: float) -> tuple[float, float]:
    radius = spread * (1.1 + 0.02 * math.sqrt(index))
    return radius * math.cos(index * _GOLDEN_ANGLE), radius * math.sin(index * _GOLDEN_ANGLE)


def _hash_unit(key: str) -> tuple[float, float]:
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return digest[0] / 255 * 2 * math.pi, digest[1] / 255
