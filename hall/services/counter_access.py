"""Finding a counter or ticket for an action, checking that this clerk may act there, and locking it.

Locks: the counter row is locked first (so one counter's actions run one at a time, even from two browser
tabs), then the ticket row. ``FOR UPDATE`` is what PostgreSQL needs; SQLite ignores it because the write
transaction already holds the database's single write lock.
"""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hall import permissions
from hall.errors import CounterBusy, InvalidState, NotFound, PermissionDenied
from hall.extensions import db
from hall.models import ACTIVE_STATES, Counter, CounterState, Staff, Ticket
from hall.services import closing
from hall.timeutil import service_day


def lock_counter(counter_id: int) -> Counter:
    return lock_counters([counter_id])[counter_id]


def lock_counters(counter_ids) -> dict[int, Counter]:
    """Lock counters in id order (two clerks swapping windows must not lock them in opposite orders)."""
    counters = {
        counter.id: counter
        for counter in db.session.scalars(
            select(Counter)
            .where(Counter.id.in_(sorted(set(counter_ids))))
            .order_by(Counter.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    }
    for counter_id in counter_ids:
        if counter_id not in counters or not counters[counter_id].active:
            raise NotFound(_l("There is no such counter."))
    return counters


def counter_for_clerk(counter_id: int, staff_id: int) -> Counter:
    """The counter, locked, provided ``staff_id`` is the clerk signed in at it."""
    counter = lock_counter(counter_id)
    if counter.staff_id != staff_id:
        raise PermissionDenied(
            _l("You are not signed in at window %(number)s.", number=counter.number), counter=counter.number
        )
    return counter


def counter_ready_to_call(counter_id: int, staff_id: int, now: datetime) -> Counter:
    """The counter, locked, open, and free. A ticket it still holds from an earlier day is settled first, so
    that a window left open overnight can call in the morning."""
    counter = counter_for_clerk(counter_id, staff_id)
    if counter.state == CounterState.PAUSED:
        raise InvalidState(_l("Window %(number)s is paused; resume it to call.", number=counter.number))
    active = closing.settle_stale_ticket(
        counter, active_ticket(counter.id), service_day(now, counter.hall.timezone), now
    )
    if active is not None:
        raise CounterBusy(
            _l(
                "Window %(number)s is still serving %(ticket)s; finish it or mark it as no-show first.",
                number=counter.number,
                ticket=active.number,
            ),
            ticket=active.number,
        )
    return counter


def active_ticket(counter_id: int) -> Ticket | None:
    return db.session.execute(
        select(Ticket).where(Ticket.counter_id == counter_id, Ticket.state.in_(ACTIVE_STATES))
    ).scalar_one_or_none()


def lock_ticket(ticket_id: int, hall_id: int) -> Ticket:
    ticket = db.session.execute(
        select(Ticket).where(Ticket.id == ticket_id).with_for_update().execution_options(populate_existing=True)
    ).scalar_one_or_none()
    if ticket is None or ticket.hall_id != hall_id:
        raise NotFound(_l("There is no such ticket."))
    return ticket


def ticket_at_counter(ticket_id: int, counter: Counter) -> Ticket:
    """The ticket, locked, provided this counter called, serves or holds it (or did, for a clear state error).

    A ticket back in a queue (transferred, reactivated) belongs to no window: ``counter_id`` is cleared then.
    """
    ticket = lock_ticket(ticket_id, counter.hall_id)
    if ticket.counter_id != counter.id:
        raise PermissionDenied(
            _l("Ticket %(ticket)s is not at window %(number)s.", ticket=ticket.number, number=counter.number)
        )
    return ticket


def staff_in_hall(staff_id: int, hall_id: int) -> Staff:
    """The staff member, provided they may work at this hall's windows."""
    staff = db.session.get(Staff, staff_id)
    if not permissions.can(staff, permissions.Capability.SERVE, hall_id):
        raise PermissionDenied(_l("Only this hall's clerks and managers can do this."))
    return staff
