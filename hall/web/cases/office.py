"""The back office (后台): a department's inbox and the officer's decisions."""

from flask import abort, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from hall import clock, permissions
from hall.permissions import Capability
from hall.services.cases import backoffice, queries
from hall.timeutil import service_day
from hall.web.cases import act, bp, form_date, staff_id


@bp.get("/office/")
@login_required
def inbox():
    if not permissions.can(current_user, Capability.WORK_CASES, current_user.hall_id) or not current_user.department_id:
        abort(403)
    today = service_day(clock.now(), current_user.hall.timezone)
    cases = queries.department_inbox(current_user.hall_id, current_user.department_id, today)
    return render_template("cases/inbox.html", cases=cases, department=current_user.department, today=today)


def _back(case_id: int) -> str:
    return url_for("cases.case_page", case_id=case_id)


@bp.post("/cases/<id:case_id>/review")
@login_required
def start_review(case_id: int):
    return act(
        lambda now: backoffice.start_review(staff_id=staff_id(), case_id=case_id, now=now),
        lambda case: _("You are reviewing %(number)s.", number=case.number),
        _back(case_id),
    )


@bp.post("/cases/<id:case_id>/approve")
@login_required
def approve(case_id: int):
    return act(
        lambda now: backoffice.approve(
            staff_id=staff_id(), case_id=case_id, now=now, note=request.form.get("note", "")
        ),
        lambda case: _("Case %(number)s approved: the result waits at the front desk.", number=case.number),
        _back(case_id),
    )


@bp.post("/cases/<id:case_id>/decline")
@login_required
def decline(case_id: int):
    return act(
        lambda now: backoffice.decline(
            staff_id=staff_id(),
            case_id=case_id,
            now=now,
            reason=request.form.get("reason", ""),
            legal_basis=request.form.get("legal_basis", ""),
        ),
        lambda case: _("Case %(number)s declined: the decision waits at the front desk.", number=case.number),
        _back(case_id),
    )


@bp.post("/cases/<id:case_id>/request-supplement")
@login_required
def request_supplement(case_id: int):
    return act(
        lambda now: backoffice.request_supplement(
            staff_id=staff_id(),
            case_id=case_id,
            now=now,
            note=request.form.get("note", ""),
            supply_by=form_date("supply_by"),
        ),
        lambda case: _("Supplement requested for %(number)s; the clock stops until it arrives.", number=case.number),
        _back(case_id),
    )


@bp.post("/cases/<id:case_id>/return")
@login_required
def return_to_front(case_id: int):
    return act(
        lambda now: backoffice.return_to_front(
            staff_id=staff_id(), case_id=case_id, now=now, reason=request.form.get("reason", "")
        ),
        lambda case: _("Case %(number)s returned to the front desk.", number=case.number),
        _back(case_id),
    )
