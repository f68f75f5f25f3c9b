"""Working days of a hall: Monday to Friday, unless its calendar says otherwise (holidays, adjusted workdays).

Used for ticketing (halls are closed on non-working days) and, later, for case deadlines counted in working
days. The calendar itself is kept by managers (``hall.services.admin.calendar``).
"""

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hall.extensions import db
from hall.models import CalendarDay, DayKind


def special_days(hall_id: int, start: date, end: date) -> dict[date, CalendarDay]:
    return {
        d.day: d
        for d in db.session.scalars(
            select(CalendarDay).where(CalendarDay.hall_id == hall_id, CalendarDay.day >= start, CalendarDay.day <= end)
        )
    }


def is_working_day(hall_id: int, day: date, special: dict[date, CalendarDay] | None = None) -> bool:
    entry = (special if special is not None else special_days(hall_id, day, day)).get(day)
    if entry is not None:
        return entry.kind == DayKind.WORKDAY
    return day.weekday() < 5


def closed_reason(hall_id: int, day: date):
    """Why the hall does not work on ``day`` (the holiday's name, or "weekend"), or None on a working day."""
    entry = special_days(hall_id, day, day).get(day)
    if entry is not None:
        return None if entry.kind == DayKind.WORKDAY else (entry.name or _l("a public holiday"))
    return None if day.weekday() < 5 else _l("the weekend")


def working_days_between(hall_id: int, start: date, end: date) -> int:
    """How many working days lie after ``start`` up to and including ``end`` (0 when end <= start)."""
    if end <= start:
        return 0
    special = special_days(hall_id, start, end)
    return sum(is_working_day(hall_id, start + timedelta(days=n), special) for n in range(1, (end - start).days + 1))


def add_working_days(hall_id: int, start: date, count: int) -> date:
    """The date ``count`` working days after ``start``, counting from the day after it."""
    special = special_days(hall_id, start, start + timedelta(days=count * 3 + 60))
    day, left = start, count
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(hall_id, day, special):
            left -= 1
    return day
