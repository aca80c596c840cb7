"""Turn what the user points ``kg build`` at into documents: files, folders, exports and stdin.

Each input becomes zero or more :class:`~kg.records.SourceDocument` records, or a
:class:`~kg.records.Skipped` that says why it was not read. Nothing here raises for a bad
input: one unreadable file must not stop a build of ten thousand articles.

Documents are streamed one at a time. Only metadata (paths, sizes, hashes, ids) is kept for
the whole run, so memory stays flat however large the corpus is.
"""
from __future__ import annotations

import codecs
import csv
import errno
import hashlib
import io
import json
import os
import re
import stat
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import IO, Optional, Union

from kg.records import Skipped, SourceDocument

__all__ = ["RecordFields", "content_hash", "duplicate_of", "is_failure", "iter_documents", "safe_doc_id"]

STDIN = "-"
_STDIN_SOURCE = "<stdin>"
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_DELIMITERS = {".csv": ",", ".tsv": "\t", ".tab": "\t"}
_MAX_ID_LENGTH = 120
_SNIFF_BYTES = 8192
_ASCII_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))

# UTF-32 before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BINARY_SIGNATURES = (
    b"\x89PNG\r\n\x1a\n", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"PK\x03\x04", b"PK\x05\x06",
    b"\x1f\x8b", b"%PDF-", b"\x7fELF", b"\xd0\xcf\x11\xe0", b"7z\xbc\xaf\x27\x1c",
)
_UNSAFE_ID_CHARS = re.compile(r"[^A-Za-z0-9._-]")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)

_Result = Union[SourceDocument, Skipped]
_STORE_MARKER = "kg-store.json"  # kg.store.local.MARKER; ingest stays below the store in the layers
_STORE_FOLDER = "a diplokg store folder, not news"
_DUPLICATE = re.compile(r"duplicate of ([A-Za-z0-9._-]+) \(same content\)")
_ISO_SHAPED = re.compile(r"\d{4}-\d{1,2}(?:-\d{1,2})?(?:\b|T)")


@dataclass(frozen=True)
class RecordFields:
    """Names of the columns (CSV, TSV) or keys (JSON Lines) that hold each part of a record."""

    id: str = "id"
    url: str = "url"
    title: str = "title"
    date: str = "date"
    text: str = "text"


@dataclass(frozen=True)
class _Options:
    encoding: Optional[str]
    max_bytes: int
    fields: RecordFields


class _Skip(Exception):
    """An input cannot become a document; caught in this module and turned into ``Skipped``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def iter_documents(
    inputs: Sequence[str],
    *,
    encoding: Optional[str] = None,
    stdin: Optional[IO[bytes]] = None,
    max_bytes: int = 50_000_000,
    fields: RecordFields = RecordFields(),
) -> Iterator[_Result]:
    """Yield one document, or one reason for skipping, per article found in the inputs.

    Folders are walked recursively in sorted order, skipping hidden entries and symlink loops.
    A text that was already yielded in this run is skipped as a duplicate; when its bytes are
    identical to other files (found by a cheap pre-pass over sizes), the first document lists
    every such file in ``sources``.

    Args:
        inputs: file paths, folder paths, or ``"-"`` for the bytes of ``stdin``.
        encoding: codec to decode every input with, instead of detecting it.
        stdin: where ``"-"`` reads from; defaults to ``sys.stdin.buffer``.
        max_bytes: inputs larger than this are skipped.
        fields: column names of JSON Lines, CSV and TSV exports.

    Returns:
        An iterator of ``SourceDocument`` and ``Skipped`` records, in input order.
    """
    options = _Options(encoding, max_bytes, fields)
    plan = list(_walk_inputs(inputs))  # paths only, never texts
    identical = _identical_files(plan, max_bytes)
    first_id_by_hash: dict[str, str] = {}
    used_ids: set[str] = set()
    for item in plan:
        if isinstance(item, Skipped):
            yield item
            continue
        if item == STDIN:
            produced = _documents_from_stdin(stdin if stdin is not None else sys.stdin.buffer, options)
        else:
            produced = _documents_from_path(item, options, identical.get(item, (str(item),)))
        for result in produced:
            yield _admit(result, first_id_by_hash, used_ids)


# Skips that lose nothing: there was no text, or the same text or folder was read elsewhere.
_HARMLESS_REASONS = (
    _STORE_FOLDER, "empty file", "no records", "duplicate of ", "symlink loop (leads back to a parent folder)",
    "folder already read through another path",
)


def is_failure(item: Skipped) -> bool:
    """Return whether a skipped input lost text (unreadable, binary, undecodable, malformed).

    Empty inputs, duplicates and folders reached twice are harmless skips: every text the user
    gave is still read. ``kg build`` exits 2 when anything failed, and ``--fail-fast`` stops at
    the first failure, never at a harmless skip.

    Example:
        >>> is_failure(Skipped("a.txt", "duplicate of b (same content)"))
        False
        >>> is_failure(Skipped("c.png", "not text (binary)"))
        True
    """
    return not item.reason.startswith(_HARMLESS_REASONS)


def duplicate_of(item: Skipped) -> Optional[str]:
    """Return the id of the document whose text a skipped input repeats, or None.

    Example:
        >>> duplicate_of(Skipped("b.txt", "duplicate of a (same content)"))
        'a'
    """
    match = _DUPLICATE.fullmatch(item.reason)
    return match.group(1) if match else None


def content_hash(text: str) -> str:
    """Return the SHA-256 hex digest of the text, blind to newline style and trailing whitespace.

    Args:
        text: the document text.

    Returns:
        64 lowercase hex digits.

    Example:
        >>> content_hash("a\\r\\nb  \\n") == content_hash("a\\nb")
        True
    """
    normalised = _normalise_newlines(text).rstrip()
    return hashlib.sha256(normalised.encode("utf-8", "surrogatepass")).hexdigest()


def safe_doc_id(name: str) -> str:
    """Return a document id made of ``[A-Za-z0-9._-]`` only, at most 120 characters long.

    Other characters become ``_``. An id that was cut, or that kept no letter or digit, ends
    with a hash of the original name so that different names stay different.

    Args:
        name: any string, such as a file stem or a record's id column.

    Returns:
        The safe id; the same name always gives the same id.

    Example:
        >>> safe_doc_id("Trump/Kim offer (2019)")
        'Trump_Kim_offer__2019_'
    """
    safe = _UNSAFE_ID_CHARS.sub("_", name)
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    if len(safe) > _MAX_ID_LENGTH:
        return f"{safe[:_MAX_ID_LENGTH - len(digest) - 1]}-{digest}"
    if not re.search(r"[A-Za-z0-9]", safe):
        return f"{safe}-{digest}" if safe else digest
    return safe


# --- finding the inputs -------------------------------------------------------------------


def _walk_inputs(inputs: Sequence[str]) -> Iterator[Union[Path, str, Skipped]]:
    visited: set[tuple[int, int]] = set()  # (device, inode) of every folder walked
    for raw in inputs:
        if raw == STDIN:
            yield STDIN
            continue
        path = Path(raw)
        try:
            is_folder = stat.S_ISDIR(path.stat().st_mode)
        except OSError as error:
            yield Skipped(raw, _reason_for(error))
            continue
        if is_folder:
            yield from _walk_folder(path, frozenset(), visited)
        else:
            yield path


def _walk_folder(
    folder: Path, ancestors: frozenset[tuple[int, int]], visited: set[tuple[int, int]]
) -> Iterator[Union[Path, Skipped]]:
    try:
        info = folder.stat()
        key = (info.st_dev, info.st_ino)
        if key in ancestors:
            yield Skipped(str(folder), "symlink loop (leads back to a parent folder)")
            return
        if key in visited:
            yield Skipped(str(folder), "folder already read through another path")
            return
        visited.add(key)
        with os.scandir(folder) as scan:
            entries = sorted((entry for entry in scan if not entry.name.startswith(".")),
                             key=lambda entry: entry.name)
    except OSError as error:
        yield Skipped(str(folder), _reason_for(error))
        return
    if any(entry.name == _STORE_MARKER for entry in entries):
        # `kg build . --store kg-store` would otherwise read the store's own files as news.
        yield Skipped(str(folder), _STORE_FOLDER)
        return
    for entry in entries:
        path = Path(entry.path)
        if _is_folder(entry):
            yield from _walk_folder(path, ancestors | {key}, visited)
        else:
            yield path


def _is_folder(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()  # follows symlinks; a self-referencing link fails later as a file
    except OSError:
        return False


def _identical_files(
    plan: Sequence[Union[Path, str, Skipped]], max_bytes: int
) -> dict[Path, tuple[str, ...]]:
    """Map each single-document file whose bytes equal another file's to all their paths."""
    by_size: dict[int, list[Path]] = {}
    for item in plan:
        if not isinstance(item, Path) or _is_export(item):
            continue
        try:
            info = item.stat()
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode) and 0 < info.st_size <= max_bytes:
            by_size.setdefault(info.st_size, []).append(item)
    identical: dict[Path, tuple[str, ...]] = {}
    for paths in by_size.values():
        if len(paths) < 2:
            continue  # a size seen once cannot be a duplicate, so its file is never hashed
        by_digest: dict[str, list[Path]] = {}
        for path in dict.fromkeys(paths):
            digest = _file_digest(path)
            if digest is not None:
                by_digest.setdefault(digest, []).append(path)
        for same in by_digest.values():
            sources = tuple(dict.fromkeys(str(path) for path in same))
            if len(same) > 1 or len(sources) > 1:
                identical.update((path, sources) for path in same)
    return identical


def _file_digest(path: Path) -> Optional[str]:
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


# --- reading ------------------------------------------------------------------------------


def _documents_from_path(path: Path, options: _Options, sources: tuple[str, ...]) -> Iterator[_Result]:
    source = str(path)
    try:
        data = _read_file(path, options.max_bytes)
        if _is_export(path):
            yield from _documents_from_export(path, data, options)
        else:
            html = path.suffix.lower() in _HTML_SUFFIXES
            yield _document_from_bytes(data, path.stem, source, sources, options, html=html)
    except _Skip as skip:
        yield Skipped(source, skip.reason)


def _documents_from_stdin(stream: IO[bytes], options: _Options) -> Iterator[_Result]:
    try:
        data = _read_limited(stream, options.max_bytes)
        yield _document_from_bytes(data, None, _STDIN_SOURCE, (_STDIN_SOURCE,), options, html=False)
    except OSError as error:
        yield Skipped(_STDIN_SOURCE, _reason_for(error))
    except _Skip as skip:
        yield Skipped(_STDIN_SOURCE, skip.reason)


def _read_file(path: Path, max_bytes: int) -> bytes:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise _Skip("not a regular file")
        if info.st_size > max_bytes:
            raise _Skip(_too_large(info.st_size, max_bytes))
        with path.open("rb") as handle:
            return _read_limited(handle, max_bytes)
    except OSError as error:
        raise _Skip(_reason_for(error)) from error


def _read_limited(stream: IO[bytes], max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) <= max_bytes:
        return data
    size = len(data)
    while chunk := stream.read(1 << 20):  # count the rest without keeping it
        size += len(chunk)
    raise _Skip(_too_large(size, max_bytes))


def _too_large(size: int, max_bytes: int) -> str:
    return f"too large ({size} bytes > max {max_bytes})"


def _reason_for(error: OSError) -> str:
    if isinstance(error, PermissionError):
        return "cannot read: permission denied"
    if isinstance(error, FileNotFoundError):
        return "no such file or directory"
    if error.errno == errno.ELOOP:
        return "symlink loop"
    return f"cannot read: {error.strerror or error}"


def _is_export(path: Path) -> bool:
    suffix = path.suffix.lower()
    return suffix in _JSONL_SUFFIXES or suffix in _DELIMITERS


# --- decoding -----------------------------------------------------------------------------


def _decode(data: bytes, encoding: Optional[str]) -> str:
    """Decode bytes: forced codec, else BOM, else strict UTF-8, else declared or detected."""
    if not data.strip():
        raise _Skip("empty file")
    if data.startswith(_BINARY_SIGNATURES):
        raise _Skip("not text (binary)")
    if encoding is not None:
        text = _decode_forced(data, encoding)
    else:
        text = _decode_sniffed(data)
    sample = text[:65536]
    if sample and len(_CONTROL_CHARS.findall(sample)) > len(sample) * 0.05:
        raise _Skip("not text (binary)")
    return text


def _decode_forced(data: bytes, encoding: str) -> str:
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise _Skip(f"unknown encoding {encoding}") from None
    try:
        return data.decode("utf-8-sig" if codec == "utf-8" else codec)
    except UnicodeError as error:
        raise _Skip(f"cannot decode as {encoding}: {_describe(error)}") from None


def _decode_sniffed(data: bytes) -> str:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec)
            except UnicodeError as error:
                raise _Skip(f"cannot decode as {codec} (from its BOM): {_describe(error)}") from None
    sample = data[:_SNIFF_BYTES]
    if sample.count(b"\x00") > max(2, len(sample) // 100):  # a stray NUL in a scraped page is not binary
        raise _Skip("not text (binary)")
    for codec in ("utf-8", _declared_charset(data), _western_codec(data)):
        if codec is not None:
            try:
                return data.decode(codec)
            except UnicodeError:
                continue
    return _decode_detected(data)


def _declared_charset(data: bytes) -> Optional[str]:
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    if match is None:
        return None
    try:
        return codecs.lookup(match.group(1).decode("ascii")).name
    except LookupError:
        return None


def _western_codec(data: bytes) -> Optional[str]:
    # English news that is not UTF-8 is almost always Windows-1252 (a superset of Latin-1 for
    # printable text). Its few accented letters and curly quotes sit among ASCII words, and
    # statistical detection guesses badly on so little evidence, so such bytes go to cp1252.
    # Texts in other scripts have mostly non-ASCII letters and are left to detection.
    non_ascii = len(data.translate(None, bytes(range(128))))
    ascii_letters = len(data) - len(data.translate(None, _ASCII_LETTERS))
    return "cp1252" if non_ascii <= ascii_letters // 4 else None


def _decode_detected(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise _Skip("not text (encoding could not be detected)")
    if best.language in ("", "Unknown"):
        raise _Skip(f"encoding not detected with confidence (best guess {best.encoding})")
    return str(best)


def _describe(error: UnicodeError) -> str:
    if isinstance(error, UnicodeDecodeError):
        return f"{error.reason} at byte {error.start}"
    return str(error)


# --- building documents -------------------------------------------------------------------


def _document_from_bytes(
    data: bytes, name: Optional[str], source: str, sources: tuple[str, ...], options: _Options,
    *, html: bool,
) -> SourceDocument:
    text = _decode(data, options.encoding)
    title = published = None
    if html or _HTML_START.match(text[:_SNIFF_BYTES]):
        text, title, published = _extract_html(text)
    return _make_document(text, name, source=source, sources=sources, title=title, date=published)


def _extract_html(page: str) -> tuple[str, Optional[str], Optional[str]]:
    import trafilatura

    try:
        extracted = trafilatura.bare_extraction(
            page, with_metadata=True, include_comments=False,
            date_extraction_params={"original_date": True, "extensive_search": False},
        )
    except Exception as error:  # a malformed page must not stop the build
        raise _Skip(f"HTML extraction failed: {type(error).__name__}") from error
    if extracted is None or not (extracted.text or "").strip():
        raise _Skip("no main text found in the HTML page")
    return extracted.text, extracted.title or None, _normalise_date(extracted.date)


def _make_document(
    text: str, name: Optional[str], *, source: str, sources: tuple[str, ...],
    title: Optional[str] = None, date: Optional[str] = None,
) -> SourceDocument:
    # The yielded text is exactly what is hashed, so content_hash(doc.text) == doc.content_hash.
    text = _SURROGATES.sub("\ufffd", _normalise_newlines(text)).rstrip()
    if not text.strip():
        raise _Skip("empty file")
    digest = content_hash(text)
    doc_id = safe_doc_id(name) if name else f"stdin-{digest[:12]}"
    return SourceDocument(doc_id=doc_id, text=text, content_hash=digest, source=source,
                          title=title, date=date, sources=sources)


def _admit(result: _Result, first_id_by_hash: dict[str, str], used_ids: set[str]) -> _Result:
    """Skip repeated texts and give distinct texts that share a name distinct ids."""
    if isinstance(result, Skipped):
        return result
    first = first_id_by_hash.get(result.content_hash)
    if first is not None:
        return Skipped(result.source, f"duplicate of {first} (same content)")  # see _DUPLICATE
    doc_id = result.doc_id
    for width in (8, 16, 64):
        if doc_id not in used_ids:
            break
        doc_id = safe_doc_id(f"{result.doc_id}-{result.content_hash[:width]}")
    first_id_by_hash[result.content_hash] = doc_id
    used_ids.add(doc_id)
    return result if doc_id == result.doc_id else replace(result, doc_id=doc_id)


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- exports: JSON Lines, CSV, TSV --------------------------------------------------------


def _documents_from_export(path: Path, data: bytes, options: _Options) -> Iterator[_Result]:
    text = _normalise_newlines(_decode(data, options.encoding))
    if path.suffix.lower() in _JSONL_SUFFIXES:
        rows = _jsonl_rows(path, text)
    else:
        rows = _delimited_rows(path, text, _DELIMITERS[path.suffix.lower()], options.fields.text)
    found = False
    for number, row in rows:
        found = True
        if isinstance(row, Skipped):
            yield row
            continue
        try:
            yield _record_document(row, path, number, options.fields)
        except _Skip as skip:
            yield Skipped(f"{path}#record-{number}", skip.reason)
    if not found:
        raise _Skip("no records")


def _jsonl_rows(path: Path, text: str) -> Iterator[tuple[int, Union[Mapping, Skipped]]]:
    for number, line in enumerate(io.StringIO(text), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except (ValueError, RecursionError) as error:
            reason = getattr(error, "msg", None) or type(error).__name__
            yield number, Skipped(f"{path}#line {number}", f"malformed JSON: {reason}")
            continue
        if not isinstance(record, dict):
            yield number, Skipped(f"{path}#line {number}", "not a JSON object")
            continue
        yield number, record


def _delimited_rows(
    path: Path, text: str, delimiter: str, text_field: str
) -> Iterator[tuple[int, Union[Mapping, Skipped]]]:
    # Articles are longer than csv's default field limit (128 KiB); raising the limit is
    # process-wide, but only ever upwards, so no other reader is made stricter.
    csv.field_size_limit(max(csv.field_size_limit(), len(text)))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [name.strip() for name in next(reader)]
    except (StopIteration, csv.Error) as error:
        raise _Skip(f"no header row ({error or 'empty'})") from None
    if text_field not in header:
        raise _Skip(f"no '{text_field}' column (columns: {', '.join(header)})")
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield number, Skipped(f"{path}#line {reader.line_num}", f"malformed row: {error}")
            continue
        if not any(cell.strip() for cell in row):
            continue
        number += 1
        if len(row) != len(header):
            reason = f"malformed row: {len(row)} fields, header has {len(header)}"
            yield number, Skipped(f"{path}#line {reader.line_num}", reason)
            continue
        yield number, dict(zip(header, row))


def _record_document(record: Mapping, path: Path, number: int, fields: RecordFields) -> SourceDocument:
    text = record.get(fields.text)
    if not isinstance(text, str) or not text.strip():
        raise _Skip(f"no text in field '{fields.text}'")
    source = _scalar(record, fields.url) or f"{path}#record-{number}"
    return _make_document(
        text, _scalar(record, fields.id) or f"{path.stem}-{number}",
        source=source, sources=(source,), title=_scalar(record, fields.title),
        date=_normalise_date(_scalar(record, fields.date)),
    )


def _scalar(record: Mapping, key: str) -> Optional[str]:
    value = record.get(key)
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        return None
    return str(value).strip() or None


def _normalise_date(value: Optional[str]) -> Optional[str]:
    """Return an ISO date (day, month or year precision), or the value as given if unparseable."""
    if not value:
        return None
    for parse in (date.fromisoformat, lambda text: datetime.fromisoformat(text).date()):
        try:
            return parse(value).isoformat()
        except ValueError:
            pass
    from dateutil import parser

    try:  # parse twice with different defaults to see which parts the value really gave
        first = parser.parse(value, default=datetime(2000, 1, 1))
        second = parser.parse(value, default=datetime(2001, 2, 2))
    except (ValueError, OverflowError):
        # "2019-13-45", "2019-02-30": shaped like a date, but none; free text is kept as given
        return None if _ISO_SHAPED.match(value) else value
    if first.year != second.year:
        return value
    if first.month != second.month:
        return f"{first.year:04d}"
    if first.day != second.day:
        return f"{first.year:04d}-{first.month:02d}"
    return first.date().isoformat()
