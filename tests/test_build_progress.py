"""What ``kg build`` shows while it runs and when it ends (issue #14).

Progress moves per document read (it showed "0 documents" until the first group of 64 was
written), with a total, a rate and the time left on a terminal, and nothing when stderr is not a
terminal or with ``-q``. The last line counts what the store holds, each thing once (it summed
the documents' counts: "74 actors" for a store of 46).
"""
from __future__ import annotations

import os
import pty
import re
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.pipeline.build import BuildOptions, build_graph
from kg.store.local import open_store

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow  # the model is loaded (in this process or a child)
EXAMPLES = ROOT / "examples" / "articles"


def test_progress_moves_per_document_read_before_anything_is_written(tmp_path: Path, reader) -> None:
    events = []
    with open_store(tmp_path / "s") as store:
        real = store.write_documents
        store.write_documents = lambda documents: (events.append(("write", len(documents))), real(documents))[1]
        build_graph([str(EXAMPLES)], store=store, reader=reader, on_document=lambda name: events.append(("read", name)),
                    options=BuildOptions(write_batch=64))
    assert [kind for kind, _ in events] == ["read"] * 4 + ["write"]  # four documents read, then one group written
    assert sorted(name for kind, name in events if kind == "read") == sorted(p.stem for p in EXAMPLES.glob("*.txt"))


def test_unchanged_and_failed_inputs_move_the_progress_too(tmp_path: Path, reader) -> None:
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLES, folder)
    (folder / "broken.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    seen = []
    with open_store(tmp_path / "s") as store:
        build_graph([str(folder)], store=store, reader=reader, on_document=seen.append)
        again = []
        build_graph([str(folder)], store=store, reader=reader, on_document=again.append)
    assert len(seen) == len(again) == 5  # four articles (read, then unchanged) and the binary file


def _terminal_run(args: list[str]) -> str:
    """Run ``kg ARGS`` with stderr and stdout on a pseudo-terminal; return what it showed."""
    master, slave = pty.openpty()
    child = subprocess.Popen([sys.executable, "-m", "kg.cli", *args], stdin=slave, stdout=slave, stderr=slave,
                             cwd=ROOT, env={**os.environ, "COLUMNS": "160"})
    os.close(slave)
    out = b""
    while True:
        ready, _, _ = select.select([master], [], [], 1.0)
        if ready:
            try:
                data = os.read(master, 65536)
            except OSError:
                break
            if not data:
                break
            out += data
        elif child.poll() is not None:
            break
    child.wait(timeout=600)
    os.close(master)
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out.decode("utf-8", "replace"))


def test_a_terminal_shows_a_total_a_rate_and_the_time_left(tmp_path: Path) -> None:
    shown = _terminal_run(["build", str(EXAMPLES), "--store", str(tmp_path / "s")])
    assert re.search(r"\b[1-4]/4 documents [0-9.]+/s ETA \d+:\d\d:\d\d", shown), shown[-2000:]
    assert "built 4 documents" in shown
    quiet = _terminal_run(["build", str(EXAMPLES), "--store", str(tmp_path / "q"), "-q"])
    assert "/4 documents" not in quiet and "built 4 documents" in quiet


def test_nothing_but_the_summary_when_not_a_terminal(tmp_path: Path, reader) -> None:
    result = CliRunner().invoke(main, ["build", str(EXAMPLES), "--store", str(tmp_path / "s")],
                                obj={"reader": reader})
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.count("\n") == 1


def test_the_summary_counts_what_the_store_holds_each_once(tmp_path: Path, reader) -> None:
    folder = tmp_path / "in"
    shutil.copytree(EXAMPLES, folder)
    article = sorted(folder.glob("*.txt"))[0]  # the same article again, a little changed: the same actors
    (folder / "again.txt").write_text(article.read_text(encoding="utf-8") + "\nUpdated.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(folder), "--store", str(tmp_path / "s")], obj={"reader": reader})
    assert result.exit_code == 0, result.output
    with open_store(tmp_path / "s", read_only=True) as store:
        actors = {row["a"] for row in store.query(
            "SELECT DISTINCT ?a WHERE { GRAPH ?g { ?d <https://schema.org/mentions> ?a } }")}
        events = {row["e"] for row in store.query(
            "SELECT DISTINCT ?e WHERE { ?e <http://www.w3.org/ns/prov#wasDerivedFrom> ?d }")}
        quads = len(store)
    expected = (f"holds 5 documents, {len(actors)} actors and places, {len(events)} events, {quads} statements; "
                "0 inputs skipped, 0 failed")
    assert expected in result.stdout, result.stdout
    assert len(actors) < 80  # the per-document sum was 74 + the copy's 19
