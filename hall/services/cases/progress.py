"""The resident's progress page: a visit's cases, their steps and dates, what is missing, where to collect.

Reached from the receipt's QR code (the visit's unguessable token) or by case number plus the last four
digits of the applicant's phone; ``check_lookup`` / ``count_lookup`` allow a client only a few wrong guesses an
hour. Shows masked personal data only.
"""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hall.errors import NotFound
from hall.extensions import db
from hall.models import Case, CaseState, HistoryEntry, Kind, Visit
from hall.services import identity, throttle
from hall.services.cases import deadlines
from hall.services.cases.lifecycle import ACTION_LABELS, STATE_LABELS
from hall.timeutil import local, service_day

# Wrong guesses allowed per client address and hour; after that even a right one waits for the hour to end.
LOOKUP_ATTEMPTS_PER_HOUR = 10

# The steps a resident cares about (not the window's internal ones, such as ticking materials).
RESIDENT_STEPS = frozenset(ACTION_LABELS) - {Kind.CASE_MATERIALS}

# What the resident should do next, per state.
NEXT_STEP = {
    CaseState.RECEIVED: _l("The window is still recording your application."),
    CaseState.NEEDS_SUPPLEMENT: _l("Please bring the missing materials listed below to the service hall."),
    CaseState.ACCEPTED: _l("Accepted; the department will process it."),
    CaseState.IN_REVIEW: _l("The department is processing your application."),
    CaseState.RETURNED: _l("The window is checking your application again; no action is needed from you yet."),
    CaseState.READY: _l("The result is ready: collect it at the hall's general window with your receipt and ID card."),
    CaseState.DELIVERED: _l("Finished and handed over."),
    CaseState.REJECTED: _l("Not accepted; see the notice you were given for the reason and your remedies."),
    CaseState.WITHDRAWN: _l("Withdrawn."),
}


def visit_by_token(token: str) -> Visit:
    visit = db.session.scalar(select(Visit).where(Visit.token == token)) if 10 <= len(token) <= 32 else None
    if visit is None:
        raise NotFound(_l("There is no application with this code. Please scan the receipt's QR code again."))
    return visit


def check_lookup(*, client_key: str, now: datetime) -> None:
    """Refuse a client that has used up its wrong guesses for the hour (before looking anything up)."""
    throttle.check(f"progress:{client_key}", limit=LOOKUP_ATTEMPTS_PER_HOUR, window_seconds=3600, now=now)


def count_lookup(*, client_key: str, now: datetime) -> None:
    """Count one wrong guess by ``client_key``; refuses once the hour's allowance is used up.

    Only wrong guesses count, so residents behind one address (the hall's Wi-Fi, a county proxy) who type their
    numbers right never lock each other out. The adapter runs it in a transaction of its own after a failed
    ``lookup``.
    """
    throttle.hit(f"progress:{client_key}", limit=LOOKUP_ATTEMPTS_PER_HOUR, window_seconds=3600, now=now)


def lookup(*, case_number: str, phone_last4: str) -> Case:
    """The case with this number whose applicant's phone ends in ``phone_last4``."""
    case = db.session.scalar(select(Case).where(Case.number == (case_number or "").strip().upper()))
    if case is None or not case.visit.phone or identity.last4_phone(case.visit.phone) != (phone_last4 or "").strip():
        raise NotFound(_l("No application matches this case number and phone number."))
    return case


def case_progress(case: Case, now: datetime) -> dict:
    hall = case.visit.hall
    today = service_day(now, hall.timezone)
    due = deadlines.deadline(case.hall_id, case, today)
    steps = [
        {"at": local(e.at, hall.timezone), "action": ACTION_LABELS.get(e.kind, "")}
        for e in db.session.scalars(
            select(HistoryEntry).where(HistoryEntry.case_id == case.id).order_by(HistoryEntry.id)
        )
        if e.kind in RESIDENT_STEPS
    ]
    missing = [m.name for m in case.missing_materials] if case.state == CaseState.NEEDS_SUPPLEMENT else []
    return {
        "number": case.number,
        "matter": case.matter_name,
        "department": case.department.name,
        "state": case.state.value,
        "state_label": STATE_LABELS[case.state],
        "next_step": NEXT_STEP[case.state],
        "accepted_on": case.accepted_on,
        "due_on": case.due_on,
        "deadline": due.state.value,
        "missing": missing,
        "supplement_note": case.supplement_note if case.state == CaseState.NEEDS_SUPPLEMENT else "",
        "supplement_due": case.supplement_due,
        "outcome": case.outcome.value if case.outcome else None,
        "steps": steps,
    }


def visit_progress(visit: Visit, now: datetime) -> dict:
    return {
        "hall": {"name": visit.hall.name, "address": visit.hall.address, "phone": visit.hall.enquiry_phone},
        "applicant": identity.mask_name(visit.applicant_name),
        "cases": [case_progress(c, now) for c in visit.cases if c.state != CaseState.WITHDRAWN],
    }
