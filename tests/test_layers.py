"""Data flows one way: a test walks the imports with ast, transitively, and keeps the layering true.

Layers, lowest first (a module imports only its own layer or lower ones):

    ground (errors, records, vocab, prefixes, iris, resources, event_classes)
      → ingest, nlp → extract → rdf → store → pipeline, query, view, evaluate, check → cli, terminal, __main__

Every import counts, at module level or inside a function (a lazy import is still a dependency),
and importing ``kg.a.b`` also runs ``kg/__init__`` and ``kg/a/__init__``.
"""
from __future__ import annotations

import ast
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "kg"
GROUND = {"records", "vocab", "prefixes", "iris", "resources", "errors", "event_classes"}
LAYERS = [GROUND, {"ingest", "nlp"}, {"extract"}, {"rdf"}, {"store"},
          {"pipeline", "query", "view", "evaluate", "check"}, {"cli", "terminal", "__main__"}]
# Known imports against the layering, to be removed (this list only shrinks): (importer, imported).
UPWARD_ALLOWED = {
    ("kg.store.local", "kg.query.sparql"),  # bind_values, error_with_caret: SPARQL text helpers
    ("kg.store.remote", "kg.query.sparql"),
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PKG.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@lru_cache(maxsize=None)
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PKG.rglob("*.py")}


@lru_cache(maxsize=None)
def direct_imports(name: str) -> frozenset[str]:
    """Return every module ``name`` imports, anywhere in its body, resolved to full names."""
    path = modules()[name]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            found.add(base)
            found |= {f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in modules()}
    return frozenset(found)


def with_parents(name: str) -> set[str]:
    """``kg.a.b`` runs ``kg``, ``kg.a`` and ``kg.a.b``."""
    parts = name.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts) + 1)}


@lru_cache(maxsize=None)
def closure(name: str) -> frozenset[str]:
    """Return every module (ours and third-party top-level names) importing ``name`` can run."""
    ours, seen, todo = modules(), set(), [name]
    while todo:
        current = todo.pop()
        for imported in direct_imports(current):
            for step in with_parents(imported) if imported.startswith("kg") else {imported.split(".")[0]}:
                if step not in seen:
                    seen.add(step)
                    if step in ours:
                        todo.append(step)
    return frozenset(seen)


def layer(name: str) -> int:
    top = name.split(".")[1] if name.count(".") else ""
    return next(i for i, members in enumerate(LAYERS) if top in members) if top else len(LAYERS)


def test_every_module_is_in_a_layer():
    for name in modules():
        if name != "kg":
            assert layer(name) < len(LAYERS), f"{name}: add its folder to LAYERS"


def test_imports_point_down_only():
    wrong = set()
    for name in modules():
        for imported in direct_imports(name):
            if imported.startswith("kg.") and imported in modules() and layer(imported) > layer(name):
                wrong.add((name, imported))
    assert wrong <= UPWARD_ALLOWED, sorted(wrong - UPWARD_ALLOWED)
    assert UPWARD_ALLOWED <= wrong, f"fixed, remove from UPWARD_ALLOWED: {sorted(UPWARD_ALLOWED - wrong)}"


def test_extract_never_imports_rdflib_or_pyoxigraph_even_indirectly():
    for name in modules():
        if name.startswith("kg.extract"):
            reached = closure(name)
            assert not reached & {"rdflib", "pyoxigraph"}, (name, sorted(m for m in reached if m.startswith("kg")))


def test_rdf_and_later_stages_never_import_spacy_even_indirectly():
    for name in modules():
        if name != "kg" and layer(name) >= layer("kg.rdf") and name.split(".")[1] not in ("pipeline", "cli", "__main__"):
            assert "spacy" not in closure(name), name


def test_importing_extraction_loads_no_rdf_library():
    """The same, as Python sees it: import every extraction module and look at ``sys.modules``."""
    names = sorted(n for n in modules() if n.startswith("kg.extract"))
    code = ("import sys\n" + "".join(f"import {n}\n" for n in names)
            + "print(sorted(m for m in ('rdflib', 'pyoxigraph') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_ground_floor_imports_nothing_of_ours_but_ground_floor():
    for name in modules():
        if layer(name) == 0:
            ours = {i for i in closure(name) if i.startswith("kg.")}
            assert all(layer(i) == 0 for i in ours), (name, ours)


def test_nothing_imports_the_cli():
    for name in modules():
        if name != "kg.cli":
            assert "kg.cli" not in direct_imports(name), name


def test_only_pipeline_chains_extract_and_store():
    for name in modules():
        imported = direct_imports(name)
        if any(i.startswith("kg.extract") for i in imported) and any(i.startswith("kg.store") for i in imported):
            assert name.startswith("kg.pipeline"), name


def test_the_walker_sees_lazy_relative_and_indirect_imports():
    """The checks above would pass vacuously if the walker missed imports: show it does not."""
    assert "kg.nlp.lexicon" in direct_imports("kg.extract.state")
    assert "kg.nlp.dateline" in direct_imports("kg.nlp.model")  # inside a function
    assert "kg.resources" in closure("kg.extract.state")  # through kg.nlp.lexicon
    assert "spacy" in closure("kg.pipeline.build")
