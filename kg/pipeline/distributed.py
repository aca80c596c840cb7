"""Read documents on a Dask cluster (``kg build --scheduler tcp://HOST:8786`` or ``local``).

For corpora that outgrow one machine. The calling process ingests and hands out batches of
``SourceDocument``s; each Dask worker process runs ``kg.pipeline.build.read_batch``, which loads the
spaCy model once (``kg.pipeline.parallel.worker_local``) and returns ``DocumentGraph``s (N-Triples text
plus counts). The calling
process writes them through the store layer, local Oxigraph or SPARQL server alike, so it stays
the single writer. Every worker needs diplokg and the model installed (docs/performance.md).
"""
from __future__ import annotations

from typing import Callable, Iterable, Iterator

from kg.errors import KGError
from kg.pipeline.parallel import ordered_results

LOCAL = "local"


def _client(scheduler: str, workers: int):
    """Return ``(client, cluster)``: a client of the given scheduler, or of a new local cluster."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise KGError("--scheduler needs Dask: pip install 'dask[distributed]'") from None
    if scheduler == LOCAL:
        # One thread per worker process: spaCy is not thread-safe, and the GIL would serialise it.
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        return Client(cluster), cluster
    try:
        import dask

        return Client(scheduler, timeout=dask.config.get("distributed.comm.timeouts.connect")), None
    except (OSError, TimeoutError) as exc:
        raise KGError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from None


def map_batches_dask(task: Callable[[list], list], items: Iterable, *, scheduler: str, workers: int = 2,
                     batch_documents: int) -> Iterator:
    """Run ``task`` over batches of ``items`` on a Dask cluster; yield the results in order.

    Args:
        task: a picklable function from a list of items to a list of results (for a build,
            ``kg.pipeline.build.read_batch``, which keeps one loaded model per worker process).
        items: a stream, consumed only a few batches ahead of the results.
        scheduler: ``tcp://HOST:PORT`` of a running scheduler, or ``local`` for a local cluster.
        workers: processes of the local cluster (ignored for a remote scheduler).
        batch_documents: items per task.
    Yields:
        The results of every batch, flattened, in the order of ``items``.
    Raises:
        KGError: Dask is not installed, or the scheduler cannot be reached.
    """
    client, cluster = _client(scheduler, workers)
    try:
        threads = sum(client.nthreads().values()) or workers

        def submit(batch):
            # pure=False: two batches with equal content are still two tasks.
            return client.submit(task, batch, pure=False)

        yield from ordered_results(submit, items, in_flight=2 * threads, batch_documents=batch_documents)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
