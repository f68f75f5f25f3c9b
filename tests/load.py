"""A load of kiosks issuing and clerks calling over HTTP, spread across app processes, as in a busy county.

Issuers take ``issues`` tickets between them, each request to the next process in turn; every clerk presses
"finish and call next" at their window until the queues are empty and the issuers are done. A request a
process never answers (it was killed) counts as unanswered and the client moves on to the next process, as
nginx does with a dead upstream. Everything starts at one barrier, so the first requests really collide.
"""

import http.client
import threading
import time
from collections import Counter as Tally
from dataclasses import dataclass, field

from tests.cluster import Http, SeededHall

ANSWERED_ERRORS = (OSError, http.client.HTTPException)


@dataclass
class Load:
    urls: list[str]
    hall: SeededHall
    tokens: dict[str, str]  # username -> bearer token
    issues: int
    issuers: int = 12
    deadline: float = 240  # seconds: the load stops by itself
    issued: dict[str, str] = field(default_factory=dict)  # token -> number, for every 201
    issued_order: list[tuple[float, int, str]] = field(default_factory=list)  # (at, service id, number)
    called: list[tuple[int, int, str]] = field(default_factory=list)  # (window, ticket id, number)
    statuses: Tally = field(default_factory=Tally)  # (action, status or "unanswered")
    unexpected: list[tuple[str, int, dict]] = field(default_factory=list)
    failures: list[tuple[float, str, str]] = field(default_factory=list)  # (at, action, the client's error)
    elapsed: float = 0.0

    def __post_init__(self):
        self.lock = threading.Lock()
        self.issuing_done = threading.Event()
        self.barrier = threading.Barrier(self.issuers + len(self.hall.windows) + 1)
        self.began = 0.0

    def start(self) -> "Load":
        shares = [self.issues // self.issuers + (i < self.issues % self.issuers) for i in range(self.issuers)]
        self.issuer_threads = [
            threading.Thread(target=self._issuer, args=(i, share), name=f"issuer{i}") for i, share in enumerate(shares)
        ]
        self.clerk_threads = [
            threading.Thread(target=self._clerk, args=(i, counter_id, username), name=f"clerk{i}")
            for i, (counter_id, username) in enumerate(self.hall.windows)
        ]
        for thread in self.issuer_threads + self.clerk_threads:
            thread.start()
        self.barrier.wait(timeout=30)
        self.began = time.monotonic()
        return self

    def join(self) -> "Load":
        for thread in self.issuer_threads:
            thread.join(timeout=self.deadline)
        self.issuing_done.set()
        for thread in self.clerk_threads:
            thread.join(timeout=self.deadline)
        self.elapsed = time.monotonic() - self.began
        return self

    def wait_for_issued(self, count: int, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while len(self.issued) < count and time.monotonic() < deadline:
            time.sleep(0.02)

    @property
    def unanswered(self) -> int:
        return sum(count for (action, status), count in self.statuses.items() if status == "unanswered")

    def unanswered_of(self, action: str) -> int:
        return self.statuses[(action, "unanswered")]

    def _clients(self, username: str) -> list[Http]:
        return [Http(url, self.tokens[username]) for url in self.urls]

    def _record(self, action: str, status, body=None) -> None:
        with self.lock:
            self.statuses[(action, status)] += 1
            if status == "unanswered":
                self.failures.append((time.monotonic(), action, repr(body)))
            if status not in ("unanswered", 200, 201) and not (status == 409 and _code(body) == "queue_empty"):
                self.unexpected.append((action, status, body))

    def _issuer(self, index: int, share: int) -> None:
        clients = self._clients(self.hall.issuer)
        services = list(self.hall.services.values())
        self.barrier.wait(timeout=30)
        turn, given = index, 0
        stop_at = time.monotonic() + self.deadline
        while given < share and time.monotonic() < stop_at:
            service_id = services[(index + given) % len(services)]
            client = clients[turn % len(clients)]
            turn += 1
            try:
                status, body = client.post(f"/api/v1/halls/{self.hall.code}/tickets", {"service_id": service_id})
            except ANSWERED_ERRORS as error:
                self._record("issue", "unanswered", error)
                time.sleep(0.05)
                continue
            self._record("issue", status, body)
            if status == 201:
                with self.lock:
                    self.issued[body["ticket"]["token"]] = body["ticket"]["number"]
                    self.issued_order.append((time.monotonic(), service_id, body["ticket"]["number"]))
                given += 1
            elif status >= 500:
                time.sleep(0.05)
        for client in clients:
            client.close()

    def _clerk(self, index: int, counter_id: int, username: str) -> None:
        clients = self._clients(username)
        self.barrier.wait(timeout=30)
        turn, empty_after_issuing = index, 0
        stop_at = time.monotonic() + self.deadline
        while empty_after_issuing < 2 and time.monotonic() < stop_at:
            client = clients[turn % len(clients)]
            turn += 1
            done = self.issuing_done.is_set()
            try:
                status, body = client.post(f"/api/v1/counters/{counter_id}/finish-and-call-next")
            except ANSWERED_ERRORS as error:
                self._record("call", "unanswered", error)
                time.sleep(0.05)
                continue
            self._record("call", status, body)
            if status == 200 and body.get("ticket"):
                with self.lock:
                    self.called.append((counter_id, body["ticket"]["id"], body["ticket"]["number"]))
            elif (status == 409 and _code(body) == "queue_empty") or status == 200:
                empty_after_issuing += done
                time.sleep(0.02)
            else:
                time.sleep(0.05)
        for client in clients:
            client.close()


def _code(body) -> str | None:
    return (body or {}).get("error", {}).get("code")
