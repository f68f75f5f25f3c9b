"""The visit at the window: the applicant once, then one case per matter, each checked and decided."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from hall import clock
from hall.db import write_transaction
from hall.errors import DomainError, NotFound, PermissionDenied
from hall.extensions import db
from hall.models import AuditAction, Case, CaseState, MaterialStatus
from hall.services import identity
from hall.services.cases import access, catalogue, intake, visits
from hall.services.cases.lifecycle import STATE_LABELS
from hall.timeutil import service_day
from hall.web import audit
from hall.web.cases import act, bp, form_date, staff_id
from hall.web.counter import serving_staff


@bp.post("/counter/<id:counter_id>/visit")
@login_required
def open_visit(counter_id: int):
    serving_staff()
    try:
        with write_transaction():
            visit = visits.open_visit(staff_id=staff_id(), counter_id=counter_id, now=clock.now())
    except (PermissionDenied, NotFound):
        raise
    except DomainError as error:
        flash(str(error.message), "error")
        return redirect(url_for("counter.workstation", counter_id=counter_id))
    return redirect(url_for("cases.visit_page", visit_id=visit.id))


@bp.get("/visits/<id:visit_id>")
@login_required
def visit_page(visit_id: int):
    serving_staff()
    visit = visits.front_visit(staff_id(), visit_id)
    page = _render_visit(visit)
    audit.record(AuditAction.VIEWED, "visit", visit=visit)
    return page


def _render_visit(visit, applicant: dict | None = None, applicant_error: str = "", status: int = 200):
    """The visit page; ``applicant`` keeps what the clerk typed when it was refused, so nothing is retyped.

    The applicant is shown in full, in the form, only to whoever would see it in full on the visit's case pages
    (the same rule, ``sees_applicant_in_full``); anyone else gets the masked forms and no form to correct it.
    """
    query = request.args.get("q", "")
    matters = catalogue.search_matters(visit.hall_id, query) if query else []
    full = access.sees_applicant_in_full(current_user, visit)
    if full:
        shown = applicant or {
            "applicant_name": visit.applicant_name,
            "id_type": visit.id_type,
            "id_number": visit.id_number,
            "phone": visit.phone,
        }
    else:  # the full values never reach the template
        shown = {
            "applicant_name": identity.mask_name(visit.applicant_name),
            "id_type": visit.id_type,
            "id_number": identity.mask_id(visit.id_number),
            "phone": identity.mask_phone(visit.phone),
        }
    page = render_template(
        "cases/visit.html",
        visit=visit,
        applicant=shown,
        full_personal_data=full,
        applicant_error=applicant_error,
        query=query,
        matters=matters,
        id_types=identity.ID_TYPE_LABELS,
        state_labels=STATE_LABELS,
        statuses=MaterialStatus,
        today=service_day(clock.now(), visit.hall.timezone),
    )
    return page, status


def _back(visit_id: int) -> str:
    return url_for("cases.visit_page", visit_id=visit_id)


@bp.post("/visits/<id:visit_id>/applicant")
@login_required
def record_applicant(visit_id: int):
    serving_staff()
    typed = {name: request.form.get(name, "")[:64] for name in ("applicant_name", "id_type", "id_number", "phone")}
    try:
        with write_transaction():
            visits.record_applicant(
                staff_id=staff_id(),
                visit_id=visit_id,
                name=typed["applicant_name"],
                id_type=typed["id_type"],
                id_number=typed["id_number"],
                phone=typed["phone"],
                now=clock.now(),
            )
    except (PermissionDenied, NotFound):
        raise
    except DomainError as error:
        # Shown again with what was typed and the message next to the form: only the wrong field needs fixing.
        return _render_visit(visits.front_visit(staff_id(), visit_id), typed, str(error.message), 422)
    flash(_("Applicant saved."), "ok")
    return redirect(_back(visit_id))


@bp.post("/visits/<id:visit_id>/cases")
@login_required
def record_case(visit_id: int):
    serving_staff()
    matter_id = request.form.get("matter_id", "")
    return act(
        lambda now: intake.record_case(
            staff_id=staff_id(), visit_id=visit_id, matter_id=int(matter_id) if matter_id.isdigit() else 0, now=now
        ),
        lambda case: _("Case %(number)s recorded: check its materials.", number=case.number),
        _back(visit_id),
    )


def _posted_statuses() -> dict[int, MaterialStatus]:
    statuses = {}
    for key, value in request.form.items():
        if key.startswith("material_") and key[9:].isdigit() and value in MaterialStatus._value2member_map_:
            statuses[int(key[9:])] = MaterialStatus(value)
    return statuses


def _posted_back() -> str:
    """Where a case form returns: the visit it was posted from, else the front desk."""
    visit_id = request.form.get("visit_id", "")
    return _back(int(visit_id)) if visit_id.isdigit() else url_for("cases.front_desk")


def _case_action(case_id: int, change, success):
    """Act on a case from the visit page and come back to that visit.

    The case's form carries the materials' radio buttons too. What the clerk ticked is saved first, in its own
    step, so pressing "Accept" right after ticking never loses the ticks, even when the acceptance itself is
    refused (a material still missing). A tab left open after the case moved on skips the ticks, so the clerk
    hears why the decision was refused rather than about the ticks.
    """
    serving_staff()
    back = _posted_back()
    statuses = _posted_statuses()
    case = db.session.get(Case, case_id)
    if statuses and case is not None and case.state == CaseState.RECEIVED:
        try:
            with write_transaction():
                intake.check_materials(staff_id=staff_id(), case_id=case_id, statuses=statuses, now=clock.now())
        except (PermissionDenied, NotFound):
            raise
        except DomainError as error:
            flash(str(error.message), "error")
            return redirect(back)
    return act(change, success, back)


@bp.post("/cases/<id:case_id>/materials")
@login_required
def check_materials(case_id: int):
    serving_staff()
    back = _posted_back()
    statuses = _posted_statuses()
    return act(
        lambda now: intake.check_materials(staff_id=staff_id(), case_id=case_id, statuses=statuses, now=now),
        _("Materials saved."),
        back,
    )


@bp.post("/cases/<id:case_id>/accept")
@login_required
def accept(case_id: int):
    return _case_action(
        case_id,
        lambda now: intake.accept(
            staff_id=staff_id(),
            case_id=case_id,
            now=now,
            deficiency_note=request.form.get("deficiency_note", ""),
            deficiency_due=form_date("deficiency_due"),
        ),
        lambda case: _("Case %(number)s accepted; due %(due)s.", number=case.number, due=case.due_on.isoformat()),
    )


@bp.post("/cases/<id:case_id>/notice")
@login_required
def notice(case_id: int):
    return _case_action(
        case_id,
        lambda now: intake.issue_notice(
            staff_id=staff_id(),
            case_id=case_id,
            now=now,
            note=request.form.get("supplement_note", ""),
            supply_by=form_date("supply_by"),
        ),
        lambda case: _("One-time notice for %(number)s: print it for the resident.", number=case.number),
    )


@bp.post("/cases/<id:case_id>/reject")
@login_required
def reject(case_id: int):
    return _case_action(
        case_id,
        lambda now: intake.reject(
            staff_id=staff_id(),
            case_id=case_id,
            now=now,
            reason=request.form.get("reason", ""),
            legal_basis=request.form.get("legal_basis", ""),
        ),
        lambda case: _("Case %(number)s not accepted: print the notice for the resident.", number=case.number),
    )


@bp.post("/cases/<id:case_id>/complete")
@login_required
def complete(case_id: int):
    return _case_action(
        case_id,
        lambda now: intake.complete_on_the_spot(staff_id=staff_id(), case_id=case_id, now=now),
        lambda case: _("Case %(number)s completed on the spot.", number=case.number),
    )


@bp.post("/cases/<id:case_id>/withdraw")
@login_required
def withdraw(case_id: int):
    return _case_action(
        case_id,
        lambda now: intake.withdraw(
            staff_id=staff_id(), case_id=case_id, now=now, reason=request.form.get("reason", "")
        ),
        lambda case: _("Case %(number)s withdrawn.", number=case.number),
    )
