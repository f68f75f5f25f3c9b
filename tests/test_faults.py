"""Faults on real processes: an app process killed mid-load, Redis restarting, the database out of reach, and a
server running across the hall's midnight.

Every test starts production app processes (gunicorn, deploy/gunicorn.conf.py) on a database of its own and
checks the books afterwards (tests/books.py). The kill and Redis tests need TEST_REDIS_URL (the Redis one
starts a private redis-server instead of restarting the shared one); the database test needs PostgreSQL
(TEST_DATABASE_URL) and cuts a TCP proxy in front of it. ``.ci/run`` sets both, with HALL_REQUIRE_SERVICES=1.
"""

import os
import sys
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy

from tests.books import check_books
from tests.cluster import Http, SeededHall, clerk_client, hall_snapshot, issue_ticket, migrated_hall, staff_tokens
from tests.infrastructure import RedisServer, redis_server, tcp_proxy
from tests.load import Load
from tests.screens import LiveDisplay, open_screens, resident_phone, screen_summary
from tests.servers import AppProcess, app_processes, require_services

pytestmark = pytest.mark.slow
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def prepared(tmp_path):
    """A fresh migrated database (PostgreSQL with TEST_DATABASE_URL, else SQLite) with a seeded hall."""
    with ExitStack() as stack:

        def prepare(windows: int = 4, redis_url: str | None = None):
            base = os.environ.get("TEST_DATABASE_URL")
            return stack.enter_context(migrated_hall(tmp_path, base, windows=windows, redis_url=redis_url))

        yield prepare


@pytest.fixture
def screens():
    with open_screens() as open_screen:
        yield open_screen


@dataclass
class CalledOnScreen:
    database: str
    hall: SeededHall
    redis: RedisServer  # private: the test stops and starts it
    first: str  # the process the window calls through
    second: str  # the process the screen is connected to
    screen: LiveDisplay
    http: Http  # the first window's clerk, on the first process
    call: str  # that window's "finish and call next"
    issued: dict[str, str]  # token -> number, for the books


@contextmanager
def called_on_screen(prepared, screens, tmp_path, *, windows: int, waiting: int):
    """Two processes on a private Redis: ``waiting`` tickets issued through the first, A001 called there, and a
    screen connected to the second showing it."""
    with redis_server(tmp_path) as redis:
        database, environment, hall = prepared(windows=windows, redis_url=redis.url)
        with app_processes(tmp_path, environment, 2) as processes:
            first, second = (process.url for process in processes)
            screen = screens(second, hall.code)
            window, http = clerk_client(first, hall)
            issued = {}
            for _ in range(waiting):
                issue_ticket(http, hall, "A", issued)
            call = f"/api/v1/counters/{window}/finish-and-call-next"
            assert http.post(call)[0] == 200
            assert screen.wait_until(lambda s: s.calls == ["A001"], 10)
            yield CalledOnScreen(database, hall, redis, first, second, screen, http, call, issued)


def _seq(number: str) -> int:
    return int(number.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))


def test_a_process_killed_mid_load_loses_no_ticket_and_its_screens_come_back(prepared, screens, tmp_path, capsys):
    """SIGKILL one of three processes while kiosks and windows are busy, then restart it: every printed ticket
    is kept, numbering goes on without reuse, nothing is half-called, and its screen shows the truth again."""
    _, redis_url = require_services(redis=True)
    database, environment, hall = prepared(windows=6, redis_url=redis_url)
    with app_processes(tmp_path, environment, 3) as processes:
        urls = [process.url for process in processes]
        victim = processes[1]
        on_victim, on_survivor = screens(victim.url, hall.code), screens(urls[0], hall.code)
        assert on_victim.wait_until(lambda s: s.state is not None, 10)
        load = Load(urls, hall, staff_tokens(urls[0], hall), issues=300, issuers=6).start()
        load.wait_for_issued(100)
        killed_at = time.monotonic()
        victim.kill()
        before_kill = {}
        for _, service_id, number in list(load.issued_order):
            before_kill[service_id] = max(before_kill.get(service_id, 0), _seq(number))
        time.sleep(1)  # systemd's RestartSec=1 (deploy/systemd/hall@.service)
        restart_took = victim.start()
        back_at = time.monotonic()
        assert on_victim.wait_until(lambda s: any(at > back_at for at, *_ in s.snapshots), 15), "no reconnect"
        reconnected_at = next(at for at, *_ in on_victim.snapshots if at > back_at)
        load.join()

        assert not load.unexpected, f"clients saw errors other than the dead process: {load.unexpected[:5]}"
        assert load.unanswered > 0, "the kill should have cut some requests off"
        books = check_books(database, hall.code, load.issued, unanswered=load.unanswered_of("issue"))
        after = [(service_id, _seq(number)) for at, service_id, number in load.issued_order if at > back_at]
        assert after and all(seq > before_kill.get(service_id, 0) for service_id, seq in after), "a number came back"
        called = [number for *_, number in load.called]
        assert len(called) == len(set(called)), "a ticket was called to two windows"

        truth = screen_summary(hall_snapshot(urls[0], hall.code))
        for screen in (on_victim, on_survivor):
            assert screen.wait_until(lambda s: s.summary() == truth, 10), "a screen does not show the hall's state"
        assert not on_survivor.disconnects, "a screen on a surviving process lost its connection"
    with capsys.disabled():
        print(
            f"\n  SIGKILL mid-load: {load.unanswered} requests cut off, {books.unconfirmed} tickets committed "
            f"without an answer; restart took {restart_took:.1f} s; the screen re-synced "
            f"{reconnected_at - back_at:.1f} s after the process was back ({reconnected_at - killed_at:.1f} s after "
            f"the kill)"
        )


def test_redis_restarting_loses_no_call_and_screens_recover_by_themselves(prepared, screens, tmp_path, capsys):
    """Redis goes away and comes back: calls still succeed, and the screen shows every call again without help."""
    require_services(redis=True)  # the same conditions as the other cross-process tests; Redis here is private
    with called_on_screen(prepared, screens, tmp_path, windows=2, waiting=30) as at:
        at.redis.stop()
        began = time.monotonic()
        status, body = at.http.post(at.call)
        during = time.monotonic() - began
        assert (status, body["ticket"]["number"]) == (200, "A002"), "a call failed while Redis was away"
        issue_ticket(Http(at.second, at.http.token), at.hall, "B", at.issued)
        time.sleep(1)
        at.redis.start()
        back = time.monotonic()
        recovered = None
        while time.monotonic() - back < 30:  # the hall goes on calling, every half second
            assert at.http.post(at.call)[0] == 200
            truth = screen_summary(hall_snapshot(at.first, at.hall.code))
            if at.screen.wait_until(lambda s, truth=truth: s.summary() == truth, 0.5):
                recovered = time.monotonic() - back
                break
        assert recovered is not None, "the screen did not recover after Redis came back"
        assert not at.screen.disconnects, "the screen's own connection should survive a Redis restart"
    check_books(at.database, at.hall.code, at.issued)
    with capsys.disabled():
        print(
            f"\n  Redis restart: a call took {during * 1000:.0f} ms while Redis was down; the screen was right "
            f"again {recovered:.1f} s after Redis returned"
        )


def test_a_quiet_halls_screen_shows_a_call_lost_while_redis_was_away_once_redis_returns(
    prepared, screens, tmp_path, capsys
):
    """A call made while Redis is down, then silence: the other process's screen shows it within seconds."""
    require_services(redis=True)
    with (
        called_on_screen(prepared, screens, tmp_path, windows=1, waiting=3) as at,
        resident_phone(at.second, next(iter(at.issued))) as phone,
    ):
        at.redis.stop()
        assert at.http.post(at.call)[0] == 200, "a call failed while Redis was away"
        truth = screen_summary(hall_snapshot(at.first, at.hall.code))
        assert at.screen.summary() != truth, "the call made while Redis was away reached the screen anyway"
        at.redis.start()
        back = time.monotonic()
        # Nobody calls again: only the server's resync can bring the screen up to date.
        assert at.screen.wait_until(lambda s: s.summary() == truth, 20), "the screen stayed on the lost state"
        recovered = time.monotonic() - back
        assert any(why == "resync" for _, _, why in at.screen.snapshots)
        assert phone.wait(5), "the resident's phone page was not told to read its ticket again"
    check_books(at.database, at.hall.code, at.issued)
    with capsys.disabled():
        print(f"\n  quiet hall: the screen showed the call lost to Redis {recovered:.1f} s after Redis returned")


def _counts(database: str) -> tuple:
    engine = sqlalchemy.create_engine(database)
    with engine.connect() as connection:
        counts = tuple(
            connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()
            for table in ("ticket", "history_entry", "queue_day", "api_token")
        )
    engine.dispose()
    return counts


def test_the_database_out_of_reach_gives_the_clerk_a_clear_error_and_then_works_again(prepared, tmp_path, capsys):
    """The network to PostgreSQL is cut: the clerk gets a 503 saying so in Chinese, nothing is half-written,
    and the first call after the network returns succeeds."""
    require_services(postgresql=True)
    database, environment, hall = prepared(windows=1)
    with tcp_proxy(database) as (proxy, through_proxy):
        process = AppProcess(tmp_path, "app", {**environment, "DATABASE_URL": through_proxy})
        process.start()
        try:
            window, http = clerk_client(process.url, hall)
            issued = {}
            for _ in range(3):
                issue_ticket(http, hall, "A", issued)
            call = f"/api/v1/counters/{window}/finish-and-call-next"
            assert http.post(call)[1]["ticket"]["number"] == "A001"
            before = _counts(database)

            proxy.cut()
            waits = []
            for path, body in (
                (call, None),
                (f"/api/v1/halls/{hall.code}/tickets", {"service_id": hall.services["A"]}),
            ):
                began = time.monotonic()
                status, reply = http.post(path, body)
                waits.append(time.monotonic() - began)
                assert waits[-1] < 10, "the clerk waited too long for the error"
                assert status == 503, reply
                assert reply["error"] == {
                    "code": "database_unavailable",
                    "message": "暂时无法连接数据库，本次操作未完成，请稍后再试。",
                }
            assert http.post(f"{call}?lang=en")[1]["error"]["message"].startswith("The database cannot be reached")
            assert http.get("/readyz")[0] == 503, "the load balancer's readiness check should fail too"
            assert _counts(database) == before, "something was written while the database was away"

            proxy.restore()
            began = time.monotonic()
            status, reply = http.post(call)
            first_after = time.monotonic() - began
            assert (status, reply["ticket"]["number"]) == (200, "A002"), reply
            assert issue_ticket(http, hall, "A", issued) == "A004"
        finally:
            process.stop()
    check_books(database, hall.code, issued)
    with capsys.disabled():
        print(
            f"\n  database cut: the 503 came after {max(waits) * 1000:.0f} ms; the first call after it returned "
            f"took {first_after * 1000:.0f} ms"
        )


def test_a_server_running_across_midnight_starts_the_new_days_numbers(prepared, tmp_path):
    """A process that is up at 23:59:50 in the hall's time zone numbers from A001 again after midnight."""
    database, environment, hall = prepared(windows=1)
    real_now = datetime.now(SHANGHAI)
    today = real_now.date()
    midnight = datetime.combine(today + timedelta(days=1), datetime.min.time(), SHANGHAI)
    lead = 12  # seconds of the server's time between now and its midnight: enough to start and issue
    offset = (midnight - real_now).total_seconds() - lead
    process = AppProcess(
        tmp_path,
        "midnight",
        {**environment, "HALL_TEST_CLOCK_OFFSET": str(offset)},
        command=[sys.executable, "-m", "tests.clock_server"],
    )
    process.start()
    try:
        window, http = clerk_client(process.url, hall)
        issued = {}
        evening = [issue_ticket(http, hall, "A", issued) for _ in range(2)]
        assert http.post(f"/api/v1/counters/{window}/call-next")[1]["ticket"]["number"] == "A001"
        assert time.time() + offset < midnight.timestamp(), "the server took too long to start: raise lead"
        time.sleep(max(0.0, midnight.timestamp() - (time.time() + offset)) + 0.5)

        morning = issue_ticket(http, hall, "A", issued)
        status, called = http.post(f"/api/v1/counters/{window}/finish-and-call-next")
        snapshot = http.get(f"/api/v1/halls/{hall.code}/snapshot")[1]
    finally:
        process.stop()
    assert evening == ["A001", "A002"] and morning == "A001"
    assert (status, called["ticket"]["number"]) == (200, "A001"), "the window should call the new day's first"
    assert snapshot["service_day"] == (today + timedelta(days=1)).isoformat()
    engine = sqlalchemy.create_engine(database)
    with engine.connect() as connection:
        days = connection.exec_driver_sql("SELECT number, service_day FROM ticket ORDER BY id").all()
    engine.dispose()
    assert [(number, str(day)) for number, day in days] == [
        ("A001", today.isoformat()),
        ("A002", today.isoformat()),
        ("A001", (today + timedelta(days=1)).isoformat()),
    ]
    check_books(database, hall.code, issued)
