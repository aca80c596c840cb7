"""Queries: read-only, no network or files, timeouts, positions, formats, bindings, bundled queries."""
from __future__ import annotations

import io

import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner

from kg.cli import main
from kg.errors import QueryError
from kg.query.run import bundled_queries, parse_param, result_rows, run_query, serialize_result
from kg.store.local import open_store

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture
def store(mini_store):
    with open_store(mini_store, read_only=True) as opened:
        yield opened


def rows(result):
    return result_rows(result)[1]


def test_union_of_documents_is_the_default_graph(store):
    assert rows(run_query(store, 'SELECT ?n { ?a rdfs:label ?n FILTER(?n = "Kim Jong Un") }'))  # default prefixes
    assert rows(run_query(store, "ASK { ?e a dip:Meeting }")) == [["true"]]


@pytest.mark.parametrize("update", [
    "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
    "PREFIX e: <http://e/> DELETE WHERE { ?s ?p ?o }",
    "DROP ALL", "CLEAR GRAPH <http://e/g>", "# comment\nprefix e: <http://e/>\n  insert { ?s e:p 1 } where { ?s ?p ?o }",
])
def test_updates_are_refused(store, update):
    with pytest.raises(QueryError, match="UPDATE is not allowed"):
        run_query(store, update)


def test_load_update_is_refused_without_reaching_the_network(store, loopback_http):
    url, hits = loopback_http
    with pytest.raises(QueryError, match="UPDATE is not allowed"):
        run_query(store, f"LOAD <{url}/data.ttl>")
    assert hits == []


def test_service_is_refused_and_never_called(store, loopback_http):
    url, hits = loopback_http
    query = f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"
    for text in (query, query.replace("SERVICE", "service"), query.replace("SERVICE", r"\u0053ERVICE")):
        with pytest.raises(QueryError, match="--allow-network"):
            run_query(store, text)
    assert hits == []
    # the check is what stops it: Oxigraph itself would call the endpoint
    list(run_query(store, query, allow_network=True).value)
    assert hits, "SERVICE with --allow-network should reach the loopback server"


def test_from_names_store_graphs_and_loads_nothing(store, loopback_http, tmp_path):
    url, hits = loopback_http
    secret = tmp_path / "secret.ttl"
    secret.write_text("<http://e/secret> <http://e/p> <http://e/o> .\n")
    for iri in (f"{url}/data.ttl", secret.as_uri(), "file:///etc/passwd"):
        assert rows(run_query(store, f"SELECT * FROM <{iri}> WHERE {{ ?s ?p ?o }}")) == []
        assert rows(run_query(store, f"SELECT * FROM NAMED <{iri}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}")) == []
    assert hits == []
    doc_a = store.graph_for_doc_id("doc-a")
    only_a = rows(run_query(store, f"SELECT DISTINCT ?id FROM <{doc_a}> WHERE {{ ?d dcterms:identifier ?id }}"))
    assert only_a == [["doc-a"]]


def test_syntax_error_points_at_the_position(store):
    with pytest.raises(QueryError) as info:
        run_query(store, "SELECT * WHERE {\n  ?s ?p \n}")
    message = str(info.value)
    assert "line 3, column" in message and message.splitlines()[-1].strip() == "^"
    assert message.splitlines()[-2].strip() == "}"  # the offending line is shown


def test_timeout_stops_a_runaway_query(store):
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    with pytest.raises(QueryError, match=r"stopped after 1 s"):  # never returns without the timeout
        run_query(store, runaway, timeout=1)


def test_timeout_path_gives_the_same_answers(store):
    for text in (COUNT, "ASK { ?s ?p ?o }", "CONSTRUCT WHERE { ?s a dip:Person }"):
        fast, child = run_query(store, text), run_query(store, text, timeout=30)
        assert fast.kind == child.kind
        assert sorted(map(tuple, rows(fast))) == sorted(map(tuple, rows(child)))


def test_parameters_are_bound_not_pasted(store):
    query = "SELECT DISTINCT ?a WHERE { ?a rdfs:label ?name }"
    assert rows(run_query(store, query, params=dict([parse_param("name=Kim Jong Un")]))) == [
        ["https://w3id.org/diplokg/id/actor/kim"]]
    hostile = 'x" } } ; DROP ALL ; SELECT * { ?s ?p "'
    assert rows(run_query(store, query, params={"name": ox.Literal(hostile)})) == []
    bound = run_query(store, "SELECT ?name WHERE { }", params={"name": ox.Literal(hostile)})
    assert rows(bound) == [[hostile]]


# ---------------------------------------------------------------- result formats
@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_select_formats_parse_back(store, fmt):
    text = "SELECT ?a ?n WHERE { ?a a dip:Person ; rdfs:label ?n } ORDER BY ?n"
    data = serialize_result(run_query(store, text), fmt)
    names = ["Donald Trump", "Kim Jong Un", "Moon Jae-in"]
    if fmt != "csv":  # CSV is lossy (no term types): Oxigraph refuses to read it back, rdflib does below
        parsed = ox.parse_query_results(data, format=ox.QueryResultsFormat.from_extension(fmt))
        assert sorted({row["n"].value for row in parsed}) == names
    if fmt in ("json", "xml", "csv"):
        result = rdflib.query.Result.parse(io.BytesIO(data), format=fmt)
        assert {str(r[1]) for r in result} == set(names)


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_ask_formats_parse_back(store, fmt):
    data = serialize_result(run_query(store, "ASK { ?e a dip:Summit }"), fmt)
    if fmt in ("json", "xml", "tsv"):
        assert bool(ox.parse_query_results(data, format=ox.QueryResultsFormat.from_extension(fmt)))
    else:
        assert data.strip().lower() == b"true"


@pytest.mark.parametrize("fmt,rdf_format", [
    ("turtle", ox.RdfFormat.TURTLE), ("ntriples", ox.RdfFormat.N_TRIPLES), ("rdfxml", ox.RdfFormat.RDF_XML),
    ("jsonld", ox.RdfFormat.JSON_LD), ("n3", ox.RdfFormat.N3), ("nquads", ox.RdfFormat.N_QUADS),
    ("trig", ox.RdfFormat.TRIG)])
def test_graph_formats_parse_back(store, fmt, rdf_format):
    text = "CONSTRUCT { ?a rdfs:label ?n } WHERE { ?a a dip:Person ; rdfs:label ?n }"
    data = serialize_result(run_query(store, text), fmt)
    labels = {q.object.value for q in ox.parse(data, format=rdf_format)}
    assert labels == {"Donald Trump", "Kim Jong Un", "Moon Jae-in"}


def test_describe_and_bad_format(store):
    result = run_query(store, "DESCRIBE <https://w3id.org/diplokg/id/actor/kim>")
    assert result.kind == "graph"
    with pytest.raises(QueryError, match="does not apply"):
        serialize_result(run_query(store, COUNT), "turtle")


def test_cli_query(mini_store):
    runner = CliRunner()
    out = runner.invoke(main, ["query", COUNT, "--store", str(mini_store), "--format", "csv"])
    assert out.exit_code == 0 and out.output.splitlines()[0] == "n"
    out = runner.invoke(main, ["query", "DROP ALL", "--store", str(mini_store)])
    assert out.exit_code == 1 and "read-only" in out.output
    out = runner.invoke(main, ["query", COUNT.replace("?o }", "?o ."), "--store", str(mini_store), "--timeout", "10"])
    assert out.exit_code == 1 and "syntax error at line 1" in out.output
    out = runner.invoke(main, ["query", "events-of-actor", "--param", "name=Kim Jong Un", "--store", str(mini_store),
                               "--format", "json"])
    assert out.exit_code == 0 and "Summit: doc-a" in out.output and "Meeting: doc-b" in out.output


# ---------------------------------------------------------------- bundled queries
EXPECTED = {"actor-timeline", "actors", "event-mentions", "events-by-type", "events-of-actor",
            "hypothetical-and-negated", "missile-tests-by-month", "offers-and-responses", "provenance", "who-met-whom"}
PARAMS = {"events-of-actor": {"name": "Kim Jong Un"}, "actor-timeline": {"name": "Kim Jong Un"},
          "provenance": {"type": "dip:Summit"}}


def test_bundled_queries_have_descriptions():
    queries = bundled_queries()
    assert EXPECTED <= set(queries)
    assert all(q.description and not q.description.startswith("PREFIX") for q in queries.values())


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory):
    """40 generated documents (the benchmark's generator) in a store and in rdflib."""
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "bench_store", Path(__file__).resolve().parents[1] / "benchmarks" / "bench_store.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    corpus = bench.Corpus(actors=70)  # rdflib answers every bundled query on it in seconds
    path = tmp_path_factory.mktemp("corpus") / "store"
    with open_store(path) as store:
        for document in (corpus.document(i) for i in range(40)):
            store.write_document(*document)
        quads = store.ox.dump(format=ox.RdfFormat.N_QUADS)  # document and actor graphs, as stored
        count = len(store)
    dataset = rdflib.Dataset(default_union=True)  # exactly the store's quads
    dataset.parse(data=quads, format="nquads")
    assert sum(1 for _ in dataset.quads((None, None, None, None))) == count
    return path, dataset, bench


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bundled_query_agrees_with_rdflib(corpus_store, name):
    """Each bundled query gives rdflib's answer on the same data (set semantics).

    How fast it runs is measured by benchmarks/bench_store.py, not here."""
    path, dataset, bench = corpus_store
    text, params = bundled_queries()[name].text, PARAMS.get(name, {})
    from kg.query.run import PREFIXES
    from kg.query.sparql import bind_values

    def norm(term):  # a pyoxigraph term's lexical form, or an rdflib term's
        return "" if term is None else (term.value if isinstance(term, (ox.Literal, ox.NamedNode)) else str(term))

    with open_store(path, read_only=True) as store:
        result = run_query(store, text, params=dict(parse_param(f"{k}={v}") for k, v in params.items()))
        header = list(result.variables)
        got = sorted(tuple(norm(row[v]) for v in header) for row in result.value)
    assert got, f"{name} found nothing"
    bound = bind_values(text, {k: str(parse_param(f"{k}={v}")[1]) for k, v in params.items()})
    if name == "actors":  # rdflib 7 fails on an unbound GROUP_CONCAT input instead of skipping it
        bound = bound.replace("GROUP_CONCAT(DISTINCT ?roleText;", 'GROUP_CONCAT(DISTINCT COALESCE(?roleText, "");')
    expected = sorted(tuple(norm(r[v]) for v in header) for r in dataset.query(bound, initNs=PREFIXES))
    concat = {"actor-timeline": -1, "actors": 3, "events-of-actor": -1, "who-met-whom": 3}.get(name)
    if concat is not None:  # GROUP_CONCAT order is not defined
        def split(row):
            return row[:concat % len(row)] + (tuple(sorted(p for p in row[concat].split("; ") if p)),) \
                + row[concat % len(row) + 1:]
        expected, got = sorted(map(split, expected)), sorted(map(split, got))
    assert got == expected


def test_benchmark_reference_query_forms_agree(corpus_store):
    """The benchmark times each engine on every form of a reference query and keeps its best:
    that is fair only if the forms give the same rows, on Oxigraph and on rdflib alike."""
    path, dataset, bench = corpus_store

    def rows(result, header):
        return sorted(tuple("" if row[v] is None else str(getattr(row[v], "value", row[v])) for v in header)
                      for row in result)

    with open_store(path, read_only=True) as store:
        for name, (forms, _) in bench.queries().items():
            if not name.startswith("ref:"):
                continue
            assert len(forms) > 1, name
            header = [v.value for v in store.query(forms[0]).variables]
            expected = rows(store.query(forms[0]), header)
            assert expected, f"{name} found nothing"
            for text in forms:
                assert rows(store.query(text), header) == expected, name
                assert rows(dataset.query(text), header) == expected, name


def test_kg_query_timeout_stops_the_command_and_costs_a_quick_query_nothing(mini_store):
    """`kg query --timeout` ends its own process at the deadline: no worker is started."""
    import subprocess
    import sys
    import time
    from pathlib import Path

    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o . ?p ?q ?r }"
    root = Path(__file__).resolve().parents[1]
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "kg.cli", "query", runaway, "--store", str(mini_store),
                           "--timeout", "1"], capture_output=True, text=True, cwd=root, timeout=120)
    assert done.returncode == 1 and done.stderr == "kg: error: query stopped after 1 s (--timeout)\n"
    assert time.monotonic() - started < 60
    code = ("import sys, kg.cli\nsys.argv = ['kg', 'query', 'ASK { ?s ?p ?o }', '--store', sys.argv[1], "
            "'--timeout', '30', '--format', 'json']\ntry:\n    kg.cli.main()\nexcept SystemExit:\n    pass\n"
            "print('kg.query.pool' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code, str(mini_store)], capture_output=True, text=True, cwd=root,
                          timeout=120)
    assert done.stdout.splitlines() == ['{"head":{},"boolean":true}', "False"], done.stdout + done.stderr
