"""Bundled queries declare their parameters; missing, unknown and ill-typed values are one clear error."""
from __future__ import annotations

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import QueryError
from kg.query.params import KINDS, Param, bundled_queries, read_declarations, to_term
from kg.query.run import run_query
from kg.query.sparql import variables
from kg.store.local import open_store


def kg_query(store, *args):
    return CliRunner().invoke(main, ["query", *args, "--store", str(store)])


def test_every_bundled_parameter_is_declared_and_used():
    queries = bundled_queries()
    assert {p.name for p in queries["events-of-actor"].params} == {"name"}
    assert queries["events-of-actor"].params[0].required
    assert queries["provenance"].params == (Param("type", "iri", False, queries["provenance"].params[0].description),)
    for query in queries.values():
        for param in query.params:
            assert param.kind in KINDS and param.description
            assert param.name in variables(query.text), (query.name, param.name)


def test_list_shows_each_parameter():
    out = CliRunner().invoke(main, ["query", "--list"])
    assert out.exit_code == 0
    assert "--param name=STRING (required)" in out.output and "--param type=IRI (optional)" in out.output


@pytest.mark.parametrize("args,message", [
    (["events-of-actor"], "needs --param name="),
    (["events-of-actor", "--param", "nme=Kim Jong Un"], "has no parameter 'nme'; it takes: name (did you mean 'name'?)"),
    (["events-of-actor", "--param", "name=Kim Jong Un", "--param", "name=Moon"], "given more than once"),
    (["provenance", "--param", "type=Summit"], "is not an IRI"),
    (["who-met-whom", "--param", "name=x"], "takes: no parameters"),
    (["SELECT ?n WHERE { }", "--param", "m=1"], "no variable ?m"),
    (["SELECT ?n WHERE { }", "--param", "no-equals"], "NAME=VALUE"),
])
def test_bad_parameters_are_one_clear_error(mini_store, args, message):
    out = kg_query(mini_store, *args)
    assert out.exit_code == 1 and message in out.output and "Traceback" not in out.output, out.output


def test_declared_kinds_read_the_value(mini_store):
    out = kg_query(mini_store, "provenance", "--param", "type=dip:Summit", "--format", "csv")
    assert out.exit_code == 0
    out = kg_query(mini_store, "events-of-actor", "--param", "name=<not an iri>", "--format", "csv")
    assert out.exit_code == 0 and out.output.splitlines() == ["date,type,role,event,factuality,sources,documents"]


def test_the_api_checks_declared_parameters(mini_store):
    with open_store(mini_store, read_only=True) as store:
        with pytest.raises(QueryError, match="needs --param name"):
            run_query(store, "events-of-actor")
        with pytest.raises(QueryError, match="is not a string"):
            run_query(store, "events-of-actor", params={"name": 3})
        assert run_query(store, "provenance", params={"type": "dip:Meeting"}).kind == "select"


def test_declaration_lines_are_checked():
    with pytest.raises(QueryError, match="malformed parameter line"):
        read_declarations("q", "# q\n# @param name text required -- a label\nSELECT * {}")
    with pytest.raises(QueryError, match="not an integer"):
        to_term("12a", "integer", name="n")
    assert to_term("2019-06-30", "date").datatype.value.endswith("#date")
