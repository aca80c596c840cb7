"""The writer lock: one kg process writes a store at a time, and says which one it is.

The lock is an exclusive ``flock`` on ``kg.lock`` in the store folder, taken without blocking
for long (the kernel releases it when the process dies, however it dies). The holder writes
what it is into the file (``{"pid": 4242, "kind": "kg build"}``), so a second writer is told
"another kg process (kg build, pid 4242) is writing". Readers never take this lock: they read a
snapshot (``kg.store.snapshots``), so a store can be queried and served while it is written.
"""
from __future__ import annotations

import errno
import fcntl
import json
import os
import sys
import time
from pathlib import Path
from typing import Optional

from kg.errors import StoreError, StoreLocked

LOCK = "kg.lock"
WAIT_SECONDS = 3.0  # a reader publishing a first snapshot holds the lock for a moment: wait that long


def process_kind() -> str:
    """Name this process for others' messages: ``kg build``, ``kg serve``, or ``a Python process``."""
    program = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    if program in ("kg", "__main__.py", "cli.py") and len(sys.argv) > 1 and not sys.argv[1].startswith("-"):
        return f"kg {sys.argv[1]}"
    return "a Python process"


class WriterLock:
    """The exclusive lock of one store folder, held until ``release``."""

    def __init__(self, folder: Path, handle):
        self.folder = folder
        self._handle = handle

    @classmethod
    def take(cls, folder: Path, *, wait: float = WAIT_SECONDS) -> "WriterLock":
        """Take the lock, waiting up to ``wait`` seconds; then write who holds it.

        The wait is for a reader publishing a snapshot, which holds the lock for a moment. A
        writer holds it for its whole run: when the holder's record says "write" on two looks
        in a row (the same live process), the answer comes at once instead of after the wait.

        Raises:
            StoreLocked: another process holds it (the message names that process).
            StoreError: the lock file cannot be opened.
        """
        deadline, seen = time.monotonic() + wait, None
        while True:
            lock = cls.try_take(folder)
            if lock is not None:
                return lock
            writer = _writing_holder(folder)
            if time.monotonic() >= deadline or (writer is not None and writer == seen):
                raise StoreLocked(f"store {folder} is in use: {holder(folder)} is writing to it; "
                                  "try again when it ends (readers such as kg query and kg serve may go on)")
            seen = writer
            time.sleep(0.05)

    @classmethod
    def try_take(cls, folder: Path, *, role: str = "write") -> Optional["WriterLock"]:
        """Take the lock if it is free; return None when another process holds it.

        ``role`` is recorded with the holder: "write" (held for a writer's run) or "snapshot"
        (held for a moment by a reader bringing the snapshot up to date).
        """
        try:
            handle = open(folder / LOCK, "a+")
        except OSError as exc:
            raise StoreError(f"cannot open store {folder}: {exc.strerror or exc}") from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            handle.close()
            if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                return None
            raise StoreError(f"cannot lock store {folder}: {exc}") from None
        try:  # say who holds it; a failure here only makes the other side's message vaguer
            handle.seek(0)
            handle.truncate()
            handle.write(json.dumps({"pid": os.getpid(), "kind": process_kind(), "role": role}) + "\n")
            handle.flush()
        except OSError:
            pass
        return cls(folder, handle)

    def release(self) -> None:
        """Release the lock (closing the file releases the flock)."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None


def _holder_record(folder: Path) -> dict:
    try:
        info = json.loads((folder / LOCK).read_text() or "{}")
    except (OSError, ValueError):
        return {}
    return info if isinstance(info, dict) else {}


def _writing_holder(folder: Path) -> Optional[int]:
    """The pid of the live process whose record says it holds the lock to write, else None.

    A record may be stale (its process ended, or a reader has just taken the lock and not yet
    rewritten it): a dead pid or any other role gives None, so the caller goes on waiting.
    """
    info = _holder_record(folder)
    pid = info.get("pid")
    if info.get("role") != "write" or not isinstance(pid, int) or pid == os.getpid():
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return None
    except PermissionError:  # alive, another user's
        pass
    return pid


def holder(folder: Path) -> str:
    """Describe the process that holds (or last held) the lock: ``another kg process (kg build, pid 42)``."""
    info = _holder_record(folder)
    if "kind" in info and "pid" in info:
        return f"another kg process ({info['kind']}, pid {info['pid']})"
    return "another kg process"
