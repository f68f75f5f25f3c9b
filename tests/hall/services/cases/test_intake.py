"""At the window: the visit and its applicant, recording cases, checking materials, and accepting or not.

Each test is what a clerk does for the resident in front of them at window 1 of ``case_hall``: one service
call per click, each in its own write transaction. Failed actions are checked to leave nothing behind.
"""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from hall.db import write_transaction
from hall.errors import InvalidState, NotFound, PermissionDenied, ValidationFailed
from hall.extensions import db
from hall.models import Case, CaseState, HistoryEntry, Kind, MaterialStatus, Outcome, Visit
from hall.services import counter_actions
from hall.services.cases import intake, visits
from tests import factories
from tests.hall.services import helpers
from tests.hall.services.cases.steps import ID_NUMBER, NAME, PHONE, history

MONDAY = date(2026, 11, 23)
BAD_CHECK_DIGIT = ID_NUMBER[:-1] + "1"  # 11010519491231002X is right; ...0021 fails ISO 7064 MOD 11-2


def statuses_by_name(case) -> dict[str, MaterialStatus]:
    return {m.name: m.status for m in case.materials}


def material(case, name):
    return next(m for m in case.materials if m.name == name)


def set_materials(desk, case, **by_name):
    """Tick materials by name: received / missing / not_applicable."""
    statuses = {material(case, name).id: MaterialStatus(status) for name, status in by_name.items()}
    return desk.act(intake.check_materials, desk.clerk, case_id=case.id, statuses=statuses)


def record_applicant(desk, visit, **changes):
    values = {"name": NAME, "id_type": "resident_id", "id_number": ID_NUMBER, "phone": PHONE} | changes
    return desk.act(visits.record_applicant, desk.clerk, visit_id=visit.id, **values)


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


# The visit ---------------------------------------------------------------------------------------------------


def test_opening_the_visit_twice_for_one_ticket_gives_the_same_visit(desk):
    """Clicking 'record cases' again for the same resident continues their visit; it is opened only once."""
    first = desk.visit(applicant=False)
    again = desk.visit(applicant=False)
    assert again.id == first.id
    assert first.ticket_id == desk.c.ticket.id and first.counter_id == desk.c.window.id
    assert count(HistoryEntry, HistoryEntry.kind == Kind.VISIT_OPENED) == 1


def test_visit_can_be_opened_while_the_resident_is_being_served(desk, clock):
    """After 'start' the ticket is serving, not just called: cases are still recorded for it."""
    helpers.act(counter_actions.start, desk.c.ticket, desk.c.window, desk.clerk, clock)
    assert desk.visit(applicant=False).ticket_id == desk.c.ticket.id


def test_next_resident_gets_a_new_visit(desk):
    """The next ticket at the same window is another resident: another visit, another progress code."""
    first = desk.visit()
    second = desk.next_resident()
    assert second.id != first.id and second.token != first.token
    assert second.ticket_id != first.ticket_id


def test_visit_needs_the_clerk_signed_in_at_that_window(desk):
    """Clerk c2 (signed in at window 2) cannot record cases for the resident at window 1."""
    with pytest.raises(InvalidState):
        desk.act(visits.open_visit, desk.c.small.c2, counter_id=desk.c.window.id)
    assert count(Visit) == 0


def test_visit_needs_a_called_ticket_at_the_window(desk):
    """At a window with nobody called, there is no resident to record cases for."""
    with pytest.raises(InvalidState):
        desk.act(visits.open_visit, desk.c.small.c2, counter_id=desk.c.small.w2.id)
    assert count(Visit) == 0


def test_visit_is_refused_after_the_ticket_is_finished(desk, clock):
    """Once the resident's ticket is finished, the window holds nobody and no visit can be opened for it."""
    helpers.act(counter_actions.finish, desk.c.ticket, desk.c.window, desk.clerk, clock)
    with pytest.raises(InvalidState):
        desk.visit(applicant=False)


def test_visit_at_an_unknown_window_is_not_found(desk):
    """A window id that does not exist is reported as such."""
    with pytest.raises(NotFound):
        desk.act(visits.open_visit, desk.clerk, counter_id=999_999)


def test_officer_cannot_open_a_visit(desk):
    """Back-office officers do not work at the window."""
    with pytest.raises(PermissionDenied):
        desk.act(visits.open_visit, desk.c.officer_civil, counter_id=desk.c.window.id)


# The applicant -----------------------------------------------------------------------------------------------


def test_applicant_is_stored_normalised(desk):
    """Spaces and a lower-case x in the ID number, dashes in the phone: stored in canonical form."""
    visit = desk.visit(applicant=False)
    record_applicant(
        desk, visit, name="  张  三丰 ", id_number=ID_NUMBER[:6] + " " + ID_NUMBER[6:].lower(), phone="138-1234-5678"
    )
    db.session.expire_all()
    assert (visit.applicant_name, visit.id_number, visit.phone) == ("张 三丰", ID_NUMBER, PHONE)
    entry = db.session.scalars(select(HistoryEntry).where(HistoryEntry.kind == Kind.APPLICANT_RECORDED)).one()
    # The history keeps masked forms only.
    assert ID_NUMBER not in repr(entry.data) and PHONE not in repr(entry.data) and "三丰" not in repr(entry.data)


def test_wrong_id_check_digit_is_refused_and_nothing_is_saved(desk):
    """A mistyped ID number is refused on its field; the visit keeps what it had, and no history is written."""
    visit = desk.visit()
    entries = count(HistoryEntry)
    with pytest.raises(ValidationFailed) as refused:
        record_applicant(desk, visit, name="李四", id_number=BAD_CHECK_DIGIT, phone="13900001111")
    assert refused.value.details == {"field": "id_number"}
    db.session.expire_all()
    row = db.session.get(Visit, visit.id)
    assert (row.applicant_name, row.id_type, row.id_number, row.phone) == (NAME, "resident_id", ID_NUMBER, PHONE)
    assert count(HistoryEntry) == entries


def test_first_applicant_with_a_bad_id_leaves_the_visit_empty(desk):
    """Refused on the very first try, the visit still has no applicant (so no case can be accepted)."""
    visit = desk.visit(applicant=False)
    with pytest.raises(ValidationFailed) as refused:
        record_applicant(desk, visit, id_number=BAD_CHECK_DIGIT)
    assert refused.value.details["field"] == "id_number"
    db.session.expire_all()
    row = db.session.get(Visit, visit.id)
    assert (row.applicant_name, row.id_number, row.phone) == ("", "", "")
    assert not row.has_applicant


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "   "}, "applicant_name"),
        ({"name": "张" * 65}, "applicant_name"),
        ({"id_type": "library_card"}, "id_type"),
        ({"id_number": ""}, "id_number"),
        ({"phone": "12345"}, "phone"),
    ],
    ids=["blank name", "long name", "unknown document", "no ID number", "bad phone"],
)
def test_applicant_fields_are_checked(desk, changes, field):
    """Each wrong entry is refused on its own field, so the page can point at it."""
    visit = desk.visit(applicant=False)
    with pytest.raises(ValidationFailed) as refused:
        record_applicant(desk, visit, **changes)
    assert refused.value.details["field"] == field


def test_applicant_can_be_corrected_until_a_case_is_accepted(desk):
    """A typo in the name is fixed while the cases are being recorded; after acceptance the applicant is fixed."""
    visit = desk.visit()
    case = desk.record(visit, desk.c.dibao)
    record_applicant(desk, visit, name="张三峰")
    assert visit.applicant_name == "张三峰"
    desk.receive(case)
    desk.accept(case)
    with pytest.raises(InvalidState):
        record_applicant(desk, visit, name="王五")
    db.session.expire_all()
    assert db.session.get(Visit, visit.id).applicant_name == "张三峰"


@pytest.mark.parametrize("step", ["notice", "reject"])
def test_applicant_cannot_change_once_a_case_was_noticed_or_rejected(desk, step):
    """A notice or a rejection was printed with the applicant's name: it no longer changes."""
    visit = desk.visit()
    case = desk.record(visit, desk.c.dibao)
    desk.step(case, step)
    with pytest.raises(InvalidState):
        record_applicant(desk, visit, name="王五")


def test_applicant_can_change_when_the_only_case_was_withdrawn(desk):
    """A withdrawn case (recorded by mistake) does not fix the applicant."""
    visit = desk.visit()
    case = desk.record(visit, desk.c.dibao)
    desk.step(case, "withdraw")
    record_applicant(desk, visit, name="王五")
    assert visit.applicant_name == "王五"


def test_another_halls_clerk_cannot_enter_the_applicant(desk):
    """A visit belongs to its hall's front desk; to another hall's clerk it does not exist."""
    visit = desk.visit(applicant=False)
    with write_transaction():
        other = factories.make_hall("other")
        stranger = factories.make_staff(other, "stranger")
    with pytest.raises(NotFound):
        desk.act(
            visits.record_applicant,
            stranger,
            visit_id=visit.id,
            name=NAME,
            id_type="resident_id",
            id_number=ID_NUMBER,
            phone=PHONE,
        )


# Recording a case --------------------------------------------------------------------------------------------


def test_recorded_case_copies_the_matter_and_its_materials(desk):
    """The case carries the matter's code, name, type, limit, department and materials, numbered at once."""
    c = desk.c
    case = desk.record(desk.visit(), c.dibao)
    assert case.state == CaseState.RECEIVED
    assert (case.matter_code, case.matter_name, case.kind, case.committed_days) == (
        "MZ-001",
        "最低生活保障申请",
        c.dibao.kind,
        5,
    )
    assert case.department_id == c.civil.id and case.clerk_id == c.clerk.id
    assert [(m.name, m.originals, m.copies, m.required, m.condition) for m in case.materials] == [
        ("居民身份证", 1, 1, True, ""),
        ("户口簿", 1, 1, True, ""),
        ("委托书", 1, 0, False, "委托他人代办的"),
    ]
    assert case.accepted_on is None and case.due_on is None and case.pickup_code == ""
    assert history(case)[0].kind == Kind.CASE_RECORDED


def test_conditional_materials_start_as_not_applicable_and_required_ones_as_missing(desk):
    """The proxy's letter is only needed when someone applies on the resident's behalf: not asked by default."""
    case = desk.record(desk.visit(), desk.c.dibao)
    assert statuses_by_name(case) == {
        "居民身份证": MaterialStatus.MISSING,
        "户口簿": MaterialStatus.MISSING,
        "委托书": MaterialStatus.NOT_APPLICABLE,
    }


def test_required_unconditional_material_cannot_be_set_not_applicable(desk):
    """The ID card is always needed: marking it 'not applicable' is refused and nothing is ticked."""
    case = desk.record(desk.visit(), desk.c.dibao)
    with pytest.raises(ValidationFailed) as refused:
        set_materials(desk, case, 户口簿="received", 居民身份证="not_applicable")
    assert refused.value.details["field"] == "materials"
    db.session.expire_all()
    assert statuses_by_name(case)["户口簿"] == MaterialStatus.MISSING
    assert statuses_by_name(case)["居民身份证"] == MaterialStatus.MISSING


def test_conditional_material_that_applies_can_be_marked_missing(desk):
    """A son applying for his mother: the proxy's letter applies, and without it the case is not accepted."""
    case = desk.record(desk.visit(), desk.c.dibao)
    set_materials(desk, case, 居民身份证="received", 户口簿="received", 委托书="missing")
    assert [m.name for m in case.missing_materials] == ["委托书"]
    with pytest.raises(ValidationFailed):
        desk.accept(case)
    set_materials(desk, case, 委托书="not_applicable")
    assert desk.accept(case).state == CaseState.ACCEPTED


def test_ticking_what_is_already_ticked_leaves_no_history(desk):
    """The page sends every tick with each decision: only real changes are recorded as a materials check."""
    case = desk.record(desk.visit(), desk.c.dibao)
    set_materials(desk, case, 居民身份证="received")
    entries = len(history(case))
    set_materials(desk, case, 居民身份证="received", 委托书="not_applicable")
    assert len(history(case)) == entries
    assert history(case)[-1].data == {"number": case.number, "received": 1, "missing": 1}


def test_materials_of_another_case_are_refused(desk):
    """Ticking a material of the pension case on the 低保 case is refused."""
    visit = desk.visit()
    dibao = desk.record(visit, desk.c.dibao)
    pension = desk.record(visit, desk.c.pension)
    with pytest.raises(ValidationFailed):
        desk.act(
            intake.check_materials,
            desk.clerk,
            case_id=dibao.id,
            statuses={pension.materials[0].id: MaterialStatus.RECEIVED},
        )
    assert pension.materials[0].status == MaterialStatus.MISSING


def test_matter_of_another_hall_cannot_be_recorded(desk):
    """A matter id from another hall's catalogue is not handled here."""
    with write_transaction():
        other = factories.make_hall("other")
        foreign = factories.make_matter(other, factories.make_department(other, "民政办"), "MZ-001", "最低生活保障申请")
    visit = desk.visit()
    with pytest.raises(ValidationFailed) as refused:
        desk.record(visit, foreign)
    assert refused.value.details["field"] == "matter_id"
    assert count(Case) == 0


def test_inactive_matter_cannot_be_recorded(desk):
    """A matter taken out of the catalogue is no longer applied for."""
    with write_transaction():
        desk.c.dibao.active = False
    visit = desk.visit()
    with pytest.raises(ValidationFailed) as refused:
        desk.record(visit, desk.c.dibao)
    assert refused.value.details["field"] == "matter_id"
    assert count(Case) == 0


# Accepting ---------------------------------------------------------------------------------------------------


def test_accept_with_everything_handed_in(desk):
    """Accepted today, due in 5 working days, with a six-digit pickup code for the result."""
    case = desk.accepted()
    assert case.state == CaseState.ACCEPTED
    assert case.accepted_on == MONDAY and case.due_on == date(2026, 11, 30)
    assert case.pickup_code.isdigit() and len(case.pickup_code) == 6
    assert case.deficiency_note == "" and case.deficiency_due is None
    assert history(case)[-1].data["due_on"] == "2026-11-30"


def test_accept_refuses_while_required_materials_are_missing(desk):
    """The household register was not brought: no plain acceptance; the message counts what is missing."""
    case = desk.record(desk.visit(), desk.c.dibao)
    set_materials(desk, case, 居民身份证="received")
    with pytest.raises(ValidationFailed) as refused:
        desk.accept(case)
    assert refused.value.details["field"] == "deficiency_note"
    assert "1" in str(refused.value)
    assert case.state == CaseState.RECEIVED and case.accepted_on is None


def test_accept_with_deficiencies_needs_a_date(desk):
    """容缺受理 says what is missing and by when: a note without a date is refused."""
    case = desk.record(desk.visit(), desk.c.dibao)
    set_materials(desk, case, 居民身份证="received")
    with pytest.raises(ValidationFailed) as refused:
        desk.accept(case, deficiency_note="户口簿三日内补交")
    assert refused.value.details["field"] == "deficiency_due"
    assert case.state == CaseState.RECEIVED


def test_accept_with_deficiencies_refuses_a_date_in_the_past(desk):
    """The resident cannot promise to have brought it yesterday."""
    case = desk.record(desk.visit(), desk.c.dibao)
    set_materials(desk, case, 居民身份证="received")
    with pytest.raises(ValidationFailed) as refused:
        desk.accept(case, deficiency_note="户口簿三日内补交", deficiency_due=MONDAY - timedelta(days=1))
    assert refused.value.details["field"] == "deficiency_due"
    assert case.state == CaseState.RECEIVED


def test_accept_with_deficiencies_and_a_date(desk):
    """容缺受理: accepted with the household register to follow by Thursday; the clock starts today anyway."""
    case = desk.record(desk.visit(), desk.c.dibao)
    set_materials(desk, case, 居民身份证="received")
    desk.accept(case, deficiency_note=" 户口簿三日内补交 ", deficiency_due=date(2026, 11, 26))
    assert case.state == CaseState.ACCEPTED
    assert (case.deficiency_note, case.deficiency_due) == ("户口簿三日内补交", date(2026, 11, 26))
    assert case.accepted_on == MONDAY and case.due_on == date(2026, 11, 30)
    assert history(case)[-1].data["deficiency"] is True


def test_accept_with_deficiencies_due_today_is_fine(desk):
    """'Bring it this afternoon' is a valid promise."""
    case = desk.record(desk.visit(), desk.c.dibao)
    set_materials(desk, case, 居民身份证="received")
    desk.accept(case, deficiency_note="户口簿下午补交", deficiency_due=MONDAY)
    assert case.deficiency_due == MONDAY


def test_accept_needs_the_applicant(desk):
    """Without the applicant's name and ID nothing is accepted (the receipt names them)."""
    visit = desk.visit(applicant=False)
    case = desk.record(visit, desk.c.dibao)
    desk.receive(case)
    with pytest.raises(ValidationFailed) as refused:
        desk.accept(case)
    assert refused.value.details["field"] == "applicant_name"
    assert case.state == CaseState.RECEIVED


# One-time notice and supplement ------------------------------------------------------------------------------


def test_notice_needs_something_missing(desk):
    """With everything handed in and no note, there is nothing to notify."""
    case = desk.record(desk.visit(), desk.c.dibao)
    desk.receive(case)
    with pytest.raises(ValidationFailed) as refused:
        desk.act(intake.issue_notice, desk.clerk, case_id=case.id)
    assert refused.value.details["field"] == "supplement_note"
    assert case.state == CaseState.RECEIVED


def test_notice_with_only_a_note_is_fine(desk):
    """Something not in the material list (an unsigned form) can be noticed by a note alone."""
    case = desk.record(desk.visit(), desk.c.dibao)
    desk.receive(case)
    desk.act(intake.issue_notice, desk.clerk, case_id=case.id, note="申请书须本人签字", supply_by=date(2026, 11, 30))
    assert case.state == CaseState.NEEDS_SUPPLEMENT
    assert (case.supplement_note, case.supplement_due) == ("申请书须本人签字", date(2026, 11, 30))


def test_notice_lists_every_missing_material_at_once(desk):
    """一次性告知: the notice records all the missing materials, not just the first."""
    case = desk.record(desk.visit(), desk.c.dibao)
    desk.act(intake.issue_notice, desk.clerk, case_id=case.id)
    assert history(case)[-1].data["missing"] == ["居民身份证", "户口簿"]


def test_notice_refuses_a_supply_date_in_the_past(desk):
    """The date to bring the materials by cannot be before today."""
    case = desk.record(desk.visit(), desk.c.dibao)
    with pytest.raises(ValidationFailed) as refused:
        desk.act(intake.issue_notice, desk.clerk, case_id=case.id, supply_by=MONDAY - timedelta(days=3))
    assert refused.value.details["field"] == "supply_by"
    assert case.state == CaseState.RECEIVED


def test_supplement_after_a_notice_is_accepted_from_the_day_the_resident_came_back(desk, clock):
    """Noticed on Monday, back on Thursday with the papers: accepted Thursday, due five working days later."""
    case = desk.record(desk.visit(), desk.c.dibao)
    desk.act(intake.issue_notice, desk.clerk, case_id=case.id, note="户口簿", supply_by=date(2026, 11, 27))
    clock.advance(days=3)  # Thursday 26 November
    desk.act(intake.record_supplement, desk.clerk, case_id=case.id, note="户口簿已带来")
    assert case.state == CaseState.RECEIVED
    assert (case.supplement_note, case.supplement_due) == ("", None)
    # Back at the window's checks: the materials are ticked again before acceptance.
    assert len(case.missing_materials) == 2
    with pytest.raises(ValidationFailed):
        desk.accept(case)
    desk.receive(case)
    desk.accept(case)
    # Counted from the day after Thursday 26th: Fri 27 (1), Mon 30 (2), Tue 1 (3), Wed 2 (4), Thu 3 December (5).
    assert case.accepted_on == date(2026, 11, 26)
    assert case.due_on == date(2026, 12, 3)
    assert case.paused_working_days == 0


# Rejecting, withdrawing --------------------------------------------------------------------------------------


def test_reject_needs_a_reason(desk):
    """不予受理 without a reason is refused: the notice must tell the resident why."""
    case = desk.record(desk.visit(), desk.c.dibao)
    with pytest.raises(ValidationFailed) as refused:
        desk.act(intake.reject, desk.clerk, case_id=case.id, reason="  ")
    assert refused.value.details["field"] == "reason"
    assert case.state == CaseState.RECEIVED


def test_reject_with_reason_and_legal_basis(desk, clock):
    """The rejection keeps the reason and basis for its notice, and the time it was decided."""
    case = desk.record(desk.visit(), desk.c.dibao)
    desk.act(
        intake.reject,
        desk.clerk,
        case_id=case.id,
        reason="申请人户籍不在本镇",
        legal_basis="《最低生活保障审核确认办法》第九条",
    )
    assert case.state == CaseState.REJECTED
    assert (case.reason, case.legal_basis) == ("申请人户籍不在本镇", "《最低生活保障审核确认办法》第九条")
    assert case.decided_at == clock()
    assert case.accepted_on is None and case.due_on is None


def test_noticed_resident_who_never_comes_back_can_be_rejected(desk):
    """A case waiting for materials that never come can be closed by rejecting it."""
    case = desk.case_in("noticed")
    desk.act(intake.reject, desk.clerk, case_id=case.id, reason="逾期未补正")
    assert case.state == CaseState.REJECTED


# 即办件 ------------------------------------------------------------------------------------------------------


def test_immediate_matter_is_completed_on_the_spot(desk, clock):
    """The social security card is replaced at the window: accepted, approved and handed over at once, today."""
    case = desk.record(desk.visit(), desk.c.card)
    desk.receive(case)
    desk.act(intake.complete_on_the_spot, desk.clerk, case_id=case.id)
    assert case.state == CaseState.DELIVERED
    assert case.outcome == Outcome.APPROVED
    assert case.accepted_on == case.due_on == MONDAY
    assert case.accepted_at == case.decided_at == case.delivered_at == clock()
    assert history(case)[-1].kind == Kind.CASE_COMPLETED


def test_immediate_matter_with_missing_materials_is_not_completed(desk):
    """Without the ID card the card is not replaced on the spot."""
    case = desk.record(desk.visit(), desk.c.card)
    with pytest.raises(ValidationFailed) as refused:
        desk.act(intake.complete_on_the_spot, desk.clerk, case_id=case.id)
    assert refused.value.details["field"] == "materials"
    assert case.state == CaseState.RECEIVED


def test_promised_matter_cannot_be_completed_on_the_spot(desk):
    """低保 is decided by the department within its limit, never at the window."""
    case = desk.record(desk.visit(), desk.c.dibao)
    desk.receive(case)
    with pytest.raises(InvalidState):
        desk.act(intake.complete_on_the_spot, desk.clerk, case_id=case.id)
    assert case.state == CaseState.RECEIVED and case.outcome is None


def test_one_visit_several_matters_several_departments(desk):
    """一件事一次办: one resident, one visit, three cases for two departments, each with its own number."""
    visit = desk.visit()
    cases = [desk.record(visit, matter) for matter in (desk.c.dibao, desk.c.card, desk.c.pension)]
    db.session.expire_all()
    assert [c.id for c in db.session.get(Visit, visit.id).cases] == [c.id for c in cases]
    assert len({c.number for c in cases}) == 3
    assert {c.department_id for c in cases} == {desk.c.civil.id, desk.c.social.id}
