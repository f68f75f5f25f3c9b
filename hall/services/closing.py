"""Closing time: void what is left of a day's queue (收尾清号) so that reports count it honestly."""

from datetime import date, datetime

from sqlalchemy import select

from hall.extensions import db
from hall.models import Kind, Ticket, TicketState
from hall.services import lifecycle

LEFT_OVER = (TicketState.WAITING, TicketState.HELD, TicketState.NO_SHOW)


def close_day(*, hall_id: int, day: date, now: datetime, staff_id: int | None = None) -> int:
    """Cancel every waiting, held or missed ticket of ``day``; return how many were cancelled."""
    tickets = db.session.scalars(
        select(Ticket)
        .where(Ticket.hall_id == hall_id, Ticket.service_day == day, Ticket.state.in_(LEFT_OVER))
        .order_by(Ticket.id)
        .with_for_update()
    ).all()
    for ticket in tickets:
        lifecycle.transition(ticket, Kind.CANCELLED, now=now, staff_id=staff_id, channel="closing", reason="closing")
    return len(tickets)
