"""`kg --help` and `kg query` start without loading spaCy (run in a fresh interpreter)."""
from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

PROBE = textwrap.dedent("""
    import sys
    from click.testing import CliRunner
    from kg.cli import main

    result = CliRunner().invoke(main, sys.argv[1:])
    assert result.exit_code == 0, result.output
    heavy = sorted(m for m in ("spacy", "thinc", "dateparser", "pyvis", "dask") if m in sys.modules)
    print("HEAVY:" + ",".join(heavy))
""")


def heavy_modules_after(*args: str) -> list[str]:
    out = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr + out.stdout
    line = next(l for l in out.stdout.splitlines() if l.startswith("HEAVY:"))
    return [m for m in line[len("HEAVY:"):].split(",") if m]


@pytest.mark.parametrize("args", [["--help"], ["build", "--help"], ["query", "--list"]])
def test_help_does_not_load_spacy(args):
    assert heavy_modules_after(*args) == []


@pytest.mark.slow
def test_query_on_a_small_store_does_not_load_spacy(example_store):
    assert heavy_modules_after("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
                               "--store", str(example_store)) == []


@pytest.mark.slow
def test_rebuild_with_nothing_new_does_not_load_spacy(example_store, tmp_path):
    import shutil
    from pathlib import Path

    copy = tmp_path / "store"
    shutil.copytree(example_store, copy, ignore=shutil.ignore_patterns("*.lock"))
    examples = Path(__file__).resolve().parents[1] / "examples" / "articles"
    assert heavy_modules_after("build", str(examples), "--store", str(copy), "-q") == []
