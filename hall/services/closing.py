"""The end of a hall's day: settle what is left (收尾清号) so that no ticket or window carries over.

Reports count every ticket exactly once, and the next morning no window still "holds" yesterday's resident:

* waiting, held or missed tickets are cancelled;
* a ticket still called to a window is marked no-show; one still being served is finished;
* windows still signed in are closed.

Run by ``flask hall close-day`` (cron, after closing time or just after midnight). Without the cron job a
window that calls on a new day settles its own leftover first (``settle_stale_ticket``).
"""

from datetime import date, datetime

from sqlalchemy import select

from hall.extensions import db
from hall.models import ACTIVE_STATES, Counter, CounterState, HistoryEntry, Kind, Ticket, TicketState
from hall.services import lifecycle

UNSETTLED = (TicketState.WAITING, TicketState.HELD, TicketState.NO_SHOW, *ACTIVE_STATES)
_SETTLE = {TicketState.CALLED: Kind.NO_SHOW, TicketState.SERVING: Kind.FINISHED}


def settle(ticket: Ticket, now: datetime, *, reason: str, staff_id: int | None = None) -> None:
    """End a ticket its day left open: called → no-show, serving → finished, anything else open → cancelled."""
    kind = _SETTLE.get(ticket.state, Kind.CANCELLED)
    at_window = ticket.counter_id if kind != Kind.CANCELLED else None
    lifecycle.transition(
        ticket, kind, now=now, staff_id=staff_id, counter_id=at_window, channel="closing", reason=reason
    )
    if kind == Kind.FINISHED:
        ticket.started_at = ticket.started_at or ticket.last_called_at or now
        ticket.finished_at = now
        ticket.finished_by_system = True  # the service ended at some unknown time before ``now``


def close_day(*, hall_id: int, day: date, now: datetime, staff_id: int | None = None) -> int:
    """Settle every open ticket of ``day``; return how many there were."""
    tickets = db.session.scalars(
        select(Ticket)
        .where(Ticket.hall_id == hall_id, Ticket.service_day == day, Ticket.state.in_(UNSETTLED))
        .order_by(Ticket.id)
        .with_for_update()
    ).all()
    for ticket in tickets:
        settle(ticket, now, reason="closing", staff_id=staff_id)
    return len(tickets)


def close_windows(*, hall_id: int, now: datetime) -> int:
    """Sign out every window of the hall that holds no ticket; return how many were closed."""
    windows = db.session.scalars(
        select(Counter)
        .where(Counter.hall_id == hall_id, Counter.state != CounterState.CLOSED)
        .order_by(Counter.id)
        .with_for_update()
    ).all()
    busy = (
        set(
            db.session.scalars(
                select(Ticket.counter_id).where(
                    Ticket.counter_id.in_([w.id for w in windows]), Ticket.state.in_(ACTIVE_STATES)
                )
            )
        )
        if windows
        else set()
    )
    closed = 0
    for window in windows:
        if window.id in busy:
            continue
        db.session.add(
            HistoryEntry(
                hall_id=hall_id,
                at=now,
                kind=Kind.COUNTER_CLOSED,
                counter_id=window.id,
                staff_id=window.staff_id,
                data={"counter_number": window.number, "reason": "closing"},
                channel="closing",
            )
        )
        window.state = CounterState.CLOSED
        window.staff_id = None
        window.opened_at = None
        closed += 1
    return closed


def settle_stale_ticket(counter: Counter, active: Ticket | None, today: date, now: datetime) -> Ticket | None:
    """If the window still holds a ticket of an earlier day, settle it; return what it holds today."""
    if active is not None and active.service_day < today:
        settle(active, now, reason="day_rollover")
        return None
    return active
