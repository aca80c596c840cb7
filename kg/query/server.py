"""A read-only SPARQL 1.1 Protocol endpoint over a store (``kg serve``).

``GET /sparql?query=…``, ``POST /sparql`` with a form (``query=…``) or a
``application/sparql-query`` body; ``default-graph-uri`` and ``named-graph-uri`` name the
dataset. Results follow the ``Accept`` header: the W3C results formats (JSON, XML, CSV, TSV) for
SELECT/ASK, RDF (Turtle, N-Triples, RDF/XML, JSON-LD, …) for CONSTRUCT/DESCRIBE. Updates get
403. The standard library's ``ThreadingHTTPServer`` is enough: queries run in Oxigraph, which
reads from many threads at once.
"""
from __future__ import annotations

import sys
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Optional

import pyoxigraph as ox

from kg.errors import KGError
from kg.query.run import run_query
from kg.query.sparql import query_form
from kg.rdf.formats import GRAPH_MEDIA_TYPES, RESULT_MEDIA_TYPES

MAX_BODY = 10 * 1024 * 1024
PATHS = ("/sparql", "/query", "/")
RESULT_TYPES, GRAPH_TYPES = RESULT_MEDIA_TYPES, GRAPH_MEDIA_TYPES
HELP = """diplokg SPARQL endpoint (read-only).
Send SPARQL 1.1 queries to {url}: GET ?query=..., or POST a form or an application/sparql-query body.
"""


def negotiate(accept: Optional[str], offers: dict, default: str) -> Optional[str]:
    """Return the media type of ``offers`` that ``accept`` prefers, ``default`` for ``*/*``, or None.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_TYPES, "application/json")
    'application/sparql-results+xml'
    >>> negotiate("image/png", RESULT_TYPES, "application/json") is None
    True
    """
    if not accept or not accept.strip():
        return default
    ranges = []
    for position, item in enumerate(accept.split(",")):
        media, *params = [p.strip() for p in item.split(";")]
        quality = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranges.append((-quality, position, media.lower()))
    for _, _, media in sorted(ranges):
        if media in offers:
            return media
        if media == "*/*":
            return default
        if media.endswith("/*"):
            family = media[:-1]
            if default.startswith(family):
                return default
            for offer in offers:
                if offer.startswith(family):
                    return offer
    return None


class SparqlHandler(BaseHTTPRequestHandler):
    """One request: parse the protocol, run the query, write the negotiated format."""

    server_version = "diplokg"
    protocol_version = "HTTP/1.1"

    # ------------------------------------------------------------------ protocol
    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        url = urllib.parse.urlsplit(self.path)
        if url.path not in PATHS:
            return self._send_text(HTTPStatus.NOT_FOUND, f"no such endpoint {url.path}; use /sparql\n")
        form = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if "update" in form:
            return self._send_text(HTTPStatus.FORBIDDEN, "this endpoint is read-only: updates are refused\n")
        if "query" not in form:
            return self._send_text(HTTPStatus.OK, HELP.format(url=self._endpoint_url()))
        self._answer(form)

    def do_POST(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if url.path not in PATHS + ("/update",):
            return self._send_text(HTTPStatus.NOT_FOUND, f"no such endpoint {url.path}; use /sparql\n")
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            return self._send_text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "request body too large\n")
        body = self.rfile.read(length)
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
        self._cors_headers()
        self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
        self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Content-Length", "0")
        self.end_headers()

    # ------------------------------------------------------------------ answering
    def _answer(self, form: dict) -> None:
        if len(form["query"]) != 1:
            return self._send_text(HTTPStatus.BAD_REQUEST, "give exactly one query parameter\n")
        text = form["query"][0]
        form_kind = query_form(text)
        if form_kind == "UPDATE":
            return self._send_text(HTTPStatus.FORBIDDEN, "this endpoint is read-only: updates are refused\n")
        graph_result = form_kind in ("CONSTRUCT", "DESCRIBE")
        offers, default = (GRAPH_TYPES, "text/turtle") if graph_result else (RESULT_TYPES, "application/sparql-results+json")
        media = negotiate(self.headers.get("Accept"), offers, default)
        if media is None:
            return self._send_text(HTTPStatus.NOT_ACCEPTABLE, "acceptable types: " + ", ".join(offers) + "\n")
        config = self.server.kg_config
        try:
            result = run_query(config["store"], text, allow_network=config["allow_network"],
                               timeout=config["timeout"],
                               default_graph=form.get("default-graph-uri") or None,
                               named_graphs=form.get("named-graph-uri") or None)
            if result.kind == "graph":
                payload = ox.serialize(result.value, format=offers[media])
            else:
                payload = result.value.serialize(format=offers[media])
        except KGError as exc:
            status = HTTPStatus.SERVICE_UNAVAILABLE if "stopped after" in str(exc) else HTTPStatus.BAD_REQUEST
            return self._send_text(status, f"{exc}\n")
        except (ValueError, OSError, RuntimeError) as exc:
            return self._send_text(HTTPStatus.BAD_REQUEST, f"query failed: {exc}\n")
        charset = "" if media in ("application/n-triples",) else "; charset=utf-8"
        self._send(HTTPStatus.OK, f"{media}{charset}", payload)

    def _endpoint_url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}/sparql"

    def _cors_headers(self) -> None:
        origin = self.server.kg_config.get("cors_origin")
        if origin:
            self.send_header("Access-Control-Allow-Origin", origin)
            self.send_header("Vary", "Origin")

    def _send_text(self, status: HTTPStatus, text: str) -> None:
        self._send(status, "text/plain; charset=utf-8", text.encode("utf-8"))

    def _send(self, status: HTTPStatus, content_type: str, payload: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(payload)))
        self._cors_headers()
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(payload)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 (http.server's signature)
        if not self.server.kg_config.get("quiet"):
            sys.stderr.write(f"{self.address_string()} {format % args}\n")


def make_server(store, *, host: str = "127.0.0.1", port: int = 7879, allow_network: bool = False,
                timeout: Optional[float] = None, cors_origin: Optional[str] = None,
                quiet: bool = False) -> ThreadingHTTPServer:
    """Return a SPARQL endpoint over an open store, bound but not yet serving.

    Args:
        store: an open store (read-only is enough).
        host, port: where to listen; loopback by default, port 0 picks a free one.
        allow_network: let queries use ``SERVICE``.
        timeout: seconds after which a query is stopped (runs each query in a child process).
        cors_origin: send ``Access-Control-Allow-Origin`` with this value (for browser clients
            such as YASGUI served from another origin); off by default.
    Raises:
        OSError: the address is in use or cannot be bound.
    """
    server = ThreadingHTTPServer((host, port), SparqlHandler)
    server.daemon_threads = True
    server.kg_config = {"store": store, "allow_network": allow_network, "timeout": timeout,
                        "cors_origin": cors_origin, "quiet": quiet}
    return server


def endpoint_url(server: ThreadingHTTPServer) -> str:
    """Return the URL clients should send queries to."""
    host, port = server.server_address[:2]
    host = f"[{host}]" if ":" in host else host
    return f"http://{host}:{port}/sparql"
