"""A query worker process: opens a store read-only once, then answers queries sent on stdin.

Started by ``kg.query.pool.QueryPool`` as ``python -m kg.query.worker STORE``. Messages are
frames (a 4-byte big-endian length, then the bytes): the worker sends a JSON ``{"ready": true}``
or ``{"error": …}`` once the store is open, then for each request frame (JSON: the checked query
text, its dataset, the result formats wanted) a JSON header frame (``kind``, ``media`` or
``error``) and a payload frame (the serialised result). It ends when stdin closes.

Queries arrive checked (``kg.query.guard``) and with their values bound; the worker only runs
them, after rdflib's parse check for SERVICE when the request asks for it (``parse_check``: that
parse takes seconds on a long query, so it runs here, under the time limit, not in the server). Running them here, not in the process that serves HTTP, is what lets a query be
stopped (the process is killed at the deadline) and keeps a crash of the engine from ending more
than this worker.
"""
from __future__ import annotations

import json
import struct
import sys
from typing import BinaryIO, Optional

import pyoxigraph as ox

__all__ = ["read_frame", "write_frame", "serve_requests", "answer"]

_LENGTH = struct.Struct(">I")


def write_frame(stream: BinaryIO, payload: bytes) -> None:
    """Write one frame: its length, then the bytes."""
    stream.write(_LENGTH.pack(len(payload)))
    stream.write(payload)


def read_frame(stream: BinaryIO) -> Optional[bytes]:
    """Read one frame, or return None at the end of the stream."""
    head = stream.read(_LENGTH.size)
    if len(head) < _LENGTH.size:
        return None
    (length,) = _LENGTH.unpack(head)
    payload = stream.read(length)
    return payload if len(payload) == length else None


def answer(store, request: dict) -> tuple[dict, bytes]:
    """Run one request on an open store; return the header and the serialised result."""
    from kg.errors import KGError
    from kg.query.output import serialize_graph, serialize_solutions

    try:
        if request.get("parse_check"):  # the slow half of the SERVICE check, under the time limit
            from kg.query.guard import refuse_parsed_service

            refuse_parsed_service(request["text"])
        result = store.query(request["text"], union=request["union"], prefixes=request["prefixes"],
                             default_graph=request.get("default_graph"),
                             named_graphs=request.get("named_graphs"))
        if isinstance(result, (ox.QuerySolutions, ox.QueryBoolean, bool)):
            kind = "select" if isinstance(result, ox.QuerySolutions) else "ask"
            fmt = ox.QueryResultsFormat.from_media_type(request["results_media"])
            payload = serialize_solutions(result, fmt)
            media = request["results_media"]
        else:
            kind = "graph"
            fmt = ox.RdfFormat.from_media_type(request["graph_media"])
            payload = serialize_graph(result, fmt, prefixes=request["prefixes"])
            media = request["graph_media"]
    except KGError as exc:
        return {"error": str(exc)}, b""
    except (ValueError, OSError, RuntimeError, SyntaxError) as exc:
        return {"error": f"query failed: {exc}"}, b""
    return {"kind": kind, "media": media}, payload


def serve_requests(path: str, stdin: BinaryIO, stdout: BinaryIO) -> None:
    """Open the store at ``path`` read-only and answer requests until ``stdin`` ends."""
    from kg.errors import KGError
    from kg.store.local import Store

    try:
        store = Store.open(path, read_only=True, follow=True)  # sees what a writer stores meanwhile (kg.store.snapshots)
    except KGError as exc:
        write_frame(stdout, json.dumps({"error": str(exc)}).encode("utf-8"))
        stdout.flush()
        return
    with store:
        write_frame(stdout, json.dumps({"ready": True}).encode("utf-8"))
        stdout.flush()
        while True:
            frame = read_frame(stdin)
            if frame is None:
                return
            header, payload = answer(store, json.loads(frame))
            write_frame(stdout, json.dumps(header).encode("utf-8"))
            write_frame(stdout, payload)
            stdout.flush()


if __name__ == "__main__":
    serve_requests(sys.argv[1], sys.stdin.buffer, sys.stdout.buffer)
