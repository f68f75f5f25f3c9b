"""Committed completion dates, counted in the hall's working days.

Rules (DOMAIN.md): the limit is counted from the day *after* acceptance, skipping weekends and public
holidays but counting adjusted workdays (the hall's calendar, ``hall.services.workdays``). While the
department waits for a supplement the clock stops: the working days from the day after the request up to
and including the day the supplement arrives are added to the limit.
"""

import enum
from dataclasses import dataclass
from datetime import date

from hall.models import CLOCK_STATES, Case, CaseState, MatterKind
from hall.services import workdays
from hall.timeutil import service_day

# A case this many working days (or fewer) from its committed date is "due soon".
DUE_SOON_WORKING_DAYS = 2


class DeadlineState(enum.StrEnum):
    NONE = "none"  # not accepted yet, or 即办件
    ON_TIME = "on_time"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    PAUSED = "paused"  # waiting for a supplement: the clock stands still
    MET = "met"  # decided on or before the committed date
    MISSED = "missed"  # decided after it


@dataclass(frozen=True)
class Deadline:
    state: DeadlineState
    due_on: date | None
    working_days_left: int | None = None


def committed_due_date(hall_id: int, case: Case) -> date | None:
    if case.accepted_on is None:
        return None
    if case.kind == MatterKind.IMMEDIATE:
        return case.accepted_on
    return workdays.add_working_days(hall_id, case.accepted_on, case.committed_days + case.paused_working_days)


def pause(case: Case, today: date) -> None:
    case.paused_on = today


def resume(hall_id: int, case: Case, today: date) -> int:
    """End a pause on ``today``: extend the limit by the working days it lasted; return how many."""
    if case.paused_on is None:
        return 0
    extension = workdays.working_days_between(hall_id, case.paused_on, today)
    case.paused_working_days += extension
    case.paused_on = None
    case.due_on = committed_due_date(hall_id, case)
    return extension


def deadline(hall_id: int, case: Case, today: date, decided_on: date | None = None) -> Deadline:
    """Where ``case`` stands against its committed date on ``today``."""
    if case.due_on is None or case.kind == MatterKind.IMMEDIATE:
        return Deadline(DeadlineState.NONE, case.due_on)
    if decided_on is not None or case.state in (CaseState.READY, CaseState.DELIVERED):
        # Decided: judged by the day of the decision, however long the result then waits to be collected.
        decided = decided_on or _decision_day(case) or today
        return Deadline(DeadlineState.MET if decided <= case.due_on else DeadlineState.MISSED, case.due_on)
    if case.paused_on is not None and case.state == CaseState.NEEDS_SUPPLEMENT:
        return Deadline(DeadlineState.PAUSED, case.due_on)
    if case.state not in CLOCK_STATES:
        return Deadline(DeadlineState.NONE, case.due_on)
    if today > case.due_on:
        late = workdays.working_days_between(hall_id, case.due_on, today)
        return Deadline(DeadlineState.OVERDUE, case.due_on, -late)
    left = workdays.working_days_between(hall_id, today, case.due_on)
    state = DeadlineState.DUE_SOON if left <= DUE_SOON_WORKING_DAYS else DeadlineState.ON_TIME
    return Deadline(state, case.due_on, left)


def _decision_day(case: Case) -> date | None:
    return service_day(case.decided_at, case.visit.hall.timezone) if case.decided_at else None


def due_soon_horizon(hall_id: int, today: date) -> date:
    """The last date that still counts as "due soon" seen from ``today`` (for queries)."""
    return workdays.add_working_days(hall_id, today, DUE_SOON_WORKING_DAYS)
