"""Benchmark `kg build`: extraction throughput against bare spaCy, worker scaling, memory.

Generates its own corpus (benchmarks/corpus.py), then measures in one run:

1. bare spaCy: the reader's own pipeline (same model, same components: tagger, parser, NER, the
   gazetteer ruler, the boundary component) over the texts with ``nlp.pipe``;
2. the single-process build (ingest, spaCy, extraction, mapping, store writes) on the same
   texts with the same loaded pipeline, and the same without store writes (to show its share);
3. ``kg build --workers 1`` and ``--workers 2`` as whole commands (model loading included), the
   same reading in 1 and 2 processes with no store, and the bound the cores set on scaling;
4. peak RSS (process tree, sampled) of ``kg build`` over a small and a ten times larger corpus;
5. ``kg build`` of ONE long article (generated articles joined) of 0.1, 1 and 5 MB: seconds per
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
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import iter_articles, write_corpus  # noqa: E402

KG = [sys.executable, "-m", "kg.cli"]


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


class Timer:
    """Wall and CPU time (this process) of a block."""

    def __enter__(self):
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu


def run_measured(args: list[str]) -> tuple[float, float, float]:
    """Run a command; return (wall seconds, CPU seconds of the tree, peak RSS MiB of the tree)."""
    import psutil

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
    return wall, sum(cpu.values()), peak[0] / 2**20


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
    args = parser.parse_args()
    if args.read_only_run:  # a child of the scaling part
        read_only_run(int(args.read_only_run[0]), Path(args.read_only_run[1]))
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
    if "throughput" in parts:
        rows += throughput(corpus, sources, words)
    if "scaling" in parts:
        rows += scaling_rows(corpus, words, work, len(sources))
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


def throughput(corpus: Path, sources, words: int) -> list[tuple[str, str]]:
    from kg.pipeline.build import build_graph, load_reader, read_graphs
    from kg.store.local import open_store

    reader = load_reader()
    list(reader.nlp.pipe([s.text for s in sources[:20]]))  # warm up
    print(f"pipeline: {', '.join(reader.nlp.pipe_names)}", flush=True)

    with Timer() as bare:
        for _ in reader.nlp.pipe((s.text for s in sources), batch_size=16):
            pass
    print(f"bare spaCy: {bare.wall:.1f} s", flush=True)

    with Timer() as no_store:
        for _ in read_graphs(reader, sources):
            pass
    print(f"read + extract + map (no store): {no_store.wall:.1f} s", flush=True)

    store_path = Path(tempfile.mkdtemp(prefix="kg-bench-store-")) / "store"
    shutil.rmtree(store_path, ignore_errors=True)
    with Timer() as full, open_store(store_path) as store:
        build_graph([str(corpus)], store=store, reader=reader)
    print(f"single-process build: {full.wall:.1f} s", flush=True)
    shutil.rmtree(store_path.parent, ignore_errors=True)
    return [
        ("bare spaCy nlp.pipe (1 process)", f"{words / bare.wall:,.0f} words/s ({bare.wall:.1f} s wall, {bare.cpu:.1f} s CPU)"),
        ("read + extract + map, no store", f"{words / no_store.wall:,.0f} words/s ({no_store.wall:.1f} s wall, {no_store.cpu:.1f} s CPU)"),
        ("build_graph, 1 process (store writes included)", f"{words / full.wall:,.0f} words/s ({full.wall:.1f} s wall, {full.cpu:.1f} s CPU)"),
        ("ratio build / bare spaCy (target >= 0.8)", f"{bare.wall / full.wall:.2f} (CPU {bare.cpu / full.cpu:.2f})"),
        ("ratio read+extract+map / bare spaCy", f"{bare.wall / no_store.wall:.2f} (CPU {bare.cpu / no_store.cpu:.2f})"),
    ]


def scaling_rows(corpus: Path, words: int, work: Path, documents: int) -> list[tuple[str, str]]:
    rows = []
    scaling, reading = {}, {}
    for n in (1, 2):
        path = work / f"store-w{n}"
        shutil.rmtree(path, ignore_errors=True)
        print(f"kg build --workers {n} (load {load()})", flush=True)
        scaling[n] = run_measured([*KG, "build", str(corpus), "--store", str(path), "--workers", str(n), "-q"])
    for n in (1, 2):  # the same reading, same processes, with no store: what the model and extraction allow
        print(f"reading only, {n} process(es) (load {load()})", flush=True)
        reading[n] = run_measured([sys.executable, __file__, "--read-only-run", str(n), str(corpus)])
    for n, (wall, cpu, rss) in scaling.items():
        rows.append((f"kg build --workers {n} (whole command)",
                     f"{words / wall:,.0f} words/s ({wall:.1f} s wall, {cpu:.1f} s CPU, peak RSS {rss:,.0f} MiB)"))
    rows.append(("scaling 2 workers / 1 (target >= 1.7)", f"{scaling[1][0] / scaling[2][0]:.2f}"))
    wall1, cpu1, _ = scaling[1]
    cores = os.cpu_count() or 1
    # one worker already keeps more than one core busy (the store's writer thread and RocksDB's
    # own threads run beside the reading): the cores bound what two workers can gain
    rows.append((f"bound for 2 workers on {cores} cores: min(2, cores x wall / CPU of --workers 1)",
                 f"{min(2.0, cores * wall1 / cpu1):.2f} (one worker keeps {cpu1 / wall1:.2f} cores busy)"))
    for n, (wall, cpu, _) in reading.items():
        rows.append((f"reading only, no store, {n} process(es)", f"{words / wall:,.0f} words/s ({wall:.1f} s wall, {cpu:.1f} s CPU)"))
    rows.append(("scaling of reading only, 2 / 1", f"{reading[1][0] / reading[2][0]:.2f}"))
    rows.append(("CPU the store costs per document (build minus reading, --workers 1)",
                 f"{1000 * (cpu1 - reading[1][1]) / documents:.1f} ms"))
    return rows


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
