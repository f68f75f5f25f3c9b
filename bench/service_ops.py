#!/usr/bin/env python3
"""Domain operations without HTTP: issue, call-next and finish.

Runs the services directly in one process on a fresh SQLite file (or DATABASE_URL), inside the same write
transactions the adapters use (so realtime payloads are built too), and prints per-operation latencies.
Call-next as the queue grows: bench/queue_growth.py.

    python bench/service_ops.py            # 500 operations each
    python bench/service_ops.py --quick    # CI: 100
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import line, summary
from config import TestingConfig
from hall import create_app
from hall.db import write_transaction
from hall.extensions import db
from hall.models import Counter, CounterService, Hall, Role, Service, Staff
from hall.services import calling, counter_actions, counters
from hall.services.counter_access import active_ticket
from hall.services.kiosk_limits import KioskPolicy
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="CI: fewer operations")
    arguments = parser.parse_args()
    operations = 100 if arguments.quick else 500

    with tempfile.TemporaryDirectory() as directory:
        url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(directory) / 'bench.db'}"
        app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url)
        with app.app_context():
            db.drop_all()
            db.create_all()
            hall, (a, _b), counter, clerk = build_hall()
            print(f"database: {db.engine.dialect.name}; {operations} operations each")
            now = START
            issue_ms, call_ms, finish_ms = [], [], []
            policy = KioskPolicy.from_config(app.config)
            for _ in range(operations):
                now += timedelta(seconds=1)
                issue_ms.append(
                    timed(lambda now=now: issue_ticket(hall_id=hall.id, service_id=a.id, now=now, policy=policy))
                )
            for _ in range(operations):
                now += timedelta(seconds=1)
                call_ms.append(
                    timed(lambda now=now: calling.call_next(counter_id=counter.id, staff_id=clerk.id, now=now))
                )
                now += timedelta(seconds=1)
                finish_ms.append(timed(lambda now=now: finish_current(counter, clerk, now)))
            print(line("issue a ticket (kiosk)", summary(issue_ms)))
            print(line("call next (counter)", summary(call_ms)))
            print(line("finish (counter)", summary(finish_ms)))

            db.session.remove()
            db.engine.dispose()


def finish_current(counter, clerk, now):
    current = active_ticket(counter.id)
    counter_actions.finish(ticket_id=current.id, counter_id=counter.id, staff_id=clerk.id, now=now)


def finish_current_in_transaction(counter, clerk, now):
    with write_transaction():
        finish_current(counter, clerk, now)


if __name__ == "__main__":
    main()
