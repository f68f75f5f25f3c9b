"""What the hall screen and the kiosk show: counters, latest calls, queue lengths, services on offer."""

from datetime import datetime

from sqlalchemy import select

from hall.extensions import db
from hall.models import ACTIVE_STATES, ANNOUNCED, Counter, Department, Hall, HistoryEntry, Kind, Service, Ticket
from hall.services.hours import OpeningHours
from hall.services.presenters import clock_time, counter_brief, iso, service_brief
from hall.services.queue_view import queue_figures, wait_estimate, waiting_counts
from hall.timeutil import day_bounds, local, service_day

RECENT_CALLS = 8


def hall_brief(hall: Hall) -> dict:
    return {"code": hall.code, "name": hall.name, "notice": hall.notice, "timezone": hall.timezone}


def counter_states(hall_id: int, counter_ids: set[int] | None = None) -> list[dict]:
    """Each active counter with the number it has called or serves now."""
    query = select(Counter).where(Counter.hall_id == hall_id, Counter.active).order_by(Counter.number)
    if counter_ids is not None:
        query = query.where(Counter.id.in_(counter_ids))
    counters = db.session.scalars(query).all()
    current = {
        ticket.counter_id: ticket
        for ticket in db.session.scalars(
            select(Ticket).where(Ticket.counter_id.in_([c.id for c in counters]), Ticket.state.in_(ACTIVE_STATES))
        )
    }
    return [
        {
            **counter_brief(counter),
            "state": counter.state.value,
            "ticket": current[counter.id].number if counter.id in current else None,
            "ticket_state": current[counter.id].state.value if counter.id in current else None,
        }
        for counter in counters
    ]


def queue_lengths(hall_id: int, day, service_ids: set[int] | None = None) -> list[dict]:
    query = select(Service).where(Service.hall_id == hall_id, Service.active).order_by(Service.position, Service.id)
    if service_ids is not None:
        query = query.where(Service.id.in_(service_ids))
    counts = waiting_counts(hall_id, day)
    return [{**service_brief(s), "waiting": counts.get(s.id, 0)} for s in db.session.scalars(query)]


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
        "counters": counter_states(hall.id),
        "queues": queue_lengths(hall.id, day),
        "recent_calls": recent_calls(hall, now),
    }


def kiosk_menu(hall: Hall, now: datetime) -> dict:
    """Departments and their services as the kiosk offers them, with queue length and availability now."""
    local_now = local(now, hall.timezone)
    day = local_now.date()
    figures = queue_figures(hall.id, day)
    services = db.session.scalars(
        select(Service).where(Service.hall_id == hall.id, Service.active).order_by(Service.position, Service.id)
    ).all()

    def offer(service: Service) -> dict:
        hours = OpeningHours.parse(service.ticketing_hours or hall.ticketing_hours)
        issued, waiting = figures.get(service.id, (0, 0))
        estimate = wait_estimate(service, waiting, day)
        cap_left = None if service.daily_cap is None else max(service.daily_cap - issued, 0)
        return {
            **service_brief(service),
            "description": service.description,
            "waiting": waiting,
            "open": hours.is_open(local_now.time()),
            "hours": hours.describe(),
            "cap_left": cap_left,
            "green_channel": service.green_channel,
            "estimate": estimate.as_dict() if estimate else None,
        }

    groups, placed = [], set()
    for department in db.session.scalars(
        select(Department).where(Department.hall_id == hall.id).order_by(Department.position, Department.id)
    ):
        offered = [offer(s) for s in services if department in s.departments]
        placed.update(s["id"] for s in offered)
        if offered:
            groups.append(
                {"id": department.id, "name": department.name, "name_en": department.name_en, "services": offered}
            )
    unplaced = [offer(s) for s in services if s.id not in placed]
    if unplaced:
        groups.append({"id": None, "name": "其他业务", "name_en": "Other services", "services": unplaced})
    return {"hall": hall_brief(hall), "departments": groups, "server_time": iso(now)}
