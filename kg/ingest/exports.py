"""Exports: JSON Lines, CSV and TSV files holding one document per record."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Optional, Union

from kg.ingest.common import RecordFields, _make_document, _normalise_date, _normalise_newlines, _Options, _Skip
from kg.ingest.decode import _decode
from kg.records import Skipped, SourceDocument

_Result = Union[SourceDocument, Skipped]
_JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
_DELIMITERS = {".csv": ",", ".tsv": "\t", ".tab": "\t"}


def _is_export(path: Path) -> bool:
    suffix = path.suffix.lower()
    return suffix in _JSONL_SUFFIXES or suffix in _DELIMITERS


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


def count_records(path: Path, max_bytes: int) -> int:
    """Return about how many records an export holds: non-blank lines (JSONL), rows less the header.

    A CSV field holding line breaks makes this an over-count; it is for a progress total only.
    """
    count, size = 0, 0
    try:
        with path.open("rb") as handle:
            for line in handle:
                size += len(line)
                if size > max_bytes:
                    return 1  # skipped as too large: one line of output
                count += bool(line.strip())
    except OSError:
        return 1
    return max(1, count - (path.suffix.lower() in _DELIMITERS))
