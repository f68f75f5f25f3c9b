"""The resident's progress page: what it shows (masked personal data only), and the guarded lookup by number.

``visit_progress`` is what the receipt's QR code opens; ``lookup`` finds a case by its number and the last
four digits of the applicant's phone; ``count_lookup`` limits the guesses per client and hour.
"""

from datetime import date, timedelta

import pytest

from hall.db import write_transaction
from hall.errors import NotFound, RateLimited
from hall.models import CaseState, Kind, MaterialStatus
from hall.services.cases import backoffice, intake, progress
from hall.services.cases.lifecycle import ACTION_LABELS, STATE_LABELS
from tests.hall.services.cases.steps import ID_NUMBER, NAME, PHONE


def count(client_key, clock):
    with write_transaction():
        progress.count_lookup(client_key=client_key, now=clock())


def test_progress_shows_the_masked_name_only(desk, clock):
    """Anyone holding the receipt sees 张**, never the full name, ID number or phone, anywhere on the page."""
    visit = desk.visit()
    desk.accepted(visit=visit)
    noticed = desk.record(visit, desk.c.pension)
    desk.act(intake.issue_notice, desk.clerk, case_id=noticed.id, note="请携带本人银行卡")
    page = progress.visit_progress(visit, clock())
    assert page["applicant"] == "张**"
    text = repr(page)
    for secret in (NAME, ID_NUMBER, ID_NUMBER[:-4], PHONE, PHONE[3:7] + PHONE[7:]):
        assert secret not in text
    assert page["hall"] == {"name": "测试镇便民服务中心", "address": desk.c.hall.address, "phone": "0571-1234567"}


def test_progress_lists_the_visits_cases_without_withdrawn_ones(desk, clock):
    """The resident sees the two cases they applied for, not the one the clerk recorded by mistake."""
    visit = desk.visit()
    dibao = desk.accepted(visit=visit)
    mistake = desk.record(visit, desk.c.card)
    desk.step(mistake, "withdraw")
    pension = desk.accepted(desk.c.pension, visit=visit)
    cases = progress.visit_progress(visit, clock())["cases"]
    assert [c["number"] for c in cases] == [dibao.number, pension.number]
    first = cases[0]
    assert (first["matter"], first["department"], first["state"]) == ("最低生活保障申请", "社会事务办", "accepted")
    assert first["state_label"] == STATE_LABELS[CaseState.ACCEPTED]
    assert (first["accepted_on"], first["due_on"], first["deadline"]) == (
        date(2026, 11, 23),
        date(2026, 11, 30),
        "on_time",
    )
    assert first["outcome"] is None


def test_missing_materials_are_listed_only_while_waiting_for_them(desk, clock):
    """After the one-time notice the page lists what to bring; once it is brought, the list is gone."""
    visit = desk.visit()
    case = desk.record(visit, desk.c.dibao)
    desk.act(
        intake.check_materials, desk.clerk, case_id=case.id, statuses={case.materials[0].id: MaterialStatus.RECEIVED}
    )

    def shown():
        return progress.visit_progress(visit, clock())["cases"][0]

    assert shown()["missing"] == []  # still being recorded: the clerk has not given the notice yet
    desk.act(intake.issue_notice, desk.clerk, case_id=case.id, note="户口簿须为原件", supply_by=date(2026, 11, 27))
    page = shown()
    assert page["state"] == "needs_supplement"
    assert page["missing"] == ["户口簿"]
    assert (page["supplement_note"], page["supplement_due"]) == ("户口簿须为原件", date(2026, 11, 27))
    assert page["next_step"] == progress.NEXT_STEP[CaseState.NEEDS_SUPPLEMENT]
    clock.advance(days=1)
    desk.act(intake.record_supplement, desk.clerk, case_id=case.id)
    page = shown()
    assert (page["state"], page["missing"], page["supplement_note"]) == ("received", [], "")


def test_accepted_with_deficiencies_shows_no_missing_list(desk, clock):
    """容缺受理: the resident's promise is on the receipt; the page does not show the case as waiting for them."""
    visit = desk.visit()
    case = desk.record(visit, desk.c.dibao)
    desk.act(
        intake.check_materials, desk.clerk, case_id=case.id, statuses={case.materials[0].id: MaterialStatus.RECEIVED}
    )
    desk.accept(case, deficiency_note="户口簿周四前补交", deficiency_due=date(2026, 11, 26))
    assert progress.visit_progress(visit, clock())["cases"][0]["missing"] == []


def test_steps_are_listed_in_order_with_local_times(desk, clock):
    """Recorded, accepted, in review, approved, in order, Shanghai time; the window's material ticks not shown."""
    visit = desk.visit()
    case = desk.case_in(CaseState.READY, visit=visit)
    page = progress.visit_progress(visit, clock())["cases"][0]
    kinds = [
        Kind.CASE_RECORDED,
        Kind.CASE_ACCEPTED,
        Kind.CASE_REVIEW_STARTED,
        Kind.CASE_APPROVED,
    ]
    assert [s["action"] for s in page["steps"]] == [ACTION_LABELS[k] for k in kinds]
    times = [s["at"] for s in page["steps"]]
    assert times == sorted(times) and len(set(times)) == len(times)
    assert all(t.utcoffset() == timedelta(hours=8) for t in times)
    assert (page["state"], page["outcome"], page["deadline"]) == ("ready_for_pickup", "approved", "met")
    assert page["number"] == case.number


def test_lookup_by_case_number_and_last_four_phone_digits(desk):
    """The resident types the number from the receipt (in any case, with spaces) and 5678: their case."""
    case = desk.accepted()
    assert progress.lookup(case_number=case.number, phone_last4="5678").id == case.id
    assert progress.lookup(case_number=f"  {case.number.lower()} ", phone_last4=" 5678 ").id == case.id


@pytest.mark.parametrize(
    ("number", "digits"),
    [("right", "1234"), ("right", ""), ("right", PHONE), ("TEST-20261123-9999", "5678"), ("", "5678")],
    ids=["wrong digits", "no digits", "whole phone", "unknown number", "no number"],
)
def test_lookup_fails_without_the_right_number_and_digits(desk, number, digits):
    """Wrong digits or an unknown number: no case, and the same answer either way (nothing to learn from it)."""
    case = desk.accepted()
    with pytest.raises(NotFound):
        progress.lookup(case_number=case.number if number == "right" else number, phone_last4=digits)


def test_progress_page_by_token(desk):
    """The receipt's QR code opens the visit; a made-up or too short code does not."""
    visit = desk.visit()
    assert progress.visit_by_token(visit.token).id == visit.id
    for token in ("", "abc", "x" * 22, visit.token + "x" * 20):
        with pytest.raises(NotFound):
            progress.visit_by_token(token)


def test_lookups_are_limited_to_ten_an_hour_per_client(desk, clock):
    """Ten guesses from one address in an hour are allowed; the eleventh is refused, even with the right answer."""
    for _ in range(progress.LOOKUP_ATTEMPTS_PER_HOUR):
        count("203.0.113.7", clock)
        clock.advance(minutes=1)
    with pytest.raises(RateLimited) as refused:
        count("203.0.113.7", clock)
    assert refused.value.details["retry_minutes"] == 50
    count("198.51.100.2", clock)  # another client is not affected


def test_lookups_are_allowed_again_after_the_hour(desk, clock):
    """Refused at 10:59 after ten guesses since 10:00; allowed again from 11:00."""
    start = clock()
    for _ in range(progress.LOOKUP_ATTEMPTS_PER_HOUR):
        count("203.0.113.7", clock)
    clock.set(start + timedelta(minutes=59))
    with pytest.raises(RateLimited):
        count("203.0.113.7", clock)
    clock.set(start + timedelta(hours=1))
    count("203.0.113.7", clock)
    for _ in range(progress.LOOKUP_ATTEMPTS_PER_HOUR - 1):
        count("203.0.113.7", clock)
    with pytest.raises(RateLimited):
        count("203.0.113.7", clock)


def test_department_decision_shows_on_the_page(desk, clock):
    """Declined by the department: the page says it is ready for collection, with the outcome."""
    visit = desk.visit()
    case = desk.case_in(CaseState.IN_REVIEW, visit=visit)
    desk.act(backoffice.decline, desk.c.officer_civil, case_id=case.id, reason="家庭收入超过标准")
    page = progress.visit_progress(visit, clock())["cases"][0]
    assert (page["state"], page["outcome"]) == ("ready_for_pickup", "declined")
    assert page["next_step"] == progress.NEXT_STEP[CaseState.READY]
