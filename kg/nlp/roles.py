"""Reference roles: the terms of office the gazetteer (or a user's roles file) knows, with their dates.

A role entry is ``{"title": "President", "of": "united_states", "start": "2017-01-20", "end":
"2021-01-20", "source": "ep-us-cabinet"}``; a person who held an office twice has two entries.
``source`` is a text or a list of texts; in the gazetteer, keys of ``role_sources.json`` (which
give each source's URLs and what was read there).
Dates are ISO text at the precision the source gives (``2017-01-20``, ``2017-01``, ``2017``);
``held_on`` is the latest date a source shows an open term still held; ``former`` marks a term
known to have ended when its end date is not known. What no source gave stays absent: an
unknown end is never read as "still in office".

The same entries, in a file of people (``[{"id": …, "name": …, "roles": [...]}]``, the shape of
``kg/data/gazetteer/people.json``), are a user's own reference roles (``kg check --roles FILE``).
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Optional

from kg.errors import InputError
from kg.records import Role

__all__ = ["ROLE_FIELDS", "PersonRoles", "role_from_json", "summarise", "date_bounds", "read_roles_file"]

ROLE_FIELDS = frozenset({"title", "of", "former", "start", "end", "held_on", "source"})
_ISO = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def date_bounds(value: str) -> tuple[dt.date, dt.date]:
    """Return the first and last day an ISO date of any precision can mean.

    >>> date_bounds("2017")
    (datetime.date(2017, 1, 1), datetime.date(2017, 12, 31))
    >>> date_bounds("2024-02")[1]
    datetime.date(2024, 2, 29)

    Raises:
        ValueError: ``value`` is not ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` on the calendar.
    """
    if not _ISO.fullmatch(value or ""):
        raise ValueError(f"not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {value!r}")
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        day = dt.date(*parts)
        return day, day
    if len(parts) == 2:
        first = dt.date(parts[0], parts[1], 1)
        following = dt.date(parts[0] + (parts[1] == 12), parts[1] % 12 + 1, 1)
        return first, following - dt.timedelta(days=1)
    return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)


def _date_field(raw: dict, name: str, where: str) -> Optional[str]:
    value = raw.get(name)
    if value is None:
        return None
    try:
        date_bounds(value if isinstance(value, str) else "")
    except ValueError:
        raise InputError(f"{where}: {name} {value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") from None
    return value


def role_from_json(raw: object, where: str) -> Role:
    """Read one role entry, checking its fields and dates.

    Args:
        raw: the entry as parsed from JSON.
        where: names the entry in error messages (file and person).
    Returns:
        The ``Role``.
    Raises:
        InputError: an unknown field, a missing title, a malformed date, or an end before the start.

    >>> role_from_json({"title": "President", "of": "russia", "start": "2012-05-07"}, "x").start
    '2012-05-07'
    """
    if not isinstance(raw, dict):
        raise InputError(f"{where}: a role must be an object with a title, not {raw!r}")
    unknown = sorted(set(raw) - ROLE_FIELDS)
    if unknown:
        raise InputError(f"{where}: unknown role field(s) {', '.join(unknown)} (known: {', '.join(sorted(ROLE_FIELDS))})")
    title, of = raw.get("title"), raw.get("of")
    if not isinstance(title, str) or not title.strip():
        raise InputError(f"{where}: a role needs a title")
    if of is not None and not isinstance(of, str):
        raise InputError(f"{where}: 'of' must be an id, not {of!r}")
    start, end, held_on = (_date_field(raw, name, where) for name in ("start", "end", "held_on"))
    if start and end and date_bounds(end)[1] < date_bounds(start)[0]:
        raise InputError(f"{where}: {title} ends ({end}) before it starts ({start})")
    if end and held_on:
        raise InputError(f"{where}: {title} has an end, so held_on (for open terms) does not apply")
    source = raw.get("source", [])
    sources = [source] if isinstance(source, str) else source
    if not isinstance(sources, list) or not all(isinstance(s, str) and s.strip() for s in sources):
        raise InputError(f"{where}: source must be a text or a list of texts naming where the dates come from")
    return Role(title, of, raw.get("former") is True, start, end, held_on, tuple(sources))


def summarise(roles: Iterable[Role]) -> tuple[tuple[str, Optional[str], bool], ...]:
    """Return one ``(title, of, former)`` per office, in first-seen order: former when every term ended.

    >>> summarise([Role("President", "us", end="2021"), Role("President", "us", start="2025")])
    (('President', 'us', False),)
    """
    ended: dict[tuple[str, Optional[str]], bool] = {}
    for role in roles:
        key = (role.title, role.of_key)
        ended[key] = ended.get(key, True) and role.ended
    return tuple((title, of, former) for (title, of), former in ended.items())


@dataclass(frozen=True)
class PersonRoles:
    """One person of a roles file: a gazetteer id and/or names, and their reference roles."""

    person_id: Optional[str]
    names: tuple[str, ...]
    roles: tuple[Role, ...]


def read_roles_file(path: Path | str) -> tuple[PersonRoles, ...]:
    """Read a user's roles file: a JSON list of people, each with an ``id`` or a ``name`` and ``roles``.

    Raises:
        InputError: the file cannot be read, is not JSON, or an entry is malformed.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read roles file {path}: {exc.strerror or exc}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"roles file {path} is not JSON: {exc}") from None
    if not isinstance(data, list):
        raise InputError(f"roles file {path}: expected a list of people, each with an id or name and roles")
    return tuple(_person(entry, f"{path} entry {i + 1}") for i, entry in enumerate(data))


def _person(entry: object, where: str) -> PersonRoles:
    if not isinstance(entry, dict):
        raise InputError(f"{where}: expected an object with an id or name and roles")
    person_id, name = entry.get("id"), entry.get("name")
    aliases = entry.get("aliases", [])
    if not (isinstance(person_id, str) and person_id) and not (isinstance(name, str) and name.strip()):
        raise InputError(f"{where}: a person needs an id (of the gazetteer) or a name")
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise InputError(f"{where}: aliases must be a list of names")
    roles = entry.get("roles")
    if not isinstance(roles, list) or not roles:
        raise InputError(f"{where}: roles must be a non-empty list")
    label = name or person_id
    names = tuple(n for n in (name, *aliases) if isinstance(n, str) and n.strip())
    return PersonRoles(person_id if isinstance(person_id, str) and person_id else None, names,
                       tuple(role_from_json(r, f"{where} ({label})") for r in roles))
