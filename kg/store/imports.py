"""Load RDF made elsewhere (hand-made facts, a Wikidata extract), or restore a kg export.

``import_rdf`` reads a file twice as a stream (``kg.store.parsing``): once to check it whole,
then to write it, so a malformed or refused file leaves the store exactly as it was, and memory
stays flat however large the file is.

* Triples outside any named graph go to one graph: ``--graph``, else one named after the file.
* Named graphs of a dataset file (TriG, N-Quads, JSON-LD) stay named graphs, each replacing the
  store's graph of that name; with ``--graph`` everything goes into that one graph instead.
* What only ``kg build`` writes (``kg.store.owned``: the document catalogue, actor descriptions,
  graphs named like documents or actors) is refused, so a plain import can neither forge a
  document nor keep an actor alive after its documents are removed; a file that holds such terms
  is restored as a kg export (``kg.store.restore``), after checking it is a consistent one.
"""
from __future__ import annotations

import contextlib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterator, Optional

import pyoxigraph as ox

from kg import iris
from kg.errors import InputError
from kg.store.owned import ACTOR_PREFIX, DOC_PREFIX, owned_graph, owned_term
from kg.store.parsing import FORMATS, MAX_NESTING, RdfSource, format_for, parse_rdf, spool

__all__ = ["DEFAULT_MAX_BYTES", "FORMATS", "ImportReport", "MAX_NESTING", "STDIN",
           "default_graph_iri", "format_for", "import_rdf", "parse_rdf"]

DEFAULT_MAX_BYTES = 100_000_000
STDIN = "-"


@dataclass(frozen=True)
class ImportReport:
    """What ``import_rdf`` did: the graphs written, how many statements the file held, and more."""

    graphs: tuple[str, ...]
    triples: int
    format: str
    replaced: tuple[str, ...] = ()  # graphs whose previous content was replaced
    documents: int = 0  # documents restored from a kg export
    ontology: int = 0  # ontology triples of a kg export (--with-ontology) that were not stored

    @property
    def graph(self) -> Optional[str]:
        """The first graph written (the only one for a file of triples)."""
        return self.graphs[0] if self.graphs else None


def default_graph_iri(path: Path | str) -> str:
    """Return the graph IRI a file's triples go to when none is given: one per file name.

    Importing a file of the same name again replaces its graph.

    >>> default_graph_iri("facts/hand-made.ttl")
    'https://w3id.org/diplokg/id/import/hand-made-ttl-...'
    """
    return iris.mint("import", "<stdin>" if str(path) == STDIN else Path(path).name)


def import_rdf(store, path: Path | str, *, graph: Optional[str] = None, fmt: Optional[str] = None,
               max_bytes: int = DEFAULT_MAX_BYTES, stdin: Optional[BinaryIO] = None) -> ImportReport:
    """Add an RDF file to the store, or restore a kg export into it.

    Args:
        store: an open, writable store (local or remote).
        path: the RDF file (Turtle, N-Triples, N-Quads, TriG, N3, RDF/XML or JSON-LD), or ``-``
            for ``stdin`` (then ``fmt`` is needed).
        graph: IRI of the named graph for the file's triples; default ``default_graph_iri(path)``.
            Given, it also takes the triples of the file's named graphs.
        fmt: a key of ``FORMATS``; default from the file extension.
        max_bytes: larger files are refused.
        stdin: where ``-`` reads from (default ``sys.stdin.buffer``).
    Returns:
        An ``ImportReport``.
    Raises:
        InputError: the file is missing, too large, malformed or refused (a graph kg build owns,
            terms only kg build writes, an inconsistent kg export). The store is not touched.
        StoreError: the store cannot be written.
    """
    if str(path) == STDIN and not fmt:
        raise InputError("reading RDF from standard input needs --format")
    name = format_for(path, fmt)
    target = graph or default_graph_iri(path)
    try:
        ox.NamedNode(target)
    except ValueError as error:
        raise InputError(f"--graph {target!r} is not an absolute IRI: {error}") from None
    with _local_file(store, path, stdin, max_bytes) as (file, label):
        source = RdfSource.open(file, name, name=label, base_iri=target, max_bytes=max_bytes)
        scan = _scan(source)
        if scan.owned:
            if graph or not scan.export:
                raise InputError(f"{label}: {scan.owned}: only kg build writes the document catalogue and "
                                 "actor descriptions, refused; a kg export (TriG or N-Quads) is restored "
                                 "into its own graphs, without --graph")
            from kg.store.restore import restore_export

            return restore_export(store, source, default_graph=target)
        return _import_graphs(store, source, scan, target, merge=graph is not None)


@contextlib.contextmanager
def _local_file(store, path: Path | str, stdin: Optional[BinaryIO], max_bytes: int) -> Iterator[tuple[Path, str]]:
    """Yield ``(file, name for messages)``; standard input is first copied to a scratch file."""
    if str(path) != STDIN:
        yield Path(path), str(path)
        return
    folder = store.scratch_folder() if callable(getattr(store, "scratch_folder", None)) else None
    spooled = spool(stdin if stdin is not None else sys.stdin.buffer, folder, max_bytes)
    try:
        yield spooled, "<stdin>"
    finally:
        spooled.unlink(missing_ok=True)


@dataclass
class _Scan:
    graphs: set = field(default_factory=set)  # the file's named graphs
    default: int = 0  # quads outside any named graph
    quads: int = 0  # statements in the file
    owned: Optional[str] = None  # the first term only kg build writes, if any
    export: bool = False  # it has graphs named like documents or actors: a kg export, maybe


def _scan(source: RdfSource) -> _Scan:
    """Read the whole file once: its graphs, and whether it holds terms only kg build writes."""
    scan = _Scan()
    last = None
    for quad in source.quads():
        scan.quads += 1
        if scan.owned is None:
            scan.owned = owned_term(quad)
        graph = quad.graph_name
        if isinstance(graph, ox.DefaultGraph):
            scan.default += 1
        elif graph != last:
            scan.graphs.add(graph.value)
            scan.export = scan.export or graph.value.startswith((DOC_PREFIX, ACTOR_PREFIX))
            last = graph
    return scan


def _import_graphs(store, source: RdfSource, scan: _Scan, target: str, *, merge: bool) -> ImportReport:
    """Write a file of foreign RDF: its default graph to ``target``, its named graphs as they are."""
    graphs = [target] if merge else sorted(scan.graphs | ({target} if scan.default or not scan.graphs else set()))
    for name in graphs:
        reason = owned_graph(name)
        if reason:
            raise InputError(f"graph <{name}> {reason}; choose another --graph")
    replaced = tuple(g for g in graphs if store.has_graph(g))
    into = ox.NamedNode(target)
    blank: dict = {}

    def quads() -> Iterator["ox.Quad"]:
        for quad in source.quads():
            graph = into if merge or isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name
            yield ox.Quad(_fresh(quad.subject, blank), quad.predicate, _fresh(quad.object, blank), graph)

    store.replace_graphs_with(graphs, quads())
    return ImportReport(graphs=tuple(graphs), triples=scan.quads, format=source.fmt, replaced=replaced)


def _fresh(term, blank: dict):
    """A blank node of the file becomes a new one (the same label twice in the file, the same node).

    A parser keeps the file's labels: two files both saying ``_:b1`` must not share a node.
    """
    if isinstance(term, ox.BlankNode):
        if term not in blank:
            blank[term] = ox.BlankNode()
        return blank[term]
    return term
