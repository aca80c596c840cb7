"""Opening a store folder: checks, the marker, the writer's Oxigraph, the readers' snapshots.

A writer opens the store's own Oxigraph files (``oxigraph/``) under the writer lock
(``kg.store.lock``). A reader opens a snapshot of them (``kg.store.snapshots``), never the files
the writer changes, so readers and one writer work at once; ``Reading`` keeps a reader's
snapshot and, for a reader that follows the store (``kg serve``), moves to newer ones as the
writer publishes them.
"""
from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path
from typing import Optional

import pyoxigraph as ox

from kg.errors import StoreError, StoreLocked
from kg.store import snapshots
from kg.store.lock import WriterLock, holder

MARKER = "kg-store.json"
DATA = "oxigraph"
# 5: compact mentions (kg.store.upgrade.compact_mentions); 4: one graph per event, merged from
# every document's report (kg.store.events); 3: readers read snapshots (kg.store.snapshots);
# 2: one description graph per actor; 1: copies in documents
FORMAT_VERSION = 5
READABLE_FORMATS = (2, 3, 4, 5)  # an older store is upgraded when it is first opened for writing
WAIT_SECONDS = 10.0  # how long a reader waits for a writer's first snapshot
FOLLOW_EVERY = 0.5  # seconds between a following reader's looks for a newer snapshot
RETIRE_SECONDS = 30.0  # a snapshot a following reader left stays held this long (queries still on it)


def check_folder(path: Path, create: bool) -> None:
    """Refuse a file, a foreign folder, a missing store (unless ``create``), an unknown format."""
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
        found = _format(path)
        if found not in READABLE_FORMATS:
            if found == 1:
                raise StoreError(f"{path}: store format 1 was written by an older diplokg (actors described "
                                 "inside each document); build the articles again into a new store")
            raise StoreError(f"{path}: store format {found!r} is not supported")


def _format(path: Path):
    try:
        meta = json.loads((path / MARKER).read_text())
    except (OSError, ValueError) as exc:
        raise StoreError(f"{path}: unreadable store marker {MARKER}: {exc}") from None
    return meta.get("format") if isinstance(meta, dict) else meta


def needs_upgrade(path: Path) -> bool:
    """Return True when the store was written in an older format (``kg.store.upgrade`` brings it up to date)."""
    return (path / MARKER).exists() and _format(path) != FORMAT_VERSION


def mark_current(path: Path) -> None:
    """Mark the store as holding the current format (a new store, or one just upgraded)."""
    tmp = path / (MARKER + ".part")
    tmp.write_text(json.dumps({"format": FORMAT_VERSION, "engine": "oxigraph"}) + "\n")
    os.replace(tmp, path / MARKER)


def open_primary(path: Path, lock: WriterLock) -> "ox.Store":
    """Open the store's own Oxigraph files for writing (the caller holds ``lock``).

    A new store is marked with the current format; an older one keeps its mark until upgraded.
    """
    try:
        if not (path / MARKER).exists():
            mark_current(path)
        return ox.Store(str(path / DATA))
    except (OSError, RuntimeError, ValueError) as exc:
        lock.release()
        raise StoreError(f"cannot open store {path} (corrupt or unreadable): {_first_line(exc)}") from None


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


class Reading:
    """What a reader holds: a snapshot and its Oxigraph, moved on to newer ones when following."""

    def __init__(self, path: Path, snapshot: Optional[snapshots.Snapshot], oxstore: "ox.Store", follow: bool):
        self.path = path
        self.snapshot = snapshot
        self.ox = oxstore
        self.follow = follow and snapshot is not None
        self.follow_every = FOLLOW_EVERY
        self._looked = time.monotonic()
        self._retired: list = []  # (release time, snapshot, its Oxigraph)
        self._switching = threading.Lock()

    @classmethod
    def open(cls, path: Path, *, follow: bool, publish) -> "Reading":
        """Hold the newest snapshot; ``publish(lock)`` makes the first one when no writer is there.

        Raises:
            StoreLocked: a writer is there and has published no snapshot within ``WAIT_SECONDS``.
            StoreError: the snapshot (or, in a folder no one can write, the store) is unreadable.
        """
        if not (path / DATA).is_dir():
            raise StoreError(f"store {path} is empty or damaged: no {DATA}/ folder")
        if not os.access(path, os.W_OK):  # nobody can write it: no writer, no snapshot to make
            found = snapshots.acquire(path)
            return cls(path, found, _open_read_only(found.path if found else path / DATA, path, found), follow)
        deadline, published = time.monotonic() + WAIT_SECONDS, 0
        while True:
            found = None if snapshots.is_stale(path) else snapshots.acquire(path)
            if found is None and published < 2:
                lock = WriterLock.try_take(path, role="snapshot")
                if lock is not None:  # no writer: bring the snapshot up to date ourselves
                    publish(lock)
                    published += 1
                    continue
                found = snapshots.acquire(path)  # a writer is there: read its last snapshot
            if found is not None:
                return cls(path, found, _open_read_only(found.path, path, found), follow)
            if published >= 2:
                raise StoreError(f"cannot read store {path}: the snapshot just made cannot be opened")
            if time.monotonic() > deadline:
                raise StoreLocked(f"store {path} is being written by {holder(path)}, which has not made a "
                                  "snapshot to read yet; try again in a moment")
            time.sleep(0.05)

    def refresh(self) -> None:
        """For a following reader: move to the newest snapshot when the writer published one."""
        now = time.monotonic()
        if not self.follow or now - self._looked < self.follow_every:
            return
        self._looked = now
        generation = snapshots.current(self.path)
        with self._switching:
            if generation is not None and generation != self.snapshot.generation:
                found = snapshots.acquire(self.path, generation)
                if found is not None:
                    try:
                        newer = ox.Store.read_only(str(found.path))
                    except (OSError, RuntimeError, ValueError):
                        found.release()
                    else:
                        self._retired.append((now + RETIRE_SECONDS, self.snapshot, self.ox))
                        self.snapshot, self.ox = found, newer
            kept = []
            for until, snapshot, oxstore in self._retired:
                if until <= now:
                    snapshot.release()
                else:
                    kept.append((until, snapshot, oxstore))
            self._retired = kept

    def close(self) -> None:
        """Release every snapshot held."""
        for _, snapshot, _ in self._retired:
            snapshot.release()
        self._retired = []
        if self.snapshot is not None:
            self.snapshot.release()
        self.ox = None


def _open_read_only(folder: Path, path: Path, held: Optional[snapshots.Snapshot]) -> "ox.Store":
    try:
        return ox.Store.read_only(str(folder))
    except (OSError, RuntimeError, ValueError) as exc:
        if held is not None:
            held.release()
        raise StoreError(f"cannot open store {path} (corrupt or unreadable): {_first_line(exc)}") from None
