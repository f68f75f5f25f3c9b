"""Lightweight hall screens for the benchmarks: Socket.IO v4 over a raw websocket, many per process.

A real screen is a browser; 200 of them cannot run on the benchmark machine. python-socketio's ``Client``
costs two threads per connection and its event dispatch, so 200 of them in one process measure mostly
themselves. Here each connection is an ``asyncio.Protocol`` driving websockets' Sans-I/O client: the arrival
time is read in ``data_received``, before anything is parsed, and a process handles a few dozen screens.

A screen does what ``display/static/live.js`` in Chromium does on the wire: it opens the Engine.IO websocket
offering permessage-deflate (as browsers do; ``compress=False`` to leave it out), joins the
``/display`` namespace with ``{"hall": code}``, asks for a snapshot (an acknowledged ``snapshot`` event) and
answers the server's pings. It records when each ``ticket_called`` arrives, keyed by number.

``ScreenPool`` (in the benchmark's process) starts the worker processes; times are ``time.perf_counter()``,
which on Linux is ``CLOCK_MONOTONIC``: one clock for every process on the machine, so no clock sync is needed.
"""

import asyncio
import json
import multiprocessing
import multiprocessing.connection
import resource
import time
from urllib.parse import urlsplit

from websockets.client import ClientProtocol
from websockets.extensions.permessage_deflate import ClientPerMessageDeflateFactory
from websockets.frames import Opcode
from websockets.http11 import Response
from websockets.uri import parse_uri

CALLED_PREFIX = '42/display,["ticket_called",'


class Screen(asyncio.Protocol):
    """One hall screen's connection."""

    def __init__(self, uri: str, hall: str, worker: "Worker", compress: bool):
        # Chromium offers permessage-deflate (with client_max_window_bits) on every websocket; so do we.
        extensions = [ClientPerMessageDeflateFactory()] if compress else None
        self.ws = ClientProtocol(parse_uri(uri), max_size=None, extensions=extensions)
        self.hall = hall
        self.worker = worker
        self.transport = None
        self.ready = asyncio.get_running_loop().create_future()
        self.frames = 0
        self.compressed = False

    def connection_made(self, transport) -> None:
        self.transport = transport
        self.ws.send_request(self.ws.connect())
        self._flush()

    def data_received(self, data: bytes) -> None:
        now = time.perf_counter()
        self.ws.receive_data(data)
        for event in self.ws.events_received():
            if isinstance(event, Response):
                if event.status_code != 101 and not self.ready.done():
                    self.ready.set_exception(ConnectionError(f"websocket handshake: HTTP {event.status_code}"))
                self.compressed = "permessage-deflate" in event.headers.get("Sec-WebSocket-Extensions", "")
            elif event.opcode is Opcode.TEXT:
                self.frames += 1
                self._engineio(event.data.decode(), now)
        self._flush()

    def connection_lost(self, exc) -> None:
        if not self.ready.done():
            self.ready.set_exception(exc or ConnectionError("closed before the namespace was joined"))
        self.worker.lost += 0 if self.worker.stopping else 1

    def _engineio(self, text: str, now: float) -> None:
        kind = text[:1]
        if kind == "4":  # a Socket.IO packet
            if text.startswith(CALLED_PREFIX):
                number = json.loads(text[len(CALLED_PREFIX) : -1])["number"]
                self.worker.heard(number, now)
            elif text.startswith("40/display"):
                self._send('42/display,1["snapshot",{}]')
            elif text.startswith("43/display,1["):
                if not self.ready.done():
                    self.ready.set_result(None)
            elif text.startswith("44/display") and not self.ready.done():
                self.ready.set_exception(ConnectionError(f"refused: {text[10:]}"))
        elif kind == "0":  # Engine.IO open: join the namespace as live.js does
            self._send("40/display," + json.dumps({"hall": self.hall}))
        elif kind == "2":  # ping
            self._send("3")

    def _send(self, text: str) -> None:
        self.ws.send_text(text.encode())
        self._flush()

    def _flush(self) -> None:
        for chunk in self.ws.data_to_send():
            if chunk:
                self.transport.write(chunk)

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()


class Worker:
    """The screens of one process; talks to the benchmark through a pipe."""

    def __init__(self, pipe, base: str, hall: str, count: int, compress: bool):
        self.pipe = pipe
        self.compress = compress
        parts = urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.uri = f"ws://{parts.netloc}/socket.io/?EIO=4&transport=websocket"
        self.hall = hall
        self.count = count
        self.screens: list[Screen] = []
        self.arrivals: dict[str, list[float]] = {}
        self.lost = 0
        self.stopping = False

    def heard(self, number: str, now: float) -> None:
        times = self.arrivals.setdefault(number, [])
        times.append(now)
        if len(times) == len(self.screens):
            self.pipe.send(("heard", number, times))

    async def connect_all(self) -> None:
        loop = asyncio.get_running_loop()
        pending = []
        for index in range(self.count):
            _, screen = await loop.create_connection(
                lambda: Screen(self.uri, self.hall, self, self.compress), self.host, self.port
            )
            self.screens.append(screen)
            pending.append(screen.ready)
            if index % 10 == 9:  # a hall's screens come up over time, not in one burst
                await asyncio.wait_for(asyncio.gather(*pending), 30)
                pending = []
        await asyncio.wait_for(asyncio.gather(*pending), 30)

    async def run(self) -> None:
        await self.connect_all()
        self.pipe.send(("ready", len(self.screens)))
        loop = asyncio.get_running_loop()
        stop = loop.create_future()

        def command() -> None:
            message = self.pipe.recv()
            if message == "stop" and not stop.done():
                stop.set_result(None)

        loop.add_reader(self.pipe.fileno(), command)
        await stop
        self.stopping = True
        usage = resource.getrusage(resource.RUSAGE_SELF)
        self.pipe.send(
            (
                "stopped",
                {
                    "cpu_s": usage.ru_utime + usage.ru_stime,
                    "frames": sum(screen.frames for screen in self.screens),
                    "lost": self.lost,
                    "compressed": sum(screen.compressed for screen in self.screens),
                    "partial": {n: len(t) for n, t in self.arrivals.items() if len(t) != len(self.screens)},
                },
            )
        )
        for screen in self.screens:
            screen.close()


def _worker_main(pipe, base: str, hall: str, count: int, compress: bool) -> None:
    try:
        asyncio.run(Worker(pipe, base, hall, count, compress).run())
    except Exception as error:  # reported to the benchmark, which fails with it
        pipe.send(("error", repr(error)))


class ScreenPool:
    """``count`` screens spread over ``processes`` worker processes."""

    def __init__(self, base: str, hall: str, count: int, processes: int, *, compress: bool = True):
        context = multiprocessing.get_context("spawn")
        self.pipes, self.processes = [], []
        self.count = count
        sizes = [count // processes + (1 if i < count % processes else 0) for i in range(processes)]
        for size in (s for s in sizes if s):
            ours, theirs = context.Pipe()
            process = context.Process(target=_worker_main, args=(theirs, base, hall, size, compress), daemon=True)
            process.start()
            self.pipes.append(ours)
            self.processes.append(process)
        self.pending: dict[str, list[float]] = {}
        self.heard_by: dict[str, int] = {}

    def _receive(self, pipe):
        message = pipe.recv()
        if message[0] == "error":
            raise RuntimeError(f"a screen process failed: {message[1]}")
        return message

    def wait_ready(self, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        for pipe in self.pipes:
            if not pipe.poll(max(0.0, deadline - time.monotonic())):
                raise TimeoutError("the screens did not connect in time")
            self._receive(pipe)

    def wait_heard(self, number: str, timeout: float = 10) -> list[float]:
        """Every screen's arrival time of ``number``'s ``ticket_called``."""
        deadline = time.monotonic() + timeout
        while self.heard_by.get(number, 0) < len(self.pipes):
            ready = multiprocessing.connection.wait(self.pipes, max(0.0, deadline - time.monotonic()))
            if not ready:
                raise TimeoutError(f"{number}: {self.heard_by.get(number, 0)} of {len(self.pipes)} processes heard it")
            for pipe in ready:
                _, heard, times = self._receive(pipe)
                self.pending.setdefault(heard, []).extend(times)
                self.heard_by[heard] = self.heard_by.get(heard, 0) + 1
        self.heard_by.pop(number)
        return self.pending.pop(number)

    def stop(self) -> dict:
        """Close every screen; the workers' CPU time, frames received and connections lost."""
        totals = {"cpu_s": 0.0, "frames": 0, "lost": 0, "compressed": 0, "partial": {}}
        live = []
        for pipe in self.pipes:
            try:
                pipe.send("stop")
                live.append(pipe)
            except OSError:  # that worker already failed, and said so
                pass
        for pipe in live:
            try:
                while pipe.poll(30):
                    message = pipe.recv()
                    if message[0] == "stopped":
                        for key in ("cpu_s", "frames", "lost", "compressed"):
                            totals[key] += message[1][key]
                        totals["partial"].update(message[1]["partial"])
                        break
            except (EOFError, OSError):
                pass
        for process in self.processes:
            process.join(10)
            if process.is_alive():
                process.kill()
        return totals
