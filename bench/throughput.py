#!/usr/bin/env python3
"""Requests per second over HTTP with concurrent clients: issuing tickets and calling, against the trivial ceiling.

Starts the hall as the quick start does (``run.py``: Werkzeug's threading server, SQLite, demo hall), or as
production does with ``--server gunicorn`` (deploy/gunicorn.conf.py: one process, gthread); with
``--postgres URL`` (or ``TEST_DATABASE_URL`` in the full run) the same again on a fresh PostgreSQL database; then
runs three phases of ``--seconds`` each, every client a thread with its own keep-alive connection, the
clients spread over ``--processes`` processes of their own (not the server's, not each other's GIL):

* ``GET /healthz``, which does nothing (no session, no database): the most this server answers, the ceiling;
* ``POST /api/v1/halls/qingshan/tickets`` (issue a ticket of service A, as a clerk's API token: the public
  kiosk endpoint needs a kiosk page's CSRF token or a device token, and applies the kiosk's per-minute limits);
* ``POST /api/v1/counters/N/finish-and-call-next`` by one clerk at each of the four windows that serve A
  (a window has one current ticket, so four is the concurrency), on the tickets the issue phase left waiting.

Reports requests per second and latency for each, and the ratio to the ceiling. Issue 7's target on a 2-core
machine: issuing at least half of the ceiling. The clients take CPU from the server on the same two cores;
their CPU time is printed too.

    python bench/throughput.py               # 8 clients, 10 s per phase
    python bench/throughput.py --quick       # CI: 2 s per phase
"""

import argparse
import multiprocessing
import os
import resource
import sys
import tempfile
import threading
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    SERVERS,
    Api,
    cpu_seconds,
    database_label,
    machine_load,
    postgres_database,
    running_hall,
    server_processes,
    summary,
    verdict,
)

TARGET_RATIO = 0.5  # issue 7: issue throughput at least half of the trivial endpoint's
# The demo hall's windows that serve A (general intake), and the clerks who sign in there.
WINDOWS = [(1, "clerk1"), (2, "clerk2"), (3, "clerk3"), (7, "clerk4")]


def _client_process(pipe, base: str, jobs: list[tuple[str, str, dict | None, str | None]], start: float, end: float):
    """Run one thread per job (method, path, body, token) from ``start`` to ``end`` (perf_counter times)."""
    results = []
    lock = threading.Lock()

    def client(method, path, body, token):
        api = Api(base)
        api.token = token
        samples, errors, empty = [], 0, 0
        while time.perf_counter() < start:
            time.sleep(0.001)
        while True:
            begin = time.perf_counter()
            if begin >= end:
                break
            status, payload = api.raw(method, path, body)
            finished = time.perf_counter()
            if finished > end:
                break  # only requests that completed inside the window count
            if status >= 400:
                errors += 1
            elif payload.startswith(b'{"ticket":null'):
                empty += 1
            samples.append((finished - begin) * 1000)
        api.close()
        with lock:
            results.append((samples, errors, empty))

    threads = [threading.Thread(target=client, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    pipe.send((results, usage.ru_utime + usage.ru_stime))


def phase(base: str, jobs: list, processes: int, seconds: float, server) -> dict:
    """All ``jobs`` at once, spread over ``processes`` client processes, for ``seconds``."""
    context = multiprocessing.get_context("spawn")
    groups = [jobs[i::processes] for i in range(processes)]
    start = time.perf_counter() + 1.5  # time for the client processes to start
    end = start + seconds
    pipes, children = [], []
    for group in (g for g in groups if g):
        ours, theirs = context.Pipe()
        child = context.Process(target=_client_process, args=(theirs, base, group, start, end), daemon=True)
        child.start()
        pipes.append(ours)
        children.append(child)
    while time.perf_counter() < start:
        time.sleep(0.001)
    server_cpu = cpu_seconds(server)
    while time.perf_counter() < end:
        time.sleep(0.01)
    server_cpu = cpu_seconds(server) - server_cpu
    samples, errors, empty, client_cpu = [], 0, 0, 0.0
    for pipe in pipes:
        results, cpu = pipe.recv()
        client_cpu += cpu
        for got, failed, nothing in results:
            samples.extend(got)
            errors += failed
            empty += nothing
    for child in children:
        child.join(10)
    return {
        "rate": len(samples) / seconds,
        "stats": summary(samples),
        "errors": errors,
        "empty": empty,
        "server_cpu_share": server_cpu / seconds,
        "client_cpu_share": client_cpu / seconds,
    }


def report(label: str, result: dict, ceiling: float | None = None) -> str:
    text = f"{label:<34} {result['rate']:>7.0f} /s" + (f"   x{result['rate'] / ceiling:.2f} ceiling" if ceiling else "")
    text += (
        f"\n    latency median {result['stats']['median_ms']:.1f} ms, p99 {result['stats']['p99_ms']:.1f} ms;"
        f" CPU: server {result['server_cpu_share']:.2f} cores, clients {result['client_cpu_share']:.2f} cores"
    )
    if result["rate"]:  # steadier than the rate on a shared machine: what one request costs the server
        text += f"; server CPU per request {result['server_cpu_share'] / result['rate'] * 1000:.2f} ms"
    if result["errors"]:
        text += f"; {result['errors']} errors"
    if result["empty"]:
        text += f"; {result['empty']} calls found the queue empty"
    return text


def measure(base: str, pid: int, database_url: str, arguments) -> None:
    server = server_processes(pid)
    clerks = {}
    for counter, username in WINDOWS:
        api = Api(base)
        api.login(username, "demo-2026")
        api.call("POST", f"/api/v1/counters/{counter}/sign-in", {})
        clerks[counter] = api.token
    issuer = clerks[1]
    warm = Api(base)
    warm.token = issuer
    for _ in range(30):  # first requests compile statements and fill caches
        warm.call("GET", "/healthz")
        warm.call("POST", "/api/v1/halls/qingshan/tickets", {"service_id": 1})

    clients, processes, seconds = arguments.clients, arguments.processes, arguments.seconds
    print(
        f"\nserver: {SERVERS[arguments.server]}, {database_label(database_url)}\n"
        f"{clients} clients in {processes} processes, {seconds:g} s per phase; {machine_load()}",
        flush=True,
    )
    ceiling = phase(base, [("GET", "/healthz", None, None)] * clients, processes, seconds, server)
    print(report("GET /healthz (ceiling)", ceiling), flush=True)
    issue = phase(
        base,
        [("POST", "/api/v1/halls/qingshan/tickets", {"service_id": 1}, issuer)] * clients,
        processes,
        seconds,
        server,
    )
    print(report("POST issue a ticket", issue, ceiling["rate"]), flush=True)
    ratio = issue["rate"] / ceiling["rate"]
    print(f"  target: issue >= {TARGET_RATIO} x ceiling: {ratio:.2f}  {verdict(ratio >= TARGET_RATIO)}")
    calls = phase(
        base,
        [("POST", f"/api/v1/counters/{counter}/finish-and-call-next", {}, token) for counter, token in clerks.items()],
        min(processes, len(clerks)),
        seconds,
        server,
    )
    print(report(f"POST finish-and-call-next ({len(clerks)} windows)", calls, ceiling["rate"]), flush=True)
    print(f"after: {machine_load()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="CI: 2 s per phase")
    parser.add_argument("--seconds", type=float)
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients (default 8)")
    parser.add_argument("--processes", type=int, default=2, help="client processes (default 2)")
    parser.add_argument("--server", choices=SERVERS, default="run.py", help="run.py (default) or gunicorn")
    parser.add_argument("--postgres", metavar="URL", help="also on PostgreSQL (a fresh database beside URL's)")
    arguments = parser.parse_args()
    arguments.seconds = arguments.seconds or (2 if arguments.quick else 10)
    postgres = arguments.postgres or (None if arguments.quick else os.environ.get("TEST_DATABASE_URL"))

    with tempfile.TemporaryDirectory() as directory:
        sqlite_url = f"sqlite:///{Path(directory) / 'hall.db'}"
        with running_hall(Path(directory), database_url=sqlite_url, server=arguments.server) as (base, pid):
            measure(base, pid, sqlite_url, arguments)
        if postgres:
            with ExitStack() as stack:
                url = stack.enter_context(postgres_database(postgres, "bench_throughput"))
                base, pid = stack.enter_context(
                    running_hall(Path(directory), database_url=url, server=arguments.server, name="postgres")
                )
                measure(base, pid, url, arguments)


if __name__ == "__main__":
    main()
