"""Reading the store with SPARQL: checks on the query, running it, its results, the endpoint.

``lexer`` splits query text into tokens; ``sparql`` reads the form, ``FROM`` and variables and
binds values; ``guard`` refuses UPDATE, ``SERVICE`` (from the parse) and queries beyond the
bounds; ``params`` holds the bundled queries' declared parameters and turns values into terms;
``run`` runs a query; ``output`` writes results; ``pool`` and ``worker`` run queries in warm
worker processes (time limits, crash containment); ``protocol`` and ``server`` are the endpoint
of ``kg serve``. Names below are imported lazily, so a query worker or the store importing
``kg.query.sparql`` does not load the rest.
"""
from __future__ import annotations

from importlib import import_module

_API = {name: "kg.query.run" for name in (
    "PREFIXES", "BundledQuery", "QueryResult", "bundled_queries", "parse_param", "prepare_query",
    "result_rows", "run_query", "serialize_result", "write_result")}

__all__ = sorted(_API)


def __getattr__(name: str):
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'kg.query' has no attribute {name!r}")
