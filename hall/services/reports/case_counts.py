"""The case figures of a period: cases per department (accepted, completed, overdue, by kind) and cases
accepted per day."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import String, and_, or_, select, type_coerce

from hall.models import Case, CaseState, MatterKind
from hall.services.reports.sql import EpochSeconds, read_rows
from hall.timeutil import day_bounds


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
    rows = read_rows(
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
