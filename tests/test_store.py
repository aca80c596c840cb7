"""The local store: documents, idempotence, sharing, locking, crash safety, clear errors."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import StoreError, StoreLocked
from kg.store.local import PENDING, open_store
from kg.store.opening import FORMAT_VERSION

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
KIM = "https://w3id.org/diplokg/id/actor/kim"


LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT = "http://www.w3.org/2004/02/skos/core#altLabel"


def _values(store, actor, prop=LABEL):
    """Every value of ``prop`` on ``actor`` in the union graph, copies included (sorted)."""
    return sorted(r["v"].value for r in store._select(f"SELECT ?v WHERE {{ GRAPH ?g {{ <{actor}> <{prop}> ?v }} }}"))


def _dataset(store):
    return {(q.subject, q.predicate, q.object, q.graph_name) for q in store.quads()}


def test_documents_are_listed_with_counts(mini_store, mini_doc):
    with open_store(mini_store, read_only=True) as store:
        docs = store.documents()
    assert [d.doc_id for d in docs] == ["doc-a", "doc-b"]
    assert docs[0].date == "2019-06-30" and docs[0].actors == 2 and docs[0].events == 1
    # the document's own triples, and one dip:givesDescription per actor it describes
    assert docs[0].triples == len(mini_doc("doc-a")[1].splitlines()) + 2


def test_hash_graph_lookup_and_replacement(mini_store, mini_doc):
    graph, _, _ = mini_doc("doc-a")
    with open_store(mini_store) as store:
        assert store.stored_hash(graph) == "doc-a-hash"
        assert store.graph_for_doc_id("doc-a") == graph
        assert store.graph_for_doc_id("nope") is None
        before = len(store)
        store.write_document(*mini_doc("doc-a", actors=("kim",), content_hash="new"))
        assert store.stored_hash(graph) == "new"
        assert len(store) < before  # the old graph is gone, not merged
        docs = {d.doc_id: d for d in store.documents()}
        assert docs["doc-a"].actors == 1
        assert _values(store, KIM, ALT) == []  # the alias only the old version gave is gone
        assert _values(store, "https://w3id.org/diplokg/id/actor/trump") == []


def test_a_shared_actor_is_described_once(mini_store):
    with open_store(mini_store, read_only=True) as store:
        assert _values(store, KIM) == ["Kim Jong Un"]  # two documents mention Kim: one label
        assert _values(store, KIM, ALT) == ["Kim"]
        graphs = {q.graph_name.value for q in store.quads() if q.subject.value == KIM}
        assert graphs == {KIM}  # the actor's own graph holds its description
        kept = store._select(f"SELECT ?t WHERE {{ GRAPH <{KIM}> {{ ?d <https://w3id.org/diplokg/ontology#descriptionOf> <{KIM}> ; <https://w3id.org/diplokg/ontology#descriptionText> ?t }} }}")
        assert len(kept) == 2  # doc-a and doc-b described Kim differently (doc-a adds "Kim")


def test_remove_keeps_actors_other_documents_mention(mini_store):
    with open_store(mini_store) as store:
        assert store.remove_graph(store.graph_for_doc_id("doc-a"))
        assert [d.doc_id for d in store.documents()] == ["doc-b"]
        assert _values(store, KIM) == ["Kim Jong Un"]  # still described by doc-b
        assert _values(store, KIM, ALT) == []  # "Kim" came from doc-a alone
        assert _values(store, "https://w3id.org/diplokg/id/actor/trump") == []
        assert store.remove_graph("https://w3id.org/diplokg/id/doc/doc-a") is False
        assert store.remove_graph(store.graph_for_doc_id("doc-b"))
        assert len(store) == 0  # no document left: no actor graph either


def test_actor_graphs_do_not_depend_on_the_order_documents_arrive(tmp_path, mini_doc):
    docs = [mini_doc("doc-a", actors=("kim", "trump"), aliases={"kim": ["Kim", "KIM JONG UN"]}),
            mini_doc("doc-b", actors=("kim", "moon"), aliases={"kim": ["Chairman Kim"]}),
            mini_doc("doc-c", actors=("moon", "kim"), aliases={"moon": ["Moon"]})]
    # a document that spells the name differently gives a second label: one stays the label
    shouting = mini_doc("doc-d", actors=("kim",))
    docs.append((shouting[0], shouting[1], shouting[2].replace('"Kim Jong Un"', '"KIM JONG UN"')))
    datasets = []
    for n, order in enumerate((docs, docs[::-1], docs[1:] + docs[:1])):
        with open_store(tmp_path / f"s{n}") as store:
            for doc in order:
                store.write_document(*doc)
            datasets.append(_dataset(store))
            assert _values(store, KIM) == ["Kim Jong Un"]
            assert _values(store, KIM, ALT) == ["Chairman Kim", "KIM JONG UN", "Kim"]
    assert datasets[0] == datasets[1] == datasets[2]
    with open_store(tmp_path / "s0") as store:  # removing a document leaves the merge of the others
        store.remove_graph(docs[0][0])
        store.remove_graph(docs[3][0])
        with open_store(tmp_path / "fresh") as fresh:
            fresh.write_document(*docs[2])
            fresh.write_document(*docs[1])
            assert _dataset(fresh) == _dataset(store)


def _group_docs(mini_doc):
    return [mini_doc("doc-a", actors=("kim", "trump"), aliases={"kim": ["Kim"]}),
            mini_doc("doc-b", actors=("kim", "moon"), aliases={"kim": ["Chairman Kim"]}),
            mini_doc("doc-c", actors=("moon", "kim"), aliases={"moon": ["Moon"]}),
            mini_doc("doc-d", actors=("trump", "moon"), event_type="Meeting")]


def test_a_group_of_new_documents_gives_the_same_store_as_one_at_a_time(tmp_path, mini_doc):
    docs = _group_docs(mini_doc)
    changed = mini_doc("doc-a", actors=("kim", "moon"), content_hash="changed")
    with open_store(tmp_path / "one") as one, open_store(tmp_path / "group") as group:
        for doc in [*docs, changed]:
            one.write_document(*doc)
        group.write_documents(docs[:2])  # a group on an empty store
        group.write_documents([docs[2], changed, docs[3]])  # a stored document replaced in its place
        assert _dataset(group) == _dataset(one)
        assert not (tmp_path / "group" / PENDING).exists()


def test_a_bulk_load_is_what_writes_a_group(tmp_path, mini_doc, monkeypatch):
    loads = []
    with open_store(tmp_path / "s") as store:
        real = store._bulk_load
        monkeypatch.setattr(store, "_bulk_load", lambda trig: (loads.append(trig), real(trig)))
        store.write_documents(_group_docs(mini_doc))
        assert len(loads) == 1 and {d.doc_id for d in store.documents()} == {"doc-a", "doc-b", "doc-c", "doc-d"}


def test_one_large_new_document_is_bulk_loaded_and_gives_the_same_store(tmp_path, mini_doc, monkeypatch):
    from kg.store import bulk

    docs = _group_docs(mini_doc)
    loads = []
    with open_store(tmp_path / "one") as one, open_store(tmp_path / "alone") as alone:
        for doc in docs:
            one.write_document(*doc)
        monkeypatch.setattr(bulk, "BULK_ALONE", min(len(d[1]) for d in docs) - 1)
        real = alone._bulk_load
        monkeypatch.setattr(alone, "_bulk_load", lambda trig: (loads.append(trig), real(trig)))
        for doc in docs:
            alone.write_documents([doc])
        assert len(loads) == len(docs) and _dataset(alone) == _dataset(one)
        assert not (tmp_path / "alone" / PENDING).exists()


def test_blank_nodes_of_two_documents_stay_two_nodes(tmp_path, mini_doc):
    docs = []
    for key in ("doc-a", "doc-b"):
        graph, nt, described = mini_doc(key, actors=("kim",))
        docs.append((graph, nt + f'<{graph}> <https://w3id.org/diplokg/ontology#note> _:b1 .\n', described))
    with open_store(tmp_path / "s") as store:
        store.write_documents(docs)  # the same label in both: a bulk load would make it one node
        notes = {q.object for q in store.quads() if q.predicate.value.endswith("#note")}
        assert len(notes) == 2 and len(store.documents()) == 2


def test_a_failed_group_leaves_no_trace_of_its_documents(tmp_path, mini_doc, monkeypatch):
    docs = _group_docs(mini_doc)
    with open_store(tmp_path / "s") as store, open_store(tmp_path / "before") as before:
        store.write_documents(docs[:2])
        before.write_documents(docs[:2])

        def disk_full(trig):
            raise StoreError("cannot write to store: No space left on device")

        monkeypatch.setattr(store, "_bulk_load", disk_full)
        with pytest.raises(StoreError, match="No space left"):
            store.write_documents(docs[2:])  # doc-c brings a new description of Moon
        assert _dataset(store) == _dataset(before)  # the merged description was taken back
        monkeypatch.undo()
        store.write_documents(docs[2:])  # and a later write still merges it
        before.write_documents(docs[2:])
        assert _dataset(store) == _dataset(before)


def test_a_store_reopened_after_a_group_stopped_half_way_is_repaired(tmp_path, mini_doc, monkeypatch):
    docs = _group_docs(mini_doc)
    with open_store(tmp_path / "before") as before:
        before.write_documents(docs[:2])
        expected = _dataset(before)
    with open_store(tmp_path / "s") as store:
        store.write_documents(docs[:2])

        def killed(trig):  # the process dies between merging the actors and loading the documents
            raise SystemExit(137)

        monkeypatch.setattr(store, "_bulk_load", killed)
        with pytest.raises(SystemExit):
            store.write_documents(docs[2:])
        assert (tmp_path / "s" / PENDING).exists()
    with open_store(tmp_path / "s") as store:
        assert not (tmp_path / "s" / PENDING).exists()
        assert _dataset(store) == expected


def _table_files(store_path: Path) -> int:
    return len(list((store_path / "oxigraph").glob("*.sst")))


def test_compact_merges_the_files_groups_leave(tmp_path, mini_doc):
    with open_store(tmp_path / "s") as store:
        for i in range(8):  # each group is ingested as new table files
            store.write_documents([mini_doc(f"d{i}a"), mini_doc(f"d{i}b", actors=("kim", "moon"))])
        before, dataset = _table_files(tmp_path / "s"), _dataset(store)
        store.compact()
        assert _table_files(tmp_path / "s") < before and _dataset(store) == dataset
        assert store.document_count() == 16


@pytest.mark.slow
def test_a_build_compacts_the_store_when_it_wrote_a_good_part_of_it(tmp_path, mini_doc, reader, monkeypatch):
    from kg.pipeline.build import build_graph

    compactions = []
    with open_store(tmp_path / "new") as store:  # everything in it is new: compacted
        monkeypatch.setattr(store, "compact", lambda: compactions.append("new"))
        build_graph([str(EXAMPLES)], store=store, reader=reader)
    with open_store(tmp_path / "big") as store:  # 4 documents added to 40: not worth it
        store.write_documents([mini_doc(f"doc-{i}") for i in range(40)])
        monkeypatch.setattr(store, "compact", lambda: compactions.append("big"))
        report = build_graph([str(EXAMPLES)], store=store, reader=reader)
        assert report.documents == 4 and store.document_count() == 44
    assert compactions == ["new"]


def test_the_sparql_reads_of_descriptions_agree_with_the_local_index(mini_store, mini_doc):
    """The remote store asks in SPARQL what the local store reads from its index."""
    from kg.store import descriptions
    from kg.store.catalog import DocumentCatalog

    new = mini_doc("doc-new", actors=("kim", "moon"), aliases={"moon": ["President Moon"]})
    given = list(descriptions.by_actor(descriptions.parse(new[2])).values())
    with open_store(mini_store) as store:
        kept = [d for actor in {d.actor for d in given} for d in store._kept(actor)]
        found = given + kept  # Moon's new description is not kept; the others are
        assert DocumentCatalog._stored(store, found) == store._stored(found) == {d.node for d in kept} != set()
        assert DocumentCatalog._stored(store, []) == set()


def test_cli_list_and_remove(mini_store):
    runner = CliRunner()
    result = runner.invoke(main, ["list", "--store", str(mini_store)])
    assert result.exit_code == 0 and "doc-a" in result.output and "doc-b" in result.output
    result = runner.invoke(main, ["remove", "doc-a", "--store", str(mini_store)])
    assert result.exit_code == 0 and "removed doc-a" in result.output
    result = runner.invoke(main, ["remove", "doc-a", "--store", str(mini_store)])
    assert result.exit_code != 0 and "not in the store: doc-a" in result.output


# ---------------------------------------------------------------- one writer, many readers
HOLDER = """
import sys, time
from kg.store.local import open_store
store = open_store(sys.argv[1], read_only=sys.argv[2] == "read")
print("ready", flush=True)
time.sleep(60)
"""


@pytest.fixture
def holder(mini_store):
    """Start a second process that holds the store open (as writer or reader)."""
    children = []

    def start(mode: str):
        child = subprocess.Popen([sys.executable, "-c", HOLDER, str(mini_store), mode],
                                 stdout=subprocess.PIPE, cwd=ROOT)
        children.append(child)
        assert child.stdout.readline().strip() == b"ready"
        return child

    yield start
    for child in children:
        child.kill()
        child.wait()


def test_a_second_writer_is_told_which_process_writes(mini_store, holder):
    child = holder("write")
    with pytest.raises(StoreLocked, match=rf"another kg process \(a Python process, pid {child.pid}\) is writing"):
        open_store(mini_store)
    result = CliRunner().invoke(main, ["remove", "doc-a", "--store", str(mini_store)])
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert "is writing to it" in result.output and "reading" not in result.output


def test_readers_read_while_a_writer_writes(mini_store, holder, mini_doc):
    holder("write")  # another process has the store open for writing: reading still works
    with open_store(mini_store, read_only=True) as store:
        assert [d.doc_id for d in store.documents()] == ["doc-a", "doc-b"]
    result = CliRunner().invoke(main, ["list", "--store", str(mini_store)])
    assert result.exit_code == 0 and "doc-a" in result.output


def test_a_writer_writes_while_readers_read(mini_store, holder, mini_doc):
    """Issue #14: with kg serve (a reader) running, kg build and kg remove failed."""
    holder("read")
    with open_store(mini_store, read_only=True) as reader:
        with open_store(mini_store) as writer:
            writer.write_document(*mini_doc("doc-c", actors=("moon",)))
            assert writer.remove_graph(writer.graph_for_doc_id("doc-a"))
        assert [d.doc_id for d in reader.documents()] == ["doc-a", "doc-b"]  # its snapshot does not move
    with open_store(mini_store, read_only=True) as later:
        assert [d.doc_id for d in later.documents()] == ["doc-b", "doc-c"]


def test_a_following_reader_sees_what_a_writer_stores(mini_store, mini_doc):
    with open_store(mini_store, read_only=True, follow=True) as server, open_store(mini_store) as writer:
        writer.publish_every = server.follow_every = 0.0  # publish after every write, look before every query
        writer.write_document(*mini_doc("doc-c", actors=("moon",)))  # the writer stays open: mid-build
        assert [d.doc_id for d in server.documents()] == ["doc-a", "doc-b", "doc-c"]
        writer.remove_graph(writer.graph_for_doc_id("doc-a"))
        assert [d.doc_id for d in server.documents()] == ["doc-b", "doc-c"]
    with open_store(mini_store, read_only=True) as static, open_store(mini_store) as writer:
        writer.write_document(*mini_doc("doc-d", actors=("kim",)))  # nobody follows: published at close
        assert [d.doc_id for d in static.documents()] == ["doc-b", "doc-c"]
    with open_store(mini_store, read_only=True) as later:
        assert [d.doc_id for d in later.documents()] == ["doc-b", "doc-c", "doc-d"]


def test_old_snapshots_are_removed_once_no_reader_holds_them(mini_store, mini_doc):
    from kg.store import snapshots

    folder = mini_store / snapshots.FOLDER
    with open_store(mini_store, read_only=True) as reader:
        held = reader._reading.snapshot.generation
        for key in ("doc-c", "doc-d"):
            with open_store(mini_store) as writer:
                writer.write_document(*mini_doc(key, actors=("kim",)))
        kept = sorted(p.name for p in folder.iterdir() if p.is_dir())
        assert str(held) in kept and len(kept) == 2  # the one this reader holds, and the newest
    with open_store(mini_store) as writer:
        writer.write_document(*mini_doc("doc-e", actors=("kim",)))
    assert len([p for p in folder.iterdir() if p.is_dir()]) == 1


def test_lock_is_released_when_the_holder_dies(mini_store, holder):
    child = holder("write")
    child.send_signal(signal.SIGKILL)
    child.wait()
    with open_store(mini_store) as store:
        assert len(store.documents()) == 2


def test_a_store_of_the_previous_format_is_read_and_upgraded(mini_store):
    import json
    import shutil

    shutil.rmtree(mini_store / "snapshots")  # as format 2 left it: no snapshots
    (mini_store / "kg-store.json").write_text(json.dumps({"format": 2, "engine": "oxigraph"}))
    with open_store(mini_store, read_only=True) as store:  # the reader makes the first snapshot
        assert len(store.documents()) == 2
    assert json.loads((mini_store / "kg-store.json").read_text())["format"] == FORMAT_VERSION


# ---------------------------------------------------------------- stores that cannot be opened
def test_missing_store_for_reading(tmp_path):
    with pytest.raises(StoreError, match="no store at"):
        open_store(tmp_path / "nothing", read_only=True)


def test_path_is_a_file(tmp_path):
    path = tmp_path / "file"
    path.write_text("x")
    with pytest.raises(StoreError, match="is a file"):
        open_store(path)


def test_folder_that_is_not_a_store_is_left_alone(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="not a diplokg store"):
        open_store(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_corrupt_store_gives_one_message(mini_store):
    import shutil

    data = mini_store / "oxigraph"
    for name in os.listdir(data):
        if name.startswith(("CURRENT", "MANIFEST")):
            (data / name).write_bytes(b"garbage\n")
    with pytest.raises(StoreError, match="corrupt or unreadable"):
        open_store(mini_store)
    with open_store(mini_store, read_only=True) as store:  # readers read the last snapshot
        assert len(store.documents()) == 2
    shutil.rmtree(mini_store / "snapshots")  # without one, the reader must open the store itself
    with pytest.raises(StoreError, match="corrupt or unreadable"):
        open_store(mini_store, read_only=True)
    result = CliRunner().invoke(main, ["list", "--store", str(mini_store)])
    assert result.exit_code == 1 and result.output.startswith("kg: error: cannot open store")


def test_bad_marker(mini_store):
    (mini_store / "kg-store.json").write_text('{"format": 99}')
    with pytest.raises(StoreError, match="format 99 is not supported"):
        open_store(mini_store)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_no_permission(tmp_path):
    parent = tmp_path / "locked"
    parent.mkdir()
    parent.chmod(0o500)
    try:
        with pytest.raises(StoreError, match="cannot"):
            open_store(parent / "store")
    finally:
        parent.chmod(0o700)


# ---------------------------------------------------------------- a build killed half way
def _copies(tmp_path: Path, rounds: int) -> Path:
    """The example articles copied ``rounds`` times under new names, each copy's text changed."""
    folder = tmp_path / "articles"
    folder.mkdir()
    articles = sorted(EXAMPLES.glob("*.txt"))
    for i in range(rounds):
        for article in articles:
            text = article.read_text(encoding="utf-8")
            (folder / f"c{i:03d}-{article.name}").write_text(text + f"\n(Copy {i}.)\n", encoding="utf-8")
    return folder


def _build(folder: Path, store: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "kg.cli", "build", str(folder), "--store", str(store), "-q"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _descendants(pid: int) -> list[int]:
    """The processes started by ``pid`` and by them (Linux /proc)."""
    found, todo = [], [pid]
    while todo:
        for task in Path(f"/proc/{todo.pop()}/task").glob("*"):
            children = [int(c) for c in (task / "children").read_text().split()]
            found += children
            todo += children
    return found


def _shape(store_path: Path) -> dict[str, tuple]:
    with open_store(store_path, read_only=True) as store:
        return {d.doc_id: (d.actors, d.events, d.triples) for d in store.documents()}


@pytest.mark.slow
def test_build_killed_with_sigkill_keeps_whole_documents(tmp_path):
    """Killed once it has stored at least a group of documents: it waits for that, not for time.

    The marker is what the build itself publishes for readers: the test follows the store as
    ``kg serve`` does, and kills the build when a snapshot shows a full group stored.
    """
    rounds = 60
    folder = _copies(tmp_path, rounds)
    total = rounds * len(list(EXAMPLES.glob("*.txt")))
    store = tmp_path / "store"
    with open_store(store) as empty:  # a store to follow from the start
        assert len(empty) == 0
    child = _build(folder, store)
    seen = 0
    with open_store(store, read_only=True, follow=True) as follower:
        follower.follow_every = 0.0
        deadline = time.monotonic() + 600
        while child.poll() is None and seen < 64 and time.monotonic() < deadline:
            seen = len(follower.documents())
            time.sleep(0.1)
    assert child.poll() is None, f"the build ended before it could be killed ({seen} documents seen)"
    helpers = _descendants(child.pid)  # the reading process and the forkserver it came from
    child.send_signal(signal.SIGKILL)
    child.wait()
    deadline = time.monotonic() + 30
    while any(Path(f"/proc/{pid}").exists() for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert helpers and not [pid for pid in helpers if Path(f"/proc/{pid}").exists()]  # none left behind

    partial = _shape(store)
    assert seen >= 64 and seen <= len(partial) < total

    # finishing the build stores the rest and skips what the killed build completed
    child = _build(folder, store)
    out, err = child.communicate(timeout=600)
    assert child.returncode == 0, err.decode()
    assert f"({len(partial)} unchanged)" in out.decode()
    full = _shape(store)
    assert len(full) == total
    # every document stored before the kill is whole: the same as after a clean build
    assert {doc: full[doc] for doc in partial} == partial
    by_article = {}
    for doc, shape in full.items():
        by_article.setdefault(doc.split("-", 1)[1], set()).add(shape)
    assert all(len(shapes) == 1 for shapes in by_article.values())


@pytest.mark.slow
def test_rebuild_is_idempotent_and_changed_documents_replace(tmp_path):
    folder = tmp_path / "articles"
    shutil.copytree(EXAMPLES, folder)
    store = tmp_path / "store"
    runner = CliRunner()
    first = runner.invoke(main, ["build", str(folder), "--store", str(store), "-q"])
    assert first.exit_code == 0, first.output
    shape = _shape(store)
    again = runner.invoke(main, ["build", str(folder), "--store", str(store), "-q"])
    assert "built 0 documents (4 unchanged)" in again.output
    assert _shape(store) == shape
    article = sorted(folder.glob("*.txt"))[0]
    article.write_text(article.read_text(encoding="utf-8") + "\nKim Jong Un met Vladimir Putin in Moscow.\n",
                       encoding="utf-8")
    changed = runner.invoke(main, ["build", str(folder), "--store", str(store), "-q"])
    assert "built 1 documents (3 unchanged)" in changed.output
    after = _shape(store)
    assert set(after) == set(shape) and after[article.stem] != shape[article.stem]


def test_writing_again_after_a_removal_restores_the_same_dataset(tmp_path, mini_doc):
    """The writer's memory of kept descriptions follows removals (no stale 'already kept')."""
    doc = mini_doc("doc-a", actors=("kim", "trump"), aliases={"kim": ["Kim"]})
    with open_store(tmp_path / "s") as store:
        store.write_document(*doc)
        first = _dataset(store)
        assert store.remove_graph(doc[0]) and len(store) == 0
        store.write_document(*doc)
        assert _dataset(store) == first
    with open_store(tmp_path / "s") as store:  # a new session, the same answer
        store.remove_graph(doc[0])
        store.write_document(*doc)
        assert _dataset(store) == first


def test_a_reader_makes_a_new_snapshot_when_the_last_one_was_removed(mini_store):
    import shutil

    from kg.store import snapshots

    folder = mini_store / snapshots.FOLDER
    for entry in folder.iterdir():  # the snapshot named CURRENT removed by hand
        if entry.is_dir():
            shutil.rmtree(entry)
    with open_store(mini_store, read_only=True) as store:
        assert len(store.documents()) == 2
