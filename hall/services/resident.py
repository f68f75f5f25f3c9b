"""The resident's own ticket page (from the slip's QR code): state, people ahead, and where to go."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hall.errors import NotFound
from hall.extensions import db
from hall.models import Ticket, TicketState
from hall.services.presenters import clock_time, counter_brief, iso, service_brief
from hall.services.queue_view import people_ahead, wait_estimate
from hall.timeutil import local, service_day


def ticket_by_token(token: str, hall_id: int | None = None) -> Ticket:
    ticket = db.session.scalar(select(Ticket).where(Ticket.token == token)) if token else None
    if ticket is None or (hall_id is not None and ticket.hall_id != hall_id):
        raise NotFound(_l("This ticket does not exist. Please check the QR code on your slip."))
    return ticket


def ticket_status(ticket: Ticket, now: datetime, *, ahead: int | None = None) -> dict:
    """Everything the resident's page shows. Numbers and windows only: no personal data.

    ``ahead`` may be passed when just counted (at issue), to save counting again.
    """
    hall = ticket.service.hall
    today = service_day(now, hall.timezone)
    if ahead is None:
        ahead = people_ahead(ticket) if ticket.state == TicketState.WAITING else 0
    estimate = (
        wait_estimate(ticket.service, ahead, ticket.service_day)
        if ticket.state == TicketState.WAITING and ticket.service_day == today
        else None
    )
    at_counter = ticket.state in (TicketState.CALLED, TicketState.SERVING, TicketState.HELD) and ticket.counter
    return {
        "number": ticket.number,
        "state": ticket.state.value,
        "service": service_brief(ticket.service),
        "hall": {"code": hall.code, "name": hall.name},
        "people_ahead": ahead,
        "estimate": estimate.as_dict() if estimate else None,
        "counter": counter_brief(ticket.counter) if at_counter else None,
        "recall": ticket.recall_count,
        "issued_time": clock_time(ticket.issued_at, hall.timezone),
        "service_day": ticket.service_day.isoformat(),
        "expired": ticket.service_day != today,
        "updated_at": iso(now),
        "updated_time": f"{local(now, hall.timezone):%H:%M:%S}",
    }
