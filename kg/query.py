"""Query: run read-only SPARQL over the store and write the results in the W3C formats.

Queries run on Oxigraph with the union of all document graphs as the default graph. User
values reach a query only as bindings (SPARQL substitutions), never by string formatting.
SPARQL UPDATE is refused: ``kg query`` never changes the store.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional, Union

import pyoxigraph as ox

from kg import resources
from kg.errors import QueryError

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "nt": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML, "xml": ox.RdfFormat.RDF_XML, "n3": ox.RdfFormat.N3,
}
PREFIXES = {
    "dip": "https://w3id.org/diplokg/ontology#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "wd": "http://www.wikidata.org/entity/",
    "kgid": "https://w3id.org/diplokg/id/",
}


@dataclass(frozen=True)
class BundledQuery:
    """A query shipped with the package: its name, one-line description and text."""

    name: str
    description: str
    text: str


@dataclass
class QueryResult:
    """The outcome of a query: ``kind`` is select, ask or graph; ``value`` the pyoxigraph result."""

    kind: str
    value: object
    variables: tuple[str, ...] = ()


def bundled_queries() -> dict[str, BundledQuery]:
    """Return the bundled named queries (``kg/data/queries/*.rq``) by name."""
    out = {}
    for name, text in resources.bundled_query_files().items():
        first = text.splitlines()[0] if text else ""
        out[name] = BundledQuery(name, first.lstrip("# ").strip(), text)
    return out


def resolve_query_text(query: str) -> str:
    """Return SPARQL text from ``@file.rq``, the name of a bundled query, or the text itself.

    Raises:
        QueryError: the file cannot be read.
    """
    if query.startswith("@"):
        path = Path(query[1:])
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"cannot read query file {path}: {exc}") from None
    bundled = bundled_queries()
    if query in bundled:
        return bundled[query].text
    if re.fullmatch(r"[A-Za-z0-9_-]+", query.strip()):
        raise QueryError(f"no bundled query named {query!r} (see `kg query --list`)")
    return query


def parse_param(value: str) -> tuple[str, Union["ox.NamedNode", "ox.Literal"]]:
    """Turn ``NAME=VALUE`` into a binding: ``<iri>`` is an IRI, anything else a plain literal.

    >>> parse_param("name=Donald Trump")
    ('name', <Literal value=Donald Trump datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>)
    """
    if "=" not in value:
        raise QueryError(f"--param wants NAME=VALUE, got {value!r}")
    name, raw = value.split("=", 1)
    name = name.strip().lstrip("?$")
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise QueryError(f"--param name {name!r} is not a SPARQL variable name")
    if raw.startswith("<") and raw.endswith(">"):
        try:
            return name, ox.NamedNode(raw[1:-1])
        except ValueError as exc:
            raise QueryError(f"--param {name}: {exc}") from None
    return name, ox.Literal(raw)


def _is_update(text: str) -> bool:
    try:
        ox.Store().update(text)
    except SyntaxError:
        return False
    return True


_STRINGS_AND_COMMENTS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')


def uses_service(text: str) -> bool:
    """Return True when a query calls a remote endpoint with ``SERVICE``.

    >>> uses_service('SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }')
    True
    >>> uses_service('SELECT * { ?s ?p "SERVICE" } # SERVICE')
    False
    """
    return re.search(r"\bSERVICE\b", _STRINGS_AND_COMMENTS.sub(" ", text), re.IGNORECASE) is not None


def run_query(store, text: str, *, params: Optional[Mapping[str, object]] = None,
              allow_network: bool = False) -> QueryResult:
    """Run a read-only SPARQL query against an open store.

    Args:
        store: an open ``kg.store.Store``.
        text: the SPARQL query.
        params: values for variables, bound before the query runs.
        allow_network: let ``SERVICE`` reach remote endpoints (off by default).
    Returns:
        A ``QueryResult``.
    Raises:
        QueryError: syntax errors (with the position), UPDATE requests, evaluation errors.
    """
    if not allow_network and uses_service(text):
        raise QueryError("SERVICE calls reach the network and are off; pass --allow-network to allow them")
    substitutions = {ox.Variable(k): v for k, v in (params or {}).items()}
    try:
        result = store.ox.query(text, use_default_graph_as_union=True, prefixes=PREFIXES,
                                substitutions=substitutions)
    except SyntaxError as exc:
        if _is_update(text):
            raise QueryError("SPARQL UPDATE is not allowed: `kg query` is read-only") from None
        raise QueryError(f"SPARQL syntax error: {exc}") from None
    except OSError as exc:
        raise QueryError(f"query failed: {exc}") from None
    if isinstance(result, ox.QuerySolutions):
        return QueryResult("select", result, tuple(v.value for v in result.variables))
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", result)
    return QueryResult("graph", result)


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


def serialize_result(result: QueryResult, fmt: str) -> bytes:
    """Serialise a result: SELECT/ASK in json, xml, csv or tsv; CONSTRUCT/DESCRIBE as RDF."""
    if result.kind == "graph":
        rdf_format = GRAPH_FORMATS.get(fmt, ox.RdfFormat.TURTLE if fmt in ("table", "json") else None)
        if rdf_format is None:
            raise QueryError(f"format {fmt!r} does not apply to a graph result; use turtle, ntriples or rdfxml")
        return ox.serialize(result.value, format=rdf_format, prefixes={k: v for k, v in PREFIXES.items()})
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"format {fmt!r} does not apply to SELECT/ASK results; use table, json, xml, csv or tsv")
    return result.value.serialize(format=RESULT_FORMATS[fmt])


def result_rows(result: QueryResult) -> tuple[list[str], list[list[str]]]:
    """Return ``(header, rows)`` of readable strings for a table."""
    if result.kind == "ask":
        return ["result"], [[str(bool(result.value)).lower()]]
    if result.kind == "graph":
        return ["subject", "predicate", "object"], [
            [term_text(t.subject), term_text(t.predicate), term_text(t.object)] for t in result.value]
    names = list(result.variables)
    return names, [[term_text(row[name]) for name in names] for row in result.value]
