"""Who sees the applicant's full ID and phone on the visit page: the same people as on its case pages."""

from sqlalchemy import select

from hall.db import write_transaction
from hall.extensions import db
from hall.models import AuditAction, AuditEntry
from hall.services import counters, identity
from tests.conftest import csrf_token
from tests.hall.web.cases.helpers import ID_NUMBER, PHONE, accepted_cases


def visit_page(client, visit) -> str:
    response = client.get(f"/visits/{visit.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def viewers(visit) -> list[tuple]:
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.visit_id == visit.id, AuditEntry.what == "visit").order_by(AuditEntry.id)
    )
    return [(entry.action, entry.staff_id, entry.ticket_id) for entry in entries]


def test_the_clerk_at_the_window_sees_and_corrects_the_applicant_in_full(client, login, case_hall, clock):
    """The form holds the full ID and phone, ready to be corrected; the view is in the audit log."""
    visit, _ = accepted_cases(case_hall, clock)
    login(case_hall.clerk)
    page = visit_page(client, visit)
    assert f'value="{ID_NUMBER}"' in page and f'value="{PHONE}"' in page and 'value="张三"' in page
    assert f"/visits/{visit.id}/applicant" in page
    assert viewers(visit) == [(AuditAction.VIEWED, case_hall.clerk.id, visit.ticket_id)]


def test_a_manager_not_at_a_window_sees_masked_numbers_and_no_form(client, login, case_hall, clock):
    """Supervising needs no ID number: 张*, ****002X and 138****1234, no applicant form; the view is recorded."""
    visit, _ = accepted_cases(case_hall, clock)
    login(case_hall.small.manager)
    page = visit_page(client, visit)
    assert ID_NUMBER not in page and PHONE not in page and "张三" not in page
    assert identity.mask_id(ID_NUMBER) in page and identity.mask_phone(PHONE) in page and "张*" in page
    assert f"/visits/{visit.id}/applicant" not in page and 'data-testid="applicant-masked"' in page
    assert viewers(visit) == [(AuditAction.VIEWED, case_hall.small.manager.id, visit.ticket_id)]


def test_a_manager_serving_at_a_window_sees_the_visit_in_full(client, login, case_hall, clock):
    """Signed in at window 3, the manager is the front desk and sees what the clerk sees."""
    visit, _ = accepted_cases(case_hall, clock)
    with write_transaction():
        counters.sign_in(
            counter_id=case_hall.small.w3.id, staff_id=case_hall.small.manager.id, now=clock(), take_over=True
        )
    login(case_hall.small.manager)
    page = visit_page(client, visit)
    assert f'value="{ID_NUMBER}"' in page and f'value="{PHONE}"' in page


def test_the_visit_and_its_case_pages_agree_on_who_sees_what(client, login, case_hall, clock):
    """The manager browsing sees neither number on the case page nor on its visit page."""
    visit, (dibao,) = accepted_cases(case_hall, clock, case_hall.dibao)
    login(case_hall.small.manager)
    case_page = client.get(f"/cases/{dibao.id}").get_data(as_text=True)
    for page in (case_page, visit_page(client, visit)):
        assert ID_NUMBER not in page and PHONE not in page


def test_a_manager_not_at_a_window_cannot_overwrite_the_applicant(client, login, case_hall, clock):
    """Posting the applicant form without seeing it in full is refused in Chinese and changes nothing."""
    visit, _ = accepted_cases(case_hall, clock)  # no case yet: a clerk could still correct the applicant
    login(case_hall.small.manager)
    response = client.post(
        f"/visits/{visit.id}/applicant",
        data={
            "csrf_token": csrf_token(client),
            "applicant_name": "李四",
            "id_type": "resident_id",
            "id_number": ID_NUMBER,
            "phone": "13900001111",
        },
    )
    assert response.status_code == 403
    assert "请在本大厅的窗口登录" in response.get_data(as_text=True)
    db.session.refresh(visit)
    assert (visit.applicant_name, visit.phone) == ("张三", PHONE)
