"""Benchmark the store: Oxigraph (the chosen store) against rdflib on one generated corpus.

Generates a corpus shaped like ours (documents with identifiers, dates and hashes; actors
shared across documents with kinds, labels, aliases, Wikidata ids and roles; evidence
sentences; events with types, agents, targets, places, dates, factuality and provenance),
one named graph per document, about 116 triples a document: 10,000 documents make about
1.16M triples. Then, in one run:

* load time: kg's real write path (one ``replace_graph`` transaction per document) into an
  on-disk Oxigraph store, Oxigraph's bulk loader, and rdflib's in-memory ``Dataset``
  (optionally rdflib's on-disk BerkeleyDB store and oxrdflib);
* the latency of every bundled query (kg/data/queries) plus two reference queries (a count
  per type per month, a two-hop join), Oxigraph against rdflib in memory, with the ratio;
  rdflib gets ``--rdflib-timeout`` seconds per query;
* the cost of adding one document to the 10,000-document store against an empty store.

    .venv/bin/python benchmarks/bench_store.py [--docs 10000] [--rdflib-timeout 120]
        [--engines oxigraph,rdflib-memory,rdflib-bdb,oxrdflib] [--json results.json]
"""
from __future__ import annotations

import argparse
import json
import random
import shutil
import signal
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

try:
    import kg  # noqa: F401
except ImportError:  # run from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyoxigraph as ox

from kg.query import PREFIXES, bundled_queries, parse_param, run_query
from kg.sparql import bind_values
from kg.store import Store

DIP = "https://w3id.org/diplokg/ontology#"
ID = "https://w3id.org/diplokg/id/"
RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
LABEL = "<http://www.w3.org/2000/01/rdf-schema#label>"
ALT = "<http://www.w3.org/2004/02/skos/core#altLabel>"
SAME = "<http://www.w3.org/2002/07/owl#sameAs>"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
PROV_FROM = "<http://www.w3.org/ns/prov#wasDerivedFrom>"
MENTIONS = "<https://schema.org/mentions>"
KINDS = ["Person"] * 10 + ["Country"] * 3 + ["Organization"] * 4 + ["Group"] * 2 + ["City"]
EVENT_TYPES = (["Statement"] * 6 + ["Meeting"] * 4 + ["Summit"] * 2 + ["Talks"] * 2 + ["Visit"] * 2
               + ["OfferOfTalks"] * 2 + ["Endorsement", "Rejection", "Agreement", "Criticism", "Warning",
                                         "Sanction", "Appeal", "MilitaryExercise"] + ["MissileTest"] * 2)
FACTUALITY = ["Asserted"] * 16 + ["Hypothetical"] * 3 + ["Negated"]
PARAMS = {"events-of-actor": {"name": "Kim Jong Un"}, "actor-timeline": {"name": "Kim Jong Un"},
          "provenance": {"type": "dip:Summit"}}
REFERENCE_QUERIES = {
    "ref: count per type per month": """
        SELECT ?type ?month (COUNT(?e) AS ?n) WHERE {
          ?e a ?cls ; dip:date ?d . BIND(STRAFTER(STR(?cls), "#") AS ?type) BIND(SUBSTR(STR(?d), 1, 7) AS ?month)
        } GROUP BY ?type ?month ORDER BY ?month ?type""",
    "ref: two-hop join": """
        SELECT ?org (COUNT(DISTINCT ?e) AS ?n) WHERE {
          GRAPH ?g { ?e a dip:Summit ; dip:agent ?x . ?x dip:affiliatedWith ?o . ?o rdfs:label ?org }
        } GROUP BY ?org ORDER BY DESC(?n) LIMIT 20""",
}


def iri(kind: str, key: str) -> str:
    return f"<{ID}{kind}/{key}>"


def lit(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def typed(value, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


class Corpus:
    """A deterministic generator of documents (graph IRI, N-Triples text)."""

    def __init__(self, seed: int = 7, actors: int = 3000):
        self.random = random.Random(seed)
        self.actors = []
        for i in range(actors):
            kind = "Person" if i == 0 else self.random.choice(KINDS)
            label = "Kim Jong Un" if i == 0 else f"{kind} {i}"
            self.actors.append((iri("actor", f"a{i}"), kind, label, i))
        self.weights = [1.0 / (i + 1) for i in range(actors)]

    def actor_triples(self, actor) -> list[str]:
        node, kind, label, i = actor
        out = [f"{node} {RDF_TYPE} <{DIP}{kind}> .", f"{node} {LABEL} {lit(label)} .",
               f"{node} {SAME} <http://www.wikidata.org/entity/Q{1000 + i}> ."]
        if i % 3 == 0:
            out.append(f"{node} {ALT} {lit(label.split()[-1] if i else 'Kim')} .")
        if kind == "Person":
            role = iri("role", f"r{i}")
            org = self.actors[(i * 7) % len(self.actors)][0]
            out += [f"{node} <{DIP}holdsRole> {role} .", f"{node} <{DIP}affiliatedWith> {org} .",
                    f"{role} {RDF_TYPE} <{DIP}Role> .", f"{role} <{DIP}title> {lit('Minister')} .",
                    f"{role} <{DIP}roleOf> {org} .", f"{role} {LABEL} {lit('Minister')} ."]
        return out

    def document(self, n: int, tag: str = "bench") -> tuple[str, str]:
        rnd = self.random
        key = f"{tag}-{n}"
        doc = iri("doc", key)
        year, month, day = rnd.randint(2015, 2025), rnd.randint(1, 12), rnd.randint(1, 28)
        date = f"{year:04d}-{month:02d}-{day:02d}"
        actors = {a[0]: a for a in rnd.choices(self.actors, weights=self.weights, k=6)}
        actors = list(actors.values())
        t = [f"{doc} {RDF_TYPE} <{DIP}Document> .", f"{doc} <{DCT}identifier> {lit(key)} .",
             f"{doc} <{DIP}contentHash> {lit(f'{n:016x}')} .", f"{doc} <{DCT}date> {typed(date, 'date')} .",
             f"{doc} <{DCT}title> {lit(f'Report {n}')} ."]
        for actor in actors:
            t.append(f"{doc} {MENTIONS} {actor[0]} .")
            t += self.actor_triples(actor)
        sentences = []
        for s in range(3):
            sent = iri("sentence", f"{key}-{s}")
            sentences.append(sent)
            t += [f"{sent} {RDF_TYPE} <{DIP}Sentence> .", f"{sent} <{DIP}text> {lit(f'Sentence {s} of report {n}.')} .",
                  f"{sent} <{DIP}charStart> {typed(s * 100, 'integer')} .",
                  f"{sent} <{DIP}charEnd> {typed(s * 100 + 90, 'integer')} .", f"{sent} <{DIP}inDocument> {doc} ."]
        for e in range(3):
            event = iri("event", f"{key}-{e}")
            cls = rnd.choice(EVENT_TYPES)
            agent, target = rnd.sample(actors, 2) if len(actors) > 1 else (actors[0], actors[0])
            fact = rnd.choice(FACTUALITY)
            t += [f"{event} {RDF_TYPE} <{DIP}{cls}> .", f"{event} {LABEL} {lit(f'{cls}: {agent[2]}')} .",
                  f"{event} {PROV_FROM} {doc} .", f"{event} <{DIP}agent> {agent[0]} .",
                  f"{event} <{DIP}{'participant' if cls in ('Meeting', 'Summit', 'Talks') else 'target'}> {target[0]} .",
                  f"{event} <{DIP}date> {typed(date, 'date')} .", f"{event} <{DIP}factuality> <{DIP}{fact}> .",
                  f"{event} <{DIP}triggerText> {lit('met')} .", f"{event} <{DIP}triggerStart> {typed(e * 100 + 5, 'integer')} .",
                  f"{event} <{DIP}triggerEnd> {typed(e * 100 + 8, 'integer')} .", f"{event} <{DIP}rule> {lit('event.verb')} .",
                  f"{event} <{DIP}confidence> {typed('0.9', 'decimal')} .", f"{event} <{DIP}evidence> {sentences[e]} ."]
            if cls == "MissileTest":
                t.append(f"{event} <{DIP}count> {typed(rnd.randint(1, 3), 'integer')} .")
            if cls in ("Meeting", "Summit", "Visit", "Talks"):
                t.append(f"{event} <{DIP}place> {self.actors[rnd.randrange(len(self.actors))][0]} .")
        return doc[1:-1], "\n".join(t)


@contextmanager
def time_limit(seconds: float):
    """Raise TimeoutError in the main thread after ``seconds`` (rdflib is pure Python, so it stops)."""
    def on_alarm(signum, frame):
        raise TimeoutError
    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def timed(fn, repeat: int = 1):
    """Return (median seconds, last value)."""
    times, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def queries() -> dict[str, tuple[str, dict]]:
    out = {name: (q.text, PARAMS.get(name, {})) for name, q in bundled_queries().items()}
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    out.update({name: (prologue + text, {}) for name, text in REFERENCE_QUERIES.items()})
    return out


def oxigraph_rows(store: Store, text: str, params: dict) -> int:
    result = run_query(store, text, params=dict(parse_param(f"{k}={v}") for k, v in params.items()))
    return sum(1 for _ in result.value) if result.kind != "ask" else 1


def rdflib_rows(graph, text: str, params: dict) -> int:
    # the same text Oxigraph runs: parameters as a VALUES row (rdflib's initBindings join at the end)
    bound = bind_values(text, {k: str(parse_param(f"{k}={v}")[1]) for k, v in params.items()})
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    return sum(1 for _ in graph.query(prologue + bound))


def fmt_s(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--rdflib-timeout", type=float, default=120.0)
    parser.add_argument("--engines", default="oxigraph,rdflib-memory",
                        help="comma-separated: oxigraph, rdflib-memory, rdflib-bdb, oxrdflib")
    parser.add_argument("--add-samples", type=int, default=50)
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    engines = set(args.engines.split(","))
    results: dict = {"docs": args.docs, "load": {}, "queries": {}, "add_one": {}}
    work = Path(tempfile.mkdtemp(prefix="kg-bench-"))
    try:
        corpus = Corpus()
        start = time.perf_counter()
        docs = [corpus.document(i) for i in range(args.docs)]
        nquads = "\n".join(line[:-1] + f"<{g}> ." for g, nt in docs for line in nt.split("\n")) + "\n"
        triples = nquads.count("\n")
        print(f"generated {args.docs} documents, {triples:,} triples in {time.perf_counter() - start:.1f} s")
        results["triples"] = triples

        # ---- Oxigraph, through kg's own write path (one transaction per document)
        store = Store.open(work / "ox")
        seconds, _ = timed(lambda: [store.replace_graph(g, nt) for g, nt in docs])
        results["load"]["oxigraph (kg build path: one transaction per document)"] = seconds
        bulk = ox.Store(str(work / "ox-bulk"))
        seconds, _ = timed(lambda: bulk.bulk_load(nquads.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
        results["load"]["oxigraph bulk_load (N-Quads)"] = seconds
        del bulk

        graphs = {}
        if "rdflib-memory" in engines:
            import rdflib

            dataset = rdflib.Dataset(default_union=True)
            seconds, _ = timed(lambda: dataset.parse(data=nquads, format="nquads"))
            results["load"]["rdflib Dataset in memory (parse N-Quads)"] = seconds
            graphs["rdflib-memory"] = dataset
        if "oxrdflib" in engines:
            import rdflib

            oxr = rdflib.Dataset(store="Oxigraph", default_union=True)
            seconds, _ = timed(lambda: oxr.parse(data=nquads, format="nquads"))
            results["load"]["oxrdflib (rdflib API on Oxigraph, in memory)"] = seconds
            graphs["oxrdflib"] = oxr
        if "rdflib-bdb" in engines:
            import rdflib

            bdb = rdflib.Dataset(store="BerkeleyDB", default_union=True)
            bdb.open(str(work / "bdb"), create=True)
            seconds, _ = timed(lambda: bdb.parse(data=nquads, format="nquads"))
            results["load"]["rdflib BerkeleyDB on disk (parse N-Quads)"] = seconds
            graphs["rdflib-bdb"] = bdb

        print(f"\nLoad {triples:,} triples ({args.docs} documents)")
        for name, seconds in results["load"].items():
            print(f"  {name:58} {seconds:8.1f} s  ({triples / seconds:,.0f} triples/s)")

        # ---- queries
        names = list(graphs)
        print(f"\nQuery latency (Oxigraph: median of 3; others: one run, cut at {args.rdflib_timeout:g} s)")
        header = f"  {'query':34} {'rows':>6} {'oxigraph':>9}" + "".join(f" {n:>14} {'ratio':>7}" for n in names)
        print(header)
        for name, (text, params) in queries().items():
            row = {}
            seconds, rows = timed(lambda: oxigraph_rows(store, text, params), repeat=3)
            row["oxigraph"], row["rows"] = seconds, rows
            line = f"  {name:34} {rows:>6} {fmt_s(seconds):>9}"
            for engine in names:
                try:
                    with time_limit(args.rdflib_timeout):
                        other, other_rows = timed(lambda: rdflib_rows(graphs[engine], text, params))
                    row[engine] = other
                    note = "" if other_rows == rows else f" (rows {other_rows})"
                    line += f" {fmt_s(other):>14} {other / seconds:>6.0f}×{note}"
                except TimeoutError:
                    row[engine] = f">{args.rdflib_timeout:g} s"
                    line += f" {row[engine]:>14} {'>' + format(args.rdflib_timeout / seconds, '.0f') + '×':>7}"
                except Exception as exc:  # an engine that cannot run a query is a finding, not a crash
                    row[engine] = f"error: {type(exc).__name__}"
                    line += f" {'error':>14} {'':>7}"
            results["queries"][name] = row
            print(line, flush=True)

        # ---- adding one document: a store of N documents against an empty one
        extra = Corpus(seed=99)
        samples = [extra.document(i, tag="extra") for i in range(args.add_samples)]

        def add(s: Store, graph: str, nt: str) -> None:
            s.stored_hash(graph)  # what kg build asks before writing
            s.replace_graph(graph, nt)

        # measure a settled store, as a user adding to it later would find it: RocksDB compacts
        # in the background for a while after a million-triple load
        store.ox.optimize()
        big, empty = [], []
        for i, (g, nt) in enumerate(samples):  # interleaved, so drift hits both sides alike
            big.append(timed(lambda: add(store, g, nt))[0])
            fresh = Store.open(work / f"empty-{i}")
            empty.append(timed(lambda: add(fresh, g, nt))[0])
            fresh.close()
        results["add_one"] = {"big_store_ms": statistics.median(big) * 1000,
                              "empty_store_ms": statistics.median(empty) * 1000}
        ratio = statistics.median(big) / statistics.median(empty)
        results["add_one"]["ratio"] = ratio
        print(f"\nAdd one document (~{samples[0][1].count(chr(10)) + 1} triples; median of {len(samples)}): "
              f"store of {args.docs:,} documents {statistics.median(big) * 1000:.1f} ms, "
              f"empty store {statistics.median(empty) * 1000:.1f} ms, ratio {ratio:.2f}")
        store.close()
        if args.json:
            args.json.write_text(json.dumps(results, indent=2, default=str) + "\n")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
