"""The manager's live dashboard, the follow-ups of bad ratings, and the reports (PDF, CSV, Excel)."""

from datetime import date, timedelta

from flask import current_app, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from hall import clock
from hall.errors import ValidationFailed
from hall.models import AuditAction
from hall.permissions import Capability
from hall.services import dashboard, ratings
from hall.services.reports import archive
from hall.timeutil import service_day
from hall.web import audit
from hall.web.files import file_response, font_path
from hall.web.manage import bp, hall_page, submit

CONFIGURE = Capability.CONFIGURE_HALL
# A range report covers at most this many days (a year and a bit): larger ones belong in an export job.
MAX_RANGE_DAYS = 400


@bp.get("/<code>/dashboard")
@hall_page(CONFIGURE)
def dashboard_page(hall):
    return render_template("manage/dashboard.html", hall=hall, data=dashboard.dashboard(hall, clock.now()))


@bp.get("/<code>/dashboard.json")
@hall_page(CONFIGURE)
def dashboard_data(hall):
    return jsonify(dashboard.dashboard(hall, clock.now()))


@bp.get("/<code>/follow-ups")
@hall_page(CONFIGURE)
def follow_ups_page(hall):
    show_all = request.args.get("all") == "1"
    return render_template(
        "manage/follow_ups.html",
        hall=hall,
        follow_ups=ratings.follow_ups(hall.id, open_only=not show_all),
        show_all=show_all,
        today=service_day(clock.now(), hall.timezone),
        reasons=ratings.REASONS,
        levels=ratings.LEVEL_NAMES,
    )


@bp.post("/<code>/follow-ups/<id:follow_up_id>/call-back")
@hall_page(CONFIGURE)
def follow_up_call_back(hall, follow_up_id: int):
    submit(
        None,
        lambda: ratings.record_call_back(
            actor_id=current_user.id, follow_up_id=follow_up_id, note=request.form.get("note", ""), now=clock.now()
        ),
        _("Call-back recorded."),
    )
    return redirect(url_for("manage.follow_ups_page", code=hall.code))


@bp.post("/<code>/follow-ups/<id:follow_up_id>/close")
@hall_page(CONFIGURE)
def follow_up_close(hall, follow_up_id: int):
    submit(
        None,
        lambda: ratings.close(
            actor_id=current_user.id, follow_up_id=follow_up_id, note=request.form.get("note", ""), now=clock.now()
        ),
        _("Follow-up closed."),
    )
    return redirect(url_for("manage.follow_ups_page", code=hall.code))


def reports_dir():
    return current_app.config["REPORTS_DIR"]


def _period(hall) -> tuple[date, date]:
    """The report's dates from ?start=&end= (default: today), checked."""
    today = service_day(clock.now(), hall.timezone)
    try:
        start = date.fromisoformat(request.args.get("start") or today.isoformat())
        end = date.fromisoformat(request.args.get("end") or start.isoformat())
    except ValueError:
        raise ValidationFailed(_("Enter the dates as YYYY-MM-DD."), field="start") from None
    if end < start:
        raise ValidationFailed(_("The end date is before the start date."), field="end")
    if (end - start).days >= MAX_RANGE_DAYS:
        raise ValidationFailed(_("A report covers at most %(days)s days.", days=MAX_RANGE_DAYS), field="end")
    return start, end


@bp.get("/<code>/reports")
@hall_page(CONFIGURE)
def reports_page(hall):
    today = service_day(clock.now(), hall.timezone)
    return render_template(
        "manage/reports.html",
        hall=hall,
        today=today,
        yesterday=today - timedelta(days=1),
        month_start=today.replace(day=1),
        saved=archive.saved_reports(hall.code, reports_dir()),
    )


@bp.get("/<code>/reports/report.<any(pdf, csv, xlsx):kind>")
@hall_page(CONFIGURE)
def report_file(hall, kind: str):
    start, end = _period(hall)
    content, mimetype, filename = archive.render(hall, start, end, kind, now=clock.now(), font_path=font_path())
    audit.record(AuditAction.EXPORTED, "report", hall_id=hall.id, detail=f"{kind} {start}..{end}")
    return file_response(content, filename, mimetype, download=kind != "pdf")


@bp.get("/<code>/reports/saved/<name>")
@hall_page(CONFIGURE)
def saved_report(hall, name: str):
    content = archive.read_saved(hall.code, name, reports_dir())
    audit.record(AuditAction.EXPORTED, "saved_report", hall_id=hall.id, detail=name)
    return file_response(content, name)
