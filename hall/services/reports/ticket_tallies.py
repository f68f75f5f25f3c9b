"""The ticket figures: wait, walk, service and stay time defined once in SQL, one pass over a period's tickets
adding them up per (day, issued service, counter, clerk) into ``Tally`` sums, and arrivals per local hour of
day."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import case, func, select

from hall.extensions import db
from hall.models import Ticket, TicketState
from hall.services.reports.figures import TicketTotals
from hall.services.reports.sql import SLOT_SECONDS, MsBetween, QuarterHour, read_rows
from hall.timeutil import zone


def wait_ms():
    """wait = first call − issue; NULL for a ticket that was never called (it has no wait, not a zero one)."""
    return MsBetween(Ticket.first_called_at, Ticket.issued_at)


def service_ms():
    """service = finish − start, for tickets a clerk finished; NULL for every other ticket, and for those the
    system finished at closing (their finish is when the day was closed, not when the service ended)."""
    return case(
        (
            (Ticket.state == TicketState.DONE) & Ticket.finished_by_system.is_(False),
            MsBetween(Ticket.finished_at, Ticket.started_at),
        )
    )


def walk_ms():
    """walk = start − last call (the resident's way from the call to the window), for served tickets whose
    service a clerk started after their last call; NULL for every other ticket.

    A ticket finished without "start" gets its last call as its start (``counter_actions._finish``, and
    ``closing.settle``): its start equals its call and it has no walk, not a zero one. A ticket started and then
    transferred keeps its first start, before its last call at the next window, so its walk there is unknown.
    Hence "start strictly after the last call", which reads two columns instead of the history of each ticket.
    """
    return case(
        (
            (Ticket.state == TicketState.DONE) & (Ticket.started_at > Ticket.last_called_at),
            MsBetween(Ticket.started_at, Ticket.last_called_at),
        )
    )


def stay_ms():
    """stay = finish − issue, the whole visit in the hall, for tickets a clerk finished; NULL for every other
    ticket, and for those the system finished at closing (like ``service_ms``: their finish is not known)."""
    return case(
        (
            (Ticket.state == TicketState.DONE) & Ticket.finished_by_system.is_(False),
            MsBetween(Ticket.finished_at, Ticket.issued_at),
        )
    )


@dataclass
class Tally:
    """Sums over tickets, from which the averages and shares of ``TicketTotals`` follow (milliseconds)."""

    issued: int = 0
    served: int = 0
    no_show: int = 0
    cancelled: int = 0
    called: int = 0  # tickets with a wait
    wait_sum: float = 0.0
    wait_max: float | None = None
    within_target: int = 0  # called tickets whose wait was within the hall's target
    timed: int = 0  # served tickets with a service time
    service_sum: float = 0.0
    walked: int = 0  # served tickets with a walk (started after their last call)
    walk_sum: float = 0.0
    stayed: int = 0  # served tickets with a stay (finished by a clerk)
    stay_sum: float = 0.0

    def add(self, other: "Tally") -> None:
        counts = ("issued", "served", "no_show", "cancelled", "called", "within_target", "timed", "walked", "stayed")
        for name in counts:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.wait_sum += other.wait_sum
        self.service_sum += other.service_sum
        self.walk_sum += other.walk_sum
        self.stay_sum += other.stay_sum
        if other.wait_max is not None and (self.wait_max is None or other.wait_max > self.wait_max):
            self.wait_max = other.wait_max

    @property
    def avg_wait_s(self) -> float | None:
        return self.wait_sum / self.called / 1000 if self.called else None

    @property
    def service_level(self) -> float | None:
        return self.within_target / self.called if self.called else None

    @property
    def avg_service_s(self) -> float | None:
        return self.service_sum / self.timed / 1000 if self.timed else None

    @property
    def avg_walk_s(self) -> float | None:
        return self.walk_sum / self.walked / 1000 if self.walked else None

    @property
    def avg_stay_s(self) -> float | None:
        return self.stay_sum / self.stayed / 1000 if self.stayed else None

    @property
    def busy_s(self) -> float:
        return self.service_sum / 1000

    def totals(self) -> TicketTotals:
        return TicketTotals(
            issued=self.issued,
            served=self.served,
            no_show=self.no_show,
            cancelled=self.cancelled,
            avg_wait_s=self.avg_wait_s,
            max_wait_s=self.wait_max / 1000 if self.wait_max is not None else None,
            service_level=self.service_level,
            avg_service_s=self.avg_service_s,
            avg_walk_s=self.avg_walk_s,
            avg_stay_s=self.avg_stay_s,
        )


def _number(value) -> float:
    return float(value) if value is not None else 0.0


def ticket_groups(
    service_ids: list[int], start: date, end: date, target_minutes: int
) -> dict[tuple[date, int, int | None, int | None], Tally]:
    """One pass over the period's tickets: a ``Tally`` per (day, issued service, counter, clerk)."""
    if not service_ids:
        return {}
    tickets = (
        select(
            Ticket.service_day.label("day"),
            Ticket.issued_service_id.label("service_id"),
            Ticket.counter_id,
            Ticket.clerk_id,
            Ticket.state,
            wait_ms().label("wait"),
            service_ms().label("service"),
            walk_ms().label("walk"),
            stay_ms().label("stay"),
        )
        # By the queue the ticket is in now (always one of the hall's): the queue index serves the day range.
        .where(Ticket.service_id.in_(service_ids), Ticket.service_day >= start, Ticket.service_day <= end)
    )
    if db.session.get_bind().dialect.name == "sqlite":
        # A LIMIT keeps SQLite from flattening the subquery into the aggregate, where it would compute each
        # ticket's wait four times and its other durations twice (a third of the time over 90 days).
        tickets = tickets.limit(-1)
    t = tickets.subquery().c
    keys = (t.day, t.service_id, t.counter_id, t.clerk_id)
    statement = select(
        *keys,
        func.count(),
        func.count(case((t.state == TicketState.DONE, 1))),
        func.count(case((t.state == TicketState.NO_SHOW, 1))),
        func.count(case((t.state == TicketState.CANCELLED, 1))),
        func.count(t.wait),
        func.sum(t.wait),
        func.max(t.wait),
        func.count(case((t.wait <= target_minutes * 60_000, 1))),
        func.count(t.service),
        func.sum(t.service),
        func.count(t.walk),
        func.sum(t.walk),
        func.count(t.stay),
        func.sum(t.stay),
    ).group_by(*keys)
    groups = {}
    for day, service_id, counter_id, clerk_id, *n in read_rows(statement):
        groups[(day, service_id, counter_id, clerk_id)] = Tally(
            issued=n[0],
            served=n[1],
            no_show=n[2],
            cancelled=n[3],
            called=n[4],
            wait_sum=_number(n[5]),
            wait_max=float(n[6]) if n[6] is not None else None,
            within_target=n[7],
            timed=n[8],
            service_sum=_number(n[9]),
            walked=n[10],
            walk_sum=_number(n[11]),
            stayed=n[12],
            stay_sum=_number(n[13]),
        )
    return groups


def arrivals_by_hour(service_ids: list[int], start: date, end: date, tz_name: str) -> tuple[int, ...]:
    """Tickets issued per local hour of day (24 counts), in the hall's time zone."""
    counts = [0] * 24
    if not service_ids:
        return tuple(counts)
    slot = QuarterHour(Ticket.issued_at)
    rows = read_rows(
        select(slot, func.count())
        .where(Ticket.service_id.in_(service_ids), Ticket.service_day >= start, Ticket.service_day <= end)
        .group_by(slot)
    )
    tz = zone(tz_name)
    for quarter, count in rows:
        counts[datetime.fromtimestamp(int(quarter) * SLOT_SECONDS, tz).hour] += count
    return tuple(counts)
