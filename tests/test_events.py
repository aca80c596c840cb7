"""Event graphs in the store: one per real event, the same in any order, kept right on add and remove.

Articles come from benchmarks/corpus.py in stories: each real event reported by three outlets in
their own words (a weekday, a date or none; leaders or their countries), with other news around.
"""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

from kg.errors import StoreError

ROOT = Path(__file__).resolve().parents[1]
EVENT = "https://w3id.org/diplokg/id/event/"
SHARED = """SELECT ?e (COUNT(DISTINCT ?d) AS ?n) WHERE { GRAPH ?e { ?e <http://www.w3.org/ns/prov#wasDerivedFrom> ?d } }
            GROUP BY ?e HAVING (COUNT(DISTINCT ?d) > 1)"""


@pytest.fixture(scope="module")
def stories(tmp_path_factory) -> list[Path]:
    """Eighteen articles: six events, each reported by three outlets."""
    folder = tmp_path_factory.mktemp("stories")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from corpus import write_corpus
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    write_corpus(folder, 18, seed=5, outlets=3)
    return sorted(folder.glob("*.txt"))


def shared_events(store_path: Path) -> dict[str, int]:
    from kg.store.local import open_store

    with open_store(store_path, read_only=True) as store:
        return {row["e"].value: int(row["n"].value) for row in store.query(SHARED, union=False)}


@pytest.mark.slow
def test_any_order_and_two_workers_give_the_same_events(tmp_path, reader, stories, build_into, store_nquads):
    build_into(stories, tmp_path / "in-order", reader=reader)
    assert len(shared_events(tmp_path / "in-order")) >= 5  # most stories are found as one event each
    shuffled = stories[:]
    random.Random(3).shuffle(shuffled)
    build_into(shuffled, tmp_path / "workers", workers=2)
    # one document a transaction: the path a store on a server takes
    build_into(list(reversed(stories)), tmp_path / "reversed", reader=reader, write_batch=1)
    expected = store_nquads(tmp_path / "in-order")
    assert store_nquads(tmp_path / "workers") == expected
    assert store_nquads(tmp_path / "reversed") == expected


@pytest.mark.slow
def test_adding_and_removing_articles_gives_the_events_of_what_is_stored(tmp_path, reader, stories, build_into,
                                                                        store_nquads):
    from kg.store.local import open_store

    build_into(stories[::2], tmp_path / "grown", reader=reader)
    build_into(stories[1::2], tmp_path / "grown", reader=reader)  # the other outlets, later
    build_into(stories, tmp_path / "all", reader=reader)
    assert store_nquads(tmp_path / "grown") == store_nquads(tmp_path / "all")

    gone = stories[:7]
    with open_store(tmp_path / "all") as store:
        for path in gone:
            assert store.remove_graph(store.graph_for_doc_id(path.stem))
    build_into(stories[7:], tmp_path / "rest", reader=reader)
    assert store_nquads(tmp_path / "all") == store_nquads(tmp_path / "rest")

    with open_store(tmp_path / "all") as store:
        for path in stories[7:]:
            store.remove_graph(store.graph_for_doc_id(path.stem))
        assert not any(q.graph_name.value.startswith(EVENT) for q in store.quads())  # no report, no event


@pytest.mark.slow
def test_a_group_write_that_fails_leaves_the_events_as_they_were(tmp_path, reader, stories, build_into,
                                                                 store_nquads, monkeypatch):
    from kg.pipeline.build import read_graphs
    from kg.ingest import iter_documents
    from kg.records import SourceDocument
    from kg.store.local import Store, open_store

    build_into(stories[::2], tmp_path / "store", reader=reader)
    before = store_nquads(tmp_path / "store")
    sources = [d for d in iter_documents([str(p) for p in stories[1::2]]) if isinstance(d, SourceDocument)]
    documents = [(g.graph, g.ntriples, g.descriptions, g.reports) for g in read_graphs(reader, sources)]

    def fail(self, trig):
        raise StoreError("disk full (simulated)")

    monkeypatch.setattr(Store, "_bulk_load", fail)
    rewritten = []
    monkeypatch.setattr(Store, "_mark", lambda self, pending, *a: rewritten.append(pending))
    with open_store(tmp_path / "store") as store:
        with pytest.raises(StoreError):
            store.write_documents(documents)  # the events they join were rewritten, then the load failed
    assert rewritten  # the stored events they report were changed before the failed load
    assert store_nquads(tmp_path / "store") == before


def test_kg_list_counts_each_documents_events(mini_store):
    from kg.store.local import open_store

    with open_store(mini_store, read_only=True) as store:
        assert {d.doc_id: d.events for d in store.documents()} == {"doc-a": 1, "doc-b": 1}


@pytest.mark.slow
def test_small_groups_linked_through_the_writers_event_index_give_the_same_events(tmp_path, reader, stories,
                                                                                  build_into, store_nquads,
                                                                                  monkeypatch):
    """Groups of three documents link to the events earlier groups wrote, found through the index the writer
    keeps (``EventIndex``) rather than the store's; the result is that of one transaction per document."""
    from kg.store.events import IndexedEventLookups

    asked = []
    graphs_with_key = IndexedEventLookups._graphs_with_key
    monkeypatch.setattr(IndexedEventLookups, "_graphs_with_key",
                        lambda self, key: asked.append(self._index().graphs(key) is not None)
                        or graphs_with_key(self, key))
    shuffled = stories[:]
    random.Random(3).shuffle(shuffled)  # the outlets of one event in different groups
    build_into(shuffled, tmp_path / "groups", reader=reader, write_batch=3)
    assert any(asked) and not all(asked)  # some keys were answered by the index, the others by the store
    build_into(stories, tmp_path / "one-by-one", reader=reader, write_batch=1)
    assert len(shared_events(tmp_path / "groups")) >= 5
    assert store_nquads(tmp_path / "groups") == store_nquads(tmp_path / "one-by-one")


def test_the_event_index_follows_drops_and_writes_and_stays_bounded():
    from kg.store.events import EventIndex

    index = EventIndex()
    assert index.graphs("Meeting|2019-02|us") is None and index.reports("e1") is None
    index.put_graphs("Meeting|2019-02|us", ["e1", "e2"])
    index.put_reports("e1", ('{"key":"a"}',))
    index.written(["e1"], {"e3": (("Meeting|2019-02|us", "Meeting|2019-02|nk"), ('{"key":"b"}',))})
    assert index.graphs("Meeting|2019-02|us") == ["e2", "e3"]
    assert index.graphs("Meeting|2019-02|nk") is None  # never asked: the store answers it
    assert index.reports("e1") is None and index.reports("e3") == ('{"key":"b"}',)
    index.written(["e3"], {"e1": (("Meeting|2019-02|us",), ('{"key":"c"}',))})
    assert index.graphs("Meeting|2019-02|us") == ["e2", "e1"] and index.reports("e3") is None
    small = EventIndex()
    small.PAIRS, small.CHARACTERS = 2, 10
    small.put_graphs("k1", ["e1", "e2"])
    small.put_graphs("k2", ["e3"])  # over the bound: what was known is forgotten
    assert small.graphs("k1") is None and small.graphs("k2") == ["e3"]
    small.put_reports("e1", ("x" * 4,))
    small.put_reports("e2", ("y" * 4,))
    small.put_reports("e3", ("z" * 4,))  # over the bound: the graph learnt first is forgotten
    assert small.reports("e1") is None and small.reports("e2") == ("y" * 4,) and small.reports("e3") == ("z" * 4,)
