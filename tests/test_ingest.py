"""Tests for kg.ingest: every kind of input becomes a document or a reason for skipping it."""
from __future__ import annotations

import ast
import doctest
import io
import os
import re
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import kg.ingest
from kg.ingest import RecordFields, content_hash, iter_documents, safe_doc_id
from kg.records import Skipped, SourceDocument

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
ARTICLE = "The foreign ministers met in Geneva on Tuesday to discuss the ceasefire.\n"


def run(*inputs, **options) -> list:
    return list(iter_documents([str(item) for item in inputs], **options))


def only(*inputs, **options):
    results = run(*inputs, **options)
    assert len(results) == 1, results
    return results[0]


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


# --- plain text ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["note.txt", "note.md", "note"])
def test_plain_text_file_becomes_one_document(tmp_path: Path, name: str) -> None:
    path = write(tmp_path / name, ARTICLE)
    doc = only(path)
    assert isinstance(doc, SourceDocument)
    assert doc.doc_id == "note"
    assert doc.text == ARTICLE.rstrip()
    assert doc.source == str(path)
    assert doc.sources == (str(path),)
    assert doc.content_hash == content_hash(doc.text)
    assert doc.title is None and doc.date is None


def test_doc_id_is_the_file_name_without_extension(tmp_path: Path) -> None:
    doc = only(write(tmp_path / "seed_trump_kim_offer.txt", ARTICLE))
    assert doc.doc_id == "seed_trump_kim_offer"


def test_unsafe_file_names_give_safe_ids(tmp_path: Path) -> None:
    doc = only(write(tmp_path / "Kim & Trump (draft).txt", ARTICLE))
    assert doc.doc_id == "Kim___Trump__draft_"


def test_windows_newlines_are_normalised(tmp_path: Path) -> None:
    doc = only(write(tmp_path / "crlf.txt", "Line one.\r\nLine two.\rLine three.\r\n"))
    assert doc.text == "Line one.\nLine two.\nLine three."


def test_very_long_text_comes_through_intact(tmp_path: Path) -> None:
    text = ("The envoy arrived in Pyongyang. " * 40_000)[:1_200_000].rstrip() + "."
    doc = only(write(tmp_path / "long.txt", text))
    assert len(text) > 1_000_000
    assert len(doc.text) == len(text)
    assert doc.text == text


# --- empty, binary, unreadable, missing, too large ----------------------------------------


@pytest.mark.parametrize(
    "data", [b"", b"   \n\t\r\n  ", b"\xef\xbb\xbf", b"\xff\xfe" + " \n".encode("utf-16-le")]
)
def test_empty_or_whitespace_file_is_skipped(tmp_path: Path, data: bytes) -> None:
    path = write(tmp_path / "empty.txt", data)
    assert only(path) == Skipped(str(path), "empty file")


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.txt", ARTICLE)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, data",
    [
        ("nul.txt", b"abc\x00def\x00ghi"),
        ("image.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
        ("png-named.txt", b"\x89PNG\r\n\x1a\nIHDR text after the header"),
        ("archive.zip", _zip_bytes()),
        ("controls", bytes(range(1, 9)) * 20),
    ],
)
def test_binary_file_is_skipped(tmp_path: Path, name: str, data: bytes) -> None:
    path = write(tmp_path / name, data)
    assert only(path) == Skipped(str(path), "not text (binary)")


def test_binary_signature_is_skipped_even_with_forced_encoding(tmp_path: Path) -> None:
    path = write(tmp_path / "image.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    assert only(path, encoding="latin-1") == Skipped(str(path), "not text (binary)")


def test_unreadable_file_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root, which chmod 000 does not stop, so the refusal is simulated.
    locked = write(tmp_path / "locked.txt", ARTICLE)
    readable = write(tmp_path / "readable.txt", "Another article entirely.")
    real_open = Path.open

    def refuse_locked(self: Path, *args, **kwargs):
        if self == locked:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", refuse_locked)
    results = run(tmp_path)
    assert results[0] == Skipped(str(locked), "cannot read: permission denied")
    assert isinstance(results[1], SourceDocument) and results[1].doc_id == "readable"


def test_unreadable_folder_is_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "private"
    write(folder / "a.txt", ARTICLE)
    real_scandir = os.scandir

    def refuse(path):
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    assert run(tmp_path) == [Skipped(str(folder), "cannot read: permission denied")]


def test_missing_path_is_skipped_and_the_rest_continues(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.txt"
    present = write(tmp_path / "present.txt", ARTICLE)
    results = run(missing, present)
    assert results[0] == Skipped(str(missing), "no such file or directory")
    assert isinstance(results[1], SourceDocument)


def test_file_larger_than_max_bytes_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", "x" * 100)
    assert only(path, max_bytes=99) == Skipped(str(path), "too large (100 bytes > max 99)")
    assert isinstance(only(path, max_bytes=100), SourceDocument)


def test_stdin_larger_than_max_bytes_is_skipped() -> None:
    result = only("-", stdin=io.BytesIO(b"y" * 5_000), max_bytes=1_000)
    assert result == Skipped("<stdin>", "too large (5000 bytes > max 1000)")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_named_pipe_is_skipped_without_blocking(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    assert only(tmp_path) == Skipped(str(pipe), "not a regular file")


# --- folders ------------------------------------------------------------------------------


def test_folder_is_walked_recursively_in_sorted_order(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", "Second article.")
    write(tmp_path / "a" / "z.txt", "First article, in a subfolder.")
    write(tmp_path / "a" / "y" / "deep.txt", "An article deeper down.")
    write(tmp_path / "c.txt", "Third article.")
    ids = [doc.doc_id for doc in run(tmp_path)]
    assert ids == ["deep", "z", "b", "c"]
    assert ids == [doc.doc_id for doc in run(tmp_path)]


def test_hidden_files_and_folders_are_ignored(tmp_path: Path) -> None:
    write(tmp_path / ".DS_Store", b"\x00\x00\x00\x01Bud1")
    write(tmp_path / ".git" / "config", "[core]\n\tbare = false\n")
    write(tmp_path / ".hidden" / "secret.txt", "Not for the graph.")
    write(tmp_path / "visible.txt", ARTICLE)
    assert [doc.doc_id for doc in run(tmp_path)] == ["visible"]


def test_symlink_loop_to_a_parent_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / "news" / "a.txt", ARTICLE)
    loop = tmp_path / "news" / "sub" / "back"
    loop.parent.mkdir()
    loop.symlink_to(tmp_path / "news")
    results = run(tmp_path / "news")
    assert results == [
        only(tmp_path / "news" / "a.txt"),
        Skipped(str(loop), "symlink loop (leads back to a parent folder)"),
    ]


def test_self_referencing_symlink_is_skipped(tmp_path: Path) -> None:
    link = tmp_path / "self"
    link.symlink_to(link)
    write(tmp_path / "real.txt", ARTICLE)
    results = run(tmp_path)
    assert Skipped(str(link), "symlink loop") in results
    assert [r.doc_id for r in results if isinstance(r, SourceDocument)] == ["real"]


def test_folder_reached_twice_is_read_once(tmp_path: Path) -> None:
    write(tmp_path / "news" / "a.txt", ARTICLE)
    (tmp_path / "alias").symlink_to(tmp_path / "news")
    document, skipped = run(tmp_path)
    assert document.source == str(tmp_path / "alias" / "a.txt")
    assert skipped == Skipped(str(tmp_path / "news"), "folder already read through another path")


def test_documents_are_streamed_lazily(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "First.")
    second = write(tmp_path / "b.txt", "Second.")
    stream = iter_documents([str(tmp_path)])
    assert next(stream).doc_id == "a"
    second.unlink()  # read only when asked for: the walk kept its path, not its text
    assert next(stream) == Skipped(str(second), "no such file or directory")


# --- stdin --------------------------------------------------------------------------------


def test_dash_reads_one_document_from_stdin() -> None:
    doc = only("-", stdin=io.BytesIO(ARTICLE.encode("utf-8")))
    assert doc.text == ARTICLE.rstrip()
    assert doc.source == "<stdin>"
    assert doc.doc_id == "stdin-" + doc.content_hash[:12]


def test_stdin_html_is_extracted() -> None:
    doc = only("-", stdin=io.BytesIO((FIXTURES / "article.html").read_bytes()))
    assert "demilitarised zone" in doc.text and "SCRIPT-LEAK" not in doc.text


# --- encodings ----------------------------------------------------------------------------

FRENCH = "Le président a rencontré à Pékin son homologue."
RUSSIAN = "Министр иностранных дел России встретился с послом в Москве."
CURLY = "\u201cWe will not back down,\u201d the minister said \u2014 it\u2019s a matter of principle."


@pytest.mark.parametrize(
    "text, data",
    [
        (FRENCH, FRENCH.encode("latin-1")),
        ("Café talks in Zürich", "Café talks in Zürich".encode("latin-1")),
        (CURLY, CURLY.encode("cp1252")),
        (CURLY, b"\xff\xfe" + CURLY.encode("utf-16-le")),
        (CURLY, "\ufeff".encode("utf-8") + CURLY.encode("utf-8")),
        (CURLY, b"\xfe\xff" + CURLY.encode("utf-16-be")),
        (CURLY, CURLY.encode("utf-32")),
        (RUSSIAN, RUSSIAN.encode("cp1251")),
    ],
    ids=["latin-1", "latin-1-short", "cp1252-curly", "utf-16-bom", "utf-8-bom", "utf-16-be-bom",
         "utf-32-bom", "cp1251"],
)
def test_text_is_decoded_from_its_encoding(tmp_path: Path, text: str, data: bytes) -> None:
    doc = only(write(tmp_path / "article.txt", data))
    assert isinstance(doc, SourceDocument), doc
    assert doc.text == text


def test_undetectable_encoding_is_skipped_with_reason(tmp_path: Path) -> None:
    path = write(tmp_path / "noise.txt", bytes(range(0x80, 0x100)) * 3)
    result = only(path)
    assert isinstance(result, Skipped) and result.source == str(path)
    assert result.reason.startswith(("not text", "encoding not detected"))


def test_forced_encoding_is_used(tmp_path: Path) -> None:
    # Valid UTF-8 too, so only the forced codec turns "Ã©" back into mojibake-free Latin-1.
    path = write(tmp_path / "forced.txt", "Café".encode("utf-8"))
    assert only(path, encoding="latin-1").text == "CafÃ©"
    assert only(path, encoding="utf-8").text == "Café"


def test_forced_utf8_strips_its_bom(tmp_path: Path) -> None:
    path = write(tmp_path / "bom.txt", b"\xef\xbb\xbfHello")
    assert only(path, encoding="UTF8").text == "Hello"


def test_unknown_forced_encoding_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", ARTICLE)
    assert only(path, encoding="klingon-8") == Skipped(str(path), "unknown encoding klingon-8")


def test_undecodable_with_forced_encoding_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path / "a.txt", "Café talks".encode("latin-1"))
    result = only(path, encoding="utf-8")
    assert isinstance(result, Skipped)
    assert result.reason.startswith("cannot decode as utf-8: invalid continuation byte at byte 3")


# --- HTML ---------------------------------------------------------------------------------


def test_html_main_text_title_and_date_are_extracted() -> None:
    doc = only(FIXTURES / "article.html")
    assert doc.doc_id == "article"
    assert "demilitarised zone" in doc.text
    assert "broke down at the Hanoi summit" in doc.text
    for leak in ("SCRIPT-LEAK", "STYLE-LEAK", "window.tracker", "color: #777"):
        assert leak not in doc.text
    assert "ten recipes" not in doc.text and "All rights reserved" not in doc.text
    assert doc.title and doc.title.startswith("Trump offers to meet Kim at the border")
    assert doc.date == "2019-06-29"


def test_html_content_is_sniffed_in_a_text_file(tmp_path: Path) -> None:
    path = write(tmp_path / "saved_page.txt", (FIXTURES / "article.html").read_bytes())
    doc = only(path)
    assert "demilitarised zone" in doc.text and "<p>" not in doc.text
    assert doc.doc_id == "saved_page"


def test_html_without_main_text_is_skipped(tmp_path: Path) -> None:
    page = "<html><head><script>var a = 1;</script></head><body><nav></nav></body></html>"
    path = write(tmp_path / "empty.html", page)
    assert only(path) == Skipped(str(path), "no main text found in the HTML page")


def test_html_declared_legacy_charset_is_honoured(tmp_path: Path) -> None:
    page = (FIXTURES / "article.html").read_text("utf-8")
    page = page.replace('charset="utf-8"', 'charset="windows-1252"')
    page = page.replace("Choe Son Hui", "Choe Son Hüi \u2014 the envoy \u2014")
    path = write(tmp_path / "legacy.html", page.encode("cp1252"))
    assert "Choe Son Hüi \u2014 the envoy \u2014" in only(path).text


# --- exports ------------------------------------------------------------------------------


def test_jsonl_gives_one_document_per_record(tmp_path: Path) -> None:
    path = write(
        tmp_path / "export.jsonl",
        '{"id": "kim-1", "url": "https://example.org/kim", "title": "Kim visits", '
        '"date": "2019-02-27", "text": "Kim Jong Un arrived in Hanoi."}\n'
        "\n"
        '{"id": 42, "text": "Talks resumed in Geneva.", "date": "27 February 2019"}\n'
        '{"text": "A record with no id."}\n',
    )
    first, second, third = run(path)
    assert first == SourceDocument(
        doc_id="kim-1", text="Kim Jong Un arrived in Hanoi.",
        content_hash=content_hash("Kim Jong Un arrived in Hanoi."),
        source="https://example.org/kim", title="Kim visits", date="2019-02-27",
        sources=("https://example.org/kim",),
    )
    assert (second.doc_id, second.source, second.date) == ("42", f"{path}#record-3", "2019-02-27")
    assert third.doc_id == "export-4"


def test_malformed_jsonl_lines_are_skipped_and_the_rest_continues(tmp_path: Path) -> None:
    path = write(
        tmp_path / "broken.ndjson",
        '{"text": "First article."}\n'
        '{"text": "truncated\n'
        '["not", "an", "object"]\n'
        '{"title": "no text here"}\n'
        '{"text": "   "}\n'
        '{"text": "Last article."}\n',
    )
    results = run(path)
    assert [r.text for r in results if isinstance(r, SourceDocument)] == ["First article.", "Last article."]
    skipped = [r for r in results if isinstance(r, Skipped)]
    assert skipped[0].source == f"{path}#line 2" and skipped[0].reason.startswith("malformed JSON")
    assert skipped[1] == Skipped(f"{path}#line 3", "not a JSON object")
    assert skipped[2] == Skipped(f"{path}#record-4", "no text in field 'text'")
    assert skipped[3] == Skipped(f"{path}#record-5", "no text in field 'text'")


def test_csv_gives_one_document_per_row(tmp_path: Path) -> None:
    path = write(
        tmp_path / "export.csv",
        'id,title,date,url,text\n'
        'a1,Summit,2019-06-30,https://example.org/dmz,"Trump met Kim at the DMZ.\nThey shook hands."\n'
        'a2,Broken row,2019-07-01\n'
        ',,June 2019,,"Talks, again."\n',
    )
    first, broken, third = run(path)
    assert first.doc_id == "a1" and first.text == "Trump met Kim at the DMZ.\nThey shook hands."
    assert (first.title, first.date, first.source) == ("Summit", "2019-06-30", "https://example.org/dmz")
    assert broken == Skipped(f"{path}#line 4", "malformed row: 3 fields, header has 5")
    assert (third.doc_id, third.date, third.title) == ("export-3", "2019-06", None)
    assert third.source == f"{path}#record-3"


def test_tsv_with_custom_field_names(tmp_path: Path) -> None:
    path = write(tmp_path / "export.tsv", "guid\theadline\tbody\nx-1\tTalks\tEnvoys met in Doha.\n")
    fields = RecordFields(id="guid", title="headline", text="body")
    doc = only(path, fields=fields)
    assert (doc.doc_id, doc.title, doc.text) == ("x-1", "Talks", "Envoys met in Doha.")


def test_csv_without_text_column_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path / "export.csv", "id,body\n1,Hello\n")
    assert only(path) == Skipped(str(path), "no 'text' column (columns: id, body)")


def test_csv_in_legacy_encoding_with_long_field(tmp_path: Path) -> None:
    body = "Le ministre a déclaré « non ». " * 10_000  # longer than csv's default field limit
    path = write(tmp_path / "export.csv", f'id,text\nfr-1,"{body}"\n'.encode("cp1252"))
    doc = only(path)
    assert doc.doc_id == "fr-1" and doc.text == body.rstrip()


def test_export_without_records_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path / "blank.jsonl", b"\xef\xbb\xbf\n\n")
    assert only(path) == Skipped(str(path), "no records")


@pytest.mark.parametrize(
    "given, expected",
    [
        ("2019-02-27", "2019-02-27"),
        ("2019-02-27T10:30:00Z", "2019-02-27"),
        ("27 February 2019", "2019-02-27"),
        ("Feb 27, 2019 10:00 AM", "2019-02-27"),
        ("June 2019", "2019-06"),
        ("2019", "2019"),
        ("last Tuesday", "last Tuesday"),
    ],
)
def test_record_dates_become_iso_when_parseable(tmp_path: Path, given: str, expected: str) -> None:
    path = write(tmp_path / "dated.jsonl", f'{{"text": "An article.", "date": "{given}"}}\n')
    assert only(path).date == expected


# --- duplicates and ids -------------------------------------------------------------------


def test_identical_files_give_one_document_listing_every_source(tmp_path: Path) -> None:
    first = write(tmp_path / "a.txt", ARTICLE)
    copy = write(tmp_path / "sub" / "copy.txt", ARTICLE)
    other = write(tmp_path / "b.txt", ARTICLE.upper())
    results = run(tmp_path)
    assert results[0].doc_id == "a" and results[0].sources == (str(first), str(copy))
    assert results[1].doc_id == "b" and results[1].sources == (str(other),)
    assert results[2] == Skipped(str(copy), "duplicate of a (same content)")


def test_same_text_with_different_bytes_is_skipped_as_duplicate(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Same text.\n")
    crlf = write(tmp_path / "b.txt", "Same text.\r\n\r\n")
    results = run(tmp_path)
    assert results[0].sources == (str(tmp_path / "a.txt"),)
    assert results[1] == Skipped(str(crlf), "duplicate of a (same content)")


def test_duplicate_records_across_exports_are_skipped(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "Shared text.")
    export = write(tmp_path / "b.jsonl", '{"id": "r1", "text": "Shared text."}\n')
    assert run(tmp_path)[1] == Skipped(f"{export}#record-1", "duplicate of a (same content)")


def test_same_name_with_different_text_gets_distinct_ids(tmp_path: Path) -> None:
    write(tmp_path / "2019" / "summit.txt", "The Hanoi summit.")
    write(tmp_path / "2020" / "summit.txt", "A different summit.")
    first, second = run(tmp_path)
    assert first.doc_id == "summit"
    assert second.doc_id == "summit-" + second.content_hash[:8]


# --- hashes and ids -----------------------------------------------------------------------


def test_content_hash_ignores_newline_style_and_trailing_whitespace() -> None:
    assert content_hash("a\r\nb\rc  \n\n") == content_hash("a\nb\nc")
    assert content_hash("a b") != content_hash("a  b")
    assert re.fullmatch(r"[0-9a-f]{64}", content_hash(""))


def test_long_ids_are_cut_with_a_hash_suffix() -> None:
    long_a, long_b = "a" * 200, "a" * 199 + "b"
    assert len(safe_doc_id(long_a)) == 120
    assert safe_doc_id(long_a) != safe_doc_id(long_b)
    assert safe_doc_id("a" * 120) == "a" * 120


def test_ids_without_letters_stay_distinct() -> None:
    assert safe_doc_id("北朝鮮") != safe_doc_id("韓国語")
    assert safe_doc_id("..") != ".."


@given(st.text(), st.sampled_from(["\n", "\r\n", "\r"]))
def test_content_hash_is_stable_across_newline_styles(text: str, newline: str) -> None:
    lines = text.replace("\r", "").split("\n")
    assert content_hash(newline.join(lines)) == content_hash("\n".join(lines))
    assert content_hash("\n".join(lines) + " \t\n") == content_hash("\n".join(lines))


@given(st.text())
def test_doc_ids_are_always_safe_and_deterministic(name: str) -> None:
    doc_id = safe_doc_id(name)
    assert re.fullmatch(r"[A-Za-z0-9._-]{1,130}", doc_id)
    assert doc_id == safe_doc_id(name)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a.txt", "b.html", "c.jsonl", "d.csv", "e.tsv", "f"]),
            st.binary(max_size=600),
        ),
        max_size=4,
    )
)
def test_random_bytes_never_raise(files: list[tuple[str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for index, (name, data) in enumerate(files):
            (Path(folder) / f"{index}{name}").write_bytes(data)
        results = list(iter_documents([folder, "-"], stdin=io.BytesIO(files[0][1] if files else b"")))
    for result in results:
        assert isinstance(result, (SourceDocument, Skipped))
        if isinstance(result, SourceDocument):
            assert result.text.strip() and result.content_hash == content_hash(result.text)


# --- the module itself --------------------------------------------------------------------


INGEST_MODULES = ["kg.ingest", "kg.ingest.common", "kg.ingest.decode", "kg.ingest.exports", "kg.ingest.html",
                  "kg.ingest.walk"]


def test_docstring_examples_run() -> None:
    import importlib

    for name in INGEST_MODULES:
        assert doctest.testmod(importlib.import_module(name)).failed == 0, name


def test_ingest_imports_only_stdlib_third_party_and_ground_floor() -> None:
    folder = Path(kg.ingest.__file__).parent
    assert sorted(f"kg.ingest.{p.stem}".replace(".__init__", "") for p in folder.glob("*.py")) == INGEST_MODULES
    ours = set()
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                ours.add(node.module)
            elif isinstance(node, ast.Import):
                ours.update(alias.name for alias in node.names)
    assert {name for name in ours if name.split(".")[0] == "kg" and not name.startswith("kg.ingest")} \
        <= {"kg.records", "kg.errors"}
    third_party = {name.split(".")[0] for name in ours} - set(sys.stdlib_module_names) - {"kg", "__future__"}
    assert third_party <= {"charset_normalizer", "dateutil", "trafilatura"}


def test_counting_documents_for_a_progress_total(tmp_path: Path) -> None:
    from kg.ingest import count_documents

    write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "b.jsonl", '{"text": "One."}\n\n{"text": "Two."}\n')
    write(tmp_path / "c.csv", "id,text\n1,One\n2,Two\n3,Three\n")
    assert count_documents([str(tmp_path)]) == 1 + 2 + 3
    assert count_documents(["-"]) is None and count_documents([str(tmp_path / "a.txt"), "-"]) == 2


def test_a_stray_nul_byte_does_not_make_text_binary(tmp_path: Path) -> None:
    doc = only(write(tmp_path / "scraped.txt", ARTICLE.encode("utf-8") + b"\x00 Talks resume.\n"))
    assert isinstance(doc, SourceDocument) and "Talks resume." in doc.text
    assert only(write(tmp_path / "wide.txt", ARTICLE.encode("utf-16-le"))) == \
        Skipped(str(tmp_path / "wide.txt"), "not text (binary)")


def test_a_store_folder_among_the_inputs_is_skipped(tmp_path: Path) -> None:
    write(tmp_path / "news" / "a.txt", ARTICLE)
    write(tmp_path / "news" / "kg-store" / "kg-store.json", '{"format": 1}')
    write(tmp_path / "news" / "kg-store" / "oxigraph" / "OPTIONS-000007", "[Version]\n")
    results = run(tmp_path / "news")
    assert [r.doc_id for r in results if isinstance(r, SourceDocument)] == ["a"]
    assert Skipped(str(tmp_path / "news" / "kg-store"), "a diplokg store folder, not news") in results
