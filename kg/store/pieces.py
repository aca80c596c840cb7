"""One document written in pieces, all or nothing (``kg.pipeline.pieces`` reads a very long one so).

The local store appends each piece to the document's graph as it comes, with its actor
descriptions and event reports merged as a document's would be (``kg.store.bulk``): memory
holds one piece, never the whole graph. A ``kg-pending-pieces`` file names the document meanwhile;
a store opened for writing with it there drops that document's graph and what only it gave
(``recover_pieces``), and a failure while reading or writing a piece does the same at once: an
interrupted document is not stored at all, so the next build reads it again. A document already
stored is removed before its first piece is written (it is being replaced).

Other stores (a remote SPARQL endpoint) receive the pieces joined, in one write.
"""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Iterable

import pyoxigraph as ox

from kg.errors import StoreError
from kg.store import descriptions
from kg.store.catalog import gives_ntriples, replace_graphs
from kg.store.events import IDENTITY_KEY, parse_reports, plan_events

PENDING_PIECES = "kg-pending-pieces"  # names the document being written in pieces, until it is whole


def write_pieces(store, graph_iri: str, pieces: Iterable[tuple]) -> None:
    """Store one document given as pieces ``(graph_iri, ntriples, described, reports)``: all of it or none.

    Raises what reading or writing a piece raises, after dropping the pieces already written.
    """
    if isinstance(store, PieceWrites):
        store.write_in_pieces(graph_iri, pieces)
        return
    parts = [(*piece, "")[:4] for piece in pieces]
    store.write_documents([(graph_iri, "".join(p[1] for p in parts), "".join(p[2] for p in parts),
                            "".join(p[3] for p in parts))])


class PieceWrites:
    """Mixed into ``kg.store.local.Store`` (after ``BulkWrites``): a document appended piece by piece."""

    def write_in_pieces(self, graph_iri: str, pieces: Iterable[tuple]) -> None:
        """Append each piece to the document's graph as it comes; see the module's text."""
        if self.has_graph(graph_iri):
            self.remove_graph(graph_iri)
        marker = self.path / PENDING_PIECES
        self._mark(marker, graph_iri)
        lookup = _OtherDocuments(self)
        try:
            for piece in pieces:
                self._append_piece(graph_iri, *(*piece, "")[1:4], lookup)
                self.flush()  # the merges of actor and event graphs fill write buffers
        except BaseException:
            with contextlib.suppress(StoreError, OSError):  # else the next writer to open drops it
                self.recover_pieces()
            raise
        marker.unlink(missing_ok=True)
        self._written()

    def _append_piece(self, graph_iri: str, ntriples: str, described: str, reports: str,
                      lookup: "_OtherDocuments") -> None:
        """Merge a piece's descriptions and reports into the actor and event graphs, then bulk-load the rest."""
        given = descriptions.by_actor(descriptions.parse(described))
        drops, graphs, added, _ = self._merge_actors(self._new_descriptions(list(given.values())), {})
        changes = plan_events(lookup, parse_reports(reports))
        lookup.own |= changes.fresh
        if graphs or changes.drops:
            self._update(replace_graphs(drops + changes.drops, {**graphs, **changes.replaced}))
        self._kept_changed(added, set())
        node = ox.NamedNode(graph_iri)
        self._bulk_load(f"{node} {{\n{ntriples}\n{gives_ntriples(graph_iri, given.values())}}}\n" + "".join(
            f"{ox.NamedNode(g)} {{\n{nt}\n}}\n" for g, nt in changes.new.items()))

    def recover_pieces(self) -> None:
        """Drop the document a write in pieces left half written, and what only it gave."""
        marker: Path = self.path / PENDING_PIECES
        if marker.exists():
            graph_iri = marker.read_text().strip()
            self._update(replace_graphs([graph_iri], {}))
            self.repair()
            marker.unlink()


class _OtherDocuments:
    """The store's event lookups for a document's next piece, without the events only its earlier pieces made.

    Reports of one document are never one event (``kg.store.identity.evidence``), so those events
    cannot join a report of the next piece; looking them up again (parsing all their reports)
    made each piece slower than the one before, and a long document quadratic.
    """

    def __init__(self, store):
        self.store = store
        self.own: set[str] = set()  # graphs of the events made only of this document's reports

    def _events_of_documents(self, documents: set[str]) -> dict:
        return self.store._events_of_documents(documents)

    def _events_with_keys(self, keys: set[str]) -> dict:
        found: dict = {}
        for key in sorted(keys):
            for quad in self.store.ox.quads_for_pattern(None, IDENTITY_KEY, ox.Literal(key), None):
                if quad.graph_name.value not in found and quad.graph_name.value not in self.own:
                    found[quad.graph_name.value] = self.store._reports_in(quad.graph_name)
        return found
