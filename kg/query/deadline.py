"""A deadline for a one-shot command: end the process if a block is still running after it.

``kg query --timeout`` runs one query in one process, so ending the process is how the query
stops: pyoxigraph runs a query without holding the GIL, so a timer thread fires on time however
long the query takes, and a quick query pays nothing for it (no worker process). Meant for the
command line only: a long-lived program (``kg serve``, a notebook) stops queries with
``kg.query.pool`` instead, which kills a worker, not itself.
"""
from __future__ import annotations

import contextlib
import os
import sys
import threading
from typing import Iterator, Optional

__all__ = ["exit_after"]


@contextlib.contextmanager
def exit_after(seconds: Optional[float], option: str = "--timeout") -> Iterator[None]:
    """End this process with exit code 1 and one message if the block outlives ``seconds``."""
    if not seconds:
        yield
        return

    def stop() -> None:
        try:
            sys.stdout.flush()
        except (OSError, ValueError):
            pass
        sys.stderr.write(f"kg: error: query stopped after {seconds:g} s ({option})\n")
        sys.stderr.flush()
        os._exit(1)

    timer = threading.Timer(seconds, stop)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
