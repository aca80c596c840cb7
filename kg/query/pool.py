"""A pool of warm query worker processes: time limits that cost nothing, crashes that stay contained.

Each worker (``kg.query.worker``) opens the store read-only once and then answers queries. A
query is sent to an idle worker; if no answer comes by the deadline, that worker is killed (so
the query stops using the CPU) and a fresh one is started in the background; if the worker dies
(Oxigraph overflowing its stack on a hostile query), the query fails and the worker is replaced.
A quick query costs two pipe messages, not a new process. The pool's size bounds how many
queries run at once; a request that finds no idle worker before its deadline is told the
endpoint is busy.
"""
from __future__ import annotations

import json
import os
import queue
import select
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Optional

from kg.errors import QueryError, StoreError
from kg.query.worker import _LENGTH

__all__ = ["QueryPool", "QueryTimeout", "QueryBusy", "QueryCrashed"]

START_TIMEOUT = 60.0


class QueryTimeout(QueryError):
    """The query did not finish before its deadline (it was stopped)."""


class QueryBusy(QueryError):
    """Every worker stayed busy until the request's deadline."""


class QueryCrashed(QueryError):
    """The query engine died on this query (its worker is replaced)."""


class _Worker:
    """One worker process and its pipes."""

    def __init__(self, path: str):
        env = dict(os.environ, PYTHONUNBUFFERED="0")
        self.process = subprocess.Popen([sys.executable, "-m", "kg.query.worker", path],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
                                        start_new_session=True)
        self.fd = self.process.stdout.fileno()

    def wait_ready(self, timeout: float) -> None:
        header = json.loads(self._read_frame(time.monotonic() + timeout))
        if "error" in header:
            self.kill()
            raise StoreError(header["error"])

    def ask(self, request: dict, deadline: Optional[float]) -> tuple[dict, bytes]:
        data = json.dumps(request).encode("utf-8")
        try:
            self.process.stdin.write(_LENGTH.pack(len(data)) + data)
            self.process.stdin.flush()
        except (BrokenPipeError, OSError):
            raise EOFError from None
        header = json.loads(self._read_frame(deadline))
        return header, self._read_frame(deadline)

    def _read_frame(self, deadline: Optional[float]) -> bytes:
        (length,) = _LENGTH.unpack(self._read_exactly(_LENGTH.size, deadline))
        return self._read_exactly(length, deadline)

    def _read_exactly(self, size: int, deadline: Optional[float]) -> bytes:
        chunks, got = [], 0
        while got < size:
            wait = None if deadline is None else max(deadline - time.monotonic(), 0)
            ready, _, _ = select.select([self.fd], [], [], wait)
            if not ready:
                raise TimeoutError
            chunk = os.read(self.fd, min(size - got, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    def kill(self) -> Optional[int]:
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                self.process.kill()
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except OSError:
                pass
        return self.process.wait()


class QueryPool:
    """Worker processes over one store folder, kept warm; use as a context manager.

    Args:
        path: the store folder (opened read-only by each worker).
        size: how many queries may run at once.
    Raises:
        StoreError: a worker could not open the store.
    """

    def __init__(self, path: os.PathLike | str, *, size: int = 2):
        self.path = str(Path(path))
        self.size = max(1, size)
        self._idle: "queue.Queue[_Worker]" = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        workers = [self._spawn() for _ in range(self.size)]
        try:
            for worker in workers:
                worker.wait_ready(START_TIMEOUT)
        except (StoreError, EOFError, TimeoutError, ValueError) as exc:
            self.close()
            if isinstance(exc, StoreError):
                raise
            raise StoreError(f"cannot start a query worker on {self.path}") from None
        for worker in workers:
            self._idle.put(worker)

    def _spawn(self) -> _Worker:
        worker = _Worker(self.path)
        with self._lock:
            self._all.add(worker)
        return worker

    def run(self, request: dict, *, timeout: Optional[float] = None) -> tuple[dict, bytes]:
        """Run one request (see ``kg.query.worker``) in a worker; return its header and payload.

        Raises:
            QueryTimeout: no answer by the deadline (the worker was killed and is replaced).
            QueryBusy: no worker became free by the deadline.
            QueryCrashed: the worker died on this query.
            QueryError: the engine refused or failed the query.
        """
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise QueryBusy(f"every query worker stayed busy for {timeout:g} s; try again later") from None
        try:
            header, payload = worker.ask(request, deadline)
        except TimeoutError:
            self._replace(worker)
            raise QueryTimeout(f"query stopped after {timeout:g} s (the time limit)") from None
        except (EOFError, ValueError, OSError):
            if self._closed:
                raise QueryError("the endpoint is stopping") from None
            code = self._replace(worker)
            how = f"signal {signal.Signals(-code).name}" if code and code < 0 else f"exit code {code}"
            raise QueryCrashed(f"the query engine stopped on this query ({how}); nothing else was affected") \
                from None
        self._idle.put(worker)
        if "error" in header:
            raise QueryError(header["error"])
        return header, payload

    def _replace(self, worker: _Worker) -> Optional[int]:
        code = worker.kill()
        with self._lock:
            self._all.discard(worker)
        threading.Thread(target=self._start_one, daemon=True).start()
        return code

    def _start_one(self) -> None:
        if self._closed:
            return
        worker = self._spawn()
        try:
            worker.wait_ready(START_TIMEOUT)
        except (StoreError, EOFError, TimeoutError, ValueError, OSError):  # OSError: closed meanwhile
            worker.kill()
            with self._lock:
                self._all.discard(worker)
            return
        if self._closed:
            worker.kill()
            return
        self._idle.put(worker)

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()

    def __enter__(self) -> "QueryPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
