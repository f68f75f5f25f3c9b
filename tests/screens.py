"""A hall screen that behaves like ``display/static/live.js`` (python-socketio standing in for the browser), and
a resident's phone on their ticket page, for tests against real app processes (tests/servers.py, tests/cluster.py).
"""

import queue
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

import engineio
import socketio


class _RecordingEngineIO(engineio.Client):
    """Hands every Socket.IO message to ``on_raw`` in the order it came off the websocket.

    python-socketio runs each message's handler in a thread of its own, so handlers may see neighbouring
    events in either order; order on the wire is what a browser's single-threaded client sees.
    """

    on_raw = None

    def _receive_packet(self, pkt):
        if pkt.packet_type == engineio.packet.MESSAGE and isinstance(pkt.data, str) and self.on_raw:
            self.on_raw(pkt.data)
        super()._receive_packet(pkt)


class _RecordingClient(socketio.Client):
    def _engineio_client_class(self):
        return _RecordingEngineIO


@dataclass
class Arrival:
    at: float  # time.monotonic()
    name: str
    payload: dict


@dataclass
class LiveDisplay:
    """A hall screen as display/static/live.js runs it: snapshot on every (re)connect, then events applied in
    seq order, a later one held for GAP_WAIT seconds and a gap that stays repaired by a new snapshot.

    Reconnects like the browser's Socket.IO client (1 s first delay, at most 5 s, randomised by half).
    """

    url: str
    hall_code: str
    transports: tuple[str, ...] = ("websocket",)
    gap_wait: float = 1.0
    state: dict | None = None
    seq: int = -1
    arrivals: list[Arrival] = field(default_factory=list)
    snapshots: list[tuple[float, int, str]] = field(default_factory=list)  # (at, seq, why)
    connects: list[float] = field(default_factory=list)
    disconnects: list[float] = field(default_factory=list)
    calls: list[str] = field(default_factory=list)  # numbers announced by events, in order

    def __post_init__(self):
        self.sio = _RecordingClient(
            reconnection=True, reconnection_delay=1, reconnection_delay_max=5, randomization_factor=0.5
        )
        self.sio.eio.on_raw = self._raw
        self.sio.on("connect", lambda: self.inbox.put(("connected",)), namespace="/display")
        self.sio.on("disconnect", lambda *_: self.disconnects.append(time.monotonic()), namespace="/display")
        self.inbox: queue.Queue = queue.Queue()
        self.reorder: dict[int, Arrival] = {}
        self.gap_since: float | None = None
        self.changed = threading.Condition()
        self.running = True
        self.worker = threading.Thread(target=self._work, daemon=True, name="live-display")

    def open(self) -> "LiveDisplay":
        self.worker.start()
        self.sio.connect(
            self.url,
            namespaces=["/display"],
            auth={"hall": self.hall_code},
            transports=list(self.transports),
            wait_timeout=10,
            retry=True,  # a loaded server may miss the first handshake's deadline; the browser retries too
        )
        return self

    def close(self) -> None:
        self.running = False
        self.sio.disconnect()

    def wait_until(self, predicate, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        with self.changed:
            while not predicate(self):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.changed.wait(min(left, 0.2))
        return True

    def summary(self) -> dict:
        """What the screen shows: windows with their tickets, and queue lengths."""
        return screen_summary(self.state)

    def _raw(self, data: str) -> None:
        packet = socketio.packet.Packet(encoded_packet=data)
        if packet.packet_type == socketio.packet.EVENT and packet.namespace == "/display":
            name, payload = packet.data[0], packet.data[1]
            arrival = Arrival(time.monotonic(), name, payload)
            self.arrivals.append(arrival)
            self.inbox.put(("event", arrival))

    def _work(self) -> None:
        while self.running:
            try:
                item = self.inbox.get(timeout=0.1)
            except queue.Empty:
                item = None
            if item and item[0] == "connected":
                self.connects.append(time.monotonic())
                self._snapshot("connect")
            elif item:
                if self.state is None:
                    self._snapshot("first event")
                self._receive(item[1])
            if self.gap_since is not None and time.monotonic() - self.gap_since > self.gap_wait:
                self._snapshot("gap")
            with self.changed:
                self.changed.notify_all()

    def _receive(self, arrival: Arrival) -> None:
        if arrival.name == "resync":  # carries no seq: the server says events may have been lost
            self._snapshot("resync")
            return
        if "seq" not in arrival.payload or arrival.payload["seq"] <= self.seq:
            return
        self.reorder[arrival.payload["seq"]] = arrival
        self._apply_in_order()

    def _apply_in_order(self) -> None:
        while self.seq + 1 in self.reorder:
            arrival = self.reorder.pop(self.seq + 1)
            self.seq += 1
            self._apply(arrival)
        if not self.reorder:
            self.gap_since = None
        elif self.gap_since is None:
            self.gap_since = time.monotonic()

    def _apply(self, arrival: Arrival) -> None:
        payload = arrival.payload
        if arrival.name == "ticket_called":
            self.calls.append(payload["number"])
            self.state["recent_calls"] = [payload, *self.state["recent_calls"]][:8]
        elif arrival.name == "counter_changed":
            self.state["counters"] = _merge(self.state["counters"], payload["counters"])
        elif arrival.name == "queue_changed":
            self.state["queues"] = _merge(self.state["queues"], payload["queues"])
        elif arrival.name == "hall_changed":
            self._snapshot("hall changed")

    def _snapshot(self, why: str) -> None:
        try:
            snapshot = self.sio.call("snapshot", {}, namespace="/display", timeout=10)
        except (socketio.exceptions.TimeoutError, socketio.exceptions.BadNamespaceError):
            return  # disconnected meanwhile: the next connect takes one
        if not snapshot:
            return
        self.state, self.seq = snapshot, snapshot["seq"]
        self.snapshots.append((time.monotonic(), self.seq, why))
        self.reorder = {seq: arrival for seq, arrival in self.reorder.items() if seq > self.seq}
        self.gap_since = None
        self._apply_in_order()


def _merge(current: list[dict], changed: list[dict]) -> list[dict]:
    by_id = {item["id"]: item for item in changed}
    return [by_id.get(item["id"], item) for item in current]


def screen_summary(snapshot: dict | None) -> dict:
    if snapshot is None:
        return {}
    return {
        "counters": {c["id"]: (c["state"], c.get("ticket"), c.get("ticket_state")) for c in snapshot["counters"]},
        "queues": {q["id"]: q["waiting"] for q in snapshot["queues"]},
    }


@contextmanager
def open_screens():
    """Yields ``open(url, hall_code, **options)``, which connects a LiveDisplay; every one is closed at the end."""
    opened: list[LiveDisplay] = []

    def open_screen(url: str, hall_code: str, **options) -> LiveDisplay:
        screen = LiveDisplay(url, hall_code, **options).open()
        opened.append(screen)
        return screen

    try:
        yield open_screen
    finally:
        for screen in opened:
            screen.close()


@contextmanager
def resident_phone(url: str, token: str):
    """A resident's ticket page's socket; yields an Event set when the server says to read the ticket again."""
    told = threading.Event()
    client = socketio.Client(reconnection=False)
    client.on("resync", lambda *_: told.set(), namespace="/resident")
    client.connect(url, namespaces=["/resident"], auth={"ticket": token}, transports=["websocket"], wait_timeout=10)
    try:
        yield told
    finally:
        client.disconnect()
