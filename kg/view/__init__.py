"""Draw the event knowledge graph as one self-contained, offline, interactive HTML page.

The stages, each a module: ``read`` (SPARQL over the store → plain records), ``select`` (filters, focus,
size limit), ``graphs`` and ``layout`` (networkx), ``network`` (pyvis nodes and edges), ``payload`` (the
entities and events as compact tables the page expands),
``render`` (the project's own Jinja2 template with vis-network and the page's scripts inlined: ``dom.js``
the DOM helpers they share, ``app.js`` the graph and filters, ``panels.js`` the event table, hash and
export, ``timeline.js``, ``map.js``), ``page`` (writes the file).
"""
from __future__ import annotations

from kg.view.graphs import actor_network, event_graph
from kg.view.options import ViewOptions, ViewReport
from kg.view.read import read_view_data
from kg.view.records import Entity, EventNode, Link, ViewData
from kg.view.select import Selection, select
from kg.view.page import write_html

__all__ = [
    "Entity", "EventNode", "Link", "Selection", "ViewData", "ViewOptions", "ViewReport",
    "actor_network", "event_graph", "read_view_data", "select", "write_html",
]
