"""What a query may not do, decided before Oxigraph runs it: SERVICE (from the parse, whatever the
text hides), values passed as parameters, and queries large or deep enough to crash the engine.

Each check is tried where a user meets it: the Python API, ``kg query`` and ``kg serve``, with a
loopback HTTP listener that must see no request.
"""
from __future__ import annotations

import subprocess
import sys
import threading
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import QueryError
from kg.query.guard import MAX_DEPTH, MAX_TOKENS, calls_service, check_query
from kg.query.lexer import tokenize
from kg.query.run import result_rows, run_query
from kg.store.local import open_store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def store(mini_store):
    with open_store(mini_store, read_only=True) as opened:
        yield opened


def hidden_service_queries(url: str) -> list[str]:
    """SERVICE calls that a text check reading `e:a\\#` as the start of a comment missed."""
    call = f"SERVICE <{url}/sparql> {{ ?a ?b ?c }}"
    return [
        f"PREFIX e: <http://e/> SELECT * WHERE {{ OPTIONAL {{ ?s ?p e:a\\# }} {call} }}",
        f"PREFIX e: <http://e/> SELECT * WHERE {{ OPTIONAL {{ ?s ?p e:a\\' }} {call} }}",
        f"PREFIX e: <http://e/> SELECT * WHERE {{ OPTIONAL {{ ?s e:x\\#y ?o }} {call} }}",
        f'SELECT * WHERE {{ OPTIONAL {{ ?s ?p "\\u0022 # " }} {call} }}',
        f"select * where {{ optional {{ ?s ?p ?o }} sErViCe <{url}/x> {{ ?a ?b ?c }} }}",
    ]


def test_oxigraph_runs_the_hidden_service_call_unless_refused(loopback_http):
    """The queries are real: Oxigraph itself calls the listener for each (so the refusals below
    are the guard's doing), and the guard refuses every one."""
    url, hits = loopback_http
    for text in hidden_service_queries(url):
        before = len(hits)
        try:
            list(ox.Store().query(text))
        except (OSError, RuntimeError, ValueError):
            pass  # the listener's empty answer does not matter, the request does
        assert len(hits) == before + 1, text
        assert calls_service(text), text


def test_hidden_service_is_refused_by_the_api(store, loopback_http):
    url, hits = loopback_http
    for text in hidden_service_queries(url):
        with pytest.raises(QueryError, match="--allow-network"):
            run_query(store, text)
        with pytest.raises(QueryError, match="--allow-network"):
            run_query(store, text, timeout=30)
    assert hits == []


def test_hidden_service_is_refused_by_kg_query(mini_store, loopback_http):
    url, hits = loopback_http
    for text in hidden_service_queries(url):
        out = CliRunner().invoke(main, ["query", text, "--store", str(mini_store)])
        assert out.exit_code == 1 and "--allow-network" in out.output, out.output
    assert hits == []


def http(url, *, data=None, headers=None, method=None):
    request = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()


@pytest.fixture
def served(mini_store):
    """``kg serve`` as a real process on a free loopback port: its URL."""
    child = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(mini_store), "--port", "0",
                              "-q", "--workers", "1"], cwd=ROOT, stderr=subprocess.PIPE, text=True)
    try:
        line = child.stderr.readline()
        assert "read-only at http://127.0.0.1:" in line, line + child.stderr.read()
        yield line.split(" at ")[1].split()[0], child
    finally:
        child.terminate()
        child.wait(timeout=30)


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def test_hidden_service_is_refused_by_kg_serve(served, loopback_http):
    url, hits = loopback_http
    endpoint, _ = served
    for text in hidden_service_queries(url):
        status, _, body = http(endpoint + "?" + urllib.parse.urlencode({"query": text}))
        assert status == 400 and b"--allow-network" in body, body
        status, _, body = http(endpoint, data=text.encode(), headers={"Content-Type": "application/sparql-query"})
        assert status == 400 and b"--allow-network" in body, body
    assert hits == []


def test_the_word_service_elsewhere_is_no_call(store):
    for text in ('SELECT * WHERE { ?s ?p "service" }', "SELECT * WHERE { ?s <http://e/service> ?o }",
                 "SELECT * WHERE { ?s ?p ?o } # SERVICE <http://e/>", "SELECT ?service WHERE { ?service ?p ?o }",
                 'SELECT * WHERE { ?s ?p "\\u0022 SERVICE <http://e/> { ?a ?b ?c }" }'):
        assert not calls_service(text), text
        run_query(store, text)


def test_allow_network_lets_service_through(store, loopback_http):
    url, hits = loopback_http
    list(run_query(store, hidden_service_queries(url)[0], allow_network=True).value)
    assert hits


def test_a_query_rdflib_cannot_read_is_refused_only_if_it_mentions_service(store):
    # `<<( … )>>` (an RDF 1.2 triple term) is Oxigraph syntax that rdflib's parser does not know
    text = 'SELECT * WHERE { BIND(<<( <http://e/s> <http://e/p> "WORD" )>> AS ?t) }'
    run_query(store, text.replace("WORD", "x"))
    with pytest.raises(QueryError, match="cannot be checked for SERVICE"):
        run_query(store, text.replace("WORD", "service"))


# ---------------------------------------------------------------- parameter values
def crafted_values(url: str) -> list[str]:
    tail = f"SERVICE <{url}/v> {{ ?a ?b ?c }} VALUES (?z) {{ ("
    return [f'x") }} {tail}"', f'x\\u0022) }} {tail}\\u0022', f"x') }} {tail}'", f'x"""}} {tail}"""',
            "x\\\") } " + tail + '"', "x\n} #\n" + tail]


def test_plain_strings_are_bound_as_literals(store):
    """The API takes plain Python values (it used to paste a str into the query: a syntax error)."""
    query = "SELECT DISTINCT ?a WHERE { ?a rdfs:label ?name }"
    assert result_rows(run_query(store, query, params={"name": "Kim Jong Un"}))[1] == [
        ["https://w3id.org/diplokg/id/actor/kim"]]
    assert result_rows(run_query(store, "SELECT ?n WHERE { }", params={"n": 3}))[1] == [["3"]]
    rows = result_rows(run_query(store, "events-of-actor", params={"name": "Kim Jong Un"}))[1]
    assert {r[1] for r in rows} == {"Summit", "Meeting"}


def test_crafted_values_never_reach_the_query_text(store, mini_store, loopback_http):
    url, hits = loopback_http
    for value in crafted_values(url):
        for given in (value, ox.Literal(value)):  # a plain str and a term alike
            bound = run_query(store, "SELECT ?name WHERE { }", params={"name": given})
            assert result_rows(bound)[1] == [[value]], value
            assert result_rows(run_query(store, "SELECT ?a WHERE { ?a rdfs:label ?name }",
                                         params={"name": given}))[1] == []
        out = CliRunner().invoke(main, ["query", "SELECT ?name WHERE { }", "--param", f"name={value}",
                                        "--format", "tsv", "--store", str(mini_store)])
        assert out.exit_code == 0, out.output
        back = list(ox.parse_query_results(out.stdout_bytes, format=ox.QueryResultsFormat.TSV))
        assert [row["name"].value for row in back] == [value]
    assert hits == []


def test_values_that_are_not_terms_are_refused(store):
    with pytest.raises(QueryError, match="cannot bind a object"):
        run_query(store, "SELECT ?n WHERE { }", params={"n": object()})
    with pytest.raises(QueryError, match=r"no variable \?zz"):
        run_query(store, "SELECT ?n WHERE { }", params={"zz": "x"})


# ---------------------------------------------------------------- bounds
def nested(depth: int) -> str:
    return "SELECT * WHERE " + "{" * depth + " ?s ?p ?o " + "}" * depth


def chain(count: int) -> str:
    return "SELECT * WHERE { BIND(" + " + ".join(["1"] * count) + " AS ?x) }"


HOSTILE = {"3,000 nested braces": nested(3000), "a chain of 10,000 additions": chain(10_000),
           "10,000 UNIONs": "SELECT * WHERE { " + " UNION ".join(["{ ?s ?p ?o }"] * 10_000) + " }"}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_crashing_queries_are_refused_before_parsing(name, store):
    """Each of these overflowed Oxigraph's stack (exit 139, measured in a child process)."""
    with pytest.raises(QueryError, match="nests brackets|tokens outside VALUES"):
        run_query(store, HOSTILE[name])


def test_kg_query_refuses_them_with_one_line_not_a_crash(mini_store):
    for text in HOSTILE.values():
        done = subprocess.run([sys.executable, "-m", "kg.cli", "query", "-", "--store", str(mini_store)],
                              input=text, capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert done.returncode == 1, (done.returncode, done.stderr[-500:])
        assert done.stderr.startswith("kg: error: the query ") and "Traceback" not in done.stderr


def test_kg_serve_refuses_them_and_answers_the_next_query(served):
    endpoint, child = served
    for text in HOSTILE.values():
        status, _, body = http(endpoint, data=text.encode(), headers={"Content-Type": "application/sparql-query"})
        assert status == 400 and b"the query" in body
        status, _, body = http(endpoint + "?" + urllib.parse.urlencode({"query": COUNT}))
        assert status == 200 and child.poll() is None


def test_brackets_in_strings_iris_and_comments_do_not_count(store):
    deep = "{" * 3000
    text = f'SELECT ?x WHERE {{ BIND("{deep}" AS ?x) }} # {deep}\n'
    assert result_rows(run_query(store, text))[1] == [[deep]]
    check_query(f"SELECT * WHERE {{ ?s <http://e/{'(' * 10}> ?o }}")
    with pytest.raises(QueryError):  # where an expression is read, `<(((` may be comparisons
        check_query(f"SELECT * WHERE {{ FILTER(?a<{'(' * (MAX_DEPTH + 1)}1>?b) }}")


def test_long_lists_belong_in_values_blocks(store):
    rows = " ".join(f'("{i}" {i})' for i in range(MAX_TOKENS * 2))
    text = f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES (?a ?b) {{ {rows} }} }}"
    assert result_rows(run_query(store, text))[1] == [[str(MAX_TOKENS * 2)]]
    with pytest.raises(QueryError, match="put long lists of values in a VALUES block"):
        run_query(store, "SELECT * WHERE { FILTER(?x IN (" + ", ".join(["1"] * MAX_TOKENS) + ")) }")


def test_lexer_reads_escaped_prefixed_names_and_strings_as_oxigraph_does():
    tokens = [(t.kind, t.text) for t in tokenize(r'?s e:a\# "\u0022 #" <http://e/\u0041> # c' + "\n?o")]
    assert tokens == [("var", "?s"), ("pname", r"e:a\#"), ("string", r'"\u0022 #"'),
                      ("iri", r"<http://e/\u0041>"), ("var", "?o")]


def test_a_quick_check_needs_no_parser():
    """Nearly every query lacks the word "service": the check then costs no rdflib parse."""
    done = subprocess.run([sys.executable, "-c", "import sys; from kg.query.guard import check_query; "
                           "check_query(open(sys.argv[1]).read()); print('rdflib' in sys.modules)",
                           str(ROOT / "kg" / "data" / "queries" / "who-met-whom.rq")],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_a_long_query_that_mentions_service_is_parsed_not_refused(store):
    """rdflib's parser recurses once per triple pattern (100 passed Python's default limit)."""
    text = "SELECT * WHERE { " + " ".join(f'?s{i} ?p{i} "service {i}" .' for i in range(150)) + " }"
    assert not calls_service(text)
    assert result_rows(run_query(store, text))[1] == []


def test_kg_serve_parses_in_the_worker_under_the_time_limit(mini_store, serving):
    """The parse of a long query takes seconds of pure Python: the server hands it to a worker,
    where the time limit stops it, and meanwhile goes on answering other clients."""
    from kg.query.server import endpoint_url, make_server

    slow = "SELECT * WHERE { VALUES ?x { " + " ".join(f'"service {i}"' for i in range(20_000)) + " } }"
    with open_store(mini_store, read_only=True) as opened:
        with serving(make_server(opened, port=0, quiet=True, workers=2, timeout=1)) as server:
            url = endpoint_url(server)
            answers = {}
            slow_client = threading.Thread(target=lambda: answers.update(slow=http(
                url, data=slow.encode(), headers={"Content-Type": "application/sparql-query"})))
            slow_client.start()
            status, _, _ = http(url + "?" + urllib.parse.urlencode({"query": COUNT}))
            assert status == 200 and slow_client.is_alive()
            slow_client.join()
            assert answers["slow"][0] == 503 and b"stopped after 1 s" in answers["slow"][2]
