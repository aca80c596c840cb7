"""Benchmark `kg build`: extraction throughput against bare spaCy, worker scaling, memory.

Generates its own corpus (benchmarks/corpus.py), then measures in one run, every step a whole
command in its own process (model loading included), with the CPU time of its process tree beside
the wall time (on a shared machine wall ratios are noise; CPU ratios are what to trust) and the
load average before and after:

1. throughput: bare spaCy as a user would run it (``spacy.load`` of the model kg chooses, with
   its stock components, ``nlp.pipe`` with the build's batch size): the headline baseline, against
   ``kg build --workers 1`` (one child process parses, another extracts and maps, the command's own
   process stores) and
   against the same reading in one process with no store; and kg's own pipeline
   parsing alone (kg's components: the boundary component, the attribute rule table in place of
   spaCy's ``attribute_ruler``, the lemma table around its lemmatizer, the NER keeper, the
   gazetteer ruler; no extraction) with the ratio of ``kg build`` to it, so both comparisons are
   in view; the store's CPU per document (build minus reading) and the quads it wrote per
   article, by kind of graph;
2. scaling: ``kg build --workers 1`` and ``--workers 2``, the same reading in 1 and 2 processes
   with no store, and the bound the cores set on scaling;
3. peak RSS (process tree, sampled) of ``kg build`` over a small and a ten times larger corpus;
4. ``kg build`` of ONE long article (generated articles joined) of 0.1, 1 and 5 MB: seconds per
   MB (linear extraction keeps it flat; the target is within 2x of the 0.1 MB figure) and peak
   RSS (target under 1 GiB at 5 MB). Not part of a default run (``--only long``): the 5 MB
   article alone takes minutes.

Usage: python benchmarks/bench_build.py [--articles 2000] [--memory-articles 1000]
       python benchmarks/bench_build.py --only long [--long-sizes 0.1,1,5]
See docs/performance.md for the results and how to read them.
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Optional, Sequence

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import iter_articles, write_corpus  # noqa: E402

KG = [sys.executable, "-m", "kg.cli"]
PARSE_BATCH = 16  # texts per nlp.pipe batch, as kg.pipeline.reading.parse: the fastest here (64: the same, 256: 1.3x the CPU)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next((int(line.split()[1]) // 1024 // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    import spacy

    return (f"{cpu}, {os.cpu_count()} cores, {mem} GiB RAM; Python {platform.python_version()}, "
            f"spaCy {spacy.__version__}, {platform.system()} {platform.release()}")


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run_measured(args: list[str], busiest: Optional[list] = None) -> tuple[float, float, float]:
    """Run a command; return (wall seconds, CPU seconds of the tree, peak RSS MiB of the tree).

    ``busiest``, when given, receives the CPU seconds of each process of the tree that used more
    than one, largest first (sampled): the busiest one bounds the wall time on a quiet machine.
    """
    import psutil

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = [0]
    cpu: dict[int, float] = {}

    def sample():
        parent = psutil.Process(proc.pid)
        while proc.poll() is None:
            try:
                tree = [parent, *parent.children(recursive=True)]
                rss = 0
                for p in tree:
                    with p.oneshot():
                        rss += p.memory_info().rss
                        t = p.cpu_times()
                        cpu[p.pid] = t.user + t.system  # not children_*: they are in the tree already
                peak[0] = max(peak[0], rss)
            except psutil.Error:
                pass
            time.sleep(0.05)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    out, _ = proc.communicate()
    watcher.join()
    wall = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{out}")
    print("   ", out.strip().splitlines()[-1], flush=True)
    # the exact CPU of the processes waited for (the command, its worker processes), or the
    # sampled one where the sampling saw more (a process nobody waited for, such as a forkserver)
    done = resource.getrusage(resource.RUSAGE_CHILDREN)
    waited = done.ru_utime + done.ru_stime - children.ru_utime - children.ru_stime
    if busiest is not None:
        busiest.extend(sorted((seconds for seconds in cpu.values() if seconds > 1), reverse=True))
    return wall, max(waited, sum(cpu.values())), peak[0] / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="corpus size for throughput and scaling")
    parser.add_argument("--memory-articles", type=int, default=1000,
                        help="small corpus of the memory test; the large one is ten times this")
    parser.add_argument("--memory-workers", type=int, default=1, help="--workers of the memory builds")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--only", choices=["throughput", "scaling", "memory", "long"], help="run one part only")
    parser.add_argument("--long-sizes", default="0.1,1,5", help="sizes in MB of the long-article part")
    parser.add_argument("--keep", type=Path, help="keep the corpora and stores in this folder")
    parser.add_argument("--read-only-run", nargs=2, metavar=("WORKERS", "CORPUS"), help=argparse.SUPPRESS)
    parser.add_argument("--bare-run", nargs=2, metavar=("MODEL", "CORPUS"), help=argparse.SUPPRESS)
    parser.add_argument("--kg-parse-run", type=Path, metavar="CORPUS", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.read_only_run:  # a child of the throughput and scaling parts
        read_only_run(int(args.read_only_run[0]), Path(args.read_only_run[1]))
        return
    if args.bare_run:
        bare_run(args.bare_run[0], Path(args.bare_run[1]))
        return
    if args.kg_parse_run:
        kg_parse_run(args.kg_parse_run)
        return

    work = args.keep or Path(tempfile.mkdtemp(prefix="kg-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rows: list[tuple[str, str]] = []
    print(f"machine: {machine()}\nload average at start: {load()}", flush=True)

    if args.only == "long":
        rows += long_rows([float(x) for x in args.long_sizes.split(",")], work)
        print_rows(rows)
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        return
    corpus = work / f"corpus-{args.articles}"
    if not corpus.exists():
        write_corpus(corpus, args.articles)
    from kg import ingest
    from kg.records import SourceDocument

    sources = [s for s in ingest.iter_documents([str(corpus)]) if isinstance(s, SourceDocument)]
    words = sum(len(s.text.split()) for s in sources)
    print(f"corpus: {len(sources)} articles, {words} words", flush=True)

    parts = {args.only} if args.only else {"throughput", "scaling"} | (set() if args.skip_memory else {"memory"})
    runs: dict = {}
    if "throughput" in parts:
        found, runs = throughput(corpus, words, work, len(sources))
        rows += found
    if "scaling" in parts:
        rows += scaling_rows(corpus, words, work, len(sources), runs)
    if "memory" in parts:
        rows += memory_rows(args, work)

    print_rows(rows)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


def print_rows(rows: list[tuple[str, str]]) -> None:
    print(f"\nload average at end: {load()}\n")
    width = max(len(name) for name, _ in rows)
    print(f"| {'measure':{width}} | result |\n|{'-' * (width + 2)}|--------|")
    for name, value in rows:
        print(f"| {name:{width}} | {value} |")


def throughput(corpus: Path, words: int, work: Path, documents: int) -> tuple[list[tuple[str, str]], dict]:
    """Whole commands, model loading included: bare spaCy (stock components), kg's pipeline parsing
    alone, ``kg build --workers 1``, and the same reading with no store; the ratios in wall and CPU
    time, the store's CPU per document and the quads it writes per article. Returns the rows and the
    runs (the scaling part reuses them)."""
    from kg.nlp.model import choose_model

    model = choose_model()
    runs = {"bare": _run("bare spaCy, whole script", [sys.executable, __file__, "--bare-run", model, str(corpus)])}
    runs["kg parse"] = _run("kg's pipeline, parsing only", [sys.executable, __file__, "--kg-parse-run", str(corpus)])
    runs["build", 1] = _build_run(corpus, work, 1)
    runs["read", 1] = _run("reading only, 1 process", [sys.executable, __file__, "--read-only-run", "1", str(corpus)])
    bare, parse, build, read = runs["bare"], runs["kg parse"], runs["build", 1], runs["read", 1]
    rows = [
        (f"bare spaCy, whole script (model loading included; spacy.load({model!r}) with its stock components, "
         f"nlp.pipe batch {PARSE_BATCH})", _speed(words, bare)),
        ("kg build --workers 1, whole command (model loading included)", _speed(words, build)),
        ("ratio kg build whole command / bare spaCy whole script (target >= 0.8)", _ratios(bare, build)),
        ("kg's pipeline parsing only, whole script (kg's components, no extraction)", _speed(words, parse)),
        ("ratio kg build whole command / kg's pipeline parsing only", _ratios(parse, build)),
        ("ratio kg's pipeline parsing only / bare spaCy whole script", _ratios(bare, parse)),
        ("reading only, no store, 1 process, whole command (ingest, spaCy, extraction, mapping)", _speed(words, read)),
        ("ratio reading only / bare spaCy whole script", _ratios(bare, read)),
        ("CPU the store and the two reading processes cost per document (kg build minus reading only, --workers 1)",
         f"{1000 * (build.cpu - read.cpu) / documents:.1f} ms"),
        ("quads per article: all (document / event / actor graphs)", quads_per_article(work / "store-w1")),
    ]
    return rows, runs


class Run:
    """One whole command: wall and CPU seconds of its process tree, peak RSS, load average before and after."""

    def __init__(self, wall: float, cpu: float, rss: float, load_before: str, load_after: str,
                 processes: Sequence[float] = ()):
        self.wall, self.cpu, self.rss = wall, cpu, rss
        self.load = f"load {load_before} -> {load_after}"
        self.processes = processes  # CPU seconds of each busy process of the tree, largest first


def _run(label: str, args: list[str]) -> Run:
    before = load()
    print(f"{label} (load {before})", flush=True)
    processes: list = []
    wall, cpu, rss = run_measured(args, processes)
    return Run(wall, cpu, rss, before, load(), processes)


def _build_run(corpus: Path, work: Path, workers: int) -> Run:
    path = work / f"store-w{workers}"
    shutil.rmtree(path, ignore_errors=True)
    return _run(f"kg build --workers {workers}",
                [*KG, "build", str(corpus), "--store", str(path), "--workers", str(workers), "-q"])


def _speed(words: int, run: Run) -> str:
    each = (f", of which {' / '.join(f'{seconds:.1f}' for seconds in run.processes)} s by process"
            if len(run.processes) > 1 else "")
    return (f"{words / run.wall:,.0f} words/s ({run.wall:.1f} s wall, {run.cpu:.1f} s CPU{each}, "
            f"peak RSS {run.rss:,.0f} MiB; {run.load})")


def _ratios(bare: Run, other: Run) -> str:
    """Throughput of ``other`` against ``bare``: wall (noise when the machine is shared) and CPU time."""
    return f"CPU {bare.cpu / other.cpu:.2f}, wall {bare.wall / other.wall:.2f}"


def quads_per_article(store_path: Path) -> str:
    """Quads per document in a built store, in all and by kind of graph (document, event, actor)."""
    from kg.store.events import is_event_graph
    from kg.store.local import open_store

    counts = {"document": 0, "event": 0, "actor": 0}
    with open_store(store_path, read_only=True) as store:
        documents = store.document_count()
        for quad in store.quads():
            graph = quad.graph_name.value if hasattr(quad.graph_name, "value") else ""
            kind = "event" if is_event_graph(graph) else "document" if "/doc/" in graph else "actor"
            counts[kind] += 1
    per = {k: v / max(1, documents) for k, v in counts.items()}
    return (f"{sum(per.values()):.0f} ({per['document']:.0f} / {per['event']:.0f} / {per['actor']:.0f}) "
            f"over {documents} articles")


def scaling_rows(corpus: Path, words: int, work: Path, documents: int, runs: dict) -> list[tuple[str, str]]:
    """``kg build`` and the same reading with no store, in 1 and 2 processes (whole commands)."""
    for n in (1, 2):
        if ("build", n) not in runs:
            runs["build", n] = _build_run(corpus, work, n)
    for n in (1, 2):  # the same reading, same processes, with no store: what the model and extraction allow
        if ("read", n) not in runs:
            runs["read", n] = _run(f"reading only, {n} process(es)",
                                   [sys.executable, __file__, "--read-only-run", str(n), str(corpus)])
    rows = [(f"kg build --workers {n} (whole command)", _speed(words, runs["build", n])) for n in (1, 2)]
    one, two = runs["build", 1], runs["build", 2]
    rows.append(("scaling 2 workers / 1, wall (target >= 1.7; noise when the machine is shared)",
                 f"{one.wall / two.wall:.2f} (CPU 2 workers / 1: {two.cpu / one.cpu:.2f})"))
    cores = os.cpu_count() or 1
    # one worker already keeps more than one core busy (the store's writer thread and RocksDB's
    # own threads run beside the reading): the cores bound what two workers can gain
    rows.append((f"bound for 2 workers on {cores} cores: min(2, cores x wall / CPU of --workers 1)",
                 f"{min(2.0, cores * one.wall / one.cpu):.2f} (one worker keeps {one.cpu / one.wall:.2f} cores busy)"))
    for n in (1, 2):
        rows.append((f"reading only, no store, {n} process(es)", _speed(words, runs["read", n])))
    rows.append(("scaling of reading only, 2 / 1, wall", f"{runs['read', 1].wall / runs['read', 2].wall:.2f}"))
    rows.append(("CPU the store costs per document (build minus reading, --workers 2)",
                 f"{1000 * (two.cpu - runs['read', 2].cpu) / documents:.1f} ms"))
    return rows


def bare_run(model: str, corpus: Path) -> None:
    """Bare spaCy as a user would run it: ``spacy.load`` the model kg chooses (its stock
    components), read the files, ``nlp.pipe`` them with the build's batch size; print a line."""
    started = time.perf_counter()
    import spacy

    nlp = spacy.load(model)
    _parse_corpus(nlp, corpus, started)


def kg_parse_run(corpus: Path) -> None:
    """kg's own pipeline parsing alone: ``load_pipeline`` (the model with kg's components), read the
    files, ``nlp.pipe`` them with the build's batch size, no extraction; print a line."""
    started = time.perf_counter()
    from kg.nlp.gazetteer import load_gazetteer
    from kg.nlp.model import load_pipeline

    nlp = load_pipeline(load_gazetteer())
    _parse_corpus(nlp, corpus, started)


def _parse_corpus(nlp, corpus: Path, started: float) -> None:
    texts = (path.read_text(encoding="utf-8") for path in sorted(corpus.rglob("*.txt")))
    count = sum(1 for _ in nlp.pipe(texts, batch_size=PARSE_BATCH))
    components = ", ".join(f"{name} ({nlp.get_pipe_meta(name).factory})" if nlp.get_pipe_meta(name).factory != name
                           else name for name in nlp.pipe_names)
    print(f"parsed {count} documents in {time.perf_counter() - started:.1f} s with {components}")


def read_only_run(workers: int, corpus: Path) -> None:
    """Read and map every document as ``kg build --workers N`` does (model loading included),
    without a store; print a line like the build's own."""
    import functools

    from kg import ingest
    from kg.pipeline.build import BuildOptions, load_reader, read_batch, read_graphs
    from kg.records import SourceDocument

    started = time.perf_counter()
    sources = (s for s in ingest.iter_documents([str(corpus)]) if isinstance(s, SourceDocument))
    if workers > 1:
        from kg.pipeline.parallel import map_batches_parallel

        options = BuildOptions()
        graphs = map_batches_parallel(functools.partial(read_batch, options=options), sources, workers=workers,
                                      batch_documents=options.batch_documents)
    else:
        graphs = read_graphs(load_reader(), sources)
    count = sum(1 for _ in graphs)
    print(f"read {count} documents in {time.perf_counter() - started:.1f} s with {workers} process(es), no store")


def memory_rows(args, work: Path) -> list[tuple[str, str]]:
    rows = []
    peaks = {}
    for count in (args.memory_articles, args.memory_articles * 10):
        folder = work / f"corpus-{count}"
        if not folder.exists():
            write_corpus(folder, count, seed=23)
        path = work / f"store-mem-{count}"
        shutil.rmtree(path, ignore_errors=True)
        print(f"memory: kg build {count} articles, --workers {args.memory_workers} (load {load()})", flush=True)
        peaks[count] = run_measured([*KG, "build", str(folder), "--store", str(path),
                                     "--workers", str(args.memory_workers), "-q"])
    small, large = args.memory_articles, args.memory_articles * 10
    for count in (small, large):
        wall, _, rss = peaks[count]
        rows.append((f"peak RSS, {count:,} articles (--workers {args.memory_workers})", f"{rss:,.0f} MiB ({wall:.0f} s)"))
    rows.append((f"memory ratio {large:,} / {small:,} (target <= 1.2)", f"{peaks[large][2] / peaks[small][2]:.2f}"))
    return rows



def long_article(path: Path, megabytes: float) -> int:
    """Write one article of about ``megabytes`` MB (generated articles joined); return its size."""
    size, parts = int(megabytes * 1_000_000), []
    total = 0
    for _, text in iter_articles(10**9, seed=11):
        parts.append(text)
        total += len(text.encode("utf-8")) + 1
        if total >= size:
            break
    data = "\n".join(parts)
    path.write_text(data, encoding="utf-8")
    return len(data.encode("utf-8"))


def long_rows(sizes: list[float], work: Path) -> list[tuple[str, str]]:
    """``kg build`` of one long article per size: seconds per MB (wall and CPU) and peak RSS.

    On a shared machine wall time grows with the load; the CPU time of the process tree is the
    steadier figure, so both ratios are given, with the load average at the start of each run.
    """
    rows, per_mb = [], {}
    for megabytes in sizes:
        article = work / f"long-{megabytes:g}MB.txt"
        size = long_article(article, megabytes)
        path = work / f"store-long-{megabytes:g}"
        shutil.rmtree(path, ignore_errors=True)
        started_load = load()
        print(f"long article: kg build {size / 1e6:.2f} MB (load {started_load})", flush=True)
        # --max-chars above the article's size: the whole article is read, not cut at the default cap
        wall, cpu, rss = run_measured([*KG, "build", str(article), "--store", str(path), "-q",
                                       "--max-chars", str(size + 1)])
        per_mb[megabytes] = (wall / (size / 1e6), cpu / (size / 1e6))
        rows.append((f"one {megabytes:g} MB article: seconds per MB, peak RSS (RSS target < 1 GiB at 5 MB)",
                     f"{per_mb[megabytes][0]:.1f} s/MB wall, {per_mb[megabytes][1]:.1f} s/MB CPU "
                     f"({wall:.0f} s wall, {cpu:.0f} s CPU, load {started_load}), peak RSS {rss:,.0f} MiB"))
    first = sizes[0]
    for megabytes in sizes[1:]:
        rows.append((f"seconds per MB, {megabytes:g} MB / {first:g} MB (target <= 2)",
                     f"{per_mb[megabytes][0] / per_mb[first][0]:.2f} wall, "
                     f"{per_mb[megabytes][1] / per_mb[first][1]:.2f} CPU"))
    return rows


if __name__ == "__main__":
    main()
