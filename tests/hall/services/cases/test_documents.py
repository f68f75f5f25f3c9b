"""The papers a visit or case prints, built from the database and read back from the PDF text.

``documents`` gathers and masks the data; the PDF builders only lay it out (tests/hall/pdf covers the
layout). Here: the right cases are on the right paper, and no full personal data ever is.
"""

from datetime import date

import pytest

from hall.db import write_transaction
from hall.errors import InvalidState
from hall.models import CaseState, MaterialStatus
from hall.services.cases import documents, intake
from tests import factories
from tests.hall.services.cases.steps import ID_NUMBER, NAME, PHONE
from tests.pdf_tools import normalise, pages_text

PROGRESS_URL = "https://hall.example/p/abcdefghijklmnopqrstuv"


def text_of(pdf: bytes) -> str:
    return normalise("".join(pages_text(pdf)))


def assert_no_personal_data(text: str) -> None:
    for secret in (NAME, ID_NUMBER, ID_NUMBER[:14], PHONE, PHONE[3:]):
        assert secret not in text


@pytest.fixture
def disability(case_hall):
    """A third matter of the hall, for a visit with three accepted cases (一件事一次办)."""
    with write_transaction():
        return factories.make_matter(
            case_hall.hall,
            case_hall.civil,
            "MZ-002",
            "残疾人两项补贴申请",
            committed_days=10,
            materials=[("居民身份证", 1, 1, True, ""), ("残疾人证", 0, 1, True, "")],
        )


def test_receipt_lists_every_accepted_case_of_the_visit(desk, clock, disability):
    """One receipt for three accepted cases: all three numbers, their due dates, masked applicant data only."""
    visit = desk.visit()
    accepted = [desk.accepted(matter, visit=visit) for matter in (desk.c.dibao, desk.c.pension, disability)]
    withdrawn = desk.record(visit, desk.c.card)
    desk.step(withdrawn, "withdraw")
    text = text_of(documents.receipt_pdf(visit, now=clock(), progress_url=PROGRESS_URL))
    for case in accepted:
        assert case.number in text
        assert case.pickup_code in text
    assert withdrawn.number not in text
    assert "残疾人两项补贴申请" in text and "城乡居民养老保险待遇申领" in text
    assert "张**" in text
    assert "138****5678" in text
    assert_no_personal_data(text)


def test_receipt_shows_a_case_accepted_with_deficiencies(desk, clock):
    """容缺受理 is printed as such, with what the resident still owes and by when."""
    visit = desk.visit()
    case = desk.record(visit, desk.c.dibao)
    desk.act(
        intake.check_materials, desk.clerk, case_id=case.id, statuses={case.materials[0].id: MaterialStatus.RECEIVED}
    )
    desk.accept(case, deficiency_note="户口簿周四前补交", deficiency_due=date(2026, 11, 26))
    text = text_of(documents.receipt_pdf(visit, now=clock(), progress_url=PROGRESS_URL))
    assert case.number in text
    assert "容缺受理" in text and "户口簿周四前补交" in text


def test_receipt_includes_a_case_completed_on_the_spot(desk, clock):
    """The social security card replaced at the window is on the receipt too."""
    visit = desk.visit()
    card = desk.record(visit, desk.c.card)
    desk.receive(card)
    desk.act(intake.complete_on_the_spot, desk.clerk, case_id=card.id)
    assert card.number in text_of(documents.receipt_pdf(visit, now=clock(), progress_url=PROGRESS_URL))


@pytest.mark.parametrize("state", [CaseState.RECEIVED, "noticed", CaseState.REJECTED, CaseState.WITHDRAWN])
def test_no_receipt_without_an_accepted_case(desk, clock, state):
    """Nothing accepted (still recording, noticed, rejected, withdrawn): there is no receipt to print."""
    visit = desk.visit()
    desk.case_in(state, visit=visit)
    with pytest.raises(InvalidState):
        documents.receipt_pdf(visit, now=clock(), progress_url=PROGRESS_URL)


def test_notice_lists_the_missing_materials(desk, clock):
    """一次性告知书: the household register and proxy's letter are missing; the ID card, handed in, is not listed."""
    visit = desk.visit()
    case = desk.record(visit, desk.c.dibao)
    ids = {m.name: m.id for m in case.materials}
    desk.act(
        intake.check_materials,
        desk.clerk,
        case_id=case.id,
        statuses={ids["居民身份证"]: MaterialStatus.RECEIVED, ids["委托书"]: MaterialStatus.MISSING},
    )
    desk.act(intake.issue_notice, desk.clerk, case_id=case.id, note="申请书须本人签字", supply_by=date(2026, 11, 30))
    text = text_of(documents.supplement_notice_pdf(case, now=clock(), progress_url=PROGRESS_URL))
    assert case.number in text
    assert "户口簿" in text and "委托书" in text
    assert "居民身份证" not in text
    assert "申请书须本人签字" in text
    assert_no_personal_data(text)


def test_notice_only_for_a_case_waiting_for_materials(desk, clock):
    """An accepted case has nothing to notify."""
    case = desk.accepted()
    with pytest.raises(InvalidState) as refused:
        documents.supplement_notice_pdf(case, now=clock(), progress_url=PROGRESS_URL)
    assert case.number in str(refused.value)


def test_rejection_notice_gives_the_reason_and_basis(desk, clock):
    """不予受理通知书: the reason and legal basis the clerk gave, and the resident's remedies."""
    visit = desk.visit()
    case = desk.record(visit, desk.c.dibao)
    desk.act(
        intake.reject,
        desk.clerk,
        case_id=case.id,
        reason="申请人户籍不在本镇",
        legal_basis="《最低生活保障审核确认办法》第九条",
    )
    text = text_of(documents.rejection_notice_pdf(case))
    assert case.number in text
    assert "申请人户籍不在本镇" in text
    assert "《最低生活保障审核确认办法》第九条" in text
    assert "行政复议" in text
    assert_no_personal_data(text)


def test_rejection_notice_only_for_a_rejected_case(desk):
    """A case still being recorded has no rejection notice."""
    case = desk.record(desk.visit(), desk.c.dibao)
    with pytest.raises(InvalidState) as refused:
        documents.rejection_notice_pdf(case)
    assert case.number in str(refused.value)


def test_transfer_slip_lists_one_departments_cases(desk, clock, disability):
    """物料流转单 for 民政: the two 民政 cases of the visit, not the pension for 社保."""
    visit = desk.visit()
    dibao = desk.accepted(desk.c.dibao, visit=visit)
    extra = desk.accepted(disability, visit=visit)
    pension = desk.accepted(desk.c.pension, visit=visit)
    text = text_of(documents.transfer_slip_pdf(visit, desk.c.civil.id, now=clock()))
    assert dibao.number in text and extra.number in text
    assert pension.number not in text
    assert_no_personal_data(text)


def test_transfer_slip_leaves_out_a_case_rejected_after_it_came_back(desk, clock, disability):
    """A 民政 case returned by the department and then rejected at the window no longer travels on a slip."""
    visit = desk.visit()
    dibao = desk.accepted(desk.c.dibao, visit=visit)
    rejected = desk.case_in(CaseState.RETURNED, matter=disability, visit=visit)
    desk.act(intake.reject, desk.clerk, case_id=rejected.id, reason="不符合申请条件")
    text = text_of(documents.transfer_slip_pdf(visit, desk.c.civil.id, now=clock()))
    assert dibao.number in text
    assert rejected.number not in text
