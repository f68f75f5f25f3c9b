"""Race safety: kiosks issuing and clerks calling at the same instant, in threads and in separate processes.

Each round releases all workers through a barrier at once, so the operations really collide. The checks:
no number is issued twice, numbers have no gaps, no ticket is called by two windows, and no window ever
holds two active tickets. On SQLite this exercises BEGIN IMMEDIATE and the busy timeout; with
TEST_DATABASE_URL set, the same tests run against PostgreSQL's row locks.
"""

import multiprocessing
import threading
from collections import Counter as Tally
from datetime import timedelta

import pytest

from config import TestingConfig
from hall import create_app
from hall.db import write_transaction
from hall.errors import QueueEmpty
from hall.extensions import db
from hall.models import ACTIVE_STATES, HistoryEntry, Kind, Ticket
from hall.services import counter_actions, counters
from hall.services.kiosk_limits import KioskPolicy
from hall.services.ticketing import issue_ticket
from tests import factories
from tests.conftest import MONDAY_10AM, database_url

WORKERS = 6
ROUNDS = 15


@pytest.fixture
def busy_hall(app, clock):
    """One queue served by WORKERS windows, each with its clerk signed in."""
    with write_transaction():
        hall = factories.make_hall()
        service = factories.make_service(hall, "A")
        windows = [factories.make_counter(hall, n, [service]) for n in range(1, WORKERS + 1)]
        clerks = [factories.make_staff(hall, f"clerk{n}") for n in range(1, WORKERS + 1)]
    with write_transaction():
        for window, clerk in zip(windows, clerks, strict=True):
            counters.sign_in(counter_id=window.id, staff_id=clerk.id, now=clock())
    return {
        "hall_id": hall.id,
        "service_id": service.id,
        "windows": [(w.id, c.id) for w, c in zip(windows, clerks, strict=True)],
    }


def issue_once(app, hall_id, service_id, now):
    with app.app_context(), write_transaction():
        policy = KioskPolicy.from_config(app.config)
        return issue_ticket(hall_id=hall_id, service_id=service_id, now=now, policy=policy).number


def call_once(app, counter_id, staff_id, now):
    """Finish what the window holds (if anything) and call the next: the clerk's one click."""
    with app.app_context():
        try:
            with write_transaction():
                _, called = counter_actions.finish_and_call_next(counter_id=counter_id, staff_id=staff_id, now=now)
                return called.id if called else None
        except QueueEmpty:
            return None


def run_together(functions):
    """Start all functions at the same instant (barrier) and return their results."""
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)
    errors = []

    def run(index, function):
        barrier.wait()
        try:
            results[index] = function()
        except Exception as error:  # surfaced below, with the worker's traceback
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if errors:
        raise errors[0]
    return results


def assert_queue_books_are_right(service_id, issued_count):
    db.session.rollback()
    tickets = db.session.query(Ticket).filter_by(issued_service_id=service_id).all()
    seqs = sorted(t.seq for t in tickets)
    assert seqs == list(range(1, issued_count + 1)), "numbers must be unique and without gaps"
    calls = Tally(e.ticket_id for e in db.session.query(HistoryEntry).filter_by(kind=Kind.CALLED))
    assert not calls or max(calls.values()) == 1, "no ticket may be called twice"
    active = Tally(t.counter_id for t in tickets if t.state in ACTIVE_STATES)
    assert not active or max(active.values()) == 1, "a window holds at most one active ticket"


@pytest.mark.slow
def test_kiosks_issuing_at_the_same_instant_in_threads_get_distinct_numbers(app, busy_hall):
    """WORKERS kiosks press at once, ROUNDS times: every number is different and none is skipped."""
    numbers = []
    for round_number in range(ROUNDS):
        now = MONDAY_10AM + timedelta(seconds=round_number)
        numbers += run_together(
            [lambda now=now: issue_once(app, busy_hall["hall_id"], busy_hall["service_id"], now)] * WORKERS
        )
    assert len(numbers) == len(set(numbers)) == WORKERS * ROUNDS
    assert_queue_books_are_right(busy_hall["service_id"], WORKERS * ROUNDS)


@pytest.mark.slow
def test_clerks_calling_at_the_same_instant_in_threads_never_share_a_ticket(app, busy_hall):
    """WORKERS windows press 'finish and call next' at once while kiosks keep issuing: no ticket twice."""
    hall_id, service_id = busy_hall["hall_id"], busy_hall["service_id"]
    total_called = 0
    for round_number in range(ROUNDS):
        now = MONDAY_10AM + timedelta(seconds=round_number)
        kiosks = [lambda now=now: issue_once(app, hall_id, service_id, now)] * (WORKERS // 2)
        windows = [lambda c=c, s=s, now=now: call_once(app, c, s, now) for c, s in busy_hall["windows"]]
        results = run_together(kiosks + windows)
        called = [r for r in results[len(kiosks) :] if r is not None]
        assert len(called) == len(set(called)), f"round {round_number}: a ticket was called twice"
        total_called += len(called)
    assert total_called > ROUNDS, "the windows should have called most of the tickets"
    assert_queue_books_are_right(service_id, ROUNDS * (WORKERS // 2))


def _process_worker(url, role, hall_id, service_id, counter_id, staff_id, barrier, rounds, results):
    """Runs in a separate process: its own app, engine and connections to the same database."""
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url)
    mine = []
    for round_number in range(rounds):
        now = MONDAY_10AM + timedelta(seconds=round_number)
        barrier.wait(timeout=120)
        if role == "kiosk":
            mine.append(("issued", issue_once(app, hall_id, service_id, now)))
        else:
            mine.append(("called", call_once(app, counter_id, staff_id, now)))
    results.put(mine)


@pytest.mark.slow
def test_separate_processes_on_one_database_never_duplicate(app, busy_hall, tmp_path):
    """Kiosk and counter processes (not threads) hit one database file together: no duplicates."""
    context = multiprocessing.get_context("spawn")
    url = database_url(tmp_path)
    windows = busy_hall["windows"][:4]
    kiosks = 3
    barrier = context.Barrier(kiosks + len(windows))
    results = context.Queue()
    jobs = [("kiosk", None, None)] * kiosks + [("counter", c, s) for c, s in windows]
    processes = [
        context.Process(
            target=_process_worker,
            args=(
                url,
                role,
                busy_hall["hall_id"],
                busy_hall["service_id"],
                counter_id,
                staff_id,
                barrier,
                ROUNDS,
                results,
            ),
        )
        for role, counter_id, staff_id in jobs
    ]
    db.session.commit()
    for process in processes:
        process.start()
    collected = [results.get(timeout=300) for _ in processes]
    for process in processes:
        process.join(timeout=60)
        assert process.exitcode == 0
    issued = [value for worker in collected for kind, value in worker if kind == "issued"]
    called = [value for worker in collected for kind, value in worker if kind == "called" and value]
    assert len(issued) == len(set(issued)) == kiosks * ROUNDS
    assert len(called) == len(set(called)) and called
    assert_queue_books_are_right(busy_hall["service_id"], kiosks * ROUNDS)
