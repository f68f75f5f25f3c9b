"""Keeping the hall's working-day calendar (what counts as a working day: ``hall.services.workdays``).

National holidays and adjusted workdays (调休) are pre-filled from the ``chinese-calendar`` package, maintained
from the State Council's yearly notice; managers add local days or correct them.
"""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hall import permissions
from hall.errors import NotFound, ValidationFailed
from hall.extensions import db
from hall.models import CalendarDay, DayKind, Staff
from hall.permissions import Capability
from hall.services.admin import audit, checks
from hall.services.workdays import special_days

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "Mid-autumn Festival": "中秋节",
    "National Day": "国庆节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def _authorised(actor_id: int, hall_id: int) -> None:
    permissions.require(db.session.get(Staff, actor_id), Capability.CONFIGURE_HALL, hall_id)


def set_day(*, actor_id: int, hall_id: int, day: date, kind, name: str, now: datetime) -> CalendarDay:
    _authorised(actor_id, hall_id)
    try:
        kind = DayKind(kind)
    except ValueError:
        checks.fail("kind", _l("Choose holiday or adjusted workday."))
    name = checks.text(name, "name", max_length=60)
    entry = db.session.scalar(select(CalendarDay).where(CalendarDay.hall_id == hall_id, CalendarDay.day == day))
    if entry is None:
        entry = CalendarDay(hall_id=hall_id, day=day, kind=kind, name=name)
        db.session.add(entry)
        audit.record(
            hall_id, actor_id, now, "calendar", "created", None, day=day.isoformat(), kind=kind.value, name=name
        )
    else:
        changed = audit.changes(entry, {"kind": kind, "name": name})
        if changed:
            audit.record(hall_id, actor_id, now, "calendar", "updated", entry.id, day=day.isoformat(), **changed)
    return entry


def remove_day(*, actor_id: int, hall_id: int, day: date, now: datetime) -> None:
    _authorised(actor_id, hall_id)
    entry = db.session.scalar(select(CalendarDay).where(CalendarDay.hall_id == hall_id, CalendarDay.day == day))
    if entry is None:
        raise NotFound(_l("%(day)s is not in the calendar.", day=day.isoformat()))
    audit.record(hall_id, actor_id, now, "calendar", "deleted", entry.id, day=day.isoformat())
    db.session.delete(entry)


def national_holidays(year: int) -> list[tuple[date, DayKind, str]] | None:
    """The State Council's holidays and adjusted workdays for ``year``, or None if the package lacks the year."""
    from chinese_calendar.constants import holidays, workdays

    days = [(d, DayKind.HOLIDAY, HOLIDAY_NAMES.get(n, n)) for d, n in holidays.items() if d.year == year]
    days += [(d, DayKind.WORKDAY, f"{HOLIDAY_NAMES.get(n, n)}调休") for d, n in workdays.items() if d.year == year]
    return sorted(days) or None


def prefill_national_holidays(
    *, actor_id: int, hall_id: int, year: int, now: datetime, missing_ok: bool = False
) -> int:
    """Add the national holidays of ``year``; days already in the calendar are kept as the manager set them."""
    _authorised(actor_id, hall_id)
    days = national_holidays(year)
    if days is None:
        if missing_ok:
            return 0
        raise ValidationFailed(
            _l(
                "The holiday package has no schedule for %(year)s yet; add the days by hand or update the package.",
                year=year,
            ),
            field="year",
        )
    existing = set(special_days(hall_id, date(year, 1, 1), date(year, 12, 31)))
    added = [CalendarDay(hall_id=hall_id, day=d, kind=k, name=n) for d, k, n in days if d not in existing]
    db.session.add_all(added)
    if added:
        audit.record(hall_id, actor_id, now, "calendar", "prefilled", None, year=year, days=len(added))
    return len(added)
