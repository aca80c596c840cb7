"""diplokg: read international diplomacy news into an event knowledge graph.

The library API the ``kg`` command is built on, for notebooks and scripts::

    from kg import open_store, build_graph, run_query, export_store, write_html

    with open_store("kg-store") as store:
        report = build_graph(["examples/articles"], store=store)
    with open_store("kg-store", read_only=True) as store:
        result = run_query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?e a dip:Summit }")

Heavy dependencies (spaCy, pyvis) are imported only when the function that needs them runs.
"""
from __future__ import annotations

from importlib import import_module

__version__ = "0.1.0"  # the one version string: pyproject.toml and the graph's dip:extractorVersion read it

_API = {
    "build_graph": "kg.pipeline",
    "BuildOptions": "kg.pipeline",
    "load_reader": "kg.pipeline",
    "read_documents": "kg.pipeline",
    "open_store": "kg.store",
    "run_query": "kg.query",
    "bundled_queries": "kg.query",
    "serialize_result": "kg.query",
    "export_store": "kg.rdf.export",
    "store_as_rdflib": "kg.rdf.export",
    "write_html": "kg.view",
    "ViewOptions": "kg.view",
    "evaluate": "kg.evaluate",
    "load_ontology": "kg.rdf.ontology",
    "KGError": "kg.errors",
}

__all__ = sorted(_API)


def __getattr__(name: str):
    """Import API names lazily, so ``import kg`` stays cheap."""
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
