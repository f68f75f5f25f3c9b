"""The visit page at the window: applicant, matters, materials and decisions, through the real forms."""

import re

from hall.extensions import db
from hall.models import Case, CaseState, Visit
from tests.pdf_tools import normalise, pages_text

ID_NUMBER = "11010519491231002X"
PHONE = "13812341234"


def fresh(case: Case) -> Case:
    """The case as the database has it now (the pages changed it in their own sessions)."""
    db.session.expire_all()
    return db.session.get(Case, case.id)


def open_visit(client, case_hall, token) -> str:
    response = client.post(f"/counter/{case_hall.window.id}/visit", data={"csrf_token": token})
    assert response.status_code == 302 and response.headers["Location"].startswith("/visits/")
    return response.headers["Location"]


def save_applicant(client, visit_url, token, **overrides):
    data = {
        "csrf_token": token,
        "applicant_name": "张三",
        "id_type": "resident_id",
        "id_number": ID_NUMBER,
        "phone": PHONE,
    } | overrides
    return client.post(f"{visit_url}/applicant", data=data)


def add_case(client, visit_url, token, matter) -> Case:
    client.post(f"{visit_url}/cases", data={"csrf_token": token, "matter_id": matter.id})
    return Case.query.filter_by(matter_id=matter.id).order_by(Case.id.desc()).first()


def receive_all(client, case, token, visit_id):
    data = {"csrf_token": token, "visit_id": visit_id}
    data |= {f"material_{m.id}": "received" for m in case.materials if m.required}
    return client.post(f"/cases/{case.id}/materials", data=data)


def test_a_clerk_records_two_cases_and_prints_one_receipt(client, login, case_hall):
    """Two matters of two departments, accepted at the window, on one receipt with both case numbers."""
    token = login(case_hall.clerk)
    visit_url = open_visit(client, case_hall, token)
    visit_id = int(visit_url.rsplit("/", 1)[1])
    assert save_applicant(client, visit_url, token).status_code == 302
    first = add_case(client, visit_url, token, case_hall.dibao)
    second = add_case(client, visit_url, token, case_hall.pension)
    for case in (first, second):
        receive_all(client, case, token, visit_id)
        response = client.post(f"/cases/{case.id}/accept", data={"csrf_token": token, "visit_id": visit_id})
        assert response.headers["Location"] == visit_url
    page = client.get(visit_url).get_data(as_text=True)
    assert first.number in page and second.number in page
    receipt = client.get(f"{visit_url}/receipt.pdf")
    assert receipt.status_code == 200 and receipt.mimetype == "application/pdf"
    text = normalise(pages_text(receipt.data)[0] + "".join(pages_text(receipt.data)[1:]))
    assert first.number in text and second.number in text and "受理回执" in text
    assert ID_NUMBER not in text and PHONE not in text and "张*" in text


def test_a_wrong_id_number_is_a_message_and_saves_nothing(client, login, case_hall):
    """A mistyped check digit comes back as a message on the page; the visit keeps no applicant."""
    token = login(case_hall.clerk)
    visit_url = open_visit(client, case_hall, token)
    response = save_applicant(client, visit_url, token, id_number="110105194912310021")
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'data-testid="applicant-error"' in page
    assert 'value="张三"' in page and 'value="110105194912310021"' in page  # nothing to type again
    visit = Visit.query.one()
    assert visit.applicant_name == "" and visit.id_number == ""


def test_accepting_with_missing_materials_asks_for_deficiency_or_notice(client, login, case_hall):
    """Accept with the household register missing is refused with a message; the case stays being recorded."""
    token = login(case_hall.clerk)
    visit_url = open_visit(client, case_hall, token)
    visit_id = int(visit_url.rsplit("/", 1)[1])
    save_applicant(client, visit_url, token)
    case = add_case(client, visit_url, token, case_hall.dibao)
    client.post(f"/cases/{case.id}/accept", data={"csrf_token": token, "visit_id": visit_id})
    page = client.get(visit_url).get_data(as_text=True)
    assert 'class="flash flash-error"' in page
    assert fresh(case).state == CaseState.RECEIVED


def test_one_time_notice_prints_every_missing_material(client, login, case_hall):
    """Marking two materials missing and giving a notice prints a 一次性告知书 naming both."""
    token = login(case_hall.clerk)
    visit_url = open_visit(client, case_hall, token)
    visit_id = int(visit_url.rsplit("/", 1)[1])
    save_applicant(client, visit_url, token)
    case = add_case(client, visit_url, token, case_hall.dibao)
    client.post(
        f"/cases/{case.id}/notice",
        data={"csrf_token": token, "visit_id": visit_id, "supplement_note": "近三个月收入证明"},
    )
    assert fresh(case).state == CaseState.NEEDS_SUPPLEMENT
    notice = client.get(f"/cases/{case.id}/notice.pdf")
    text = normalise("".join(pages_text(notice.data)))
    assert "一次性告知书" in text and "居民身份证" in text and "户口簿" in text and "近三个月收入证明" in text


def test_matter_search_finds_by_pinyin_initials(client, login, case_hall):
    """Typing "zdsh" on the visit page lists 最低生活保障申请 with an Add button."""
    token = login(case_hall.clerk)
    visit_url = open_visit(client, case_hall, token)
    page = client.get(f"{visit_url}?q=zdsh").get_data(as_text=True)
    assert "最低生活保障申请" in page and "社会保障卡补换" not in page
    assert re.search(rf'name="matter_id" value="{case_hall.dibao.id}"', page)


def test_a_clerk_without_a_resident_cannot_open_a_visit(client, login, case_hall):
    """Window 2 has nobody called: recording matters there is refused with a message, no visit is created."""
    token = login(case_hall.small.c2)
    response = client.post(f"/counter/{case_hall.small.w2.id}/visit", data={"csrf_token": token})
    assert response.headers["Location"] == f"/counter/{case_hall.small.w2.id}"
    assert Visit.query.count() == 0


def test_officers_cannot_use_the_window_pages(client, login, case_hall):
    """An officer gets 403 on the visit forms: intake is the front desk's job."""
    token = login(case_hall.officer_civil)
    response = client.post(f"/counter/{case_hall.window.id}/visit", data={"csrf_token": token})
    assert response.status_code == 403


def test_forms_without_csrf_token_are_refused(client, login, case_hall):
    """A cross-site form post (no CSRF token) changes nothing."""
    login(case_hall.clerk)
    response = client.post(f"/counter/{case_hall.window.id}/visit", data={})
    assert response.status_code == 400
    assert Visit.query.count() == 0


def test_ticks_travel_with_the_decision_and_survive_a_refusal(client, login, case_hall):
    """Ticking materials and pressing Accept saves both; a refused Accept still keeps what was ticked."""
    token = login(case_hall.clerk)
    visit_url = open_visit(client, case_hall, token)
    visit_id = int(visit_url.rsplit("/", 1)[1])
    save_applicant(client, visit_url, token)
    case = add_case(client, visit_url, token, case_hall.dibao)
    id_card, register = case.materials[0], case.materials[1]
    client.post(
        f"/cases/{case.id}/accept",
        data={"csrf_token": token, "visit_id": visit_id, f"material_{id_card.id}": "received"},
    )
    refused = fresh(case)
    assert refused.state == CaseState.RECEIVED and refused.materials[0].status.value == "received"
    client.post(
        f"/cases/{case.id}/accept",
        data={
            "csrf_token": token,
            "visit_id": visit_id,
            f"material_{id_card.id}": "received",
            f"material_{register.id}": "received",
        },
    )
    accepted = fresh(case)
    assert accepted.state == CaseState.ACCEPTED and not accepted.missing_materials
