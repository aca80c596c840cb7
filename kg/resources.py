"""Find the package's data files (ontology, gazetteer, lexicons, bundled queries).

The one place that knows where data lives: everything goes through ``importlib.resources``, so
the files are found the same way in an editable install, a wheel, or a zip.
"""
from __future__ import annotations

import json
from importlib import resources
from importlib.abc import Traversable
from typing import Any

ONTOLOGY_FILE = "diplomacy.ttl"


def data_path(*parts: str) -> Traversable:
    """Return the packaged data file or folder at ``kg/data/<parts>``."""
    node = resources.files("kg").joinpath("data")
    for part in parts:
        node = node.joinpath(part)
    return node


def read_text(*parts: str) -> str:
    """Return the text of a packaged data file."""
    return data_path(*parts).read_text(encoding="utf-8")


def read_json(*parts: str) -> Any:
    """Return the parsed content of a packaged JSON data file."""
    return json.loads(read_text(*parts))


def ontology_text() -> str:
    """Return the Turtle text of the diplomacy ontology."""
    return read_text("ontologies", ONTOLOGY_FILE)


def bundled_query_files() -> dict[str, str]:
    """Return the bundled SPARQL queries as ``{name: text}``, sorted by name."""
    folder = data_path("queries")
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".rq")), key=lambda f: f.name)
    return {f.name[:-3]: f.read_text(encoding="utf-8") for f in files}
