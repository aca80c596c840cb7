"""The local store's grouped writes: new documents bulk-loaded together, large imports in steps.

A build hands new documents over in groups (``write_documents``): their graphs are bulk-loaded,
which RocksDB ingests into every index at once, after the actors' graphs they change were
merged in a transaction (and the events they report: those only they make are loaded with them,
the others merged in that transaction, ``kg.store.events``); a ``kg-pending-write`` file marks
the time between the two, and a store opened for writing with it there first drops what no
stored document gives (``repair``). A large import is written ``IMPORT_CHUNK`` statements at a time,
under a ``kg-pending-import`` file that makes the next writer drop its half-filled graphs.
"""
from __future__ import annotations

import contextlib
import itertools
import json
import os
from pathlib import Path
from typing import Iterable, Iterator, Sequence

import pyoxigraph as ox

from kg.errors import StoreError
from kg.store import descriptions
from kg.store.catalog import gives_ntriples, replace_graphs
from kg.store.events import parse_reports, plan_events

PENDING = "kg-pending-write"  # present while a group of new documents is being written
PENDING_IMPORT = "kg-pending-import"  # names the graphs a large import is filling, until it ends
IMPORT_CHUNK = 20_000  # quads per bulk load of a large import: memory stays flat whatever its size
# N-Triples characters above which one new document is bulk-loaded on its own rather than written in
# a transaction: for a 0.2 MB article (15.5 M characters) 3x faster and half the peak memory
BULK_ALONE = 2_000_000


class BulkWrites:
    """Mixed into ``kg.store.local.Store``: the writes that use Oxigraph's bulk loader."""

    def write_documents(self, documents: Iterable[tuple]) -> None:
        """Store documents in order (as ``write_document``), new ones in groups with one bulk load (4-5x cheaper).

        A document already stored, one named twice, or one with blank nodes (whose labels a bulk
        load would share across documents) is written in its own transaction, in its place.
        """
        group: list = []
        for document in ((*d, "")[:4] for d in documents):  # (graph, ntriples, described, reports)
            if any(document[0] == g[0] for g in group) or "_:" in document[1] or self.has_graph(document[0]):
                self._write_group(group)
                group = []
                self.write_document(*document)
            else:
                group.append(document)
        self._write_group(group)
        self._written()

    def _write_group(self, group: list) -> None:
        """Merge what new documents change in stored actor and event graphs, then bulk-load the rest."""
        # a bulk load has a fixed cost of about two transactions: one transaction each, unless large
        if len(group) < 2 and not (group and len(group[0][1]) > BULK_ALONE):
            for document in group:
                self.write_document(*document)
            return
        given = [(g, nt, descriptions.by_actor(descriptions.parse(described))) for g, nt, described, _ in group]
        drops, graphs, added, _ = self._merge_actors(
            self._new_descriptions([d for _, _, found in given for d in found.values()]), {})
        changes = plan_events(self, [r for *_, reports in group for r in parse_reports(reports)])
        trig = "".join(f"{ox.NamedNode(g)} {{\n{nt}\n{gives_ntriples(g, found.values())}}}\n" for g, nt, found in [
            *given, *((g, nt, {}) for g, nt in changes.new.items())])
        pending = self.path / PENDING
        self._events_tracked = True  # these writes change no event graph but those of ``changes``
        try:
            if graphs or changes.drops:
                self._mark(pending)
                self._update(replace_graphs(drops + changes.drops, {**graphs, **changes.replaced}))
            try:
                self._bulk_load(trig)
            except StoreError:
                self._events_tracked = False
                with contextlib.suppress(StoreError, OSError):  # else the next writer to open repairs it
                    self.repair()
                    pending.unlink(missing_ok=True)
                raise
        except BaseException:
            self._forget_events()
            raise
        finally:
            self._events_tracked = False
        self._events_written(changes)
        pending.unlink(missing_ok=True)
        self._kept_changed(added, set())

    def _mark(self, pending: Path, text: str = "actor graphs merged; documents not yet loaded\n") -> None:
        try:
            with open(pending, "w") as marker:
                marker.write(text)
                marker.flush()
                os.fsync(marker.fileno())
        except OSError as exc:
            raise StoreError(f"cannot write to store {self.path}: {exc.strerror or exc}") from None

    def replace_graphs_with(self, graphs: Sequence[str], quads: Iterable["ox.Quad"], *,
                            chunk: int = IMPORT_CHUNK) -> None:
        """Replace the content of named graphs with ``quads``, keeping their blank nodes as given.

        The quads are written ``chunk`` at a time (one transaction when they fit in one, else
        bulk loads), so memory does not grow with the import. A ``kg-pending-import`` file names
        the graphs meanwhile, and a store opened for writing with it there drops them: an
        interrupted import leaves its graphs empty, never half filled.
        """
        pending = self.path / PENDING_IMPORT
        self._before_write()
        self._mark(pending, json.dumps(list(graphs)))
        self._update(replace_graphs(list(graphs), {}))
        chunks = _batched(quads, chunk)
        first = next(chunks, [])
        second = next(chunks, None)
        try:
            if second is None:
                self.ox.extend(first)
            for part in itertools.chain([first, second], chunks) if second is not None else ():
                self.ox.bulk_extend(part)
        except (OSError, RuntimeError, ValueError) as exc:
            raise StoreError(f"cannot write to store {self.path}: {exc}") from None
        pending.unlink()
        self._written()

    def _bulk_load(self, trig: str) -> None:
        """Load TriG text with Oxigraph's bulk loader: all indexes ingested at once, or none."""
        self._before_write()
        try:
            self.ox.bulk_load(trig.encode("utf-8"), format=ox.RdfFormat.TRIG)
        except (OSError, RuntimeError, SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot write to store {self.path}: {exc}") from None


def _batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch
