"""Benchmark what event identity and the store cost per article (issue #18, "Cost").

Measures, on a generated corpus of stories (benchmarks/corpus.py ``--outlets``: each real event
reported by several outlets, so that events merge across documents) and, when given, on a
folder of real articles (``--articles-dir``):

1. quads per article: the store's statements divided by the documents, split by graph kind
   (document graphs, event graphs, actor graphs), and the predicates that cost the most;
2. the store's CPU per document: one process, the corpus read and mapped first, then only the
   store's writes timed, in the groups a build writes (process CPU: RocksDB's threads count);
3. ``kg build --workers 1`` against ``--workers 2`` and against bare spaCy, all as whole
   commands (a Python process each, model loading included): the build's throughput ratio
   (target >= 0.8) and the scaling of two workers.

The machine is usually shared: the load average is printed with each timed step.

Usage: python benchmarks/bench_identity.py [--articles 300] [--outlets 3] [--articles-dir DIR]
"""
from __future__ import annotations

import argparse
import collections
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # noqa: E402

KG = [sys.executable, "-m", "kg.cli"]
BARE = """import sys, time
from pathlib import Path
from kg.pipeline.build import load_reader
texts = [p.read_text(encoding="utf-8") for p in sorted(Path(sys.argv[1]).rglob("*.txt"))]
for _ in load_reader().nlp.pipe(texts, batch_size=16):
    pass
"""


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def timed(args: list[str]) -> tuple[float, float]:
    """Run a command; return its wall seconds and its CPU seconds (the process and its children)."""
    before = os.times()
    started = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = os.times()
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def quads_per_article(store_path: Path) -> list[tuple[str, str]]:
    from kg.store.local import open_store

    kinds, predicates, documents = collections.Counter(), collections.Counter(), 0
    with open_store(store_path, read_only=True) as store:
        for quad in store.quads():
            graph = quad.graph_name.value if hasattr(quad.graph_name, "value") else ""
            kind = graph.split("/id/", 1)[-1].split("/", 1)[0] if "/id/" in graph else "other"
            kinds[kind] += 1
            predicates[quad.predicate.value.rsplit("#", 1)[-1].rsplit("/", 1)[-1]] += 1
            documents += kind == "doc" and quad.predicate.value.endswith("identifier")
    total = sum(kinds.values())
    rows = [("documents", f"{documents}"), ("quads per article", f"{total / documents:.1f} ({total} quads)")]
    rows += [(f"  in {kind} graphs", f"{n / documents:.1f}") for kind, n in kinds.most_common()]
    rows.append(("  most frequent predicates, per article",
                 ", ".join(f"{p} {n / documents:.1f}" for p, n in predicates.most_common(10))))
    return rows


def store_cpu(corpus: Path) -> list[tuple[str, str]]:
    """The store's CPU per document: the corpus read and mapped first (no store), then only the
    writes timed, in the groups a build writes (``Store.write_documents``), closing included."""
    from kg import ingest
    from kg.pipeline.build import load_reader, read_graphs
    from kg.pipeline.options import BuildOptions
    from kg.records import SourceDocument
    from kg.store.local import open_store

    reader = load_reader()
    sources = [s for s in ingest.iter_documents([str(corpus)]) if isinstance(s, SourceDocument)]
    print(f"reading, no store (load {load()})", flush=True)
    cpu = time.process_time()
    results = list(read_graphs(reader, sources))
    reading = time.process_time() - cpu
    group = BuildOptions().write_batch
    work = Path(tempfile.mkdtemp(prefix="kg-bench-identity-"))
    print(f"writing into a store, {group} documents a group (load {load()})", flush=True)
    cpu, wall = time.process_time(), time.perf_counter()
    with open_store(work / "store") as store:
        for start in range(0, len(results), group):
            store.write_documents([(r.graph, r.ntriples, r.descriptions, r.reports)
                                   for r in results[start:start + group]])
    writing, wall = time.process_time() - cpu, time.perf_counter() - wall
    rows = quads_per_article(work / "store")
    shutil.rmtree(work, ignore_errors=True)
    rows.append(("store CPU per document (writes only, every thread)",
                 f"{1000 * writing / len(results):.1f} ms ({writing:.2f} s CPU, {wall:.2f} s wall)"))
    rows.append(("reading CPU per document (spaCy, extraction, mapping)", f"{1000 * reading / len(results):.1f} ms"))
    return rows


def commands(corpus: Path, documents: int) -> list[tuple[str, str]]:
    work = Path(tempfile.mkdtemp(prefix="kg-bench-identity-"))
    print(f"bare spaCy as a command (load {load()})", flush=True)
    bare = timed([sys.executable, "-c", BARE, str(corpus)])
    builds = {}
    for workers in (1, 2):
        print(f"kg build --workers {workers} (load {load()})", flush=True)
        builds[workers] = timed([*KG, "build", str(corpus), "--store", str(work / f"w{workers}"),
                                 "--workers", str(workers), "-q"])
    shutil.rmtree(work, ignore_errors=True)
    rows = [("bare spaCy, whole command", f"{bare[0]:.1f} s wall, {bare[1]:.1f} s CPU")]
    rows += [(f"kg build --workers {n}, whole command", f"{wall:.1f} s wall, {cpu:.1f} s CPU, "
              f"{1000 * wall / documents:.0f} ms per document") for n, (wall, cpu) in builds.items()]
    rows.append(("build / bare spaCy, --workers 1 (target >= 0.8)", f"{bare[0] / builds[1][0]:.2f}"))
    rows.append(("2 workers against 1 (wall)", f"{builds[1][0] / builds[2][0]:.2f}"))
    return rows


def print_rows(title: str, rows: list[tuple[str, str]]) -> None:
    print(f"\n## {title}")
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=300, help="generated articles")
    parser.add_argument("--outlets", type=int, default=3, help="outlets reporting each generated event")
    parser.add_argument("--articles-dir", type=Path, help="also count quads per article on these articles")
    parser.add_argument("--skip-commands", action="store_true", help="no whole-command timings")
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, shared (load {load()})", flush=True)
    corpus = Path(tempfile.mkdtemp(prefix="kg-bench-identity-corpus-"))
    try:
        write_corpus(corpus, args.articles, outlets=args.outlets)
        print_rows(f"generated stories: {args.articles} articles, {args.outlets} outlets per event", store_cpu(corpus))
        if args.articles_dir:
            print_rows(f"articles in {args.articles_dir}", store_cpu(args.articles_dir))
        if not args.skip_commands:
            print_rows("whole commands on the generated stories", commands(corpus, args.articles))
    finally:
        shutil.rmtree(corpus, ignore_errors=True)
    print(f"\nload at the end: {load()}")


if __name__ == "__main__":
    main()
