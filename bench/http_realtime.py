#!/usr/bin/env python3
"""End to end over HTTP and websockets: issue and call latency, and call-to-display latency.

Starts the hall as the quick start does (run.py, SQLite, demo hall), connects N hall-screen clients
(Socket.IO over websocket, namespace /display), then as a clerk issues tickets and presses "finish and call
next" over the JSON API. Reports, each as median / p95 / p99:

* GET /healthz (the trivial endpoint: the server's floor) and the ratio of each operation to it;
* POST issue and POST finish-and-call-next (sequential, one client);
* call-to-display: from sending the call to each connected screen receiving ``ticket_called``.

    python bench/http_realtime.py               # 200 screens, 200 calls
    python bench/http_realtime.py --quick       # CI: 10 screens, 20 calls
"""

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import socketio

from bench.common import Api, line, summary
from tests.servers import hall_server


class Screens:
    """N display clients; records when each receives each called number."""

    def __init__(self, base: str, count: int):
        self.arrivals: dict[str, list[float]] = {}
        self.lock = threading.Lock()
        self.clients = []
        for _ in range(count):
            client = socketio.Client(reconnection=False)
            client.on("ticket_called", self._received, namespace="/display")
            client.connect(
                base, namespaces=["/display"], auth={"hall": "qingshan"}, transports=["websocket"], wait_timeout=10
            )
            self.clients.append(client)

    def _received(self, payload):
        now = time.perf_counter()
        with self.lock:
            self.arrivals.setdefault(payload["number"], []).append(now)

    def wait_for(self, number: str, timeout: float = 10) -> list[float]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                got = self.arrivals.get(number, [])
                if len(got) >= len(self.clients):
                    return list(got)
            time.sleep(0.0005)
        raise TimeoutError(f"{number}: {len(self.arrivals.get(number, []))} of {len(self.clients)} screens heard it")

    def close(self):
        for client in self.clients:
            client.disconnect()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--screens", type=int)
    parser.add_argument("--calls", type=int)
    arguments = parser.parse_args()
    screens_count = arguments.screens or (10 if arguments.quick else 200)
    calls = arguments.calls or (20 if arguments.quick else 200)

    with tempfile.TemporaryDirectory() as directory, hall_server(Path(directory)) as base:
        api = Api(base)
        api.login("clerk1", "demo-2026")
        api.call("POST", "/api/v1/counters/1/sign-in", {})
        for _ in range(20):  # warm up code paths and connections
            api.call("GET", "/healthz")

        trivial = summary([api.timed("GET", "/healthz")[0] for _ in range(calls)])
        issue = summary(
            [api.timed("POST", "/api/v1/halls/qingshan/tickets", {"service_id": 1})[0] for _ in range(calls)]
        )

        screens = Screens(base, screens_count)
        http_call, to_screens = [], []
        try:
            for _ in range(calls):
                start = time.perf_counter()
                result = api.call("POST", "/api/v1/counters/1/finish-and-call-next", {})
                http_call.append((time.perf_counter() - start) * 1000)
                arrivals = screens.wait_for(result["ticket"]["number"])
                to_screens.extend((arrival - start) * 1000 for arrival in arrivals)
        finally:
            screens.close()
        call = summary(http_call)
        display = summary(to_screens)

    print(f"server: run.py (threading, SQLite), {screens_count} hall screens connected, {calls} operations each")
    print(line("GET /healthz (trivial endpoint)", trivial))
    print(line("POST issue ticket", issue) + f"   x{issue['median_ms'] / trivial['median_ms']:.1f} trivial")
    print(line("POST finish-and-call-next", call) + f"   x{call['median_ms'] / trivial['median_ms']:.1f} trivial")
    print(line(f"call -> each of {screens_count} screens", display))


if __name__ == "__main__":
    main()
