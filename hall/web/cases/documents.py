"""The printed documents of a visit and its cases, as PDFs for the window's printer."""

from flask_login import login_required

from hall import clock
from hall.models import AuditAction
from hall.services.cases import access, documents, visits
from hall.web import audit
from hall.web.cases import bp, staff_id
from hall.web.files import file_response, font_path
from hall.web.urls import public_url


def _progress_url(visit) -> str:
    return public_url("cases.progress_page", token=visit.token)


@bp.get("/visits/<id:visit_id>/receipt.pdf")
@login_required
def receipt(visit_id: int):
    visit = visits.front_visit(staff_id(), visit_id)
    content = documents.receipt_pdf(visit, now=clock.now(), progress_url=_progress_url(visit), font_path=font_path())
    audit.record(AuditAction.PRINTED, "receipt", visit=visit)
    return file_response(content, f"receipt-{visit.id}.pdf")


@bp.get("/visits/<id:visit_id>/transfer-slip/<id:department_id>.pdf")
@login_required
def transfer_slip(visit_id: int, department_id: int):
    visit = visits.front_visit(staff_id(), visit_id)
    content = documents.transfer_slip_pdf(visit, department_id, now=clock.now(), font_path=font_path())
    audit.record(AuditAction.PRINTED, "transfer_slip", visit=visit, detail=f"department {department_id}")
    return file_response(content, f"transfer-{visit.id}-{department_id}.pdf")


@bp.get("/cases/<id:case_id>/notice.pdf")
@login_required
def supplement_notice(case_id: int):
    case = access.case_for(staff_id(), case_id)
    content = documents.supplement_notice_pdf(
        case, now=clock.now(), progress_url=_progress_url(case.visit), font_path=font_path()
    )
    audit.record(AuditAction.PRINTED, "supplement_notice", case=case)
    return file_response(content, f"notice-{case.number}.pdf")


@bp.get("/cases/<id:case_id>/rejection.pdf")
@login_required
def rejection_notice(case_id: int):
    case = access.case_for(staff_id(), case_id)
    content = documents.rejection_notice_pdf(case, font_path=font_path())
    audit.record(AuditAction.PRINTED, "rejection_notice", case=case)
    return file_response(content, f"rejection-{case.number}.pdf")
