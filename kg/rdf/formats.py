"""Choosing an RDF format by name or by a file's extension (export and import share this)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Mapping, Optional

from kg.errors import InputError


def choose_format(path: os.PathLike | str, requested: Optional[str], formats: Mapping,
                  extensions: Mapping[str, str], what: str = "format") -> str:
    """Return ``requested`` when it is a known format, else the one ``path``'s extension names.

    Raises:
        InputError: an unknown format name, or an extension that names none.
    """
    if requested:
        if requested not in formats:
            raise InputError(f"unknown {what} {requested!r}; choose one of {', '.join(formats)}")
        return requested
    suffix = Path(path).suffix.lower()
    if suffix not in extensions:
        raise InputError(f"cannot tell the {what} of {path} from its extension; pass --format "
                         f"({', '.join(formats)})")
    return extensions[suffix]
