"""What a clerk does with a ticket at the counter: recall, start, finish, no-show, hold, transfer ...

Each function takes plain arguments, checks the clerk is signed in at the counter and the ticket is there,
and moves the ticket through ``lifecycle.transition``. The adapter commits; screens update after commit.
"""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select

from hall.errors import InvalidState, NotFound, PermissionDenied, QueueEmpty, ValidationFailed
from hall.extensions import db
from hall.labels import service_name
from hall.models import ACTIVE_STATES, CounterState, Kind, Service, Ticket, TicketState
from hall.services import calling, lifecycle
from hall.services.counter_access import (
    counter_for_clerk,
    counter_ready_to_call,
    lock_ticket,
    staff_in_hall,
    ticket_at_counter,
)
from hall.timeutil import service_day


def recall(*, ticket_id: int, counter_id: int, staff_id: int, now: datetime) -> Ticket:
    """Announce the called number again (重呼), up to the hall's recall cap."""
    counter = counter_for_clerk(counter_id, staff_id)
    ticket = ticket_at_counter(ticket_id, counter)
    lifecycle.check_allowed(ticket, Kind.RECALLED)
    cap = counter.hall.recall_cap
    if ticket.recall_count >= cap:
        raise InvalidState(
            _l(
                "%(number)s has been recalled %(count)s times, the hall's limit; mark it as no-show instead.",
                number=ticket.number,
                count=ticket.recall_count,
            ),
            cap=cap,
        )
    ticket.recall_count += 1
    ticket.last_called_at = now
    lifecycle.transition(
        ticket,
        Kind.RECALLED,
        now=now,
        staff_id=staff_id,
        counter_id=counter.id,
        counter_number=counter.number,
        recall=ticket.recall_count,
    )
    return ticket


def start(*, ticket_id: int, counter_id: int, staff_id: int, now: datetime) -> Ticket:
    """The resident has arrived at the window: service begins."""
    counter = counter_for_clerk(counter_id, staff_id)
    ticket = ticket_at_counter(ticket_id, counter)
    lifecycle.transition(ticket, Kind.STARTED, now=now, staff_id=staff_id, counter_id=counter.id)
    ticket.started_at = ticket.started_at or now
    return ticket


def finish(*, ticket_id: int, counter_id: int, staff_id: int, now: datetime) -> Ticket:
    counter = counter_for_clerk(counter_id, staff_id)
    return _finish(ticket_at_counter(ticket_id, counter), counter.id, staff_id, now)


def _finish(ticket: Ticket, counter_id: int, staff_id: int, now: datetime) -> Ticket:
    implicit_start = ticket.state == TicketState.CALLED
    lifecycle.transition(
        ticket, Kind.FINISHED, now=now, staff_id=staff_id, counter_id=counter_id, implicit_start=implicit_start
    )
    # Finishing a ticket that was never started counts service from its last call.
    ticket.started_at = ticket.started_at or ticket.last_called_at or now
    ticket.finished_at = now
    return ticket


def finish_and_call_next(*, counter_id: int, staff_id: int, now: datetime) -> tuple[Ticket | None, Ticket | None]:
    """One click at the counter: finish the current ticket (if any) and call the next.

    When nobody is waiting the finish still stands and the second element is None.
    """
    counter = counter_for_clerk(counter_id, staff_id)
    finished = None
    current = _lock_active_ticket(counter.id)
    if current is not None:
        finished = _finish(current, counter.id, staff_id, now)
        db.session.flush()
    if finished is not None and counter.state == CounterState.PAUSED:
        return finished, None  # a paused window finishes what it has but calls nobody new
    try:
        if finished is None:  # the usual checks: paused, or a ticket left from an earlier day (never active now)
            called = calling.call_next(counter_id=counter_id, staff_id=staff_id, now=now)
        else:  # still locked, not paused, and its one active ticket has just been finished: ready
            called = calling.call_next_at(counter, staff_id, now)
    except QueueEmpty:
        if finished is None:
            raise
        called = None
    return finished, called


_ACTIVE_AT = (
    select(Ticket)
    .where(Ticket.counter_id == bindparam("counter_id"), Ticket.state.in_(ACTIVE_STATES))
    .with_for_update()
    .execution_options(populate_existing=True)
)


def _lock_active_ticket(counter_id: int) -> Ticket | None:
    """The counter's called or served ticket, locked: ``active_ticket`` and ``lock_ticket`` in one statement."""
    return db.session.execute(_ACTIVE_AT, {"counter_id": counter_id}).scalar_one_or_none()


def no_show(*, ticket_id: int, counter_id: int, staff_id: int, now: datetime) -> Ticket:
    """The called resident did not come (过号); the counter is free again."""
    counter = counter_for_clerk(counter_id, staff_id)
    ticket = ticket_at_counter(ticket_id, counter)
    lifecycle.transition(ticket, Kind.NO_SHOW, now=now, staff_id=staff_id, counter_id=counter.id)
    return ticket


def hold(*, ticket_id: int, counter_id: int, staff_id: int, now: datetime) -> Ticket:
    """Park the ticket (挂起), e.g. while the resident fetches a document; the counter may call others."""
    counter = counter_for_clerk(counter_id, staff_id)
    ticket = ticket_at_counter(ticket_id, counter)
    lifecycle.transition(ticket, Kind.HELD, now=now, staff_id=staff_id, counter_id=counter.id)
    return ticket


def call_back(*, ticket_id: int, counter_id: int, staff_id: int, now: datetime) -> Ticket:
    """Call a held ticket back (回呼) to this counter, which must be free.

    The window that held it, or (if that clerk has gone) any window serving the ticket's queue; today's only.
    """
    counter = counter_ready_to_call(counter_id, staff_id, now)
    ticket = lock_ticket(ticket_id, counter.hall_id)
    lifecycle.check_allowed(ticket, Kind.CALLED_BACK)
    if ticket.counter_id != counter.id and ticket.service_id not in {link.service_id for link in counter.links}:
        raise PermissionDenied(
            _l(
                "Ticket %(ticket)s is held at another window whose service this window does not serve.",
                ticket=ticket.number,
            )
        )
    if ticket.service_day != service_day(now, counter.hall.timezone):
        raise InvalidState(_l("%(number)s was issued on another day; please take a new ticket.", number=ticket.number))
    lifecycle.transition(
        ticket, Kind.CALLED_BACK, now=now, staff_id=staff_id, counter_id=counter.id, counter_number=counter.number
    )
    ticket.clerk_id = staff_id
    ticket.last_called_at = now
    ticket.recall_count = 0
    return ticket


def transfer(*, ticket_id: int, to_service_id: int, counter_id: int, staff_id: int, now: datetime) -> Ticket:
    """Move the ticket this counter called or serves to another service's queue (转移); the counter is free.

    The ticket keeps its number and its original arrival time, so it is not sent to the back of the line.
    """
    counter = counter_for_clerk(counter_id, staff_id)
    ticket = ticket_at_counter(ticket_id, counter)
    return _transfer(ticket, to_service_id, staff_id=staff_id, counter_id=counter.id, now=now)


def transfer_waiting(*, ticket_id: int, to_service_id: int, hall_id: int, staff_id: int, now: datetime) -> Ticket:
    """Move a waiting ticket to another queue (a resident who chose the wrong service at the kiosk)."""
    staff_in_hall(staff_id, hall_id)
    ticket = lock_ticket(ticket_id, hall_id)
    if ticket.state != TicketState.WAITING:
        raise InvalidState(_l("Only waiting tickets can be transferred from the queue."))
    return _transfer(ticket, to_service_id, staff_id=staff_id, counter_id=None, now=now)


def _transfer(ticket: Ticket, to_service_id: int, *, staff_id: int, counter_id: int | None, now: datetime) -> Ticket:
    target = db.session.get(Service, to_service_id)
    if target is None or target.hall_id != ticket.hall_id or not target.active:
        raise NotFound(_l("There is no such service to transfer to."))
    if target.id == ticket.service_id:
        raise ValidationFailed(
            _l("%(number)s already queues for %(service)s.", number=ticket.number, service=service_name(target))
        )
    lifecycle.transition(
        ticket, Kind.TRANSFERRED, now=now, staff_id=staff_id, counter_id=counter_id, to_service_id=target.id
    )
    ticket.transfer_count += 1
    ticket.recall_count = 0
    return ticket


def reactivate(*, ticket_id: int, hall_id: int, staff_id: int, now: datetime) -> Ticket:
    """Put a no-show back in its queue at its original place (the resident came back)."""
    staff_in_hall(staff_id, hall_id)
    ticket = lock_ticket(ticket_id, hall_id)
    if ticket.service_day != service_day(now, ticket.service.hall.timezone):
        raise InvalidState(_l("%(number)s was issued on another day; please take a new ticket.", number=ticket.number))
    lifecycle.transition(ticket, Kind.REACTIVATED, now=now, staff_id=staff_id)
    ticket.recall_count = 0
    return ticket


def cancel(
    *, ticket_id: int, hall_id: int, staff_id: int | None, now: datetime, reason: str = "", channel: str = "counter"
) -> Ticket:
    """Take a waiting, held or missed ticket out of the hall (resident left, or closing time)."""
    if staff_id is not None:
        staff_in_hall(staff_id, hall_id)
    ticket = lock_ticket(ticket_id, hall_id)
    lifecycle.transition(ticket, Kind.CANCELLED, now=now, staff_id=staff_id, channel=channel, reason=reason)
    return ticket
