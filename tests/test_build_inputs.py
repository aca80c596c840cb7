"""``kg build`` end to end on every kind of input users point it at (issue 6).

Each test runs the real command through click's ``CliRunner`` with the session's loaded model
(``load_reader`` is patched to return the ``reader`` fixture), then reads the store back.
Exit codes: 0 every input was read (harmless skips allowed), 1 nothing could be built,
2 something was built but at least one input failed (docs/bad-inputs.md).
"""
from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.prefixes import PREFIXES
from kg.store import open_store

pytestmark = pytest.mark.slow  # every test here runs the spaCy model

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = (ROOT / "examples" / "articles" / "seed_trump_kim_offer.txt").read_text(encoding="utf-8")
HTML_PAGE = Path(__file__).parent / "fixtures" / "ingest" / "article.html"
SHORT = ("GENEVA, June 3 2025 — Foreign Minister Sergei Lavrov met U.S. Secretary of State Marco Rubio "
         "in Geneva on Tuesday to discuss a ceasefire in Ukraine.")
DIP = PREFIXES["dip"]
DCT = PREFIXES["dcterms"]


@pytest.fixture
def kg(reader, tmp_path):
    """Run ``kg ARGS --store tmp/store`` with the session's model; return the click Result."""
    store = tmp_path / "store"

    def run(*args: str, input: bytes | None = None, store_path: Path = store):
        return CliRunner().invoke(main, ["build", *map(str, args), "--store", str(store_path)],
                                  input=input, obj={"reader": reader})

    run.store = store
    return run


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def documents(store_path: Path) -> dict:
    with open_store(store_path, read_only=True) as store:
        return {doc.doc_id: doc for doc in store.documents()}


def select(store_path: Path, query: str) -> list[dict]:
    with open_store(store_path, read_only=True) as store:
        result = store.query(f"PREFIX dip: <{DIP}> PREFIX dcterms: <{DCT}> " + query)
        names = [v.value for v in result.variables]
        return [{n: (row[n].value if row[n] is not None else None) for n in names} for row in result]


def sources_of(store_path: Path, doc_id: str) -> set[str]:
    rows = select(store_path, 'SELECT ?s WHERE { ?d dcterms:identifier "%s" ; dcterms:source ?s }' % doc_id)
    return {row["s"] for row in rows}


def lines(result, prefix: str) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(prefix)]


# --- one kind of input at a time ------------------------------------------------------------


def test_a_good_folder_builds_with_exit_0(kg, tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", ARTICLE)
    write(tmp_path / "in" / "b.txt", SHORT)
    result = kg(tmp_path / "in")
    assert result.exit_code == 0, result.output
    assert "built 2 documents" in result.stdout and "0 failed" in result.stdout
    assert set(documents(kg.store)) == {"a", "b"}


def test_empty_files_are_harmless_skips(kg, tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", SHORT)
    write(tmp_path / "in" / "empty.txt", b"")
    write(tmp_path / "in" / "blank.txt", b"  \n\t\r\n")
    result = kg(tmp_path / "in")
    assert result.exit_code == 0, result.output
    assert sorted(lines(result, "skipped")) == [f"skipped {tmp_path / 'in' / 'blank.txt'}: empty file",
                                                 f"skipped {tmp_path / 'in' / 'empty.txt'}: empty file"]


def test_only_empty_input_exits_1(kg, tmp_path: Path) -> None:
    result = kg(write(tmp_path / "empty.txt", b""))
    assert result.exit_code == 1
    assert "no document could be built" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize("name, data", [
    ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(range(256)) * 4),
    ("archive.zip", b"PK\x03\x04" + os.urandom(300)),
    ("random.txt", bytes(range(256)) * 8),
    ("utf16-no-bom.txt", SHORT.encode("utf-16-le")),  # NUL bytes everywhere: treated as binary
])
def test_binary_files_fail_but_the_rest_is_built(kg, tmp_path: Path, name: str, data: bytes) -> None:
    write(tmp_path / "in" / "a.txt", SHORT)
    bad = write(tmp_path / "in" / name, data)
    result = kg(tmp_path / "in")
    assert result.exit_code == 2, result.output
    (line,) = lines(result, "failed")  # "binary", or for NUL-sparse noise "encoding could not be detected"
    assert line.startswith(f"failed {bad}: not text (")
    assert set(documents(kg.store)) == {"a"}


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-16", "utf-8-sig", "utf-32"])
def test_non_utf8_text_is_decoded(kg, tmp_path: Path, encoding: str) -> None:
    text = SHORT.replace("Geneva on", "Genève on").replace("—", "-" if encoding == "latin-1" else "—")
    write(tmp_path / "fr.txt", text.encode(encoding))
    result = kg(tmp_path / "fr.txt")
    assert result.exit_code == 0, result.output
    rows = select(kg.store, "SELECT ?t WHERE { ?s a dip:Sentence ; dip:text ?t }")
    assert any("Genève on Tuesday" in row["t"] for row in rows)


def test_undecodable_bytes_under_a_forced_encoding_fail(kg, tmp_path: Path) -> None:
    bad = write(tmp_path / "in" / "latin.txt", "Genève".encode("latin-1") + b" talks resumed.")
    write(tmp_path / "in" / "ok.txt", SHORT)
    result = CliRunner().invoke(main, ["build", str(tmp_path / "in"), "--encoding", "utf-8",
                                       "--store", str(kg.store)])
    assert result.exit_code == 2
    assert lines(result, "failed") == [f"failed {bad}: cannot decode as utf-8: invalid continuation byte at byte 3"]


def test_html_page_keeps_the_article_title_and_date(kg, tmp_path: Path) -> None:
    page = shutil.copy(HTML_PAGE, tmp_path / "dmz.html")
    result = kg(page)
    assert result.exit_code == 0, result.output
    doc = documents(kg.store)["dmz"]
    assert doc.title.startswith("Trump offers to meet Kim at the border") and doc.date == "2019-06-29"
    texts = " ".join(row["t"] for row in select(kg.store, "SELECT ?t WHERE { ?s a dip:Sentence ; dip:text ?t }"))
    assert "demilitarised zone" in texts
    assert "SCRIPT-LEAK" not in texts and "All rights reserved" not in texts


def test_jsonl_and_csv_exports_keep_source_title_and_date(kg, tmp_path: Path) -> None:
    import csv
    import json

    records = [
        {"id": "geneva-1", "url": "https://news.example/geneva-1", "title": "Lavrov and Rubio meet",
         "date": "2025-06-03", "text": SHORT},
        {"id": "seoul-2", "url": "https://news.example/seoul-2", "title": "Trump open to talks",
         "date": "June 12, 2025", "text": ARTICLE},
    ]
    write(tmp_path / "in" / "feed.jsonl", "\n".join(json.dumps(r) for r in records[:1]) + "\n{not json\n")
    with open(tmp_path / "in" / "feed.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(records[1]))
        writer.writeheader()
        writer.writerow(records[1])
    result = kg(tmp_path / "in")
    assert result.exit_code == 2  # the malformed JSON line failed
    assert lines(result, "failed") == [f"failed {tmp_path / 'in' / 'feed.jsonl'}#line 2: malformed JSON: "
                                       "Expecting property name enclosed in double quotes"]
    docs = documents(kg.store)
    assert (docs["geneva-1"].title, docs["geneva-1"].date) == ("Lavrov and Rubio meet", "2025-06-03")
    assert (docs["seoul-2"].title, docs["seoul-2"].date) == ("Trump open to talks", "2025-06-12")
    assert sources_of(kg.store, "geneva-1") == {"https://news.example/geneva-1"}
    assert sources_of(kg.store, "seoul-2") == {"https://news.example/seoul-2"}
    dates = select(kg.store, 'SELECT ?d WHERE { ?doc dcterms:identifier "geneva-1" ; dcterms:date ?d }')
    with open_store(kg.store, read_only=True) as store:
        row = next(iter(store.query(f'SELECT ?d WHERE {{ ?doc <{DCT}identifier> "geneva-1" ; <{DCT}date> ?d }}')))
    assert dates == [{"d": "2025-06-03"}]
    assert row["d"].datatype == ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")


def test_month_precision_metadata_date_is_kept(kg, tmp_path: Path) -> None:
    import json

    write(tmp_path / "feed.jsonl", json.dumps({"id": "m", "date": "June 2025", "text": SHORT.split("— ")[1]}))
    assert kg(tmp_path / "feed.jsonl").exit_code == 0
    assert documents(kg.store)["m"].date == "2025-06"


def test_duplicates_become_one_document_with_every_source(kg, tmp_path: Path) -> None:
    first = write(tmp_path / "in" / "wire" / "story.txt", ARTICLE)
    second = write(tmp_path / "in" / "mirror" / "copy-of-story.txt", ARTICLE)
    third = write(tmp_path / "in" / "crlf.txt", ARTICLE.replace("\n", "\r\n") + "\r\n\r\n")
    result = kg(tmp_path / "in")
    assert result.exit_code == 0, result.output  # duplicates are not failures
    docs = documents(kg.store)
    assert list(docs) == ["crlf"]  # sorted walk: crlf.txt, mirror/, wire/
    assert sources_of(kg.store, "crlf") == {str(first), str(second), str(third)}
    assert sorted(lines(result, "skipped")) == [f"skipped {second}: duplicate of crlf (same content)",
                                                f"skipped {first}: duplicate of crlf (same content)"]
    again = kg(tmp_path / "in")  # a rebuild changes nothing
    assert again.exit_code == 0 and "(1 unchanged)" in again.stdout
    assert sources_of(kg.store, "crlf") == {str(first), str(second), str(third)}


def test_byte_identical_copies_arrive_as_one_document_with_both_sources(kg, tmp_path: Path) -> None:
    first = write(tmp_path / "in" / "a.txt", ARTICLE)
    second = write(tmp_path / "in" / "b.txt", ARTICLE)
    assert kg(tmp_path / "in").exit_code == 0
    assert list(documents(kg.store)) == ["a"]
    assert sources_of(kg.store, "a") == {str(first), str(second)}


def test_stdin(kg) -> None:
    result = kg("-", input=SHORT.encode("utf-8"))
    assert result.exit_code == 0, result.output
    (doc_id,) = documents(kg.store)
    assert doc_id.startswith("stdin-")
    assert sources_of(kg.store, doc_id) == {"<stdin>"}


def test_stdin_binary_and_empty(kg) -> None:
    assert kg("-", input=b"\x00\x01\x02" * 100).exit_code == 1
    result = kg("-", input=b"")
    assert result.exit_code == 1 and "skipped <stdin>: empty file" in result.stderr


# --- mixed folders, exit codes, nothing lost --------------------------------------------------


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "mixed"
    write(folder / "01-good.txt", SHORT)
    write(folder / "02-binary.png", b"\x89PNG\r\n\x1a\n" + bytes(200))
    write(folder / "03-empty.txt", b"")
    write(folder / "04-good.txt", ARTICLE)
    write(folder / ".hidden.txt", "never read")
    (folder / "05-loop").symlink_to(folder, target_is_directory=True)
    (folder / "06-self").symlink_to(folder / "06-self")
    (folder / "07-dangling.txt").symlink_to(folder / "nowhere.txt")
    os.mkfifo(folder / "08-fifo")
    write(folder / "09-locked.txt", SHORT + " Locked.")
    return folder


def test_mixed_folder_is_read_and_every_skip_is_listed(kg, mixed_folder: Path, monkeypatch) -> None:
    real_open = Path.open

    def open_denied(self, *args, **kwargs):  # root reads anything: simulate chmod 000
        if self.name == "09-locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_denied)
    result = kg(mixed_folder)
    assert result.exit_code == 2, result.output
    assert set(documents(kg.store)) == {"01-good", "04-good"}
    m = mixed_folder
    assert sorted(lines(result, "failed")) == sorted([
        f"failed {m / '02-binary.png'}: not text (binary)",
        f"failed {m / '06-self'}: symlink loop",
        f"failed {m / '07-dangling.txt'}: no such file or directory",
        f"failed {m / '08-fifo'}: not a regular file",
        f"failed {m / '09-locked.txt'}: cannot read: permission denied",
    ])
    assert sorted(lines(result, "skipped")) == sorted([
        f"skipped {m / '03-empty.txt'}: empty file",
        f"skipped {m / '05-loop'}: symlink loop (leads back to a parent folder)",
    ])
    assert "built 2 documents" in result.stdout and "7 inputs skipped, 5 failed" in result.stdout


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_really_unreadable(kg, tmp_path: Path) -> None:
    locked = write(tmp_path / "in" / "locked.txt", SHORT)
    write(tmp_path / "in" / "ok.txt", ARTICLE)
    locked.chmod(0)
    result = kg(tmp_path / "in")
    assert result.exit_code == 2 and f"failed {locked}: cannot read: permission denied" in result.stderr


def test_fail_fast_stops_at_the_first_failure(kg, mixed_folder: Path) -> None:
    result = CliRunner().invoke(main, ["build", str(mixed_folder), "--fail-fast", "--store", str(kg.store)])
    assert result.exit_code == 2
    assert "stopped at the first failure" in result.stdout
    assert set(documents(kg.store)) == {"01-good"}  # 04-good comes after the failure
    assert lines(result, "failed") == [f"failed {mixed_folder / '02-binary.png'}: not text (binary)"]


def test_fail_fast_ignores_harmless_skips(kg, tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", b"")
    write(tmp_path / "in" / "b.txt", SHORT)
    write(tmp_path / "in" / "c.txt", SHORT)
    result = CliRunner().invoke(main, ["build", str(tmp_path / "in"), "--fail-fast", "--store", str(kg.store)])
    assert result.exit_code == 0 and set(documents(kg.store)) == {"b"}


def test_nothing_readable_exits_1(kg, tmp_path: Path) -> None:
    write(tmp_path / "in" / "x.bin", b"\x7fELF" + bytes(100))
    result = kg(tmp_path / "in", tmp_path / "missing.txt")
    assert result.exit_code == 1
    assert f"failed {tmp_path / 'missing.txt'}: no such file or directory" in result.stderr
    assert "no document could be built" in result.stderr


def test_a_bad_rebuild_loses_nothing_already_stored(kg, tmp_path: Path, mixed_folder: Path) -> None:
    write(tmp_path / "first" / "a.txt", ARTICLE + "\nTalks are expected next month.")
    assert kg(tmp_path / "first").exit_code == 0
    # the document's own graph, and every mention of it an event links to (the events' graphs may
    # change: other documents that report the same events join them, docs/events.md)
    linked = "SELECT ?m WHERE { GRAPH ?e { ?e <https://w3id.org/diplokg/ontology#mention> ?m } }"
    with open_store(kg.store, read_only=True) as store:
        graph = store.graph_for_doc_id("a")
        before = {str(q) for q in store.quads() if q.graph_name.value == graph}
        mentions = {row[0].value for row in store.query(linked, union=False)}
    result = kg(tmp_path / "first", mixed_folder)
    assert result.exit_code == 2
    assert "(1 unchanged)" in result.stdout
    with open_store(kg.store, read_only=True) as store:
        assert before <= {str(q) for q in store.quads()}
        assert mentions <= {row[0].value for row in store.query(linked, union=False)}
    assert set(documents(kg.store)) == {"a", "01-good", "04-good", "09-locked"}


def test_the_store_folder_inside_the_inputs_is_not_read(kg, tmp_path: Path) -> None:
    write(tmp_path / "news" / "a.txt", SHORT)
    store = tmp_path / "news" / "kg-store"
    assert kg(tmp_path / "news", store_path=store).exit_code == 0
    write(tmp_path / "news" / "b.txt", ARTICLE)
    result = kg(tmp_path / "news", store_path=store)
    assert result.exit_code == 0, result.output
    assert f"skipped {store}: a diplokg store folder, not news" in result.stderr
    assert set(documents(store)) == {"a", "b"}


# --- very long text ---------------------------------------------------------------------------


def long_article(total: int = 1_050_000) -> str:
    """A >1,000,000-character article: real paragraphs spread through whitespace padding.

    The padding (as in scraped pages) keeps spaCy's work small while the paragraphs land in every
    100,000-character chunk, including past character 1,000,000.
    """
    paragraphs = ARTICLE.split("\n")
    pieces, size, i = [], 0, 0
    while size < total:
        piece = paragraphs[i % len(paragraphs)] if i % 2 == 0 else " " * 15_000
        pieces.append(piece)
        size += len(piece) + 1
        i += 1
    pieces.append(paragraphs[0])
    return "\n".join(pieces)


def test_very_long_text_is_read_in_chunks_with_true_offsets(kg, tmp_path: Path) -> None:
    text = long_article()
    assert len(text) > 1_000_000
    write(tmp_path / "long.txt", text)
    result = kg(tmp_path / "long.txt", "--max-chars", str(len(text)))  # the default cap is 1,000,000
    assert result.exit_code == 0, result.output
    assert "E088" not in result.output
    with open_store(kg.store, read_only=True) as store:
        def rows(query):
            return [[term.value for term in row] for row in store.query(f"PREFIX dip: <{DIP}> {query}")]

        sentences = rows("SELECT ?t ?s ?e WHERE { ?x a dip:Sentence ; dip:text ?t ; dip:charStart ?s ; dip:charEnd ?e }")
        mentions = rows("SELECT ?t ?s ?e WHERE { ?x dip:mentionOf ?a ; dip:charStart ?s ; dip:charEnd ?e . "
                        "OPTIONAL { ?x dip:evidence ?in . ?in dip:text ?st ; dip:charStart ?ss } "
                        "OPTIONAL { ?x dip:text ?own } BIND(COALESCE(?own, SUBSTR(?st, ?s - ?ss + 1, ?e - ?s)) AS ?t) }")
        events = rows("SELECT ?t ?s ?e WHERE { ?x dip:triggerText ?t ; dip:triggerStart ?s ; dip:triggerEnd ?e }")
    for name, found in (("sentence", sentences), ("mention", mentions), ("event", events)):
        assert found, f"no {name} found"
        for covered, start, end in found:
            assert text[int(start):int(end)] == covered, (name, start, end, covered)
    assert max(int(start) for _, start, _ in mentions) > 1_000_000
    assert max(int(start) for _, start, _ in events) > 1_000_000
    chunk_starts = {int(start) // 100_000 for _, start, _ in mentions}
    assert len(chunk_starts) >= 10  # mentions in (almost) every chunk, not only the first


def test_a_huge_document_is_cut_with_a_line_and_the_rest_is_built(kg, tmp_path: Path) -> None:
    """Issue #15: a 5 MB article stalled the whole build; it is read up to --max-chars, and said so."""
    paragraph = ("Kim Jong Un met Moon Jae-in in Panmunjom on Friday. The two leaders agreed to talks.\n\n")
    write(tmp_path / "in" / "huge.txt", "SEOUL, April 27 2018 — " + paragraph * 600)  # 51,000 characters
    write(tmp_path / "in" / "short.txt", SHORT)
    result = kg(tmp_path / "in", "--max-chars", "5000")
    assert result.exit_code == 2, result.output  # built, but not all text was read
    line = next(line for line in result.stderr.splitlines() if line.startswith("cut huge:"))
    kept = int(re.search(r"read the first (\d+) of (\d+) characters \(--max-chars 5000\)", line).group(1))
    assert 2500 < kept <= 5000
    assert "built 2 documents" in result.stdout and "1 cut" in result.stdout
    with open_store(kg.store, read_only=True) as store:
        ends = [int(row["e"].value) for row in store.query(
            f"SELECT ?e WHERE {{ ?x a <{DIP}Sentence> ; <{DIP}charEnd> ?e }}")]
    assert max(ends) <= kept  # nothing past the cut was read; the cut fell at a paragraph break
    again = kg(tmp_path / "in", "--max-chars", "5000")
    assert "(2 unchanged)" in again.stdout  # the stored hash is the whole file's: no re-reading
