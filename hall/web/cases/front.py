"""The front desk (综合窗口): results to hand over, supplements awaited, cases the departments sent back."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from hall import clock, permissions
from hall.models import AuditAction, DeliveryMethod, Role
from hall.permissions import Capability
from hall.services.cases import access, delivery, intake, queries
from hall.services.cases.deadlines import deadline
from hall.services.cases.lifecycle import STATE_LABELS
from hall.timeutil import local, service_day
from hall.web import audit
from hall.web.cases import act, bp, staff_id


def _front_staff():
    if not permissions.can(current_user, Capability.ACCEPT_CASES, current_user.hall_id):
        abort(403)
    return current_user


@bp.get("/front/")
@login_required
def front_desk():
    staff = _front_staff()
    number = request.args.get("number", "").strip()
    if number:
        case = queries.find_case(staff.hall_id, number, service_day(clock.now(), staff.hall.timezone))
        if case is not None:
            return redirect(url_for("cases.case_page", case_id=case.id))
        flash(_("There is no case %(number)s in this hall.", number=number), "error")
    today = service_day(clock.now(), staff.hall.timezone)
    return render_template("cases/front.html", lists=queries.front_desk_lists(staff.hall_id, today), today=today)


@bp.get("/cases/<id:case_id>")
@login_required
def case_page(case_id: int):
    case = access.case_for(staff_id(), case_id)
    hall = case.visit.hall
    today = service_day(clock.now(), hall.timezone)
    page = render_template(
        "cases/case.html",
        case=case,
        visit=case.visit,
        due=deadline(case.hall_id, case, today),
        history=queries.case_history(case, hall.timezone),
        state_labels=STATE_LABELS,
        local=lambda instant: local(instant, hall.timezone),
        is_front=access.may_view(current_user, case) and current_user.role != Role.OFFICER,
        is_office=access.may_work(current_user, case),
        full_personal_data=access.sees_applicant_in_full(current_user, case),
        today=today,
    )
    audit.record(AuditAction.VIEWED, "case", case=case)
    return page


def _back(case_id: int) -> str:
    return url_for("cases.case_page", case_id=case_id)


@bp.post("/cases/<id:case_id>/supplement")
@login_required
def record_supplement(case_id: int):
    return act(
        lambda now: intake.record_supplement(
            staff_id=staff_id(), case_id=case_id, now=now, note=request.form.get("note", "")
        ),
        lambda case: _("Supplement recorded for %(number)s.", number=case.number),
        _back(case_id),
    )


@bp.post("/cases/<id:case_id>/resubmit")
@login_required
def resubmit(case_id: int):
    return act(
        lambda now: intake.resubmit(staff_id=staff_id(), case_id=case_id, now=now, note=request.form.get("note", "")),
        lambda case: _(
            "Case %(number)s sent to %(department)s again.", number=case.number, department=case.department.name
        ),
        _back(case_id),
    )


@bp.post("/cases/<id:case_id>/deliver")
@login_required
def deliver(case_id: int):
    method = request.form.get("method", DeliveryMethod.COLLECTED.value)
    if method not in DeliveryMethod._value2member_map_:
        abort(400)
    return act(
        lambda now: delivery.deliver(
            staff_id=staff_id(),
            case_id=case_id,
            now=now,
            method=DeliveryMethod(method),
            pickup_code=request.form.get("pickup_code", ""),
            note=request.form.get("delivery_note", ""),
        ),
        lambda case: _("Result of %(number)s handed over.", number=case.number),
        _back(case_id),
    )
