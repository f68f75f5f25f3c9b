"""The case state machine: every allowed step, the refused ones, and the history each step leaves behind.

Each allowed transition is driven through the real service action (window, back office or hand-over), so a
test here fails when an action stops reaching a state, not only when the transition table changes. The
refused steps are checked for every state against every action: each must raise ``InvalidState`` naming the
case, and leave the case and its history untouched.
"""

import pytest

from hall.errors import InvalidState
from hall.models import CaseState, DeliveryMethod, Kind, MaterialStatus
from hall.services.cases import backoffice, delivery, intake
from hall.services.cases.lifecycle import STATE_LABELS
from tests.hall.services.cases.steps import ASKED_IN_REVIEW, HANDED_IN, NOTICED, ROADS, history


def front(action, **kwargs):
    """An action of the window's clerk."""
    return lambda desk, case: desk.act(action, desk.clerk, case_id=case.id, **kwargs)


def office(action, **kwargs):
    """An action of an officer of the case's department."""
    return lambda desk, case: desk.act(action, desk.officer(case), case_id=case.id, **kwargs)


def tick_first_material(desk, case):
    statuses = {case.materials[0].id: MaterialStatus.RECEIVED}
    return desk.act(intake.check_materials, desk.clerk, case_id=case.id, statuses=statuses)


def hand_over(desk, case):
    return desk.act(
        delivery.deliver, desk.clerk, case_id=case.id, method=DeliveryMethod.COLLECTED, pickup_code=case.pickup_code
    )


def actor(desk, case, action):
    return desk.officer(case) if action in OFFICE_ACTIONS else desk.clerk


# Every action, with arguments that pass its own checks: only the case's state can refuse it.
ACTIONS = {
    "check materials": (tick_first_material, Kind.CASE_MATERIALS),
    "withdraw": (front(intake.withdraw, reason="录入错误"), Kind.CASE_WITHDRAWN),
    "accept": (front(intake.accept), Kind.CASE_ACCEPTED),
    "give a notice": (front(intake.issue_notice, note="请补交户口簿"), Kind.CASE_NOTICE),
    "reject": (front(intake.reject, reason="不属于本中心受理范围"), Kind.CASE_REJECTED),
    "complete on the spot": (front(intake.complete_on_the_spot), Kind.CASE_COMPLETED),
    "start review": (office(backoffice.start_review), Kind.CASE_REVIEW_STARTED),
    "ask for a supplement": (
        office(backoffice.request_supplement, note="补交收入证明"),
        Kind.CASE_SUPPLEMENT_REQUESTED,
    ),
    "record the supplement": (front(intake.record_supplement), Kind.CASE_SUPPLEMENTED),
    "return to the window": (office(backoffice.return_to_front, reason="事项选错"), Kind.CASE_RETURNED),
    "resubmit": (front(intake.resubmit), Kind.CASE_RESUBMITTED),
    "approve": (office(backoffice.approve), Kind.CASE_APPROVED),
    "decline": (office(backoffice.decline, reason="家庭收入超过标准"), Kind.CASE_DECLINED),
    "hand over": (hand_over, Kind.CASE_DELIVERED),
}

OFFICE_ACTIONS = {"start review", "ask for a supplement", "return to the window", "approve", "decline"}

# (where the case is, action, where it goes, matter): worked out from the diagram in lifecycle's docstring.
ALLOWED = [
    (CaseState.RECEIVED, "check materials", CaseState.RECEIVED, "dibao"),
    (CaseState.RECEIVED, "withdraw", CaseState.WITHDRAWN, "dibao"),
    (NOTICED, "withdraw", CaseState.WITHDRAWN, "dibao"),
    (HANDED_IN, "accept", CaseState.ACCEPTED, "dibao"),
    (CaseState.RECEIVED, "give a notice", CaseState.NEEDS_SUPPLEMENT, "dibao"),
    (CaseState.RECEIVED, "reject", CaseState.REJECTED, "dibao"),
    (NOTICED, "reject", CaseState.REJECTED, "dibao"),
    (ASKED_IN_REVIEW, "reject", CaseState.REJECTED, "dibao"),
    (CaseState.RETURNED, "reject", CaseState.REJECTED, "dibao"),
    (HANDED_IN, "complete on the spot", CaseState.DELIVERED, "card"),
    (CaseState.ACCEPTED, "start review", CaseState.IN_REVIEW, "dibao"),
    (CaseState.ACCEPTED, "ask for a supplement", CaseState.NEEDS_SUPPLEMENT, "dibao"),
    (CaseState.IN_REVIEW, "ask for a supplement", CaseState.NEEDS_SUPPLEMENT, "dibao"),
    (NOTICED, "record the supplement", CaseState.RECEIVED, "dibao"),
    (ASKED_IN_REVIEW, "record the supplement", CaseState.IN_REVIEW, "dibao"),
    (CaseState.ACCEPTED, "return to the window", CaseState.RETURNED, "dibao"),
    (CaseState.IN_REVIEW, "return to the window", CaseState.RETURNED, "dibao"),
    (CaseState.RETURNED, "resubmit", CaseState.ACCEPTED, "dibao"),
    (CaseState.IN_REVIEW, "approve", CaseState.READY, "dibao"),
    (CaseState.IN_REVIEW, "decline", CaseState.READY, "dibao"),
    (CaseState.READY, "hand over", CaseState.DELIVERED, "dibao"),
]


def allowed_from(start) -> set[str]:
    # A case with its materials handed in is in the same state as one just recorded.
    same = {start, HANDED_IN} if start == CaseState.RECEIVED else {start}
    return {action for state, action, _, _ in ALLOWED if state in same}


@pytest.mark.parametrize(("start", "action", "end", "matter"), ALLOWED, ids=[f"{s}-{a}" for s, a, _, _ in ALLOWED])
def test_allowed_step_moves_the_case_and_records_who_and_when(desk, clock, start, action, end, matter):
    """Each allowed action takes the case where the diagram says, and its history says who did it and when."""
    case = desk.case_in(start, matter=getattr(desk.c, matter))
    run, kind = ACTIONS[action]
    was = case.state
    run(desk, case)
    assert case.state == end
    entry = history(case)[-1]
    assert entry.kind == kind
    assert entry.staff_id == actor(desk, case, action).id
    assert entry.at == clock()
    assert entry.data["number"] == case.number
    if kind != Kind.CASE_MATERIALS:  # materials are checked without a change of state
        assert (entry.data["from"], entry.data["to"]) == (was.value, end.value)


@pytest.mark.parametrize("start", [s for s in ROADS if s != HANDED_IN], ids=str)
def test_every_other_action_is_refused_naming_the_case(desk, start):
    """Whatever state a case is in, an action it does not allow is refused with the case number; nothing changes."""
    case = desk.case_in(start)
    state, entries = case.state, len(history(case))
    refused = set(ACTIONS) - allowed_from(start)
    if start == CaseState.RECEIVED:
        refused.discard("complete on the spot")  # refused for a 承诺件 by its kind (test_intake), not its state
    assert refused, "every state refuses something"
    wrong = []
    for action in sorted(refused):
        run, _ = ACTIONS[action]
        try:
            run(desk, case)
        except InvalidState as error:
            if case.number not in str(error) or error.details.get("number") != case.number:
                wrong.append(f"{action}: message without the case number: {error}")
        else:
            wrong.append(f"{action}: was allowed from {start}")
        assert case.state == state, f"{action} changed the state"
    assert not wrong, "\n".join(wrong)
    assert len(history(case)) == entries


def test_refusal_says_which_state_the_case_is_in(desk):
    """The clerk reads why: the message names the case and its state, the details carry both for the page."""
    case = desk.case_in(CaseState.DELIVERED)
    with pytest.raises(InvalidState) as refused:
        desk.act(intake.reject, desk.clerk, case_id=case.id, reason="重复申请")
    assert refused.value.details == {"number": case.number, "state": "delivered"}
    assert case.number in str(refused.value)
    assert str(STATE_LABELS[CaseState.DELIVERED]) in str(refused.value)


def test_history_records_every_step_of_a_case_with_who_and_when(desk, clock):
    """From recording to hand-over, the history lists each step in order, with the clerk or officer and the time."""
    c = desk.c
    visit = desk.visit()
    steps = []

    def did(kind, staff):
        steps.append((kind, staff.id, clock()))

    case = desk.record(visit, c.dibao)
    did(Kind.CASE_RECORDED, c.clerk)
    desk.act(intake.issue_notice, c.clerk, case_id=case.id)
    did(Kind.CASE_NOTICE, c.clerk)
    clock.advance(days=1)
    desk.act(intake.record_supplement, c.clerk, case_id=case.id, note="户口簿已带来")
    did(Kind.CASE_SUPPLEMENTED, c.clerk)
    desk.receive(case)
    did(Kind.CASE_MATERIALS, c.clerk)
    desk.accept(case)
    did(Kind.CASE_ACCEPTED, c.clerk)
    desk.act(backoffice.start_review, c.officer_civil, case_id=case.id)
    did(Kind.CASE_REVIEW_STARTED, c.officer_civil)
    desk.act(backoffice.return_to_front, c.officer_civil, case_id=case.id, reason="申请书未签字")
    did(Kind.CASE_RETURNED, c.officer_civil)
    desk.act(intake.resubmit, c.clerk, case_id=case.id, note="已补签")
    did(Kind.CASE_RESUBMITTED, c.clerk)
    desk.act(backoffice.start_review, c.officer_civil, case_id=case.id)
    did(Kind.CASE_REVIEW_STARTED, c.officer_civil)
    desk.act(backoffice.request_supplement, c.officer_civil, case_id=case.id, note="补交收入证明")
    did(Kind.CASE_SUPPLEMENT_REQUESTED, c.officer_civil)
    clock.advance(days=1)
    desk.act(intake.record_supplement, c.clerk, case_id=case.id)
    did(Kind.CASE_SUPPLEMENTED, c.clerk)
    desk.act(backoffice.approve, c.officer_civil, case_id=case.id)
    did(Kind.CASE_APPROVED, c.officer_civil)
    desk.step(case, "deliver")
    did(Kind.CASE_DELIVERED, c.clerk)

    entries = history(case)
    assert [(e.kind, e.staff_id, e.at) for e in entries] == steps
    assert {e.hall_id for e in entries} == {c.hall.id}
    assert {e.ticket_id for e in entries} == {c.ticket.id}
    assert {e.data["number"] for e in entries} == {case.number}
    assert entries[-2].data == {"number": case.number, "from": "in_review", "to": "ready_for_pickup", "reason": ""}
    assert [e.data.get("to") for e in entries if e.kind == Kind.CASE_SUPPLEMENTED] == ["received", "in_review"]


def test_withdrawn_case_keeps_its_number_and_the_next_case_gets_a_new_one(desk):
    """A case recorded by mistake and withdrawn still owns its number; the next case of the day gets the next one."""
    visit = desk.visit()
    mistake = desk.record(visit, desk.c.pension)
    desk.act(intake.withdraw, desk.clerk, case_id=mistake.id, reason="选错事项")
    assert mistake.state == CaseState.WITHDRAWN
    assert mistake.number == "TEST-20261123-0001"
    right = desk.record(visit, desk.c.dibao)
    assert right.number == "TEST-20261123-0002"
    assert history(mistake)[-1].data["reason"] == "选错事项"


def test_accepted_case_cannot_be_withdrawn_while_it_waits_for_a_supplement(desk):
    """Once accepted, a case stays on file: asked for a supplement in review, it can be rejected but not withdrawn."""
    case = desk.case_in(ASKED_IN_REVIEW)
    with pytest.raises(InvalidState) as refused:
        desk.act(intake.withdraw, desk.clerk, case_id=case.id)
    assert case.number in str(refused.value)
    assert case.state == CaseState.NEEDS_SUPPLEMENT
    assert history(case)[-1].kind == Kind.CASE_SUPPLEMENT_REQUESTED
