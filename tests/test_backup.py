"""Backup and restore: ``kg export`` then ``kg import`` gives the same store, quad for quad.

Also what a plain import may not do (forge the catalogue kg build keeps), the standard
streams (``kg export -o -``, ``kg import -``), outputs inside the store folder, and the memory a
large import costs.
"""
from __future__ import annotations

import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.store.local import open_store

ROOT = Path(__file__).resolve().parents[1]
FACTS = """@prefix ex: <http://example.org/> .
ex:kim ex:leads ex:dprk .
_:note ex:says "a blank node survives the round trip" .
"""


def kg(*args, input=None):
    return CliRunner().invoke(main, [str(a) for a in args], input=input)


@pytest.fixture
def original(example_store: Path, tmp_path: Path) -> Path:
    """A copy of the example store (four built articles) with one imported graph beside them."""
    path = tmp_path / "original"
    shutil.copytree(example_store, path)
    (tmp_path / "facts.ttl").write_text(FACTS)
    assert kg("import", tmp_path / "facts.ttl", "--store", path).exit_code == 0
    return path


def ids(store: Path) -> list[str]:
    with open_store(store, read_only=True) as opened:
        return [d.doc_id for d in opened.documents()]


@pytest.mark.slow
@pytest.mark.parametrize("suffix", ["trig", "nq"])
def test_export_then_import_restores_the_store_byte_for_byte(original: Path, tmp_path: Path,
                                                             store_nquads, suffix: str) -> None:
    backup, again = tmp_path / f"backup.{suffix}", tmp_path / f"again.{suffix}"
    assert kg("export", "--store", original, "--output", backup).exit_code == 0
    result = kg("import", backup, "--store", tmp_path / "restored")
    assert result.exit_code == 0, result.output
    assert "restored 4 documents and 1 imported graphs" in result.output
    assert kg("export", "--store", tmp_path / "restored", "--output", again).exit_code == 0
    assert again.read_bytes() == backup.read_bytes()
    assert store_nquads(tmp_path / "restored") == store_nquads(original)
    listed = kg("list", "--store", tmp_path / "restored")
    assert listed.output == kg("list", "--store", original).output


@pytest.mark.slow
def test_removing_one_restored_document_leaves_the_others_whole(original: Path, tmp_path: Path,
                                                                store_nquads) -> None:
    kg("export", "--store", original, "--output", tmp_path / "backup.trig")
    kg("import", tmp_path / "backup.trig", "--store", tmp_path / "restored")
    for store in (original, tmp_path / "restored"):
        result = kg("remove", "d3_dmz_meeting", "--store", store)
        assert result.exit_code == 0 and "removed d3_dmz_meeting" in result.output
    assert ids(tmp_path / "restored") == ["d2_putin_pyongyang", "d4_oil_sanctions", "seed_trump_kim_offer"]
    # the restored store, less one document, is the original less the same document
    assert store_nquads(tmp_path / "restored") == store_nquads(original)
    assert len(store_nquads(original)) > 1500


@pytest.mark.slow
def test_restoring_into_a_store_that_holds_documents_merges_like_a_build(original: Path, tmp_path: Path,
                                                                         example_store: Path, store_nquads) -> None:
    kg("export", "--store", original, "--output", tmp_path / "backup.trig")
    partial = tmp_path / "partial"
    shutil.copytree(example_store, partial)
    for doc in ("d2_putin_pyongyang", "seed_trump_kim_offer"):
        kg("remove", doc, "--store", partial)
    result = kg("import", tmp_path / "backup.trig", "--store", partial)
    assert result.exit_code == 0 and "2 replaced" in result.output  # the two it still held
    assert store_nquads(partial) == store_nquads(original)


@pytest.mark.slow
def test_an_export_with_the_ontology_restores_without_it(original: Path, tmp_path: Path, store_nquads) -> None:
    kg("export", "--store", original, "--output", tmp_path / "o.trig", "--with-ontology")
    result = kg("import", tmp_path / "o.trig", "--store", tmp_path / "restored")
    assert result.exit_code == 0 and "the ontology" in result.output and "is not stored" in result.output
    assert store_nquads(tmp_path / "restored") == store_nquads(original)


@pytest.mark.slow
def test_the_standard_streams_carry_a_backup(original: Path, tmp_path: Path, store_nquads) -> None:
    exported = kg("export", "--store", original, "-o", "-", "--format", "nquads")
    assert exported.exit_code == 0 and not (Path.cwd() / "-").exists()
    assert exported.stdout.count("\n") == len(store_nquads(original))  # N-Quads on stdout, the note on stderr
    assert "wrote" in exported.stderr and "wrote" not in exported.stdout
    assert kg("import", "-", "--store", tmp_path / "r").exit_code == 2  # stdin needs --format
    result = kg("import", "-", "--format", "nquads", "--store", tmp_path / "r", input=exported.stdout_bytes)
    assert result.exit_code == 0, result.output
    assert store_nquads(tmp_path / "r") == store_nquads(original)
    assert not list((tmp_path / "r").glob("kg-scratch-*"))  # the spooled copy of stdin is gone


def test_plain_triples_from_stdin(tmp_path: Path) -> None:
    result = kg("import", "-", "--format", "turtle", "--graph", "https://example.org/g", "--store",
                tmp_path / "s", input=FACTS)
    assert result.exit_code == 0 and "imported 2 triples (turtle) from standard input" in result.output


# --- what a plain import may not write -------------------------------------------------------

FORGERIES = {
    "document.ttl": """@prefix dip: <https://w3id.org/diplokg/ontology#> .
<http://e/fake> a dip:Document ; <http://purl.org/dc/terms/identifier> "d3_dmz_meeting" ;
  dip:contentHash "0" .""",
    "gives.nt": "<http://e/doc> <https://w3id.org/diplokg/ontology#givesDescription> "
                "<https://w3id.org/diplokg/id/description/x> .\n",
    "description.ttl": """@prefix dip: <https://w3id.org/diplokg/ontology#> .
<http://e/d> a dip:ActorDescription ; dip:descriptionOf <http://e/a> ; dip:descriptionText "" .""",
    "title.nt": "<https://w3id.org/diplokg/id/doc/d3-dmz-meeting-0123456789> "
                "<http://purl.org/dc/terms/title> \"forged\" .\n",
    "graph.nq": "<http://e/s> <http://e/p> <http://e/o> <https://w3id.org/diplokg/id/doc/fake-0123456789> .\n",
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(FORGERIES))
def test_terms_only_kg_build_writes_are_refused(original: Path, tmp_path: Path, store_nquads, name: str) -> None:
    before = store_nquads(original)
    path = tmp_path / name
    path.write_text(FORGERIES[name])
    result = kg("import", path, "--store", original)
    assert result.exit_code == 1 and result.output.startswith("kg: error:"), result.output
    assert "kg build" in result.output and result.output.count("\n") == 1
    assert store_nquads(original) == before
    assert ids(original).count("d3_dmz_meeting") == 1


@pytest.mark.slow
def test_a_forged_pointer_cannot_keep_an_actor_alive(original: Path, tmp_path: Path) -> None:
    """The forgery of the issue: an imported dip:givesDescription outliving its document."""
    kg("export", "--store", original, "--output", tmp_path / "backup.nq")
    lines = (tmp_path / "backup.nq").read_text().splitlines()
    pointer = next(line for line in lines if "#givesDescription>" in line)
    s, p, o = pointer.split(" ")[:3]
    (tmp_path / "f.nq").write_text(f"{s} {p} {o} <https://example.org/mine> .\n")
    result = kg("import", tmp_path / "f.nq", "--store", original)
    assert result.exit_code == 1 and "givesDescription" in result.output


@pytest.mark.slow
@pytest.mark.parametrize("edit, words", [
    (lambda t: t.replace('"Kim Jong Un"', '"Kim Jong-un"'), "is not the merge of the descriptions"),
    (lambda t: t.replace(r'\"Kim Jong Un\"', r'\"Kim Jong-un\"'), "was edited"),  # inside a description
    (lambda t: t + '\n<https://w3id.org/diplokg/id/actor/x-0123456789> { <http://e/a> <http://e/b> "c" . }\n',
     "is not the merge of the descriptions"),
    (lambda t: t + '\n<http://e/s> <http://e/p> "in the default graph" .\n', "the default graph holds"),
])
def test_an_edited_export_is_refused_whole(original: Path, tmp_path: Path, edit, words: str) -> None:
    kg("export", "--store", original, "--output", tmp_path / "backup.trig")
    edited = tmp_path / "edited.trig"
    edited.write_text(edit((tmp_path / "backup.trig").read_text()))
    target = tmp_path / "target"
    result = kg("import", edited, "--store", target)
    assert result.exit_code == 1 and "not a consistent kg export, nothing restored" in result.output
    assert words in result.output, result.output
    with open_store(target, read_only=True) as store:
        assert len(store) == 0


@pytest.mark.slow
def test_a_union_export_cannot_be_restored(original: Path, tmp_path: Path) -> None:
    kg("export", "--store", original, "--output", tmp_path / "union.ttl")
    result = kg("import", tmp_path / "union.ttl", "--store", tmp_path / "target")
    assert result.exit_code == 1 and "only kg build writes" in result.output


# --- outputs inside the store ---------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("inside", ["oxigraph/CURRENT", "backup.trig", "."])
def test_no_output_is_written_inside_the_store(original: Path, store_nquads, inside: str) -> None:
    before = store_nquads(original)
    files = sorted(p.name for p in (original / "oxigraph").iterdir())
    for args in (["export", "--format", "trig"], ["view"]):
        result = kg(*args, "--store", original, "--output", original / inside)
        assert result.exit_code == 1 and "is inside the store folder" in result.output, result.output
    assert store_nquads(original) == before
    assert sorted(p.name for p in (original / "oxigraph").iterdir()) == files


# --- memory -----------------------------------------------------------------------------------

IMPORT_PEAK = """
import resource, sys
from kg.store.imports import import_rdf
from kg.store.local import open_store
with open_store(sys.argv[2]) as store:
    import_rdf(store, sys.argv[1])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _import_peak_kib(path: Path, store: Path) -> int:
    done = subprocess.run([sys.executable, "-c", IMPORT_PEAK, str(path), str(store)], capture_output=True,
                          text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[-1])


@pytest.mark.slow
def test_import_memory_does_not_grow_with_the_file(tmp_path: Path) -> None:
    """Peak memory of 8 MB and 32 MB imports: it grew 25x the file's size; it grows less than 1x now."""
    sizes = {}
    for lines in (60_000, 240_000):
        path = tmp_path / f"{lines}.nt"
        with open(path, "w") as out:
            for i in range(lines):
                out.write(f'<https://example.org/s{i}> <https://example.org/p{i % 50}> '
                          f'"value {i} of a literal long enough to look like a real label or quote" .\n')
        sizes[lines] = (path.stat().st_size, _import_peak_kib(path, tmp_path / f"store{lines}"))
    (small, small_peak), (big, big_peak) = sizes[60_000], sizes[240_000]
    assert (big_peak - small_peak) * 1024 < (big - small), (sizes, "peak RSS in KiB")


def test_a_large_import_is_written_in_steps_and_an_interrupted_one_is_undone(tmp_path: Path) -> None:
    import json

    import pyoxigraph as ox

    from kg.store.local import PENDING_IMPORT

    graph, shared = "https://example.org/big", ox.BlankNode()
    p = ox.NamedNode("https://example.org/p")
    quads = [ox.Quad(shared if i in (0, 4) else ox.NamedNode(f"https://example.org/s{i}"), p, ox.Literal(str(i)),
                     ox.NamedNode(graph)) for i in range(5)]
    with open_store(tmp_path / "s") as store:
        store.replace_graphs_with([graph], iter(quads), chunk=2)  # three bulk loads
        stored = list(store.quads())
        assert len(stored) == 5 and len({q.subject for q in stored}) == 4  # one blank node across loads
        assert not (tmp_path / "s" / PENDING_IMPORT).exists()
        (tmp_path / "s" / PENDING_IMPORT).write_text(json.dumps([graph]))  # as if killed half way
    with open_store(tmp_path / "s") as store:  # the next writer drops the half-filled graph
        assert not store.has_graph(graph) and not (tmp_path / "s" / PENDING_IMPORT).exists()
