"""Snapshots: readers never open the store the writer writes, so both can work at once.

Oxigraph documents that opening a store read-only while another process writes it is undefined
behaviour, and pyoxigraph 0.5 has no secondary (follower) open. So readers (``kg query``,
``kg list``, ``kg export``, ``kg serve``...) read a *snapshot*: a RocksDB checkpoint of the
store made by ``pyoxigraph.Store.backup``, which hard-links the store's immutable table files
(cheap: tens of milliseconds, no copy) and is a complete store of its own, opened read-only.

``snapshots/`` in the store folder holds the snapshots (``snapshots/7/``), ``CURRENT`` naming the
newest, one lock file per snapshot (``7.lock``) that each reader of it holds shared, and
``DIRTY`` while the store has changes no snapshot shows. The writer publishes a snapshot when it
opens a store whose snapshot is missing or stale, every ``PUBLISH_EVERY`` seconds while readers
are following (``kg serve``), and when it closes after writing; publishing makes the new one
``CURRENT`` and removes the older ones no reader holds. A reader that finds no snapshot and no
writer publishes the first one itself (holding the writer lock for that moment).
"""
from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

FOLDER = "snapshots"
CURRENT = "CURRENT"
DIRTY = "DIRTY"
PUBLISH_EVERY = 2.0  # seconds between snapshots while a build runs and readers follow it


@dataclass
class Snapshot:
    """One snapshot held by a reader: its folder, and the shared lock that keeps it from removal."""

    generation: int
    path: Path
    handle: object

    def release(self) -> None:
        """Let the snapshot be removed once it is no longer the newest."""
        if self.handle is not None:
            self.handle.close()
            self.handle = None


def folder_of(store_folder: Path) -> Path:
    return store_folder / FOLDER


def current(store_folder: Path) -> Optional[int]:
    """Return the generation ``CURRENT`` names, or None when there is no snapshot yet."""
    try:
        return int((folder_of(store_folder) / CURRENT).read_text().strip())
    except (OSError, ValueError):
        return None


def is_stale(store_folder: Path) -> bool:
    """Return True when no snapshot shows the store as it is (none yet, or changes since)."""
    return current(store_folder) is None or (folder_of(store_folder) / DIRTY).exists()


def mark_dirty(store_folder: Path) -> None:
    """Note, before a writer changes the store, that the snapshot no longer shows it."""
    folder = folder_of(store_folder)
    folder.mkdir(exist_ok=True)
    (folder / DIRTY).touch()


def acquire(store_folder: Path, generation: Optional[int] = None) -> Optional[Snapshot]:
    """Hold the snapshot ``generation`` (default the newest): lock it shared, check it is there.

    Returns None when there is no snapshot, or it was removed before it could be held.
    """
    generation = current(store_folder) if generation is None else generation
    if generation is None:
        return None
    folder = folder_of(store_folder)
    try:
        handle = open(folder / f"{generation}.lock", "r")  # flock needs no write permission
    except OSError:
        return None
    try:
        fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError:  # being removed
        handle.close()
        return None
    path = folder / str(generation)
    if not (path / "CURRENT").exists():  # removed between reading CURRENT and locking it
        handle.close()
        return None
    return Snapshot(generation, path, handle)


def publish(oxstore, store_folder: Path) -> int:
    """Make a snapshot of an open, writable store and name it ``CURRENT``; remove unheld old ones.

    Returns the new generation. Raises OSError when the snapshot cannot be written.
    """
    folder = folder_of(store_folder)
    folder.mkdir(exist_ok=True)
    generation = max([current(store_folder) or 0, *_generations(folder)]) + 1
    target = folder / str(generation)
    if target.exists():  # left by a publish that died half way
        shutil.rmtree(target)
    dirty_before = (folder / DIRTY).exists()
    oxstore.backup(str(target))
    (folder / f"{generation}.lock").touch()
    pointer = folder / (CURRENT + ".part")
    pointer.write_text(f"{generation}\n")
    os.replace(pointer, folder / CURRENT)
    if dirty_before:
        (folder / DIRTY).unlink(missing_ok=True)
    collect(store_folder)
    return generation


def collect(store_folder: Path) -> None:
    """Remove every snapshot except the newest that no reader holds (and leftovers of failed ones)."""
    folder = folder_of(store_folder)
    newest = current(store_folder)
    for generation in _generations(folder):
        if generation == newest:
            continue
        lock = folder / f"{generation}.lock"
        try:
            handle = open(lock, "a+")
        except OSError:
            continue
        with handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError as exc:
                if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    continue  # a reader still holds it
                raise
            shutil.rmtree(folder / str(generation), ignore_errors=True)
            lock.unlink(missing_ok=True)


def followed(store_folder: Path) -> bool:
    """Return True when a reader holds the newest snapshot (a ``kg serve`` waiting for news)."""
    generation = current(store_folder)
    if generation is None:
        return False
    try:
        handle = open(folder_of(store_folder) / f"{generation}.lock", "r")
    except OSError:
        return False
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
        return False


def _generations(folder: Path) -> list[int]:
    found = set()
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            stem = entry.name.split(".", 1)[0]
            if stem.isdecimal():
                found.add(int(stem))
    return sorted(found)
