"""The one table of RDF and SPARQL results formats: names users type, extensions, media types.

Built on pyoxigraph's ``RdfFormat`` and ``QueryResultsFormat``, which already know each format's
media type and file extension; this module adds only the short names the CLI offers and the few
extra spellings (``.owl``, ``application/json``...) seen in the wild. Export, import, ``kg query
--format`` and the SPARQL server all read it.

>>> format_from_path("graph.ttl", RDF_FORMATS), format_from_path("data.json", RDF_FORMATS)
('turtle', 'jsonld')
>>> graph_format("xml") is ox.RdfFormat.RDF_XML, RESULT_MEDIA_TYPES["text/csv"] is ox.QueryResultsFormat.CSV
(True, True)
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping, Optional

import pyoxigraph as ox

from kg.errors import InputError

# RDF syntaxes by the name users type (kg import --format, kg export --format, kg query --format)
RDF_FORMATS: Mapping[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG, "n3": ox.RdfFormat.N3, "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
}
# what `kg export` writes (N3 and RDF/XML cannot hold named graphs or round-trip them well)
EXPORT_FORMATS = ("turtle", "trig", "nquads", "ntriples", "jsonld")
# W3C SPARQL 1.1 results formats for SELECT and ASK
RESULT_FORMATS: Mapping[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV,
}
# kg query --format: a results name asked of a CONSTRUCT means the RDF syntax of the same family
_GRAPH_ALIASES = {"nt": "ntriples", "xml": "rdfxml", "json": "jsonld"}
QUERY_FORMATS = ("table", *RESULT_FORMATS, "turtle", "ntriples", "rdfxml", "jsonld", "n3", "nquads", "trig")

# each syntax's own extension (RdfFormat.file_extension: .ttl, .nt, .rdf...) and common other spellings
EXTENSIONS: Mapping[str, str] = {
    **{"." + f.file_extension: name for name, f in RDF_FORMATS.items()},
    ".turtle": "turtle", ".owl": "rdfxml", ".xml": "rdfxml", ".json": "jsonld",
}
# media types the SPARQL server offers, in its order of preference for a wildcard (text/*)
_LOOSE_RESULT_TYPES = {"json": ("application/json",), "xml": ("application/xml", "text/xml")}
RESULT_MEDIA_TYPES: Mapping[str, ox.QueryResultsFormat] = {
    media: f for name, f in RESULT_FORMATS.items()
    for media in (f.media_type.split(";")[0], *_LOOSE_RESULT_TYPES.get(name, ()))
}
GRAPH_MEDIA_TYPES: Mapping[str, ox.RdfFormat] = {
    **{f.media_type: f for f in RDF_FORMATS.values()},
    "text/plain": ox.RdfFormat.N_TRIPLES,  # the old N-Triples media type, still sent by some clients
}


def graph_format(name: str) -> Optional[ox.RdfFormat]:
    """Return the RDF syntax ``name`` (or one of its aliases) stands for, or None."""
    return RDF_FORMATS.get(_GRAPH_ALIASES.get(name, name))


def graph_format_names() -> list[str]:
    """Return every name ``graph_format`` accepts, sorted."""
    return sorted({*RDF_FORMATS, *_GRAPH_ALIASES})


def format_from_path(path: os.PathLike | str, allowed) -> Optional[str]:
    """Return the name in ``allowed`` of the RDF syntax ``path``'s extension names, or None."""
    name = EXTENSIONS.get(Path(path).suffix.lower())
    return name if name in allowed else None


def choose_format(path: os.PathLike | str, requested: Optional[str], allowed, what: str = "format") -> str:
    """Return ``requested`` when it is in ``allowed``, else the one ``path``'s extension names.

    Raises:
        InputError: an unknown format name, or an extension that names none.
    """
    if requested:
        if requested not in allowed:
            raise InputError(f"unknown {what} {requested!r}; choose one of {', '.join(allowed)}")
        return requested
    name = format_from_path(path, allowed)
    if name is None:
        raise InputError(f"cannot tell the {what} of {path} from its extension; pass --format "
                         f"({', '.join(allowed)})")
    return name
