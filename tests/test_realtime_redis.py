"""Across processes: a call made through one app process reaches a display connected to another, via Redis.

Two real servers (run.py) share one database and one Redis channel, as a county deployment does. Runs when
TEST_REDIS_URL is set (``.ci/run`` sets it and HALL_REQUIRE_SERVICES=1, so it never skips there).
"""

import json
import os
import threading
import urllib.request
import uuid

import pytest
import socketio
import sqlalchemy

from tests.servers import hall_server

pytestmark = pytest.mark.slow
REDIS_URL = os.environ.get("TEST_REDIS_URL")


@pytest.fixture
def two_processes(tmp_path):
    if not REDIS_URL:
        if os.environ.get("HALL_REQUIRE_SERVICES") == "1":
            pytest.fail("TEST_REDIS_URL is not set")
        pytest.skip("set TEST_REDIS_URL=redis://127.0.0.1:6379/0 to run the cross-process tests")
    shared = {"REDIS_URL": REDIS_URL, "SOCKETIO_CHANNEL": f"test-{uuid.uuid4().hex}"}
    database = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'shared.db'}"
    if database.startswith("postgresql"):  # the servers migrate and fill an empty database themselves
        engine = sqlalchemy.create_engine(database)
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
        engine.dispose()
    with (
        hall_server(tmp_path, database_url=database, name="a", **shared) as first,
        hall_server(tmp_path, database_url=database, name="b", **shared) as second,
    ):
        yield first, second


def post(base, path, body=None, token=None):
    request = urllib.request.Request(
        f"{base}{path}",
        data=json.dumps(body or {}).encode(),
        method="POST",
        headers={"Content-Type": "application/json", **({"Authorization": f"Bearer {token}"} if token else {})},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def test_a_call_in_one_process_reaches_a_display_on_another(two_processes):
    """The hall screen connected to process B announces A001 called through process A, numbered in order."""
    first, second = two_processes
    received, arrived = [], threading.Event()
    display = socketio.Client(reconnection=False)

    @display.on("*", namespace="/display")
    def any_event(name, payload):
        received.append((name, payload))
        if name == "ticket_called":
            arrived.set()

    display.connect(second, namespaces=["/display"], auth={"hall": "qingshan"}, transports=["websocket"])
    try:
        token = post(first, "/api/v1/auth/tokens", {"username": "clerk1", "password": "demo-2026"})["token"]
        post(first, "/api/v1/halls/qingshan/tickets", {"service_id": 1}, token)
        post(first, "/api/v1/counters/1/sign-in", {}, token)
        post(first, "/api/v1/counters/1/call-next", {}, token)
        assert arrived.wait(10), f"no ticket_called at the other process; got {received}"
    finally:
        display.disconnect()
    call = next(payload for name, payload in received if name == "ticket_called")
    assert (call["number"], call["counter_number"]) == ("A001", 1)
    seqs = [payload["seq"] for _, payload in received]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
