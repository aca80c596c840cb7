"""A build on a Dask LocalCluster of two workers gives the same graph as a single-process build."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("dask.distributed")

ROOT = Path(__file__).resolve().parents[1]


def write_articles(folder: Path, count: int, seed: int) -> Path:
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from corpus import write_corpus
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    write_corpus(folder, count, seed)
    return folder


def nquads(store_path: Path) -> set[str]:
    from kg.store import open_store

    with open_store(store_path, read_only=True) as store:
        return {str(q) for q in store.quads()}


def build(inputs, store_path: Path, **options):
    from kg.pipeline import build_graph
    from kg.store import open_store

    with open_store(store_path) as store:
        return build_graph([str(i) for i in inputs], store=store, **options)


@pytest.mark.slow
def test_local_cluster_builds_the_same_graph(tmp_path, reader):
    corpus = write_articles(tmp_path / "corpus", 20, seed=3)
    inputs = [corpus, ROOT / "examples" / "articles"]
    single = build(inputs, tmp_path / "single", reader=reader)
    dask = build(inputs, tmp_path / "dask", workers=2, scheduler="local")
    assert dask.documents == single.documents == 24
    assert nquads(tmp_path / "dask") == nquads(tmp_path / "single")


def test_unreachable_scheduler_is_a_clear_error(tmp_path):
    import dask

    from kg.errors import KGError

    with dask.config.set({"distributed.comm.timeouts.connect": "2s"}), \
            pytest.raises(KGError, match="cannot reach the Dask scheduler"):
        build([ROOT / "examples" / "articles"], tmp_path / "store", scheduler="tcp://127.0.0.1:9")
