"""Running a build: the one place the stages are chained (ingest → nlp → extract → rdf → store).

``build`` holds ``build_graph`` and the reading loop; ``writer`` the background thread that
stores documents in order; ``parallel`` worker processes; ``distributed`` a Dask cluster.
"""
from kg.pipeline.build import BuildReport, Reader, build_graph, load_reader, read_documents

__all__ = ["BuildReport", "Reader", "build_graph", "load_reader", "read_documents"]
