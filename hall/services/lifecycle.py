"""The ticket state machine: the one function through which every ticket changes state.

``transition`` checks that the move is allowed from the ticket's current state, keeps each queue's waiting
count in step, and appends the history entry. Action functions (``hall.services.counter_actions`` ...) decide
*which* move and set the timestamps; none of them assigns ``ticket.state`` itself.
"""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from hall import labels
from hall.errors import InvalidState
from hall.extensions import db
from hall.models import AT_A_COUNTER, HistoryEntry, Kind, QueueDay, Service, Ticket, TicketState
from hall.services.queue_days import bump_queue_day

W, C, S, H = TicketState.WAITING, TicketState.CALLED, TicketState.SERVING, TicketState.HELD

# action -> (states it may start from, state it leads to)
TRANSITIONS: dict[Kind, tuple[frozenset[TicketState], TicketState]] = {
    Kind.CALLED: (frozenset({W}), C),
    Kind.RECALLED: (frozenset({C}), C),
    Kind.STARTED: (frozenset({C}), S),
    # Finishing straight from "called" is allowed: clerks often skip the start button (start = call time).
    Kind.FINISHED: (frozenset({C, S}), TicketState.DONE),
    Kind.NO_SHOW: (frozenset({C}), TicketState.NO_SHOW),
    Kind.REACTIVATED: (frozenset({TicketState.NO_SHOW}), W),
    Kind.TRANSFERRED: (frozenset({W, C, S}), W),
    Kind.HELD: (frozenset({C, S}), H),
    Kind.CALLED_BACK: (frozenset({H}), C),
    Kind.CANCELLED: (frozenset({W, H, TicketState.NO_SHOW}), TicketState.CANCELLED),
}


def check_allowed(ticket: Ticket, kind: Kind) -> None:
    allowed_from, _ = TRANSITIONS[kind]
    if ticket.state not in allowed_from:
        raise InvalidState(
            _l(
                "Ticket %(number)s is %(state)s and cannot be %(action)s.",
                number=ticket.number,
                state=labels.TICKET_STATE[ticket.state],
                action=labels.ACTION[kind],
            ),
            number=ticket.number,
            state=ticket.state.value,
        )


def transition(
    ticket: Ticket,
    kind: Kind,
    *,
    now: datetime,
    staff_id: int | None = None,
    counter_id: int | None = None,
    to_service_id: int | None = None,
    channel: str = "",
    **data,
) -> HistoryEntry:
    """Move ``ticket`` by ``kind``, keep queue counts right, and record who did it."""
    check_allowed(ticket, kind)
    _, to_state = TRANSITIONS[kind]
    from_service_id = ticket.service_id
    was_waiting = ticket.state == W

    if to_service_id is not None and to_service_id != from_service_id:
        data["from_service_id"] = from_service_id
        ticket.service_id = to_service_id
    if to_state in AT_A_COUNTER and counter_id is not None:
        # Before the state: a flush must never see an active ticket still pointing at its old counter.
        ticket.counter_id = counter_id
    elif to_state == W:
        # Back in a queue (transfer, reactivation): no window holds it any more; the history keeps where it was.
        ticket.counter_id = None
        ticket.clerk_id = None
    ticket.state = to_state
    _count_waiting(ticket.service_day, from_service_id, ticket.service_id, was_waiting, to_state == W)

    entry = HistoryEntry(
        hall_id=ticket.hall_id,
        at=now,
        kind=kind,
        ticket_id=ticket.id,
        counter_id=counter_id,
        service_id=ticket.service_id,
        staff_id=staff_id,
        data={"number": ticket.number, **data},
        channel=channel,
    )
    db.session.add(entry)
    return entry


def _count_waiting(day: date, from_service: int, to_service: int, was_waiting: bool, now_waiting: bool) -> None:
    changes: dict[int, int] = {}
    if was_waiting:
        changes[from_service] = changes.get(from_service, 0) - 1
    if now_waiting:
        changes[to_service] = changes.get(to_service, 0) + 1
    # Sorted, so that two transfers in opposite directions lock the rows in the same order (no deadlock).
    for service_id in sorted(changes):
        if changes[service_id]:
            bump_queue_day(service_id, day, waiting=changes[service_id])


def waiting_count_drift(hall_id: int, day: date) -> dict[int, tuple[int, int]]:
    """Services whose stored waiting count differs from the rows: {service_id: (stored, counted)}.

    Used by tests and the ``flask hall check`` command; an empty dict means the counts are right.
    """
    counted = dict(
        db.session.execute(
            select(Ticket.service_id, func.count())
            .where(Ticket.hall_id == hall_id, Ticket.service_day == day, Ticket.state == W)
            .group_by(Ticket.service_id)
        ).all()
    )
    stored = dict(
        db.session.execute(
            select(QueueDay.service_id, QueueDay.waiting)
            .join(Service, Service.id == QueueDay.service_id)
            .where(Service.hall_id == hall_id, QueueDay.day == day)
        ).all()
    )
    return {
        sid: (stored.get(sid, 0), counted.get(sid, 0))
        for sid in set(counted) | set(stored)
        if stored.get(sid, 0) != counted.get(sid, 0)
    }
