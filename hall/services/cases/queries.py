"""Read models for staff: a department's inbox, the front desk's lists, one case with its history.

Rows are plain dicts. Personal data appears in full only where ``full_personal_data`` is true (staff who work
the case); lists show masked forms, which is all a list needs.
"""

import unicodedata
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from hall.extensions import db
from hall.models import Case, CaseState, HistoryEntry, Staff
from hall.services import identity
from hall.services.cases import deadlines
from hall.services.cases.lifecycle import ACTION_LABELS, STATE_LABELS

INBOX_STATES = (CaseState.ACCEPTED, CaseState.IN_REVIEW, CaseState.NEEDS_SUPPLEMENT, CaseState.RETURNED)
# RECEIVED is here for cases that came back with their materials after a notice (or were left half-recorded):
# without it such a case would be on no list at all.
FRONT_STATES = (CaseState.READY, CaseState.NEEDS_SUPPLEMENT, CaseState.RETURNED, CaseState.RECEIVED)
LIST_LIMIT = 500


# Rows show the department and the (masked) applicant: load them with the cases, not one query per row.
_WITH_ROW_DATA = (selectinload(Case.department), selectinload(Case.visit))


def case_row(case: Case, today: date) -> dict:
    due = deadlines.deadline(case.hall_id, case, today, decided_on=None)
    return {
        "id": case.id,
        "number": case.number,
        "matter": case.matter_name,
        "matter_code": case.matter_code,
        "department": case.department.name,
        "kind": case.kind.value,
        "state": case.state.value,
        "state_label": STATE_LABELS[case.state],
        "outcome": case.outcome.value if case.outcome else None,
        "applicant": identity.mask_name(case.visit.applicant_name),
        "phone": identity.mask_phone(case.visit.phone) if case.visit.phone else "",
        "accepted_on": case.accepted_on,
        "due_on": case.due_on,
        "deadline": due.state.value,
        "days_left": due.working_days_left,
        "note": case.supplement_note or case.reason,
    }


def _order(rows: list[dict]) -> list[dict]:
    urgency = {"overdue": 0, "due_soon": 1, "on_time": 2, "paused": 3, "none": 4, "met": 5, "missed": 5}
    return sorted(rows, key=lambda r: (urgency[r["deadline"]], r["due_on"] or date.max, r["number"]))


def department_inbox(hall_id: int, department_id: int, today: date) -> list[dict]:
    cases = db.session.scalars(
        select(Case)
        .where(
            Case.hall_id == hall_id,
            Case.department_id == department_id,
            Case.state.in_(INBOX_STATES),
            Case.accepted_on.is_not(None),  # noticed at the window before acceptance: not the department's yet
        )
        .options(*_WITH_ROW_DATA)
        .limit(LIST_LIMIT)
    )
    return _order([case_row(c, today) for c in cases])


def front_desk_lists(hall_id: int, today: date) -> dict[str, list[dict]]:
    """What the front windows must act on: results to hand over, supplements awaited, cases sent back."""
    cases = db.session.scalars(
        select(Case)
        .where(Case.hall_id == hall_id, Case.state.in_(FRONT_STATES))
        .options(*_WITH_ROW_DATA)
        .limit(LIST_LIMIT)
    ).all()
    lists = {state.value: [] for state in FRONT_STATES}
    for case in cases:
        lists[case.state.value].append(case_row(case, today))
    return {state: _order(rows) for state, rows in lists.items()}


def open_cases_of_hall(hall_id: int, today: date) -> list[dict]:
    """Every accepted, undecided case of the hall, most urgent first (managers' overview)."""
    cases = db.session.scalars(
        select(Case)
        .where(Case.hall_id == hall_id, Case.state.in_(INBOX_STATES), Case.accepted_on.is_not(None))
        .options(*_WITH_ROW_DATA)
        .limit(LIST_LIMIT)
    )
    return _order([case_row(c, today) for c in cases])


def find_case(hall_id: int, number: str, today: date | None = None) -> Case | None:
    """The case with this number; full-width characters from a Chinese input method are fine, and today's cases
    can be found by their sequence alone ("7" or "0007")."""
    text = unicodedata.normalize("NFKC", number or "").strip().upper().replace("—", "-").replace(" ", "")
    if text.isdigit() and len(text) <= 4 and today is not None:
        return db.session.scalar(
            select(Case).where(Case.hall_id == hall_id, Case.number.like(f"%-{today:%Y%m%d}-{int(text):04d}"))
        )
    return db.session.scalar(select(Case).where(Case.hall_id == hall_id, Case.number == text))


def case_history(case: Case, tz_name: str) -> list[dict]:
    entries = db.session.scalars(select(HistoryEntry).where(HistoryEntry.case_id == case.id).order_by(HistoryEntry.id))
    staff_names = {}
    rows = []
    for entry in entries:
        if entry.staff_id and entry.staff_id not in staff_names:
            staff_names[entry.staff_id] = db.session.get(Staff, entry.staff_id).name
        rows.append(
            {
                "at": entry.at,
                "action": ACTION_LABELS.get(entry.kind, entry.kind.value),
                "by": staff_names.get(entry.staff_id, ""),
                "note": entry.data.get("reason") or entry.data.get("note") or "",
            }
        )
    return rows
