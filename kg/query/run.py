"""Query: run read-only SPARQL over the store and write the results in the W3C formats.

Queries run on the store (local Oxigraph or a remote endpoint) with the union of all document
graphs as the default graph. User values reach a query only as bindings: a ``VALUES`` row of
terms written by pyoxigraph's serialiser (``kg.query.sparql.bind_values``), never by pasting text.
Refused before anything runs: SPARQL UPDATE (``kg query`` never changes the store) and
``SERVICE`` unless the caller allows the network. ``FROM`` names graphs of the store; Oxigraph
never loads anything for it.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional, Union

import pyoxigraph as ox

from kg import resources
from kg.errors import QueryError
from kg.prefixes import PREFIXES
from kg.rdf.formats import RESULT_FORMATS, graph_format, graph_format_names
from kg.query.sparql import query_form, uses_dataset_clause, uses_service

__all__ = ["BundledQuery", "QueryResult", "bundled_queries", "resolve_query_text", "parse_param", "check_query",
           "run_query", "serialize_result", "result_rows", "term_text", "uses_service"]



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
    """Turn ``NAME=VALUE`` into a binding: ``<iri>`` or a known prefixed name (``dip:Summit``) is
    an IRI, anything else a plain literal.

    >>> parse_param("type=dip:Summit")
    ('type', <NamedNode value=https://w3id.org/diplokg/ontology#Summit>)
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
    prefixed = re.fullmatch(r"([a-z]+):([A-Za-z_][A-Za-z0-9_-]*)", raw)
    if prefixed and prefixed.group(1) in PREFIXES:
        return name, ox.NamedNode(PREFIXES[prefixed.group(1)] + prefixed.group(2))
    return name, ox.Literal(raw)


def check_query(text: str, *, allow_network: bool = False) -> str:
    """Refuse what ``kg query`` must not run; return the query form (SELECT, ASK, …).

    Raises:
        QueryError: an UPDATE request, or ``SERVICE`` without ``allow_network``.
    """
    form = query_form(text)
    if form == "UPDATE":
        raise QueryError("SPARQL UPDATE is not allowed: queries are read-only")
    if not allow_network and uses_service(text):
        raise QueryError("SERVICE calls reach the network and are off; pass --allow-network to allow them")
    return form


def run_query(store, text: str, *, params: Optional[Mapping[str, object]] = None,
              allow_network: bool = False, timeout: Optional[float] = None,
              default_graph: Optional[list[str]] = None, named_graphs: Optional[list[str]] = None) -> QueryResult:
    """Run a read-only SPARQL query against an open store.

    The default graph is the union of the document graphs, unless the query names its own
    dataset with ``FROM``/``FROM NAMED`` (graphs of the store; nothing is ever loaded).

    Args:
        store: an open store (``kg.store.local.open_store``), local or remote.
        text: the SPARQL query.
        params: values for variables (pyoxigraph terms), bound before the query runs.
        allow_network: let ``SERVICE`` reach remote endpoints (off by default).
        timeout: seconds after which the query is stopped. On a local store the query then
            runs in a child process that is killed at the deadline, so a runaway query stops
            using the CPU; without a timeout it runs in this process (the fast path).
        default_graph, named_graphs: the dataset, as the SPARQL protocol names it.
    Returns:
        A ``QueryResult``.
    Raises:
        QueryError: syntax errors (with the position), UPDATE requests, SERVICE, timeouts,
            evaluation errors.
    """
    check_query(text, allow_network=allow_network)
    options = dict(bindings=dict(params or {}), union=not uses_dataset_clause(text), prefixes=PREFIXES,
                   default_graph=default_graph, named_graphs=named_graphs)
    if getattr(store, "is_remote", False):
        return _wrap(store.query(text, timeout=timeout, **options))
    if timeout is not None:
        return _run_in_child(store.path, text, options, timeout)
    return _wrap(store.query(text, **options))


def _wrap(result) -> QueryResult:
    if isinstance(result, ox.QuerySolutions):
        return QueryResult("select", result, tuple(v.value for v in result.variables))
    if isinstance(result, (ox.QueryBoolean, bool)):
        return QueryResult("ask", result)
    return QueryResult("graph", result)


def _parse_term(text: str):
    """Turn an N-Triples term back into a pyoxigraph term."""
    quad = next(iter(ox.parse(f"<urn:s> <urn:p> {text} .".encode("utf-8"), format=ox.RdfFormat.N_TRIPLES)))
    return quad.object


def _run_in_child(path, text: str, options: dict, timeout: float) -> QueryResult:
    """Run the query in a child process that opens the store read-only; kill it at the deadline."""
    request = dict(options, path=str(path), text=text,
                   bindings={k: str(v) for k, v in options["bindings"].items()})
    child = subprocess.Popen([sys.executable, "-c", "from kg.query.run import _child_main; _child_main()"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        out, err = child.communicate(json.dumps(request).encode("utf-8"), timeout=timeout)
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        raise QueryError(f"query stopped after {timeout:g} s (--timeout)") from None
    header, _, payload = out.partition(b"\n")
    try:
        meta = json.loads(header)
    except ValueError:
        raise QueryError(f"query process failed: {err.decode('utf-8', 'replace').strip()[-500:]}") from None
    if meta["kind"] == "error":
        raise QueryError(meta["message"])
    if meta["kind"] == "graph":
        return QueryResult("graph", [ox.Triple(q.subject, q.predicate, q.object)
                                     for q in ox.parse(payload, format=ox.RdfFormat.N_TRIPLES)])
    return _wrap(ox.parse_query_results(payload, format=ox.QueryResultsFormat.JSON))


def _child_main() -> None:
    """The child side of ``_run_in_child``: request as JSON on stdin, header line + payload out."""
    from kg.errors import KGError
    from kg.store.local import Store

    request = json.loads(sys.stdin.buffer.read())
    out = sys.stdout.buffer
    try:
        with Store.open(request["path"], read_only=True) as store:
            result = _wrap(store.query(
                request["text"], bindings={k: _parse_term(v) for k, v in request["bindings"].items()},
                union=request["union"], prefixes=request["prefixes"], default_graph=request["default_graph"],
                named_graphs=request["named_graphs"]))
            if result.kind == "graph":
                payload = ox.serialize(result.value, format=ox.RdfFormat.N_TRIPLES)
            else:
                payload = result.value.serialize(format=ox.QueryResultsFormat.JSON)
        out.write(json.dumps({"kind": result.kind}).encode("utf-8") + b"\n" + payload)
    except KGError as exc:
        out.write(json.dumps({"kind": "error", "message": str(exc)}).encode("utf-8") + b"\n")
    out.flush()


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
    """Serialise a result: SELECT/ASK in json, xml, csv or tsv; CONSTRUCT/DESCRIBE as RDF.

    For a graph result ``json`` means JSON-LD, ``xml`` RDF/XML and ``table`` Turtle.
    """
    if result.kind == "graph":
        rdf_format = graph_format("turtle" if fmt == "table" else fmt)
        if rdf_format is None:
            raise QueryError(f"format {fmt!r} does not apply to a graph result; use one of "
                             f"{', '.join(graph_format_names())}")
        prefixes = {"prefixes": dict(PREFIXES)} if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG,
                                                                 ox.RdfFormat.RDF_XML, ox.RdfFormat.N3) else {}
        return ox.serialize(result.value, format=rdf_format, **prefixes)
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
