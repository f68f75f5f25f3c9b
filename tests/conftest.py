"""Shared fixtures: app, database, a small hall, clients, login, socket clients and a controllable clock.

The suite runs on SQLite by default. ``TEST_DATABASE_URL`` points it at PostgreSQL instead (``.ci/run`` does
both); ``TEST_REDIS_URL`` enables the cross-process realtime test (two servers sharing Redis).
"""

import os
import re
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import text

from config import TestingConfig
from hall import clock as hall_clock
from hall import create_app
from hall.db import write_transaction
from hall.extensions import db, socketio
from hall.models import Counter, Department, Matter, MatterKind, Role, Service, Staff
from hall.services import counters
from tests import factories
from tests.hall.services import helpers

# Monday 23 November 2026, 10:00 in Shanghai: inside every default ticketing hour.
MONDAY_10AM = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def database_url(tmp_path) -> str:
    return os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'hall.sqlite3'}"


# Requests and socket events from tests run here, outside the test's own app context (see IsolatedClient).
REQUEST_THREAD = ThreadPoolExecutor(max_workers=1, thread_name_prefix="request")


class IsolatedClient(FlaskClient):
    """A test client whose requests run as in production: each in its own app context.

    The ``app`` fixture keeps an app context open for the test's own database work; a request made in that
    thread would reuse it (sharing ``g`` and the database session). Running the request in another thread
    gives it a fresh context. Afterwards the test's session ends its read transaction, so the test sees
    what the request committed.
    """

    def open(self, *args, **kwargs):
        if threading.current_thread().name.startswith("request"):  # following a redirect: already there
            return super().open(*args, **kwargs)
        response = REQUEST_THREAD.submit(super().open, *args, **kwargs).result()
        if has_app_context():
            db.session.commit()
            db.session.expire_all()
        return response


@pytest.fixture
def app(tmp_path):
    app = create_app(
        TestingConfig, SQLALCHEMY_DATABASE_URI=database_url(tmp_path), REPORTS_DIR=str(tmp_path / "reports")
    )
    app.test_client_class = IsolatedClient
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
            db.session.commit()
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


class Clock:
    """Replaces ``hall.clock.now`` for a test: starts at Monday 10:00 in Shanghai and moves when told."""

    def __init__(self, start: datetime):
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def set(self, instant: datetime) -> None:
        self.current = instant

    def advance(self, **delta) -> datetime:
        self.current += timedelta(**delta)
        return self.current


@pytest.fixture
def clock(monkeypatch):
    fake = Clock(MONDAY_10AM)
    monkeypatch.setattr(hall_clock, "now", fake)
    return fake


@dataclass
class SmallHall:
    """A hall with a general queue A and a social-security queue B, three windows and three clerks.

    Window 1 serves A; window 2 serves A then B; window 3 serves B. Clerks c1..c3 are signed in at them.
    """

    hall: object
    a: Service
    b: Service
    w1: Counter
    w2: Counter
    w3: Counter
    c1: Staff
    c2: Staff
    c3: Staff
    manager: Staff


@pytest.fixture
def small_hall(app, clock) -> SmallHall:
    with write_transaction():
        hall = factories.make_hall()
        a = factories.make_service(hall, "A", "综合受理", name_en="General")
        b = factories.make_service(hall, "B", "社保业务", name_en="Social insurance")
        w1 = factories.make_counter(hall, 1, [a])
        w2 = factories.make_counter(hall, 2, [a, b])
        w3 = factories.make_counter(hall, 3, [b])
        c1, c2, c3 = (factories.make_staff(hall, f"c{i}") for i in (1, 2, 3))
        manager = factories.make_staff(hall, "boss", Role.MANAGER)
    with write_transaction():
        for window, clerk in ((w1, c1), (w2, c2), (w3, c3)):
            counters.sign_in(counter_id=window.id, staff_id=clerk.id, now=clock())
    return SmallHall(hall, a, b, w1, w2, w3, c1, c2, c3, manager)


@dataclass
class CaseHall:
    """``small_hall`` plus a matter catalogue, two departments with an officer each, and a resident at window 1.

    Matters: ``dibao`` (民政 承诺件, 5 working days, ID card + household register required, a proxy's letter
    conditional), ``card`` (社保 即办件) and ``pension`` (社保 承诺件, 10 working days). The ticket ``ticket`` has
    been called to window 1 by clerk c1.
    """

    small: SmallHall
    civil: Department
    social: Department
    dibao: Matter
    card: Matter
    pension: Matter
    officer_civil: Staff
    officer_social: Staff
    ticket: object

    @property
    def hall(self):
        return self.small.hall

    @property
    def clerk(self):
        return self.small.c1

    @property
    def window(self):
        return self.small.w1


@pytest.fixture
def case_hall(small_hall, clock) -> CaseHall:
    with write_transaction():
        hall = small_hall.hall
        hall.enquiry_phone, hall.supervision_phone = "0571-1234567", "12345"
        civil = factories.make_department(hall, "社会事务办", 0)
        social = factories.make_department(hall, "社会保障所", 1)
        dibao = factories.make_matter(
            hall,
            civil,
            "MZ-001",
            "最低生活保障申请",
            committed_days=5,
            statutory_days=30,
            materials=[
                ("居民身份证", 1, 1, True, ""),
                ("户口簿", 1, 1, True, ""),
                ("委托书", 1, 0, False, "委托他人代办的"),
            ],
        )
        card = factories.make_matter(
            hall,
            social,
            "SB-001",
            "社会保障卡补换",
            kind=MatterKind.IMMEDIATE,
            materials=[("居民身份证", 1, 0, True, "")],
        )
        pension = factories.make_matter(
            hall,
            social,
            "SB-002",
            "城乡居民养老保险待遇申领",
            committed_days=10,
            materials=[("居民身份证", 1, 1, True, "")],
        )
        officer_civil = factories.make_staff(hall, "o-civil", Role.OFFICER, department=civil)
        officer_social = factories.make_staff(hall, "o-social", Role.OFFICER, department=social)
    ticket = helpers.issue(hall, small_hall.a, clock)
    helpers.call_next(small_hall.w1, small_hall.c1, clock)
    return CaseHall(small_hall, civil, social, dibao, card, pension, officer_civil, officer_social, ticket)


@pytest.fixture
def client(app):
    return app.test_client()


CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def csrf_token(client) -> str:
    """The CSRF token a page would embed for this client's session."""
    match = CSRF_META.search(client.get("/login").get_data(as_text=True))
    assert match, "no CSRF meta tag on the login page"
    return match.group(1)


@pytest.fixture
def login(client):
    """Sign a test client in as a staff member through the real login form; returns the CSRF token."""

    def sign_in(staff: Staff, password: str = factories.PASSWORD, target=None) -> str:
        target = target or client
        token = csrf_token(target)
        response = target.post("/login", data={"username": staff.username, "password": password, "csrf_token": token})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return csrf_token(target)

    return sign_in


@pytest.fixture
def api(client):
    """JSON calls through the test client with the session's CSRF token (as the pages do)."""

    class Api:
        token = None

        def post(self, path, body=None, **kwargs):
            if self.token is None:
                self.token = csrf_token(client)
            return client.post(path, json=body or {}, headers={"X-CSRFToken": self.token}, **kwargs)

        def get(self, path, **kwargs):
            return client.get(path, **kwargs)

    return Api()


class IsolatedSocketClient:
    """A Socket.IO test client whose handlers run in their own app context, like IsolatedClient's requests."""

    def __init__(self, app, **kwargs):
        self._client = REQUEST_THREAD.submit(socketio.test_client, app, **kwargs).result()

    def __getattr__(self, name):
        attribute = getattr(self._client, name)
        if not callable(attribute):
            return attribute
        return lambda *args, **kwargs: REQUEST_THREAD.submit(attribute, *args, **kwargs).result()


@pytest.fixture
def socket_client(app):
    """Open Socket.IO test clients; all are disconnected at the end of the test."""
    opened = []

    def connect(namespace, auth=None, flask_client=None):
        socket = IsolatedSocketClient(app, namespace=namespace, auth=auth, flask_test_client=flask_client)
        opened.append((socket, namespace))
        return socket

    yield connect
    for socket, namespace in opened:
        if socket.is_connected(namespace):
            socket.disconnect(namespace)
