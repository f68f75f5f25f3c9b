"""Anonymising finished visits: personal data goes, open cases and every report figure stay as they were."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from hall.db import write_transaction
from hall.errors import ValidationFailed
from hall.extensions import db
from hall.models import (
    Case,
    CaseState,
    DeliveryMethod,
    FollowUp,
    HistoryEntry,
    Kind,
    Rating,
    Staff,
    Throttle,
    Ticket,
    Visit,
)
from hall.services import counter_actions, ratings, retention
from hall.services.cases import backoffice, delivery, intake
from hall.services.reports.metrics import report_figures
from tests.hall.services import helpers
from tests.hall.services.cases.steps import ID_NUMBER, NAME, PHONE, Desk
from tests.hall.services.reports.test_metrics import TUE, at, week  # noqa: F401  (the report test's week)

YEAR = timedelta(days=365)


@pytest.fixture
def desk(case_hall, clock) -> Desk:
    return Desk(case_hall, clock)


def fresh(model, id_):
    db.session.expire_all()
    return db.session.get(model, id_)


def run(hall_id, now, days=365):
    """Anonymise every due visit of the hall, batch by batch as the command does."""
    total, after = retention.Tally(), 0
    while after is not None:
        with write_transaction():
            batch, after = retention.anonymise_visits(
                hall_id=hall_id, before=retention.cutoff(now, days), now=now, days=days, after_id=after, limit=2
            )
        total.add(batch)
    return total


def finished_visit(desk, clock):
    """A visit with a case handed over by post and one not accepted; the ticket finished and rated badly."""
    visit = desk.visit()
    posted = desk.case_in(CaseState.READY, visit=visit)
    desk.act(
        delivery.deliver,
        desk.clerk,
        case_id=posted.id,
        method=DeliveryMethod.POSTED,
        note=f"SF1234567890 {NAME} 杭州市西湖区文三路1号",
    )
    desk.act(intake.reject, desk.clerk, case_id=desk.record(visit, desk.c.card).id, reason=f"{NAME}的材料不齐")
    ticket = db.session.get(Ticket, visit.ticket_id)
    helpers.act(counter_actions.finish, ticket, desk.c.window, desk.clerk, clock)
    with write_transaction():
        rating = ratings.rate(
            ticket_token=ticket.token, level=2, comment=f"我是{NAME}，电话{PHONE}，等太久", channel="phone", now=clock()
        )
    with write_transaction():
        ratings.record_call_back(
            actor_id=desk.c.small.manager.id, follow_up_id=rating.follow_up.id, note=f"已回电{PHONE}", now=clock()
        )
    return visit


def test_a_finished_visit_loses_the_applicant_and_the_free_text_after_a_year(desk, clock):
    """A year after the last step: no name, ID, phone, notes, reasons, tracking number or pickup code anywhere."""
    visit = finished_visit(desk, clock)
    now = clock.advance(days=366)
    assert run(desk.c.hall.id, now) == retention.Tally(visits=1, cases=2, ratings=1)
    visit = fresh(Visit, visit.id)
    assert (visit.applicant_name, visit.id_number, visit.phone, visit.anonymised_at) == ("", "", "", now)
    for case in visit.cases:
        assert {case.reason, case.supplement_note, case.deficiency_note, case.delivery_note, case.pickup_code} == {""}
    history = db.session.scalars(select(HistoryEntry).where(HistoryEntry.ticket_id == visit.ticket_id)).all()
    text = repr([entry.data for entry in history])
    assert NAME not in text and ID_NUMBER not in text and PHONE not in text and "张*" not in text
    rating = db.session.scalar(select(Rating).where(Rating.ticket_id == visit.ticket_id))
    assert rating.comment == "我是***，电话***，等太久" and rating.follow_up.call_note == "已回电***"
    assert (rating.level, rating.service_day) == (2, date(2026, 11, 23))


def test_what_reports_read_is_kept(desk, clock):
    """Matters, departments, states, outcomes and dates of the cases are untouched."""
    visit = finished_visit(desk, clock)
    columns = (Case.matter_code, Case.department_id, Case.state, Case.outcome, Case.accepted_on, Case.decided_at)
    query = select(*columns).where(Case.visit_id == visit.id).order_by(Case.id)
    before = db.session.execute(query).all()
    run(desk.c.hall.id, clock.advance(days=366))
    assert db.session.execute(query).all() == before


def test_the_run_is_recorded_in_the_history(desk, clock):
    """One history entry per batch lists the visits and the counts, with the cutoff and period used."""
    visit = finished_visit(desk, clock)
    now = clock.advance(days=400)
    run(desk.c.hall.id, now, days=200)
    entry = db.session.scalar(select(HistoryEntry).where(HistoryEntry.kind == Kind.ANONYMISED))
    assert entry.data == {
        "before": (now - timedelta(days=200)).isoformat(),
        "days": 200,
        "visits": 1,
        "cases": 2,
        "ratings": 1,
        "visit_ids": [visit.id],
    }
    assert (entry.staff_id, entry.case_id, entry.ticket_id, entry.channel) == (None, None, None, "cli")


def test_open_cases_and_recent_visits_keep_their_data(desk, clock):
    """A visit with a case still in review, and a visit finished within the year, are left exactly as they were."""
    still_open = desk.visit()
    desk.case_in(CaseState.DELIVERED, visit=still_open)
    in_review = desk.case_in(CaseState.IN_REVIEW, visit=still_open)
    clock.advance(days=300)
    recent = desk.next_resident()
    desk.case_in(CaseState.REJECTED, visit=recent)
    now = clock.advance(days=100)
    assert run(desk.c.hall.id, now) == retention.Tally()
    for visit_id in (still_open.id, recent.id):
        visit = fresh(Visit, visit_id)
        assert (visit.applicant_name, visit.id_number, visit.phone, visit.anonymised_at) == (
            NAME,
            ID_NUMBER,
            PHONE,
            None,
        )
    assert fresh(Case, in_review.id).state == CaseState.IN_REVIEW


def test_the_clock_runs_from_the_last_step_not_from_the_visit(desk, clock):
    """A case handed over half a year after the visit keeps its applicant a year from the hand-over."""
    visit = desk.visit()
    case = desk.case_in(CaseState.READY, visit=visit)
    clock.advance(days=180)
    desk.act(
        delivery.deliver, desk.clerk, case_id=case.id, method=DeliveryMethod.COLLECTED, pickup_code=case.pickup_code
    )
    assert run(desk.c.hall.id, clock.advance(days=300)) == retention.Tally()
    assert run(desk.c.hall.id, clock.advance(days=70)).visits == 1


def test_a_second_run_changes_nothing(desk, clock):
    """Idempotent: the visit is done once; the next run finds nothing and writes no batch entry."""
    finished_visit(desk, clock)
    now = clock.advance(days=366)
    run(desk.c.hall.id, now)
    assert run(desk.c.hall.id, clock.advance(days=1)) == retention.Tally()
    assert db.session.query(HistoryEntry).filter_by(kind=Kind.ANONYMISED).count() == 1


def test_the_dry_run_counts_what_the_run_changes_and_changes_nothing(desk, clock):
    """preview() reports the same visits, cases and ratings that the run then anonymises."""
    visit = finished_visit(desk, clock)
    now = clock.advance(days=366)
    before = retention.cutoff(now, 365)
    expected = retention.preview(desk.c.hall.id, before, before.date())
    assert fresh(Visit, visit.id).applicant_name == NAME
    assert run(desk.c.hall.id, now) == expected == retention.Tally(visits=1, cases=2, ratings=1)


def test_ratings_without_a_visit_lose_numbers_in_their_comments(desk, clock):
    """A ticket served without a case: its rating's phone number goes once its day is older than the period."""
    c = desk.c
    ticket = helpers.issue(c.hall, c.small.b, clock)
    helpers.call_next(c.small.w3, c.small.c3, clock)
    helpers.act(counter_actions.finish, ticket, c.small.w3, c.small.c3, clock)
    with write_transaction():
        ratings.rate(ticket_token=ticket.token, level=5, comment="很好，回电13900001111", channel="phone", now=clock())
    now = clock.advance(days=366)
    before = retention.cutoff(now, 365)
    with write_transaction():
        tally, after = retention.redact_old_ratings(
            hall_id=c.hall.id, before=before, before_day=before.date(), now=now, days=365
        )
    assert (tally.ratings, after) == (1, None)
    assert db.session.scalar(select(Rating.comment)) == "很好，回电***"


def test_a_retention_period_under_a_month_is_refused(clock):
    """`--days 3` is a typing slip, not a policy: refused before anything is read."""
    with pytest.raises(ValidationFailed):
        retention.cutoff(clock(), 3)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("张三丰说等了20分钟", "***说等了20分钟"),
        ("电话 138 1234 5678", "电话 ***"),
        ("身份证11010519491231002X", "身份证***"),
        ("全角１３８１２３４５６７８", "全角***"),
        ("***", "***"),
        ("", ""),
    ],
)
def test_redact_removes_known_values_and_long_numbers(text, expected):
    """Names given, phone and ID numbers (spaced or full-width) become ***; short numbers stay."""
    assert retention.redact(text, ("张三丰", "", "  ")) == expected


def test_old_rate_limit_counters_are_deleted(app, clock):
    """Counters keyed by client address go two days after their window began; the current ones stay."""
    with write_transaction():
        db.session.add(Throttle(key="progress:10.0.0.1", window_start=clock() - timedelta(days=3), count=2))
        db.session.add(Throttle(key="progress:10.0.0.2", window_start=clock(), count=1))
    with write_transaction():
        assert retention.prune_throttles(clock()) == 1
    assert db.session.scalars(select(Throttle.key)).all() == ["progress:10.0.0.2"]


# ---- the reports ------------------------------------------------------------------------------------------


def finish_the_weeks_cases(w, clock, when):
    """Drive every case of the report test's week to its end (all but Q), a week after the week."""
    clock.set(when)
    officers = {s.username: s for s in db.session.scalars(select(Staff))}
    o_civil, o_social = officers["o-civil"], officers["o-social"]
    cases = {name: db.session.get(Case, case.id) for name, case in w.cases.items()}

    def do(action, staff, name, **kwargs):
        with write_transaction():
            action(staff_id=staff.id, case_id=cases[name].id, now=when, **kwargs)

    do(intake.record_supplement, w.c1, "P")
    for name, officer in (("T", o_civil), ("V", o_social)):
        do(backoffice.start_review, officer, name)
    for name, officer in (("Z", o_civil), ("P", o_civil), ("W", o_social), ("T", o_civil), ("V", o_social)):
        do(backoffice.approve, officer, name)
    for name in ("X", "Z", "P", "W", "T", "V"):
        do(delivery.deliver, w.c1, name, method=DeliveryMethod.COLLECTED, pickup_code=cases[name].pickup_code)
    do(delivery.deliver, w.c1, "Y", method=DeliveryMethod.POSTED, note="SF1234567890 张三 杭州市")
    do(intake.withdraw, w.c1, "N")
    rating = db.session.scalar(select(Rating).where(Rating.ticket_id == w.tickets["A002"].id))
    with write_transaction():
        db.session.get(Rating, rating.id).comment = "张三 13812345678 很满意"


def test_report_figures_are_identical_before_and_after_anonymising(week, clock):  # noqa: F811
    """The day's and the month's figures (tickets, waits, cases, ratings, the bad-rating list) do not move."""
    finish_the_weeks_cases(week, clock, at(date(2026, 12, 1), 10, 0))
    now = at(date(2028, 1, 10), 9, 0)
    clock.set(now)
    periods = [(TUE, TUE), (date(2026, 11, 1), date(2026, 11, 30)), (date(2026, 12, 1), date(2026, 12, 31))]
    before = [report_figures(week.hall.id, start, end, now=now) for start, end in periods]
    tally = run(week.hall.id, now)
    assert tally.visits == 3 and tally.ratings == 1  # Mon 16, Tue 17 and Tue 24's visits; Q's visit stays
    after = [report_figures(week.hall.id, start, end, now=now) for start, end in periods]
    assert after == before
    assert before[1].ratings.bad and before[1].departments[0].accepted  # the comparison compares something
    q = fresh(Case, week.cases["Q"].id)
    assert q.state == CaseState.ACCEPTED and q.visit.applicant_name == "张三" and q.visit.anonymised_at is None
    assert db.session.scalar(select(FollowUp.id)) is not None
