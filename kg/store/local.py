"""The store: an on-disk Oxigraph quad store, one named graph per document.

Why Oxigraph (``pyoxigraph``): a persistent RocksDB-backed store with a fast SPARQL 1.1 engine,
atomic updates and crash safety, and no server to run (measurements in docs/store-choice.md).

A store is a folder holding a ``kg-store.json`` marker, Oxigraph's files (``oxigraph/``) and a
lock file ``kg.lock``. A writer holds an exclusive lock and readers a shared one, both taken
without waiting: Oxigraph documents that reading a store while another process writes it is
undefined, so a second writer, or a reader during a build, gets ``StoreLocked`` at once.
A document's graph and the actor and event graphs it changes (``kg.store.descriptions``, ``.events``)
are written in one transaction: a build killed half way leaves each document fully stored or not
at all. New documents come in groups (``write_documents``), bulk-loaded with the events only they
report after the actor and event graphs they change were merged in a transaction; a
``kg-pending-write`` file marks the time between, and a writer opening the store with it there
first drops what no stored document gives (``repair``); a reader may see it before that.

``open_store`` also accepts the URL of a SPARQL endpoint (``http://…``), and then returns a
``kg.store.remote.RemoteStore`` with the same methods.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
from pathlib import Path
import itertools
import shutil
from typing import Iterable, Iterator, Mapping, Optional, Sequence

import pyoxigraph as ox

from kg.store import descriptions
from kg.errors import QueryError, StoreError, StoreLocked
from kg.store.catalog import DocumentCatalog, StoredDocument, gives_ntriples, replace_graphs
from kg.store.events import IndexedEventLookups, parse_reports, plan_events
from kg.vocab import DIP
from kg.query.sparql import bind_values, error_with_caret

__all__ = ["Store", "StoredDocument", "StoreLocation", "open_store", "default_store_path", "is_remote"]

MARKER = "kg-store.json"
LOCK = "kg.lock"
DATA = "oxigraph"
PENDING = "kg-pending-write"  # present while a group of new documents is being written
PENDING_IMPORT = "kg-pending-import"  # names the graphs a large import is filling, until it ends
SCRATCH = "kg-scratch-"  # prefix of temporary files and folders (an import's staging store, stdin)
IMPORT_CHUNK = 20_000  # quads per bulk load of a large import: memory stays flat whatever its size
FORMAT_VERSION = 3  # 3: one graph per event (kg.store.events); 2: per actor (kg.store.descriptions); 1: neither
_CONTENT_HASH = ox.NamedNode(str(DIP.contentHash))


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


def _check_folder(path: Path, create: bool) -> None:
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path} is a file, not a store folder")
    marker = path / MARKER
    try:
        if path.is_dir() and not marker.exists() and any(path.iterdir()):
            raise StoreError(f"{path} is not a diplokg store (no {MARKER}); refusing to touch it")
    except PermissionError:
        raise StoreError(f"cannot open store {path}: permission denied") from None
    if not path.exists() and not create:
        raise StoreError(f"no store at {path} (build one with `kg build ... --store {path}`)")
    if marker.exists():
        try:
            meta = json.loads(marker.read_text())
        except (OSError, ValueError) as exc:
            raise StoreError(f"{path}: unreadable store marker {MARKER}: {exc}") from None
        if not isinstance(meta, dict) or meta.get("format") != FORMAT_VERSION:
            found = meta.get("format") if isinstance(meta, dict) else meta
            if found in (1, 2):
                kept = "actors and events" if found == 1 else "events"
                raise StoreError(f"{path}: store format {found} was written by an older diplokg ({kept} kept "
                                 "inside each document); build the articles again into a new store")
            raise StoreError(f"{path}: store format {found!r} is not supported")


def _take_lock(path: Path, exclusive: bool):
    """Open ``kg.lock`` and lock it without waiting; return the open file."""
    try:
        if exclusive or not (path / LOCK).exists():
            lock_file = open(path / LOCK, "a+")
        else:
            lock_file = open(path / LOCK, "r")  # flock needs no write permission
    except OSError as exc:
        if not exclusive and isinstance(exc, PermissionError):
            return None  # a folder we cannot write: no kg process can be writing through us either
        raise StoreError(f"cannot open store {path}: {exc.strerror or exc}") from None
    try:
        fcntl.flock(lock_file, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
    except OSError as exc:
        lock_file.close()
        if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            doing = "reading it" if exclusive else "writing to it"
            raise StoreLocked(f"store {path} is in use: another kg process is {doing}; "
                              "try again when it ends") from None
        raise StoreError(f"cannot lock store {path}: {exc}") from None
    return lock_file


class Store(IndexedEventLookups, DocumentCatalog):
    """A local diplokg store. Use as a context manager; ``open_store`` is the usual way in."""

    def __init__(self, path: Path, oxstore: "ox.Store", lock_file=None, read_only: bool = False):
        self.path = path
        self.ox = oxstore
        self._lock_file = lock_file
        self.read_only = read_only
        # Descriptions known to be kept in their actors' graphs. Sound because this process
        # holds the writer lock: nothing else changes the store while it is open for writing.
        self._kept_nodes: set = set()

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    def open(cls, path: os.PathLike | str, *, read_only: bool = False, create: bool = True) -> "Store":
        """Open (or create) the store at ``path``.

        Raises:
            StoreLocked: another process is writing to it (or, for a writer, reading it).
            StoreError: the folder is not a store, is corrupt, or cannot be read or written.
        """
        path = Path(path)
        _check_folder(path, create=create and not read_only)
        if not read_only:
            try:
                path.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(f"cannot create store {path}: {exc.strerror or exc}") from None
        lock_file = _take_lock(path, exclusive=not read_only)
        try:
            if read_only:
                if not (path / DATA).is_dir():
                    raise StoreError(f"store {path} is empty or damaged: no {DATA}/ folder")
                oxstore = ox.Store.read_only(str(path / DATA))
            else:
                marker = path / MARKER
                if not marker.exists():
                    tmp = path / (MARKER + ".part")
                    tmp.write_text(json.dumps({"format": FORMAT_VERSION, "engine": "oxigraph"}) + "\n")
                    os.replace(tmp, marker)
                oxstore = ox.Store(str(path / DATA))
        except StoreError:
            if lock_file is not None:
                lock_file.close()
            raise
        except (OSError, RuntimeError, ValueError) as exc:
            if lock_file is not None:
                lock_file.close()
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise StoreError(f"cannot open store {path} (corrupt or unreadable): {reason}") from None
        store = cls(path, oxstore, lock_file, read_only)
        if not read_only:
            try:
                store._recover()
            except (StoreError, OSError, ValueError) as exc:
                store.close()
                raise StoreError(f"cannot repair store {path} after an interrupted write: {exc}") from None
        return store

    def _recover(self) -> None:
        """Finish what an interrupted writer left: half-merged descriptions, a half-loaded import."""
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
        """Flush and release the store."""
        if self.ox is not None and not self.read_only:
            with contextlib.suppress(OSError):
                self.ox.flush()
        self.ox = None
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None

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
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")
        try:
            self.ox.update(update)
        except (OSError, RuntimeError) as exc:
            raise StoreError(f"cannot write to store {self.path}: {exc}") from None

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

    def _write_group(self, group: list) -> None:
        """Merge what new documents change in stored actor and event graphs, then bulk-load the rest."""
        if len(group) < 2:  # a bulk load has a fixed cost of about two transactions: one transaction each
            return DocumentCatalog.write_documents(self, group)
        given = [(g, nt, descriptions.by_actor(descriptions.parse(described))) for g, nt, described, _ in group]
        drops, graphs, added, _ = self._merge_actors(
            self._new_descriptions([d for _, _, found in given for d in found.values()]), {})
        changes = plan_events(self, [r for *_, reports in group for r in parse_reports(reports)])
        trig = "".join(f"{ox.NamedNode(g)} {{\n{nt}\n{gives_ntriples(g, found.values())}}}\n" for g, nt, found in [
            *given, *((g, nt, {}) for g, nt in changes.new.items())])
        pending = self.path / PENDING
        if graphs or changes.drops:
            self._mark(pending)
            self._update(replace_graphs(drops + changes.drops, {**graphs, **changes.replaced}))
        try:
            self._bulk_load(trig)
        except StoreError:
            with contextlib.suppress(StoreError, OSError):  # else the next writer to open repairs it
                self.repair()
                pending.unlink(missing_ok=True)
            raise
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

    def scratch_folder(self) -> Path:
        """Where temporary files of a write go (removed by the next writer if left behind)."""
        return self.path

    def _bulk_load(self, trig: str) -> None:
        """Load TriG text with Oxigraph's bulk loader: all indexes ingested at once, or none."""
        try:
            self.ox.bulk_load(trig.encode("utf-8"), format=ox.RdfFormat.TRIG)
        except (OSError, RuntimeError, SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot write to store {self.path}: {exc}") from None

    def replace_graph(self, graph_iri: str, ntriples: str) -> None:
        """Replace a named graph's content atomically with the given N-Triples text."""
        node = ox.NamedNode(graph_iri)
        drop = f"DROP SILENT GRAPH {node} ;\n" if self.has_graph(graph_iri) else ""  # a DROP costs a quarter of a write
        self._update(f"{drop}INSERT DATA {{ GRAPH {node} {{\n{ntriples}\n}} }}")

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
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")
        try:
            self.ox.extend(quads)
        except OSError as exc:
            raise StoreError(f"cannot write to store {self.path}: {exc}") from None


def _batched(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def open_store(location: os.PathLike | str | None = None, *, read_only: bool = False, create: bool = True,
               update_url: Optional[str] = None):
    """Open the store at ``location``: a folder, or the URL of a SPARQL endpoint.

    Args:
        location: a store folder, or ``http(s)://…`` (see ``kg.store.remote``); default ``$KG_STORE``
            or ``./kg-store``.
        read_only: open for reading (queries, list, export): a shared lock, no writes.
        create: create the folder when missing (ignored for read-only and remote stores).
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
    return Store.open(Path(location), read_only=read_only, create=create)
