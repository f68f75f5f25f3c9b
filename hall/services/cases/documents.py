"""The data the case documents print, gathered from a visit or a case (the PDF builders only lay it out).

Masking happens here, once: the builders receive masked names, IDs and phones and cannot print more.
Addresses (the QR code's progress page) come from the adapter, which knows the hall's public URL.
"""

from datetime import datetime

from flask_babel import lazy_gettext as _l

from hall.errors import InvalidState
from hall.models import Case, CaseState, Hall, MaterialStatus, MatterKind, Visit
from hall.pdf.case_data import (
    CaseLine,
    HallInfo,
    MaterialLine,
    ReceiptData,
    RejectionNoticeData,
    SupplementNoticeData,
    TransferSlipData,
)
from hall.pdf.notices import build_rejection_notice, build_supplement_notice
from hall.pdf.receipt import build_receipt
from hall.pdf.transfer_slip import build_transfer_slip
from hall.services import identity
from hall.timeutil import local, service_day

KIND_LABELS = {MatterKind.IMMEDIATE: "即办件", MatterKind.PROMISED: "承诺件"}
# Paper is always Chinese, whatever language the clerk's screen uses.
PAPER_STATE_LABELS = {
    CaseState.ACCEPTED: "已受理",
    CaseState.IN_REVIEW: "办理中",
    CaseState.RETURNED: "办理中",
    CaseState.NEEDS_SUPPLEMENT: "待补正",
    CaseState.READY: "已办结，待领取",
    CaseState.DELIVERED: "已办结",
}
# Cases a receipt covers: accepted at some point, and not rejected or withdrawn.
RECEIPTED_STATES = (
    CaseState.ACCEPTED,
    CaseState.IN_REVIEW,
    CaseState.RETURNED,
    CaseState.READY,
    CaseState.DELIVERED,
    CaseState.NEEDS_SUPPLEMENT,
)


def hall_info(hall: Hall) -> HallInfo:
    return HallInfo(
        name=hall.name, address=hall.address, enquiry_phone=hall.enquiry_phone, supervision_phone=hall.supervision_phone
    )


def material_lines(case: Case, statuses=(MaterialStatus.RECEIVED,)) -> tuple[MaterialLine, ...]:
    return tuple(
        MaterialLine(
            name=m.name,
            originals=m.originals,
            copies=m.copies,
            received=m.status == MaterialStatus.RECEIVED,
            note=m.condition,
        )
        for m in case.materials
        if m.status in statuses
    )


def case_line(case: Case) -> CaseLine:
    state = "容缺受理" if case.deficiency_note and case.state == CaseState.ACCEPTED else PAPER_STATE_LABELS[case.state]
    return CaseLine(
        case_number=case.number,
        matter_code=case.matter_code,
        matter_name=case.matter_name,
        department=case.department.name,
        kind_label=KIND_LABELS[case.kind],
        accepted_on=case.accepted_on,
        due_on=case.due_on,
        committed_days=case.committed_days if case.kind == MatterKind.PROMISED else None,
        state_label=state,
        materials=material_lines(case),
        deficiency_note=case.deficiency_note,
        deficiency_due=case.deficiency_due,
        fee=case.matter.fee if case.matter else "",
        pickup_code=case.pickup_code if case.kind == MatterKind.PROMISED else "",
    )


def _counter_label(visit: Visit) -> str:
    return f"{visit.counter.number}号窗口" if visit.counter else ""


def receipt_pdf(visit: Visit, *, now: datetime, progress_url: str, font_path: str = "") -> bytes:
    """受理回执: one receipt for every accepted case of the visit."""
    cases = [c for c in visit.cases if c.state in RECEIPTED_STATES and c.accepted_on is not None]
    if not cases:
        raise InvalidState(_l("No case of this visit has been accepted yet, so there is no receipt to print."))
    data = ReceiptData(
        hall=hall_info(visit.hall),
        applicant_masked=identity.mask_name(visit.applicant_name),
        id_masked=identity.mask_id(visit.id_number),
        phone_masked=identity.mask_phone(visit.phone) if visit.phone else "",
        clerk_name=visit.clerk.name,
        counter_label=_counter_label(visit),
        issued_at_local=local(now, visit.hall.timezone),
        ticket_number=visit.ticket.number if visit.ticket else None,
        progress_url=progress_url,
        cases=tuple(case_line(c) for c in cases),
    )
    return build_receipt(data, font_path=font_path)


def supplement_notice_pdf(case: Case, *, now: datetime, progress_url: str, font_path: str = "") -> bytes:
    """一次性告知书: everything still missing, at once."""
    if case.state != CaseState.NEEDS_SUPPLEMENT:
        raise InvalidState(_l("Case %(number)s is not waiting for materials.", number=case.number))
    data = SupplementNoticeData(
        hall=hall_info(case.visit.hall),
        case_number=case.number,
        matter_name=case.matter_name,
        department=case.department.name,
        applicant_masked=identity.mask_name(case.visit.applicant_name),
        missing=material_lines(case, (MaterialStatus.MISSING,)),
        extra_notes=case.supplement_note,
        supply_by=case.supplement_due,
        # Asked for by the department during review: the officer asks, and the clock stops rather than starts.
        clerk_name=case.officer.name if case.accepted_on and case.officer else case.clerk.name,
        issued_on=service_day(now, case.visit.hall.timezone),
        progress_url=progress_url,
        during_review=case.accepted_on is not None,
    )
    return build_supplement_notice(data, font_path=font_path)


def rejection_notice_pdf(case: Case, *, font_path: str = "") -> bytes:
    """不予受理通知书, dated the day of the rejection."""
    if case.state != CaseState.REJECTED:
        raise InvalidState(_l("Case %(number)s was not rejected, so there is no rejection notice.", number=case.number))
    data = RejectionNoticeData(
        hall=hall_info(case.visit.hall),
        case_number=case.number,
        matter_name=case.matter_name,
        department=case.department.name,
        applicant_masked=identity.mask_name(case.visit.applicant_name),
        reason=case.reason,
        legal_basis=case.legal_basis,
        clerk_name=case.clerk.name,
        issued_on=service_day(case.decided_at or case.updated_at, case.visit.hall.timezone),
    )
    return build_rejection_notice(data, font_path=font_path)


def transfer_slip_pdf(visit: Visit, department_id: int, *, now: datetime, font_path: str = "") -> bytes:
    """物料流转单: the materials of this visit's accepted cases for one department."""
    cases = [
        c
        for c in visit.cases
        if c.department_id == department_id
        and c.state in RECEIPTED_STATES  # accepted and still on file (not rejected after coming back)
        and c.accepted_on is not None
        and c.kind == MatterKind.PROMISED
    ]
    if not cases:
        raise InvalidState(_l("No accepted case of this visit goes to that department."))
    data = TransferSlipData(
        hall=hall_info(visit.hall),
        department=cases[0].department.name,
        sent_at_local=local(now, visit.hall.timezone),
        clerk_name=visit.clerk.name,
        counter_label=_counter_label(visit),
        cases=tuple(case_line(c) for c in cases),
    )
    return build_transfer_slip(data, font_path=font_path)
