"""The report's figures against a week built by hand through the real services, every value worked out below.

The hall is in Shanghai (UTC+8); its target wait is 30 minutes. Window 1 serves A (综合受理), window 2 serves
A then B (社保业务, arrival order across both), window 3 serves B. Clerk c1 works window 1, c2 window 2;
window 3 stays closed. All times below are Shanghai times.

Before the report's days (the cases' history):
    Mon 16 Nov  低保 X, Z, P and 养老 W accepted at window 1 (低保: 5 working days → due Mon 23; 养老: 10 → Mon 30)
    Tue 17 Nov  低保 Y accepted (due Tue 24)
    Wed 18 Nov  the 民政 officer starts reviewing X, Y, Z, P; the 社保 officer W
    Fri 20 Nov  the officer asks for a supplement on P: its clock stops

Monday 23 Nov (the day before)
    15:00 c1 opens window 1                          18:00 c1 closes it (180 min open)
    16:00 A001 issued, 16:05 called at 1 (wait 5), 16:10 finished without "start" (service 5, from the call)
    23:50 B001 issued, never called (still Monday in Shanghai although 15:50 UTC)
    A001 rated 1 (非常不满意), follow-up closed

Tuesday 24 Nov (THE DAY)
    00:10 A001 issued (16:10 UTC on Monday: still Tuesday's ticket, hour 0)
    07:00 the officer approves X: decided a day after its due date (completed, overdue; 23:00 UTC Monday)
    08:30 c1 opens window 1, c2 opens window 2
    08:40 1 calls A001 (wait 510 min > target), 08:41 start, 08:50 finish (service 9)
    09:00 A002 issued, 09:05 A003 issued, 09:08 B001 issued
    09:10 1 calls A002 (wait 10), 09:11 start
    09:12 2 calls A003 (wait 7; arrival order puts it before B001)
    09:13… at window 1 (A002's visit): 低保 T accepted; 社保卡 (即办件) completed on the spot; 养老 V accepted;
          低保 N given a one-time notice (not accepted); 低保 R not accepted (不予受理: no outcome, not completed)
    09:15 2: A003 no-show;  09:16 2 calls B001 (wait 8), 09:18 start
    09:20 1 finishes A002 (service 9);  09:30 2 finishes B001 (service 12)
    09:31 2 pauses, 09:46 resumes (15 min not open)
    10:00 B002 issued; 10:20 A004 issued, 10:40 A004 cancelled
    10:45 2 calls B002 (wait 45 > target), 10:55 finished without "start" (service 10)
    11:00 A005 issued, 11:05 called at 1 (wait 5), 11:06 transferred to B,
          11:10 called at 2, 11:20 finished without "start" (service 10, from the last call)
    12:00 both windows close;  13:00–14:00 c1 at window 1 again
    14:30 the officer declines Y (on its due date: completed, on time)
    23:50 A006 issued, never called (hour 23)
    ratings: A001 5, A002 4, B001 2 (reasons, comment, follow-up open), B002 3

Wednesday 25 Nov (the day after)
    00:05 A001 issued (16:05 UTC on Tuesday: Wednesday's ticket)
    08:30 c1 opens 1, c2 opens 2 (and stays signed in)
    08:35 1 calls A001 (wait 510), 08:36 低保 Q accepted, 08:45 finished without "start" (service 10)
    09:00 c1 closes window 1; the reports are made at 09:00

Walk (last call → "start") is only measured where the clerk pressed "start": Tuesday's A001 1, A002 1, B001 2
minutes; a ticket finished without "start" has none. Stay (issue → finish): Monday's A001 10; Tuesday's A001
520, A002 20, B001 22, B002 55, A005 20 (from its first ticket time, across the transfer); Wednesday's A001 520.

Friday 27 Nov (added by the walk and stay test only)
    08:30 c1 opens window 1 (window 2: c2 still signed in since Wednesday)
    09:00 A001 issued, 09:01 A002 issued
    09:10 1 calls A001, 09:13 start (walk 3), 09:25 finish (service 12, stay 25)
    09:30 1 calls A002, 09:40 finished without "start" (no walk; service 10, stay 39)
    10:00 A003 issued, 10:01 1 calls it, 10:02 start, 10:03 transferred to B, 10:05 2 calls it, 10:08 start,
          10:10 finish: it keeps its 10:02 start (service 8, stay 10) and has no walk (its start is before its call)
    10:30 A004 issued, 10:35 1 calls it, 10:39 start (walk 4), never finished by the clerk
    18:00 the day is closed: A004 finished by the system (served, walk 4; no service time, no stay)
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from flask_babel import force_locale

from hall.db import write_transaction
from hall.extensions import db
from hall.models import FollowUp, FollowUpState, MaterialStatus, MatterKind, Rating, Role, Ticket
from hall.services import calling, closing, counter_actions, counters
from hall.services.cases import backoffice, intake, visits
from hall.services.ratings import REASONS
from hall.services.reports.metrics import report_figures
from hall.services.ticketing import issue_ticket
from tests import factories
from tests.hall.services.helpers import kiosk_policy

SHANGHAI = ZoneInfo("Asia/Shanghai")
MON16, TUE17, WED18, FRI20 = date(2026, 11, 16), date(2026, 11, 17), date(2026, 11, 18), date(2026, 11, 20)
MON, TUE, WED, THU = date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25), date(2026, 11, 26)
FRI = date(2026, 11, 27)
MIN = 60.0  # seconds


def at(day: date, hour: int, minute: int, second: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=SHANGHAI).astimezone(UTC)


REPORT_NOW = at(WED, 9, 0)


@dataclass
class Week:
    hall: object
    a: object
    b: object
    w1: object
    w2: object
    w3: object
    c1: object
    c2: object
    civil: object
    social: object
    tickets: dict  # "Tue A001" -> Ticket
    cases: dict  # "X" -> Case


class Builder:
    """Each step in its own write transaction at an exact time, as the adapters do."""

    def __init__(self, clock):
        self.clock = clock

    def do(self, when: datetime, action, **kwargs):
        assert when >= self.clock(), "steps go forward in time"
        self.clock.set(when)
        with write_transaction():
            return action(now=when, **kwargs)


@pytest.fixture
def week(app, clock) -> Week:
    s = Builder(clock)
    clock.set(at(MON16, 8, 0))
    with write_transaction():
        hall = factories.make_hall()  # Asia/Shanghai, max wait 30 minutes
        a = factories.make_service(hall, "A", "综合受理")
        b = factories.make_service(hall, "B", "社保业务")
        w1 = factories.make_counter(hall, 1, [a])
        w2 = factories.make_counter(hall, 2, [a, b])
        w3 = factories.make_counter(hall, 3, [b])
        c1, c2 = factories.make_staff(hall, "c1", name="李明"), factories.make_staff(hall, "c2", name="王芳")
        civil = factories.make_department(hall, "社会事务办", 0)
        social = factories.make_department(hall, "社会保障所", 1)
        dibao = factories.make_matter(
            hall, civil, "MZ-001", "最低生活保障申请", committed_days=5, materials=[("居民身份证", 1, 1, True, "")]
        )
        card = factories.make_matter(hall, social, "SB-001", "社会保障卡补换", kind=MatterKind.IMMEDIATE)
        pension = factories.make_matter(hall, social, "SB-002", "养老保险待遇申领", committed_days=10)
        o_civil = factories.make_staff(hall, "o-civil", Role.OFFICER, department=civil)
        o_social = factories.make_staff(hall, "o-social", Role.OFFICER, department=social)
    tickets, cases = {}, {}

    def issue(label, service, when):
        tickets[label] = s.do(when, issue_ticket, hall_id=hall.id, service_id=service.id, policy=kiosk_policy())

    def call(window, clerk, when):
        return s.do(when, calling.call_next, counter_id=window.id, staff_id=clerk.id)

    def act(action, label, window, clerk, when, **kwargs):
        s.do(when, action, ticket_id=tickets[label].id, counter_id=window.id, staff_id=clerk.id, **kwargs)

    def open_window(window, clerk, when):
        s.do(when, counters.sign_in, counter_id=window.id, staff_id=clerk.id)

    def close_window(window, clerk, when):
        s.do(when, counters.sign_out, counter_id=window.id, staff_id=clerk.id)

    def visit(when):
        v = s.do(when, visits.open_visit, staff_id=c1.id, counter_id=w1.id)
        s.do(
            when,
            visits.record_applicant,
            staff_id=c1.id,
            visit_id=v.id,
            name="张三",
            id_type="resident_id",
            id_number="11010519491231002X",
            phone="13812345678",
        )
        return v

    def record(name, v, matter, when):
        case = s.do(when, intake.record_case, staff_id=c1.id, visit_id=v.id, matter_id=matter.id)
        statuses = {m.id: MaterialStatus.RECEIVED for m in case.materials if m.status == MaterialStatus.MISSING}
        cases[name] = case
        return case, statuses

    def accept(name, v, matter, when):
        case, statuses = record(name, v, matter, when)
        s.do(when, intake.check_materials, staff_id=c1.id, case_id=case.id, statuses=statuses)
        s.do(when, intake.accept, staff_id=c1.id, case_id=case.id)

    def office(action, officer, name, when, **kwargs):
        s.do(when, action, staff_id=officer.id, case_id=cases[name].id, **kwargs)

    # The cases' history ---------------------------------------------------------------------------------
    open_window(w1, c1, at(MON16, 9, 0))
    issue("Mon16 A001", a, at(MON16, 9, 1))
    call(w1, c1, at(MON16, 9, 2))
    v = visit(at(MON16, 9, 3))
    for name, matter in (("X", dibao), ("Z", dibao), ("P", dibao), ("W", pension)):
        accept(name, v, matter, at(MON16, 9, 4))
    act(counter_actions.finish, "Mon16 A001", w1, c1, at(MON16, 9, 10))
    close_window(w1, c1, at(MON16, 12, 0))
    open_window(w1, c1, at(TUE17, 9, 0))
    issue("Tue17 A001", a, at(TUE17, 9, 1))
    call(w1, c1, at(TUE17, 9, 2))
    accept("Y", visit(at(TUE17, 9, 3)), dibao, at(TUE17, 9, 4))
    act(counter_actions.finish, "Tue17 A001", w1, c1, at(TUE17, 9, 10))
    close_window(w1, c1, at(TUE17, 12, 0))
    for name in ("X", "Y", "Z", "P"):
        office(backoffice.start_review, o_civil, name, at(WED18, 10, 0))
    office(backoffice.start_review, o_social, "W", at(WED18, 10, 0))
    office(backoffice.request_supplement, o_civil, "P", at(FRI20, 10, 0), note="补交收入证明")

    # Monday 23 ------------------------------------------------------------------------------------------
    open_window(w1, c1, at(MON, 15, 0))
    issue("Mon A001", a, at(MON, 16, 0))
    call(w1, c1, at(MON, 16, 5))
    act(counter_actions.finish, "Mon A001", w1, c1, at(MON, 16, 10))
    close_window(w1, c1, at(MON, 18, 0))
    issue("Mon B001", b, at(MON, 23, 50))

    # Tuesday 24 -----------------------------------------------------------------------------------------
    issue("A001", a, at(TUE, 0, 10))
    office(backoffice.approve, o_civil, "X", at(TUE, 7, 0))
    open_window(w1, c1, at(TUE, 8, 30))
    open_window(w2, c2, at(TUE, 8, 30))
    call(w1, c1, at(TUE, 8, 40))
    act(counter_actions.start, "A001", w1, c1, at(TUE, 8, 41))
    act(counter_actions.finish, "A001", w1, c1, at(TUE, 8, 50))
    issue("A002", a, at(TUE, 9, 0))
    issue("A003", a, at(TUE, 9, 5))
    issue("B001", b, at(TUE, 9, 8))
    assert call(w1, c1, at(TUE, 9, 10)).number == "A002"
    act(counter_actions.start, "A002", w1, c1, at(TUE, 9, 11))
    assert call(w2, c2, at(TUE, 9, 12)).number == "A003"
    v = visit(at(TUE, 9, 13))
    accept("T", v, dibao, at(TUE, 9, 13, 10))
    card_case, statuses = record("card", v, card, at(TUE, 9, 13, 20))
    s.do(at(TUE, 9, 13, 21), intake.check_materials, staff_id=c1.id, case_id=card_case.id, statuses=statuses)
    s.do(at(TUE, 9, 13, 22), intake.complete_on_the_spot, staff_id=c1.id, case_id=card_case.id)
    accept("V", v, pension, at(TUE, 9, 13, 30))
    noticed, _ = record("N", v, dibao, at(TUE, 9, 13, 40))
    s.do(at(TUE, 9, 13, 41), intake.issue_notice, staff_id=c1.id, case_id=noticed.id)
    refused, _ = record("R", v, dibao, at(TUE, 9, 13, 50))
    s.do(at(TUE, 9, 13, 51), intake.reject, staff_id=c1.id, case_id=refused.id, reason="不属于本中心受理范围")
    act(counter_actions.no_show, "A003", w2, c2, at(TUE, 9, 15))
    assert call(w2, c2, at(TUE, 9, 16)).number == "B001"
    act(counter_actions.start, "B001", w2, c2, at(TUE, 9, 18))
    act(counter_actions.finish, "A002", w1, c1, at(TUE, 9, 20))
    act(counter_actions.finish, "B001", w2, c2, at(TUE, 9, 30))
    s.do(at(TUE, 9, 31), counters.pause, counter_id=w2.id, staff_id=c2.id, reason="会议")
    s.do(at(TUE, 9, 46), counters.resume, counter_id=w2.id, staff_id=c2.id)
    issue("B002", b, at(TUE, 10, 0))
    issue("A004", a, at(TUE, 10, 20))
    s.do(at(TUE, 10, 40), counter_actions.cancel, ticket_id=tickets["A004"].id, hall_id=hall.id, staff_id=c1.id)
    assert call(w2, c2, at(TUE, 10, 45)).number == "B002"
    act(counter_actions.finish, "B002", w2, c2, at(TUE, 10, 55))
    issue("A005", a, at(TUE, 11, 0))
    assert call(w1, c1, at(TUE, 11, 5)).number == "A005"
    act(counter_actions.transfer, "A005", w1, c1, at(TUE, 11, 6), to_service_id=b.id)
    assert call(w2, c2, at(TUE, 11, 10)).number == "A005"
    act(counter_actions.finish, "A005", w2, c2, at(TUE, 11, 20))
    close_window(w1, c1, at(TUE, 12, 0))
    close_window(w2, c2, at(TUE, 12, 0))
    open_window(w1, c1, at(TUE, 13, 0))
    close_window(w1, c1, at(TUE, 14, 0))
    office(backoffice.decline, o_civil, "Y", at(TUE, 14, 30), reason="家庭收入超过标准")
    issue("A006", a, at(TUE, 23, 50))

    # Wednesday 25 ---------------------------------------------------------------------------------------
    issue("Wed A001", a, at(WED, 0, 5))
    open_window(w1, c1, at(WED, 8, 30))
    open_window(w2, c2, at(WED, 8, 30))
    call(w1, c1, at(WED, 8, 35))
    accept("Q", visit(at(WED, 8, 36)), dibao, at(WED, 8, 36, 10))
    act(counter_actions.finish, "Wed A001", w1, c1, at(WED, 8, 45))
    close_window(w1, c1, at(WED, 9, 0))

    # Ratings (the ratings service is not driven here: rows as it would write them) -------------------------
    with write_transaction():
        rate(tickets["Mon A001"], 1, ["attitude"], follow_up=(FollowUpState.CLOSED, date(2026, 11, 30)))
        rate(tickets["A001"], 5, ["efficient"])
        rate(tickets["A002"], 4)
        rate(tickets["B001"], 2, ["slow", "attitude"], "等了很久", follow_up=(FollowUpState.OPEN, date(2026, 12, 1)))
        rate(tickets["B002"], 3)
    return Week(hall, a, b, w1, w2, w3, c1, c2, civil, social, tickets, cases)


def rate(ticket: Ticket, level: int, reasons=(), comment: str = "", follow_up=None) -> Rating:
    ticket = db.session.get(Ticket, ticket.id)
    rating = Rating(
        hall_id=ticket.hall_id,
        ticket_id=ticket.id,
        counter_id=ticket.counter_id,
        clerk_id=ticket.clerk_id,
        service_day=ticket.service_day,
        level=level,
        reasons=list(reasons),
        comment=comment,
        channel="tablet",
        created_at=ticket.finished_at,
    )
    db.session.add(rating)
    db.session.flush()
    if follow_up is not None:
        state, due_on = follow_up
        db.session.add(
            FollowUp(
                hall_id=ticket.hall_id, rating_id=rating.id, due_on=due_on, state=state, updated_at=rating.created_at
            )
        )
    return rating


def tuesday(week: Week, now: datetime = REPORT_NOW):
    return report_figures(week.hall.id, TUE, TUE, now=now)


def words(*codes: str) -> tuple[str, ...]:
    with force_locale("zh_CN"):
        return tuple(str(REASONS[code]) for code in codes)


# ---- one day ------------------------------------------------------------------------------------------------


def test_the_days_tickets_and_waits(week):
    """The day's tickets: 8 issued, 5 served, 1 no-show, 1 cancelled; waits and service times as on the floor."""
    t = tuesday(week).tickets
    # Tuesday's tickets: A001–A006, B001, B002 (Monday's 23:50 and Wednesday's 00:05 are not Tuesday's).
    assert (t.issued, t.served, t.no_show, t.cancelled) == (8, 5, 1, 1)
    assert t.no_show_rate == pytest.approx(1 / 6)  # A003 of the 6 that ended at a window
    # Called: A001 510, A002 10, A003 7, B001 8, B002 45, A005 5 minutes = 585 over 6.
    assert t.avg_wait_s == pytest.approx(585 / 6 * MIN)
    assert t.max_wait_s == pytest.approx(510 * MIN)
    # Within 30 minutes: A002, A003, B001, A005.
    assert t.service_level == pytest.approx(4 / 6)
    # Served: A001 9, A002 9, B001 12, B002 10 (from its call), A005 10 (from its last call) = 50 over 5.
    assert t.avg_service_s == pytest.approx(10 * MIN)
    # Walks: A001 1, A002 1, B001 2 = 4 over 3; B002 and A005 were finished without "start": no walk at all.
    assert t.avg_walk_s == pytest.approx(4 / 3 * MIN)
    # Stays: A001 520 (00:10–08:50), A002 20, B001 22, B002 55, A005 20 = 637 over 5.
    assert t.avg_stay_s == pytest.approx(637 / 5 * MIN)


def test_each_service_counts_the_tickets_issued_in_it_even_after_a_transfer(week):
    """A005, taken for A and transferred to B, stays in A's row: its number, its wait, its service."""
    figures = tuesday(week)
    a, b = figures.by_service
    assert (a.prefix, a.name, b.prefix, b.name) == ("A", "综合受理", "B", "社保业务")
    assert (a.tickets.issued, a.tickets.served, a.tickets.no_show, a.tickets.cancelled) == (6, 3, 1, 1)
    assert a.tickets.avg_wait_s == pytest.approx((510 + 10 + 7 + 5) / 4 * MIN)
    assert a.tickets.max_wait_s == pytest.approx(510 * MIN)
    assert a.tickets.service_level == pytest.approx(3 / 4)
    assert a.tickets.avg_service_s == pytest.approx((9 + 9 + 10) / 3 * MIN)
    assert a.tickets.avg_walk_s == pytest.approx((1 + 1) / 2 * MIN)  # A001, A002; A005 never started
    assert a.tickets.avg_stay_s == pytest.approx((520 + 20 + 20) / 3 * MIN)
    assert (b.tickets.issued, b.tickets.served, b.tickets.no_show, b.tickets.cancelled) == (2, 2, 0, 0)
    assert b.tickets.avg_wait_s == pytest.approx((8 + 45) / 2 * MIN)
    assert b.tickets.max_wait_s == pytest.approx(45 * MIN)
    assert b.tickets.service_level == pytest.approx(1 / 2)
    assert b.tickets.avg_service_s == pytest.approx((12 + 10) / 2 * MIN)
    assert b.tickets.avg_walk_s == pytest.approx(2 * MIN)  # B001; B002 never started
    assert b.tickets.avg_stay_s == pytest.approx((22 + 55) / 2 * MIN)


def test_arrivals_are_counted_by_the_hours_of_the_halls_clock(week):
    """Arrivals by Shanghai hour: 00:10 in hour 0, three at nine, two at ten, one at eleven, 23:50 in hour 23."""
    arrivals = tuesday(week).arrivals_by_hour
    assert len(arrivals) == 24
    assert {hour: n for hour, n in enumerate(arrivals) if n} == {0: 1, 9: 3, 10: 2, 11: 1, 23: 1}


def test_windows_show_served_busy_open_and_idle_time(week):
    """Window 1 open 4½ h with 18 min serving; window 2 open 3¼ h (pause excluded) with 32 min; window 3 closed."""
    w1, w2, w3 = tuesday(week).counters
    assert (w1.number, w1.name, w1.served, w1.busy_s) == (1, "1号窗口", 2, pytest.approx(18 * MIN))
    assert w1.avg_service_s == pytest.approx(9 * MIN)
    assert w1.open_s == pytest.approx((210 + 60) * MIN)  # 08:30–12:00 and 13:00–14:00
    assert w1.idle_s == pytest.approx((270 - 18) * MIN)
    # B001 12, B002 10 and the transferred A005 10, all finished at window 2; A003's no-show is not served.
    assert (w2.number, w2.served, w2.busy_s) == (2, 3, pytest.approx(32 * MIN))
    assert w2.avg_service_s == pytest.approx(32 / 3 * MIN)
    assert w2.open_s == pytest.approx((61 + 134) * MIN)  # 08:30–09:31 and 09:46–12:00
    assert (w3.number, w3.served, w3.avg_service_s, w3.busy_s, w3.open_s) == (3, 0, None, 0, 0)


def test_a_window_still_open_counts_until_now(week):
    """At 10:00 window 1 has been open 90 minutes, window 2 75 (its pause left out)."""
    w1, w2, _ = tuesday(week, now=at(TUE, 10, 0)).counters
    assert w1.open_s == pytest.approx(90 * MIN)
    assert w2.open_s == pytest.approx((61 + 14) * MIN)


def test_clerks_are_credited_with_what_they_served(week):
    """王芳 (window 2) served 3 in 32 minutes, 李明 (window 1) 2 in 18; the busiest first."""
    c2, c1 = tuesday(week).clerks
    assert (c2.staff_id, c2.name, c2.served, c2.busy_s) == (week.c2.id, "王芳", 3, pytest.approx(32 * MIN))
    assert c2.avg_service_s == pytest.approx(32 / 3 * MIN)
    assert (c1.staff_id, c1.name, c1.served, c1.busy_s) == (week.c1.id, "李明", 2, pytest.approx(18 * MIN))
    assert c1.avg_service_s == pytest.approx(9 * MIN)


def test_cases_per_department_accepted_completed_and_overdue(week):
    """民政: 1 accepted, X (late) and Y (on time) decided, X and Z overdue; 社保: card on the spot + pension."""
    civil, social = tuesday(week).departments
    # 民政 accepted only T on Tuesday (N was noticed, R refused: neither accepted). Completed: X approved at
    # 07:00 (23:00 UTC on Monday, still Tuesday's) and Y declined; R's refusal is no completion. Overdue: X
    # (due Monday, decided Tuesday) and Z (due Monday, still in review); P's clock stands still (supplement).
    assert (civil.name, civil.accepted, civil.immediate, civil.promised) == ("社会事务办", 1, 0, 1)
    assert (civil.completed, civil.overdue) == (2, 2)
    # 社保: the card (即办件, accepted and completed on the spot) and V accepted; W is due on the 30th.
    assert (social.name, social.accepted, social.immediate, social.promised) == ("社会保障所", 2, 1, 1)
    assert (social.completed, social.overdue) == (1, 0)


def test_ratings_by_level_satisfaction_and_the_bad_one_with_its_follow_up(week):
    """Four ratings (5, 4, 3, 2): satisfaction 50%; B001's 不满意 listed with its open follow-up."""
    ratings = tuesday(week).ratings
    assert ratings.total == 4
    assert ratings.by_level == {5: 1, 4: 1, 3: 1, 2: 1, 1: 0}
    assert ratings.satisfaction_rate == pytest.approx(2 / 4)  # (非常满意 + 满意) / all
    (bad,) = ratings.bad  # Monday's 非常不满意 belongs to Monday
    assert (bad.ticket_number, bad.day, bad.counter_number, bad.clerk_name, bad.level) == ("B001", TUE, 2, "王芳", 2)
    assert bad.reasons == words("slow", "attitude")
    assert (bad.comment, bad.follow_up_state, bad.follow_up_due) == ("等了很久", "open", date(2026, 12, 1))


def test_the_daily_report_is_one_day_with_its_trend_row(week):
    """The daily report names the hall and target and carries one trend row for the day."""
    figures = tuesday(week)
    assert (figures.hall_name, figures.start, figures.end, figures.target_wait_minutes) == (
        "测试镇便民服务中心",
        TUE,
        TUE,
        30,
    )
    assert figures.is_single_day
    (day,) = figures.daily
    assert (day.day, day.issued, day.served, day.cases_accepted) == (TUE, 8, 5, 3)
    assert day.avg_wait_s == pytest.approx(585 / 6 * MIN)
    assert day.service_level == pytest.approx(4 / 6)
    assert day.satisfaction_rate == pytest.approx(0.5)


# ---- a range of days ------------------------------------------------------------------------------------------


def test_three_days_add_up_and_trend_day_by_day(week):
    """Monday to Wednesday: 11 tickets, the trend shows each day's own figures."""
    figures = report_figures(week.hall.id, MON, WED, now=REPORT_NOW)
    t = figures.tickets
    assert (t.issued, t.served, t.no_show, t.cancelled) == (2 + 8 + 1, 1 + 5 + 1, 1, 1)
    assert t.avg_wait_s == pytest.approx((5 + 585 + 510) / 8 * MIN)
    assert t.service_level == pytest.approx((1 + 4 + 0) / 8)
    assert t.avg_service_s == pytest.approx((5 + 50 + 10) / 7 * MIN)
    assert t.avg_walk_s == pytest.approx(4 / 3 * MIN)  # Monday's and Wednesday's A001 were never started
    assert t.avg_stay_s == pytest.approx((10 + 637 + 520) / 7 * MIN)

    mon, tue, wed = figures.daily
    assert (mon.day, mon.issued, mon.served, mon.cases_accepted) == (MON, 2, 1, 0)
    assert (mon.avg_wait_s, mon.service_level, mon.satisfaction_rate) == (pytest.approx(5 * MIN), 1.0, 0.0)
    assert (tue.day, tue.issued, tue.served, tue.cases_accepted) == (TUE, 8, 5, 3)
    assert (tue.service_level, tue.satisfaction_rate) == (pytest.approx(4 / 6), 0.5)
    assert (wed.day, wed.issued, wed.served, wed.cases_accepted) == (WED, 1, 1, 1)
    assert (wed.avg_wait_s, wed.service_level, wed.satisfaction_rate) == (pytest.approx(510 * MIN), 0.0, None)

    # Window 1: Monday 180 min, Tuesday 270, Wednesday 30; window 2: Tuesday 195, Wednesday 08:30 until now.
    w1, w2, _ = figures.counters
    assert (w1.served, w1.busy_s, w1.open_s) == (4, pytest.approx(33 * MIN), pytest.approx(480 * MIN))
    assert (w2.served, w2.busy_s, w2.open_s) == (3, pytest.approx(32 * MIN), pytest.approx(225 * MIN))
    assert [(c.name, c.served) for c in figures.clerks] == [("李明", 4), ("王芳", 3)]

    civil, social = figures.departments
    # 民政 also accepted Q on Wednesday; Z is still overdue on Wednesday.
    assert (civil.accepted, civil.completed, civil.overdue) == (2, 2, 2)
    assert (social.accepted, social.completed, social.overdue) == (2, 1, 0)

    assert figures.ratings.by_level == {5: 1, 4: 1, 3: 1, 2: 1, 1: 1}
    assert figures.ratings.satisfaction_rate == pytest.approx(2 / 5)
    assert [(b.day, b.ticket_number, b.follow_up_state) for b in figures.ratings.bad] == [
        (MON, "A001", "closed"),
        (TUE, "B001", "open"),
    ]


def test_a_quiet_day_still_lists_every_service_window_and_department(week):
    """Thursday, nothing happened: zero rows everywhere, but Z is still overdue."""
    figures = report_figures(week.hall.id, THU, THU, now=at(THU, 18, 0))
    t = figures.tickets
    assert (t.issued, t.served, t.avg_wait_s, t.max_wait_s, t.service_level, t.avg_service_s) == (
        0,
        0,
        None,
        None,
        None,
        None,
    )
    assert (t.avg_walk_s, t.avg_stay_s) == (None, None)
    assert [s.prefix for s in figures.by_service] == ["A", "B"]
    assert sum(figures.arrivals_by_hour) == 0
    # Window 2 has stayed signed in since Wednesday 08:30: open all Thursday until 18:00.
    assert [(c.number, c.served, c.open_s) for c in figures.counters] == [(1, 0, 0), (2, 0, 18 * 60 * MIN), (3, 0, 0)]
    assert figures.clerks == ()
    civil, social = figures.departments
    assert (civil.accepted, civil.completed, civil.overdue) == (0, 0, 1)
    assert (social.accepted, social.completed, social.overdue) == (0, 0, 0)
    assert (figures.ratings.total, figures.ratings.satisfaction_rate, figures.ratings.bad) == (0, None, ())
    assert [(d.day, d.issued, d.avg_wait_s, d.satisfaction_rate) for d in figures.daily] == [(THU, 0, None, None)]


def test_a_report_never_runs_inside_a_write_transaction(week):
    """Reports only read: asked for inside a write transaction, it refuses rather than hold the write lock."""
    with pytest.raises(RuntimeError, match="outside write_transaction"), write_transaction():
        report_figures(week.hall.id, TUE, TUE, now=REPORT_NOW)


def test_a_window_paused_overnight_stays_paused_when_its_clerk_signs_in_again(week, clock):
    """王芳 paused window 2 on Thursday and signed in again on Friday morning: open only from her resume."""
    fri = date(2026, 11, 27)
    s = Builder(clock)
    s.do(at(THU, 17, 0), counters.pause, counter_id=week.w2.id, staff_id=week.c2.id)
    s.do(at(fri, 8, 0), counters.sign_in, counter_id=week.w2.id, staff_id=week.c2.id)  # new day, still paused
    s.do(at(fri, 8, 30), counters.resume, counter_id=week.w2.id, staff_id=week.c2.id)
    s.do(at(fri, 11, 0), counters.sign_out, counter_id=week.w2.id, staff_id=week.c2.id)
    thursday = report_figures(week.hall.id, THU, THU, now=at(fri, 12, 0))
    friday = report_figures(week.hall.id, fri, fri, now=at(fri, 12, 0))
    assert thursday.counters[1].open_s == pytest.approx(17 * 60 * MIN)  # 00:00–17:00
    assert friday.counters[1].open_s == pytest.approx(150 * MIN)  # 08:30–11:00


def test_a_window_left_signed_in_for_days_counts_as_open(week, clock):
    """Windows left signed in (2 since Wednesday, 3 since Thursday) are open all day on 7 December."""
    Builder(clock).do(at(THU, 9, 0), counters.sign_in, counter_id=week.w3.id, staff_id=week.c1.id)
    later = date(2026, 12, 7)
    figures = report_figures(week.hall.id, later, later, now=at(date(2026, 12, 8), 9, 0))
    # Nothing has been recorded at either for more than a week: their state comes from their last events.
    day = pytest.approx(24 * 60 * MIN)
    assert [(c.number, c.open_s) for c in figures.counters] == [(1, 0), (2, day), (3, day)]


def test_walk_is_only_measured_from_a_start_and_stay_only_to_a_clerks_finish(week, clock):
    """Friday: walks 3 and 4 minutes (pressed "start" after the call); stays 25, 39 and 10, not the system's."""
    s = Builder(clock)
    hall, w1, w2, c1, c2 = week.hall, week.w1, week.w2, week.c1, week.c2
    tickets = {}

    def issue(label, when):
        tickets[label] = s.do(when, issue_ticket, hall_id=hall.id, service_id=week.a.id, policy=kiosk_policy())

    def act(action, label, window, clerk, when, **kwargs):
        s.do(when, action, ticket_id=tickets[label].id, counter_id=window.id, staff_id=clerk.id, **kwargs)

    def call(window, clerk, when):
        return s.do(when, calling.call_next, counter_id=window.id, staff_id=clerk.id).number

    s.do(at(FRI, 8, 30), counters.sign_in, counter_id=w1.id, staff_id=c1.id)
    issue("A001", at(FRI, 9, 0))
    issue("A002", at(FRI, 9, 1))
    assert call(w1, c1, at(FRI, 9, 10)) == "A001"
    act(counter_actions.start, "A001", w1, c1, at(FRI, 9, 13))
    act(counter_actions.finish, "A001", w1, c1, at(FRI, 9, 25))
    assert call(w1, c1, at(FRI, 9, 30)) == "A002"
    act(counter_actions.finish, "A002", w1, c1, at(FRI, 9, 40))  # without "start": its start is its call
    issue("A003", at(FRI, 10, 0))
    assert call(w1, c1, at(FRI, 10, 1)) == "A003"
    act(counter_actions.start, "A003", w1, c1, at(FRI, 10, 2))
    act(counter_actions.transfer, "A003", w1, c1, at(FRI, 10, 3), to_service_id=week.b.id)
    assert call(w2, c2, at(FRI, 10, 5)) == "A003"
    act(counter_actions.start, "A003", w2, c2, at(FRI, 10, 8))  # keeps its first start, 10:02
    act(counter_actions.finish, "A003", w2, c2, at(FRI, 10, 10))
    issue("A004", at(FRI, 10, 30))
    assert call(w1, c1, at(FRI, 10, 35)) == "A004"
    act(counter_actions.start, "A004", w1, c1, at(FRI, 10, 39))
    assert s.do(at(FRI, 18, 0), closing.close_day, hall_id=hall.id, day=FRI) == 1
    assert db.session.get(Ticket, tickets["A004"].id).finished_by_system

    t = report_figures(hall.id, FRI, FRI, now=at(FRI, 18, 0)).tickets
    assert (t.issued, t.served) == (4, 4)
    assert t.avg_walk_s == pytest.approx((3 + 4) / 2 * MIN)  # A001 and A004 (the system finished only its visit)
    assert t.avg_stay_s == pytest.approx((25 + 39 + 10) / 3 * MIN)  # A004's finish is the closing's, not a stay
    assert t.avg_service_s == pytest.approx((12 + 10 + 8) / 3 * MIN)
