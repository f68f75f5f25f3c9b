"""Case numbers: HALLCODE-YYYYMMDD-NNNN by the hall's local date, restarting daily, never given twice.

The race test records cases from many threads at once against the test's database FILE (SQLite: BEGIN
IMMEDIATE and the busy timeout; with TEST_DATABASE_URL, PostgreSQL's row locks), like tests/test_concurrency.py.
"""

import re
import secrets
import threading
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from hall.db import write_transaction
from hall.errors import ValidationFailed
from hall.extensions import db
from hall.models import Case, CaseDay, Visit
from hall.services.cases import intake
from hall.services.cases.numbering import format_case_number
from tests import factories
from tests.conftest import MONDAY_10AM

NUMBER = re.compile(r"^[A-Z0-9-]+-\d{8}-\d{4}$")
WORKERS = 8
ROUNDS = 10


def test_number_is_hall_code_local_date_and_sequence(desk):
    """The first case of Monday 23 Nov in hall 'test' is TEST-20261123-0001, the next ...-0002."""
    visit = desk.visit()
    first = desk.record(visit, desk.c.dibao)
    second = desk.record(visit, desk.c.pension)
    assert (first.number, second.number) == ("TEST-20261123-0001", "TEST-20261123-0002")
    assert NUMBER.match(first.number)


def test_number_uses_the_local_date_after_local_midnight(desk):
    """00:30 on Tuesday in Shanghai is still Monday 16:30 in UTC: the case is numbered with Tuesday's date."""
    desk.record(desk.visit(), desk.c.dibao)  # Monday's 0001
    visit = desk.next_resident(at=datetime(2026, 11, 23, 16, 30, tzinfo=UTC))
    case = desk.record(visit, desk.c.dibao)
    assert case.number == "TEST-20261124-0001"
    assert case.received_at.astimezone(UTC).date() == date(2026, 11, 23)


def test_number_uses_the_local_date_just_before_local_midnight(desk):
    """23:59 on Monday in Shanghai (15:59 UTC) still belongs to Monday."""
    desk.record(desk.visit(), desk.c.dibao)
    visit = desk.next_resident(at=datetime(2026, 11, 23, 15, 59, tzinfo=UTC))
    assert desk.record(visit, desk.c.dibao).number == "TEST-20261123-0002"


def test_numbers_restart_at_0001_each_local_day(desk):
    """Monday ends at 0003; Tuesday and Wednesday begin again at 0001; Tuesday goes on at 0002."""
    visit = desk.visit()
    monday = [desk.record(visit, desk.c.dibao).number for _ in range(3)]
    tuesday_visit = desk.next_resident(at=MONDAY_10AM + timedelta(days=1))
    tuesday = desk.record(tuesday_visit, desk.c.dibao).number
    wednesday_visit = desk.next_resident(at=MONDAY_10AM + timedelta(days=2))
    wednesday = desk.record(wednesday_visit, desk.c.dibao).number
    assert monday == ["TEST-20261123-0001", "TEST-20261123-0002", "TEST-20261123-0003"]
    assert (tuesday, wednesday) == ("TEST-20261124-0001", "TEST-20261125-0001")
    # A case recorded later for Tuesday's resident, on Tuesday, continues Tuesday's numbers.
    desk.clock.set(MONDAY_10AM + timedelta(days=1, hours=1))
    assert desk.record(tuesday_visit, desk.c.pension).number == "TEST-20261124-0002"


def test_each_hall_numbers_its_own_cases(desk, clock):
    """Two halls on one server: each starts at 0001 with its own code."""
    desk.record(desk.visit(), desk.c.dibao)
    with write_transaction():
        other = factories.make_hall("qingshan")
        clerk = factories.make_staff(other, "qs-clerk")
        matter = factories.make_matter(other, factories.make_department(other, "民政办"), "MZ-001", "最低生活保障申请")
        visit = Visit(hall_id=other.id, clerk_id=clerk.id, created_at=clock(), token=secrets.token_urlsafe(16)[:22])
        db.session.add(visit)
    with write_transaction():
        case = intake.record_case(staff_id=clerk.id, visit_id=visit.id, matter_id=matter.id, now=clock())
    assert case.number == "QINGSHAN-20261123-0001"


def test_failed_recording_does_not_use_up_a_number(desk):
    """A matter refused (inactive) takes no number: the next case is still 0001."""
    with write_transaction():
        desk.c.pension.active = False
    visit = desk.visit()
    with pytest.raises(ValidationFailed):
        desk.record(visit, desk.c.pension)
    assert desk.record(visit, desk.c.dibao).number == "TEST-20261123-0001"


def test_format_pads_to_four_digits_and_upper_cases_the_code():
    """The format the receipt prints: upper-case code, the date without dashes, four digits."""
    assert format_case_number("qingshan", date(2026, 12, 2), 7) == "QINGSHAN-20261202-0007"
    assert format_case_number("a1", date(2026, 1, 5), 12345) == "A1-20260105-12345"


# Races -------------------------------------------------------------------------------------------------------


def run_together(functions):
    """Start all functions at the same instant (barrier) and return their results."""
    barrier = threading.Barrier(len(functions))
    results = [None] * len(functions)
    errors = []

    def run(index, function):
        barrier.wait()
        try:
            results[index] = function()
        except Exception as error:  # surfaced below
            errors.append(error)

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate(functions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    if errors:
        raise errors[0]
    return results


def record_once(app, staff_id, visit_id, matter_id, now):
    """One window's click on 'add case', in its own app context, session and write transaction."""
    with app.app_context(), write_transaction():
        return intake.record_case(staff_id=staff_id, visit_id=visit_id, matter_id=matter_id, now=now).number


@pytest.mark.slow
def test_windows_recording_cases_at_the_same_instant_never_share_a_number(app, case_hall):
    """WORKERS windows add a case at once, ROUNDS times, across local midnight: numbers distinct, none skipped."""
    c = case_hall
    clerks = [c.small.c1, c.small.c2, c.small.c3, c.small.manager]
    with write_transaction():
        visits = [
            Visit(
                hall_id=c.hall.id,
                clerk_id=clerks[i % len(clerks)].id,
                created_at=MONDAY_10AM,
                token=secrets.token_urlsafe(16)[:22],
            )
            for i in range(WORKERS)
        ]
        db.session.add_all(visits)
    jobs = [(clerks[i % len(clerks)].id, v.id) for i, v in enumerate(visits)]
    matter_id = c.dibao.id
    db.session.commit()
    # Half the rounds on Monday just before Shanghai midnight, half on Tuesday just after it.
    before, after = datetime(2026, 11, 23, 15, 59, 50, tzinfo=UTC), datetime(2026, 11, 23, 16, 0, 0, tzinfo=UTC)
    numbers = []
    for round_number in range(ROUNDS):
        now = (before if round_number % 2 == 0 else after) + timedelta(milliseconds=round_number)
        numbers += run_together([lambda s=s, v=v, now=now: record_once(app, s, v, matter_id, now) for s, v in jobs])
    assert len(numbers) == len(set(numbers)) == WORKERS * ROUNDS
    per_day = WORKERS * ROUNDS // 2
    expected = {f"TEST-20261123-{n:04d}" for n in range(1, per_day + 1)}
    expected |= {f"TEST-20261124-{n:04d}" for n in range(1, per_day + 1)}
    assert set(numbers) == expected, "numbers must be unique and without gaps on each local day"
    db.session.rollback()
    assert {(d.day, d.last_seq) for d in db.session.scalars(select(CaseDay))} == {
        (date(2026, 11, 23), per_day),
        (date(2026, 11, 24), per_day),
    }
    assert sorted(db.session.scalars(select(Case.number))) == sorted(numbers)
