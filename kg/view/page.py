"""Write the graph as one self-contained, offline HTML page and report what it shows."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, Union

from kg.errors import InputError
from kg.view.network import build_network, page_payload
from kg.view.options import ViewOptions, ViewReport
from kg.view.read import read_view_data
from kg.view.records import ViewData
from kg.view.render import render_page
from kg.view.select import Selection, select


def write_html(source: Any, output_path: Union[str, os.PathLike], *, ontology: Any,
               options: ViewOptions = ViewOptions()) -> ViewReport:
    """Write an interactive view of ``source`` to ``output_path`` and report what it shows.

    The page is one file: vis-network (from pyvis's bundled copy), styles, data and script are
    inline, and its Content-Security-Policy forbids loading anything, so it works offline.

    Args:
        source: the store (local or remote; read with SPARQL, see ``kg.view.read``), or an
            rdflib graph of the documents.
        output_path: the HTML file to write (its folder must exist); replaced atomically.
        ontology: the diplomacy ontology (event class labels and quad classes).
        options: focus, filters, size limit, initial mode and title.

    Returns:
        A ``ViewReport``: nodes and edges shown at load, nodes dropped by ``max_nodes``, a message.

    Raises:
        InputError: when the focus or a type is unknown, or the folder does not exist.
    """
    path = Path(output_path)
    if not path.parent.is_dir():
        raise InputError(f"folder {path.parent} does not exist")
    return write_records(read_view_data(source, ontology=ontology), path, options=options)


def write_records(data: ViewData, output_path: Union[str, os.PathLike], *,
                  options: ViewOptions = ViewOptions()) -> ViewReport:
    """Write the page of view records already read (``write_html`` after reading; benchmarks, tests)."""
    path = Path(output_path)
    selection = select(data, options)
    net, ties = build_network(selection.data, options, aggregated=selection.aggregated)
    payload = page_payload(selection, net, ties, options)
    if selection.aggregated:
        shown_nodes, shown_edges = len(payload["nodes"]), len(payload["ties"])
    elif options.mode == "actors":
        shown_nodes = sum(1 for e in selection.data.entities if e.is_actor)
        shown_edges = len(payload["ties"])
    else:
        shown_nodes, shown_edges = len(payload["nodes"]), len(payload["edges"])
    notice = _aggregated_notice(selection, shown_nodes, shown_edges) if selection.aggregated \
        else _notice(selection, options)
    summary = f"{shown_nodes} nodes, {shown_edges} edges"
    html = render_page(payload, notice=notice, summary=summary)
    _atomic_write(path, html)
    message = f"Wrote {summary} to {path}." + (f" {notice}" if notice else "")
    return ViewReport(nodes=shown_nodes, edges=shown_edges, dropped_nodes=selection.dropped_nodes,
                      truncated=selection.truncated, path=path, message=message)


def _notice(selection: Selection, options: ViewOptions) -> str:
    if not selection.truncated:
        return ""
    kept = selection.data.node_count()
    total = kept + selection.dropped_nodes
    actors = len(selection.data.entities)
    return (f"Showing {kept} of {total} nodes: the {actors} most central actors and places and "
            f"their events (limit {options.max_nodes}; raise --max-nodes, or narrow with "
            f"--focus, --types, --since, --until).")


def _aggregated_notice(selection: Selection, nodes: int, ties: int) -> str:
    data = selection.data
    return (f"{len(data.events)} events and {len(data.entities)} actors and places are too many to draw at "
            f"once: the actor network is drawn ({nodes} most connected actors, {ties} of their strongest ties) "
            f"and every event is in the table, the timeline and the map. Click a tie for the events behind it, "
            f"or select an actor (or find one with the search) and press Focus to draw its events.")


def _atomic_write(path: Path, text: str) -> None:
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)  # mkstemp makes the file private; a page is for sharing
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
