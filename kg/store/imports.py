"""Load RDF made elsewhere (hand-made facts, a Wikidata extract) into its own named graph.

Parsing uses Oxigraph's parsers, which never touch the network or the file system: a JSON-LD
``@context`` that names a remote or ``file:`` document is refused rather than fetched, and an
RDF/XML ``<!ENTITY`` pointing at a file is refused. Three things Oxigraph does accept are
refused here before parsing, because each can stop or crash the process:

* RDF/XML with a ``<!DOCTYPE`` (internal entities are expanded: seven nested levels in a
  ~500-byte file give a 10 MB literal, two more give a gigabyte);
* JSON-LD or RDF/XML nested deeper than ``MAX_NESTING`` (JSON-LD objects a few thousand levels
  deep overflow the parser's stack and kill Python; deep RDF/XML takes quadratic time);
* files larger than ``max_bytes``.

The whole file is parsed before the store is touched, and the graph is then written in one
atomic update, so a malformed file leaves the store exactly as it was.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import pyoxigraph as ox

from kg import iris
from kg.store import descriptions
from kg.errors import InputError
from kg.rdf.formats import RDF_FORMATS, choose_format

__all__ = ["DEFAULT_MAX_BYTES", "FORMATS", "ImportReport", "MAX_NESTING", "default_graph_iri",
           "import_rdf", "parse_rdf"]

DEFAULT_MAX_BYTES = 100_000_000
MAX_NESTING = 256
FORMATS = RDF_FORMATS  # every syntax pyoxigraph reads
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_REMOTE_CONTEXT = "LoadDocumentCallback"


@dataclass(frozen=True)
class ImportReport:
    """What ``import_rdf`` did."""

    graph: str
    triples: int
    format: str
    replaced: bool


def default_graph_iri(path: Path | str) -> str:
    """Return the graph IRI a file is imported into when none is given: one per file name.

    Importing a file of the same name again replaces its graph.

    >>> default_graph_iri("facts/hand-made.ttl")
    'https://w3id.org/diplokg/id/import/hand-made-ttl-...'
    """
    return iris.mint("import", Path(path).name)


def format_for(path: Path | str, requested: Optional[str] = None) -> str:
    """Return the import format name: ``requested``, else guessed from the file extension."""
    return choose_format(path, requested, FORMATS, "RDF format")


def parse_rdf(data: bytes, fmt: str, *, source: str = "<data>", base_iri: Optional[str] = None) -> list:
    """Parse RDF bytes into a list of ``pyoxigraph.Triple`` without fetching anything.

    Named graphs of dataset formats (TriG, N-Quads, JSON-LD) are merged: the caller puts every
    triple into one graph.

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
    if fmt == "rdfxml":
        _check_xml(data, source)
    elif fmt == "jsonld":
        _check_json_nesting(data, source)
    try:
        return [quad.triple for quad in ox.parse(data, format=FORMATS[fmt], base_iri=base_iri)]
    except SyntaxError as error:
        raise InputError(_syntax_message(error, data, fmt, source)) from None
    except ValueError as error:  # e.g. an invalid base IRI or an unsupported feature
        raise InputError(f"{source}: cannot read as {fmt}: {error}") from None


def import_rdf(store, path: Path | str, *, graph: Optional[str] = None, fmt: Optional[str] = None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> ImportReport:
    """Add an RDF file to the store in its own named graph, replacing that graph's old content.

    Args:
        store: an open, writable ``kg.store.local.Store``.
        path: the RDF file (Turtle, N-Triples, N-Quads, TriG, N3, RDF/XML or JSON-LD).
        graph: IRI of the named graph to fill; default ``default_graph_iri(path)``.
        fmt: a key of ``FORMATS``; default from the file extension.
        max_bytes: larger files are refused.
    Returns:
        An ``ImportReport``.
    Raises:
        InputError: the file is missing, too large, malformed or refused, or ``graph`` is not an
            IRI or names a document's graph. The store is not touched.
        StoreError: the store cannot be written (nothing of the file is stored).
    """
    path = Path(path)
    name = format_for(path, fmt)
    graph = graph or default_graph_iri(path)
    try:
        ox.NamedNode(graph)
    except ValueError as error:
        raise InputError(f"--graph {graph!r} is not an absolute IRI: {error}") from None
    if _holds_document(store, graph):
        raise InputError(f"graph <{graph}> holds a document built by kg build; choose another --graph")
    if descriptions.is_actor_graph(graph):
        raise InputError(f"graph <{graph}> is kept by kg for an actor's description; choose another --graph")
    data = _read_capped(path, max_bytes)
    triples = parse_rdf(data, name, source=str(path), base_iri=graph)
    replaced = store.has_graph(graph)
    store.replace_graph(graph, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).decode("utf-8"))
    return ImportReport(graph=graph, triples=len(set(triples)), format=name, replaced=replaced)


def _holds_document(store, graph: str) -> bool:
    return store.has_graph(graph) and any(doc.graph == graph for doc in store.documents())


def _read_capped(path: Path, max_bytes: int) -> bytes:
    try:
        if not path.is_file():
            raise InputError(f"{path}: no such file" if not path.exists() else f"{path}: not a regular file")
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(f"{path}: too large ({size} bytes > --max-bytes {max_bytes})")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from None
    if len(data) > max_bytes:  # the file grew while we read it
        raise InputError(f"{path}: too large (> --max-bytes {max_bytes})")
    return data


def _to_utf8(data: bytes, source: str) -> bytes:
    """Drop a byte order mark, re-encoding UTF-16/32 as UTF-8 (Oxigraph reads UTF-8 only)."""
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec).encode("utf-8")
            except UnicodeDecodeError as error:
                line = data[:error.start].decode(codec, "replace").count("\n") + 1
                raise InputError(f"{source}: line {line}: cannot decode as {codec} (from its byte "
                                 f"order mark): {error.reason}") from None
    return data


# --- guards -------------------------------------------------------------------------------


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


def _syntax_message(error: SyntaxError, data: bytes, fmt: str, source: str) -> str:
    text = str(error)
    if _REMOTE_CONTEXT in text:
        return (f"{source}: a JSON-LD @context that is a remote or file: document is refused "
                "(kg never fetches while parsing); put the context inline")
    text = re.sub(r"\s*\(line \d+\)$", "", text)
    line = getattr(error, "lineno", None)
    if line is None and fmt == "rdfxml":
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
