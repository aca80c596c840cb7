"""Reading the store for a check: SELECT queries with the project's prefixes, rows of plain values."""
from __future__ import annotations

from typing import Mapping, Optional

from kg.prefixes import PREFIXES

Row = Mapping[str, Optional[str]]


def select(store, query: str) -> list[dict[str, Optional[str]]]:
    """Run a SELECT over the union of the store's graphs; return each row's values as text (None: unbound)."""
    result = store.query(query, prefixes=PREFIXES)
    names = [v.value for v in result.variables]
    return [{name: (None if row[name] is None else row[name].value) for name in names} for row in result]
