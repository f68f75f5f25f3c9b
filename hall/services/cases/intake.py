"""At the window: record the cases of a visit, check their materials, and accept, notify or reject each.

Every function takes plain arguments, checks who acts (``access``) and the case's state (``lifecycle``),
and raises a domain error with a message the clerk can act on.
"""

import secrets
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from hall.errors import InvalidState, ValidationFailed
from hall.extensions import db
from hall.models import Case, CaseMaterial, CaseState, Kind, MaterialStatus, Matter, MatterKind, Outcome
from hall.services.cases import access, deadlines, lifecycle
from hall.services.cases.inputs import clean_text, future_date
from hall.services.cases.numbering import next_case_number
from hall.services.cases.visits import front_visit, local_day

CHANNEL = "counter"


def _default_status(required: bool, condition: str) -> MaterialStatus:
    # Conditional and optional materials only count once the clerk says they apply to this resident.
    return MaterialStatus.MISSING if required and not condition else MaterialStatus.NOT_APPLICABLE


def record_case(*, staff_id: int, visit_id: int, matter_id: int, now: datetime) -> Case:
    """Add a case for ``matter_id`` to the visit, numbered at once, with the matter's materials to check."""
    visit = front_visit(staff_id, visit_id)
    matter = db.session.get(Matter, matter_id)
    if matter is None or matter.hall_id != visit.hall_id or not matter.active:
        raise ValidationFailed(
            _l("This matter is not handled in this hall; choose one from the search results."), field="matter_id"
        )
    today = local_day(visit, now)
    case = Case(
        hall_id=visit.hall_id,
        visit=visit,
        number=next_case_number(visit.hall_id, visit.hall.code, today),
        matter_id=matter.id,
        department_id=matter.department_id,
        matter_code=matter.code,
        matter_name=matter.name,
        kind=matter.kind,
        committed_days=matter.committed_days,
        state=CaseState.RECEIVED,
        received_at=now,
        clerk_id=staff_id,
        updated_at=now,
        materials=[
            CaseMaterial(
                material_id=m.id,
                position=i,
                name=m.name,
                originals=m.originals,
                copies=m.copies,
                required=m.required,
                condition=m.condition,
                status=_default_status(m.required, m.condition),
            )
            for i, m in enumerate(matter.materials)
        ],
    )
    db.session.add(case)
    db.session.flush()
    lifecycle.record(
        case, Kind.CASE_RECORDED, now=now, staff_id=staff_id, channel=CHANNEL, matter=matter.code, visit=visit.id
    )
    return case


def check_materials(*, staff_id: int, case_id: int, statuses: dict[int, MaterialStatus], now: datetime) -> Case:
    """Set what was handed in: ``statuses`` maps case-material ids to received / missing / not applicable."""
    _, case = access.front_case(staff_id, case_id)
    lifecycle.check_allowed(case, Kind.CASE_MATERIALS)
    by_id = {m.id: m for m in case.materials}
    unknown = set(statuses) - set(by_id)
    if unknown:
        raise ValidationFailed(_l("These materials do not belong to the case."), field="materials")
    changed = 0
    for material_id, status in statuses.items():
        material = by_id[material_id]
        if status == MaterialStatus.NOT_APPLICABLE and material.required and not material.condition:
            raise ValidationFailed(
                _l("%(material)s is always required; mark it received or missing.", material=material.name),
                field="materials",
            )
        changed += material.status != status
        material.status = status
    if not changed:
        return case  # the page sends every tick with every decision: only real changes go into the history
    case.updated_at = now
    lifecycle.record(
        case,
        Kind.CASE_MATERIALS,
        now=now,
        staff_id=staff_id,
        channel=CHANNEL,
        received=sum(m.status == MaterialStatus.RECEIVED for m in case.materials),
        missing=len(case.missing_materials),
    )
    return case


def _require_applicant(case: Case) -> None:
    if not case.visit.has_applicant:
        raise ValidationFailed(_l("Enter the applicant first: name and identity document."), field="applicant_name")


def accept(
    *,
    staff_id: int,
    case_id: int,
    now: datetime,
    deficiency_note: str = "",
    deficiency_due: date | None = None,
) -> Case:
    """受理. With materials missing only as 容缺受理: what is missing, and the date the resident brings it."""
    _, case = access.front_case(staff_id, case_id)
    lifecycle.check_allowed(case, Kind.CASE_ACCEPTED)
    _require_applicant(case)
    today = local_day(case.visit, now)
    deficiency_note = clean_text(deficiency_note, "deficiency_note")
    missing = case.missing_materials
    if missing and not deficiency_note:
        raise ValidationFailed(
            _l(
                "%(count)s material(s) are missing: accept with deficiencies (容缺) stating what and by when, "
                "or give the resident a one-time notice.",
                count=len(missing),
            ),
            field="deficiency_note",
        )
    case.deficiency_note = deficiency_note
    case.deficiency_due = future_date(deficiency_due, today, "deficiency_due", required=bool(deficiency_note))
    case.accepted_at = now
    case.accepted_on = today
    case.due_on = deadlines.committed_due_date(case.hall_id, case)
    case.pickup_code = _pickup_code()
    lifecycle.transition(
        case,
        Kind.CASE_ACCEPTED,
        now=now,
        staff_id=staff_id,
        channel=CHANNEL,
        due_on=case.due_on.isoformat(),
        deficiency=bool(deficiency_note),
    )
    return case


def issue_notice(*, staff_id: int, case_id: int, now: datetime, note: str = "", supply_by: date | None = None) -> Case:
    """一次性告知: list everything missing at once; the case is accepted when the supplement arrives."""
    _, case = access.front_case(staff_id, case_id)
    lifecycle.check_allowed(case, Kind.CASE_NOTICE)
    note = clean_text(note, "supplement_note")
    if not case.missing_materials and not note:
        raise ValidationFailed(
            _l("Mark the missing materials, or describe what is missing, before giving a notice."),
            field="supplement_note",
        )
    today = local_day(case.visit, now)
    case.supplement_note = note
    case.supplement_due = future_date(supply_by, today, "supply_by", required=False)
    lifecycle.transition(
        case,
        Kind.CASE_NOTICE,
        now=now,
        staff_id=staff_id,
        channel=CHANNEL,
        missing=[m.name for m in case.missing_materials],
    )
    return case


def reject(*, staff_id: int, case_id: int, now: datetime, reason: str, legal_basis: str = "") -> Case:
    """不予受理, with the reason (and legal basis) the rejection notice prints."""
    _, case = access.front_case(staff_id, case_id)
    lifecycle.check_allowed(case, Kind.CASE_REJECTED)
    case.reason = clean_text(reason, "reason", required=True, message=_l("Give the reason for not accepting."))
    case.legal_basis = clean_text(legal_basis, "legal_basis")
    case.decided_at = now
    lifecycle.transition(case, Kind.CASE_REJECTED, now=now, staff_id=staff_id, channel=CHANNEL, reason=case.reason)
    return case


def complete_on_the_spot(*, staff_id: int, case_id: int, now: datetime) -> Case:
    """即办件: accepted, decided and handed over at the window in one step."""
    _, case = access.front_case(staff_id, case_id)
    lifecycle.check_allowed(case, Kind.CASE_COMPLETED)
    if case.kind != MatterKind.IMMEDIATE:
        raise InvalidState(_l("Only 即办件 are completed on the spot; accept this case for its department."))
    _require_applicant(case)
    if case.missing_materials:
        raise ValidationFailed(
            _l("Materials are missing; a case is completed on the spot only with everything handed in."),
            field="materials",
        )
    today = local_day(case.visit, now)
    case.accepted_at = case.decided_at = case.delivered_at = now
    case.accepted_on = case.due_on = today
    case.outcome = Outcome.APPROVED
    lifecycle.transition(case, Kind.CASE_COMPLETED, now=now, staff_id=staff_id, channel=CHANNEL)
    return case


def withdraw(*, staff_id: int, case_id: int, now: datetime, reason: str = "") -> Case:
    """Drop a case before acceptance (recorded by mistake; the resident changed their mind). The number stays used."""
    _, case = access.front_case(staff_id, case_id)
    if case.accepted_on is not None:
        # Waiting for a supplement the department asked for: accepted, so on file for good (reject or decide it).
        lifecycle.refuse(case, Kind.CASE_WITHDRAWN)
    lifecycle.transition(
        case, Kind.CASE_WITHDRAWN, now=now, staff_id=staff_id, channel=CHANNEL, reason=clean_text(reason, "reason")
    )
    return case


def record_supplement(*, staff_id: int, case_id: int, now: datetime, note: str = "") -> Case:
    """The resident brought what was missing: back to the window's checks, or (during review) to the department."""
    _, case = access.front_case(staff_id, case_id)
    lifecycle.check_allowed(case, Kind.CASE_SUPPLEMENTED)
    note = clean_text(note, "note")
    today = local_day(case.visit, now)
    if case.accepted_on is None:
        # Noticed before acceptance: the clerk checks the materials again and accepts (the clock starts then).
        target = CaseState.RECEIVED
        extension = 0
    else:
        for material in case.missing_materials:
            material.status = MaterialStatus.RECEIVED
        extension = deadlines.resume(case.hall_id, case, today)
        target = CaseState.IN_REVIEW
    case.supplement_note = ""
    case.supplement_due = None
    lifecycle.transition(
        case,
        Kind.CASE_SUPPLEMENTED,
        now=now,
        staff_id=staff_id,
        channel=CHANNEL,
        to_state=target,
        note=note,
        extended_by=extension,
    )
    return case


def resubmit(*, staff_id: int, case_id: int, now: datetime, note: str = "") -> Case:
    """Send a returned case to its department again, after putting right what the department asked."""
    _, case = access.front_case(staff_id, case_id)
    lifecycle.check_allowed(case, Kind.CASE_RESUBMITTED)
    case.reason = ""
    lifecycle.transition(
        case, Kind.CASE_RESUBMITTED, now=now, staff_id=staff_id, channel=CHANNEL, note=clean_text(note, "note")
    )
    return case


def _pickup_code() -> str:
    return f"{secrets.randbelow(10**6):06d}"
