"""What every ingest reader shares: record fields, the skip signal, ids, hashes, dates, documents."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Optional

from kg.records import SourceDocument

_MAX_ID_LENGTH = 120
_UNSAFE_ID_CHARS = re.compile(r"[^A-Za-z0-9._-]")
_SURROGATES = re.compile(r"[\ud800-\udfff]")
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


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


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
