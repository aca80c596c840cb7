"""Export: write the store (optionally with the ontology) to an RDF file.

Dataset formats (TriG, N-Quads, JSON-LD) keep one named graph per document; graph formats
(Turtle, N-Triples) write the union of all graphs.
"""
from __future__ import annotations

import io
import itertools
import os
import sys
from pathlib import Path
from typing import BinaryIO, Optional

import pyoxigraph as ox

from kg import resources
from kg.errors import InputError
from kg.prefixes import PREFIXES
from kg.rdf.formats import EXPORT_FORMATS, RDF_FORMATS, choose_format

def format_for(path: os.PathLike | str, requested: Optional[str] = None) -> str:
    """Return the export format: ``requested``, else guessed from the file extension."""
    return choose_format(path, requested, EXPORT_FORMATS, "format")


def _ontology_quads():
    return ox.parse(resources.ontology_text().encode("utf-8"), format=ox.RdfFormat.TURTLE)


STDOUT = "-"


def export_store(store, output: os.PathLike | str, *, fmt: Optional[str] = None,
                 with_ontology: bool = False, stdout: Optional[BinaryIO] = None) -> int:
    """Write the store to ``output``; return the number of statements written.

    A TriG or N-Quads export holds every named graph as it is stored: ``kg import`` of it
    restores the store exactly (``kg.store.restore``). Quads are streamed, so memory stays flat.

    Args:
        store: an open store.
        output: the file to write (replaced only once the whole export has been written), or
            ``-`` for ``stdout`` (default ``sys.stdout.buffer``; TriG unless ``fmt`` says otherwise).
        fmt: ``turtle``, ``trig``, ``nquads``, ``ntriples`` or ``jsonld``; default from the extension.
        with_ontology: add the ontology (to the default graph).
    Raises:
        InputError: the output cannot be written, or lies inside the store's own folder.
    """
    to_stdout = str(output) == STDOUT
    if not to_stdout:
        check_outside_store(store, Path(output))
    name = format_for(output, fmt) if not (to_stdout and not fmt) else "trig"
    rdf_format = RDF_FORMATS[name]
    is_dataset = rdf_format.supports_datasets
    written = [0]

    def quads():
        stream = itertools.chain(store.quads(), _ontology_quads() if with_ontology else ())
        for quad in stream:
            written[0] += 1
            yield quad if is_dataset else ox.Quad(quad.subject, quad.predicate, quad.object)

    if to_stdout:
        _write(quads(), stdout if stdout is not None else sys.stdout.buffer, rdf_format)
        return written[0]
    output = Path(output)
    tmp = output.with_name(output.name + ".part")
    try:
        with open(tmp, "wb") as handle:
            _write(quads(), handle, rdf_format)
        os.replace(tmp, output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write {output}: {exc.strerror or exc}") from None
    return written[0]


def _write(quads, handle: BinaryIO, rdf_format) -> None:
    if rdf_format is ox.RdfFormat.JSON_LD:  # written by rdflib: compacted with the project's prefixes
        import rdflib

        dataset = rdflib.Dataset()
        dataset.parse(data=ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8"), format="nquads")
        for prefix, ns in PREFIXES.items():
            dataset.bind(prefix, ns)
        text = dataset.serialize(format="json-ld", auto_compact=True)
        handle.write((text if text.endswith("\n") else text + "\n").encode("utf-8"))
        return
    prefixes = {"prefixes": PREFIXES} if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else {}
    ox.serialize(quads, handle, format=rdf_format, **prefixes)
    handle.flush()


def check_outside_store(store, output: Path) -> None:
    """Refuse to write a file inside a local store's folder (it would damage the store)."""
    folder = getattr(store, "path", None)
    if not isinstance(folder, Path):
        return  # a remote store has no folder
    inside = folder.resolve()
    target = output.resolve()
    if target == inside or inside in target.parents:
        raise InputError(f"--output {output} is inside the store folder {folder}; writing there would "
                         "damage the store: choose a path outside it")


def store_as_rdflib(store, *, with_ontology: bool = False):
    """Return the union of the store's graphs as an ``rdflib.Graph`` (for the viewer and tests)."""
    import rdflib

    data = ox.serialize((ox.Quad(q.subject, q.predicate, q.object) for q in store.quads()),
                        format=ox.RdfFormat.N_TRIPLES)
    graph = rdflib.Graph()
    graph.parse(io.BytesIO(data), format="nt")
    if with_ontology:
        graph.parse(data=resources.ontology_text(), format="turtle")
    return graph
