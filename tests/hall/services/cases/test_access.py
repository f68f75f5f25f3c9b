"""Who may see and work a case: the front desk of its hall, the officers of its department, nobody else.

A stranger (another department's officer, another hall's staff, a county administrator) gets NotFound, so
they do not even learn that the case exists. Someone who may see a case but not do the action at hand gets
PermissionDenied. A deactivated account can do nothing at all.
"""

import pytest

from hall.db import write_transaction
from hall.errors import NotFound, PermissionDenied
from hall.models import CaseState, DeliveryMethod, Role
from hall.services.cases import access, backoffice, delivery, intake, visits
from tests import factories


@pytest.fixture
def pension_case(desk):
    """A 社保 pension case accepted at the window, waiting for the social security office."""
    return desk.accepted(desk.c.pension)


@pytest.fixture
def other_hall(case_hall):
    """Another hall of the county with its own clerk, manager and 民政 officer."""
    with write_transaction():
        hall = factories.make_hall("other")
        civil = factories.make_department(hall, "社会事务办")
        return {
            "clerk": factories.make_staff(hall, "other-clerk"),
            "manager": factories.make_staff(hall, "other-boss", Role.MANAGER),
            "officer": factories.make_staff(hall, "other-officer", Role.OFFICER, department=civil),
        }


@pytest.fixture
def county_admin(case_hall):
    with write_transaction():
        return factories.make_staff(None, "county", Role.ADMIN)


def case_for(staff, case):
    return access.case_for(staff.id, case.id)


def test_officer_sees_and_works_the_cases_of_their_department(desk, pension_case):
    """The social security officer opens the pension case and starts the review."""
    officer = desk.c.officer_social
    assert case_for(officer, pension_case).id == pension_case.id
    desk.act(backoffice.start_review, officer, case_id=pension_case.id)
    assert pension_case.state == CaseState.IN_REVIEW and pension_case.officer_id == officer.id


def test_officer_of_another_department_cannot_see_the_case(desk, pension_case):
    """The 民政 officer asking for a 社保 case is told there is no such case."""
    with pytest.raises(NotFound):
        case_for(desk.c.officer_civil, pension_case)


@pytest.mark.parametrize(
    ("action", "kwargs"),
    [
        (backoffice.start_review, {}),
        (backoffice.approve, {}),
        (backoffice.decline, {"reason": "不符合条件"}),
        (backoffice.request_supplement, {"note": "补交材料"}),
        (backoffice.return_to_front, {"reason": "事项选错"}),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_officer_of_another_department_cannot_work_the_case(desk, pension_case, action, kwargs):
    """The 民政 officer cannot review or decide a 社保 case; like seeing it, working it says 'no such case'."""
    with pytest.raises(NotFound):
        desk.act(action, desk.c.officer_civil, case_id=pension_case.id, **kwargs)
    assert pension_case.state == CaseState.ACCEPTED and pension_case.officer_id is None


def test_officers_inbox_lookups_still_fail_for_other_departments_in_review(desk, pension_case):
    """Even once the social security office is working on it, the 民政 officer cannot see it."""
    desk.act(backoffice.start_review, desk.c.officer_social, case_id=pension_case.id)
    with pytest.raises(NotFound):
        case_for(desk.c.officer_civil, pension_case)


@pytest.mark.parametrize("who", ["clerk", "manager"])
def test_front_desk_sees_every_case_but_cannot_decide(desk, pension_case, who):
    """Clerks and managers see the case, but approving is the department's work: refused with a reason."""
    staff = desk.clerk if who == "clerk" else desk.c.small.manager
    assert case_for(staff, pension_case).id == pension_case.id
    desk.act(backoffice.start_review, desk.c.officer_social, case_id=pension_case.id)
    for action, kwargs in ((backoffice.approve, {}), (backoffice.decline, {"reason": "不符合条件"})):
        with pytest.raises(PermissionDenied) as refused:
            desk.act(action, staff, case_id=pension_case.id, **kwargs)
        assert desk.c.social.name in str(refused.value)
    assert pension_case.state == CaseState.IN_REVIEW


def test_clerk_cannot_start_the_review(desk, pension_case):
    """The window does not take a case into review on the department's behalf."""
    with pytest.raises(PermissionDenied):
        desk.act(backoffice.start_review, desk.clerk, case_id=pension_case.id)
    assert pension_case.state == CaseState.ACCEPTED


def test_officer_cannot_accept_at_the_window(desk):
    """The department's officer sees a case being recorded for it, but accepting is the front desk's job."""
    visit = desk.visit()
    case = desk.record(visit, desk.c.pension)
    desk.receive(case)
    officer = desk.c.officer_social
    assert case_for(officer, case).id == case.id
    for action, kwargs in (
        (intake.accept, {}),
        (intake.reject, {"reason": "不符合条件"}),
        (intake.issue_notice, {"note": "补交材料"}),
        (intake.withdraw, {}),
    ):
        with pytest.raises(PermissionDenied):
            desk.act(action, officer, case_id=case.id, **kwargs)
    with pytest.raises(PermissionDenied):
        desk.act(intake.record_case, officer, visit_id=visit.id, matter_id=desk.c.pension.id)
    assert case.state == CaseState.RECEIVED


def test_officer_cannot_hand_over_the_result(desk, clock):
    """Even with the right pickup code, the result is handed over at the front window, not by the officer."""
    case = desk.case_in(CaseState.READY, matter=desk.c.pension)
    with pytest.raises(PermissionDenied):
        desk.act(
            delivery.deliver,
            desk.c.officer_social,
            case_id=case.id,
            method=DeliveryMethod.COLLECTED,
            pickup_code=case.pickup_code,
        )
    assert case.state == CaseState.READY


def test_manager_can_view_and_work_the_front_desk(desk):
    """A manager standing in at the window records and accepts a case and hands the result over."""
    manager = desk.c.small.manager
    visit = desk.visit()
    case = desk.act(intake.record_case, manager, visit_id=visit.id, matter_id=desk.c.pension.id)
    desk.receive(case)
    desk.act(intake.accept, manager, case_id=case.id)
    assert case.state == CaseState.ACCEPTED
    assert case_for(manager, case).id == case.id
    desk.step(case, "review")
    desk.step(case, "approve")
    desk.act(delivery.deliver, manager, case_id=case.id, method=DeliveryMethod.POSTED, note="SF1234567890")
    assert case.state == CaseState.DELIVERED


def test_county_admin_sees_no_case(desk, pension_case, county_admin):
    """The county administrator configures halls; cases (with personal data) are not theirs to read or work."""
    with pytest.raises(NotFound):
        case_for(county_admin, pension_case)
    with pytest.raises(NotFound):
        desk.act(intake.reject, county_admin, case_id=pension_case.id, reason="x")
    with pytest.raises(NotFound):
        desk.act(
            visits.record_applicant,
            county_admin,
            visit_id=pension_case.visit_id,
            name="x",
            id_type="other",
            id_number="x",
            phone="13800000000",
        )


@pytest.mark.parametrize("who", ["clerk", "manager", "officer"])
def test_staff_of_another_hall_see_nothing(desk, pension_case, other_hall, who):
    """Staff of another hall cannot open, accept, work or hand over this hall's cases, nor find its visits."""
    stranger = other_hall[who]
    with pytest.raises(NotFound):
        case_for(stranger, pension_case)
    with pytest.raises(NotFound):
        desk.act(backoffice.start_review, stranger, case_id=pension_case.id)
    with pytest.raises(NotFound):
        desk.act(intake.reject, stranger, case_id=pension_case.id, reason="x")
    with pytest.raises(NotFound):
        desk.act(intake.record_case, stranger, visit_id=pension_case.visit_id, matter_id=desk.c.dibao.id)
    assert pension_case.state == CaseState.ACCEPTED


def test_deactivated_staff_can_do_nothing(desk, pension_case):
    """A clerk and an officer who left: no reading, no window work, no back-office work."""
    clerk, officer = desk.clerk, desk.c.officer_social
    visit = desk.visit()
    with write_transaction():
        clerk.active = False
        officer.active = False
    for staff in (clerk, officer):
        with pytest.raises(PermissionDenied):
            case_for(staff, pension_case)
    with pytest.raises(PermissionDenied):
        desk.act(visits.open_visit, clerk, counter_id=desk.c.window.id)
    with pytest.raises(PermissionDenied):
        desk.act(intake.record_case, clerk, visit_id=visit.id, matter_id=desk.c.dibao.id)
    with pytest.raises(PermissionDenied):
        desk.act(intake.reject, clerk, case_id=pension_case.id, reason="x")
    with pytest.raises(PermissionDenied):
        desk.act(backoffice.start_review, officer, case_id=pension_case.id)
    assert pension_case.state == CaseState.ACCEPTED


def test_unknown_case_and_unknown_staff(desk, pension_case):
    """A case id that does not exist is NotFound; a staff id that does not exist may do nothing."""
    with pytest.raises(NotFound):
        access.case_for(desk.clerk.id, 999_999)
    with pytest.raises(PermissionDenied):
        access.case_for(999_999, pension_case.id)
