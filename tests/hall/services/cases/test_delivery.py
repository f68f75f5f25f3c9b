"""出件: handing the result over at the front window with the receipt's pickup code, or posting it."""

import pytest

from hall.errors import InvalidState, ValidationFailed
from hall.models import CaseState, DeliveryMethod, Kind, Outcome
from hall.services.cases import backoffice, delivery, intake
from tests.hall.services.cases.steps import history


@pytest.fixture
def ready(desk):
    """A 低保 case approved by 民政, its result waiting at the front desk."""
    return desk.case_in(CaseState.READY)


def deliver(desk, case, **kwargs):
    return desk.act(delivery.deliver, desk.clerk, case_id=case.id, **kwargs)


def wrong_code(case) -> str:
    return f"{(int(case.pickup_code) + 1) % 10**6:06d}"


def test_result_is_collected_with_the_pickup_code(desk, clock, ready):
    """The resident shows the receipt: the code matches, the result is handed over, the case is finished."""
    deliver(desk, ready, method=DeliveryMethod.COLLECTED, pickup_code=f" {ready.pickup_code} ")
    assert ready.state == CaseState.DELIVERED
    assert ready.delivery_method == DeliveryMethod.COLLECTED
    assert ready.delivered_at == clock()
    assert ready.outcome == Outcome.APPROVED
    entry = history(ready)[-1]
    assert (entry.kind, entry.staff_id, entry.data["method"]) == (Kind.CASE_DELIVERED, desk.clerk.id, "collected")


@pytest.mark.parametrize("code", ["wrong", "", None], ids=["another code", "empty", "none"])
def test_wrong_pickup_code_is_refused_and_the_case_stays_ready(desk, ready, code):
    """A code that is not the receipt's is refused on its field; the result stays at the window."""
    with pytest.raises(ValidationFailed) as refused:
        deliver(
            desk, ready, method=DeliveryMethod.COLLECTED, pickup_code=wrong_code(ready) if code == "wrong" else code
        )
    assert refused.value.details == {"field": "pickup_code"}
    assert ready.state == CaseState.READY
    assert ready.delivered_at is None and ready.delivery_method is None
    assert history(ready)[-1].kind == Kind.CASE_APPROVED


def test_posting_needs_a_tracking_number(desk, ready):
    """Posting without the tracking number is refused; the case waits at the front."""
    with pytest.raises(ValidationFailed) as refused:
        deliver(desk, ready, method=DeliveryMethod.POSTED, note="   ")
    assert refused.value.details == {"field": "delivery_note"}
    assert ready.state == CaseState.READY


def test_posted_result_keeps_its_tracking_number(desk, ready):
    """Posted by EMS: no pickup code is needed, the tracking number is kept with the case."""
    deliver(desk, ready, method=DeliveryMethod.POSTED, note="EMS 1234567890123")
    assert ready.state == CaseState.DELIVERED
    assert (ready.delivery_method, ready.delivery_note) == (DeliveryMethod.POSTED, "EMS 1234567890123")


def test_declined_result_is_handed_over_too(desk):
    """A declined application also ends at the window: the resident collects the written decision."""
    case = desk.case_in(CaseState.IN_REVIEW)
    desk.act(backoffice.decline, desk.c.officer_civil, case_id=case.id, reason="家庭收入超过标准")
    assert (case.state, case.outcome) == (CaseState.READY, Outcome.DECLINED)
    deliver(desk, case, method=DeliveryMethod.COLLECTED, pickup_code=case.pickup_code)
    assert case.state == CaseState.DELIVERED and case.outcome == Outcome.DECLINED


def test_delivered_is_final(desk, ready):
    """Once handed over, the case cannot be handed over again, reopened, rejected or sent back."""
    deliver(desk, ready, method=DeliveryMethod.COLLECTED, pickup_code=ready.pickup_code)
    officer = desk.c.officer_civil
    attempts = [
        lambda: deliver(desk, ready, method=DeliveryMethod.COLLECTED, pickup_code=ready.pickup_code),
        lambda: deliver(desk, ready, method=DeliveryMethod.POSTED, note="SF123"),
        lambda: desk.act(intake.reject, desk.clerk, case_id=ready.id, reason="x"),
        lambda: desk.act(intake.withdraw, desk.clerk, case_id=ready.id),
        lambda: desk.act(intake.resubmit, desk.clerk, case_id=ready.id),
        lambda: desk.act(backoffice.start_review, officer, case_id=ready.id),
        lambda: desk.act(backoffice.return_to_front, officer, case_id=ready.id, reason="x"),
        lambda: desk.act(backoffice.request_supplement, officer, case_id=ready.id, note="x"),
    ]
    for attempt in attempts:
        with pytest.raises(InvalidState) as refused:
            attempt()
        assert ready.number in str(refused.value)
    assert ready.state == CaseState.DELIVERED
    assert [e.kind for e in history(ready)].count(Kind.CASE_DELIVERED) == 1


def test_result_cannot_be_handed_over_before_it_is_decided(desk):
    """A case still in review has nothing to hand over, even with its pickup code."""
    case = desk.case_in(CaseState.IN_REVIEW)
    with pytest.raises(InvalidState):
        deliver(desk, case, method=DeliveryMethod.COLLECTED, pickup_code=case.pickup_code)
    assert case.state == CaseState.IN_REVIEW


def test_each_accepted_case_has_its_own_pickup_code(desk):
    """Two results of one visit are collected with their own codes; one case's code does not open the other."""
    visit = desk.visit()
    first = desk.case_in(CaseState.READY, visit=visit)
    second = desk.case_in(CaseState.READY, matter=desk.c.pension, visit=visit)
    if first.pickup_code == second.pickup_code:  # one chance in a million
        pytest.skip("the two random codes happen to be equal")
    with pytest.raises(ValidationFailed):
        deliver(desk, second, method=DeliveryMethod.COLLECTED, pickup_code=first.pickup_code)
    assert second.state == CaseState.READY
