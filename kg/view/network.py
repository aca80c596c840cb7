"""Build the pyvis network and the data the page needs: nodes, edges, actor ties, tooltips."""
from __future__ import annotations

from typing import Any

from pyvis.edge import Edge
from pyvis.network import Network
from pyvis.node import Node

from kg.view.aggregate import actor_layout, backbone, drawn_actors
from kg.view.graphs import actor_network, event_graph, rank_entities
from kg.view.layout import seed_positions
from kg.view.lookalike import lookalike_warnings, visible
from kg.view.options import ViewOptions
from kg.view.payload import compact_meta, cut, fact_label
from kg.view.records import Entity, EventNode, ViewData
from kg.view.select import Selection
from kg.view.style import (
    ENTITY_STYLES, EVENT_SHAPE, FACTUALITY_STYLES, QUAD_COLOURS, QUAD_LABELS, ROLE_STYLES,
    TIE_COLOUR, border, factuality_style, rgba,
)

LABEL_MAX = 40  # on the drawing
PHYSICS_MAX = 300  # nodes; above this the seeded layout is drawn as it is
NODE_SIZE, NODE_FONT, TIE_WIDTH = (10, 32), (11, 22), (1, 10)  # smallest and largest, scaled by degree/weight


def build_network(data: ViewData, options: ViewOptions, aggregated: bool = False) -> tuple[Network, list]:
    """Return a pyvis ``Network`` of entities and events, and the ties of the actor network to draw.

    ``aggregated``: draw only the most connected actors and the backbone of their ties
    (``kg.view.aggregate``), no event nodes; the page draws an actor's events when asked (drill-in).

    pyvis's ``add_node``/``add_edge`` look IDs up in lists, so building 10,000 nodes takes
    seconds; IDs here are unique by construction, so nodes and edges are made with pyvis's own
    ``Node``/``Edge`` classes and appended to the network's lists directly.
    """
    graph = event_graph(data)
    order = rank_entities(data, graph)
    ties = list(actor_network(data).edges(data=True))
    net = Network(height="100%", width="100%", directed=True, heading=options.title)
    flagged = set(lookalike_warnings(data.entities))
    entities = data.entity_map()
    if aggregated:
        drawn = drawn_actors(data, order, options.max_nodes)
        ties = backbone(ties, drawn, options.max_nodes - len(drawn))
        positions = actor_layout(drawn, ties)
    else:
        drawn = sorted(entities)
        positions = seed_positions(data, graph, order)
    degrees = [max(graph.degree(iri), 1) for iri in drawn]
    low, high = min(degrees, default=1), max(degrees, default=1)
    for iri, degree in zip(drawn, degrees):
        _append_node(net, _entity_node(entities[iri], scaled(degree, low, high), positions[iri], iri in flagged))
    if aggregated:
        return net, ties
    for event in data.events:
        _append_node(net, _event_node(event, positions[event.iri]))
    facts = {e.iri: e.factuality for e in data.events}
    for index, link in enumerate(data.links):
        colour, arrow = ROLE_STYLES[link.role]
        dashes = factuality_style(facts[link.event])[2]
        source, dest = (link.event, link.entity) if link.role in ("target", "place") else (link.entity, link.event)
        net.edges.append(Edge(source, dest, directed=True, id=f"r{index}", label=link.role,
                              arrows=arrow, dashes=dashes, color=colour).options)
    return net, ties


def page_payload(selection: Selection, net: Network, drawn_ties: list, options: ViewOptions) -> dict[str, Any]:
    """Return everything the page's script reads: vis nodes and edges, ties, the entities and
    events (compact, ``kg.view.payload``), filters. A tie lists its events by their position."""
    data = selection.data
    ties = []
    tie_events = {}
    position = {e.iri: i for i, e in enumerate(data.events)}
    weights = [attrs["weight"] for _, _, attrs in drawn_ties]
    low, high = min(weights, default=1), max(weights, default=1)
    for index, (a, b, attrs) in enumerate(drawn_ties):
        tie_id = f"t{index}"
        ties.append({"id": tie_id, "from": a, "to": b, "width": scaled(attrs["weight"], low, high)[2],
                     "color": TIE_COLOUR, "arrows": ""})
        tie_events[tie_id] = [position[event] for event in attrs["events"]]
    present = {e.cls for e in data.events}
    return {
        "title": options.title,
        "mode": "actors" if selection.aggregated else options.mode,
        "aggregated": selection.aggregated,
        "hasMap": any(e.point for e in data.entities),
        "styles": _styles(),
        "hops": options.hops,
        "focus": selection.focus,
        "nodes": net.nodes,
        "edges": net.edges,
        "ties": ties,
        "tieEvents": tie_events,
        "tieRange": [low, high],
        "tables": compact_meta(data),
        "types": [[c.name, c.label, c.quad] for c in data.event_classes if c.name in present],
        "quads": [[q, QUAD_LABELS[q], c] for q, c in QUAD_COLOURS.items()
                  if any(e.quad == q for e in data.events)],
        "facts": _factualities(data),
        "options": vis_options(len(net.nodes), physics=not selection.aggregated),
    }


def _styles() -> dict[str, Any]:
    """Return what the page needs to draw an event node and its role edges itself (drill-in)."""
    return {"quads": dict(QUAD_COLOURS), "borders": {q: border(c) for q, c in QUAD_COLOURS.items()}, "facts": {f: list(v) for f, v in FACTUALITY_STYLES.items()},
            "unknownFact": list(factuality_style("")), "roles": {r: list(v) for r, v in ROLE_STYLES.items()},
            "kinds": {k: list(v[:2]) for k, v in ENTITY_STYLES.items()},
            "labelMax": LABEL_MAX}


def _factualities(data: ViewData) -> list[list[str]]:
    """Return ``[value, label]`` of the factuality values met: the known ones in order, then the others."""
    met = {e.factuality for e in data.events}
    unknown = sorted(met - set(FACTUALITY_STYLES))
    return [[f, fact_label(f)] for f in FACTUALITY_STYLES if f in met] + [[f, fact_label(f)] for f in unknown]


def vis_options(node_count: int, physics: bool = True) -> dict[str, Any]:
    """Return vis-network options: the seeded layout, polished by a short physics run only when small.

    Above ``PHYSICS_MAX`` nodes, and in the aggregated actor network (``aggregate.actor_layout``),
    the layout computed in Python (``layout.seed_positions``) is the
    layout: a physics run there keeps the page busy for seconds before anyone can use it.
    """
    big = node_count > 1000
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {
            "enabled": physics and node_count <= PHYSICS_MAX,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -6000, "centralGravity": 0.15,
                          "springLength": 110, "springConstant": 0.03, "damping": 0.35,
                          "avoidOverlap": 0.05},
            "stabilization": {"enabled": True, "fit": True, "updateInterval": 25,
                              "iterations": max(50, min(600, 150_000 // max(node_count, 1)))},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": big,
                        "hideEdgesOnZoom": big, "multiselect": False},
        "nodes": {"font": {"size": 13, "face": "sans-serif", "strokeWidth": 3,
                           "strokeColor": "#ffffff"},
                  # sizes are set per node (``scaled``); small graphs show every name at the first view
                  "scaling": {"label": {"drawThreshold": 7 if big else 2}}},
        "edges": {"smooth": False, "width": 1.2, "selectionWidth": 2,
                  "arrows": {"to": {"scaleFactor": 0.5}},
                  "font": {"size": 9, "color": "#555555", "strokeWidth": 2, "align": "middle"},
                  "scaling": {"label": {"drawThreshold": 7}}},
    }


def _append_node(net: Network, spec: dict[str, Any]) -> None:
    node = Node(spec.pop("id"), spec.pop("shape"), label=spec.pop("label"), **spec)
    net.nodes.append(node.options)
    net.node_ids.append(node.options["id"])
    net.node_map[node.options["id"]] = node.options


def scaled(value: float, low: float, high: float) -> tuple[float, float, float]:
    """Return a node's size, its label's size and a tie's width for ``value`` in ``low``..``high``.

    vis-network's own scaling (its default ``customScalingFunction``), done here once: a node or
    edge with a ``value`` makes vis-network rescale and re-measure every label on each change of
    the data, about 100 ms per filter change on 1,000 nodes.

    >>> scaled(1, 1, 5), scaled(5, 1, 5), scaled(3, 3, 3)
    ((10.0, 11.0, 1.0), (32.0, 22.0, 10.0), (21.0, 16.5, 5.5))
    """
    share = 0.5 if high == low else max(0.0, (value - low) / (high - low))
    return tuple(round(a + share * (b - a), 1) for a, b in (NODE_SIZE, NODE_FONT, TIE_WIDTH))  # type: ignore[return-value]


def _entity_node(entity: Entity, sizes: tuple[float, float, float], xy: tuple[int, int],
                 flagged: bool = False) -> dict[str, Any]:
    shape, colour, _ = ENTITY_STYLES[entity.kind]
    label = "⚠ " + _short(visible(entity.label)) if flagged else _short(entity.label)
    return {"id": entity.iri, "label": label, "shape": shape,
            "color": {"background": colour, "border": "#222222",
                      "highlight": {"background": colour, "border": "#000000"},
                      "hover": {"background": colour, "border": "#000000"}},
            "size": sizes[0], "font": {"size": sizes[1]}, "borderWidth": 1, "x": xy[0], "y": xy[1]}


def _event_node(event: EventNode, xy: tuple[int, int]) -> dict[str, Any]:
    colour = QUAD_COLOURS.get(event.quad, QUAD_COLOURS["other"])
    opacity, border_dashes, _ = factuality_style(event.factuality)
    fill = rgba(colour, opacity)
    return {"id": event.iri, "label": _short(event.label), "shape": EVENT_SHAPE, "size": 9,
            "color": {"background": fill, "border": border(colour),
                      "highlight": {"background": fill, "border": "#000000"},
                      "hover": {"background": fill, "border": "#000000"}},
            "borderWidth": 2, "shapeProperties": {"borderDashes": border_dashes},
            "font": {"size": 11, "color": "#333333" if opacity == 1.0 else "#666666"},  # ≥ 4.5:1 on white
            "x": xy[0], "y": xy[1]}


def _short(text: str) -> str:
    return cut(text, LABEL_MAX)
