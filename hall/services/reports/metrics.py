"""The managers' figures of a hall for its local days ``start``..``end``, computed from the database.

One definition per metric (DOMAIN.md, "What managers measure"), each written once, in the module named:

* a ticket belongs to the local day it was issued on (``Ticket.service_day``), whatever happened to it later;
* wait = first call − issue, over tickets that were called (``ticket_tallies.wait_ms``); service level = share
  of those whose wait was within the hall's target (``Hall.max_wait_minutes`` as it is now);
* service = finish − start over served (done) tickets (``ticket_tallies.service_ms``); a ticket finished
  without "start" counts from its last call (that is what ``counter_actions`` records as its start); a ticket
  the system finished at closing is served but has no service time (``Ticket.finished_by_system``);
* walk = start − last call over served tickets a clerk started after their last call (``ticket_tallies.walk_ms``):
  a ticket finished without "start" has its call as its start and no walk, and one started before a transfer
  keeps that first start, so its walk at the last window is unknown;
* stay = finish − issue over served tickets (``ticket_tallies.stay_ms``), except those the system finished;
* per service: by the service the ticket was *issued* in (its number's prefix), also after a transfer;
* per counter and per clerk: the served tickets finished at that counter, and the clerk who called them;
  busy = the sum of their service times; open = time signed in and not paused (``open_time.open_seconds``);
* arrivals: tickets issued per local hour of day, in the hall's time zone (``ticket_tallies.arrivals_by_hour``);
* cases per department (``case_counts.case_figures``), ratings by the day of the visit
  (``satisfaction.rating_figures``).

Everything is aggregated by the database: one pass over the period's tickets grouped by day, service,
counter and clerk, one counting arrivals per quarter-hour; Python only adds up the groups (about a hundred a
day). Durations and instants are computed in SQL by one expression per dialect (SQLite and PostgreSQL:
``sql``). ``report_figures`` below puts the figures of a report together.
A report only reads, in the caller's session, and never inside ``write_transaction``: on SQLite (WAL) and
PostgreSQL a reader holds no lock that a counter's write waits for.
"""

from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import select

from hall.db import WRITE_OPTION
from hall.extensions import db
from hall.models import Counter, Department, Hall, Service, Staff
from hall.services.reports.case_counts import CaseCounts, case_figures
from hall.services.reports.figures import (
    ClerkFigures,
    CounterFigures,
    DayTrend,
    DepartmentCases,
    ReportFigures,
    ServiceFigures,
)
from hall.services.reports.open_time import open_seconds
from hall.services.reports.satisfaction import rating_figures
from hall.services.reports.ticket_tallies import Tally, arrivals_by_hour, ticket_groups
from hall.timeutil import day_bounds, service_day


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def _check_read_only() -> None:
    if db.session.connection().get_execution_options().get(WRITE_OPTION):
        raise RuntimeError("reports only read: call report_figures outside write_transaction()")


def report_figures(hall_id: int, start: date, end: date, *, now: datetime) -> ReportFigures:
    """Every figure of the report on the hall's local days ``start``..``end`` (inclusive), as of ``now``."""
    if end < start:
        raise ValueError("the report's end is before its start")
    _check_read_only()
    hall = db.session.get(Hall, hall_id)
    if hall is None:
        raise LookupError(f"no hall {hall_id}")
    tz_name = hall.timezone
    today = service_day(now, tz_name)
    since, _ = day_bounds(start, tz_name)
    _, until = day_bounds(end, tz_name)

    services = db.session.scalars(
        select(Service).where(Service.hall_id == hall_id).order_by(Service.position, Service.prefix, Service.id)
    ).all()
    service_ids = [s.id for s in services]
    groups = ticket_groups(service_ids, start, end, hall.max_wait_minutes)

    total = Tally()
    per_service: dict[int, Tally] = defaultdict(Tally)
    per_day: dict[date, Tally] = defaultdict(Tally)
    per_counter: dict[int, Tally] = defaultdict(Tally)
    per_clerk: dict[int, Tally] = defaultdict(Tally)
    for (day, service_id, counter_id, clerk_id), tally in groups.items():
        total.add(tally)
        per_service[service_id].add(tally)
        per_day[day].add(tally)
        if counter_id is not None:
            per_counter[counter_id].add(tally)
        if clerk_id is not None:
            per_clerk[clerk_id].add(tally)

    by_service = tuple(
        ServiceFigures(service_id=s.id, prefix=s.prefix, name=s.name, tickets=per_service[s.id].totals())
        for s in services
        if s.active or s.id in per_service
    )

    counters = db.session.scalars(select(Counter).where(Counter.hall_id == hall_id).order_by(Counter.number)).all()
    # Open time counts up to the period's end, or up to now while the period is still running.
    opened = open_seconds(hall_id, [c.id for c in counters], since, min(until, max(now, since)))
    counter_figures = tuple(
        CounterFigures(
            counter_id=c.id,
            number=c.number,
            name=c.name,
            served=per_counter[c.id].served,
            avg_service_s=per_counter[c.id].avg_service_s,
            busy_s=per_counter[c.id].busy_s,
            open_s=opened[c.id],
        )
        for c in counters
        if c.active or c.id in per_counter or opened[c.id]
    )

    clerk_names = dict(
        db.session.execute(select(Staff.id, Staff.name).where(Staff.id.in_(list(per_clerk)))).all() if per_clerk else []
    )
    clerk_figures = tuple(
        sorted(
            (
                ClerkFigures(
                    staff_id=staff_id,
                    name=clerk_names.get(staff_id, ""),
                    served=tally.served,
                    avg_service_s=tally.avg_service_s,
                    busy_s=tally.busy_s,
                )
                for staff_id, tally in per_clerk.items()
            ),
            key=lambda c: (-c.served, c.name, c.staff_id),
        )
    )

    case_counts, accepted_per_day = case_figures(hall_id, start, end, tz_name, today)
    departments = db.session.scalars(
        select(Department).where(Department.hall_id == hall_id).order_by(Department.position, Department.id)
    ).all()
    department_figures = tuple(
        DepartmentCases(department_id=d.id, name=d.name, **vars(case_counts.get(d.id, CaseCounts())))
        for d in departments
    )

    ratings, ratings_per_day = rating_figures(hall_id, start, end)

    def trend(day: date) -> DayTrend:
        tally = per_day[day]  # an empty tally on a quiet day: zero tickets, no waits
        rated = ratings_per_day.get(day)
        return DayTrend(
            day=day,
            issued=tally.issued,
            served=tally.served,
            avg_wait_s=tally.avg_wait_s,
            service_level=tally.service_level,
            satisfaction_rate=rated.satisfaction_rate if rated else None,
            cases_accepted=accepted_per_day.get(day, 0),
        )

    return ReportFigures(
        hall_name=hall.name,
        start=start,
        end=end,
        target_wait_minutes=hall.max_wait_minutes,
        tickets=total.totals(),
        by_service=by_service,
        arrivals_by_hour=arrivals_by_hour(service_ids, start, end, tz_name),
        counters=counter_figures,
        clerks=clerk_figures,
        departments=department_figures,
        ratings=ratings,
        daily=tuple(trend(day) for day in _days(start, end)),
    )
