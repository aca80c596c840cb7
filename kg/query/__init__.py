"""Reading the store with SPARQL: checks on the query text, running it, the endpoint.

``sparql`` inspects query text (its form, SERVICE, dataset clauses) and binds values;
``run`` resolves bundled queries, runs them with a time limit and formats results;
``server`` is the SPARQL 1.1 Protocol endpoint of ``kg serve``.
"""
from kg.query.run import (PREFIXES, BundledQuery, QueryResult, bundled_queries, parse_param, result_rows,
                          run_query, serialize_result)

__all__ = ["PREFIXES", "BundledQuery", "QueryResult", "bundled_queries", "parse_param", "result_rows",
           "run_query", "serialize_result"]
