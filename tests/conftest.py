"""Shared fixtures: the loaded reader (model, gazetteer, lexicon) and a store built once."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples" / "articles"
GOLD = Path(__file__).resolve().parent / "gold"


@pytest.fixture(scope="session")
def reader():
    """The spaCy pipeline with the gazetteer ruler, loaded once for the session."""
    from kg.pipeline import load_reader

    return load_reader()


@pytest.fixture(scope="session")
def lexicon():
    from kg.lexicon import load_lexicon

    return load_lexicon()


@pytest.fixture(scope="session")
def gazetteer():
    from kg.gazetteer import load_gazetteer

    return load_gazetteer()


@pytest.fixture(scope="session")
def example_store(tmp_path_factory, reader):
    """A store built from the four example articles (read-only use in tests)."""
    from kg.pipeline import build_graph
    from kg.store import open_store

    path = tmp_path_factory.mktemp("examples") / "store"
    with open_store(path) as store:
        build_graph([str(EXAMPLES)], store=store, reader=reader)
    return path


@pytest.fixture
def run_query_on(example_store):
    """Run SPARQL on the example store and return rows as lists of strings."""
    from kg.query import result_rows, run_query
    from kg.store import open_store

    def run(text, **params):
        import pyoxigraph as ox

        with open_store(example_store, read_only=True) as store:
            result = run_query(store, text, params={k: ox.Literal(v) for k, v in params.items()})
            return result_rows(result)[1]

    return run
