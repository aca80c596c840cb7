"""Build the pyvis network and the data the page needs: nodes, edges, actor ties, tooltips."""
from __future__ import annotations

from typing import Any

from pyvis.edge import Edge
from pyvis.network import Network
from pyvis.node import Node

from kg.view.graphs import actor_network, event_graph, rank_entities
from kg.view.layout import seed_positions
from kg.view.options import ViewOptions
from kg.view.records import DocRef, Entity, EventNode, ViewData
from kg.view.select import Selection
from kg.view.style import (
    ENTITY_STYLES, EVENT_SHAPE, FACTUALITY_STYLES, QUAD_COLOURS, QUAD_LABELS, ROLE_STYLES,
    TIE_COLOUR, factuality_style, rgba,
)

LABEL_MAX = 40  # on the drawing
NAME_MAX = 160  # names in the details, tooltips, lists
TEXT_MAX = 1000  # evidence sentences, document titles


def build_network(data: ViewData, options: ViewOptions) -> tuple[Network, dict[str, tuple[int, int]]]:
    """Return a pyvis ``Network`` of entities and events, and the seeded positions it uses.

    pyvis's ``add_node``/``add_edge`` look IDs up in lists, so building 10,000 nodes takes
    seconds; IDs here are unique by construction, so nodes and edges are made with pyvis's own
    ``Node``/``Edge`` classes and appended to the network's lists directly.
    """
    graph = event_graph(data)
    positions = seed_positions(data, graph, rank_entities(data, graph))
    net = Network(height="100%", width="100%", directed=True, heading=options.title)
    for entity in data.entities:
        _append_node(net, _entity_node(entity, graph.degree(entity.iri), positions[entity.iri]))
    for event in data.events:
        _append_node(net, _event_node(event, positions[event.iri]))
    facts = {e.iri: e.factuality for e in data.events}
    for index, link in enumerate(data.links):
        colour, arrow = ROLE_STYLES[link.role]
        dashes = factuality_style(facts[link.event])[2]
        source, dest = (link.event, link.entity) if link.role in ("target", "place") else (link.entity, link.event)
        net.edges.append(Edge(source, dest, directed=True, id=f"r{index}", label=link.role,
                              arrows=arrow, dashes=dashes, color=colour).options)
    return net, positions


def page_payload(selection: Selection, net: Network, options: ViewOptions) -> dict[str, Any]:
    """Return everything the page's script reads: vis nodes and edges, ties, tooltips, filters."""
    data = selection.data
    names = {e.iri: e.label for e in data.entities}
    ties = []
    tie_events = {}
    for index, (a, b, attrs) in enumerate(actor_network(data).edges(data=True)):
        tie_id = f"t{index}"
        ties.append({"id": tie_id, "from": a, "to": b, "value": attrs["weight"],
                     "color": TIE_COLOUR, "arrows": ""})
        tie_events[tie_id] = list(attrs["events"])
    meta: dict[str, dict[str, Any]] = {e.iri: _entity_meta(e) for e in data.entities}
    roles: dict[str, list[list[str]]] = {}
    for link in data.links:
        roles.setdefault(link.event, []).append([link.role, cut(names.get(link.entity, link.entity), NAME_MAX)])
        meta[link.entity]["n"] += 1
    meta.update({e.iri: _event_meta(e, roles.get(e.iri, [])) for e in data.events})
    present = {e.cls for e in data.events}
    return {
        "title": options.title,
        "mode": options.mode,
        "hops": options.hops,
        "focus": selection.focus,
        "nodes": net.nodes,
        "edges": net.edges,
        "ties": ties,
        "tieEvents": tie_events,
        "meta": meta,
        "types": [[c.name, c.label, c.quad] for c in data.event_classes if c.name in present],
        "quads": [[q, QUAD_LABELS[q]] for q in QUAD_COLOURS
                  if any(e.quad == q for e in data.events)],
        "options": vis_options(len(net.nodes)),
    }


def vis_options(node_count: int) -> dict[str, Any]:
    """Return vis-network options: a short stabilisation from the seeded layout, then still."""
    big = node_count > 1000
    return {
        "autoResize": True,
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "physics": {
            "enabled": True,
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
                  "scaling": {"min": 10, "max": 32,
                              # small graphs show every name at the first, zoomed-out view
                              "label": {"enabled": True, "min": 11, "max": 22,
                                        "drawThreshold": 7 if big else 2}}},
        "edges": {"smooth": False, "width": 1.2, "selectionWidth": 2,
                  "arrows": {"to": {"scaleFactor": 0.5}},
                  "font": {"size": 9, "color": "#555555", "strokeWidth": 2, "align": "middle"},
                  "scaling": {"min": 1, "max": 10, "label": {"drawThreshold": 7}}},
    }


def _append_node(net: Network, spec: dict[str, Any]) -> None:
    node = Node(spec.pop("id"), spec.pop("shape"), label=spec.pop("label"), **spec)
    net.nodes.append(node.options)
    net.node_ids.append(node.options["id"])
    net.node_map[node.options["id"]] = node.options


def _entity_node(entity: Entity, degree: int, xy: tuple[int, int]) -> dict[str, Any]:
    shape, colour, _ = ENTITY_STYLES[entity.kind]
    return {"id": entity.iri, "label": _short(entity.label), "shape": shape,
            "color": {"background": colour, "border": "#222222",
                      "highlight": {"background": colour, "border": "#000000"},
                      "hover": {"background": colour, "border": "#000000"}},
            "value": max(degree, 1), "borderWidth": 1, "x": xy[0], "y": xy[1]}


def _event_node(event: EventNode, xy: tuple[int, int]) -> dict[str, Any]:
    colour = QUAD_COLOURS.get(event.quad, QUAD_COLOURS["other"])
    opacity, border_dashes, _ = factuality_style(event.factuality)
    fill = rgba(colour, opacity)
    return {"id": event.iri, "label": _short(event.label), "shape": EVENT_SHAPE, "size": 9,
            "color": {"background": fill, "border": colour,
                      "highlight": {"background": fill, "border": "#000000"},
                      "hover": {"background": fill, "border": "#000000"}},
            "borderWidth": 2, "shapeProperties": {"borderDashes": border_dashes},
            "font": {"size": 11, "color": "#333333" if opacity == 1.0 else "#8a8a8a"},
            "x": xy[0], "y": xy[1]}


def _entity_meta(entity: Entity) -> dict[str, Any]:
    return {"t": "entity", "name": cut(entity.label, NAME_MAX), "kind": entity.kind,
            "alt": [cut(a, NAME_MAX) for a in entity.alt_labels],
            "wd": entity.wikidata, "actor": entity.is_actor, "n": 0}


def _event_meta(event: EventNode, roles: list[list[str]]) -> dict[str, Any]:
    return {
        "t": "event", "name": cut(event.label, NAME_MAX), "cls": event.cls,
        "clsLabel": cut(event.cls_label, NAME_MAX),
        "quad": event.quad, "quadLabel": QUAD_LABELS.get(event.quad, event.quad),
        "date": cut(event.date_text, NAME_MAX), "start": event.start, "end": event.end,
        "fact": event.factuality,
        "factLabel": event.factuality if event.factuality in FACTUALITY_STYLES
        else f"{cut(event.factuality, NAME_MAX)} (not a known factuality value)",
        "count": event.count, "mentions": event.mention_count, "trigger": cut(event.trigger, NAME_MAX),
        "roles": roles,
        "ev": [[cut(e.text, TEXT_MAX), *_doc(e.doc)] for e in event.evidence],
        "docs": [_doc(d) for d in event.documents],
    }


def _doc(doc: DocRef) -> list[Any]:
    return [cut(doc.doc_id, NAME_MAX), cut(doc.title, TEXT_MAX), cut(doc.date, NAME_MAX)]


def cut(text, limit: int):
    """Return ``text`` cut to ``limit`` characters, the cut marked with "…" (None stays None).

    >>> cut("Kim Jong Un", 5)
    'Kim …'
    >>> cut(None, 5) is None
    True
    """
    if text is None or len(text) <= limit:
        return text
    return text[:limit - 1] + "…"


def _short(text: str) -> str:
    return cut(text, LABEL_MAX)
