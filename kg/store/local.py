"""The store: an on-disk Oxigraph quad store, one named graph per document.

Why Oxigraph (``pyoxigraph``): a persistent RocksDB-backed store with a fast SPARQL 1.1 engine,
atomic updates and crash safety, and no server to run (measurements in docs/store-choice.md).

A store is a folder holding a ``kg-store.json`` marker, Oxigraph's files (``oxigraph/``), the
writer lock ``kg.lock`` (``kg.store.lock``) and ``snapshots/`` (``kg.store.snapshots``). One
process writes at a time; a second writer gets ``StoreLocked`` naming the first. Readers never
open the files the writer changes (Oxigraph documents that as undefined): they read a snapshot,
so ``kg query`` and ``kg serve`` work while ``kg build`` writes, and a following reader
(``kg serve``) sees new documents as the writer publishes snapshots of them.
A document's graph and the actor and event graphs it changes (``kg.store.descriptions``, ``.events``)
are written in one SPARQL UPDATE request, which Oxigraph applies as one transaction: a build killed
half way leaves each document either fully stored or not at all. A build hands new documents over
in groups (``write_documents``, ``kg.store.bulk``): their graphs, with the events only they report,
are bulk-loaded after the actor and event graphs they change were merged in a transaction; a
``kg-pending-write`` file marks the time between the two, and a store opened for writing with it
there first drops what no stored document gives (``repair``); a reader may see it before that.

``open_store`` also accepts the URL of a SPARQL endpoint (``http://…``), and then returns a
``kg.store.remote.RemoteStore`` with the same methods.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import time
from pathlib import Path
from typing import Iterable, Iterator, Mapping, Optional

import pyoxigraph as ox

from kg.errors import QueryError, StoreError
from kg.store import descriptions, snapshots, upgrade
from kg.store.lock import WriterLock
from kg.store.opening import Reading, check_folder, mark_current, needs_upgrade, open_primary
from kg.store.bulk import PENDING, PENDING_IMPORT, BulkWrites  # noqa: F401 (PENDING_IMPORT: tests)
from kg.store.catalog import DocumentCatalog, StoredDocument, StoreSummary, replace_graphs
from kg.store.pieces import PieceWrites
from kg.store.events import IndexedEventLookups
from kg.vocab import DIP
from kg.query.sparql import bind_values, error_with_caret

__all__ = ["Store", "StoredDocument", "StoreLocation", "open_store", "default_store_path", "is_remote"]

SCRATCH = "kg-scratch-"  # prefix of temporary files and folders (an import's staging store, stdin)
_CONTENT_HASH = ox.NamedNode(str(DIP.contentHash))
_DERIVED = ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom")


class StoreLocation(str):
    """A ``--store`` value that also carries ``--store-update`` (the update endpoint URL)."""

    update_url: Optional[str] = None

    def __new__(cls, location: str, update_url: Optional[str] = None) -> "StoreLocation":
        self = super().__new__(cls, location)
        self.update_url = update_url
        return self


def default_store_path() -> str:
    """Return ``$KG_STORE`` or ``./kg-store``."""
    return os.environ.get("KG_STORE") or "kg-store"


def is_remote(location: os.PathLike | str) -> bool:
    """Return True when ``location`` is the URL of a SPARQL endpoint rather than a folder.

    >>> is_remote("http://127.0.0.1:7878"), is_remote("kg-store")
    (True, False)
    """
    return str(location).lower().startswith(("http://", "https://"))


class Store(IndexedEventLookups, BulkWrites, PieceWrites, DocumentCatalog):
    """A local diplokg store. Use as a context manager; ``open_store`` is the usual way in."""

    def __init__(self, path: Path, oxstore: "ox.Store", *, lock: Optional[WriterLock] = None,
                 reading: Optional[Reading] = None):
        self.path = path
        self._ox = oxstore
        self._lock = lock
        self._reading = reading
        self.read_only = lock is None
        self._dirty = False  # this writer changed the store since its last snapshot
        self._published = time.monotonic()
        self.publish_every = snapshots.PUBLISH_EVERY  # seconds between snapshots while readers follow
        # Descriptions known to be kept in their actors' graphs. Sound because this process
        # holds the writer lock: nothing else changes the store while it is open for writing.
        self._kept_nodes: set = set()
        self._events_tracked = False  # the write in progress tells the key index what it changes (kg.store.bulk)

    @property
    def follow_every(self) -> float:
        """Seconds between a following reader's looks for a newer snapshot."""
        return self._reading.follow_every if self._reading is not None else 0.0

    @follow_every.setter
    def follow_every(self, seconds: float) -> None:
        if self._reading is not None:
            self._reading.follow_every = seconds

    @property
    def ox(self) -> "ox.Store":
        """The Oxigraph store: the writer's own, or the snapshot a reader holds."""
        return self._reading.ox if self._reading is not None else self._ox

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    def open(cls, path: os.PathLike | str, *, read_only: bool = False, create: bool = True,
             follow: bool = False) -> "Store":
        """Open (or create) the store at ``path``.

        Args:
            read_only: read a snapshot of the store: never blocked by, and never blocking, a writer.
            create: create the folder when missing (writers only).
            follow: for a long-lived reader (``kg serve``): see what a writer stores, as it
                publishes snapshots.
        Raises:
            StoreLocked: another process is writing to it (for a writer), or is writing it and
                has made no snapshot yet (for a reader).
            StoreError: the folder is not a store, is corrupt, or cannot be read or written.
        """
        path = Path(path)
        check_folder(path, create=create and not read_only)
        if read_only:
            reading = Reading.open(path, follow=follow,
                                   publish=lambda lock: cls._open_writer(path, lock, publish=True).close())
            return cls(path, None, reading=reading)
        try:
            path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create store {path}: {exc.strerror or exc}") from None
        return cls._open_writer(path, WriterLock.take(path))

    @classmethod
    def _open_writer(cls, path: Path, lock: WriterLock, *, publish: bool = False) -> "Store":
        store = cls(path, open_primary(path, lock), lock=lock)
        try:
            store._recover()
            if needs_upgrade(path):  # written by an older diplokg: events move into their own graphs,
                upgrade.move_events(store)  # and mentions lose what their sentence says
                upgrade.compact_mentions(store)
                mark_current(path)
            if publish or snapshots.is_stale(path):  # readers arriving during this write read the state before it
                store._publish()
        except (StoreError, OSError, ValueError) as exc:
            store.close()
            raise StoreError(f"cannot repair or upgrade store {path}: {exc}") from None
        return store

    def _recover(self) -> None:
        """Finish what an interrupted writer left: half-merged descriptions, a half-loaded import or document."""
        self.recover_pieces()  # a document written in pieces stopped half way: it is dropped
        if (self.path / PENDING).exists():  # the last write of a group of documents stopped half way
            self.repair()
            (self.path / PENDING).unlink()
        if (self.path / PENDING_IMPORT).exists():  # an import stopped half way: its graphs are dropped
            graphs = json.loads((self.path / PENDING_IMPORT).read_text())
            self._update(replace_graphs(graphs, {}))
            (self.path / PENDING_IMPORT).unlink()
        for leftover in self.path.glob(SCRATCH + "*"):
            if leftover.is_dir():
                shutil.rmtree(leftover, ignore_errors=True)
            else:
                leftover.unlink(missing_ok=True)

    def close(self) -> None:
        """Flush, publish a snapshot of what this writer changed, and release the store."""
        if self._ox is not None and self._lock is not None:
            with contextlib.suppress(OSError):
                self._ox.flush()
                if self._dirty or snapshots.is_stale(self.path):
                    self._publish()
        self._ox = None
        if self._reading is not None:
            self._reading.close()
            self._reading = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # ------------------------------------------------------------------ snapshots for readers
    def _publish(self) -> None:
        """Make a snapshot of the store as it is now, for readers (``kg.store.snapshots``)."""
        snapshots.publish(self._ox, self.path)
        self._dirty = False
        self._published = time.monotonic()

    def _before_write(self) -> None:
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")
        if not self._events_tracked:  # a write whose changes to event graphs the event index does not follow
            self._forget_events()
        if not self._dirty:
            snapshots.mark_dirty(self.path)
            self._dirty = True

    def _written(self) -> None:
        """After a whole write: publish now when readers follow and the last snapshot is old."""
        if self._dirty and time.monotonic() - self._published >= self.publish_every \
                and snapshots.followed(self.path):
            try:
                self._publish()
            except OSError as exc:
                raise StoreError(f"cannot write a snapshot of store {self.path}: {exc}") from None

    def flush(self) -> None:
        """Write Oxigraph's buffers to disk; a long build calls this so memory stays flat."""
        self._maintain("flush")

    def compact(self) -> None:
        """Merge Oxigraph's files (a full RocksDB compaction): later reads look in fewer files."""
        self._maintain("optimize")

    def _maintain(self, operation: str) -> None:
        """Run one of Oxigraph's housekeeping calls on a store open for writing."""
        if self.ox is not None and not self.read_only:
            try:
                getattr(self.ox, operation)()
            except OSError as exc:
                raise StoreError(f"cannot write to store {self.path}: {exc}") from None

    def document_count(self) -> int:
        """Return how many documents the store holds (one content hash each), from the index."""
        return sum(1 for _ in self.ox.quads_for_pattern(None, _CONTENT_HASH, None, None))

    def summary(self) -> StoreSummary:
        """Count the documents, actors, events and statements the store holds, each once (from the indexes)."""
        actors = sum(1 for g in self.ox.named_graphs()
                     if isinstance(g, ox.NamedNode) and g.value.startswith(descriptions.ACTOR_PREFIX))
        events = {q.subject for q in self.ox.quads_for_pattern(None, _DERIVED, None, None)}
        return StoreSummary(self.document_count(), actors, len(events), len(self.ox))

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ SPARQL
    def query(self, text: str, *, bindings: Optional[Mapping[str, object]] = None, union: bool = True,
              prefixes: Optional[Mapping[str, str]] = None, default_graph: Optional[list[str]] = None,
              named_graphs: Optional[list[str]] = None):
        """Run a SPARQL query; return pyoxigraph's result (solutions, boolean or triples).

        Args:
            bindings: values for variables (``{name: pyoxigraph term}``), bound by a ``VALUES``
                row at the start of the outer WHERE group (``kg.query.sparql.bind_values``). Oxigraph's
                own ``substitutions`` are not used: they demand that the variable be projected and
                turn ``BOUND(?v)`` false, and a remote server could not do the same.
            union: the default graph is the union of all document graphs.
            default_graph, named_graphs: IRIs that make up the dataset (SPARQL protocol).
        Raises:
            QueryError: a syntax error (with its position) or a failure while reading.
        """
        options = {}
        if default_graph is not None:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graph]
        elif union:
            options["use_default_graph_as_union"] = True
        if named_graphs is not None:
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        text = bind_values(text, {k: str(v) for k, v in (bindings or {}).items()})
        if self._reading is not None:
            self._reading.refresh()
        try:
            return self.ox.query(text, prefixes=dict(prefixes or {}), **options)
        except SyntaxError as exc:
            raise QueryError(error_with_caret(text, str(exc))) from None
        except (OSError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from None

    # ------------------------------------------------------------------ documents
    def stored_hash(self, graph_iri: str) -> Optional[str]:
        """Return the content hash stored for a document graph, or None.

        Asked once per input document by ``kg build``: a direct index lookup keeps it as cheap
        on a store of 10,000 documents as on an empty one (a SPARQL query costs 1 ms more).
        """
        for quad in self.ox.quads_for_pattern(None, _CONTENT_HASH, None, ox.NamedNode(graph_iri)):
            return quad.object.value
        return None

    def _update(self, update: str) -> None:
        self._before_write()
        try:
            self.ox.update(update)
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot write to store {self.path}: {exc}") from None

    def scratch_folder(self) -> Path:
        """Where temporary files of a write go (removed by the next writer if left behind)."""
        return self.path

    def replace_graph(self, graph_iri: str, ntriples: str) -> None:
        """Replace a named graph's content atomically with the given N-Triples text."""
        node = ox.NamedNode(graph_iri)
        drop = f"DROP SILENT GRAPH {node} ;\n" if self.has_graph(graph_iri) else ""  # a DROP costs a quarter of a write
        self._update(f"{drop}INSERT DATA {{ GRAPH {node} {{\n{ntriples}\n}} }}")
        self._written()

    # The reads a write makes, answered from Oxigraph's indexes (a SPARQL query costs ~1 ms more).
    def has_graph(self, graph_iri: str) -> bool:
        """Return True when the named graph holds at least one triple."""
        return next(iter(self.ox.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri))), None) is not None

    def _given_by(self, graph_iri: str) -> dict:
        node = ox.NamedNode(graph_iri)
        out = {}
        for quad in self.ox.quads_for_pattern(node, descriptions.GIVES, None, node):
            for found in self.ox.quads_for_pattern(quad.object, descriptions.OF, None, None):
                out[quad.object] = found.object
        return out

    def _given_elsewhere(self, node, graph_iri: str) -> bool:
        return any(q.graph_name.value != graph_iri for q in self.ox.quads_for_pattern(None, descriptions.GIVES, node))

    def _stored(self, found: list) -> set:
        # Most documents describe an actor as an earlier one did: the cache answers without a
        # call into the store, each of which, from the writer thread, waits for the GIL.
        for d in found:
            if d.node not in self._kept_nodes and \
                    next(iter(self.ox.quads_for_pattern(d.node, descriptions.OF, d.actor, d.actor)), None) is not None:
                self._kept_nodes.add(d.node)
        return {d.node for d in found if d.node in self._kept_nodes}

    def _kept_changed(self, added: set, gone: set) -> None:
        self._kept_nodes |= added
        self._kept_nodes -= gone

    def _kept(self, actor) -> list:
        return [descriptions.Description.from_text(actor, q.object.value)
                for q in self.ox.quads_for_pattern(None, descriptions.TEXT, None, actor)]

    # ------------------------------------------------------------------ reading
    def __len__(self) -> int:
        return len(self.ox)

    def quads(self) -> Iterator["ox.Quad"]:
        """Iterate over every quad of the store."""
        return iter(self.ox)

    def dump(self, output, fmt: "ox.RdfFormat", *, union: bool = False) -> None:
        """Serialise the store to a binary file object: a dataset format, or the union graph."""
        if union:
            triples = (ox.Quad(q.subject, q.predicate, q.object) for q in self.ox)
            ox.serialize(triples, output, fmt)
        else:
            self.ox.dump(output, fmt)

    def load_triples(self, quads: Iterable["ox.Quad"]) -> None:
        """Add quads in one atomic step."""
        self._before_write()
        try:
            self.ox.extend(quads)
        except OSError as exc:
            raise StoreError(f"cannot write to store {self.path}: {exc}") from None
        self._written()


def open_store(location: os.PathLike | str | None = None, *, read_only: bool = False, create: bool = True,
               update_url: Optional[str] = None, follow: bool = False):
    """Open the store at ``location``: a folder, or the URL of a SPARQL endpoint.

    Args:
        location: a store folder, or ``http(s)://…`` (see ``kg.store.remote``); default ``$KG_STORE``
            or ``./kg-store``.
        read_only: open for reading (queries, list, export): a snapshot, never blocked by a writer.
        create: create the folder when missing (ignored for read-only and remote stores).
        follow: a long-lived reader (``kg serve``) sees what a writer stores meanwhile.
        update_url: for a remote store, the SPARQL UPDATE endpoint when it cannot be derived
            from ``location`` (default ``$KG_STORE_UPDATE``).
    Returns:
        A ``Store`` or a ``kg.store.remote.RemoteStore``.
    Raises:
        StoreLocked, StoreError: see ``Store.open`` and ``RemoteStore.open``.
    """
    location = location if location is not None and str(location) != "" else default_store_path()
    if is_remote(location):
        from kg.store.remote import RemoteStore

        update_url = update_url or getattr(location, "update_url", None) or os.environ.get("KG_STORE_UPDATE")
        return RemoteStore.open(str(location), read_only=read_only, update_url=update_url or None)
    return Store.open(Path(location), read_only=read_only, create=create, follow=follow)
