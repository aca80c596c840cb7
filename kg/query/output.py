"""Write query results: the W3C formats streamed as pyoxigraph writes them, and a readable table.

Two kinds of text never pass through as they are:

* XML 1.0 forbids most control characters (``\\x00``–``\\x08``, ``\\x0B``, ``\\x0C``,
  ``\\x0E``–``\\x1F``) and U+FFFE/U+FFFF even as character references, so every XML parser
  rejects a document holding one. pyoxigraph writes them raw into SPARQL XML results and
  RDF/XML; here they become U+FFFD (the Unicode replacement character). JSON, CSV and TSV
  carry them as their grammars allow.
* A table goes to a terminal: control characters (escape sequences that retitle the window or
  clear the screen), C1 controls and bidirectional overrides (U+202E reverses what follows) are
  shown as visible escapes (``\\x1b``, ``\\u202e``) instead.

Every text output ends with a newline. Tables are written row by row and capped (``limit``),
with a note saying how to get every row.
"""
from __future__ import annotations

import re
from typing import BinaryIO, Iterable, Iterator, Optional, TextIO

import pyoxigraph as ox

from kg.prefixes import PREFIXES

__all__ = ["clean_xml", "serialize_solutions", "serialize_graph", "StreamWriter", "safe_cell", "term_text",
           "table_rows", "write_table", "TABLE_LIMIT"]

TABLE_LIMIT = 1000
_XML_INVALID = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")
_REPLACEMENT = "\ufffd".encode("utf-8")
_TERMINAL_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
_PREFIXED_FORMATS = (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML, ox.RdfFormat.N3)


def clean_xml(data: bytes) -> bytes:
    r"""Replace the characters XML 1.0 forbids with U+FFFD.

    >>> clean_xml(b"<l>a\x00b\x07c\td</l>")
    b'<l>a\xef\xbf\xbdb\xef\xbf\xbdc\td</l>'
    """
    return _XML_INVALID.sub(_REPLACEMENT, data)


def _is_xml(fmt) -> bool:
    return fmt in (ox.QueryResultsFormat.XML, ox.RdfFormat.RDF_XML)


def serialize_solutions(result, fmt: "ox.QueryResultsFormat") -> bytes:
    """Serialise SELECT solutions or an ASK boolean in a W3C results format (XML made valid)."""
    data = result.serialize(format=fmt)
    return clean_xml(data) if _is_xml(fmt) else data


def serialize_graph(triples: Iterable, fmt: "ox.RdfFormat", *, prefixes=PREFIXES) -> bytes:
    """Serialise CONSTRUCT/DESCRIBE triples in an RDF syntax (XML made valid)."""
    options = {"prefixes": dict(prefixes)} if fmt in _PREFIXED_FORMATS else {}
    data = ox.serialize(triples, format=fmt, **options)
    return clean_xml(data) if _is_xml(fmt) else data


class StreamWriter:
    """A binary stream that cleans XML as it passes and knows whether it ended with a newline."""

    def __init__(self, stream: BinaryIO, *, xml: bool = False):
        self.stream, self.xml, self._held, self.last = stream, xml, b"", b""

    def write(self, data: bytes) -> int:
        taken = len(data)  # the caller's bytes, all consumed (cleaning may change the count written)
        if self.xml:
            data = self._held + data
            # keep back a possible start of U+FFFE/U+FFFF (EF BF ..) cut at the chunk's end
            cut = len(data) - (2 if data.endswith(b"\xef\xbf") else 1 if data.endswith(b"\xef") else 0)
            data, self._held = clean_xml(data[:cut]), data[cut:]
        if data:
            self.stream.write(data)
            self.last = data[-1:]
        return taken

    def flush(self) -> None:
        self.stream.flush()

    def finish(self) -> None:
        """Write what is held back, then a final newline if the output lacks one."""
        if self._held:
            self.stream.write(self._held)
            self.last, self._held = self._held[-1:], b""
        if self.last and self.last != b"\n":
            self.stream.write(b"\n")
        self.stream.flush()


def safe_cell(text: str) -> str:
    r"""Show terminal control characters and bidi overrides as visible escapes.

    >>> safe_cell("Kim\x1b]0;owned\x07 \u202eevil")
    'Kim\\x1b]0;owned\\x07 \\u202eevil'
    """
    return _TERMINAL_UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                                else f"\\u{ord(m.group()):04x}", text)


def term_text(term, *, compact: bool = True) -> str:
    """Return a readable form of an RDF term for tables (IRIs shortened by known prefixes)."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        if compact:
            for prefix, ns in PREFIXES.items():
                if term.value.startswith(ns) and prefix != "kgid":
                    return f"{prefix}:{term.value[len(ns):]}"
        return term.value
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def table_rows(kind: str, value, variables=()) -> tuple[list[str], Iterator[list[str]]]:
    """Return the header and a lazy iterator of readable rows for a result."""
    if kind == "ask":
        return ["result"], iter([[str(bool(value)).lower()]])
    if kind == "graph":
        return ["subject", "predicate", "object"], (
            [term_text(t.subject), term_text(t.predicate), term_text(t.object)] for t in value)
    names = list(variables)
    return names, ([term_text(row[name]) for name in names] for row in value)


def write_table(header: list[str], rows: Iterable[list[str]], out: TextIO, *, limit: Optional[int] = TABLE_LIMIT,
                max_width: int = 60) -> int:
    """Write rows as an aligned text table, row by row; stop after ``limit`` rows with a note.

    Column widths come from the first rows (at most ``max_width`` each; a longer cell is
    written whole), so the first line appears at once and memory stays flat however many rows
    follow. Returns the number of rows written.

    >>> import io; out = io.StringIO()
    >>> write_table(["a", "b"], iter([["x", "1"], ["y", "22"], ["z", "3"]]), out, limit=2)
    2
    >>> print(out.getvalue(), end="")
    a  b
    ─  ──
    x  1
    y  22
    (2 rows shown; there are more: --format tsv, csv or json gives every row, --limit N shows more here)
    """
    header, rows = [safe_cell(h) for h in header], iter(rows)
    first, more = [], False
    for row in rows:
        if limit is not None and len(first) >= limit:
            more = True
            break
        first.append([safe_cell(cell) for cell in row])
        if len(first) >= 1000:
            break
    widths = [min(max([len(h)] + [len(r[i]) for r in first]), max_width) for i, h in enumerate(header)]

    def line(cells) -> str:
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip() + "\n"

    out.write(line(header))
    out.write(line(["─" * w for w in widths]))
    count = 0
    for row in first:
        out.write(line(row))
        count += 1
    if not more and len(first) >= 1000:
        for row in rows:
            if limit is not None and count >= limit:
                more = True
                break
            out.write(line([safe_cell(cell) for cell in row]))
            count += 1
    if more:
        out.write(f"({count} rows shown; there are more: --format tsv, csv or json gives every row, "
                  "--limit N shows more here)\n")
    else:
        out.write(f"{count} row{'' if count == 1 else 's'}\n")
    return count
