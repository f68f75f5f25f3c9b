#!/usr/bin/env python3
"""Managers' reports: the figures of one busy day and of 90 days, and calling while a report runs.

Builds a hall in a fresh SQLite file (and, when TEST_DATABASE_URL is set, again in a schema of its own on that
PostgreSQL database) by bulk inserts: 90 days of tickets with realistic times and states (issued 08:30–17:00,
waits, services, no-shows, cancellations, transfers), their history (issued / called / ended, the windows'
sign-ins, pauses and sign-outs), ratings with follow-ups for the bad ones, and cases with visits. The last
day has 5,000 tickets and 1,000 cases; the 90 days 500,000 tickets. Then times ``report_figures`` for the day
and for the 90 days (median of a few runs), the CSV/Excel tables, and the PDF when ``hall.pdf.report`` is
there; and call-next + finish at a window alone and while a 90-day report runs without pause in another
thread (same process, as in the app), with the ratio of the medians.

    python bench/reports.py            # full: 5,000 tickets a day, 500,000 over 90 days
    python bench/reports.py --quick    # CI: 500 tickets a day over 10 days
"""

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import insert, text

from bench.common import line, summary
from config import TestingConfig
from hall import create_app
from hall.db import write_transaction
from hall.extensions import db
from hall.models import (
    Case,
    CaseState,
    Counter,
    CounterService,
    Department,
    FollowUp,
    Hall,
    HistoryEntry,
    Kind,
    Matter,
    MatterKind,
    Outcome,
    Priority,
    QueueDay,
    Rating,
    Role,
    Service,
    Staff,
    Ticket,
    TicketState,
    Visit,
)
from hall.services import calling, counter_actions, counters
from hall.services.reports import tables
from hall.services.reports.metrics import report_figures

TZ_NAME = "Asia/Shanghai"
TZ = ZoneInfo(TZ_NAME)
DAY = date(2026, 11, 24)  # the busy day the daily report is made for; the range ends on it
SIZES = {
    "full": {
        "day_tickets": 5000,
        "day_cases": 1000,
        "days": 90,
        "tickets": 500_000,
        "cases_per_day": 600,
        "runs": 5,
        "calls": 200,
    },
    "quick": {
        "day_tickets": 500,
        "day_cases": 100,
        "days": 10,
        "tickets": 5000,
        "cases_per_day": 60,
        "runs": 3,
        "calls": 60,
    },
}
SERVICES = "ABCDEF"
COUNTERS = 20
DEPARTMENTS = ("社会事务办", "社会保障所", "自然资源所", "农业农村办", "退役军人服务站", "综合执法队")
PG_SCHEMA = f"bench_reports_{os.getpid()}"  # its own schema: the tests (and other runs) use the same database


def local(day: date, seconds: float) -> datetime:
    """The UTC instant ``seconds`` after local midnight of ``day``."""
    return (datetime.combine(day, clock_time.min, tzinfo=TZ) + timedelta(seconds=seconds)).astimezone(UTC)


class Ids:
    """Explicit primary keys for the bulk inserts (ratings and visits point at tickets by id)."""

    def __init__(self):
        self.next = {}

    def take(self, table: str) -> int:
        self.next[table] = self.next.get(table, 0) + 1
        return self.next[table]


# ---- the hall ----------------------------------------------------------------------------------------------


def build_hall():
    created = local(DAY - timedelta(days=400), 0)
    with write_transaction():
        hall = Hall(code="bench", name="基准测试便民服务中心", ticketing_hours="00:00-24:00", created_at=created)
        hall.open_on_non_working_days = True
        services = [Service(hall=hall, prefix=p, name=f"业务{p}", position=i) for i, p in enumerate(SERVICES)]
        departments = [Department(hall=hall, name=name, position=i) for i, name in enumerate(DEPARTMENTS)]
        windows, clerks = [], []
        for number in range(1, COUNTERS + 1):
            window = Counter(hall=hall, number=number, name=f"{number}号窗口")
            first = services[(number - 1) % len(services)]
            second = services[number % len(services)]
            window.links = [CounterService(service=first, position=0), CounterService(service=second, position=1)]
            windows.append(window)
            clerks.append(
                Staff(
                    hall=hall,
                    username=f"clerk{number}",
                    name=f"工作人员{number:02d}",
                    role=Role.CLERK,
                    password_hash="x",
                    created_at=created,
                )
            )
        db.session.add_all([hall, *services, *departments, *windows, *clerks])
        db.session.flush()
        matters = []
        for i, department in enumerate(departments):
            for kind in MatterKind:
                matters.append(
                    Matter(
                        hall_id=hall.id,
                        department=department,
                        code=f"M{i}-{kind.value[:3]}",
                        name=f"{department.name}事项{kind.value}",
                        kind=kind,
                        committed_days=0 if kind == MatterKind.IMMEDIATE else 5,
                    )
                )
        db.session.add_all(matters)
    return hall, services, windows, clerks, matters


def day_rows(rng: random.Random, ids: Ids, hall, services, windows, clerks, day: date, count: int) -> dict:
    """One day's tickets with their history, the windows' sessions and the ratings, as rows to insert."""
    serving = {s.id: [w for w in windows if s.id in {link.service_id for link in w.links}] for s in services}
    clerk_of = {w.id: clerks[i].id for i, w in enumerate(windows)}
    rows = {"ticket": [], "history_entry": [], "rating": [], "follow_up": [], "queue_day": []}
    events = []  # (at, row) history, sorted below so that ids follow time
    for window in windows:
        for seconds, kind in ((8.5 * 3600, Kind.COUNTER_OPENED), (12 * 3600, Kind.COUNTER_PAUSED)):
            events.append((local(day, seconds), window, kind))
        for seconds, kind in ((13.5 * 3600, Kind.COUNTER_RESUMED), (17.5 * 3600, Kind.COUNTER_CLOSED)):
            events.append((local(day, seconds), window, kind))
    history = [
        {
            "hall_id": hall.id,
            "at": at,
            "kind": kind,
            "counter_id": window.id,
            "staff_id": clerk_of[window.id],
            "data": {"counter_number": window.number},
            "channel": "counter",
        }
        for at, window, kind in events
    ]
    seq = dict.fromkeys((s.id for s in services), 0)
    issued_times = sorted(rng.uniform(8.5 * 3600, 17 * 3600) for _ in range(count))
    for seconds in issued_times:
        service = rng.choice(services)
        seq[service.id] += 1
        ticket_id = ids.take("ticket")
        number = f"{service.prefix}{seq[service.id]:03d}"
        issued_at = local(day, seconds)
        roll = rng.random()
        state = TicketState.DONE if roll < 0.88 else TicketState.NO_SHOW if roll < 0.94 else TicketState.CANCELLED
        final_service = service
        if state == TicketState.DONE and rng.random() < 0.03:
            final_service = rng.choice([s for s in services if s is not service])
        window = rng.choice(serving[final_service.id])
        called = issued_at + timedelta(seconds=min(rng.expovariate(1 / 900), 3 * 3600))
        ticket = {
            "id": ticket_id,
            "hall_id": hall.id,
            "service_id": final_service.id,
            "issued_service_id": service.id,
            "service_day": day,
            "seq": seq[service.id],
            "number": number,
            "token": f"b{ticket_id}",
            "priority": Priority.NORMAL,
            "state": state,
            "queue_at": issued_at,
            "issued_at": issued_at,
            "first_called_at": None,
            "last_called_at": None,
            "started_at": None,
            "finished_at": None,
            "counter_id": None,
            "clerk_id": None,
            "transfer_count": int(final_service is not service),
        }
        history.append(_entry(hall, issued_at, Kind.ISSUED, ticket_id, service.id, None, None, number))
        if state in (TicketState.DONE, TicketState.NO_SHOW):
            ticket |= {
                "first_called_at": called,
                "last_called_at": called,
                "counter_id": window.id,
                "clerk_id": clerk_of[window.id],
            }
            history.append(
                _entry(hall, called, Kind.CALLED, ticket_id, final_service.id, window.id, clerk_of[window.id], number)
            )
        if state == TicketState.DONE:
            started = called + timedelta(seconds=rng.uniform(10, 90))
            finished = started + timedelta(seconds=min(rng.expovariate(1 / 480), 3600))
            ticket |= {"started_at": started, "finished_at": finished}
            history.append(
                _entry(
                    hall, finished, Kind.FINISHED, ticket_id, final_service.id, window.id, ticket["clerk_id"], number
                )
            )
            if rng.random() < 0.3:
                level = rng.choices((5, 4, 3, 2, 1), weights=(70, 20, 6, 3, 1))[0]
                rating_id = ids.take("rating")
                rows["rating"].append(
                    {
                        "id": rating_id,
                        "hall_id": hall.id,
                        "ticket_id": ticket_id,
                        "counter_id": window.id,
                        "clerk_id": ticket["clerk_id"],
                        "service_day": day,
                        "level": level,
                        "reasons": ["slow"] if level <= 2 else [],
                        "comment": "",
                        "channel": "tablet",
                        "created_at": finished + timedelta(minutes=1),
                    }
                )
                if level <= 2:
                    rows["follow_up"].append(
                        {
                            "id": ids.take("follow_up"),
                            "hall_id": hall.id,
                            "rating_id": rating_id,
                            "due_on": day + timedelta(days=7),
                            "state": "open",
                            "updated_at": finished + timedelta(minutes=1),
                        }
                    )
        elif state == TicketState.NO_SHOW:
            gone = called + timedelta(minutes=3)
            history.append(
                _entry(hall, gone, Kind.NO_SHOW, ticket_id, final_service.id, window.id, ticket["clerk_id"], number)
            )
        else:
            gone = issued_at + timedelta(minutes=rng.uniform(5, 60))
            history.append(_entry(hall, gone, Kind.CANCELLED, ticket_id, service.id, None, None, number))
        rows["ticket"].append(ticket)
    history.sort(key=lambda row: row["at"])
    for row in history:
        row["id"] = ids.take("history_entry")
    rows["history_entry"] = history
    rows["queue_day"] = [{"service_id": sid, "day": day, "last_seq": n, "waiting": 0} for sid, n in seq.items()]
    return rows


def _entry(hall, at, kind, ticket_id, service_id, counter_id, staff_id, number) -> dict:
    return {
        "hall_id": hall.id,
        "at": at,
        "kind": kind,
        "ticket_id": ticket_id,
        "counter_id": counter_id,
        "service_id": service_id,
        "staff_id": staff_id,
        "data": {"number": number},
        "channel": "counter",
    }


def case_rows(rng: random.Random, ids: Ids, hall, matters, clerks, day: date, tickets: list[dict], count: int):
    """``count`` cases on ``day`` in visits of its served tickets; older ones mostly decided by DAY."""
    served = [t for t in tickets if t["state"] == TicketState.DONE]
    visits, cases = [], []
    seq = 0
    while seq < count:
        ticket = served[len(visits) % len(served)]
        visit_id = ids.take("visit")
        visits.append(
            {
                "id": visit_id,
                "hall_id": hall.id,
                "ticket_id": ticket["id"],
                "counter_id": ticket["counter_id"],
                "clerk_id": ticket["clerk_id"],
                "created_at": ticket["started_at"],
                "applicant_name": "张三",
                "token": f"v{visit_id}",
            }
        )
        for _ in range(min(rng.choice((1, 1, 2, 3)), count - seq)):
            seq += 1
            matter = rng.choice(matters)
            at = ticket["started_at"] + timedelta(seconds=30 * seq % 600)
            case = {
                "id": ids.take("case_file"),
                "hall_id": hall.id,
                "visit_id": visit_id,
                "number": f"BENCH-{day:%Y%m%d}-{seq:04d}",
                "matter_id": matter.id,
                "department_id": matter.department_id,
                "matter_code": matter.code,
                "matter_name": matter.name,
                "kind": matter.kind,
                "committed_days": matter.committed_days,
                "state": CaseState.ACCEPTED,
                "outcome": None,
                "received_at": at,
                "accepted_at": at,
                "accepted_on": day,
                "due_on": day,
                "decided_at": None,
                "clerk_id": ticket["clerk_id"],
                "updated_at": at,
            }
            if rng.random() < 0.05:  # 不予受理
                case |= {"state": CaseState.REJECTED, "accepted_at": None, "accepted_on": None, "due_on": None}
                case["decided_at"] = at
            elif matter.kind == MatterKind.IMMEDIATE:
                case |= {"state": CaseState.DELIVERED, "outcome": Outcome.APPROVED, "decided_at": at}
            else:
                case["due_on"] = day + timedelta(days=7)
                decided_on = day + timedelta(days=rng.randint(1, 10))
                if decided_on <= DAY:
                    case |= {
                        "state": CaseState.DELIVERED,
                        "outcome": Outcome.APPROVED if rng.random() < 0.9 else Outcome.DECLINED,
                        "decided_at": local(decided_on, rng.uniform(9 * 3600, 17 * 3600)),
                    }
                else:
                    case["state"] = CaseState.IN_REVIEW
            cases.append(case)
    return visits, cases


TABLES = {
    "ticket": Ticket,
    "history_entry": HistoryEntry,
    "rating": Rating,
    "follow_up": FollowUp,
    "visit": Visit,
    "case_file": Case,
    "queue_day": QueueDay,
}


def insert_rows(rows: dict) -> None:
    with write_transaction():
        for table in ("ticket", "history_entry", "rating", "follow_up", "visit", "case_file", "queue_day"):
            batch = rows.get(table) or []
            for start in range(0, len(batch), 5000):
                db.session.execute(insert(TABLES[table]), batch[start : start + 5000])


def fill(sizes: dict, hall, services, windows, clerks, matters) -> tuple[int, int]:
    rng = random.Random(20261124)
    ids = Ids()
    days = sizes["days"]
    per_day = (sizes["tickets"] - sizes["day_tickets"]) // max(1, days - 1)
    total_tickets = total_cases = 0
    for n in range(days - 1, -1, -1):
        day = DAY - timedelta(days=n)
        count = sizes["day_tickets"] if day == DAY else per_day
        rows = day_rows(rng, ids, hall, services, windows, clerks, day, count)
        cases = sizes["day_cases"] if day == DAY else sizes["cases_per_day"]
        rows["visit"], rows["case_file"] = case_rows(rng, ids, hall, matters, clerks, day, rows["ticket"], cases)
        insert_rows(rows)
        total_tickets += count
        total_cases += cases
    if db.engine.dialect.name == "postgresql":
        with write_transaction():
            for table in ("ticket", "history_entry", "rating", "follow_up", "visit", "case_file"):
                db.session.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
                )
            db.session.execute(text("ANALYZE"))
    return total_tickets, total_cases


# ---- timings -----------------------------------------------------------------------------------------------


def timed(function, runs: int) -> tuple[list[float], object]:
    samples, result = [], None
    for _ in range(runs):
        begin = time.perf_counter()
        result = function()
        samples.append((time.perf_counter() - begin) * 1000)
        db.session.rollback()  # end the read transaction, as a request does
    return samples, result


def report(hall_id: int, start: date, end: date):
    return report_figures(hall_id, start, end, now=local(DAY, 20 * 3600))


def call_and_finish(window, clerk, now: datetime) -> float:
    """Call-next + finish at ``window``, each in its write transaction as the counter page does (ms)."""
    begin = time.perf_counter()
    with write_transaction():
        ticket = calling.call_next(counter_id=window.id, staff_id=clerk.id, now=now)
    with write_transaction():
        counter_actions.finish(ticket_id=ticket.id, counter_id=window.id, staff_id=clerk.id, now=now)
    return (time.perf_counter() - begin) * 1000


def waiting_queue(hall, service, day: date, count: int) -> None:
    base = local(day, 8 * 3600)
    rows = [
        {
            "hall_id": hall.id,
            "service_id": service.id,
            "issued_service_id": service.id,
            "service_day": day,
            "seq": i + 1,
            "number": f"{service.prefix}{i + 1:03d}",
            "token": f"q{day:%m%d}{i}",
            "priority": Priority.NORMAL,
            "state": TicketState.WAITING,
            "queue_at": base + timedelta(seconds=i),
            "issued_at": base + timedelta(seconds=i),
        }
        for i in range(count)
    ]
    with write_transaction():
        db.session.execute(insert(Ticket), rows)
        db.session.execute(
            insert(QueueDay), [{"service_id": service.id, "day": day, "last_seq": count, "waiting": count}]
        )


def run(url: str, sizes: dict, label: str) -> None:
    options = {}
    if url.startswith("postgresql"):
        options = {"SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": f"-csearch_path={PG_SCHEMA}"}}}
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url, **options)
    with app.app_context():
        postgresql = db.engine.dialect.name == "postgresql"
        if postgresql:
            with db.engine.begin() as connection:
                connection.exec_driver_sql(f"CREATE SCHEMA {PG_SCHEMA}")
        try:
            measure(app, sizes, label)
        finally:
            db.session.remove()
            if postgresql:
                with db.engine.begin() as connection:
                    connection.exec_driver_sql(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE")
            db.engine.dispose()


def measure(app, sizes: dict, label: str) -> None:
    db.create_all()
    begin = time.perf_counter()
    hall, services, windows, clerks, matters = build_hall()
    tickets, cases = fill(sizes, hall, services, windows, clerks, matters)
    print(
        f"\n### {label}: {tickets:,} tickets and {cases:,} cases over {sizes['days']} days, "
        f"{sizes['day_tickets']:,} tickets and {sizes['day_cases']:,} cases on {DAY} "
        f"(built in {time.perf_counter() - begin:.0f} s)",
        flush=True,
    )
    runs = sizes["runs"]
    first = DAY - timedelta(days=sizes["days"] - 1)
    report(hall.id, DAY, DAY)  # warm up: first statements compile
    db.session.rollback()
    day_ms, day_figures = timed(lambda: report(hall.id, DAY, DAY), runs)
    range_ms, range_figures = timed(lambda: report(hall.id, first, DAY), runs)
    print(line("report_figures, one day", summary(day_ms)))
    print(line(f"report_figures, {sizes['days']} days", summary(range_ms)))
    print(
        f"  (day: {day_figures.tickets.issued} tickets, {sum(d.accepted for d in day_figures.departments)} "
        f"cases accepted; range: {range_figures.tickets.issued} tickets)"
    )
    print(line("CSV zip + Excel workbook, one day", summary(timed(lambda: _tables(day_figures), runs)[0])))
    print(
        line(
            f"CSV zip + Excel workbook, {sizes['days']} days",
            summary(timed(lambda: _tables(range_figures), runs)[0]),
        )
    )
    try:
        from hall.pdf.report import build_report
    except ImportError as error:
        print(f"PDF: skipped ({error})")
    else:
        build_report(day_figures)  # warm up: the CJK font is loaded once
        pdf_day = timed(lambda: build_report(day_figures), runs)[0]
        pdf_range = timed(lambda: build_report(range_figures), runs)[0]
        print(line("PDF, one day", summary(pdf_day)))
        print(line(f"PDF, {sizes['days']} days", summary(pdf_range)))
        whole = [a + b for a, b in zip(day_ms, pdf_day, strict=True)]
        print(line("figures + PDF, one day", summary(whole)))
    db.session.rollback()
    calling_while_reporting(app, hall, services[0], windows[0], clerks[0], first, sizes)


def _tables(figures) -> int:
    return len(tables.csv_zip(figures)) + len(tables.xlsx_bytes(figures))


def calling_while_reporting(app, hall, service, window, clerk, first: date, sizes: dict) -> None:
    """Call-next + finish at window 1 on the next morning: alone, then while range reports run back to back
    in another thread of the same process (as in the app), then in another process (a second app worker).

    Calls go on until at least two whole reports overlapped them. In a thread, the report also competes for
    Python's GIL; in another process, only for the database and the CPU.
    """
    calls = sizes["calls"]
    queue = 40 * calls
    next_day = DAY + timedelta(days=1)
    waiting_queue(hall, service, next_day, queue)
    now = local(next_day, 8 * 3600)
    with write_transaction():
        counters.sign_in(counter_id=window.id, staff_id=clerk.id, now=now)
    moments = iter([now + timedelta(seconds=2 * n) for n in range(1, queue + 1)])
    left = [queue - 10]

    def call_while(more) -> list[float]:
        samples = []
        while more(len(samples)) and left[0] > 0:
            left[0] -= 1
            samples.append(call_and_finish(window, clerk, next(moments)))
        return samples

    call_while(lambda n: n < 5)  # warm up
    alone = call_while(lambda n: n < calls)
    quiet = summary(alone)
    print(line("call next + finish, alone", quiet))
    label = f"  during {sizes['days']}-day reports"

    stop = threading.Event()
    reports: list[float] = []

    def keep_reporting():
        with app.app_context():
            while not stop.is_set():
                begin = time.perf_counter()
                report(hall.id, first, DAY)
                db.session.rollback()
                reports.append((time.perf_counter() - begin) * 1000)
            db.session.remove()

    worker = threading.Thread(target=keep_reporting, name="report")
    worker.start()
    try:
        during = call_while(lambda n: n < calls or len(reports) < 2)
    finally:
        stop.set()
        worker.join()
    _ratio(f"{label}, thread", quiet, during, len(reports), statistics.median(reports))

    context = multiprocessing.get_context("spawn")
    stop_process, done = context.Event(), context.Value("i", 0)
    settings = (app.config["SQLALCHEMY_DATABASE_URI"], dict(app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {})))
    other = context.Process(target=reports_in_a_process, args=(*settings, hall.id, first, stop_process, done))
    other.start()
    try:
        while done.value == 0 and other.is_alive():  # the process has started and made a first report
            time.sleep(0.05)
        begin, first_done = time.perf_counter(), done.value
        during = call_while(lambda n: n < calls or done.value < first_done + 2)
        elapsed, made = time.perf_counter() - begin, done.value - first_done
    finally:
        stop_process.set()
        other.join()
    _ratio(f"{label}, other process", quiet, during, made, elapsed * 1000 / max(made, 1))


def _ratio(label: str, quiet: dict, samples: list[float], reports: int, report_ms: float) -> None:
    busy = summary(samples)
    median, p95 = busy["median_ms"] / quiet["median_ms"], busy["p95_ms"] / quiet["p95_ms"]
    print(line(label, busy))
    print(
        f"    ratio {median:.2f} (median), {p95:.2f} (p95); {reports} reports meanwhile, about {report_ms:.0f} ms each"
    )


def reports_in_a_process(url: str, engine_options: dict, hall_id: int, first: date, stop, done) -> None:
    """Range reports back to back in a process of its own until ``stop`` is set; ``done`` counts them."""
    options = {"SQLALCHEMY_ENGINE_OPTIONS": engine_options} if engine_options else {}
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url, **options)
    with app.app_context():
        while not stop.is_set():
            report(hall_id, first, DAY)
            db.session.rollback()
            with done.get_lock():
                done.value += 1
        db.session.remove()
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for CI")
    arguments = parser.parse_args()
    sizes = SIZES["quick" if arguments.quick else "full"]
    with tempfile.TemporaryDirectory() as directory:
        run(f"sqlite:///{Path(directory) / 'reports.db'}", sizes, "SQLite")
    if os.environ.get("TEST_DATABASE_URL"):
        run(os.environ["TEST_DATABASE_URL"], sizes, f"PostgreSQL (schema {PG_SCHEMA})")


if __name__ == "__main__":
    main()
