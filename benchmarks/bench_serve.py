"""Benchmark ``kg serve``: what the query time limit costs, and throughput under 20 clients.

Builds a store of generated documents (the generator of ``bench_store.py``), then starts the
real ``kg serve`` command twice and times HTTP requests against it:

* ``limit``: the default, queries in warm worker processes with a 30 s time limit;
* ``no limit``: ``--workers 0 --timeout 0``, queries run in the server's own threads (no time
  limit, no crash containment): the cost the limit is compared with.

Rows printed: the median latency of a quick query sent one at a time (and the ratio of the two
set-ups), then queries per second from 20 concurrent clients, each on its own keep-alive
connection, for ``--seconds`` (with the limit on, and off). The clients run in this process,
the server in its own. The load average is printed: on a shared 2-core machine, figures taken
while something else runs are not comparable.

    .venv/bin/python benchmarks/bench_serve.py [--docs 300] [--requests 300] [--clients 20] [--seconds 10]
"""
from __future__ import annotations

import argparse
import http.client
import importlib.util
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
try:
    import kg  # noqa: F401
except ImportError:  # run from a checkout without `pip install -e .`
    sys.path.insert(0, str(ROOT))

from kg.store.local import open_store  # noqa: E402

QUICK = "SELECT ?name WHERE { ?a a dip:Person ; rdfs:label ?name } LIMIT 5"


def build_store(path: Path, docs: int) -> None:
    spec = importlib.util.spec_from_file_location("bench_store", ROOT / "benchmarks" / "bench_store.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    corpus = bench.Corpus(actors=200)
    with open_store(path) as store:
        store.write_documents(corpus.document(i) for i in range(docs))


class Served:
    """``kg serve`` in a child process, on a free loopback port."""

    def __init__(self, store: Path, *args: str):
        self.child = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(store), "--port", "0",
                                       "-q", *args], stderr=subprocess.PIPE, text=True, cwd=ROOT)
        line = self.child.stderr.readline()
        if " at http://" not in line:
            raise SystemExit(f"kg serve did not start: {line}{self.child.stderr.read()}")
        url = urllib.parse.urlsplit(line.split(" at ")[1].split()[0])
        self.host, self.port = url.hostname, url.port
        self.path = "/sparql?" + urllib.parse.urlencode({"query": QUICK})

    def ask(self, connection: http.client.HTTPConnection) -> None:
        connection.request("GET", self.path, headers={"Accept": "application/sparql-results+json"})
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"{response.status}: {body[:200]!r}")

    def close(self) -> None:
        self.child.terminate()
        self.child.wait(timeout=30)


def sequential(served: Served, requests: int) -> float:
    """Median seconds per request, one at a time on one keep-alive connection."""
    connection = http.client.HTTPConnection(served.host, served.port, timeout=60)
    for _ in range(20):  # warm up
        served.ask(connection)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        served.ask(connection)
        times.append(time.perf_counter() - started)
    connection.close()
    return statistics.median(times)


def concurrent(served: Served, clients: int, seconds: float) -> float:
    """Queries per second answered to ``clients`` threads asking as fast as they can."""
    counts, errors = [0] * clients, []
    start = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def client(i: int) -> None:
        connection = http.client.HTTPConnection(served.host, served.port, timeout=60)
        start.wait()
        try:
            while time.perf_counter() < stop_at[0]:
                served.ask(connection)
                counts[i] += 1
        except Exception as exc:  # noqa: BLE001 (report, do not hide)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    stop_at[0] = time.perf_counter() + seconds
    began = time.perf_counter()
    start.wait()
    for thread in threads:
        thread.join()
    if errors:
        raise SystemExit(f"{len(errors)} clients failed, e.g. {errors[0]!r}")
    return sum(counts) / (time.perf_counter() - began)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())}  ({os.cpu_count()} cores)")
    with tempfile.TemporaryDirectory() as folder:
        store = Path(folder) / "store"
        build_store(store, args.docs)
        setups = {"limit (30 s, workers)": ("--timeout", "30"), "no limit (in-process)": ("--workers", "0", "--timeout", "0")}
        latency, rate = {}, {}
        for name, options in setups.items():
            served = Served(store, *options)
            try:
                latency[name] = sequential(served, args.requests)
                rate[name] = concurrent(served, args.clients, args.seconds)
            finally:
                served.close()
    limit, plain = latency["limit (30 s, workers)"], latency["no limit (in-process)"]
    print(f"\nquick query ({args.docs} documents), median of {args.requests} sequential requests:")
    for name, value in latency.items():
        print(f"  {name:24} {value * 1000:7.2f} ms")
    print(f"  ratio limit / no limit   {limit / plain:7.2f}x")
    print(f"\n{args.clients} concurrent clients, {args.seconds:g} s each:")
    for name, value in rate.items():
        print(f"  {name:24} {value:7.0f} queries/s")
    print(f"\nload average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
