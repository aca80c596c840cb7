"""Turn what the user points ``kg build`` at into documents: files, folders, exports and stdin.

Each input becomes zero or more :class:`~kg.records.SourceDocument` records, or a
:class:`~kg.records.Skipped` that says why it was not read. Nothing here raises for a bad
input: one unreadable file must not stop a build of ten thousand articles.

Documents are streamed one at a time. Only metadata (paths, sizes, hashes, ids) is kept for
the whole run, so memory stays flat however large the corpus is.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import IO, Optional, Union

from kg.ingest.common import (RecordFields, _make_document, _Options, _Skip, content_hash,
                              safe_doc_id)
from kg.ingest.decode import _SNIFF_BYTES, _decode
from kg.ingest.exports import _documents_from_export, _is_export
from kg.ingest.html import _HTML_START, _HTML_SUFFIXES, _extract_html
from kg.ingest.walk import (STDIN, _STORE_FOLDER, _identical_files, _read_file, _read_limited, _reason_for,
                            _walk_inputs)
from kg.ingest.walk import count_documents as _count_documents
from kg.records import Skipped, SourceDocument

__all__ = ["RecordFields", "STDIN", "Skipped", "content_hash", "count_documents", "duplicate_of", "is_failure",
           "iter_documents", "safe_doc_id"]

_STDIN_SOURCE = "<stdin>"
_Result = Union[SourceDocument, Skipped]
_DUPLICATE = re.compile(r"duplicate of ([A-Za-z0-9._-]+) \(same content\)")


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


def _document_from_bytes(
    data: bytes, name: Optional[str], source: str, sources: tuple[str, ...], options: _Options,
    *, html: bool,
) -> SourceDocument:
    text = _decode(data, options.encoding)
    title = published = None
    if html or _HTML_START.match(text[:_SNIFF_BYTES]):
        text, title, published = _extract_html(text)
    return _make_document(text, name, source=source, sources=sources, title=title, date=published)


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


def count_documents(inputs: Sequence[str], *, max_bytes: int = 50_000_000) -> Optional[int]:
    """Return about how many documents ``iter_documents`` will find (a progress total), or None.

    Nothing is decoded: a file is one document, an export one per line or row; None when the
    only input is standard input (it cannot be read twice).

    Example:
        >>> count_documents([])
        0
    """
    return _count_documents(inputs, max_bytes)
