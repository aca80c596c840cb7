"""Reading RDF files made elsewhere, safely: nothing fetched, nothing expanded, memory bounded.

Parsing uses Oxigraph's parsers, which never touch the network or the file system: a JSON-LD
``@context`` that names a remote or ``file:`` document is refused rather than fetched, and an
RDF/XML ``<!ENTITY`` pointing at a file is refused. Three things Oxigraph does accept are
refused here before parsing, because each can stop or crash the process:

* RDF/XML with a ``<!DOCTYPE`` (internal entities are expanded: seven nested levels in a
  ~500-byte file give a 10 MB literal, two more give a gigabyte);
* JSON-LD or RDF/XML nested deeper than ``MAX_NESTING`` (JSON-LD objects a few thousand levels
  deep overflow the parser's stack and kill Python; deep RDF/XML takes quadratic time);
* files larger than ``max_bytes``.

Line-based formats (Turtle, TriG, N-Triples, N-Quads, N3) are parsed as a stream from the file,
so reading a large file costs a small, fixed amount of memory; RDF/XML and JSON-LD are checked
in memory first (the checks need the whole text).
"""
from __future__ import annotations

import codecs
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator, Optional

import pyoxigraph as ox

from kg.errors import InputError
from kg.rdf.formats import RDF_FORMATS, choose_format

__all__ = ["FORMATS", "MAX_NESTING", "RdfSource", "format_for", "parse_rdf", "spool"]

MAX_NESTING = 256
FORMATS = RDF_FORMATS  # every syntax pyoxigraph reads (kg.rdf.formats)
_IN_MEMORY = frozenset({"rdfxml", "jsonld"})  # their guards read the whole text
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_REMOTE_CONTEXT = "LoadDocumentCallback"
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def format_for(path: Path | str, requested: Optional[str] = None) -> str:
    """Return the import format name: ``requested``, else guessed from the file extension."""
    return choose_format(path, requested, FORMATS, "RDF format")


@dataclass
class RdfSource:
    """An RDF file checked and ready to be parsed as often as needed (``quads()`` streams it).

    Build one with ``RdfSource.open``; its ``data`` is set only when the file had to be read
    into memory (RDF/XML, JSON-LD, or a UTF-16/32 byte order mark to re-encode).
    """

    path: Path
    fmt: str
    name: str
    base_iri: Optional[str]
    data: Optional[bytes] = None
    skip: int = 0  # bytes of a UTF-8 byte order mark to skip

    @classmethod
    def open(cls, path: Path, fmt: str, *, name: Optional[str] = None, base_iri: Optional[str] = None,
             max_bytes: Optional[int] = None) -> "RdfSource":
        """Check the file's size, byte order mark and (RDF/XML, JSON-LD) shape without parsing it.

        Raises:
            InputError: missing, not a regular file, too large, or refused by a guard.
        """
        name = name or str(path)
        size = _checked_size(path, max_bytes)
        head = _read(path, 4)
        bom = next((b for b, _ in _BOMS if head.startswith(b)), None)
        source = cls(path, fmt, name, base_iri)
        if fmt in _IN_MEMORY or (bom is not None and bom != codecs.BOM_UTF8):
            data = _read(path, size + 1)
            if max_bytes is not None and len(data) > max_bytes:  # the file grew while we read it
                raise InputError(f"{name}: too large (> --max-bytes {max_bytes})")
            source.data = _to_utf8(data, name)
            _guard(source.data, fmt, name)
        elif bom == codecs.BOM_UTF8:
            source.skip = len(bom)
        return source

    def quads(self) -> Iterator["ox.Quad"]:
        """Parse the file from its start, yielding quads; a syntax error is an ``InputError``."""
        if self.data is not None:
            stream = None
            parsed = ox.parse(self.data, format=FORMATS[self.fmt], base_iri=self.base_iri)
        else:
            stream = open(self.path, "rb")
            stream.seek(self.skip)
            parsed = ox.parse(stream, format=FORMATS[self.fmt], base_iri=self.base_iri)
        try:
            yield from parsed
        except SyntaxError as error:
            raise InputError(_syntax_message(error, self.data, self.fmt, self.name)) from None
        except ValueError as error:  # e.g. an invalid base IRI or an unsupported feature
            raise InputError(f"{self.name}: cannot read as {self.fmt}: {error}") from None
        except OSError as error:
            raise InputError(f"cannot read {self.name}: {error.strerror or error}") from None
        finally:
            if stream is not None:
                stream.close()


def spool(stream: BinaryIO, folder: Optional[Path], max_bytes: int, name: str = "<stdin>") -> Path:
    """Copy a stream (standard input) into a temporary file in ``folder``, at most ``max_bytes``.

    The file can then be parsed twice (checked, then written) like any other. The caller
    removes it.
    """
    handle = tempfile.NamedTemporaryFile(dir=folder, prefix="kg-stdin-", delete=False)
    try:
        with handle:
            copied = 0
            while chunk := stream.read(1 << 20):
                copied += len(chunk)
                if copied > max_bytes:
                    raise InputError(f"{name}: too large (> --max-bytes {max_bytes})")
                handle.write(chunk)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise
    return Path(handle.name)


def parse_rdf(data: bytes, fmt: str, *, source: str = "<data>", base_iri: Optional[str] = None) -> list:
    """Parse RDF bytes into a list of ``pyoxigraph.Triple`` without fetching anything.

    Named graphs of dataset formats are dropped from the result: use ``RdfSource`` to keep them.

    Args:
        data: the file's bytes.
        fmt: a key of ``FORMATS``.
        source: the name used in error messages.
        base_iri: resolves relative IRIs; without it a relative IRI is an error.
    Returns:
        The triples, in file order.
    Raises:
        InputError: the data is malformed or refused; the message names the line when known.

    >>> [str(t) for t in parse_rdf(b'<http://e/a> <http://e/b> "c" .', "ntriples")]
    ['<http://e/a> <http://e/b> "c"']
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown RDF format {fmt!r}; choose one of {', '.join(FORMATS)}")
    data = _to_utf8(data, source)
    _guard(data, fmt, source)
    try:
        return [quad.triple for quad in ox.parse(data, format=FORMATS[fmt], base_iri=base_iri)]
    except SyntaxError as error:
        raise InputError(_syntax_message(error, data, fmt, source)) from None
    except ValueError as error:
        raise InputError(f"{source}: cannot read as {fmt}: {error}") from None


def _checked_size(path: Path, max_bytes: Optional[int]) -> int:
    try:
        if not path.is_file():
            raise InputError(f"{path}: no such file" if not path.exists() else f"{path}: not a regular file")
        size = path.stat().st_size
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from None
    if max_bytes is not None and size > max_bytes:
        raise InputError(f"{path}: too large ({size} bytes > --max-bytes {max_bytes})")
    return size


def _read(path: Path, limit: int) -> bytes:
    try:
        with path.open("rb") as handle:
            return handle.read(limit)
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from None


def _to_utf8(data: bytes, source: str) -> bytes:
    """Drop a byte order mark, re-encoding UTF-16/32 as UTF-8 (Oxigraph reads UTF-8 only)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec).encode("utf-8")
            except UnicodeDecodeError as error:
                line = data[:error.start].decode(codec, "replace").count("\n") + 1
                raise InputError(f"{source}: line {line}: cannot decode as {codec} (from its byte "
                                 f"order mark): {error.reason}") from None
    return data


# --- guards -------------------------------------------------------------------------------


def _guard(data: bytes, fmt: str, source: str) -> None:
    if fmt == "rdfxml":
        _check_xml(data, source)
    elif fmt == "jsonld":
        _check_json_nesting(data, source)


def _check_xml(data: bytes, source: str) -> None:
    """Refuse DTDs, then check well-formedness and depth with expat (safe without a DTD)."""
    ascii_view = data.replace(b"\x00", b"")  # also sees through UTF-16
    if b"<!DOCTYPE" in ascii_view or b"<!ENTITY" in ascii_view:
        line = ascii_view[:ascii_view.find(b"<!")].count(b"\n") + 1
        raise InputError(f"{source}: line {line}: RDF/XML with a <!DOCTYPE or <!ENTITY declaration is "
                         "refused (entity expansion can exhaust memory)")
    from xml.parsers import expat

    parser = expat.ParserCreate()
    depth = [0]

    def start(*_):
        depth[0] += 1
        if depth[0] > MAX_NESTING:
            raise _TooDeep(parser.CurrentLineNumber)

    def end(*_):
        depth[0] -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except _TooDeep as deep:
        raise InputError(f"{source}: line {deep.line}: XML nested more than {MAX_NESTING} levels deep "
                         "is refused") from None
    except expat.ExpatError as error:
        raise InputError(f"{source}: line {error.lineno}: malformed XML: "
                         f"{expat.ErrorString(error.code)}") from None


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def _check_json_nesting(data: bytes, source: str) -> None:
    """Refuse JSON nested deeper than ``MAX_NESTING`` (Oxigraph's JSON-LD parser recurses)."""
    import numpy as np

    skeleton = _JSON_STRING.sub(b'""', data)  # JSON strings hold no raw newline: lines survive
    codes = np.frombuffer(skeleton, dtype=np.uint8)
    steps = np.zeros(len(codes), dtype=np.int32)
    steps[(codes == ord("[")) | (codes == ord("{"))] = 1
    steps[(codes == ord("]")) | (codes == ord("}"))] = -1
    if not len(steps):
        return
    depth = np.cumsum(steps)
    if depth.max() > MAX_NESTING:
        position = int(np.argmax(depth > MAX_NESTING))
        line = skeleton[:position].count(b"\n") + 1
        raise InputError(f"{source}: line {line}: JSON nested more than {MAX_NESTING} levels deep "
                         "is refused")


def _syntax_message(error: SyntaxError, data: Optional[bytes], fmt: str, source: str) -> str:
    text = str(error)
    if _REMOTE_CONTEXT in text:
        return (f"{source}: a JSON-LD @context that is a remote or file: document is refused "
                "(kg never fetches while parsing); put the context inline")
    text = re.sub(r"\s*\(line \d+\)$", "", text)
    line = getattr(error, "lineno", None)
    if line is None and fmt == "rdfxml" and data is not None:
        line = _xml_error_line(data, text)
    if line is None:
        return f"{source}: invalid {fmt}: {text}"
    return f"{source}: line {line}: invalid {fmt}: {text}"


def _xml_error_line(data: bytes, message: str) -> Optional[int]:
    """Oxigraph's RDF/XML errors carry no position: find the line of the value they quote."""
    quoted = [a or b for a, b in re.findall(r"'([^']+)'|`([^`]+)`", message)]
    for candidate in [*quoted, message.split(" ", 1)[0]]:
        position = data.find(candidate.encode("utf-8"))
        if len(candidate) > 1 and position >= 0:
            return data[:position].count(b"\n") + 1
    return None
