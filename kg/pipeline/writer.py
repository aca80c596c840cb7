"""Store writes on a background thread, in order, while the main thread goes on reading.

Most of a store write is spent inside Oxigraph (parsing the update, updating its indexes),
which runs without Python's global interpreter lock; a build that hands each document to a
writer thread keeps spaCy busy meanwhile. The writer keeps the guarantees of writing inline:
documents are written in the order given; the first failure stops it (nothing after the
failed write is written) and is raised to the caller with the first document of that write;
and ``close`` waits for the writes already handed over, or, after an interruption, for the one
in progress only. With ``batch`` above 1 the writer hands ``write`` up to that many documents
at once, waiting until it has them (or the input ends): a store can write a group of new
documents much faster than one at a time (``kg.store.local.Store.write_documents``).
"""
from __future__ import annotations

import queue
import threading
from typing import Callable, Optional

_STOP = object()


class WriteFailed(Exception):
    """A write failed: ``item`` is what was being written, ``error`` the store's error."""

    def __init__(self, item, error: BaseException):
        super().__init__(str(error))
        self.item = item
        self.error = error


class BackgroundWriter:
    """Write items with ``write(items)`` on one thread; ``done(item)`` runs on the caller's thread.

    Use as a context manager. ``put`` hands an item over (waiting while ``depth`` items are
    queued, so memory stays bounded) and reports the items written since the last call;
    ``close`` waits for the rest. Either raises ``WriteFailed`` once a write has failed.
    ``write`` receives lists of up to ``batch`` items, in order.
    """

    def __init__(self, write: Callable[[list], None], done: Callable[[object], None], *, depth: int = 32,
                 batch: int = 1):
        self._write = write
        self._done = done
        self._batch = max(1, batch)
        self._todo: queue.Queue = queue.Queue(maxsize=depth)
        self._written: queue.SimpleQueue = queue.SimpleQueue()
        self._failure: Optional[WriteFailed] = None
        self._abandon = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kg-store-writer", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        stopping = False
        while not stopping:
            items = []
            while len(items) < self._batch:
                item = self._todo.get()
                if item is _STOP:
                    stopping = True
                    break
                items.append(item)
            if not items or self._failure is not None or self._abandon.is_set():
                continue  # after a failure or an interruption nothing more is written
            try:
                self._write(items)
            except BaseException as error:  # handed to the caller's thread, which raises it
                self._failure = WriteFailed(items[0], error)
            else:
                for item in items:
                    self._written.put(item)

    def _report(self, *, raise_failure: bool = True) -> None:
        while True:
            try:
                item = self._written.get_nowait()
            except queue.Empty:
                break
            self._done(item)
        if self._failure is not None and raise_failure:
            raise self._failure

    def put(self, item) -> None:
        """Hand over one item to write (in order), after reporting those written so far."""
        self._report()
        self._todo.put(item)

    def close(self, *, abandon: bool = False) -> None:
        """Wait for the queued writes (or, with ``abandon``, only the one in progress)."""
        if abandon:
            self._abandon.set()
        self._todo.put(_STOP)
        self._thread.join()
        self._report(raise_failure=not abandon)  # an interruption is raised as it is

    def __enter__(self) -> "BackgroundWriter":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.close(abandon=exc_type is not None)
