#!/usr/bin/env python3
"""Call-next as the waiting queue grows from 100 to 100,000 tickets: it must stay flat (within 2x).

Two ways, each printing the median at every size and its ratio to the smallest queue:

* service level: ``calling.call_next`` in the write transaction the adapters use (realtime payloads
  included), in this process, on a fresh SQLite file, and on PostgreSQL with ``--postgres URL`` (or
  ``TEST_DATABASE_URL`` in the full run; a fresh database beside that one);
* over HTTP: ``run.py`` (SQLite, demo hall) answers "finish and call next" at window 1 while the benchmark
  bulk-inserts waiting tickets of service A into its database file between sizes; this includes the
  clerk's reply (the called ticket for the workstation) and everything the request does.

The tickets are inserted as waiting (no history), spread over two services at the service level (both at
the window) and in service A over HTTP. Each size: a few calls to warm up, then ``--calls`` timed calls,
each followed (service level) by finishing the ticket, so the window is free again.

    python bench/queue_growth.py             # 100, 1,000, 10,000, 100,000 waiting
    python bench/queue_growth.py --quick     # CI: 100 and 2,000
"""

import argparse
import os
import sys
import tempfile
import time
from contextlib import ExitStack
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select, text

from bench.common import Api, database_label, line, machine_load, postgres_database, running_hall, summary, verdict
from bench.service_ops import build_hall, finish_current_in_transaction, timed
from config import TestingConfig
from hall import create_app
from hall.db import write_transaction
from hall.extensions import db
from hall.models import Hall, Priority, QueueDay, Service, Ticket, TicketState
from hall.services import calling
from hall.timeutil import service_day

TARGET_RATIO = 2.0  # issue 7: call-next flat within 2x from 100 to 100,000 waiting


def add_waiting(service_id: int, hall_id: int, day, count: int, queued_from: datetime) -> None:
    """Bulk-insert ``count`` waiting tickets after the queue's last number, keeping its counts right."""
    with write_transaction():
        queue = db.session.get(QueueDay, (service_id, day)) or QueueDay(service_id=service_id, day=day, last_seq=0)
        prefix = db.session.get(Service, service_id).prefix
        first = (queue.last_seq or 0) + 1
        rows = [
            {
                "hall_id": hall_id,
                "service_id": service_id,
                "issued_service_id": service_id,
                "service_day": day,
                "seq": seq,
                "number": f"{prefix}{seq:03d}",
                "token": f"bench-{service_id}-{day:%m%d}-{seq}",
                "priority": Priority.NORMAL,
                "state": TicketState.WAITING,
                "queue_at": queued_from + timedelta(microseconds=seq),
                "issued_at": queued_from,
            }
            for seq in range(first, first + count)
        ]
        for chunk in range(0, len(rows), 5000):
            db.session.execute(insert(Ticket), rows[chunk : chunk + 5000])
        queue.last_seq = first + count - 1
        queue.waiting = (queue.waiting or 0) + count
        db.session.add(queue)


def print_growth(label: str, results: list[tuple[int, dict]]) -> bool:
    print(label)
    baseline = results[0][1]["median_ms"]
    worst = 0.0
    for waiting, stats in results:
        ratio = stats["median_ms"] / baseline
        worst = max(worst, ratio)
        print(line(f"  {waiting:>7,} waiting", stats) + f"   ratio {ratio:.2f}")
    flat = worst <= TARGET_RATIO
    print(f"  target: flat within {TARGET_RATIO:g}x: worst ratio {worst:.2f}  {verdict(flat)}", flush=True)
    return flat


def service_level(url: str, sizes: list[int], calls: int) -> None:
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        db.drop_all()
        db.create_all()
        hall, (a, b), counter, clerk = build_hall()
        day = datetime(2026, 11, 24, tzinfo=UTC).date()
        now = datetime(2026, 11, 24, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai, on that day
        results, filled = [], 0
        for size in sizes:
            for service in (a, b):  # half in each of the window's services, plus what this size's calls take
                add_waiting(service.id, hall.id, day, (size - filled + calls + 5) // 2, now - timedelta(hours=1))
            filled = size
            if db.engine.dialect.name == "postgresql":
                with write_transaction():  # as autovacuum would have by then: the planner sees the table's size
                    db.session.execute(text("ANALYZE ticket"))
            samples = []
            for index in range(calls + 5):
                now += timedelta(seconds=1)
                elapsed = timed(lambda now=now: calling.call_next(counter_id=counter.id, staff_id=clerk.id, now=now))
                if index >= 5:
                    samples.append(elapsed)
                now += timedelta(seconds=1)
                finish_current_in_transaction(counter, clerk, now)
            results.append((size, summary(samples)))
        db.session.remove()
        db.drop_all()
        db.engine.dispose()
    print_growth(f"\nservice level, {database_label(url)}: calling.call_next in its write transaction", results)


def over_http(directory: Path, sizes: list[int], calls: int) -> None:
    url = f"sqlite:///{directory / 'http.db'}"
    with running_hall(directory, database_url=url, name="http") as (base, _pid):
        clerk = Api(base)
        clerk.login("clerk1", "demo-2026")
        clerk.call("POST", "/api/v1/counters/1/sign-in", {})
        filler = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url)
        results, filled = [], 0
        for size in sizes:
            with filler.app_context():
                hall = db.session.scalar(select(Hall).where(Hall.code == "qingshan"))
                service = db.session.scalar(select(Service).where(Service.hall_id == hall.id, Service.prefix == "A"))
                now = datetime.now(UTC)
                day = service_day(now, hall.timezone)
                add_waiting(service.id, hall.id, day, size - filled + calls + 5, now - timedelta(hours=1))
                filled = size
                waiting = db.session.scalar(
                    select(func.count()).where(Ticket.service_day == day, Ticket.state == TicketState.WAITING)
                )
                db.session.remove()
            samples = []
            for index in range(calls + 5):
                elapsed, reply = clerk.timed("POST", "/api/v1/counters/1/finish-and-call-next", {})
                if reply["ticket"] is None:
                    raise RuntimeError("the queue ran dry")
                if index >= 5:
                    samples.append(elapsed)
            results.append((waiting, summary(samples)))
        with filler.app_context():
            db.engine.dispose()
    print_growth("\nover HTTP, run.py on SQLite: POST finish-and-call-next at window 1 (service A)", results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="CI: 100 and 2,000 waiting")
    parser.add_argument("--calls", type=int, help="timed calls per size (default 100; quick 30)")
    parser.add_argument("--postgres", metavar="URL", help="also on PostgreSQL (a fresh database beside URL's)")
    arguments = parser.parse_args()
    sizes = [100, 2000] if arguments.quick else [100, 1000, 10000, 100000]
    calls = arguments.calls or (30 if arguments.quick else 100)
    postgres = arguments.postgres or (None if arguments.quick else os.environ.get("TEST_DATABASE_URL"))

    print(f"before: {machine_load()}")
    begin = time.perf_counter()
    with tempfile.TemporaryDirectory() as directory:
        service_level(f"sqlite:///{Path(directory) / 'service.db'}", sizes, calls)
        if postgres:
            with ExitStack() as stack:
                service_level(stack.enter_context(postgres_database(postgres, "bench_queue")), sizes, calls)
        over_http(Path(directory), sizes, calls)
    print(f"after:  {machine_load()} ({time.perf_counter() - begin:.0f} s)")


if __name__ == "__main__":
    main()
