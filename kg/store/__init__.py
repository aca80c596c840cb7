"""The store: Oxigraph on disk or a SPARQL server, one named graph per document, one per actor.

``local`` opens and writes an Oxigraph folder (locking, grouped bulk writes); ``remote`` talks
to a SPARQL 1.1 server; ``catalog`` is what both share (the document catalogue and the
queries behind it); ``descriptions`` merges what documents say of an actor into its graph;
``imports`` adds foreign RDF files.
"""
from kg.store.local import Store, StoreLocation, default_store_path, is_remote, open_store

__all__ = ["Store", "StoreLocation", "default_store_path", "is_remote", "open_store"]
