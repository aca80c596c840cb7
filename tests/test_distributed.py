"""A build on a Dask LocalCluster of two workers gives the same graph as a single-process build."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("dask.distributed")

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_local_cluster_builds_the_same_graph(tmp_path, reader, generated_articles, store_nquads,
                                              build_into):
    corpus = generated_articles(tmp_path / "corpus", 20, seed=3)
    inputs = [corpus, ROOT / "examples" / "articles"]
    single = build_into(inputs, tmp_path / "single", reader=reader)
    dask = build_into(inputs, tmp_path / "dask", workers=2, scheduler="local")
    assert dask.documents == single.documents == 24
    assert store_nquads(tmp_path / "dask") == store_nquads(tmp_path / "single")


def test_unreachable_scheduler_is_a_clear_error(tmp_path, build_into):
    import dask

    from kg.errors import KGError

    with dask.config.set({"distributed.comm.timeouts.connect": "0.5s"}), \
            pytest.raises(KGError, match="cannot reach the Dask scheduler"):
        build_into([ROOT / "examples" / "articles"], tmp_path / "store", scheduler="tcp://127.0.0.1:9")
