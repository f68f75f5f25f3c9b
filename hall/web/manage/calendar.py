"""The hall's working-day calendar: holidays and adjusted workdays, pre-filled from the national schedule."""

from datetime import date

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from hall import clock
from hall.errors import ValidationFailed
from hall.permissions import Capability
from hall.services.admin import calendar
from hall.services.workdays import special_days
from hall.timeutil import service_day
from hall.web.manage import bp, hall_page, submit
from hall.web.manage.forms import CalendarDayForm


def _year(hall) -> int:
    text = request.values.get("year", "")
    today = service_day(clock.now(), hall.timezone)
    return int(text) if text.isdigit() and 2000 <= int(text) <= 2100 else today.year


@bp.route("/<code>/calendar", methods=["GET", "POST"])
@hall_page(Capability.CONFIGURE_HALL)
def calendar_page(hall):
    year = _year(hall)
    form = CalendarDayForm()
    if form.validate_on_submit() and submit(
        form,
        lambda: calendar.set_day(
            actor_id=current_user.id,
            hall_id=hall.id,
            day=form.day.data,
            kind=form.kind.data,
            name=form.name.data,
            now=clock.now(),
        ),
        _("Calendar saved."),
    ):
        return redirect(url_for("manage.calendar_page", code=hall.code, year=form.day.data.year))
    days = sorted(special_days(hall.id, date(year, 1, 1), date(year, 12, 31)).values(), key=lambda d: d.day)
    return render_template(
        "manage/calendar.html",
        hall=hall,
        form=form,
        days=days,
        year=year,
        national=calendar.national_holidays(year) is not None,
    )


@bp.post("/<code>/calendar/prefill")
@hall_page(Capability.CONFIGURE_HALL)
def prefill_calendar(hall):
    year = _year(hall)
    added = {}

    def prefill():
        added["count"] = calendar.prefill_national_holidays(
            actor_id=current_user.id, hall_id=hall.id, year=year, now=clock.now()
        )

    submit(None, prefill, _("National holidays added."))
    return redirect(url_for("manage.calendar_page", code=hall.code, year=year))


@bp.post("/<code>/calendar/<day>/delete")
@hall_page(Capability.CONFIGURE_HALL)
def delete_calendar_day(hall, day: str):
    try:
        parsed = date.fromisoformat(day)
    except ValueError:
        raise ValidationFailed(_("%(day)s is not a date.", day=day)) from None
    submit(
        None,
        lambda: calendar.remove_day(actor_id=current_user.id, hall_id=hall.id, day=parsed, now=clock.now()),
        _("Day removed from the calendar."),
    )
    return redirect(url_for("manage.calendar_page", code=hall.code, year=parsed.year))
