"""What a clerk's workstation shows: their window, its current ticket, and its queue in calling order."""

from datetime import datetime

from sqlalchemy import select

from hall.extensions import db
from hall.models import Counter, Priority, Service, Ticket, TicketState
from hall.services.calling import ordering, queue_fronts
from hall.services.counter_access import active_ticket
from hall.services.hall_view import counter_states
from hall.services.presenters import clock_time, iso, service_brief
from hall.timeutil import service_day

QUEUE_ROWS = 30


def _minutes_since(instant: datetime | None, now: datetime) -> int | None:
    return None if instant is None else max(0, int((now - instant).total_seconds() // 60))


def ticket_for_staff(ticket: Ticket, now: datetime, tz_name: str) -> dict:
    """A ticket as staff see it: public fields plus priority class and timings, and, where the kiosk asked,
    the masked hint of the ID card or mobile number it was taken with (never the number)."""
    return {
        "id": ticket.id,
        "number": ticket.number,
        "state": ticket.state.value,
        "service": service_brief(ticket.service),
        "green": ticket.priority == Priority.GREEN,
        "issued_time": clock_time(ticket.issued_at, tz_name),
        "queue_at": iso(ticket.queue_at),
        "waited_minutes": _minutes_since(ticket.queue_at, now),
        "called_at": iso(ticket.last_called_at),
        "recall_count": ticket.recall_count,
        "transferred": ticket.transfer_count > 0,
        "identity": {"kind": ticket.identity_kind, "hint": ticket.identity_hint} if ticket.identity_hint else None,
    }


def queue_in_calling_order(counter: Counter, now: datetime, limit: int = QUEUE_ROWS) -> list[Ticket]:
    """The first ``limit`` waiting tickets this counter would call, in the order it would call them."""
    fronts = sorted(queue_fronts(counter, now, per_queue=limit), key=ordering(counter, now))[:limit]
    if not fronts:
        return []
    tickets = {t.id: t for t in db.session.scalars(select(Ticket).where(Ticket.id.in_([f.ticket_id for f in fronts])))}
    return [tickets[f.ticket_id] for f in fronts]


def counter_panel(counter: Counter, now: datetime) -> dict:
    hall = counter.hall
    tz = hall.timezone
    day = service_day(now, tz)
    current = active_ticket(counter.id)
    served = {link.service_id for link in counter.links}
    held = db.session.scalars(
        select(Ticket)
        .where(Ticket.counter_id == counter.id, Ticket.state == TicketState.HELD, Ticket.service_day == day)
        .order_by(Ticket.queue_at)
    ).all()
    missed = (
        db.session.scalars(
            select(Ticket)
            .where(Ticket.service_id.in_(served), Ticket.state == TicketState.NO_SHOW, Ticket.service_day == day)
            .order_by(Ticket.last_called_at.desc())
            .limit(20)
        ).all()
        if served
        else []
    )
    services = db.session.scalars(
        select(Service).where(Service.hall_id == hall.id, Service.active).order_by(Service.position, Service.id)
    ).all()
    (state,) = counter_states([counter], day)
    return {
        "counter": {
            **state,
            "staff": counter.staff.name if counter.staff else None,
            "staff_id": counter.staff_id,
            "strict_service_order": counter.strict_service_order,
            "services": [service_brief(link.service) for link in counter.links],
        },
        "hall": {
            "code": hall.code,
            "name": hall.name,
            "recall_cap": hall.recall_cap,
            "max_wait_minutes": hall.max_wait_minutes,
        },
        "current": ticket_for_staff(current, now, tz) if current else None,
        "queue": [ticket_for_staff(t, now, tz) for t in queue_in_calling_order(counter, now)],
        "held": [ticket_for_staff(t, now, tz) for t in held],
        "no_shows": [ticket_for_staff(t, now, tz) for t in missed],
        "transfer_to": [service_brief(s) for s in services],
        "server_time": iso(now),
    }
