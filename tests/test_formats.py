"""One table of formats (kg.rdf.formats) and one prefix map (kg.prefixes), used everywhere."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.errors import InputError
from kg.prefixes import PREFIXES
from kg.rdf.formats import (EXPORT_FORMATS, GRAPH_MEDIA_TYPES, QUERY_FORMATS, RDF_FORMATS, RESULT_FORMATS,
                            RESULT_MEDIA_TYPES, choose_format, format_from_path, graph_format)


@pytest.mark.parametrize("name", sorted(RDF_FORMATS))
def test_each_syntax_is_found_from_its_own_extension_and_media_type(name):
    fmt = RDF_FORMATS[name]
    assert format_from_path(f"data.{fmt.file_extension.upper()}", RDF_FORMATS) == name
    assert GRAPH_MEDIA_TYPES[fmt.media_type] is fmt


def test_extensions_outside_the_allowed_set_or_unknown_are_refused():
    assert format_from_path("graph.n3", EXPORT_FORMATS) is None  # n3 is read, never exported
    assert format_from_path("notes.txt", RDF_FORMATS) is None  # pyoxigraph would say N-Triples
    with pytest.raises(InputError, match="cannot tell the format of x.txt"):
        choose_format("x.txt", None, EXPORT_FORMATS)
    with pytest.raises(InputError, match="unknown format 'n3'"):
        choose_format("x.ttl", "n3", EXPORT_FORMATS)


def test_results_formats_and_their_media_types():
    for fmt in RESULT_FORMATS.values():
        assert RESULT_MEDIA_TYPES[fmt.media_type.split(";")[0]] is fmt
    assert graph_format("xml") is ox.RdfFormat.RDF_XML and graph_format("csv") is None


def test_the_cli_offers_exactly_the_registry():
    from kg.cli import main

    choices = {c.name: next(p.type.choices for p in c.params if p.name == "fmt")
               for c in main.commands.values() if any(p.name == "fmt" for p in c.params)}
    assert list(choices["query"]) == list(QUERY_FORMATS)
    assert set(QUERY_FORMATS) - {"table"} == set(RESULT_FORMATS) | {n for n in QUERY_FORMATS if graph_format(n)}
    assert list(choices["export"]) == list(EXPORT_FORMATS)
    assert list(choices["import"]) == list(RDF_FORMATS)


def test_the_prefix_map_is_the_one_queries_and_exports_use(mini_store, tmp_path):
    from kg.query.run import run_query
    from kg.rdf.export import export_store
    from kg.store.local import open_store

    with open_store(mini_store, read_only=True) as store:
        for name, iri in PREFIXES.items():  # every prefix is predeclared for queries
            result = run_query(store, f"SELECT (STR({name}:x) AS ?i) WHERE {{}}")
            assert [row["i"].value for row in result.value] == [iri + "x"]
        export_store(store, tmp_path / "out.ttl")
    head = (tmp_path / "out.ttl").read_text(encoding="utf-8")
    assert f"@prefix dip: <{PREFIXES['dip']}> ." in head and f"@prefix kgid: <{PREFIXES['kgid']}> ." in head
