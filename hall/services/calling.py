"""Calling tickets to a counter: call next (by the calling rules) and call a chosen number (指呼).

Race safety: the chosen ticket is re-read with a row lock and must still be waiting; if another counter
took it in the meantime (PostgreSQL, READ COMMITTED), the candidates are read again. On SQLite the write
transaction is serial, so the first choice always stands.
"""

import unicodedata
from datetime import datetime, timedelta
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import Integer, bindparam, select, union_all
from sqlalchemy.orm import joinedload

from hall.errors import InvalidState, NotFound, QueueEmpty
from hall.extensions import db
from hall.labels import service_name
from hall.models import Counter, Kind, Priority, Ticket, TicketState
from hall.services import lifecycle, policy
from hall.services.counter_access import counter_ready_to_call
from hall.timeutil import service_day

MAX_CLAIM_ATTEMPTS = 20


def queue_fronts(counter: Counter, now: datetime, per_queue: int = 1) -> list[policy.Candidate]:
    """The first ``per_queue`` waiting tickets of each (service, priority class) queue this counter serves.

    One round trip; each part reads the front of an index (``ix_ticket_queue_head``), so the cost does not
    grow with the length of the queues.
    """
    day = service_day(now, counter.hall.timezone)
    # Deactivated services stay: their remaining waiting tickets are still called (no new ones are issued).
    positions = {link.service_id: link.position for link in counter.links}
    if not positions:
        return []
    queues = [(service_id, priority) for service_id in positions for priority in Priority]
    parameters = {"day": day, "per_queue": per_queue, "state": TicketState.WAITING}
    for index, (service_id, priority) in enumerate(queues):
        parameters[f"service_{index}"] = service_id
        parameters[f"priority_{index}"] = priority
    rows = db.session.execute(_fronts_statement(len(queues)), parameters).all()
    return [
        policy.Candidate(
            ticket_id=row.id,
            service_id=row.service_id,
            priority=Priority(row.priority),
            queue_at=row.queue_at,
            position=positions[row.service_id],
        )
        for row in rows
    ]


@cache
def _fronts_statement(queues: int):
    """UNION ALL of ``queues`` index-front reads, built once per size with bound parameters."""
    return union_all(
        *(
            select(Ticket.id, Ticket.service_id, Ticket.priority, Ticket.queue_at)
            .where(
                Ticket.service_id == bindparam(f"service_{index}"),
                Ticket.service_day == bindparam("day"),
                Ticket.state == bindparam("state"),
                Ticket.priority == bindparam(f"priority_{index}"),
            )
            .order_by(Ticket.queue_at, Ticket.id)
            .limit(bindparam("per_queue", type_=Integer))
            .subquery()
            .select()
            for index in range(queues)
        )
    )


def ordering(counter: Counter, now: datetime):
    """The calling rules' sort key for this counter at ``now``."""
    max_wait = timedelta(minutes=counter.hall.max_wait_minutes)
    return lambda candidate: policy.call_order_key(
        candidate, now=now, max_wait=max_wait, strict_service_order=counter.strict_service_order
    )


def call_next(*, counter_id: int, staff_id: int, now: datetime, channel: str = "counter") -> Ticket:
    """Call the next ticket for this counter by the calling rules; raise QueueEmpty if nobody waits."""
    return call_next_at(counter_ready_to_call(counter_id, staff_id, now), staff_id, now, channel)


def call_next_at(counter: Counter, staff_id: int, now: datetime, channel: str = "counter") -> Ticket:
    """``call_next`` at a counter the caller has locked and found ready (``counter_ready_to_call``'s checks)."""
    for _ in range(MAX_CLAIM_ATTEMPTS):
        chosen = min(queue_fronts(counter, now), key=ordering(counter, now), default=None)
        if chosen is None:
            raise QueueEmpty(_l("Nobody is waiting for this window's services."))
        ticket = _claim(chosen.ticket_id)
        if ticket is not None:
            return _call(ticket, counter, staff_id, now, channel)
    raise QueueEmpty(_l("Other windows took every waiting ticket; please call again."))


def call_number(*, counter_id: int, staff_id: int, number: str, now: datetime, channel: str = "counter") -> Ticket:
    """Call a chosen waiting number (指呼) of today, provided this counter serves its queue."""
    counter = counter_ready_to_call(counter_id, staff_id, now)
    # Chinese input methods often type full-width letters and digits (Ａ０１２): fold them to A012.
    number = unicodedata.normalize("NFKC", number or "").strip().upper()
    day = service_day(now, counter.hall.timezone)
    matches = db.session.scalars(
        select(Ticket)
        .where(Ticket.hall_id == counter.hall_id, Ticket.service_day == day, Ticket.number == number)
        .order_by(Ticket.id)
        .limit(2)
        .with_for_update()
        .execution_options(populate_existing=True)
    ).all()
    if not matches:
        raise NotFound(_l("There is no ticket %(number)s today.", number=number or "-"))
    if len(matches) > 1:  # a service's prefix was changed during the day: two queues share the number
        raise InvalidState(_l("Two tickets are numbered %(number)s today; call it from the queue list.", number=number))
    (ticket,) = matches
    if ticket.service_id not in {link.service_id for link in counter.links}:
        raise InvalidState(
            _l(
                "%(number)s queues for %(service)s, which this window does not serve; transfer it first.",
                number=ticket.number,
                service=service_name(ticket.service),
            )
        )
    return _call(ticket, counter, staff_id, now, channel)


# With its service (which screens' payloads and the reply name) in the same statement; only the ticket is locked.
_CLAIM = (
    select(Ticket)
    .options(joinedload(Ticket.service, innerjoin=True))
    .where(Ticket.id == bindparam("ticket_id"), Ticket.state == TicketState.WAITING)
    .with_for_update(of=Ticket)
    .execution_options(populate_existing=True)
)


def _claim(ticket_id: int) -> Ticket | None:
    """Lock the ticket and return it if it is still waiting (another counter may have just called it)."""
    return db.session.execute(_CLAIM, {"ticket_id": ticket_id}).scalar_one_or_none()


def _call(ticket: Ticket, counter: Counter, staff_id: int, now: datetime, channel: str) -> Ticket:
    lifecycle.check_allowed(ticket, Kind.CALLED)
    # Before the transition, whose queue count flushes the ticket: one UPDATE of it instead of two.
    ticket.clerk_id = staff_id
    ticket.first_called_at = ticket.first_called_at or now
    ticket.last_called_at = now
    ticket.recall_count = 0
    lifecycle.transition(
        ticket,
        Kind.CALLED,
        now=now,
        staff_id=staff_id,
        counter_id=counter.id,
        channel=channel,
        counter_number=counter.number,
    )
    return ticket
