"""A store on a SPARQL 1.1 server (Oxigraph server, Apache Jena Fuseki, GraphDB…).

``--store URL`` names the server; the query and update endpoints come from the URL:

============================================  ==============================  ===========================
``--store``                                   queries go to                   updates go to
============================================  ==============================  ===========================
``http://host:7878`` (no path: Oxigraph)      ``http://host:7878/query``      ``http://host:7878/update``
``http://host:3030/ds/query`` (ends /query)   that URL                        ``…/ds/update``
``http://host:3030/ds/sparql`` or other path  that URL                        that URL
============================================  ==============================  ===========================

``--store-update URL`` (or ``$KG_STORE_UPDATE``) sets the update endpoint when it differs
(GraphDB: ``…/repositories/NAME`` and ``…/repositories/NAME/statements``).

Documents are stored as locally: one named graph per document and one per actor
(``kg.store.descriptions``), a document and the actor graphs it changes written by one UPDATE request
(``DROP SILENT GRAPH`` + ``INSERT DATA``), which the servers above apply as one transaction.
Queries ask for the union of the named graphs as the default graph with Oxigraph's
``union-default-graph`` parameter; configure the same on other servers (Fuseki:
``tdb2:unionDefaultGraph true``; GraphDB does it by default). There is no lock: the server
serialises concurrent writes.
"""
from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from typing import Iterable, Iterator, Mapping, Optional

import pyoxigraph as ox

from kg.errors import QueryError, StoreError
from kg.prefixes import sparql_prologue
from kg.store.catalog import DocumentCatalog
from kg.query.sparql import bind_values

ACCEPT = ("application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, "
          "application/sparql-results+xml;q=0.5")
DEFAULT_TIMEOUT = 60.0


def endpoints(url: str, update_url: Optional[str] = None) -> tuple[str, str]:
    """Return the ``(query, update)`` endpoint URLs that ``--store URL`` stands for.

    >>> endpoints("http://127.0.0.1:7878")
    ('http://127.0.0.1:7878/query', 'http://127.0.0.1:7878/update')
    >>> endpoints("http://h:3030/ds/query")
    ('http://h:3030/ds/query', 'http://h:3030/ds/update')
    >>> endpoints("http://h:3030/ds/sparql")
    ('http://h:3030/ds/sparql', 'http://h:3030/ds/sparql')
    """
    parts = urllib.parse.urlsplit(url)
    if not parts.hostname:
        raise StoreError(f"{url} is not a usable endpoint URL")
    path = parts.path.rstrip("/")
    if not path:
        base = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        query, update = base + "/query", base + "/update"
    elif path.endswith("/query"):
        query = urllib.parse.urlunsplit(parts._replace(path=path))
        update = urllib.parse.urlunsplit(parts._replace(path=path[: -len("/query")] + "/update"))
    else:
        query = update = url
    return query, update_url or update


def _message(exc: Exception) -> str:
    if isinstance(exc, urllib.error.HTTPError):
        body = exc.read().decode("utf-8", "replace").strip()
        return f"HTTP {exc.code} {exc.reason}" + (f": {body[:500]}" if body else "")
    if isinstance(exc, urllib.error.URLError):
        return str(exc.reason)
    return str(exc) or type(exc).__name__


class RemoteStore(DocumentCatalog):
    """A store on a SPARQL server, with the methods of ``kg.store.local.Store``."""

    is_remote = True

    def __init__(self, url: str, query_url: str, update_url: str, *, read_only: bool = False,
                 timeout: float = DEFAULT_TIMEOUT):
        self.path = url  # what messages print, as for a local store
        self.query_url = query_url
        self.update_url = update_url
        self.read_only = read_only
        self.timeout = timeout

    @classmethod
    def open(cls, url: str, *, read_only: bool = False, update_url: Optional[str] = None,
             timeout: float = DEFAULT_TIMEOUT) -> "RemoteStore":
        """Connect to the endpoint at ``url`` and check that it answers a query.

        Raises:
            StoreError: the URL is unusable or the server does not answer SPARQL queries.
        """
        query_url, update = endpoints(url, update_url)
        store = cls(url, query_url, update, read_only=read_only, timeout=timeout)
        try:
            store._request(store.query_url, {"query": "ASK { }"}, "application/sparql-results+json")
        except StoreError as exc:
            raise StoreError(f"cannot open store {url}: {exc.args[0].split(': ', 1)[-1]}") from None
        return store

    def close(self) -> None:
        """Nothing to release: each request is its own connection."""

    def __enter__(self) -> "RemoteStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ HTTP
    def _request(self, url: str, form: Mapping[str, str], accept: str, *, params: str = "",
                 timeout: Optional[float] = None, error=StoreError) -> tuple[bytes, str]:
        body = urllib.parse.urlencode(form).encode("utf-8")
        request = urllib.request.Request(url + (("&" if "?" in url else "?") + params if params else ""),
                                         data=body, method="POST", headers={
                                             "Content-Type": "application/x-www-form-urlencoded",
                                             "Accept": accept})
        try:
            with urllib.request.urlopen(request, timeout=timeout or self.timeout) as response:
                return response.read(), response.headers.get("Content-Type", "")
        except TimeoutError:
            raise error(f"{url} did not answer within {timeout or self.timeout:g} s") from None
        except (urllib.error.URLError, OSError) as exc:
            if isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, TimeoutError):
                raise error(f"{url} did not answer within {timeout or self.timeout:g} s") from None
            raise error(f"{url}: {_message(exc)}") from None

    def query(self, text: str, *, bindings: Optional[Mapping[str, object]] = None, union: bool = True,
              prefixes: Optional[Mapping[str, str]] = None, default_graph: Optional[list[str]] = None,
              named_graphs: Optional[list[str]] = None, timeout: Optional[float] = None):
        """Run a SPARQL query on the server; return pyoxigraph results as ``Store.query`` does.

        Bindings go in as a ``VALUES`` row written by pyoxigraph's term serialiser (see
        ``kg.query.sparql.bind_values``); default prefixes are declared before the query's own.
        """
        text = bind_values(text, {k: str(v) for k, v in (bindings or {}).items()})
        if prefixes:
            text = sparql_prologue(prefixes) + text
        params = []
        if default_graph is None and named_graphs is None and union:
            params.append(("union-default-graph", ""))
        params += [("default-graph-uri", g) for g in default_graph or ()]
        params += [("named-graph-uri", g) for g in named_graphs or ()]
        data, content_type = self._request(self.query_url, {"query": text}, ACCEPT,
                                           params=urllib.parse.urlencode(params), timeout=timeout,
                                           error=QueryError)
        media = content_type.split(";")[0].strip().lower()
        try:
            results_format = ox.QueryResultsFormat.from_media_type(media)
        except ValueError:
            results_format = None
        if results_format is not None:
            return ox.parse_query_results(data, format=results_format)
        try:
            rdf_format = ox.RdfFormat.from_media_type(media)
        except ValueError:
            raise QueryError(f"{self.query_url} answered with unsupported content type {content_type!r}") from None
        return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(data, format=rdf_format)]

    # ------------------------------------------------------------------ writing
    def _update(self, update: str) -> None:
        if self.read_only:
            raise StoreError(f"store {self.path} is open read-only")
        self._request(self.update_url, {"update": update}, "*/*")

    def replace_graph(self, graph_iri: str, ntriples: str) -> None:
        """Replace a named graph's content with the given N-Triples text, in one request."""
        iri = str(ox.NamedNode(graph_iri))
        self._update(f"DROP SILENT GRAPH {iri} ;\nINSERT DATA {{ GRAPH {iri} {{\n{ntriples}\n}} }}")

    def load_triples(self, quads: Iterable["ox.Quad"]) -> None:
        """Add quads in one request."""
        data = ox.serialize(quads, format=ox.RdfFormat.N_QUADS).decode("utf-8")
        body = []
        for quad in ox.parse(data.encode("utf-8"), format=ox.RdfFormat.N_QUADS):
            triple = f"{quad.subject} {quad.predicate} {quad.object} ."
            if isinstance(quad.graph_name, ox.DefaultGraph):
                body.append(triple)
            else:
                body.append(f"GRAPH {quad.graph_name} {{ {triple} }}")
        self._update("INSERT DATA {\n" + "\n".join(body) + "\n}")

    # ------------------------------------------------------------------ reading
    def __len__(self) -> int:
        rows = self._select("SELECT (COUNT(*) AS ?n) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }")
        return int(rows[0]["n"].value)

    def quads(self) -> Iterator["ox.Quad"]:
        """Iterate over every quad in the named graphs (the documents)."""
        for row in self._select("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"):
            yield ox.Quad(row["s"], row["p"], row["o"], row["g"])

    def dump(self, output, fmt: "ox.RdfFormat", *, union: bool = False) -> None:
        """Serialise the store to a binary file object: a dataset format, or the union graph."""
        quads = self.quads()
        if union or not fmt.supports_datasets:
            quads = (ox.Quad(q.subject, q.predicate, q.object) for q in quads)
        ox.serialize(quads, output, fmt)
