"""Serving while ingesting (issue #14): with ``kg serve`` running, ``kg build`` and ``kg remove``
work, and the endpoint answers with what they stored once it is written.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow  # the model is loaded (in this process or a child)
ARTICLES = sorted((ROOT / "examples" / "articles").glob("*.txt"))
DOCUMENTS = """SELECT ?id WHERE { ?d a <https://w3id.org/diplokg/ontology#Document> ;
  <http://purl.org/dc/terms/identifier> ?id } ORDER BY ?id"""


def ask(url: str) -> list[str]:
    query = urllib.parse.urlencode({"query": DOCUMENTS})
    request = urllib.request.Request(f"{url}?{query}", headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        rows = json.load(response)["results"]["bindings"]
    return [row["id"]["value"] for row in rows]


def eventually(url: str, expected: list[str], seconds: float = 30) -> list[str]:
    """What the endpoint answers once it shows ``expected`` (it follows the writer's snapshots)."""
    deadline = time.monotonic() + seconds
    while True:
        found = ask(url)
        if found == expected or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


@pytest.fixture
def served(tmp_path: Path, reader):
    """A store with one article, served by a real ``kg serve`` process on a free port."""
    store = tmp_path / "store"
    first = tmp_path / "first"
    first.mkdir()
    shutil.copy(ARTICLES[0], first)
    result = CliRunner().invoke(main, ["build", str(first), "--store", str(store), "-q"], obj={"reader": reader})
    assert result.exit_code == 0, result.output
    child = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--port", "0", "-q"],
                             cwd=ROOT, stderr=subprocess.PIPE, text=True)
    line = child.stderr.readline()
    url = line.split(" at ", 1)[1].split(" ", 1)[0] if " at " in line else None
    assert url, line
    yield store, url
    child.terminate()
    child.wait(timeout=30)


def test_build_and_remove_while_the_store_is_served(served, reader, tmp_path: Path) -> None:
    store, url = served
    assert ask(url) == [ARTICLES[0].stem]
    build = CliRunner().invoke(main, ["build", str(ROOT / "examples" / "articles"), "--store", str(store), "-q"],
                               obj={"reader": reader})
    assert build.exit_code == 0, build.output  # it failed: "another kg process is reading it"
    every = sorted(path.stem for path in ARTICLES)
    assert eventually(url, every) == every
    removed = CliRunner().invoke(main, ["remove", ARTICLES[1].stem, "--store", str(store)])
    assert removed.exit_code == 0, removed.output
    rest = [stem for stem in every if stem != ARTICLES[1].stem]
    assert eventually(url, rest) == rest
    listed = CliRunner().invoke(main, ["list", "--store", str(store)])  # another reader meanwhile
    assert listed.exit_code == 0 and ARTICLES[1].stem not in listed.output
