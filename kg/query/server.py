"""A read-only SPARQL 1.1 Protocol endpoint over a store (``kg serve``).

``GET``/``HEAD /sparql?query=…``, ``POST /sparql`` with a form (``query=…``) or an
``application/sparql-query`` body; ``default-graph-uri`` and ``named-graph-uri`` name the
dataset (``named-graph-uri`` alone leaves the default graph empty, as the protocol says).
Results follow the ``Accept`` header (``Vary: Accept``): the W3C results formats for SELECT/ASK,
RDF for CONSTRUCT/DESCRIBE. A GET without a query that asks for RDF gets the SPARQL Service
Description; any other GET without a query gets 400. Updates get 403.

Queries run in a pool of warm worker processes (``kg.query.pool``): each has a time limit
(``timeout``, on by default) that costs nothing when the query is quick, the pool's size bounds
how many run at once, and a query that crashes the engine ends only its worker. Browser clients
on another origin (YASGUI) need ``cors_origin``; pre-flight ``OPTIONS`` requests are answered.
"""
from __future__ import annotations

import os
import sys
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Optional


from kg.errors import KGError, QueryError
from kg.query.guard import UpdateRefused, check_query
from kg.query.output import serialize_graph
from kg.query.protocol import (GRAPH_TYPES, MAX_BODY, RESULT_TYPES, BodyRefused, negotiate, read_body,
                               service_description)
from kg.query.run import PreparedQuery, dataset_options
from kg.query.worker import answer

__all__ = ["make_server", "endpoint_url", "SparqlServer", "DEFAULT_TIMEOUT", "default_workers", "MAX_BODY"]

PATHS = ("/sparql", "/query", "/")
DEFAULT_TIMEOUT = 30.0
HELP = """diplokg SPARQL endpoint (read-only).
Send SPARQL 1.1 queries to {url}: GET ?query=..., or POST a form or an application/sparql-query body.
A GET without a query and with Accept: text/turtle returns the service description.
"""


def default_workers() -> int:
    """How many queries ``kg serve`` runs at once by default: one per core, 2 to 8."""
    return min(max(os.cpu_count() or 2, 2), 8)


class SparqlHandler(BaseHTTPRequestHandler):
    """One request: parse the protocol, run the query, write the negotiated format."""

    server_version = "diplokg"
    protocol_version = "HTTP/1.1"
    timeout = 60  # seconds a client may take to send a request (idle keep-alive connections end)
    disable_nagle_algorithm = True  # headers and body go out as two writes: do not hold the second 40 ms

    # ------------------------------------------------------------------ protocol
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if self.headers.get("Content-Length") or self.headers.get("Transfer-Encoding"):
            self.close_connection = True  # a GET body is never read: do not read it as the next request
        url = urllib.parse.urlsplit(self.path)
        if url.path not in PATHS:
            return self._send_text(HTTPStatus.NOT_FOUND, f"no such endpoint {url.path}; use /sparql\n")
        form = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if "update" in form:
            return self._send_text(HTTPStatus.FORBIDDEN, "this endpoint is read-only: updates are refused\n")
        if "query" not in form:
            return self._describe()
        self._answer(form)

    do_HEAD = do_GET  # noqa: N815 (the same answer, without the body: see _send)

    def do_POST(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if url.path not in PATHS + ("/update",):
            self.close_connection = True
            return self._send_text(HTTPStatus.NOT_FOUND, f"no such endpoint {url.path}; use /sparql\n")
        try:
            body = read_body(self.headers, self.rfile, limit=MAX_BODY)
        except BodyRefused as exc:
            self.close_connection = True
            return self._send_text(exc.status, f"{exc}\n")
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        form = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if content_type == "application/x-www-form-urlencoded":
            for key, values in urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items():
                form.setdefault(key, []).extend(values)
        elif content_type == "application/sparql-query":
            form["query"] = [body.decode("utf-8", "replace")]
        elif content_type == "application/sparql-update":
            form["update"] = [""]
        else:
            return self._send_text(HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
                                   "send application/x-www-form-urlencoded or application/sparql-query\n")
        if "update" in form or url.path == "/update":
            return self._send_text(HTTPStatus.FORBIDDEN, "this endpoint is read-only: updates are refused\n")
        if "query" not in form:
            return self._send_text(HTTPStatus.BAD_REQUEST, "no query parameter\n")
        self._answer(form)

    def do_OPTIONS(self) -> None:  # noqa: N802 (CORS pre-flight)
        self.send_response(HTTPStatus.NO_CONTENT)
        self.send_header("Allow", "GET, HEAD, POST, OPTIONS")
        if self.server.cors_origin:
            self._cors_headers()
            self.send_header("Access-Control-Allow-Methods", "GET, HEAD, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
            self.send_header("Access-Control-Max-Age", "86400")
            if self.headers.get("Access-Control-Request-Private-Network") == "true":
                # Chromium asks before a public page (https://yasgui.org) reads a loopback address
                self.send_header("Access-Control-Allow-Private-Network", "true")
        self.send_header("Content-Length", "0")
        self.end_headers()

    # ------------------------------------------------------------------ answering
    def _describe(self) -> None:
        media = negotiate(self.headers.get("Accept"), GRAPH_TYPES, "")
        if not media:
            return self._send_text(HTTPStatus.BAD_REQUEST, "no query parameter\n" + HELP.format(url=self._endpoint_url()))
        triples = service_description(self._endpoint_url(), allow_network=self.server.allow_network)
        self._send(HTTPStatus.OK, _content_type(media), serialize_graph(triples, GRAPH_TYPES[media]))

    def _answer(self, form: dict) -> None:
        if len(form["query"]) != 1:
            return self._send_text(HTTPStatus.BAD_REQUEST, "give exactly one query parameter\n")
        text = form["query"][0]
        try:
            check = check_query(text, allow_network=self.server.allow_network, parse=False)
        except UpdateRefused as exc:
            return self._send_text(HTTPStatus.FORBIDDEN, f"{exc}\n")
        except QueryError as exc:
            return self._send_text(HTTPStatus.BAD_REQUEST, f"{exc}\n")
        graph_result = check.form in ("CONSTRUCT", "DESCRIBE")
        offers, default = (GRAPH_TYPES, "text/turtle") if graph_result else (RESULT_TYPES, "application/sparql-results+json")
        media = negotiate(self.headers.get("Accept"), offers, default)
        if media is None:
            return self._send_text(HTTPStatus.NOT_ACCEPTABLE, "acceptable types: " + ", ".join(offers) + "\n")
        options = dataset_options(PreparedQuery(text, check.form, check.dataset_clause),
                                  form.get("default-graph-uri"), form.get("named-graph-uri"))
        request = dict(options, text=text, parse_check=check.needs_parse,
                       results_media=media if not graph_result else "application/sparql-results+json",
                       graph_media=media if graph_result else "text/turtle")
        try:
            header, payload = self.server.run(request)
        except KGError as exc:
            return self._send_text(_status_of(exc), f"{exc}\n")
        self._send(HTTPStatus.OK, _content_type(header["media"]), payload)

    def _endpoint_url(self) -> str:
        host = self.headers.get("Host") or ""
        if not _valid_host(host):
            return endpoint_url(self.server)
        return f"http://{host}/sparql"

    def _cors_headers(self) -> None:
        if self.server.cors_origin:
            self.send_header("Access-Control-Allow-Origin", self.server.cors_origin)

    def _send_text(self, status: HTTPStatus, text: str) -> None:
        self._send(status, "text/plain; charset=utf-8", text.encode("utf-8"))

    def _send(self, status: HTTPStatus, content_type: str, payload: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self.send_header("Vary", "Accept, Origin" if self.server.cors_origin else "Accept")
        if status == HTTPStatus.SERVICE_UNAVAILABLE:
            self.send_header("Retry-After", "1")
        if self.close_connection:
            self.send_header("Connection", "close")
        self._cors_headers()
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (http.server's signature)
        if not self.server.quiet:
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


def _content_type(media: str) -> str:
    return media if media == "application/n-triples" else f"{media}; charset=utf-8"


def _valid_host(host: str) -> bool:
    import re

    return bool(re.fullmatch(r"(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)(:[0-9]{1,5})?", host))


def _status_of(exc: KGError) -> HTTPStatus:
    from kg.query.pool import QueryBusy, QueryCrashed, QueryTimeout

    if isinstance(exc, (QueryTimeout, QueryBusy)):
        return HTTPStatus.SERVICE_UNAVAILABLE
    if isinstance(exc, QueryCrashed):
        return HTTPStatus.INTERNAL_SERVER_ERROR
    return HTTPStatus.BAD_REQUEST


class SparqlServer(ThreadingHTTPServer):
    """The endpoint: a thread per connection, queries in the worker pool (or in-process)."""

    daemon_threads = True
    request_queue_size = 128  # the listen backlog: 20 clients at once never wait for a SYN retry

    def __init__(self, address, *, store, pool=None, timeout: Optional[float] = None, allow_network: bool = False,
                 cors_origin: Optional[str] = None, quiet: bool = False):
        self.store, self.pool, self.query_timeout = store, pool, timeout
        self.allow_network, self.cors_origin, self.quiet = allow_network, cors_origin, quiet
        super().__init__(address, SparqlHandler)

    def run(self, request: dict) -> tuple[dict, bytes]:
        """Run a checked request in a worker (or in this process without a pool)."""
        if self.pool is not None:
            return self.pool.run(request, timeout=self.query_timeout)
        header, payload = answer(self.store, request)
        if "error" in header:
            raise QueryError(header["error"])
        return header, payload

    def handle_error(self, request, client_address) -> None:
        """A client that went away is one line in the log (none with ``quiet``), never a traceback."""
        exc = sys.exc_info()[1]
        if isinstance(exc, (ConnectionError, TimeoutError)):
            if not self.quiet:
                sys.stderr.write(f"{client_address[0]} connection dropped: {exc.__class__.__name__}\n")
            return
        if self.quiet:
            sys.stderr.write(f"{client_address[0]} request failed: {exc!r}\n")
            return
        super().handle_error(request, client_address)

    def server_close(self) -> None:
        super().server_close()
        if self.pool is not None:
            self.pool.close()


def make_server(store, *, host: str = "127.0.0.1", port: int = 7879, allow_network: bool = False,
                timeout: Optional[float] = DEFAULT_TIMEOUT, workers: Optional[int] = None,
                cors_origin: Optional[str] = None, quiet: bool = False) -> SparqlServer:
    """Return a SPARQL endpoint over an open store, bound but not yet serving.

    Args:
        store: an open store (read-only is enough).
        host, port: where to listen; loopback by default, port 0 picks a free one.
        allow_network: let queries use ``SERVICE``.
        timeout: seconds after which a query is stopped (None: no limit).
        workers: worker processes running queries (default ``default_workers()``); 0 runs them
            in the server's threads, with no time limit and no crash containment (a remote
            store is always queried that way).
        cors_origin: send ``Access-Control-Allow-Origin`` with this value (for browser clients
            such as YASGUI served from another origin); off by default.
        quiet: log no requests.
    Raises:
        OSError: the address is in use or cannot be bound.
        StoreError: a worker could not open the store.
        QueryError: a time limit asked for with no workers.
    """
    from kg.query.pool import QueryPool

    workers = default_workers() if workers is None else workers
    remote = getattr(store, "is_remote", False)
    if timeout is not None and workers == 0 and not remote:
        raise QueryError("a query time limit needs worker processes: give --workers 1 or more, or --timeout 0")
    pool = None if remote or workers == 0 else QueryPool(store.path, size=workers)
    try:
        return SparqlServer((host, port), store=store, pool=pool, timeout=None if remote else timeout,
                            allow_network=allow_network, cors_origin=cors_origin, quiet=quiet)
    except OSError:
        if pool is not None:
            pool.close()
        raise


def endpoint_url(server: ThreadingHTTPServer) -> str:
    """Return the URL clients should send queries to."""
    host, port = server.server_address[:2]
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{port}/sparql"
