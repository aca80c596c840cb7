"""Query: run read-only SPARQL over the store and write the results in the W3C formats.

Queries run on the store (local Oxigraph or a remote endpoint) with the union of all document
graphs as the default graph. A value passed for a parameter becomes an RDF term first
(``kg.query.params``); only pyoxigraph's serialisation of that term is written into the query,
as a ``VALUES`` row (``kg.query.sparql.bind_values``), and the checks of ``kg.query.guard``
(UPDATE, ``SERVICE``, size and nesting) read the query as it will run, values included.

Why not pyoxigraph's own ``substitutions``: Oxigraph 0.5 accepts one only for a variable the
outer SELECT projects (``events-of-actor`` projects no ``?name``), refuses it in ASK with a
FILTER, leaves sub-SELECTs unbound, makes ``BOUND(?v)`` false, and a remote SPARQL server has
no such thing; a term written by the same library and read back by the same engine is exact.

A time limit on a local store runs the query in a worker process (``kg.query.pool``) that is
killed at the deadline; ``kg serve`` keeps a pool of them warm, so the limit costs two pipe
messages per query.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Mapping, Optional, TextIO

import pyoxigraph as ox

from kg.errors import QueryError
from kg.prefixes import PREFIXES
from kg.query.guard import check_bounds, check_query
from kg.query.output import (TABLE_LIMIT, StreamWriter, serialize_graph, serialize_solutions, table_rows, term_text,
                             write_table)
from kg.query.params import BundledQuery, bind_arguments, bundled_queries, parse_param, split_param
from kg.query.sparql import bind_values, variables
from kg.rdf.formats import RESULT_FORMATS, graph_format, graph_format_names

__all__ = ["BundledQuery", "QueryResult", "PreparedQuery", "bundled_queries", "resolve_query_text",
           "prepare_query", "params_from_strings", "parse_param", "run_query", "serialize_result", "write_result", "result_rows",
           "term_text", "PREFIXES"]


@dataclass
class QueryResult:
    """The outcome of a query: ``kind`` is select, ask or graph; ``value`` the pyoxigraph result."""

    kind: str
    value: object
    variables: tuple[str, ...] = ()


@dataclass(frozen=True)
class PreparedQuery:
    """A query ready to check and run: its text with values bound, and the form the checks found."""

    text: str
    form: str
    dataset_clause: bool


def resolve_query_text(query: str) -> str:
    """Return SPARQL text from ``@file.rq``, the name of a bundled query, or the text itself.

    Raises:
        QueryError: the file cannot be read, or a bare name is no bundled query.
    """
    return _resolve(query)[0]


def _resolve(query: str) -> tuple[str, Optional[BundledQuery]]:
    if query.startswith("@"):
        path = Path(query[1:])
        try:
            return path.read_text(encoding="utf-8"), None
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"cannot read query file {path}: {exc}") from None
    bundled = bundled_queries()
    if query in bundled:
        return bundled[query].text, bundled[query]
    if re.fullmatch(r"[A-Za-z0-9_-]+", query.strip()):
        raise QueryError(f"no bundled query named {query!r} (see `kg query --list`)")
    return query, None


def params_from_strings(query: str, pairs) -> dict:
    """Read ``--param NAME=VALUE`` strings for ``query``.

    A bundled query reads each value as the kind it declares (``prepare_query`` does); for any
    other query ``<…>`` or a known prefixed name (``dip:Summit``) is an IRI, anything else a
    plain literal (``parse_param``).

    Raises:
        QueryError: a malformed pair, or the same name twice.
    """
    names = [split_param(pair)[0] for pair in pairs]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise QueryError(f"--param {repeated[0]} is given more than once")
    if _resolve(query)[1] is not None:
        return dict(split_param(pair) for pair in pairs)
    return dict(parse_param(pair) for pair in pairs)


def prepare_query(query: str, params: Optional[Mapping[str, object]] = None, *,
                  allow_network: bool = False) -> PreparedQuery:
    """Resolve a query, bind its parameters and check it as it will run.

    Args:
        query: SPARQL text, ``@file.rq`` or the name of a bundled query.
        params: values by variable name: strings, numbers, dates or pyoxigraph terms. A bundled
            query reads a string as its declared kind (``string``, ``iri``, ``date``,
            ``integer``); any other query binds a string as a plain literal.
        allow_network: let ``SERVICE`` reach remote endpoints.
    Raises:
        QueryError: an unknown, missing or ill-typed parameter, or a query the checks refuse.
    """
    text, bundled = _resolve(query)
    name = f"bundled query {bundled.name}" if bundled else "the query"
    terms = bind_arguments(dict(params or {}), declared=bundled.params if bundled else None,
                           query_variables=variables(text) if params else set(), what=name)
    if terms:
        check_bounds(text)  # the text is bounded before binding reads it; all checks follow on the result
        text = bind_values(text, {k: str(v) for k, v in terms.items()})
    check = check_query(text, allow_network=allow_network)
    return PreparedQuery(text, check.form, check.dataset_clause)


def dataset_options(prepared: PreparedQuery, default_graph: Optional[list[str]],
                    named_graphs: Optional[list[str]]) -> dict:
    """Return the dataset a query runs on: the union of all graphs, unless the query or the
    protocol names one (``named-graph-uri`` alone leaves the default graph empty)."""
    if named_graphs and default_graph is None:
        default_graph = []
    return dict(union=not prepared.dataset_clause, prefixes=dict(PREFIXES), default_graph=default_graph,
                named_graphs=named_graphs)


def run_query(store, query: str, *, params: Optional[Mapping[str, object]] = None,
              allow_network: bool = False, timeout: Optional[float] = None,
              default_graph: Optional[list[str]] = None, named_graphs: Optional[list[str]] = None,
              pool=None) -> QueryResult:
    """Run a read-only SPARQL query against an open store.

    The default graph is the union of the document graphs, unless the query names its own
    dataset with ``FROM``/``FROM NAMED`` (graphs of the store; nothing is ever loaded).

    Args:
        store: an open store (``kg.store.local.open_store``), local or remote.
        query: SPARQL text, ``@file.rq`` or the name of a bundled query.
        params: values for variables (see ``prepare_query``), bound before the query runs.
        allow_network: let ``SERVICE`` reach remote endpoints (off by default).
        timeout: seconds after which the query is stopped. On a local store the query then
            runs in a worker process that is killed at the deadline (``pool``'s, or one started
            for this query); without a timeout it runs in this process.
        default_graph, named_graphs: the dataset, as the SPARQL protocol names it.
        pool: a ``kg.query.pool.QueryPool`` over the same store, for repeated timed queries.
    Returns:
        A ``QueryResult``.
    Raises:
        QueryError: syntax errors (with the position), UPDATE requests, SERVICE, bad
            parameters, timeouts, evaluation errors.
    """
    prepared = prepare_query(query, params, allow_network=allow_network)
    options = dataset_options(prepared, default_graph, named_graphs)
    if getattr(store, "is_remote", False):
        return _wrap(store.query(prepared.text, timeout=timeout, **options))
    if timeout is None and pool is None:
        return _wrap(store.query(prepared.text, **options))
    if pool is not None:
        return _run_in_pool(pool, prepared, options, timeout)
    from kg.query.pool import QueryPool

    with QueryPool(store.path, size=1) as own:
        return _run_in_pool(own, prepared, options, timeout)


def _run_in_pool(pool, prepared: PreparedQuery, options: dict, timeout: Optional[float]) -> QueryResult:
    request = dict(options, text=prepared.text, results_media="application/sparql-results+json",
                   graph_media="application/n-triples")
    header, payload = pool.run(request, timeout=timeout)
    if header["kind"] == "graph":
        return QueryResult("graph", [ox.Triple(q.subject, q.predicate, q.object)
                                     for q in ox.parse(payload, format=ox.RdfFormat.N_TRIPLES)])
    return _wrap(ox.parse_query_results(payload, format=ox.QueryResultsFormat.JSON))


def _wrap(result) -> QueryResult:
    if isinstance(result, ox.QuerySolutions):
        return QueryResult("select", result, tuple(v.value for v in result.variables))
    if isinstance(result, (ox.QueryBoolean, bool)):
        return QueryResult("ask", result)
    return QueryResult("graph", result)


def _format_for(result: QueryResult, fmt: str):
    if result.kind == "graph":
        rdf_format = graph_format("turtle" if fmt == "table" else fmt)
        if rdf_format is None:
            raise QueryError(f"format {fmt!r} does not apply to a graph result; use one of "
                             f"{', '.join(graph_format_names())}")
        return rdf_format
    if fmt not in RESULT_FORMATS:
        raise QueryError(f"format {fmt!r} does not apply to SELECT/ASK results; use table, json, xml, csv or tsv")
    return RESULT_FORMATS[fmt]


def serialize_result(result: QueryResult, fmt: str) -> bytes:
    """Serialise a result: SELECT/ASK in json, xml, csv or tsv; CONSTRUCT/DESCRIBE as RDF.

    For a graph result ``json`` means JSON-LD, ``xml`` RDF/XML and ``table`` Turtle. Characters
    XML forbids are replaced (``kg.query.output.clean_xml``).
    """
    target = _format_for(result, fmt)
    if result.kind == "graph":
        return serialize_graph(result.value, target)
    return serialize_solutions(result.value, target)


def write_result(result: QueryResult, fmt: str, *, binary: BinaryIO, text: TextIO,
                 limit: Optional[int] = TABLE_LIMIT) -> None:
    """Write a result as it is produced: a table (at most ``limit`` rows) to ``text``, any other
    format to ``binary``; every format ends with a newline."""
    if fmt == "table":
        header, rows = table_rows(result.kind, result.value, result.variables)
        write_table(header, rows, text, limit=limit)
        return
    target = _format_for(result, fmt)
    text.flush()
    writer = StreamWriter(binary, xml=target in (ox.QueryResultsFormat.XML, ox.RdfFormat.RDF_XML))
    if result.kind == "graph":
        prefixes = {"prefixes": dict(PREFIXES)} if target in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG,
                                                             ox.RdfFormat.N3, ox.RdfFormat.RDF_XML) else {}
        ox.serialize(result.value, writer, format=target, **prefixes)
    else:
        result.value.serialize(writer, format=target)
    writer.finish()


def result_rows(result: QueryResult) -> tuple[list[str], list[list[str]]]:
    """Return ``(header, rows)`` of readable strings for a table."""
    header, rows = table_rows(result.kind, result.value, result.variables)
    return header, list(rows)
