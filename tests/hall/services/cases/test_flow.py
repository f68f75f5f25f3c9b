"""One visit, two cases for two departments, from the window to the hand-over (the one-stop flow)."""

from hall.db import write_transaction
from hall.models import CaseState, DeliveryMethod, MaterialStatus, Outcome
from hall.services.cases import backoffice, delivery, intake, visits


def test_two_departments_one_visit_from_window_to_hand_over(case_hall, clock):
    """A resident applies for 低保 and a pension; both departments decide; the front hands both results over."""
    c = case_hall
    with write_transaction():
        visit = visits.open_visit(staff_id=c.clerk.id, counter_id=c.window.id, now=clock())
        visits.record_applicant(
            staff_id=c.clerk.id,
            visit_id=visit.id,
            name="张三",
            id_type="resident_id",
            id_number="11010519491231002X",
            phone="13812341234",
            now=clock(),
        )
        dibao = intake.record_case(staff_id=c.clerk.id, visit_id=visit.id, matter_id=c.dibao.id, now=clock())
        pension = intake.record_case(staff_id=c.clerk.id, visit_id=visit.id, matter_id=c.pension.id, now=clock())
    with write_transaction():
        for case in (dibao, pension):
            statuses = {m.id: MaterialStatus.RECEIVED for m in case.materials if m.required}
            intake.check_materials(staff_id=c.clerk.id, case_id=case.id, statuses=statuses, now=clock())
            intake.accept(staff_id=c.clerk.id, case_id=case.id, now=clock())
    assert dibao.number.startswith("TEST-20261123-") and dibao.number != pension.number
    assert dibao.due_on.isoformat() == "2026-11-30"  # 5 working days from Tuesday: Tue..Fri, Mon
    for officer, case in ((c.officer_civil, dibao), (c.officer_social, pension)):
        with write_transaction():
            backoffice.start_review(staff_id=officer.id, case_id=case.id, now=clock.advance(hours=1))
            backoffice.approve(staff_id=officer.id, case_id=case.id, now=clock.advance(hours=1))
    assert dibao.state == CaseState.READY and dibao.outcome == Outcome.APPROVED
    with write_transaction():
        for case in (dibao, pension):
            delivery.deliver(
                staff_id=c.clerk.id,
                case_id=case.id,
                now=clock.advance(days=1),
                method=DeliveryMethod.COLLECTED,
                pickup_code=case.pickup_code,
            )
    assert {dibao.state, pension.state} == {CaseState.DELIVERED}
