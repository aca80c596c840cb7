"""What a caller asks of the view (``ViewOptions``) and what it gets back (``ViewReport``)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from kg.errors import InputError

MODES = ("events", "actors")
_ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class ViewOptions:
    """Choose what the HTML view shows: a neighbourhood, event types, a period, a size limit.

    Args:
        focus: an actor's name, alternative name or IRI; only its neighbourhood is shown.
        hops: how many actor-to-actor steps (each through one event) the neighbourhood spans.
        types: event class local names (``"Summit"``); a class includes its subclasses.
        since: ISO date (``2024``, ``2024-06`` or ``2024-06-19``); keep events ending on or after.
        until: ISO date; keep events starting on or before it.
        max_nodes: above this many nodes, draw the actor network and list every event (with a
            focus: keep its most central actors and their events).
        mode: ``"events"`` (actors and event nodes) or ``"actors"`` (actor network) at load.
        title: the page heading.

    Raises:
        InputError: when a value is out of range or a date is not ISO.

    >>> ViewOptions(types=["Summit"]).types
    ('Summit',)
    """

    focus: Optional[str] = None
    hops: int = 1
    types: tuple[str, ...] = ()
    since: Optional[str] = None
    until: Optional[str] = None
    max_nodes: int = 1500
    mode: str = "events"
    title: str = "diplokg"

    def __post_init__(self) -> None:
        object.__setattr__(self, "types", tuple(self.types or ()))
        if self.hops < 0:
            raise InputError(f"hops must be 0 or more, not {self.hops}")
        if self.max_nodes < 1:
            raise InputError(f"max_nodes must be at least 1, not {self.max_nodes}")
        if self.mode not in MODES:
            raise InputError(f"mode must be one of {', '.join(MODES)}, not {self.mode!r}")
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None and not _ISO_DATE.match(value):
                raise InputError(f"{name} must be an ISO date such as 2024-06-19, not {value!r}")
        if self.since and self.until and self.since > self.until:
            raise InputError(f"since ({self.since}) is after until ({self.until})")


@dataclass(frozen=True)
class ViewReport:
    """Say what was written: node and edge counts shown at load, what the size limit dropped."""

    nodes: int
    edges: int
    dropped_nodes: int
    truncated: bool
    path: Path
    message: str
