#!/usr/bin/env python3
"""Domain operations without HTTP: issue, call-next and finish, and call-next as the queue grows.

Runs the services directly in one process on a fresh SQLite file (or DATABASE_URL), inside the same write
transactions the adapters use (so realtime payloads are built too). Prints per-operation latencies and,
for call-next, the time at queue lengths from 100 upwards with the ratio to the shortest queue: the calling
rules read only the front of each queue, so the ratio should stay near 1.

    python bench/service_ops.py            # full: up to 100,000 waiting tickets
    python bench/service_ops.py --quick    # CI: up to 2,000
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert

from bench.common import line, summary
from config import TestingConfig
from hall import create_app
from hall.db import write_transaction
from hall.extensions import db
from hall.models import Counter, CounterService, Hall, Priority, QueueDay, Role, Service, Staff, Ticket, TicketState
from hall.services import calling, counter_actions, counters
from hall.services.ticketing import issue_ticket

START = datetime(2026, 11, 23, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai


def build_hall():
    with write_transaction():
        # Tickets come from the script, not a registered kiosk, on any day of the week the benchmark runs.
        hall = Hall(
            code="bench",
            name="基准测试中心",
            ticketing_hours="00:00-24:00",
            open_on_non_working_days=True,
            require_devices=False,
            created_at=START,
        )
        services = [Service(hall=hall, prefix=p, name=f"业务{p}") for p in "AB"]
        counter = Counter(hall=hall, number=1, name="1号窗口")
        counter.links = [CounterService(service=s, position=i) for i, s in enumerate(services)]
        clerk = Staff(hall=hall, username="bench", name="bench", role=Role.CLERK, password_hash="x", created_at=START)
        db.session.add_all([hall, *services, counter, clerk])
    with write_transaction():
        counters.sign_in(counter_id=counter.id, staff_id=clerk.id, now=START)
    return hall, services, counter, clerk


def timed(function) -> float:
    begin = time.perf_counter()
    with write_transaction():
        function()
    return (time.perf_counter() - begin) * 1000


def fill_queue(service: Service, day, count: int, first_seq: int) -> None:
    """Bulk-insert waiting tickets (fast), keeping the queue row's counts right."""
    rows = [
        {
            "hall_id": service.hall_id,
            "service_id": service.id,
            "issued_service_id": service.id,
            "service_day": day,
            "seq": first_seq + i,
            "number": f"{service.prefix}{first_seq + i:03d}",
            "token": f"bench-{service.id}-{first_seq + i}",
            "priority": Priority.NORMAL,
            "state": TicketState.WAITING,
            "queue_at": START + timedelta(microseconds=first_seq + i),
            "issued_at": START,
        }
        for i in range(count)
    ]
    with write_transaction():
        for chunk in range(0, len(rows), 5000):
            db.session.execute(insert(Ticket), rows[chunk : chunk + 5000])
        queue = db.session.get(QueueDay, (service.id, day)) or QueueDay(service_id=service.id, day=day)
        queue.last_seq = first_seq + count - 1
        queue.waiting = (queue.waiting or 0) + count
        db.session.add(queue)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI")
    arguments = parser.parse_args()
    operations = 100 if arguments.quick else 500
    sizes = [100, 2000] if arguments.quick else [100, 1000, 10000, 100000]

    with tempfile.TemporaryDirectory() as directory:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(directory) / 'bench.db'}"
        app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            db.drop_all()
            db.create_all()
            hall, (a, b), counter, clerk = build_hall()
            print(f"database: {db.engine.dialect.name}; {operations} operations each")
            now = START
            issue_ms, call_ms, finish_ms = [], [], []
            for _ in range(operations):
                now += timedelta(seconds=1)
                issue_ms.append(timed(lambda now=now: issue_ticket(hall_id=hall.id, service_id=a.id, now=now)))
            for _ in range(operations):
                now += timedelta(seconds=1)
                call_ms.append(
                    timed(lambda now=now: calling.call_next(counter_id=counter.id, staff_id=clerk.id, now=now))
                )
                now += timedelta(seconds=1)
                finish_ms.append(timed(lambda now=now: _finish_current(counter, clerk, now)))
            print(line("issue a ticket (kiosk)", summary(issue_ms)))
            print(line("call next (counter)", summary(call_ms)))
            print(line("finish (counter)", summary(finish_ms)))

            print("\ncall-next as the queue grows (same hall, both services waiting):")
            day = START.date() + timedelta(days=1)
            now = datetime.combine(day, datetime.min.time(), tzinfo=UTC) + timedelta(hours=2)
            filled = 0
            baseline = None
            for size in sizes:
                fill_queue(a, day, size - filled, filled + 1)
                fill_queue(b, day, size - filled, filled + 1)
                filled = size
                samples = []
                for _ in range(50 if arguments.quick else 200):
                    now += timedelta(seconds=1)
                    samples.append(
                        timed(lambda now=now: calling.call_next(counter_id=counter.id, staff_id=clerk.id, now=now))
                    )
                    now += timedelta(seconds=1)
                    _timed_finish(counter, clerk, now)
                stats = summary(samples)
                baseline = baseline or stats["median_ms"]
                print(line(f"  {2 * size:>7} waiting", stats) + f"   ratio {stats['median_ms'] / baseline:.2f}")
            db.session.remove()
            db.engine.dispose()


def _finish_current(counter, clerk, now):
    current = counter_actions.active_ticket(counter.id)
    counter_actions.finish(ticket_id=current.id, counter_id=counter.id, staff_id=clerk.id, now=now)


def _timed_finish(counter, clerk, now):
    with write_transaction():
        _finish_current(counter, clerk, now)


if __name__ == "__main__":
    main()
