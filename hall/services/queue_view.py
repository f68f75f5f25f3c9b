"""Queue figures residents and clerks see: waiting counts, people ahead, and honest wait estimates."""

import math
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, bindparam, func, or_, select

from hall.extensions import db
from hall.models import Counter, CounterService, CounterState, Priority, QueueDay, Service, Ticket, TicketState
from hall.timeutil import day_bounds

# How many of today's finished tickets the average service time looks back on.
RECENT_SERVICES = 20


def queue_figures(hall_id: int, day: date) -> dict[int, tuple[int, int]]:
    """{service_id: (numbers issued, waiting)} for a hall's day, read from the queue rows, not counted."""
    rows = db.session.execute(
        select(QueueDay.service_id, QueueDay.last_seq, QueueDay.waiting)
        .join(Service, Service.id == QueueDay.service_id)
        .where(Service.hall_id == hall_id, QueueDay.day == day)
    )
    return {service_id: (issued, waiting) for service_id, issued, waiting in rows}


def _waiting_in_queue(priority_test, earlier: bool):
    """COUNT of waiting tickets in one queue of one day, optionally only those that arrived earlier."""
    conditions = [
        Ticket.service_id == bindparam("service_id"),
        Ticket.service_day == bindparam("day"),
        Ticket.state == TicketState.WAITING,
        priority_test,
    ]
    if earlier:
        conditions.append(
            or_(
                Ticket.queue_at < bindparam("queue_at"),
                and_(Ticket.queue_at == bindparam("queue_at"), Ticket.id < bindparam("ticket_id")),
            )
        )
    return select(func.count()).select_from(Ticket).where(*conditions)


# Built once: each counts along the queue index (service, day, state, priority, queue_at).
_GREEN_EARLIER = _waiting_in_queue(Ticket.priority == Priority.GREEN, earlier=True)
_GREEN_ALL = _waiting_in_queue(Ticket.priority == Priority.GREEN, earlier=False)
_NORMAL_EARLIER = _waiting_in_queue(Ticket.priority == Priority.NORMAL, earlier=True)


def people_ahead(ticket: Ticket) -> int:
    """Waiting tickets of the same queue that the calling rules would call before this one.

    Green-channel tickets come before normal ones; within a class, the earlier arrival. Anti-starvation and
    counters serving several queues can change the real order a little; the ticket page says "about".
    """
    if ticket.state != TicketState.WAITING:
        return 0
    parameters = {
        "service_id": ticket.service_id,
        "day": ticket.service_day,
        "queue_at": ticket.queue_at,
        "ticket_id": ticket.id,
    }
    if ticket.priority == Priority.GREEN:
        return db.session.scalar(_GREEN_EARLIER, parameters)
    return db.session.scalar(_GREEN_ALL, parameters) + db.session.scalar(_NORMAL_EARLIER, parameters)


def _waiting_up_to(priority):
    """COUNT of a queue's waiting tickets of ``priority`` that arrived at or before ``queue_at``."""
    return (
        select(func.count())
        .select_from(Ticket)
        .where(
            Ticket.service_id == bindparam("service_id"),
            Ticket.service_day == bindparam("day"),
            Ticket.state == TicketState.WAITING,
            Ticket.priority == priority,
            Ticket.queue_at <= bindparam("queue_at"),
        )
        .scalar_subquery()
    )


# One round trip, each part counted along the queue index as above.
_AHEAD_OF_ARRIVAL = {
    Priority.GREEN: select(_waiting_up_to(Priority.GREEN)),
    Priority.NORMAL: select(_GREEN_ALL.scalar_subquery() + _waiting_up_to(Priority.NORMAL)),
}


def people_ahead_of_arrival(service_id: int, day: date, priority: Priority, queue_at: datetime) -> int:
    """``people_ahead`` of a ticket about to be added to a queue, counted before it is (one statement).

    The newcomer's id will be above every ticket in the queue, so "earlier" means arrived at or before
    ``queue_at``. Only exact inside the transaction that holds the queue's day row (``bump_queue_day``), as
    issuing does: nobody else can then join or leave the queue before the ticket is added.
    """
    parameters = {"service_id": service_id, "day": day, "queue_at": queue_at}
    return db.session.scalar(_AHEAD_OF_ARRIVAL[priority], parameters)


_RECENT_SERVICE_TIMES = (
    select(Ticket.started_at, Ticket.finished_at)
    .where(
        Ticket.service_id == bindparam("service_id"),
        Ticket.service_day == bindparam("day"),
        Ticket.state == TicketState.DONE,
        Ticket.finished_by_system.is_(False),  # finished at closing: its "service time" is not one
        Ticket.started_at.is_not(None),
    )
    .order_by(Ticket.finished_at.desc())
    .limit(RECENT_SERVICES)
)


def average_service_minutes(service: Service, day: date) -> float:
    """Mean service time of the day's last finished tickets of this service, or the service's typical time."""
    rows = db.session.execute(_RECENT_SERVICE_TIMES, {"service_id": service.id, "day": day}).all()
    durations = [(finished - started).total_seconds() / 60 for started, finished in rows if finished >= started]
    if len(durations) < 3:  # too few to trust more than the manager's figure
        return float(service.typical_minutes)
    return max(1.0, sum(durations) / len(durations))


_OPEN_COUNTERS = (
    select(func.count())
    .select_from(CounterService)
    .join(Counter, Counter.id == CounterService.counter_id)
    .where(
        CounterService.service_id == bindparam("service_id"),
        Counter.state == CounterState.OPEN,
        Counter.active,
        Counter.opened_at >= bindparam("since"),
    )
)


def open_counters(service: Service, day: date) -> int:
    """Counters that are open (signed in on ``day``, not paused) and serve this service.

    A window left signed in overnight does not count: nobody may be there.
    """
    since, _ = day_bounds(day, service.hall.timezone)
    return db.session.scalar(_OPEN_COUNTERS, {"service_id": service.id, "since": since}) or 0


@dataclass(frozen=True)
class WaitEstimate:
    low_minutes: int
    high_minutes: int
    open_counters: int
    average_minutes: float

    def as_dict(self) -> dict:
        return {
            "low_minutes": self.low_minutes,
            "high_minutes": self.high_minutes,
            "open_counters": self.open_counters,
            "average_minutes": round(self.average_minutes, 1),
        }


def wait_estimate(service: Service, ahead: int, day: date) -> WaitEstimate | None:
    """A range, not a promise: ``ahead`` residents shared over the open counters at today's pace.

    None when no counter serving this service is open: there is no honest number to give then.
    """
    counters = open_counters(service, day)
    if counters == 0:
        return None
    average = average_service_minutes(service, day)
    low = math.floor(ahead * average / counters)
    high = math.ceil((ahead + 1) * average / counters)
    return WaitEstimate(
        low_minutes=low, high_minutes=max(high, low + 1), open_counters=counters, average_minutes=average
    )
