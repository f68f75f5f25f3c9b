"""The manager's live view of the hall: windows, queues, today's totals and what needs attention now.

Read-only and cheap (a handful of indexed queries), because open dashboards re-read it after every change.
Shows numbers and windows; a bad rating appears with its ticket number and window, never a resident's name.
"""

from datetime import UTC, datetime

from sqlalchemy import func, select

from hall.extensions import db
from hall.models import (
    ACTIVE_STATES,
    BAD_LEVELS,
    CLOCK_STATES,
    Case,
    Counter,
    CounterState,
    FollowUp,
    FollowUpState,
    Hall,
    Rating,
    Service,
    Ticket,
    TicketState,
)
from hall.services import workdays
from hall.services.cases.deadlines import DUE_SOON_WORKING_DAYS
from hall.services.ratings import LEVEL_NAMES
from hall.timeutil import local, service_day


def _minutes(seconds: float) -> int:
    return max(0, int(seconds // 60))


def windows(hall: Hall, now: datetime) -> list[dict]:
    counters = db.session.scalars(
        select(Counter).where(Counter.hall_id == hall.id, Counter.active).order_by(Counter.number)
    ).all()
    active = {
        t.counter_id: t
        for t in db.session.scalars(
            select(Ticket).where(
                Ticket.hall_id == hall.id, Ticket.state.in_(ACTIVE_STATES), Ticket.counter_id.is_not(None)
            )
        )
    }
    rows = []
    for counter in counters:
        ticket = active.get(counter.id)
        since = (ticket.started_at or ticket.last_called_at) if ticket else None
        rows.append(
            {
                "number": counter.number,
                "name": counter.name,
                "state": counter.state.value,
                "clerk": counter.staff.name if counter.staff and counter.state != CounterState.CLOSED else "",
                "ticket": ticket.number if ticket else None,
                "ticket_state": ticket.state.value if ticket else None,
                "since": f"{local(since, hall.timezone):%H:%M}" if since else None,
                "minutes": _minutes((now - since).total_seconds()) if since else None,
            }
        )
    return rows


def queues(hall: Hall, now: datetime) -> list[dict]:
    today = service_day(now, hall.timezone)
    heads = {
        service_id: (count, first)
        for service_id, count, first in db.session.execute(
            select(Ticket.service_id, func.count(), func.min(Ticket.queue_at))
            .where(Ticket.hall_id == hall.id, Ticket.service_day == today, Ticket.state == TicketState.WAITING)
            .group_by(Ticket.service_id)
        )
    }
    services = db.session.scalars(
        select(Service).where(Service.hall_id == hall.id, Service.active).order_by(Service.position, Service.id)
    )
    rows = []
    for service in services:
        waiting, first = heads.get(service.id, (0, None))
        longest = _minutes((now - _aware(first)).total_seconds()) if first else 0
        rows.append(
            {
                "prefix": service.prefix,
                "name": service.name,
                "waiting": waiting,
                "longest_wait": longest,
                "over_target": longest > hall.max_wait_minutes,
            }
        )
    return rows


def _aware(instant: datetime) -> datetime:
    # An aggregate's result may skip the column type's conversion on some drivers: treat naive as UTC.
    return instant if instant.tzinfo else instant.replace(tzinfo=UTC)


def totals(hall: Hall, now: datetime) -> dict:
    today = service_day(now, hall.timezone)
    by_state = dict(
        db.session.execute(
            select(Ticket.state, func.count())
            .where(Ticket.hall_id == hall.id, Ticket.service_day == today)
            .group_by(Ticket.state)
        ).all()
    )
    accepted = db.session.scalar(
        select(func.count()).select_from(Case).where(Case.hall_id == hall.id, Case.accepted_on == today)
    )
    levels = dict(
        db.session.execute(
            select(Rating.level, func.count())
            .where(Rating.hall_id == hall.id, Rating.service_day == today)
            .group_by(Rating.level)
        ).all()
    )
    rated = sum(levels.values())
    return {
        "issued": sum(by_state.values()),
        "waiting": by_state.get(TicketState.WAITING, 0),
        "served": by_state.get(TicketState.DONE, 0),
        "no_show": by_state.get(TicketState.NO_SHOW, 0),
        "cases_accepted": accepted,
        "ratings": rated,
        "satisfaction": round(100 * (levels.get(5, 0) + levels.get(4, 0)) / rated, 1) if rated else None,
        "bad_ratings": sum(levels.get(level, 0) for level in BAD_LEVELS),
        "day": today.isoformat(),
    }


def alerts(hall: Hall, now: datetime, queue_rows: list[dict]) -> list[dict]:
    """What a manager should act on now: long waits, cases about to be (or already) overdue, bad ratings."""
    today = service_day(now, hall.timezone)
    found = [
        {"kind": "wait", "service": q["name"], "prefix": q["prefix"], "minutes": q["longest_wait"]}
        for q in queue_rows
        if q["over_target"]
    ]
    horizon = workdays.add_working_days(hall.id, today, DUE_SOON_WORKING_DAYS)
    for case in db.session.scalars(
        select(Case)
        .where(
            Case.hall_id == hall.id,
            Case.state.in_(CLOCK_STATES),
            Case.due_on.is_not(None),
            Case.due_on <= horizon,
        )
        .order_by(Case.due_on)
        .limit(20)
    ):
        found.append(
            {
                "kind": "overdue" if case.due_on < today else "due_soon",
                "case": case.number,
                "case_id": case.id,
                "matter": case.matter_name,
                "department": case.department.name,
                "due_on": case.due_on.isoformat(),
            }
        )
    for follow_up in db.session.scalars(
        select(FollowUp)
        .where(FollowUp.hall_id == hall.id, FollowUp.state != FollowUpState.CLOSED)
        .order_by(FollowUp.due_on)
        .limit(20)
    ):
        rating = follow_up.rating
        found.append(
            {
                "kind": "bad_rating",
                "ticket": rating.ticket.number,
                "counter": rating.counter.number if rating.counter else None,
                "level": rating.level,
                "level_name": str(LEVEL_NAMES[rating.level]),
                "due_on": follow_up.due_on.isoformat(),
                "late": follow_up.due_on < today,
                "follow_up_id": follow_up.id,
            }
        )
    return found


def dashboard(hall: Hall, now: datetime) -> dict:
    queue_rows = queues(hall, now)
    return {
        "hall": {"code": hall.code, "name": hall.name, "target": hall.max_wait_minutes},
        "time": f"{local(now, hall.timezone):%H:%M:%S}",
        "windows": windows(hall, now),
        "queues": queue_rows,
        "totals": totals(hall, now),
        "alerts": alerts(hall, now, queue_rows),
    }
