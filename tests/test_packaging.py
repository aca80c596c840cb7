"""A normal (non-editable) install finds the ontology and every data file."""
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(out), str(ROOT)], check=True, capture_output=True)
    return next(out.glob("diplokg-*.whl"))


def test_wheel_carries_the_data_files(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("kg/data/ontologies/diplomacy.ttl", "kg/data/ontologies/shapes.ttl", "kg/data/gazetteer/countries.json",
                   "kg/data/gazetteer/role_sources.json", "kg/data/lexicon/claims.json",
                   "kg/data/lexicon/cues.json", "kg/data/lexicon/titles.json",
                   "kg/data/queries/who-met-whom.rq", "kg/view/templates/page.html"):
        assert needed in names, needed
    onto = zipfile.ZipFile(wheel).read("kg/data/ontologies/diplomacy.ttl").decode()
    assert onto == (ROOT / "ontologies" / "diplomacy.ttl").read_text()


def test_installed_copy_reads_its_data_outside_the_source_tree(wheel, tmp_path):
    zipfile.ZipFile(wheel).extractall(tmp_path / "site")
    code = ("import kg, kg.resources as r, kg.query.run as q;"
            "assert kg.__file__.startswith(%r), kg.__file__;"
            "print(len(r.ontology_text()) > 1000, len(q.bundled_queries()) >= 8)" % str(tmp_path / "site"))
    env = {"PYTHONPATH": str(tmp_path / "site"), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "True True"


def test_the_python_version_claimed_is_the_one_the_code_needs(wheel):
    """README, Makefile and pyproject claim the same oldest Python, and the wheel carries it."""
    import re

    claim = re.search(r'requires-python = ">=3\.(\d+)"', (ROOT / "pyproject.toml").read_text()).group(1)
    assert f"Python 3.{claim}+" in (ROOT / "README.md").read_text()
    assert f"Python 3.{claim}+" in (ROOT / "Makefile").read_text()
    metadata = next(n for n in zipfile.ZipFile(wheel).namelist() if n.endswith("METADATA"))
    assert f"Requires-Python: >=3.{claim}" in zipfile.ZipFile(wheel).read(metadata).decode()
    assert sys.version_info >= (3, int(claim))
    uses_file_digest = any("file_digest" in p.read_text() for p in (ROOT / "kg").rglob("*.py"))
    assert int(claim) >= 11 or not uses_file_digest  # hashlib.file_digest came in Python 3.11
