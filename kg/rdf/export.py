"""Export: write the store (optionally with the ontology) to an RDF file.

Dataset formats (TriG, N-Quads, JSON-LD) keep one named graph per document; graph formats
(Turtle, N-Triples) write the union of all graphs.
"""
from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Optional

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


def export_store(store, output: os.PathLike | str, *, fmt: Optional[str] = None,
                 with_ontology: bool = False) -> int:
    """Write the store to ``output``; return the number of statements written.

    Args:
        store: an open ``kg.store.local.Store``.
        output: the file to write (replaced only once the whole export has been written).
        fmt: ``turtle``, ``trig``, ``nquads``, ``ntriples`` or ``jsonld``; default from the extension.
        with_ontology: add the ontology (to the default graph).
    """
    name = format_for(output, fmt)
    rdf_format = RDF_FORMATS[name]
    is_dataset = rdf_format.supports_datasets
    quads = list(store.quads())
    if with_ontology:
        quads.extend(_ontology_quads())
    if not is_dataset:
        quads = [ox.Quad(q.subject, q.predicate, q.object) for q in quads]
    output = Path(output)
    tmp = output.with_name(output.name + ".part")
    try:
        if rdf_format is ox.RdfFormat.JSON_LD:  # written by rdflib: compacted with the prefixes
            import rdflib

            nquads = ox.serialize(quads, format=ox.RdfFormat.N_QUADS)
            dataset = rdflib.Dataset()
            dataset.parse(data=nquads.decode("utf-8"), format="nquads")
            for prefix, ns in PREFIXES.items():
                dataset.bind(prefix, ns)
            tmp.write_text(dataset.serialize(format="json-ld", auto_compact=True), encoding="utf-8")
        else:
            with open(tmp, "wb") as fh:
                ox.serialize(quads, fh, format=rdf_format,
                             **({"prefixes": PREFIXES} if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else {}))
        os.replace(tmp, output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write {output}: {exc}") from None
    return len(quads)


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
