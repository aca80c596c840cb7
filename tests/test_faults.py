"""Faults under ``kg build``: a full or read-only disk mid-build, a corrupt or foreign ``--store``.

In every case the CLI prints one ``kg: error:`` line and exits non-zero, documents finished
before the fault stay stored, and the store opens again afterwards. The real-disk tests mount a
small tmpfs (root only; skipped where ``mount`` is refused, as in most CI containers).
"""
from __future__ import annotations

import errno
import hashlib
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import iris
from kg.cli import main
from kg.errors import StoreError
from kg.store.local import Store, open_store

pytestmark = pytest.mark.slow  # every test here runs the spaCy model

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = sorted((ROOT / "examples" / "articles").glob("*.txt"))


@pytest.fixture
def kg(reader):
    """Run kg with the session's model; ``tuning`` sets BuildOptions knobs (``write_batch=2``...)."""
    def run(*args: str, **tuning):
        return CliRunner().invoke(main, [str(arg) for arg in args], obj={"reader": reader, "tuning": tuning})

    return run


@pytest.fixture
def news(tmp_path: Path) -> Path:
    """Twelve distinct articles, in a known (sorted) order."""
    folder = tmp_path / "news"
    folder.mkdir()
    for number in range(12):
        article = ARTICLES[number % len(ARTICLES)]
        text = article.read_text(encoding="utf-8") + f"\nEditor's note {number}: updated."
        (folder / f"{number:02d}-{article.stem}.txt").write_text(text, encoding="utf-8")
    return folder


def stored_ids(store_path: Path) -> list[str]:
    with open_store(store_path, read_only=True) as store:
        return [doc.doc_id for doc in store.documents()]


def snapshot(folder: Path) -> dict[str, str]:
    """Hash every file, except RocksDB's own diagnostic log, which a failed open rotates."""
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*"))
            if path.is_file() and not re.fullmatch(r"LOG(\.old\.\d+)?", path.name)}


def one_error_line(result) -> str:
    assert "Traceback" not in result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("kg: error:")]
    assert len(errors) == 1, result.stderr
    return errors[0]


# --- simulated faults -------------------------------------------------------------------------


@pytest.mark.parametrize("code, words", [(errno.ENOSPC, "No space left on device"),
                                         (errno.EROFS, "Read-only file system"),
                                         (errno.EACCES, "Permission denied")])
def test_write_failure_after_some_documents_keeps_them(kg, news: Path, tmp_path: Path, monkeypatch,
                                                        code: int, words: str) -> None:
    store_path = tmp_path / "store"
    fifth = iris.document_iri(sorted(path.stem for path in news.iterdir())[4])

    def failing(real):
        def write(self, payload):
            if fifth in payload:  # the disk fills up while the fifth document is written
                raise StoreError(f"cannot write to store {self.path}: {OSError(code, words)}")
            return real(self, payload)
        return write

    real = {method: getattr(Store, method) for method in ("_update", "_bulk_load")}
    for method, write in real.items():
        monkeypatch.setattr(Store, method, failing(write))
    result = kg("build", news, "--store", store_path, write_batch=2)  # new documents written two at a time
    assert result.exit_code == 1
    line = one_error_line(result)
    assert words in line and "the 4 documents stored before it are kept" in line
    for method, write in real.items():
        monkeypatch.setattr(Store, method, write)
    assert stored_ids(store_path) == sorted(path.stem for path in sorted(news.iterdir())[:4])
    again = kg("build", news, "--store", store_path)  # after the fault: finishes the job
    assert again.exit_code == 0 and "built 8 documents (4 unchanged)" in again.stdout


# --- a real small disk --------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path):
    """A 32 MB tmpfs, unmounted afterwards; skip where mounting is not allowed."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", str(mount_point)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {done.stderr.decode(errors='replace').strip()}")
    yield mount_point
    subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)


def fill(disk: Path, leave: int) -> Path:
    """Fill the disk with one file until only about ``leave`` bytes are free."""
    filler = disk / "filler"
    with open(filler, "wb") as handle:
        try:
            while shutil.disk_usage(disk).free > leave:
                handle.write(bytes(min(65536, max(4096, shutil.disk_usage(disk).free - leave))))
                handle.flush()
        except OSError as error:
            assert error.errno == errno.ENOSPC
    return filler


def test_disk_full_mid_build_keeps_finished_documents(kg, news: Path, small_disk: Path, monkeypatch) -> None:
    store_path = small_disk / "store"
    filler = []

    def fill_after_two(real):
        def write(self, payload):
            if len(filler) == 0 and len(stored_ids_open(self)) == 2:
                filler.append(fill(small_disk, leave=0))  # the disk is full from the third document on
            return real(self, payload)
        return write

    real = {method: getattr(Store, method) for method in ("_update", "_bulk_load")}
    for method, write in real.items():
        monkeypatch.setattr(Store, method, fill_after_two(write))
    result = kg("build", news, "--store", store_path, write_batch=2)  # new documents written two at a time
    assert result.exit_code == 1
    line = one_error_line(result)
    assert "No space left on device" in line, line
    kept = int(re.search(r"the (\d+) documents stored before it are kept", line).group(1))
    assert kept >= 2
    filler[0].unlink()  # space comes back: the store opens, and holds what was finished
    for method, write in real.items():
        monkeypatch.setattr(Store, method, write)
    ids = stored_ids(store_path)
    assert ids == sorted(path.stem for path in sorted(news.iterdir())[:kept])
    again = kg("build", news, "--store", store_path)
    assert again.exit_code == 0, again.output
    assert f"({kept} unchanged)" in again.stdout and len(stored_ids(store_path)) == 12


def stored_ids_open(store: Store) -> list[str]:
    return [doc.doc_id for doc in store.documents()]


# --- corrupt or foreign --store ---------------------------------------------------------------


def make_store(path: Path) -> Path:
    with open_store(path) as store:
        store.replace_graph("https://example.org/g", '<https://example.org/a> <https://example.org/b> "c" .')
    return path


def corrupt_current(store: Path) -> None:
    (store / "oxigraph" / "CURRENT").write_text("garbage\n")


def corrupt_manifest(store: Path) -> None:
    for path in (store / "oxigraph").glob("MANIFEST-*"):
        path.write_bytes(bytes(range(100)))


def corrupt_engine_folder(store: Path) -> None:
    shutil.rmtree(store / "oxigraph")
    (store / "oxigraph").write_text("not a database")


def corrupt_marker(store: Path) -> None:
    (store / "kg-store.json").write_text("{not json")


def future_marker(store: Path) -> None:
    (store / "kg-store.json").write_text(json.dumps({"format": 99}))


@pytest.mark.parametrize("damage, words", [
    (corrupt_current, "corrupt"), (corrupt_manifest, "corrupt"), (corrupt_engine_folder, "corrupt"),
    (corrupt_marker, "unreadable store marker"), (future_marker, "store format 99 is not supported"),
])
@pytest.mark.parametrize("command", ["build", "import", "list"])
def test_corrupt_store_is_refused_untouched(kg, tmp_path: Path, damage, words: str, command: str) -> None:
    store = make_store(tmp_path / "store")
    damage(store)
    before = snapshot(store)
    (tmp_path / "a.txt").write_text("The envoys met in Geneva on Tuesday.")
    (tmp_path / "f.nt").write_text('<https://example.org/x> <https://example.org/y> "z" .\n')
    args = {"build": ["build", tmp_path / "a.txt"], "import": ["import", tmp_path / "f.nt"],
            "list": ["list"]}[command]
    result = kg(*args, "--store", store)
    assert snapshot(store) == before
    if command == "list" and damage in (corrupt_current, corrupt_manifest):
        # a reader reads the snapshot the last writer published, never the damaged files
        assert result.exit_code == 0 and "0 rows" in result.output, result.output  # it holds no document
        return
    assert result.exit_code == 1
    assert words in one_error_line(result)


@pytest.mark.parametrize("command", ["build", "import"])
def test_foreign_folder_is_never_written(kg, tmp_path: Path, command: str) -> None:
    foreign = tmp_path / "my-documents"
    foreign.mkdir()
    (foreign / "thesis.docx").write_bytes(b"PK\x03\x04 precious")
    (foreign / "notes").mkdir()
    before = snapshot(foreign)
    (tmp_path / "a.txt").write_text("The envoys met in Geneva on Tuesday.")
    (tmp_path / "f.nt").write_text('<https://example.org/x> <https://example.org/y> "z" .\n')
    args = ["build", tmp_path / "a.txt"] if command == "build" else ["import", tmp_path / "f.nt"]
    result = kg(*args, "--store", foreign)
    assert result.exit_code == 1
    assert "is not a diplokg store" in one_error_line(result)
    assert snapshot(foreign) == before and sorted(p.name for p in foreign.iterdir()) == ["notes", "thesis.docx"]


def test_a_file_as_store_is_refused(kg, tmp_path: Path) -> None:
    target = tmp_path / "graph.ttl"
    target.write_text("precious")
    (tmp_path / "a.txt").write_text("The envoys met in Geneva on Tuesday.")
    result = kg("build", tmp_path / "a.txt", "--store", target)
    assert result.exit_code == 1 and "is a file, not a store folder" in one_error_line(result)
    assert target.read_text() == "precious"
