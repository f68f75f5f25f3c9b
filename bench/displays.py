#!/usr/bin/env python3
"""A clerk's call reaching 200 hall screens, and the memory those connections cost the server.

Starts the hall as the quick start does (``run.py``: Werkzeug's threading server, Flask-SocketIO in threading
mode with simple-websocket, SQLite, demo hall), connects N screens (``bench/screens.py``: the Socket.IO
protocol spoken directly, in a few separate processes so they do not run in the server's or the clerk's
process), then, as a clerk at window 1, presses "finish and call next" over the JSON API, one call at a time,
the next one ``--gap`` seconds after every screen heard the previous.

Call -> screen latency, per screen and call: from ``perf_counter()`` just before the clerk's POST is written
to the socket, to ``perf_counter()`` in the screen's process when the websocket data holding that
``ticket_called`` frame arrives (before it is parsed). One monotonic clock for every process of the machine
(Linux ``CLOCK_MONOTONIC``), so no clock sync is involved. Reported over all screen × call pairs, and for
the last screen of each call.

Memory: the server's resident set size (RSS) idle (after start and a few requests), with the N screens
connected, and after the calls; the difference divided by N is the cost of one connection.

    python bench/displays.py               # 200 screens, 200 calls
    python bench/displays.py --quick       # CI: 200 screens, 20 calls
"""

import argparse
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    SERVERS,
    Api,
    cpu_seconds,
    database_label,
    line,
    machine_load,
    postgres_database,
    rss_mb,
    running_hall,
    server_processes,
    summary,
    verdict,
)
from bench.screens import ScreenPool

TARGET_P99_MS = 50  # issue 7: call -> display p99 under 50 ms with 200 screens
TARGET_SCREENS = 200
WARM_UP_CALLS = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="CI: fewer calls")
    parser.add_argument("--screens", type=int, default=TARGET_SCREENS)
    parser.add_argument("--calls", type=int)
    parser.add_argument("--processes", type=int, default=4, help="screen processes (default 4)")
    parser.add_argument("--server", choices=SERVERS, default="run.py", help="run.py (default) or gunicorn")
    parser.add_argument("--postgres", metavar="URL", help="on PostgreSQL (a fresh database beside URL's)")
    parser.add_argument(
        "--no-compression", action="store_true", help="screens do not offer permessage-deflate (browsers do)"
    )
    parser.add_argument("--gap", type=float, default=0.1, help="seconds between one call heard and the next")
    arguments = parser.parse_args()
    calls = arguments.calls or (20 if arguments.quick else 200)

    print(f"before: {machine_load()}", flush=True)
    with ExitStack() as stack:
        directory = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        url = (
            stack.enter_context(postgres_database(arguments.postgres, "bench_displays")) if arguments.postgres else None
        )
        url = url or f"sqlite:///{directory / 'hall.db'}"
        server_threads = arguments.screens + 30  # gunicorn: a thread per open websocket, and some for requests
        base, pid = stack.enter_context(
            running_hall(directory, database_url=url, server=arguments.server, threads=server_threads)
        )
        label = f"{SERVERS[arguments.server]}, {database_label(url)}"
        print(f"server: {base}, process {pid}", flush=True)
        clerk = Api(base)
        clerk.login("clerk1", "demo-2026")
        clerk.call("POST", "/api/v1/counters/1/sign-in", {})
        for _ in range(calls + WARM_UP_CALLS + 1):
            clerk.call("POST", "/api/v1/halls/qingshan/tickets", {"service_id": 1})
        processes = server_processes(pid)
        idle_mb = rss_mb(processes)

        begin = time.perf_counter()
        pool = ScreenPool(
            base, "qingshan", arguments.screens, arguments.processes, compress=not arguments.no_compression
        )
        try:
            pool.wait_ready()
            connect_s = time.perf_counter() - begin
            time.sleep(1)
            connected_mb = rss_mb(processes)
            threads = sum(process.num_threads() for process in processes)

            for _ in range(WARM_UP_CALLS):
                number = clerk.call("POST", "/api/v1/counters/1/finish-and-call-next", {})["ticket"]["number"]
                pool.wait_heard(number)
                time.sleep(arguments.gap)

            cpu_before = cpu_seconds(processes)
            http_ms, arrivals_ms, first_ms, last_ms = [], [], [], []
            for _ in range(calls):
                start = time.perf_counter()
                number = clerk.call("POST", "/api/v1/counters/1/finish-and-call-next", {})["ticket"]["number"]
                http_ms.append((time.perf_counter() - start) * 1000)
                arrivals = [(arrival - start) * 1000 for arrival in pool.wait_heard(number)]
                arrivals_ms.extend(arrivals)
                first_ms.append(min(arrivals))
                last_ms.append(max(arrivals))
                time.sleep(arguments.gap)
            server_cpu_ms = (cpu_seconds(processes) - cpu_before) * 1000 / calls
            after_mb = rss_mb(processes)
        finally:
            totals = pool.stop()
            if totals["partial"]:
                print(f"numbers not heard by every screen of a process: {totals['partial']}")
    print(f"after:  {machine_load()}")

    screens = arguments.screens
    display = summary(arrivals_ms)
    print(
        f"\nserver: {label}\n"
        f"{screens} screens in {len(pool.processes)} processes (connected in {connect_s:.1f} s, "
        f"{totals['compressed']} with permessage-deflate), "
        f"{calls} calls {arguments.gap:g} s apart"
    )
    print(line("POST finish-and-call-next (clerk's reply)", summary(http_ms)))
    print(line(f"call -> each of {screens} screens", display))
    print(line("call -> first screen of each call", summary(first_ms)))
    print(line("call -> last screen of each call", summary(last_ms)))
    print(line("fan-out: last screen - first screen", summary([b - a for a, b in zip(first_ms, last_ms, strict=True)])))
    target = f"target p99 < {TARGET_P99_MS} ms with {TARGET_SCREENS} screens"
    if screens >= TARGET_SCREENS:
        print(f"  {target}: p99 {display['p99_ms']:.1f} ms  {verdict(display['p99_ms'] < TARGET_P99_MS)}")
    else:
        print(f"  ({target}: not judged with {screens} screens)")
    print(
        f"server CPU per call {server_cpu_ms:.1f} ms; screen processes' CPU in all "
        f"{totals['cpu_s']:.1f} s, {totals['frames']} frames received, {totals['lost']} connections lost"
    )
    print(
        f"\nserver memory (RSS): idle {idle_mb:.1f} MB, {screens} screens connected {connected_mb:.1f} MB "
        f"({threads} threads), after the calls {after_mb:.1f} MB"
    )
    print(f"  per connection: {(connected_mb - idle_mb) * 1024 / screens:.0f} KB")
    if totals["lost"]:
        sys.exit(f"{totals['lost']} screen connections were lost during the run")


if __name__ == "__main__":
    main()
