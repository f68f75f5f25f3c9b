"""The department's back office (后台): review, approve or decline, ask for a supplement, or return a case.

Only officers of the case's department act here (``access.department_case``). A supplement request stops the
committed-date clock until the front desk records the supplement (``intake.record_supplement``).
"""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from hall.models import Case, Kind, Outcome
from hall.services.cases import access, deadlines, lifecycle
from hall.services.cases.inputs import clean_text, future_date
from hall.services.cases.visits import local_day

CHANNEL = "office"


def start_review(*, staff_id: int, case_id: int, now: datetime) -> Case:
    staff, case = access.department_case(staff_id, case_id)
    case.officer_id = staff.id
    lifecycle.transition(case, Kind.CASE_REVIEW_STARTED, now=now, staff_id=staff.id, channel=CHANNEL)
    return case


def approve(*, staff_id: int, case_id: int, now: datetime, note: str = "") -> Case:
    """办结 (approved): the result waits at the front desk for collection."""
    return _decide(staff_id, case_id, now, Outcome.APPROVED, reason=clean_text(note, "note"))


def decline(*, staff_id: int, case_id: int, now: datetime, reason: str, legal_basis: str = "") -> Case:
    """办结 (declined): the decision, with its reason, waits at the front desk like any result."""
    access.department_case(staff_id, case_id)  # who asks comes first: a stranger learns nothing from the checks
    reason = clean_text(reason, "reason", required=True, message=_l("Give the reason for declining."))
    return _decide(
        staff_id, case_id, now, Outcome.DECLINED, reason=reason, legal_basis=clean_text(legal_basis, "legal_basis")
    )


def _decide(
    staff_id: int, case_id: int, now: datetime, outcome: Outcome, *, reason: str, legal_basis: str = ""
) -> Case:
    staff, case = access.department_case(staff_id, case_id)
    kind = Kind.CASE_APPROVED if outcome == Outcome.APPROVED else Kind.CASE_DECLINED
    lifecycle.check_allowed(case, kind)
    case.outcome = outcome
    case.reason = reason
    case.legal_basis = legal_basis
    case.decided_at = now
    case.officer_id = staff.id
    lifecycle.transition(case, kind, now=now, staff_id=staff.id, channel=CHANNEL, reason=reason)
    return case


def request_supplement(*, staff_id: int, case_id: int, now: datetime, note: str, supply_by: date | None = None) -> Case:
    """Ask the resident (through the front desk) for more; the committed-date clock stops meanwhile."""
    staff, case = access.department_case(staff_id, case_id)
    lifecycle.check_allowed(case, Kind.CASE_SUPPLEMENT_REQUESTED)
    note = clean_text(note, "note", required=True, message=_l("Say what the resident must bring."))
    today = local_day(case.visit, now)
    case.supplement_note = note
    case.supplement_due = future_date(supply_by, today, "supply_by", required=False)
    case.officer_id = staff.id
    deadlines.pause(case, today)
    lifecycle.transition(case, Kind.CASE_SUPPLEMENT_REQUESTED, now=now, staff_id=staff.id, channel=CHANNEL, note=note)
    return case


def return_to_front(*, staff_id: int, case_id: int, now: datetime, reason: str) -> Case:
    """退回: the window must put something right (wrong matter, unreadable copy) before the department goes on."""
    staff, case = access.department_case(staff_id, case_id)
    lifecycle.check_allowed(case, Kind.CASE_RETURNED)
    reason = clean_text(reason, "reason", required=True, message=_l("Say why the case goes back to the window."))
    case.reason = reason
    case.officer_id = staff.id
    lifecycle.transition(case, Kind.CASE_RETURNED, now=now, staff_id=staff.id, channel=CHANNEL, reason=reason)
    return case
