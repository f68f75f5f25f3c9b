"""The managers' figures of a hall for its local days ``start``..``end``, computed from the database.

One definition per metric (DOMAIN.md, "What managers measure"), each written once below:

* a ticket belongs to the local day it was issued on (``Ticket.service_day``), whatever happened to it later;
* wait = first call − issue, over tickets that were called (``wait_ms``); service level = share of those whose
  wait was within the hall's target (``Hall.max_wait_minutes`` as it is now);
* service = finish − start over served (done) tickets (``service_ms``); a ticket finished without "start"
  counts from its last call (that is what ``counter_actions`` records as its start); a ticket the system
  finished at closing is served but has no service time (``Ticket.finished_by_system``);
* per service: by the service the ticket was *issued* in (its number's prefix), also after a transfer;
* per counter and per clerk: the served tickets finished at that counter, and the clerk who called them;
  busy = the sum of their service times; open = time signed in and not paused (``open_seconds``);
* arrivals: tickets issued per local hour of day, in the hall's time zone;
* cases per department (``case_figures``), ratings by the day of the visit (``rating_figures``).

Everything is aggregated by the database: one pass over the period's tickets grouped by day, service,
counter and clerk, one counting arrivals per quarter-hour; Python only adds up the groups (about a hundred a
day). Durations and instants are computed in SQL by one expression per dialect (SQLite and PostgreSQL).
A report only reads, in the caller's session, and never inside ``write_transaction``: on SQLite (WAL) and
PostgreSQL a reader holds no lock that a counter's write waits for.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import force_locale
from sqlalchemy import Float, Integer, String, and_, case, func, or_, select, type_coerce, union_all
from sqlalchemy.exc import CompileError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from hall.db import WRITE_OPTION
from hall.extensions import db
from hall.models import (
    BAD_LEVELS,
    LEVELS,
    Case,
    CaseState,
    Counter,
    Department,
    FollowUp,
    FollowUpState,
    Hall,
    HistoryEntry,
    Kind,
    MatterKind,
    Rating,
    Service,
    Staff,
    Ticket,
    TicketState,
)
from hall.services.reports.figures import (
    BadRating,
    ClerkFigures,
    CounterFigures,
    DayTrend,
    DepartmentCases,
    RatingFigures,
    ReportFigures,
    ServiceFigures,
    TicketTotals,
)
from hall.timeutil import day_bounds, service_day, zone

# Every time zone's offset from UTC is a whole number of quarter-hours: arrivals are counted per UTC
# quarter-hour by the database and put into the local hour in Python, exactly, on any database.
SLOT_SECONDS = 900
COUNTER_KINDS = (Kind.COUNTER_OPENED, Kind.COUNTER_PAUSED, Kind.COUNTER_RESUMED, Kind.COUNTER_CLOSED)
REPORT_LOCALE = "zh_CN"  # paper and spreadsheets are always Chinese


# ---- time arithmetic in SQL, one expression per dialect ----------------------------------------------------


class MsBetween(FunctionElement):
    """Milliseconds from ``earlier`` to ``later`` (NULL when either is NULL)."""

    name = "ms_between"
    type = Float()
    inherit_cache = True


@compiles(MsBetween, "sqlite")
def _ms_between_sqlite(element, compiler, **kw):
    later, earlier = (compiler.process(clause, **kw) for clause in element.clauses)
    # SQLite keeps instants as whole milliseconds internally: rounding gives them back exactly.
    return f"ROUND((julianday({later}) - julianday({earlier})) * 86400000.0)"


@compiles(MsBetween, "postgresql")
def _ms_between_postgresql(element, compiler, **kw):
    later, earlier = (compiler.process(clause, **kw) for clause in element.clauses)
    # date_part gives double precision (EXTRACT gives numeric, which is far slower to add up).
    return f"(date_part('epoch', {later} - {earlier}) * 1000)"


class EpochSeconds(FunctionElement):
    """Whole seconds since 1970-01-01 UTC of an instant (rounded down)."""

    name = "epoch_seconds"
    type = Integer()
    inherit_cache = True


@compiles(EpochSeconds, "sqlite")
def _epoch_sqlite(element, compiler, **kw):
    return f"CAST(strftime('%s', {compiler.process(element.clauses, **kw)}) AS INTEGER)"


@compiles(EpochSeconds, "postgresql")
def _epoch_postgresql(element, compiler, **kw):
    return f"CAST(FLOOR(date_part('epoch', {compiler.process(element.clauses, **kw)})) AS BIGINT)"


class QuarterHour(FunctionElement):
    """The UTC quarter-hour of an instant, numbered from 1970-01-01 00:00 UTC."""

    name = "quarter_hour"
    type = Integer()
    inherit_cache = True


@compiles(QuarterHour, "sqlite")
def _quarter_sqlite(element, compiler, **kw):
    # From the Julian day (cheaper than strftime): 96 quarter-hours a day since 1970-01-01 (Julian day
    # 2440587.5); the 1e-7 (0.09 ms) makes up for the float's rounding, so 09:00:00.000 is 09:00, not 08:45.
    return f"CAST((julianday({compiler.process(element.clauses, **kw)}) - 2440587.5) * 96 + 1e-7 AS INTEGER)"


@compiles(QuarterHour, "postgresql")
def _quarter_postgresql(element, compiler, **kw):
    return f"CAST(FLOOR(date_part('epoch', {compiler.process(element.clauses, **kw)}) / {SLOT_SECONDS}) AS BIGINT)"


@compiles(MsBetween)
@compiles(EpochSeconds)
@compiles(QuarterHour)
def _unsupported(element, compiler, **kw):
    raise CompileError(f"reports support SQLite and PostgreSQL, not {compiler.dialect.name}")


def _read(statement):
    """Rows of a report statement as plain tuples (Core execution in the session's transaction: none of the
    ORM's per-row work, which would cost more than the query over thousands of rows)."""
    return db.session.connection().execute(statement)


# ---- the definitions ---------------------------------------------------------------------------------------


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

    def add(self, other: "Tally") -> None:
        for name in ("issued", "served", "no_show", "cancelled", "called", "within_target", "timed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.wait_sum += other.wait_sum
        self.service_sum += other.service_sum
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
        )
        # By the queue the ticket is in now (always one of the hall's): the queue index serves the day range.
        .where(Ticket.service_id.in_(service_ids), Ticket.service_day >= start, Ticket.service_day <= end)
    )
    if db.session.get_bind().dialect.name == "sqlite":
        # A LIMIT keeps SQLite from flattening the subquery into the aggregate, where it would compute each
        # ticket's wait four times and its service twice (a third of the time over 90 days).
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
    ).group_by(*keys)
    groups = {}
    for day, service_id, counter_id, clerk_id, *n in _read(statement):
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
        )
    return groups


def arrivals_by_hour(service_ids: list[int], start: date, end: date, tz_name: str) -> tuple[int, ...]:
    """Tickets issued per local hour of day (24 counts), in the hall's time zone."""
    counts = [0] * 24
    if not service_ids:
        return tuple(counts)
    slot = QuarterHour(Ticket.issued_at)
    rows = _read(
        select(slot, func.count())
        .where(Ticket.service_id.in_(service_ids), Ticket.service_day >= start, Ticket.service_day <= end)
        .group_by(slot)
    )
    tz = zone(tz_name)
    for quarter, count in rows:
        counts[datetime.fromtimestamp(int(quarter) * SLOT_SECONDS, tz).hour] += count
    return tuple(counts)


def open_seconds(hall_id: int, counter_ids: list[int], since: datetime, until: datetime) -> dict[int, float]:
    """Seconds each window was open (signed in and not paused) between ``since`` and ``until``.

    Replays the windows' history: ``counter.opened`` and ``counter.resumed`` open a window, ``counter.paused``
    pauses it and ``counter.closed`` closes it; signing in again on a new day (``new_day``) leaves an open or
    paused window as it was. The state at ``since`` is the one the window's last events before it left; a
    window still open at ``until`` counts until then. The history is append-only, so its ids follow time:
    the period's events are read by an id range on the (hall, kind, id) index.
    """
    result = dict.fromkeys(counter_ids, 0.0)
    if not counter_ids or until <= since:
        return result
    low = _first_id_at(hall_id, since)
    states = _states_before(hall_id, counter_ids, since, low)
    opened_at = {counter_id: since for counter_id, state in states.items() if state == "open"}
    if low is not None:  # else nothing happened at or after ``since``
        events = select(HistoryEntry.counter_id, HistoryEntry.kind, HistoryEntry.at, HistoryEntry.data).where(
            HistoryEntry.hall_id == hall_id, HistoryEntry.kind.in_(COUNTER_KINDS), HistoryEntry.id >= low
        )
        high = _first_id_at(hall_id, until)
        if high is not None:
            events = events.where(HistoryEntry.id < high)
        for counter_id, kind, at, data in _read(events.order_by(HistoryEntry.id)):
            if counter_id not in result:
                continue
            before = states.get(counter_id, "closed")
            after = _state_after(Kind(kind), data, before)
            if after == "open" and before != "open":
                opened_at[counter_id] = max(at, since)
            elif after != "open" and before == "open":
                result[counter_id] += (min(at, until) - opened_at.pop(counter_id)).total_seconds()
            states[counter_id] = after
    for counter_id, began in opened_at.items():
        result[counter_id] += (until - began).total_seconds()
    return result


def _state_after(kind: Kind, data: dict | None, before: str) -> str:
    """A window's state ("open", "paused", "closed") after an event of ``kind``."""
    if kind == Kind.COUNTER_OPENED:
        # Signed in again on a new day while still signed in: open or paused as before (``counters.sign_in``).
        return before if (data or {}).get("new_day") and before != "closed" else "open"
    return {Kind.COUNTER_RESUMED: "open", Kind.COUNTER_PAUSED: "paused", Kind.COUNTER_CLOSED: "closed"}[kind]


def _first_id_at(hall_id: int, instant: datetime) -> int | None:
    """The id of the hall's first history entry at or after ``instant`` (None: there is none yet)."""
    return db.session.scalar(
        select(HistoryEntry.id)
        .where(HistoryEntry.hall_id == hall_id, HistoryEntry.at >= instant)
        .order_by(HistoryEntry.at, HistoryEntry.id)
        .limit(1)
    )


STATE_LOOKBACK = 3  # a few events back: past any new-day sign-ins that left the state as it was
RECENT_DAYS = 7  # windows are normally signed out every day: their last events lie within the week before
UNION_PARTS = 100  # SQLite allows 500 parts in one compound SELECT


def _states_before(hall_id: int, counter_ids: list[int], since: datetime, before_id: int | None) -> dict[int, str]:
    """Each window's state after its last counter events before ``before_id`` (windows never used: absent).

    The week before ``since`` is read in one go by an id range on the (hall, kind, id) index; only a window
    with no event in that week is looked up on its own, a few steps back on the same index per kind.
    """
    counter_events = (HistoryEntry.id, HistoryEntry.counter_id, HistoryEntry.kind, HistoryEntry.data)
    latest: dict[int, list] = defaultdict(list)
    recent_id = _first_id_at(hall_id, since - timedelta(days=RECENT_DAYS))
    if recent_id is not None:
        recent = select(*counter_events).where(
            HistoryEntry.hall_id == hall_id, HistoryEntry.kind.in_(COUNTER_KINDS), HistoryEntry.id >= recent_id
        )
        if before_id is not None:
            recent = recent.where(HistoryEntry.id < before_id)
        for entry_id, counter_id, kind, data in _read(recent):
            latest[counter_id].append((entry_id, Kind(kind), data))
    parts = []
    for counter_id in counter_ids:
        if counter_id in latest:
            continue
        for kind in COUNTER_KINDS:
            part = select(*counter_events).where(
                HistoryEntry.hall_id == hall_id, HistoryEntry.kind == kind, HistoryEntry.counter_id == counter_id
            )
            if before_id is not None:
                part = part.where(HistoryEntry.id < before_id)
            parts.append(part.order_by(HistoryEntry.id.desc()).limit(STATE_LOOKBACK).subquery().select())
    for chunk in range(0, len(parts), UNION_PARTS):
        for entry_id, counter_id, kind, data in _read(union_all(*parts[chunk : chunk + UNION_PARTS])):
            latest[counter_id].append((entry_id, Kind(kind), data))
    states = {}
    for counter_id, entries in latest.items():
        state = "closed"
        for _, kind, data in sorted(entries, key=lambda e: e[0])[-STATE_LOOKBACK:]:  # oldest first
            state = _state_after(kind, data, state)
        states[counter_id] = state
    return states


# ---- cases -------------------------------------------------------------------------------------------------


@dataclass
class CaseCounts:
    accepted: int = 0
    completed: int = 0
    overdue: int = 0
    immediate: int = 0
    promised: int = 0


def case_figures(
    hall_id: int, start: date, end: date, tz_name: str, today: date
) -> tuple[dict[int, CaseCounts], dict[date, int]]:
    """Cases per department, and cases accepted per day; one read of the cases concerned.

    * accepted: accepted on a day of the period (``accepted_on``; a 即办件 completed on the spot included);
      immediate / promised split the accepted by kind (即办件 / 承诺件);
    * completed: decided on a day of the period (local date of ``decided_at``) with an outcome — approved or
      declined, a 即办件 on the spot included; a refusal to accept (不予受理) is no completion;
    * overdue: a 承诺件 decided in the period after its committed date (the local date of the decision is later
      than ``due_on``), or one still undecided at the end of the day ``min(end, today)`` whose committed date
      lies before that day. A case whose clock stands still for a supplement the department asked for is not
      overdue meanwhile (as in ``cases.deadlines``).
    """
    counts: dict[int, CaseCounts] = defaultdict(CaseCounts)
    daily: dict[date, int] = defaultdict(int)
    since, until = day_bounds(start, tz_name)[0], day_bounds(end, tz_name)[1]
    cut = min(end, today)
    cut_end = day_bounds(cut, tz_name)[1]
    first, after, cut_end_s = (int(instant.timestamp()) for instant in (since, until, cut_end))
    rows = _read(
        select(
            Case.department_id,
            type_coerce(Case.kind, String),  # plain text: no enum made for each of thousands of rows
            type_coerce(Case.state, String),
            Case.outcome.is_not(None),
            Case.accepted_on,
            Case.due_on,
            Case.paused_on,
            EpochSeconds(Case.decided_at),
        ).where(
            Case.hall_id == hall_id,
            or_(
                and_(Case.accepted_on >= start, Case.accepted_on <= end),
                and_(Case.decided_at >= since, Case.decided_at < until),
                # Undecided at the end of ``cut`` although due before it:
                and_(
                    Case.kind == MatterKind.PROMISED,
                    Case.due_on < cut,
                    or_(Case.decided_at.is_(None), Case.decided_at >= cut_end),
                ),
            ),
        )
    )
    late_from: dict[date, int] = {}  # committed date -> first second (UTC epoch) of the day after it

    def is_late(due_on: date, decided_at: int) -> bool:
        if due_on not in late_from:
            late_from[due_on] = int(day_bounds(due_on, tz_name)[1].timestamp())
        return decided_at >= late_from[due_on]

    for department_id, kind, state, has_outcome, accepted_on, due_on, paused_on, decided_at in rows:
        row = counts[department_id]
        promised = kind == MatterKind.PROMISED
        if accepted_on is not None and start <= accepted_on <= end:
            row.accepted += 1
            row.promised += promised
            row.immediate += not promised
            daily[accepted_on] += 1
        undecided_at_cut = decided_at is None or decided_at >= cut_end_s
        if has_outcome and decided_at is not None and first <= decided_at < after:
            row.completed += 1
            row.overdue += promised and due_on is not None and is_late(due_on, decided_at)
        elif (
            promised
            and accepted_on is not None
            and due_on is not None
            and due_on < cut
            and undecided_at_cut
            and state != CaseState.WITHDRAWN
            and not (decided_at is None and paused_on is not None and paused_on <= cut)
        ):
            row.overdue += 1
    return counts, daily


# ---- ratings -----------------------------------------------------------------------------------------------


def rating_figures(hall_id: int, start: date, end: date) -> tuple[RatingFigures, dict[date, RatingFigures]]:
    """Ratings by level for visits on the period's days (``Rating.service_day``), with the bad ones (1–2) and
    their follow-up; and the same counts per day (without the bad list) for the trend."""
    per_day: dict[date, dict[int, int]] = defaultdict(lambda: dict.fromkeys(LEVELS, 0))
    rows = _read(
        select(Rating.service_day, Rating.level, func.count())
        .where(Rating.hall_id == hall_id, Rating.service_day >= start, Rating.service_day <= end)
        .group_by(Rating.service_day, Rating.level)
    )
    by_level = dict.fromkeys(LEVELS, 0)
    for day, level, count in rows:
        per_day[day][level] += count
        by_level[level] += count
    daily = {day: RatingFigures(total=sum(levels.values()), by_level=levels) for day, levels in per_day.items()}
    return RatingFigures(total=sum(by_level.values()), by_level=by_level, bad=_bad_ratings(hall_id, start, end)), daily


def _bad_ratings(hall_id: int, start: date, end: date) -> tuple[BadRating, ...]:
    from hall.services.ratings import REASONS  # the ratings service owns the reasons' words

    rows = _read(
        select(
            Ticket.number,
            Rating.service_day,
            Counter.number,
            Staff.name,
            Rating.level,
            Rating.reasons,
            Rating.comment,
            FollowUp.state,
            FollowUp.due_on,
        )
        .select_from(Rating)
        .join(Ticket, Ticket.id == Rating.ticket_id)
        .outerjoin(Counter, Counter.id == Rating.counter_id)
        .outerjoin(Staff, Staff.id == Rating.clerk_id)
        .outerjoin(FollowUp, FollowUp.rating_id == Rating.id)
        .where(
            Rating.hall_id == hall_id,
            Rating.service_day >= start,
            Rating.service_day <= end,
            Rating.level.in_(BAD_LEVELS),
        )
        .order_by(Rating.service_day, Rating.created_at, Rating.id)
    ).all()
    words: dict[str, str] = {}

    def word(code: str) -> str:
        if code not in words:
            with force_locale(REPORT_LOCALE):
                words[code] = str(REASONS.get(code, code))
        return words[code]

    return tuple(
        BadRating(
            ticket_number=number,
            day=day,
            counter_number=counter_number,
            clerk_name=clerk_name or "",
            level=level,
            reasons=tuple(word(code) for code in reasons or ()),
            comment=comment or "",
            # A bad rating always opens a follow-up; should one be missing, nobody has acted on it yet.
            follow_up_state=FollowUpState(state).value if state else FollowUpState.OPEN.value,
            follow_up_due=due_on,
        )
        for number, day, counter_number, clerk_name, level, reasons, comment, state, due_on in rows
    )


# ---- the report --------------------------------------------------------------------------------------------


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def _check_read_only() -> None:
    if db.session.connection().get_execution_options().get(WRITE_OPTION):
        raise RuntimeError("reports only read: call report_figures outside write_transaction()")


def report_figures(hall_id: int, start: date, end: date, *, now: datetime) -> ReportFigures:
    """Every figure of the report on the hall's local days ``start``..``end`` (inclusive), as of ``now``."""
    if end < start:
        raise ValueError("the report's end is before its start")
    _check_read_only()
    hall = db.session.get(Hall, hall_id)
    if hall is None:
        raise LookupError(f"no hall {hall_id}")
    tz_name = hall.timezone
    today = service_day(now, tz_name)
    since, _ = day_bounds(start, tz_name)
    _, until = day_bounds(end, tz_name)

    services = db.session.scalars(
        select(Service).where(Service.hall_id == hall_id).order_by(Service.position, Service.prefix, Service.id)
    ).all()
    service_ids = [s.id for s in services]
    groups = ticket_groups(service_ids, start, end, hall.max_wait_minutes)

    total = Tally()
    per_service: dict[int, Tally] = defaultdict(Tally)
    per_day: dict[date, Tally] = defaultdict(Tally)
    per_counter: dict[int, Tally] = defaultdict(Tally)
    per_clerk: dict[int, Tally] = defaultdict(Tally)
    for (day, service_id, counter_id, clerk_id), tally in groups.items():
        total.add(tally)
        per_service[service_id].add(tally)
        per_day[day].add(tally)
        if counter_id is not None:
            per_counter[counter_id].add(tally)
        if clerk_id is not None:
            per_clerk[clerk_id].add(tally)

    by_service = tuple(
        ServiceFigures(service_id=s.id, prefix=s.prefix, name=s.name, tickets=per_service[s.id].totals())
        for s in services
        if s.active or s.id in per_service
    )

    counters = db.session.scalars(select(Counter).where(Counter.hall_id == hall_id).order_by(Counter.number)).all()
    # Open time counts up to the period's end, or up to now while the period is still running.
    opened = open_seconds(hall_id, [c.id for c in counters], since, min(until, max(now, since)))
    counter_figures = tuple(
        CounterFigures(
            counter_id=c.id,
            number=c.number,
            name=c.name,
            served=per_counter[c.id].served,
            avg_service_s=per_counter[c.id].avg_service_s,
            busy_s=per_counter[c.id].busy_s,
            open_s=opened[c.id],
        )
        for c in counters
        if c.active or c.id in per_counter or opened[c.id]
    )

    clerk_names = dict(
        db.session.execute(select(Staff.id, Staff.name).where(Staff.id.in_(list(per_clerk)))).all() if per_clerk else []
    )
    clerk_figures = tuple(
        sorted(
            (
                ClerkFigures(
                    staff_id=staff_id,
                    name=clerk_names.get(staff_id, ""),
                    served=tally.served,
                    avg_service_s=tally.avg_service_s,
                    busy_s=tally.busy_s,
                )
                for staff_id, tally in per_clerk.items()
            ),
            key=lambda c: (-c.served, c.name, c.staff_id),
        )
    )

    case_counts, accepted_per_day = case_figures(hall_id, start, end, tz_name, today)
    departments = db.session.scalars(
        select(Department).where(Department.hall_id == hall_id).order_by(Department.position, Department.id)
    ).all()
    department_figures = tuple(
        DepartmentCases(department_id=d.id, name=d.name, **vars(case_counts.get(d.id, CaseCounts())))
        for d in departments
    )

    ratings, ratings_per_day = rating_figures(hall_id, start, end)

    def trend(day: date) -> DayTrend:
        tally = per_day[day]  # an empty tally on a quiet day: zero tickets, no waits
        rated = ratings_per_day.get(day)
        return DayTrend(
            day=day,
            issued=tally.issued,
            served=tally.served,
            avg_wait_s=tally.avg_wait_s,
            service_level=tally.service_level,
            satisfaction_rate=rated.satisfaction_rate if rated else None,
            cases_accepted=accepted_per_day.get(day, 0),
        )

    return ReportFigures(
        hall_name=hall.name,
        start=start,
        end=end,
        target_wait_minutes=hall.max_wait_minutes,
        tickets=total.totals(),
        by_service=by_service,
        arrivals_by_hour=arrivals_by_hour(service_ids, start, end, tz_name),
        counters=counter_figures,
        clerks=clerk_figures,
        departments=department_figures,
        ratings=ratings,
        daily=tuple(trend(day) for day in _days(start, end)),
    )
