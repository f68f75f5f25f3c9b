"""Committed completion dates in working days: weekends, national holidays with their adjusted workdays, pauses.

The expected dates are worked out by hand in the comments, from the State Council's 2026 schedule as the
``chinese-calendar`` package has it (``national_holidays(2026)``):

* Spring Festival: Sat 14 Feb is a workday; 15–23 Feb are holidays; Sat 28 Feb is a workday.
* Mid-autumn and National Day: Sun 20 Sep is a workday; 25–27 Sep and 1–7 Oct are holidays; Sat 10 Oct is
  a workday.

The limit counts from the day *after* acceptance (the hall's local date).
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from hall.db import write_transaction
from hall.extensions import db
from hall.models import CalendarDay, CaseState, DayKind
from hall.services import workdays
from hall.services.admin.calendar import national_holidays
from hall.services.cases import backoffice, deadlines, intake
from hall.services.cases.deadlines import DeadlineState
from tests.hall.services.cases.steps import history


def shanghai(year, month, day, hour=10, minute=0) -> datetime:
    """A Shanghai wall-clock time as the UTC instant the clock runs on."""
    return datetime(year, month, day, hour, minute, tzinfo=ZoneInfo("Asia/Shanghai")).astimezone(UTC)


@pytest.fixture
def holidays_2026(case_hall):
    """The hall's calendar holds the national holidays and adjusted workdays of 2026."""
    days = national_holidays(2026)
    assert days, "chinese-calendar has no 2026 schedule"
    with write_transaction():
        db.session.add_all(CalendarDay(hall_id=case_hall.hall.id, day=d, kind=k, name=n) for d, k, n in days)
    return {d: k for d, k, _ in days}


def accepted_on(desk, when: datetime, matter=None):
    """A resident served at ``when`` whose case is accepted a few seconds later."""
    visit = desk.next_resident(at=when)
    return desk.accepted(matter or desk.c.dibao, visit=visit)


def test_calendar_of_2026_is_what_the_comments_assume(holidays_2026):
    """The schedule these tests count with: the adjusted Saturdays and Sundays, the two holiday weeks."""
    workdays_ = sorted(d for d, k in holidays_2026.items() if k == DayKind.WORKDAY)
    assert [d for d in workdays_ if d.month in (2, 9, 10)] == [
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 9, 20),
        date(2026, 10, 10),
    ]
    spring = [d.day for d, k in holidays_2026.items() if k == DayKind.HOLIDAY and d.month == 2]
    assert sorted(spring) == list(range(15, 24))
    national = [d for d, k in holidays_2026.items() if k == DayKind.HOLIDAY and d.month in (9, 10)]
    assert sorted(national) == [date(2026, 9, d) for d in (25, 26, 27)] + [date(2026, 10, d) for d in range(1, 8)]


# Weekends ----------------------------------------------------------------------------------------------------


def test_accepted_on_monday_is_due_next_monday(desk):
    """Five working days from Monday 23 Nov: Tue 24, Wed 25, Thu 26, Fri 27, Mon 30."""
    assert desk.accepted().due_on == date(2026, 11, 30)


def test_accepted_on_friday_skips_the_weekend(desk):
    """Friday 27 Nov: Mon 30 (1), Tue 1 (2), Wed 2 (3), Thu 3 (4), Fri 4 December (5)."""
    case = accepted_on(desk, shanghai(2026, 11, 27))
    assert case.accepted_on == date(2026, 11, 27)
    assert case.due_on == date(2026, 12, 4)


def test_accepted_on_a_saturday_counts_from_monday(desk):
    """A hall open on Saturday 28 Nov: Sunday does not count, so Mon 30 (1) .. Fri 4 December (5)."""
    case = accepted_on(desk, shanghai(2026, 11, 28))
    assert case.due_on == date(2026, 12, 4)


def test_ten_working_days_span_two_weekends(desk):
    """The pension (10 days) from Mon 23 Nov: 24, 25, 26, 27, 30 Nov, 1, 2, 3, 4, 7 Dec."""
    assert desk.accepted(desk.c.pension).due_on == date(2026, 12, 7)


# National holidays -------------------------------------------------------------------------------------------


def test_accepted_the_day_before_national_day_skips_the_golden_week(desk, holidays_2026):
    """Wed 30 Sep, 5 days: 1–7 Oct are holidays; Thu 8 (1), Fri 9 (2), Sat 10 adjusted workday (3), Sun 11 no,
    Mon 12 (4), Tue 13 Oct (5)."""
    case = accepted_on(desk, shanghai(2026, 9, 30))
    assert case.due_on == date(2026, 10, 13)


def test_without_the_calendar_the_golden_week_would_count(desk):
    """The same acceptance in a hall with no holidays on file: Thu 1, Fri 2, Mon 5, Tue 6, Wed 7 Oct."""
    case = accepted_on(desk, shanghai(2026, 9, 30))
    assert case.due_on == date(2026, 10, 7)


def test_adjusted_sunday_before_mid_autumn_counts(desk, holidays_2026):
    """Fri 18 Sep, 5 days: Sat 19 no, Sun 20 adjusted workday (1), Mon 21 (2), Tue 22 (3), Wed 23 (4), Thu 24 (5)."""
    case = accepted_on(desk, shanghai(2026, 9, 18))
    assert case.due_on == date(2026, 9, 24)


def test_ten_days_across_mid_autumn_and_national_day(desk, holidays_2026):
    """Fri 18 Sep, pension 10 days: Sun 20 (1), 21 (2), 22 (3), 23 (4), 24 (5); 25–27 holidays; Mon 28 (6),
    Tue 29 (7), Wed 30 (8); 1–7 Oct holidays; Thu 8 (9), Fri 9 Oct (10)."""
    case = accepted_on(desk, shanghai(2026, 9, 18), desk.c.pension)
    assert case.due_on == date(2026, 10, 9)


def test_accepted_before_spring_festival(desk, holidays_2026):
    """Thu 12 Feb, 5 days: Fri 13 (1), Sat 14 adjusted workday (2); 15–23 holidays; Tue 24 (3), Wed 25 (4),
    Thu 26 Feb (5)."""
    case = accepted_on(desk, shanghai(2026, 2, 12))
    assert case.due_on == date(2026, 2, 26)


def test_ten_days_across_spring_festival_and_its_second_adjusted_saturday(desk, holidays_2026):
    """Thu 12 Feb, 10 days: as above to Thu 26 (5), then Fri 27 (6), Sat 28 adjusted workday (7), Sun 1 Mar no,
    Mon 2 (8), Tue 3 (9), Wed 4 Mar (10)."""
    case = accepted_on(desk, shanghai(2026, 2, 12), desk.c.pension)
    assert case.due_on == date(2026, 3, 4)


def test_accepted_on_a_holiday_counts_from_the_next_working_day(desk, holidays_2026):
    """A hall open on 3 Oct (a holiday): 4–7 Oct holidays; Thu 8 (1), Fri 9 (2), Sat 10 (3), Mon 12 (4), Tue 13 (5)."""
    case = accepted_on(desk, shanghai(2026, 10, 3))
    assert case.accepted_on == date(2026, 10, 3)
    assert case.due_on == date(2026, 10, 13)


# Midnight ----------------------------------------------------------------------------------------------------


def test_case_accepted_at_friday_midnight_counts_from_the_local_friday(desk, clock):
    """Accepted at 23:59 on Friday 27 Nov in Shanghai (15:59 UTC): counted from Friday, due Friday 4 December."""
    case = accepted_on(desk, datetime(2026, 11, 27, 15, 59, tzinfo=UTC))
    assert clock().astimezone(UTC).hour == 15  # still before 16:00 UTC, Shanghai midnight
    assert case.accepted_at.astimezone(UTC).date() == date(2026, 11, 27)
    assert case.accepted_on == date(2026, 11, 27)
    assert case.due_on == date(2026, 12, 4)


def test_case_accepted_just_after_local_midnight_belongs_to_the_new_local_day(desk):
    """00:00 on Saturday in Shanghai is still Friday 16:00 in UTC: the acceptance date is Saturday."""
    case = accepted_on(desk, datetime(2026, 11, 27, 16, 0, tzinfo=UTC))
    assert case.accepted_at.astimezone(UTC).date() == date(2026, 11, 27)
    assert case.accepted_on == date(2026, 11, 28)


def test_monday_00_30_local_is_counted_from_monday_not_from_the_utc_sunday(desk):
    """00:30 Monday 30 Nov in Shanghai is Sunday 16:30 UTC. From Monday: Tue 1 .. Fri 4 (4), Mon 7 Dec (5);
    counted from the UTC Sunday it would wrongly be Friday 4 December."""
    case = accepted_on(desk, datetime(2026, 11, 29, 16, 30, tzinfo=UTC))
    assert case.accepted_on == date(2026, 11, 30)
    assert case.due_on == date(2026, 12, 7)


# Pauses ------------------------------------------------------------------------------------------------------


def test_supplement_in_review_stops_the_clock_for_the_days_it_took(desk, clock):
    """Accepted Mon 23 (due Mon 30), asked Wed 25, brought Mon 30: Thu 26, Fri 27, Mon 30 were paused (3 working
    days), so the due date moves from Mon 30 Nov by three working days: Tue 1, Wed 2, Thu 3 December."""
    case = desk.accepted()
    officer = desk.c.officer_civil
    clock.advance(days=1)  # Tuesday
    desk.act(backoffice.start_review, officer, case_id=case.id)
    clock.advance(days=1)  # Wednesday 25
    desk.act(backoffice.request_supplement, officer, case_id=case.id, note="补交收入证明")
    assert case.paused_on == date(2026, 11, 25)
    assert case.due_on == date(2026, 11, 30)  # unchanged while paused
    assert deadlines.deadline(case.hall_id, case, date(2026, 11, 27)).state == DeadlineState.PAUSED
    clock.advance(days=5)  # Monday 30
    desk.act(intake.record_supplement, desk.clerk, case_id=case.id, note="收入证明已交")
    assert case.state == CaseState.IN_REVIEW
    assert case.paused_on is None and case.paused_working_days == 3
    assert case.due_on == date(2026, 12, 3)
    assert history(case)[-1].data["extended_by"] == 3
    assert all(m.status.value == "received" for m in case.materials if m.required)


def test_pause_over_a_weekend_only_extends_by_working_days(desk, clock):
    """Asked Fri 27, brought Mon 30: Sat and Sun do not count, Mon 30 does: one day, due Tue 1 December."""
    case = desk.accepted()
    officer = desk.c.officer_civil
    clock.advance(days=4)  # Friday 27
    desk.act(backoffice.start_review, officer, case_id=case.id)
    desk.act(backoffice.request_supplement, officer, case_id=case.id, note="补交收入证明")
    clock.advance(days=3)  # Monday 30
    desk.act(intake.record_supplement, desk.clerk, case_id=case.id)
    assert case.paused_working_days == 1
    assert case.due_on == date(2026, 12, 1)


def test_supplement_brought_the_same_day_does_not_move_the_date(desk, clock):
    """Asked and brought on the same day: nothing was paused."""
    case = desk.accepted()
    desk.act(backoffice.request_supplement, desk.c.officer_civil, case_id=case.id, note="补交收入证明")
    desk.act(intake.record_supplement, desk.clerk, case_id=case.id)
    assert case.paused_working_days == 0
    assert case.due_on == date(2026, 11, 30)


def test_two_pauses_add_up(desk, clock):
    """Asked twice, two working days each time: the due date moves by four, Mon 30 Nov to Fri 4 December."""
    case = desk.accepted()
    officer = desk.c.officer_civil
    desk.act(backoffice.start_review, officer, case_id=case.id)
    for _ in range(2):
        desk.act(backoffice.request_supplement, officer, case_id=case.id, note="补交材料")
        clock.advance(days=2)
        desk.act(intake.record_supplement, desk.clerk, case_id=case.id)
    # Paused Mon 23 -> Wed 25 (Tue 24, Wed 25) and Wed 25 -> Fri 27 (Thu 26, Fri 27).
    assert case.paused_working_days == 4
    assert case.due_on == date(2026, 12, 4)


def test_pause_across_national_day_counts_only_working_days(desk, clock, holidays_2026):
    """Accepted Mon 28 Sep (due: Tue 29, Wed 30, Thu 8, Fri 9, Sat 10 Oct), asked Wed 30 Sep, brought Mon 12 Oct:
    paused Thu 8, Fri 9, Sat 10 (adjusted), Mon 12 = 4 working days; due Sat 10 + 4: Mon 12, Tue 13, Wed 14,
    Thu 15 October."""
    case = accepted_on(desk, shanghai(2026, 9, 28))
    assert case.due_on == date(2026, 10, 10)
    clock.set(shanghai(2026, 9, 30))
    desk.act(backoffice.request_supplement, desk.c.officer_civil, case_id=case.id, note="补交收入证明")
    clock.set(shanghai(2026, 10, 12))
    desk.act(intake.record_supplement, desk.clerk, case_id=case.id)
    assert case.paused_working_days == 4
    assert case.due_on == date(2026, 10, 15)


# Where a case stands -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "state", "days_left"),
    [
        # Due Mon 30 Nov. Working days left after "today" up to and including the due date:
        (date(2026, 11, 23), DeadlineState.ON_TIME, 5),  # Tue 24 .. Mon 30
        (date(2026, 11, 25), DeadlineState.ON_TIME, 3),  # Thu 26, Fri 27, Mon 30
        (date(2026, 11, 26), DeadlineState.DUE_SOON, 2),  # Fri 27, Mon 30
        (date(2026, 11, 28), DeadlineState.DUE_SOON, 1),  # Saturday: only Mon 30 is left
        (date(2026, 11, 30), DeadlineState.DUE_SOON, 0),  # the due date itself
        (date(2026, 12, 1), DeadlineState.OVERDUE, -1),  # Tue 1 Dec
        (date(2026, 12, 5), DeadlineState.OVERDUE, -4),  # Saturday: Tue 1 .. Fri 4 are late
    ],
)
def test_deadline_of_an_open_case(desk, today, state, days_left):
    """The inbox shows on time, due soon (two working days or fewer) or overdue, with the working days left."""
    case = desk.accepted()
    due = deadlines.deadline(case.hall_id, case, today)
    assert (due.state, due.due_on, due.working_days_left) == (state, date(2026, 11, 30), days_left)


def test_deadline_runs_in_review_and_when_returned(desk):
    """In review and back at the window (returned), the clock keeps running."""
    case = desk.accepted()
    desk.act(backoffice.start_review, desk.c.officer_civil, case_id=case.id)
    assert deadlines.deadline(case.hall_id, case, date(2026, 12, 1)).state == DeadlineState.OVERDUE
    desk.act(backoffice.return_to_front, desk.c.officer_civil, case_id=case.id, reason="事项选错")
    assert deadlines.deadline(case.hall_id, case, date(2026, 11, 24)).state == DeadlineState.ON_TIME


def test_deadline_is_paused_while_the_department_waits_for_a_supplement(desk):
    """Waiting for the resident, a case is neither due soon nor overdue, however late it is."""
    case = desk.accepted()
    desk.act(backoffice.request_supplement, desk.c.officer_civil, case_id=case.id, note="补交收入证明")
    due = deadlines.deadline(case.hall_id, case, date(2026, 12, 10))
    assert (due.state, due.working_days_left) == (DeadlineState.PAUSED, None)


def test_case_decided_on_time_is_met_even_when_looked_at_later(desk, clock):
    """Approved on Friday before Monday's due date: still 'met' when the result is collected a week later."""
    case = desk.accepted()
    clock.advance(days=4)  # Friday 27
    desk.act(backoffice.start_review, desk.c.officer_civil, case_id=case.id)
    desk.act(backoffice.approve, desk.c.officer_civil, case_id=case.id)
    assert deadlines.deadline(case.hall_id, case, date(2026, 11, 27)).state == DeadlineState.MET
    assert deadlines.deadline(case.hall_id, case, date(2026, 12, 8)).state == DeadlineState.MET
    desk.step(case, "deliver")
    assert deadlines.deadline(case.hall_id, case, date(2026, 12, 8)).state == DeadlineState.MET


def test_case_decided_on_its_due_date_is_met(desk, clock):
    """Declined on Monday 30, the due date itself: met."""
    case = desk.accepted()
    desk.act(backoffice.start_review, desk.c.officer_civil, case_id=case.id)
    clock.advance(days=7)
    desk.act(backoffice.decline, desk.c.officer_civil, case_id=case.id, reason="收入超标")
    assert deadlines.deadline(case.hall_id, case, date(2026, 12, 30)).state == DeadlineState.MET


def test_case_decided_late_is_missed(desk, clock):
    """Approved on Tuesday 1 December, a day after its due date: missed."""
    case = desk.accepted()
    desk.act(backoffice.start_review, desk.c.officer_civil, case_id=case.id)
    clock.advance(days=8)
    desk.act(backoffice.approve, desk.c.officer_civil, case_id=case.id)
    due = deadlines.deadline(case.hall_id, case, date(2026, 12, 1))
    assert (due.state, due.due_on) == (DeadlineState.MISSED, date(2026, 11, 30))


def test_explicit_decision_date_decides_met_or_missed(desk):
    """Reports can ask how a case would stand if decided on a given day."""
    case = desk.accepted()
    assert deadlines.deadline(case.hall_id, case, date(2026, 12, 9), decided_on=date(2026, 11, 30)).state == (
        DeadlineState.MET
    )
    assert deadlines.deadline(case.hall_id, case, date(2026, 12, 9), decided_on=date(2026, 12, 1)).state == (
        DeadlineState.MISSED
    )


def test_no_deadline_before_acceptance_nor_for_immediate_matters(desk):
    """A case still at the window, and a 即办件, have no committed date to watch."""
    visit = desk.visit()
    received = desk.record(visit, desk.c.dibao)
    assert deadlines.deadline(received.hall_id, received, date(2026, 12, 30)).state == DeadlineState.NONE
    card = desk.record(visit, desk.c.card)
    desk.receive(card)
    desk.act(intake.complete_on_the_spot, desk.clerk, case_id=card.id)
    due = deadlines.deadline(card.hall_id, card, date(2026, 12, 30))
    assert (due.state, due.due_on) == (DeadlineState.NONE, date(2026, 11, 23))


def test_rejected_case_has_no_running_deadline_even_if_it_was_paused(desk):
    """Asked for a supplement that never came and then rejected: the case is closed, not 'paused' for ever."""
    case = desk.case_in("asked_in_review")
    desk.act(intake.reject, desk.clerk, case_id=case.id, reason="逾期未补正")
    assert deadlines.deadline(case.hall_id, case, date(2026, 12, 30)).state == DeadlineState.NONE


def test_due_soon_horizon_is_two_working_days_ahead(case_hall, holidays_2026):
    """Seen from Wed 30 Sep, 'due soon' reaches Thu 8 and Fri 9 October (the holidays in between do not count)."""
    assert deadlines.due_soon_horizon(case_hall.hall.id, date(2026, 9, 30)) == date(2026, 10, 9)


def test_working_days_between_counts_adjusted_workdays(case_hall, holidays_2026):
    """From Wed 30 Sep to Mon 12 Oct: Thu 8, Fri 9, Sat 10 (adjusted), Mon 12 = 4."""
    hall_id = case_hall.hall.id
    assert workdays.working_days_between(hall_id, date(2026, 9, 30), date(2026, 10, 12)) == 4
    assert workdays.working_days_between(hall_id, date(2026, 10, 12), date(2026, 9, 30)) == 0
