"""What the hall screen and the kiosk show: counters, latest calls, queue lengths, services on offer."""

from datetime import datetime

from sqlalchemy import bindparam, select

from hall.extensions import db
from hall.models import (
    ACTIVE_STATES,
    ANNOUNCED,
    Counter,
    Department,
    Hall,
    HistoryEntry,
    Kind,
    QueueDay,
    Service,
    Ticket,
)
from hall.services import workdays
from hall.services.hours import OpeningHours
from hall.services.presenters import clock_time, counter_brief, iso, service_brief
from hall.services.queue_view import queue_figures, wait_estimate
from hall.timeutil import day_bounds, local, service_day

RECENT_CALLS = 8


def hall_brief(hall: Hall) -> dict:
    return {"code": hall.code, "name": hall.name, "notice": hall.notice, "timezone": hall.timezone}


# Built once with bound parameters: screens are refreshed after every change, so these run constantly.
_ACTIVE_AT = select(Ticket.counter_id, Ticket.number, Ticket.state).where(
    Ticket.counter_id.in_(bindparam("counter_ids", expanding=True)), Ticket.state.in_(ACTIVE_STATES)
)
_WAITING_IN = select(QueueDay.service_id, QueueDay.waiting).where(
    QueueDay.day == bindparam("day"), QueueDay.service_id.in_(bindparam("service_ids", expanding=True))
)


def counter_states(counters: list[Counter], day) -> list[dict]:
    """Each counter with the number of ``day`` it has called or serves now."""
    current = {}
    if counters:
        rows = db.session.execute(_ACTIVE_AT, {"counter_ids": [c.id for c in counters], "day": day})
        current = {counter_id: (number, state) for counter_id, number, state in rows}
    return [
        {
            **counter_brief(counter),
            "state": counter.state.value,
            "ticket": current[counter.id][0] if counter.id in current else None,
            "ticket_state": current[counter.id][1].value if counter.id in current else None,
        }
        for counter in counters
    ]


def hall_counters(hall_id: int) -> list[Counter]:
    return list(
        db.session.scalars(select(Counter).where(Counter.hall_id == hall_id, Counter.active).order_by(Counter.number))
    )


def queue_lengths(services: list[Service], day) -> list[dict]:
    """Each service with how many wait in it on ``day`` (from the queue rows, not by counting)."""
    counts = (
        dict(db.session.execute(_WAITING_IN, {"day": day, "service_ids": [s.id for s in services]}).all())
        if services
        else {}
    )
    return [{**service_brief(s), "waiting": counts.get(s.id, 0)} for s in services]


def hall_services(hall_id: int) -> list[Service]:
    return list(
        db.session.scalars(
            select(Service).where(Service.hall_id == hall_id, Service.active).order_by(Service.position, Service.id)
        )
    )


def recent_calls(hall: Hall, now: datetime, limit: int = RECENT_CALLS) -> list[dict]:
    start, _ = day_bounds(service_day(now, hall.timezone), hall.timezone)
    entries = db.session.scalars(
        select(HistoryEntry)
        .where(HistoryEntry.hall_id == hall.id, HistoryEntry.kind.in_(ANNOUNCED), HistoryEntry.at >= start)
        .order_by(HistoryEntry.id.desc())
        .limit(limit)
    ).all()
    names = {c.id: c.name for c in db.session.scalars(select(Counter).where(Counter.hall_id == hall.id))}
    return [call_announcement(entry, names.get(entry.counter_id, ""), hall.timezone) for entry in entries]


def call_announcement(entry: HistoryEntry, counter_name: str, tz_name: str) -> dict:
    return {
        "number": entry.data.get("number"),
        "counter_number": entry.data.get("counter_number"),
        "counter_name": counter_name,
        "recall": entry.kind == Kind.RECALLED,
        "at": iso(entry.at),
        "time": clock_time(entry.at, tz_name),
    }


def display_snapshot(hall: Hall, now: datetime) -> dict:
    """Everything a hall screen shows, with the sequence number it is current up to.

    The sequence number is read first: an event committed while the rest is read carries a higher number
    and is applied again by the screen, which is harmless because events set state rather than add to it.
    """
    seq = db.session.scalar(select(Hall.realtime_seq).where(Hall.id == hall.id))
    day = service_day(now, hall.timezone)
    return {
        "seq": seq,
        "hall": hall_brief(hall),
        "server_time": iso(now),
        "service_day": day.isoformat(),
        "counters": counter_states(hall_counters(hall.id), day),
        "queues": queue_lengths(hall_services(hall.id), day),
        "recent_calls": recent_calls(hall, now),
    }


def kiosk_menu(hall: Hall, now: datetime) -> dict:
    """Departments and their services as the kiosk offers them, with queue length and availability now."""
    local_now = local(now, hall.timezone)
    day = local_now.date()
    closed_today = None if hall.open_on_non_working_days else workdays.closed_reason(hall.id, day)
    figures = queue_figures(hall.id, day)
    services = hall_services(hall.id)

    def offer(service: Service) -> dict:
        hours = OpeningHours.parse(service.ticketing_hours or hall.ticketing_hours)
        issued, waiting = figures.get(service.id, (0, 0))
        estimate = wait_estimate(service, waiting, day)
        cap_left = None if service.daily_cap is None else max(service.daily_cap - issued, 0)
        return {
            **service_brief(service),
            "description": service.description,
            "description_en": service.description_en,
            "waiting": waiting,
            "open": closed_today is None and hours.is_open(local_now.time()),
            "hours": hours.describe(),
            "cap_left": cap_left,
            "green_channel": service.green_channel,
            "estimate": estimate.as_dict() if estimate else None,
        }

    # A service of one department is listed under it; one covering several (or none: e.g. collecting
    # results) is a general service, listed once, first, so residents never see the same button twice.
    general = [offer(s) for s in services if len(s.departments) != 1]
    groups = [{"id": None, "name": "综合服务", "name_en": "General services", "services": general}] if general else []
    for department in db.session.scalars(
        select(Department).where(Department.hall_id == hall.id).order_by(Department.position, Department.id)
    ):
        offered = [offer(s) for s in services if s.departments == [department]]
        if offered:
            groups.append(
                {"id": department.id, "name": department.name, "name_en": department.name_en, "services": offered}
            )
    return {
        # Whether the kiosk asks for an ID card or mobile number (it may change while a kiosk runs).
        "hall": {**hall_brief(hall), "kiosk_identity": hall.kiosk_identity},
        "departments": groups,
        "server_time": iso(now),
        "closed_today": str(closed_today) if closed_today is not None else None,
    }
