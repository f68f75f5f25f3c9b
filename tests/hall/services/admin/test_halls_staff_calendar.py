"""Halls, staff accounts and the working-day calendar."""

from datetime import UTC, date, datetime

import pytest

from hall.db import write_transaction
from hall.errors import PermissionDenied, TicketingClosed, ValidationFailed
from hall.extensions import db
from hall.models import CalendarDay, DayKind, Role, Staff
from hall.services import workdays
from hall.services.admin import calendar, halls, staff
from tests import factories
from tests.hall.services.helpers import issue


@pytest.fixture
def admin(app):
    with write_transaction():
        return factories.make_staff(None, "county", Role.ADMIN)


def test_an_administrator_creates_a_hall_with_its_manager_and_holidays(admin, clock):
    """A new hall gets its first manager (who can sign in) and this year's national holidays."""
    with write_transaction():
        hall = halls.create_hall(
            actor_id=admin.id,
            code="xishan",
            name="西山镇便民服务中心",
            timezone="Asia/Shanghai",
            manager_username="Zhang",
            manager_name="张伟",
            manager_password="long enough",
            now=clock(),
        )
    manager = db.session.query(Staff).filter_by(username="zhang").one()
    assert (manager.role, manager.hall_id, manager.check_password("long enough")) == (Role.MANAGER, hall.id, True)
    national_day = db.session.query(CalendarDay).filter_by(hall_id=hall.id, day=date(2026, 10, 1)).one()
    assert (national_day.kind, national_day.name) == (DayKind.HOLIDAY, "国庆节")
    assert hall.require_devices and not hall.open_on_non_working_days


def test_only_administrators_create_halls(small_hall, clock):
    """A manager cannot create halls."""
    with pytest.raises(PermissionDenied), write_transaction():
        halls.create_hall(
            actor_id=small_hall.manager.id,
            code="x",
            name="X",
            timezone="Asia/Shanghai",
            manager_username="x",
            manager_name="X",
            manager_password="12345678",
            now=clock(),
        )


@pytest.mark.parametrize(
    ("field", "value"),
    [("timezone", "Mars/Olympus"), ("ticketing_hours", "全天"), ("max_wait_minutes", 1), ("enquiry_phone", "call me")],
)
def test_settings_are_validated(small_hall, clock, field, value):
    """A wrong time zone, hours, wait target or phone is refused naming the field."""
    values = {name: getattr(small_hall.hall, name) for name in halls.SETTINGS} | {field: value}
    with pytest.raises(ValidationFailed) as refused, write_transaction():
        halls.update_settings(actor_id=small_hall.manager.id, hall_id=small_hall.hall.id, values=values, now=clock())
    assert refused.value.details["field"] == field


def test_managers_create_clerks_and_officers_but_not_administrators(small_hall, clock):
    """A manager creates an officer (with a department) but cannot create a county administrator."""
    with write_transaction():
        department = factories.make_department(small_hall.hall, "民政")
    with write_transaction():
        officer = staff.create_staff(
            actor_id=small_hall.manager.id,
            hall_id=small_hall.hall.id,
            username="li.officer",
            name="李",
            role="officer",
            password="password-1",
            department_id=department.id,
            now=clock(),
        )
    assert (officer.role, officer.department.name) == (Role.OFFICER, "民政")
    with pytest.raises(PermissionDenied), write_transaction():
        staff.create_staff(
            actor_id=small_hall.manager.id,
            hall_id=small_hall.hall.id,
            username="boss2",
            name="X",
            role="admin",
            password="password1",
            now=clock(),
        )


def test_officers_need_a_department_and_passwords_a_length(small_hall, clock):
    """An officer without department, or a 5-character password, is refused with the field named."""
    for arguments, field in (
        ({"role": "officer", "password": "password1"}, "department_id"),
        ({"role": "clerk", "password": "short"}, "password"),
    ):
        with pytest.raises(ValidationFailed) as refused, write_transaction():
            staff.create_staff(
                actor_id=small_hall.manager.id,
                hall_id=small_hall.hall.id,
                username="new.one",
                name="新人",
                now=clock(),
                **arguments,
            )
        assert refused.value.details["field"] == field


def test_deactivating_a_clerk_signs_them_out_and_keeps_their_history(small_hall, clock):
    """A deactivated clerk cannot sign in, leaves their window, and their account row stays."""
    values = {"name": "c2", "role": "clerk", "active": False}
    with write_transaction():
        staff.update_staff(
            actor_id=small_hall.manager.id,
            hall_id=small_hall.hall.id,
            staff_id=small_hall.c2.id,
            values=values,
            now=clock(),
        )
    assert small_hall.w2.staff_id is None and not small_hall.c2.active
    assert db.session.get(Staff, small_hall.c2.id) is not None


def test_a_manager_cannot_lock_themselves_out(small_hall, clock):
    """Deactivating yourself or changing your own role is refused."""
    with pytest.raises(PermissionDenied), write_transaction():
        staff.update_staff(
            actor_id=small_hall.manager.id,
            hall_id=small_hall.hall.id,
            staff_id=small_hall.manager.id,
            values={"name": "boss", "role": "manager", "active": False},
            now=clock(),
        )


def test_working_days_follow_holidays_and_adjusted_workdays(small_hall, clock):
    """National Day week is closed; Saturday 10 October 2026 (调休) is a working day; 5 working days after 30 Sep."""
    with write_transaction():
        calendar.prefill_national_holidays(
            actor_id=small_hall.manager.id, hall_id=small_hall.hall.id, year=2026, now=clock()
        )
    hall_id = small_hall.hall.id
    assert not workdays.is_working_day(hall_id, date(2026, 10, 1))
    assert workdays.is_working_day(hall_id, date(2026, 10, 10))
    assert not workdays.is_working_day(hall_id, date(2026, 10, 11))
    # 30 Sep (Wed) + 5 working days: 8 (Thu), 9 (Fri), 10 (Sat, adjusted), 12 (Mon), 13 (Tue).
    assert workdays.add_working_days(hall_id, date(2026, 9, 30), 5) == date(2026, 10, 13)


def test_prefill_keeps_the_managers_own_days(small_hall, clock):
    """A day the manager set is not overwritten by the national schedule."""
    with write_transaction():
        calendar.set_day(
            actor_id=small_hall.manager.id,
            hall_id=small_hall.hall.id,
            day=date(2026, 10, 1),
            kind="workday",
            name="值班",
            now=clock(),
        )
        added = calendar.prefill_national_holidays(
            actor_id=small_hall.manager.id, hall_id=small_hall.hall.id, year=2026, now=clock()
        )
    assert added > 20
    assert db.session.query(CalendarDay).filter_by(day=date(2026, 10, 1)).one().name == "值班"


def test_a_year_the_package_does_not_know_is_explained(small_hall, clock):
    """Asking for a year without a national schedule says so instead of failing silently."""
    with pytest.raises(ValidationFailed, match="2031"), write_transaction():
        calendar.prefill_national_holidays(
            actor_id=small_hall.manager.id, hall_id=small_hall.hall.id, year=2031, now=clock()
        )


def test_no_tickets_on_a_holiday_unless_the_hall_opens_then(small_hall, clock):
    """On National Day the kiosk refuses, naming the holiday; a hall set to open every day still issues."""
    with write_transaction():
        small_hall.hall.open_on_non_working_days = False
        calendar.prefill_national_holidays(
            actor_id=small_hall.manager.id, hall_id=small_hall.hall.id, year=2026, now=clock()
        )
    clock.set(datetime(2026, 10, 1, 2, 0, tzinfo=UTC))
    with pytest.raises(TicketingClosed) as closed:
        issue(small_hall.hall, small_hall.a, clock)
    assert "国庆节" in str(closed.value)
    clock.set(datetime(2026, 10, 10, 2, 0, tzinfo=UTC))  # adjusted Saturday: open
    assert issue(small_hall.hall, small_hall.a, clock).number == "A001"
