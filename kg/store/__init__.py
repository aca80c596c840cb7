"""The store: Oxigraph on disk or a SPARQL server, one named graph per document, one per actor.

``local`` is an Oxigraph folder: ``opening`` checks and opens it, ``lock`` lets one process
write, ``snapshots`` lets readers (``kg serve``) read while it writes, ``bulk`` writes groups of
documents and large imports. ``remote`` talks to a SPARQL 1.1 server; ``catalog`` is what both
share (the document catalogue and the queries behind it); ``descriptions`` merges what
documents say of an actor into its graph; ``owned`` names what only a build writes. ``imports``
adds foreign RDF files (read by ``parsing``) and ``restore`` brings back a kg export.
"""
from kg.store.local import Store, StoreLocation, default_store_path, is_remote, open_store

__all__ = ["Store", "StoreLocation", "default_store_path", "is_remote", "open_store"]
