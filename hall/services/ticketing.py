"""Issuing tickets at the kiosk: hours, daily cap, numbering, in one transaction."""

import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l

from hall.errors import DailyCapReached, NotFound, TicketingClosed, ValidationFailed
from hall.extensions import db
from hall.labels import service_name
from hall.models import HistoryEntry, Kind, Priority, Service, Ticket, TicketState
from hall.services.hours import OpeningHours
from hall.services.queue_days import bump_queue_day
from hall.services.queue_view import people_ahead
from hall.timeutil import local


def format_number(prefix: str, seq: int) -> str:
    """A012: the service's prefix and three digits (four once a day passes 999)."""
    return f"{prefix}{seq:03d}"


def issue_ticket(
    *,
    hall_id: int,
    service_id: int,
    now: datetime,
    priority: Priority = Priority.NORMAL,
    channel: str = "kiosk",
    staff_id: int | None = None,
) -> Ticket:
    """Give a resident the next number of ``service_id`` for the hall's current local day."""
    service = db.session.get(Service, service_id)
    if service is None or service.hall_id != hall_id or not service.active:
        raise NotFound(_l("This service is not offered here."))
    hall = service.hall
    if priority == Priority.GREEN and not service.green_channel:
        raise ValidationFailed(_l("%(service)s has no green channel.", service=service_name(service)))

    local_now = local(now, hall.timezone)
    hours = OpeningHours.parse(service.ticketing_hours or hall.ticketing_hours)
    if not hours.is_open(local_now.time()):
        raise TicketingClosed(
            _l(
                "Tickets for %(service)s are given out %(hours)s.",
                service=service_name(service),
                hours=hours.describe(),
            ),
            hours=hours.describe(),
        )

    day = local_now.date()
    seq, _ = bump_queue_day(service.id, day, seq=1, waiting=1)
    if service.daily_cap is not None and seq > service.daily_cap:
        # The adapter rolls the transaction back, so the number is not used up.
        raise DailyCapReached(
            _l("Today's tickets are all taken. If a window is free, please go to it directly."),
            cap=service.daily_cap,
        )

    ticket = Ticket(
        hall_id=hall.id,
        service_id=service.id,
        issued_service_id=service.id,
        service_day=day,
        seq=seq,
        number=format_number(service.prefix, seq),
        token=secrets.token_urlsafe(16),
        priority=priority,
        state=TicketState.WAITING,
        queue_at=now,
        issued_at=now,
    )
    db.session.add(ticket)
    db.session.flush()
    ticket.people_ahead_at_issue = people_ahead(ticket)
    db.session.add(
        HistoryEntry(
            hall_id=hall.id,
            at=now,
            kind=Kind.ISSUED,
            ticket_id=ticket.id,
            service_id=service.id,
            staff_id=staff_id,
            data={"number": ticket.number, "priority": priority.value},
            channel=channel,
        )
    )
    return ticket
