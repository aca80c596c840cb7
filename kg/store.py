"""The store: an on-disk Oxigraph quad store, one named graph per document.

Why Oxigraph (``pyoxigraph``): a persistent RocksDB-backed store with a fast SPARQL 1.1 engine,
atomic updates and crash safety, and no server to run (measurements in the README).

A store is a folder holding a ``kg-store.json`` marker and Oxigraph's files. Writers take an
exclusive lock (``kg.lock``); a second writer gets ``StoreLocked`` at once. A document's graph is
replaced in one SPARQL UPDATE request, which Oxigraph applies atomically: a build killed half way
leaves each document either fully stored or not at all.
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional

import pyoxigraph as ox

from kg.errors import StoreError, StoreLocked

MARKER = "kg-store.json"
LOCK = "kg.lock"
FORMAT_VERSION = 1
DIP = "https://w3id.org/diplokg/ontology#"


@dataclass(frozen=True)
class StoredDocument:
    """One row of ``kg list``."""

    doc_id: str
    graph: str
    date: Optional[str]
    title: Optional[str]
    content_hash: Optional[str]
    actors: int
    events: int
    triples: int


def default_store_path() -> Path:
    """Return ``$KG_STORE`` or ``./kg-store``."""
    return Path(os.environ.get("KG_STORE") or "kg-store")


def _check_folder(path: Path, create: bool) -> None:
    if path.exists() and not path.is_dir():
        raise StoreError(f"{path} is a file, not a store folder")
    marker = path / MARKER
    if path.is_dir() and any(path.iterdir()) and not marker.exists():
        raise StoreError(f"{path} is not a diplokg store (no {MARKER}); refusing to touch it")
    if not path.exists() and not create:
        raise StoreError(f"no store at {path} (build one with `kg build ... --store {path}`)")
    if marker.exists():
        try:
            meta = json.loads(marker.read_text())
        except (OSError, ValueError) as exc:
            raise StoreError(f"{path}: unreadable store marker {MARKER}: {exc}") from None
        if meta.get("format") != FORMAT_VERSION:
            raise StoreError(f"{path}: store format {meta.get('format')!r} is not supported")


class Store:
    """A diplokg store. Use as a context manager; ``open_store`` is the usual way in."""

    def __init__(self, path: Path, oxstore: "ox.Store", lock_file=None, read_only: bool = False):
        self.path = path
        self.ox = oxstore
        self._lock_file = lock_file
        self.read_only = read_only

    # ------------------------------------------------------------------ lifecycle
    @classmethod
    def open(cls, path: os.PathLike | str, *, read_only: bool = False, create: bool = True) -> "Store":
        """Open (or create) the store at ``path``.

        Raises:
            StoreLocked: another process is writing to it.
            StoreError: the folder is not a store, is corrupt, or cannot be read or written.
        """
        path = Path(path)
        _check_folder(path, create=create and not read_only)
        lock_file = None
        try:
            if read_only:
                oxstore = ox.Store.read_only(str(path / "oxigraph"))
            else:
                path.mkdir(parents=True, exist_ok=True)
                lock_file = open(path / LOCK, "a+")
                try:
                    fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError as exc:
                    lock_file.close()
                    if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                        raise StoreLocked(f"store {path} is in use by another kg process; try again when it ends") from None
                    raise
                marker = path / MARKER
                if not marker.exists():
                    marker.write_text(json.dumps({"format": FORMAT_VERSION, "engine": "oxigraph"}) + "\n")
                oxstore = ox.Store(str(path / "oxigraph"))
        except (StoreError, StoreLocked):
            raise
        except OSError as exc:
            if lock_file is not None:
                lock_file.close()
            raise StoreError(f"cannot open store {path}: {exc}") from None
        return cls(path, oxstore, lock_file, read_only)

    def close(self) -> None:
        """Flush and release the store."""
        if not self.read_only:
            with contextlib.suppress(OSError):
                self.ox.flush()
        self.ox = None
        if self._lock_file is not None:
            self._lock_file.close()
            self._lock_file = None

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ documents
    def stored_hash(self, graph_iri: str) -> Optional[str]:
        """Return the content hash stored for a document graph, or None."""
        rows = list(self.ox.query(
            f"SELECT ?g ?h WHERE {{ GRAPH ?g {{ ?d <{DIP}contentHash> ?h }} }} LIMIT 1",
            substitutions={ox.Variable("g"): ox.NamedNode(graph_iri)}))
        return rows[0]["h"].value if rows else None

    def replace_graph(self, graph_iri: str, ntriples: str) -> None:
        """Replace a named graph's content atomically with the given N-Triples text."""
        update = f"DROP SILENT GRAPH <{graph_iri}> ;\nINSERT DATA {{ GRAPH <{graph_iri}> {{\n{ntriples}\n}} }}"
        try:
            self.ox.update(update)
        except OSError as exc:
            raise StoreError(f"cannot write to store {self.path}: {exc}") from None

    def remove_graph(self, graph_iri: str) -> bool:
        """Remove a named graph; return False when it was not there."""
        node = ox.NamedNode(graph_iri)
        if not any(True for _ in self.ox.quads_for_pattern(None, None, None, node)):
            return False
        try:
            self.ox.update(f"DROP GRAPH <{graph_iri}>")
        except OSError as exc:
            raise StoreError(f"cannot write to store {self.path}: {exc}") from None
        return True

    def documents(self) -> list[StoredDocument]:
        """Return the stored documents with their counts, sorted by id."""
        query = f"""
            PREFIX dip: <{DIP}>
            PREFIX dcterms: <http://purl.org/dc/terms/>
            PREFIX schema: <https://schema.org/>
            SELECT ?g ?id ?date ?title ?hash
                   (COUNT(DISTINCT ?actor) AS ?actors) WHERE {{
              GRAPH ?g {{
                ?doc a dip:Document ; dcterms:identifier ?id ; dip:contentHash ?hash .
                OPTIONAL {{ ?doc dcterms:date ?date }}
                OPTIONAL {{ ?doc dcterms:title ?title }}
                OPTIONAL {{ ?doc schema:mentions ?actor }}
              }}
            }} GROUP BY ?g ?id ?date ?title ?hash ORDER BY ?id"""
        out = []
        for row in self.ox.query(query):
            graph = row["g"].value
            events = next(iter(self.ox.query(
                f"SELECT ?g (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH ?g {{ ?e <http://www.w3.org/ns/prov#wasDerivedFrom> ?d }} }} GROUP BY ?g",
                substitutions={ox.Variable("g"): row["g"]})))["n"].value
            triples = sum(1 for _ in self.ox.quads_for_pattern(None, None, None, row["g"]))
            out.append(StoredDocument(
                row["id"].value, graph, row["date"].value if row["date"] else None,
                row["title"].value if row["title"] else None, row["hash"].value,
                int(row["actors"].value), int(events), triples))
        return out

    def graph_for_doc_id(self, doc_id: str) -> Optional[str]:
        """Return the graph IRI of the document with this identifier, or None."""
        rows = list(self.ox.query(
            "SELECT ?g ?id WHERE { GRAPH ?g { ?d a <%sDocument> ; <http://purl.org/dc/terms/identifier> ?id } } LIMIT 1" % DIP,
            substitutions={ox.Variable("id"): ox.Literal(doc_id)}))
        return rows[0]["g"].value if rows else None

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
        try:
            self.ox.extend(quads)
        except OSError as exc:
            raise StoreError(f"cannot write to store {self.path}: {exc}") from None


def open_store(path: os.PathLike | str | None = None, *, read_only: bool = False, create: bool = True) -> Store:
    """Open the store at ``path`` (default ``$KG_STORE`` or ``./kg-store``)."""
    return Store.open(Path(path) if path else default_store_path(), read_only=read_only, create=create)
