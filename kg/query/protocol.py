"""The HTTP side of the SPARQL 1.1 Protocol, without a server: bodies, negotiation, service description.

Kept apart from ``kg.query.server`` so each rule can be read and tested on its own:

* ``read_body``: a request body is read only with a valid ``Content-Length`` no larger than the
  cap; ``-1``, ``abc`` or two different lengths are 400, a missing length 411, a chunked body
  411 (the endpoint asks for a length rather than read an unbounded stream), too large 413. A
  body that is refused is never read, and the connection is then closed.
* ``negotiate``: the ``Accept`` header against the media types a result can take.
* ``service_description``: what the endpoint supports, in the SPARQL 1.1 Service Description
  vocabulary, for a GET without a query that asks for RDF.
"""
from __future__ import annotations

import re
from http import HTTPStatus
from typing import BinaryIO, Mapping, Optional

import pyoxigraph as ox

from kg.rdf.formats import GRAPH_MEDIA_TYPES, RESULT_MEDIA_TYPES

__all__ = ["MAX_BODY", "BodyRefused", "read_body", "negotiate", "service_description", "RESULT_TYPES",
           "GRAPH_TYPES"]

MAX_BODY = 10 * 1024 * 1024
RESULT_TYPES, GRAPH_TYPES = RESULT_MEDIA_TYPES, GRAPH_MEDIA_TYPES
SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


class BodyRefused(Exception):
    """A request body that is not read: the status to answer and why."""

    def __init__(self, status: HTTPStatus, message: str):
        super().__init__(message)
        self.status = status


def read_body(headers: Mapping[str, str], stream: BinaryIO, *, limit: int = MAX_BODY) -> bytes:
    """Read a request body as ``headers`` describe it, or refuse it unread.

    >>> import io
    >>> read_body({"Content-Length": "5"}, io.BytesIO(b"hello, more"))
    b'hello'
    >>> read_body({"Content-Length": "-1"}, io.BytesIO(b"x"))
    Traceback (most recent call last):
    ...
    kg.query.protocol.BodyRefused: Content-Length must be a whole number of bytes, not '-1'

    Raises:
        BodyRefused: 400 for a malformed length, 411 for none or a chunked body, 413 above ``limit``.
    """
    encoding = _all(headers, "Transfer-Encoding")
    lengths = {v.strip() for value in _all(headers, "Content-Length") for v in value.split(",")}
    if encoding:
        if lengths:
            raise BodyRefused(HTTPStatus.BAD_REQUEST, "send Content-Length or Transfer-Encoding, not both")
        raise BodyRefused(HTTPStatus.LENGTH_REQUIRED,
                          "chunked request bodies are not accepted; send the body with a Content-Length")
    if not lengths:
        raise BodyRefused(HTTPStatus.LENGTH_REQUIRED, "a POST needs a Content-Length header")
    if len(lengths) > 1:
        raise BodyRefused(HTTPStatus.BAD_REQUEST, "conflicting Content-Length headers")
    (raw,) = lengths
    if not re.fullmatch(r"[0-9]{1,19}", raw):
        raise BodyRefused(HTTPStatus.BAD_REQUEST, f"Content-Length must be a whole number of bytes, not {raw[:40]!r}")
    length = int(raw)
    if length > limit:
        raise BodyRefused(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                          f"request body of {length:,} bytes is over the limit of {limit:,}")
    body = stream.read(length)
    if len(body) < length:
        raise BodyRefused(HTTPStatus.BAD_REQUEST, f"the body ended after {len(body)} of {length} bytes")
    return body


def _all(headers, name: str) -> list[str]:
    getter = getattr(headers, "get_all", None)
    if getter is not None:
        return getter(name) or []
    value = headers.get(name)
    return [value] if value is not None else []


def negotiate(accept: Optional[str], offers: Mapping, default: str) -> Optional[str]:
    """Return the media type of ``offers`` that ``accept`` prefers, ``default`` for ``*/*``, or None.

    >>> negotiate("text/csv;q=0.5, application/sparql-results+xml", RESULT_TYPES, "application/sparql-results+json")
    'application/sparql-results+xml'
    >>> negotiate("image/png", RESULT_TYPES, "application/sparql-results+json") is None
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


def service_description(endpoint: str, *, allow_network: bool) -> list:
    """Return the endpoint's SPARQL 1.1 Service Description as pyoxigraph triples.

    >>> triples = service_description("http://127.0.0.1:7879/sparql", allow_network=False)
    >>> any(t.object.value == SD + "SPARQL11Query" for t in triples)
    True
    """
    service = ox.NamedNode(endpoint)

    def sd(name: str) -> "ox.NamedNode":
        return ox.NamedNode(SD + name)

    triples = [ox.Triple(service, ox.NamedNode(RDF_TYPE), sd("Service")),
               ox.Triple(service, sd("endpoint"), service),
               ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
               ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
               ox.Triple(service, sd("defaultEntailmentRegime"), ox.NamedNode("http://www.w3.org/ns/entailment/Simple"))]
    if allow_network:
        triples.append(ox.Triple(service, sd("feature"), sd("BasicFederatedQuery")))
    formats = {*RESULT_TYPES.values(), *GRAPH_TYPES.values()}
    for iri in sorted(f.iri for f in formats):
        triples.append(ox.Triple(service, sd("resultFormat"), ox.NamedNode(iri)))
    return triples
