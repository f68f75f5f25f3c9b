"""Across processes: a call made through one app process reaches displays connected to others, via Redis.

Real servers share one database and one Redis channel, as a county deployment does: two embedded servers
(run.py, the hall PC's way), then three production processes (gunicorn, deploy/gunicorn.conf.py) with
screens that behave like display/static/live.js. Runs when TEST_REDIS_URL is set (``.ci/run`` sets it and
HALL_REQUIRE_SERVICES=1, so it never skips there); on PostgreSQL when TEST_DATABASE_URL is, else SQLite.
"""

import itertools
import os
import statistics
import time
import uuid

import pytest

from hall.services.demo import DEMO_PASSWORD
from tests.cluster import Http, api_token, hall_snapshot, issue_ticket, migrated_hall, staff_tokens
from tests.load import Load
from tests.screens import open_screens, screen_summary
from tests.servers import app_processes, hall_server, private_database, require_services

pytestmark = pytest.mark.slow


@pytest.fixture
def two_processes(tmp_path):
    _, redis_url = require_services(redis=True)
    shared = {"REDIS_URL": redis_url, "SOCKETIO_CHANNEL": f"test-{uuid.uuid4().hex}"}
    # An empty database of its own: the servers migrate it and add the demo hall themselves.
    with (
        private_database(tmp_path, os.environ.get("TEST_DATABASE_URL")) as database,
        hall_server(tmp_path, database_url=database, name="a", **shared) as first,
        hall_server(tmp_path, database_url=database, name="b", **shared) as second,
    ):
        yield first, second


def test_a_call_in_one_process_reaches_a_display_on_another(two_processes):
    """The hall screen connected to process B announces A001 called through process A, numbered in order."""
    first, second = two_processes
    with open_screens() as open_screen:
        display = open_screen(second, "qingshan")
        http = Http(first, api_token(first, "clerk1", DEMO_PASSWORD))
        assert http.post("/api/v1/halls/qingshan/tickets", {"service_id": 1})[0] == 201
        assert http.post("/api/v1/counters/1/sign-in")[0] == 200
        assert http.post("/api/v1/counters/1/call-next")[0] == 200
        called = display.wait_until(lambda s: any(a.name == "ticket_called" for a in s.arrivals), 10)
        assert called, f"no ticket_called at the other process; got {display.arrivals}"
    call = next(arrival.payload for arrival in display.arrivals if arrival.name == "ticket_called")
    assert (call["number"], call["counter_number"]) == ("A001", 1)
    seqs = [arrival.payload["seq"] for arrival in display.arrivals]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)


@pytest.fixture
def three_processes(tmp_path):
    """Three gunicorn processes on one fresh database (PostgreSQL or a SQLite file) and one Redis channel."""
    base, redis_url = require_services(redis=True)
    with (
        migrated_hall(tmp_path, base, windows=4, redis_url=redis_url) as (_, environment, hall),
        app_processes(tmp_path, environment, 3) as processes,
    ):
        yield hall, [process.url for process in processes]


@pytest.fixture
def displays():
    with open_screens() as open_display:
        yield open_display


def test_calls_through_one_process_reach_screens_on_the_others_in_order(three_processes, displays, capsys):
    """Twenty calls made through process 1 appear on screens at processes 2 and 3 in order, none missing."""
    hall, urls = three_processes
    screens = [displays(url, hall.code) for url in urls[1:]]
    assert all(screen.wait_until(lambda s: s.state is not None, 10) for screen in screens)
    window, clerk = hall.windows[0]
    http = Http(urls[0], api_token(urls[0], clerk))
    for _ in range(20):
        issue_ticket(http, hall)
    sent, expected = {}, [f"A{n:03d}" for n in range(1, 21)]
    for number in expected:
        sent[number] = time.monotonic()
        status, body = http.post(f"/api/v1/counters/{window}/finish-and-call-next")
        assert (status, body["ticket"]["number"]) == (200, number)
    for screen in screens:
        assert screen.wait_until(lambda s: len(s.calls) >= 20, 10), f"calls seen: {screen.calls}"
        assert screen.calls == expected
        seqs = [arrival.payload["seq"] for arrival in screen.arrivals]
        assert seqs == list(range(seqs[0], seqs[0] + len(seqs))), f"out of order or missing: {seqs}"
        assert [why for _, _, why in screen.snapshots] == ["connect"], "no gap should have needed repair"
    truth = screen_summary(hall_snapshot(urls[0], hall.code))
    assert all(screen.wait_until(lambda s: s.summary() == truth, 5) for screen in screens)
    delays = [
        (arrival.at - sent[arrival.payload["number"]]) * 1000
        for screen in screens
        for arrival in screen.arrivals
        if arrival.name == "ticket_called"
    ]
    median, worst = statistics.median(delays), max(delays)
    with capsys.disabled():
        print(f"\n  call -> screen on another process: median {median:.0f} ms, max {worst:.0f} ms")


def test_windows_calling_through_every_process_at_once_leave_every_screen_right(three_processes, displays, capsys):
    """Kiosks and four windows busy on all three processes: every screen gets every event and ends up right."""
    hall, urls = three_processes
    screens = [displays(url, hall.code) for url in urls]
    assert all(screen.wait_until(lambda s: s.state is not None, 10) for screen in screens)
    load = Load(urls, hall, staff_tokens(urls[0], hall), issues=160, issuers=4).start().join()
    assert not load.unexpected and load.unanswered == 0

    truth = hall_snapshot(urls[0], hall.code)
    for screen in screens:
        assert screen.wait_until(lambda s, seq=truth["seq"]: s.seq >= seq, 10), "a screen fell behind"
        first = screen.snapshots[0][1]
        seqs = sorted(arrival.payload["seq"] for arrival in screen.arrivals if arrival.payload["seq"] > first)
        assert seqs == list(range(first + 1, truth["seq"] + 1)), "a screen missed events or got them twice"
        assert screen.summary() == screen_summary(truth)
    arrived = [[a.payload["seq"] for a in screen.arrivals] for screen in screens]
    swapped = sum(sum(1 for a, b in itertools.pairwise(seqs) if b < a) for seqs in arrived)
    repairs = sum(1 for screen in screens for *_, why in screen.snapshots if why == "gap")
    with capsys.disabled():
        print(
            f"\n  realtime under load: {truth['seq']} events to 3 screens, {swapped} arrived before an earlier one "
            f"(reordered by the screen), {repairs} gap repairs by snapshot"
        )
