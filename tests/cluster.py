"""Clients of real app processes (tests/servers.py): a seeded hall on a migrated database of its own, a
keep-alive JSON client with bearer tokens, and the calls every process-level test makes (tokens, tickets, the
hall's snapshot). The hall screen that follows them is tests/screens.py.
"""

import http.client
import json
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from config import TestingConfig
from hall import clock, create_app
from hall.db import write_transaction
from hall.extensions import db
from hall.services import counters
from tests import factories
from tests.servers import migrate, private_database, production_environment


@dataclass
class SeededHall:
    """A hall open all day and every day, services A and B, windows serving both, a clerk signed in at each."""

    code: str
    services: dict[str, int]
    windows: list[tuple[int, str]]  # (counter id, the clerk's username)
    issuer: str  # a reception clerk who issues tickets for residents over the API
    password: str = factories.PASSWORD


def seed_hall(database_url: str, *, windows: int, code: str = "mp") -> SeededHall:
    """Fill a migrated database the way an administrator would, before the app processes start."""
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_url)
    with app.app_context():
        with write_transaction():
            hall = factories.make_hall(code)
            services = [factories.make_service(hall, prefix) for prefix in ("A", "B")]
            desks = [factories.make_counter(hall, n, services) for n in range(1, windows + 1)]
            clerks = [factories.make_staff(hall, f"clerk{n}") for n in range(1, windows + 1)]
            factories.make_staff(hall, "reception")
        with write_transaction():
            for desk, clerk in zip(desks, clerks, strict=True):
                counters.sign_in(counter_id=desk.id, staff_id=clerk.id, now=clock.now())
        seeded = SeededHall(
            code=code,
            services={service.prefix: service.id for service in services},
            windows=[(desk.id, clerk.username) for desk, clerk in zip(desks, clerks, strict=True)],
            issuer="reception",
        )
        db.session.remove()
        db.engine.dispose()
    return seeded


@contextmanager
def migrated_hall(directory: Path, base_url: str | None, *, windows: int, redis_url: str | None = None, **environment):
    """A fresh database (``private_database``) migrated the documented way and seeded before any process starts;
    yields (its URL, the production environment for the app processes, the SeededHall)."""
    with private_database(directory, base_url) as url:
        settings = {**production_environment(url, redis_url), **environment}
        migrate(settings, directory)
        yield url, settings, seed_hall(url, windows=windows)


class Http:
    """JSON over one keep-alive connection to one server; one per thread (http.client is not thread-safe).

    Like a browser, it does not send on a connection the server may be closing (idle longer than half of
    gunicorn's keep-alive), and sends again once if a reused connection turns out closed before the request
    went out. A request sent whose answer never came (the server died) raises OSError or HTTPException.
    """

    IDLE = 2.0  # seconds; deploy/gunicorn.conf.py keeps idle connections for 5

    def __init__(self, base_url: str, token: str | None = None, timeout: float = 30):
        parts = urlsplit(base_url)
        self.host, self.port, self.token, self.timeout = parts.hostname, parts.port, token, timeout
        self.connection: http.client.HTTPConnection | None = None
        self.last_used = 0.0

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        data = json.dumps(body or {}) if method != "GET" else None
        if self.connection is not None and time.monotonic() - self.last_used > self.IDLE:
            self.close()
        for attempt in (1, 2):
            reused = self.connection is not None
            if not reused:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                self.connection.request(method, path, body=data, headers=headers)
                break
            except (BrokenPipeError, ConnectionResetError):  # closed before the request went out
                self.close()
                if not reused or attempt == 2:
                    raise
            except OSError:
                self.close()
                raise
        try:
            response = self.connection.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        self.last_used = time.monotonic()
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        return response.status, json.loads(raw) if raw.startswith(b"{") else {}

    def post(self, path: str, body: dict | None = None) -> tuple[int, dict]:
        return self.request("POST", path, body)

    def get(self, path: str) -> tuple[int, dict]:
        return self.request("GET", path)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def api_token(base_url: str, username: str, password: str = factories.PASSWORD) -> str:
    status, body = Http(base_url).post("/api/v1/auth/tokens", {"username": username, "password": password})
    assert status == 201, body
    return body["token"]


def clerk_client(base_url: str, hall: SeededHall, window: int = 0) -> tuple[int, Http]:
    """The counter id of the hall's ``window``-th window and a client with its clerk's bearer token."""
    counter_id, clerk = hall.windows[window]
    return counter_id, Http(base_url, api_token(base_url, clerk))


def staff_tokens(base_url: str, hall: SeededHall) -> dict[str, str]:
    """Bearer tokens of the hall's issuer and every window's clerk, by username (what a Load needs)."""
    return {name: api_token(base_url, name) for name in [hall.issuer, *(clerk for _, clerk in hall.windows)]}


def issue_ticket(http: Http, hall: SeededHall, prefix: str = "A", issued: dict | None = None) -> str:
    """Take a ticket as a kiosk does; returns its number and, given ``issued``, notes it (token -> number)."""
    status, body = http.post(f"/api/v1/halls/{hall.code}/tickets", {"service_id": hall.services[prefix]})
    assert status == 201, body
    if issued is not None:
        issued[body["ticket"]["token"]] = body["ticket"]["number"]
    return body["ticket"]["number"]


def hall_snapshot(base_url: str, hall_code: str) -> dict:
    """The hall's state as a screen's snapshot gives it, read through the public API (no token needed)."""
    client = Http(base_url)
    try:
        status, body = client.get(f"/api/v1/halls/{hall_code}/snapshot")
    finally:
        client.close()
    assert status == 200, body
    return body
