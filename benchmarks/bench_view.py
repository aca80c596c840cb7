"""Benchmark ``kg view``: time and memory to write the page, time until the page is ready in Chromium.

Two parts, each optional:

* ``--sizes``: synthetic graphs of the project's shape (actors, places, documents, events with
  roles, dates, factuality and evidence sentences) of about 100, 1,000 and 5,000 nodes, written
  with ``kg.view.write_html`` from an rdflib graph;
* ``--events N``: a page of N events (records made directly, no RDF; 1 actor per 100 events),
  for the table and the timeline at scale: the filter changes, then scrolling the table
  from top to bottom (the slowest frame's work, ms);
* ``--articles N``: the whole command on a real store. N generated articles
  (``benchmarks/corpus.py``) are built with ``kg build`` into ``OUT/store-N`` (kept and reused),
  then ``kg view --store OUT/store-N`` runs as its own process: wall time and that process's
  peak RSS (``getrusage`` of a fresh parent that waits for it alone). ``--store`` measures an
  existing store (a folder or a SPARQL endpoint URL) instead; ``--kg`` runs another checkout's
  ``kg`` (for a before/after).

Each page is then opened in headless Chromium (Debian's ``chromium``, driven by playwright):
seconds to the page's ready flag, then the slowest of a fixed set of filter changes (as the page
times it, ``kgView.timings``) and the longest main-thread task after load. Prints a table.

    .venv/bin/python benchmarks/bench_view.py [--sizes 100,1000,5000] [--out DIR]
    .venv/bin/python benchmarks/bench_view.py --sizes "" --articles 1500 --out /tmp/bench-view
    .venv/bin/python benchmarks/bench_view.py --sizes "" --events 50000
"""
from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, XSD

try:
    from kg.prefixes import PREFIXES
    from kg.view import ViewOptions, write_html
except ImportError:  # run from a checkout without `pip install -e .`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from kg.prefixes import PREFIXES
    from kg.view import ViewOptions, write_html
from kg.view.page import write_records
from kg.view.records import DocRef, Entity, EventClass, EventNode, Evidence, Link, ViewData

DIP, ID = Namespace(PREFIXES["dip"]), Namespace(PREFIXES["kgid"])  # open: synthetic classes too
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EVENT_QUADS = {
    "Statement": "VerbalCooperation", "OfferOfTalks": "VerbalCooperation",
    "Appeal": "VerbalCooperation", "Agreement": "VerbalCooperation",
    "Meeting": "MaterialCooperation", "Summit": "MaterialCooperation",
    "Visit": "MaterialCooperation", "Aid": "MaterialCooperation",
    "Criticism": "VerbalConflict", "Warning": "VerbalConflict", "Rejection": "VerbalConflict",
    "MissileTest": "MaterialConflict", "Sanction": "MaterialConflict", "Attack": "MaterialConflict",
}
ACTOR_CLASSES = ("Person", "Country", "Organization", "Group")


def synthetic_ontology() -> Graph:
    """Return event classes with labels, quad classes and the Meeting family."""
    g = Graph()
    for name, quad in EVENT_QUADS.items():
        parent = DIP.Meeting if name in ("Summit", "Visit") else DIP.Event
        g.add((DIP[name], RDF.type, OWL.Class))
        g.add((DIP[name], RDFS.subClassOf, parent))
        g.add((DIP[name], RDFS.label, Literal(name.lower())))
        g.add((DIP[name], DIP.quadClass, DIP[quad]))
    for cls in ACTOR_CLASSES:
        g.add((DIP[cls], RDFS.subClassOf, DIP.Actor))
    g.add((DIP.City, RDFS.subClassOf, DIP.Place))
    return g


def synthetic_graph(nodes: int, seed: int = 7) -> Graph:
    """Return a graph of about ``nodes`` view nodes: 25% actors, 5% places, 70% events.

    Actors are picked with a heavy tail (a few appear in many events), as in the news.
    """
    rng = random.Random(seed)
    g = Graph()
    n_actors, n_places = max(4, nodes // 4), max(2, nodes // 20)
    n_events = max(1, nodes - n_actors - n_places)
    actors = []
    for i in range(n_actors):
        iri = ID[f"actor/a{i}"]
        g.add((iri, RDF.type, DIP[ACTOR_CLASSES[i % len(ACTOR_CLASSES)]]))
        g.add((iri, RDFS.label, Literal(f"Actor {i}")))
        if i % 3 == 0:
            g.add((iri, OWL.sameAs, Namespace("http://www.wikidata.org/entity/")[f"Q{1000 + i}"]))
        actors.append(iri)
    places = []
    for i in range(n_places):
        iri = ID[f"place/p{i}"]
        g.add((iri, RDF.type, DIP.City))
        g.add((iri, RDFS.label, Literal(f"City {i}")))
        places.append(iri)
    docs = []
    for i in range(max(1, n_events // 5)):
        doc = ID[f"doc/d{i}"]
        g.add((doc, RDF.type, DIP.Document))
        g.add((doc, DCTERMS.identifier, Literal(f"d{i}")))
        g.add((doc, DCTERMS.date, Literal(f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", datatype=XSD.date)))
        docs.append(doc)
    weights = [1 / (k + 1) ** 0.9 for k in range(n_actors)]
    classes = list(EVENT_QUADS)
    for i in range(n_events):
        event, doc = ID[f"event/e{i}"], docs[i % len(docs)]
        agent, target = rng.choices(actors, weights, k=2)
        g.add((event, RDF.type, DIP[rng.choice(classes)]))
        g.add((event, RDFS.label, Literal(f"Event {i}")))
        g.add((event, DIP.agent, agent))
        if target != agent:
            g.add((event, DIP.target, target))
        if rng.random() < 0.3:
            g.add((event, DIP.place, rng.choice(places)))
        g.add((event, DIP.date, Literal(f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", datatype=XSD.date)))
        if rng.random() < 0.15:
            g.add((event, DIP.factuality, rng.choice([DIP.Hypothetical, DIP.Negated])))
        g.add((event, PROV.wasDerivedFrom, doc))
        sentence = ID[f"sentence/s{i}"]
        g.add((event, DIP.evidence, sentence))
        g.add((sentence, DIP.text, Literal(f"Actor {i % n_actors} said something about event {i}.")))
        g.add((sentence, DIP.inDocument, doc))
    return g


def synthetic_records(events: int, seed: int = 7) -> ViewData:
    """Return view records of ``events`` events over two years, one actor per 100 events (heavy
    tail), a place in a third of them; made directly, so 50,000 take seconds, not minutes."""
    rng = random.Random(seed)
    actors = [Entity(f"{ID}actor/a{i}", f"Actor {i}", ("person", "country", "organisation", "group")[i % 4])
              for i in range(max(4, events // 100))]
    places = [Entity(f"{ID}place/p{i}", f"City {i}", "city", point=(rng.uniform(-150, 150), rng.uniform(-50, 60)))
              for i in range(max(2, events // 500))]
    weights = [1 / (k + 1) ** 0.9 for k in range(len(actors))]
    classes = [EventClass(name, name.lower(), quad) for name, quad in EVENT_QUADS.items()]
    nodes, links = [], []
    for i in range(events):
        cls = rng.choice(classes)
        day = f"{2023 + i % 2}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        doc = DocRef(f"d{i // 15}", f"Report {i // 15}", day)
        nodes.append(EventNode(f"{ID}event/e{i}", f"Event {i}", cls.name, cls.label, (cls.name,), cls.quad, day, day, day,
                               rng.choice(("asserted",) * 6 + ("hypothetical", "negated")),
                               evidence=(Evidence(f"Actor {i % len(actors)} said something about event {i}.", doc),),
                               documents=(doc,)))
        agent, target = rng.choices(actors, weights, k=2)
        links.append(Link(nodes[-1].iri, agent.iri, "agent"))
        if target is not agent:
            links.append(Link(nodes[-1].iri, target.iri, "target"))
        if rng.random() < 0.3:
            links.append(Link(nodes[-1].iri, rng.choice(places).iri, "place"))
    return ViewData(tuple(actors + places), tuple(nodes), tuple(links), tuple(classes))


# Filter changes an analyst makes, each timed by the page itself (kgView.timings.total, ms).
CHANGES = (
    "kgView.setFacts(['asserted'])", "kgView.setFacts(Array.from(document.querySelectorAll('.kg-fact')).map(b => b.value))",
    "kgView.setTypes([document.querySelector('.kg-type').value])",
    "kgView.setTypes(Array.from(document.querySelectorAll('.kg-type')).map(b => b.value))",
    "kgView.setText('talks')", "kgView.setText('')",
    "kgView.setDates('2020-01-01', '2020-12-31')", "kgView.setDates('', '')",
    "kgView.setMode('events')", "kgView.setMode('actors')",
)


def time_in_browser(paths: list[Path]) -> dict[Path, tuple[float, float, float]]:
    """Return, for each page: seconds to its ready flag, the slowest filter change (ms, as the
    page times it) and the longest main-thread task after load (ms, PerformanceObserver)."""
    if not os.path.exists(CHROMIUM):
        return {}
    from playwright.sync_api import sync_playwright

    results = {}
    with tempfile.TemporaryDirectory() as profile, sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=CHROMIUM, headless=True, args=ARGS,
            viewport={"width": 1280, "height": 860})
        for path in paths:
            page = context.new_page()
            page.route("**/*", lambda route: route.continue_()
                       if route.request.url.split(":", 1)[0] in ("file", "data", "about")
                       else route.abort())
            page.add_init_script("window.__long = []; new PerformanceObserver(l => l.getEntries().forEach("
                                 "e => window.__long.push(e.duration))).observe({type: 'longtask', buffered: true});")
            started = time.perf_counter()
            page.goto(path.as_uri())
            page.wait_for_selector("body[data-ready=true]", state="attached", timeout=300_000)
            ready = time.perf_counter() - started
            page.wait_for_timeout(500)
            page.evaluate("window.__long = []")
            slowest = 0.0
            for change in CHANGES:  # each run as a task of its own, as a click's handler runs
                page.evaluate(f"setTimeout(() => {{ {change}; }}, 0)")
                page.wait_for_timeout(50)
                page.wait_for_function("() => !kgView.pending", timeout=60_000)  # a big page finishes in later tasks
                page.wait_for_timeout(300)  # let the graph redraw (its own tasks are observed)
                slowest = max(slowest, page.evaluate("kgView.timings ? kgView.timings.total : 0"))
            results[path] = (ready, slowest, max(page.evaluate("window.__long") or [0]), scroll_table(page))
            page.close()
        context.close()
    return results


def scroll_table(page) -> float:
    """Scroll the event table from top to bottom in 40 steps; return the slowest step's work (ms:
    the scroll event to the end of the frame that draws the rows now in view)."""
    return page.evaluate("""async () => {
        const wrap = document.getElementById('kg-table-wrap');
        const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
        let slowest = 0;
        for (let i = 1; i <= 40; i++) {
            const start = performance.now();
            wrap.scrollTop = (wrap.scrollHeight - wrap.clientHeight) * i / 40;
            await frame();
            slowest = Math.max(slowest, performance.now() - start);
        }
        const last = kgView.panels.rows().slice(-1)[0];
        if (last && !document.querySelector(`#kg-table-body tr[data-id="${CSS.escape(last)}"]`)) {
            throw new Error('the last row was not drawn at the bottom of the table');
        }
        return slowest;
    }""")


# Runs one command and prints its own wall time, its child's CPU time (user + system) and peak RSS
# (KiB on Linux).
_MEASURE = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
            "code = subprocess.run(sys.argv[1:]).returncode; u = resource.getrusage(resource.RUSAGE_CHILDREN); "
            "print(time.perf_counter() - t, u.ru_utime + u.ru_stime, u.ru_maxrss, code)")


def measured(command: list[str]) -> tuple[float, float, float]:
    """Run ``command``; return its wall seconds, CPU seconds and peak RSS in MB (raise if it fails).

    The CPU time is the one to compare on a shared machine: the wall time follows its load."""
    done = subprocess.run([sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True)
    seconds, cpu, kib, code = done.stdout.strip().splitlines()[-1].split()
    if code != "0":
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr}")
    return float(seconds), float(cpu), int(kib) / 1024


def store_of_articles(out: Path, articles: int, kg: list[str]) -> Path:
    """Return ``OUT/store-N``, building it from N generated articles when it is not there yet."""
    store = out / f"store-{articles}"
    if (store / "kg-store.json").exists():
        return store
    texts = out / f"articles-{articles}"
    subprocess.run([sys.executable, str(Path(__file__).parent / "corpus.py"), str(texts),
                    "--articles", str(articles)], check=True)
    subprocess.run([*kg, "build", str(texts), "--store", str(store), "-q"], check=True)
    return store


def view_store(store: str, path: Path, kg: list[str]) -> tuple[float, float, float]:
    """Run ``kg view`` on ``store`` into ``path``; return wall seconds, CPU seconds and peak RSS in MB."""
    return measured([*kg, "view", "--store", store, "--output", str(path)])


def main() -> None:
    """Run the benchmark and print its tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,5000", help="synthetic graph sizes ('' for none)")
    parser.add_argument("--events", type=int, default=0, help="also a page of N synthetic events (table, timeline at scale)")
    parser.add_argument("--articles", type=int, default=0, help="also run kg view on a store of N generated articles")
    parser.add_argument("--store", help="run kg view on this existing store (folder or URL) instead")
    parser.add_argument("--kg", default=None, help="the kg command to time (default: this checkout's)")
    parser.add_argument("--out", default=None, help="folder for the pages and stores (default: a temp folder)")
    args = parser.parse_args()
    out = Path(args.out or tempfile.mkdtemp(prefix="bench-view-"))
    out.mkdir(parents=True, exist_ok=True)
    kg = [args.kg] if args.kg else [sys.executable, "-m", "kg.cli"]
    ontology = synthetic_ontology()
    rows = []
    for size in (int(s) for s in args.sizes.split(",") if s.strip()):
        graph = synthetic_graph(size)
        path = out / f"view-{size}.html"
        started = time.perf_counter()
        report = write_html(graph, path, ontology=ontology,
                            options=ViewOptions(max_nodes=max(size * 2, 1500)))
        rows.append((size, report, time.perf_counter() - started, path.stat().st_size, path))
    if args.events:
        path = out / f"view-events-{args.events}.html"
        started = time.perf_counter()
        report = write_records(synthetic_records(args.events), path)
        rows.append((args.events, report, time.perf_counter() - started, path.stat().st_size, path))
    stores = []
    if args.store or args.articles:
        store = args.store or str(store_of_articles(out, args.articles, kg))
        path = out / f"view-store-{args.articles or 'given'}.html"
        seconds, cpu, rss = view_store(store, path, kg)
        stores.append((store, seconds, cpu, rss, path))
    browser = time_in_browser([row[4] for row in rows] + [row[-1] for row in stores])
    print(f"load average (1, 5, 15 min) at the end: {', '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if rows:
        print(f"{'nodes':>7} {'edges':>7} {'write s':>8} {'file MB':>8} {'ready s':>8} {'change ms':>10} {'task ms':>8} {'scroll ms':>9}")
    for size, report, seconds, nbytes, path in rows:
        print(f"{report.nodes:>7} {report.edges:>7} {seconds:>8.2f} {nbytes / 1e6:>8.2f} {_browser(browser, path)}")
    for store, seconds, cpu, rss, path in stores:
        print(f"kg view --store {store}: {seconds:.1f} s ({cpu:.1f} s CPU), peak RSS {rss:.0f} MB, "
              f"page {path.stat().st_size / 1e6:.2f} MB; "
              f"in Chromium: ready s, slowest filter change ms, longest task ms after load: {_browser(browser, path)}")


def _browser(browser: dict, path: Path) -> str:
    if path not in browser:
        return "no chromium"
    ready, change, task, scroll = browser[path]
    return f"{ready:>8.2f} {change:>10.0f} {task:>8.0f} {scroll:>9.0f}"


if __name__ == "__main__":
    main()
