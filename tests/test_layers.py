"""Data flows one way: a test walks the imports with ast and keeps the layering true."""
import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "kg"
GROUND = {"records", "vocab", "iris", "resources", "errors", "event_classes"}


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def modules():
    for path in PKG.rglob("*.py"):
        yield path.relative_to(PKG).with_suffix("").as_posix().replace("/", "."), path


def test_extract_never_imports_rdflib():
    for name, path in modules():
        if name.startswith("extract"):
            assert not any(i.split(".")[0] == "rdflib" for i in imports_of(path)), name


def test_mapping_and_later_stages_never_import_spacy():
    for name, path in modules():
        if name.split(".")[0] in ("rdf", "store", "query", "evaluate", "view"):
            assert not any(i.split(".")[0] == "spacy" for i in imports_of(path)), name


def test_ground_floor_imports_nothing_of_ours_but_ground_floor():
    for name, path in modules():
        if name in GROUND:
            ours = {i.split(".")[1] for i in imports_of(path) if i.startswith("kg.")}
            assert ours <= GROUND, (name, ours)


def test_nothing_imports_the_cli():
    for name, path in modules():
        if name != "cli":
            assert "kg.cli" not in imports_of(path), name


def test_only_pipeline_chains_extract_and_store():
    for name, path in modules():
        imported = imports_of(path)
        if any(i.startswith("kg.extract") for i in imported) and any(i.startswith("kg.store") for i in imported):
            assert name.startswith("pipeline"), name
