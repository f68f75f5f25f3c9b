"""The county deployment under load: several gunicorn processes on one PostgreSQL database and one Redis.

Three production app processes (deploy/gunicorn.conf.py, HALL_CONFIG=production) serve a freshly migrated
database of their own (``flask --app hall db upgrade``). Twelve issuers and twelve clerks fire thousands of
requests at them at once, each request to the next process in turn; then the database must show every
ticket the clients were given, no number twice or skipped, no ticket called twice, and every state in step
with its history, its window and its queue. The in-process races are in tests/test_concurrency.py.

Then the same processes behind nginx with the shipped deploy/nginx/hall.conf.

Runs when TEST_DATABASE_URL is PostgreSQL and TEST_REDIS_URL is set (``.ci/run``); HALL_MP_ISSUES changes
the number of tickets (default 1,500). The nginx test needs Redis and nginx, and runs on SQLite too.
"""

import os
import time

import pytest

from tests.books import check_books
from tests.cluster import clerk_client, hall_snapshot, issue_ticket, migrated_hall, staff_tokens
from tests.infrastructure import nginx
from tests.load import Load
from tests.screens import open_screens, screen_summary
from tests.servers import app_processes, require_services

pytestmark = pytest.mark.slow
PROCESSES = 3
WINDOWS = 12
ISSUES = int(os.environ.get("HALL_MP_ISSUES", "1500"))


@pytest.fixture
def county(tmp_path):
    """Three app processes on a private PostgreSQL database and one Redis channel; a seeded hall."""
    base, redis_url = require_services(postgresql=True, redis=True)
    with (
        migrated_hall(tmp_path, base, windows=WINDOWS, redis_url=redis_url) as (url, environment, hall),
        app_processes(tmp_path, environment, PROCESSES) as processes,
    ):
        yield url, hall, processes


def test_thousands_of_simultaneous_issues_and_calls_across_processes_keep_the_books_right(county, capsys):
    """Kiosks and windows hammering three processes at once: every printed ticket exists, none is called twice."""
    url, hall, processes = county
    urls = [process.url for process in processes]
    load = Load(urls, hall, staff_tokens(urls[0], hall), issues=ISSUES).start().join()

    assert not load.unexpected, f"errors the clients should never see: {load.unexpected[:5]}"
    assert load.unanswered == 0, f"a process left requests unanswered: {load.failures[:5]}"
    assert len(load.issued) == ISSUES
    numbers = [number for _, _, number in load.called]
    assert len(numbers) == len(set(numbers)), "a ticket was called to two windows"
    books = check_books(url, hall.code, load.issued)
    assert books.unconfirmed == 0 and books.tickets == ISSUES
    assert books.calls == len(load.called), "the database and the clerks disagree about what was called"
    assert len(load.called) >= ISSUES - WINDOWS, "the windows should have called nearly every ticket"

    requests = sum(load.statuses.values())
    with capsys.disabled():
        print(
            f"\n  multi-process: {ISSUES} issues + {len(load.called)} calls through {PROCESSES} processes in "
            f"{load.elapsed:.1f} s = {ISSUES / load.elapsed:.0f} issues/s, {requests / load.elapsed:.0f} requests/s"
        )


@pytest.fixture
def behind_nginx(tmp_path):
    """Three app processes behind nginx configured by deploy/nginx/hall.conf, on one database and Redis."""
    base, redis_url = require_services(redis=True)
    seeded = migrated_hall(tmp_path, base, windows=2, redis_url=redis_url, HALL_TRUSTED_PROXIES="1")
    with (
        seeded as (_, environment, hall),
        app_processes(tmp_path, environment, PROCESSES) as processes,
        nginx(tmp_path, [process.port for process in processes]) as front,
    ):
        yield hall, processes, front


def test_the_sample_nginx_config_carries_the_api_and_screens_and_survives_a_dead_process(behind_nginx, capsys):
    """Through nginx: calls work and screens on websocket and on long-polling announce them; when the screens'
    process dies, nginx sends calls to the others and the screens come back there; with none left, a JSON 503."""
    hall, processes, front = behind_nginx
    with open_screens() as open_screen:
        screens = [open_screen(front, hall.code), open_screen(front, hall.code, transports=("polling",))]
        assert all(screen.wait_until(lambda s: s.state is not None, 10) for screen in screens)
        window, http = clerk_client(front, hall)
        for _ in range(4):
            issue_ticket(http, hall)
        call = f"/api/v1/counters/{window}/finish-and-call-next"
        assert http.post(call)[1]["ticket"]["number"] == "A001"
        assert all(screen.wait_until(lambda s: s.calls == ["A001"], 10) for screen in screens)

        holder = max(processes, key=lambda process: _established(process.port))  # where the screens' sockets are
        holder.kill()
        killed_at = time.monotonic()
        for number in ("A002", "A003"):  # whichever process nginx picks first, it answers from a live one
            status, body = http.post(call)
            assert status == 200, f"nginx should have sent the call to a live process: {status} {body}"
            assert body["ticket"]["number"] == number
        truth = screen_summary(hall_snapshot(front, hall.code))
        for screen in screens:
            assert screen.wait_until(lambda s: s.summary() == truth, 20), "a screen did not come back through nginx"
        back = time.monotonic() - killed_at
        assert all(len(screen.connects) == 2 for screen in screens), "both screens should have reconnected"

        for process in processes:
            process.kill()
        status, body = http.post(call)
        assert (status, body["error"]["code"]) == (503, "server_unavailable"), "no process: nginx's own JSON error"
        assert body["error"]["message"].startswith("系统暂时不可用")
    with capsys.disabled():
        print(f"\n  nginx: the screens' process killed; both screens reconnected and were right {back:.1f} s later")


def _established(port: int) -> int:
    """Open TCP connections to a local port (Linux /proc): nginx keeps the screens' sockets open on one process."""
    count = 0
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as rows:
            for row in list(rows)[1:]:
                local, state = row.split()[1], row.split()[3]
                count += state == "01" and int(local.rsplit(":", 1)[1], 16) == port
    return count
