"""Running a build: the one place the stages are chained (ingest → nlp → extract → rdf → store).

``build`` holds ``build_graph`` and its steps; ``options`` what a build is asked (``BuildOptions``)
and what it did (``BuildReport``); ``reading`` the model and the reading of one document, where
a failure stays with its document; ``writer`` the background thread that stores documents in
order; ``parallel`` worker processes; ``distributed`` a Dask cluster.
"""
from kg.pipeline.build import BuildOptions, BuildReport, Reader, build_graph, load_reader, read_documents

__all__ = ["BuildOptions", "BuildReport", "Reader", "build_graph", "load_reader", "read_documents"]
