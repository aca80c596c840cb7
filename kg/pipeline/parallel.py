"""Run the reading of documents in worker processes (``kg build``, ``--workers N``).

``kg.pipeline.build`` hands this module a task (``pipeline.read_batch``); each worker process loads
the spaCy model once (``worker_local``) and turns batches of ``SourceDocument``s into
``DocumentGraph``s (N-Triples text plus counts); this module knows nothing of spaCy or RDF.
The calling process only ingests, hands out batches and writes to the store, so it stays the
single writer. With one worker (``kg build`` by default) the reading is cut in two stages, each a
pool of one process (``kg.pipeline.stages``: parsing, then extraction and mapping), and overlaps
with the store's writes on two cores (measurements in docs/performance.md). Workers ignore Ctrl-C: the calling
process handles it, keeps what it stored and stops them once their batch in progress is read.

spaCy's own ``nlp.pipe(n_process=N)`` is not used: it returns ``Doc`` objects to the parent,
which then runs extraction and mapping itself and competes with the workers for the cores.
"""
from __future__ import annotations

import collections
import multiprocessing
import os
import select
import signal
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterable, Iterator, TypeVar

from kg.errors import KGError

T = TypeVar("T")


# Expensive objects a worker process keeps between tasks (the loaded model), by key. This is
# per-process state on purpose: a worker exists to keep one model loaded across many tasks.
_WORKER_LOCAL: dict = {}
_WORKER_LOCK = threading.RLock()  # a multi-threaded (Dask) worker shares one model serially


def worker_local(key, factory: Callable[[], T]) -> T:
    """Return this process's object for ``key``, built by ``factory()`` on first use.

    >>> worker_local("doctest", lambda: [1]) is worker_local("doctest", lambda: [2])
    True
    """
    with _WORKER_LOCK:
        if key not in _WORKER_LOCAL:
            _WORKER_LOCAL[key] = factory()
        return _WORKER_LOCAL[key]


def run_exclusively(task: Callable[..., T], *args) -> T:
    """Run ``task(*args)`` holding this process's worker lock (one model, one thread at a time).

    >>> run_exclusively(len, "abc")
    3
    """
    with _WORKER_LOCK:
        return task(*args)


def worker_setup(caller: int) -> None:
    """In a worker process: leave Ctrl-C to the calling process ``caller``, and exit once it is gone.

    Interrupted between tasks, a worker would die with a traceback of its own; the calling process
    instead stops the build, keeps what it stored, and shuts the workers down. A calling process
    killed outright (``kill -9``) would leave a worker blocked forever sending its last result.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_after, args=(caller,), name="kg-caller-watch", daemon=True).start()


def _exit_after(caller: int) -> None:
    """Wait for process ``caller`` to end (a pidfd where there is one, else polling), then exit."""
    try:
        select.select([os.pidfd_open(caller)], [], [])
    except (AttributeError, OSError):  # no pidfd here, or the caller is gone already
        while True:
            try:
                os.kill(caller, 0)
            except ProcessLookupError:
                break
            except PermissionError:
                pass
            time.sleep(1)
    os._exit(1)


def batches(sources: Iterable, size: int) -> Iterator[list]:
    """Group a stream of documents into lists of ``size`` (the last one may be shorter).

    >>> [len(b) for b in batches(range(5), 2)]
    [2, 2, 1]
    """
    batch = []
    for source in sources:
        batch.append(source)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ordered_results(submit, sources: Iterable, *, in_flight: int,
                    batch_documents: int) -> Iterator:
    """Submit batches with ``submit(batch) -> future`` and yield their items in input order.

    At most ``in_flight`` batches are queued or running at a time, so the input is streamed:
    memory does not grow with the size of the corpus.
    """
    pending: collections.deque = collections.deque()
    for batch in batches(sources, batch_documents):
        pending.append(submit(batch))
        if len(pending) >= in_flight:
            yield from pending.popleft().result()
    while pending:
        yield from pending.popleft().result()


def map_batches_parallel(task: Callable[[list], list], items: Iterable, *, workers: int,
                         batch_documents: int) -> Iterator:
    """Run ``task`` over batches of ``items`` in ``workers`` processes; yield results in order.

    Args:
        task: a picklable function (module-level, or a ``functools.partial`` of one) that maps a
            list of items to a list of results; it runs in the worker processes.
        items: a stream, consumed only a few batches ahead of the results.
        workers: number of worker processes.
        batch_documents: items per task.
    Yields:
        The results of every batch, flattened, in the order of ``items``.
    Raises:
        KGError: a worker process died (killed, or out of memory): the results yielded before stand.
    """
    # forkserver: workers start from a clean, single-threaded server process instead of a fork
    # of this one (which may hold Oxigraph's RocksDB threads and a lock on the store).
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method),
                               initializer=worker_setup, initargs=(os.getpid(),))
    try:
        yield from ordered_results(lambda batch: pool.submit(task, batch), items, in_flight=2 * workers,
                                   batch_documents=batch_documents)
    except BrokenProcessPool:
        raise KGError("a reading process stopped unexpectedly (killed, or out of memory); "
                      "the documents stored before are kept") from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
