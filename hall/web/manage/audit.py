"""The audit page: who saw, printed, exported or changed which case and ticket, for managers and the county."""

from datetime import date, timedelta

from flask import render_template, request
from flask_babel import gettext as _
from sqlalchemy import select

from hall import clock
from hall.errors import ValidationFailed
from hall.extensions import db
from hall.models import Staff
from hall.permissions import Capability
from hall.services import audit
from hall.timeutil import service_day
from hall.web.manage import bp, hall_page

FILTERS = ("staff", "case", "ticket", "action", "start", "end")
DEFAULT_DAYS = 7


def _day(name: str, default: date) -> date:
    value = (request.args.get(name) or "").strip()
    if not value:
        return default
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(_("Enter the dates as YYYY-MM-DD."), field=name) from None


def _number(name: str) -> int | None:
    value = (request.args.get(name) or "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


@bp.get("/<code>/audit")
@hall_page(Capability.VIEW_AUDIT)
def audit_page(hall):
    today = service_day(clock.now(), hall.timezone)
    filters = {name: (request.args.get(name) or "").strip()[:48] for name in FILTERS}
    result, error = None, ""
    try:
        start = _day("start", today - timedelta(days=DEFAULT_DAYS - 1))
        end = _day("end", today)
        result = audit.search(
            hall.id,
            hall.timezone,
            start=start,
            end=end,
            today=today,
            staff_id=_number("staff"),
            case_number=filters["case"],
            ticket_number=filters["ticket"],
            action=filters["action"],
            page=_number("page") or 1,
        )
    except ValidationFailed as failure:
        error = str(failure.message)
    filters["start"] = filters["start"] or (today - timedelta(days=DEFAULT_DAYS - 1)).isoformat()
    filters["end"] = filters["end"] or today.isoformat()
    staff = db.session.scalars(select(Staff).where(Staff.hall_id == hall.id).order_by(Staff.name, Staff.id)).all()
    page = render_template(
        "manage/audit.html",
        hall=hall,
        result=result,
        error=error,
        filters=filters,
        staff=staff,
        actions=audit.ACTION_LABELS,
    )
    return page, 422 if error else 200
