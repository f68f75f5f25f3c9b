"""The matter catalogue pages: a manager adds a matter with its materials, errors show on the form, files import."""

import io
import json

import pytest

from hall.extensions import db
from hall.models import Matter


@pytest.fixture
def manager(case_hall, client, login):
    return login(case_hall.small.manager)


def matter_form(token, department, **overrides) -> dict:
    data = {
        "csrf_token": token,
        "code": "mz-009",
        "name": "临时救助申请",
        "department_id": str(department.id),
        "kind": "promised",
        "committed_days": "5",
        "statutory_days": "10",
        "fee": "免费",
        "position": "9",
        "active": "y",
        "material_rows": "3",
        "material-0-name": "居民身份证",
        "material-0-originals": "1",
        "material-0-copies": "1",
        "material-0-required": "y",
        "material-1-name": "委托书",
        "material-1-originals": "1",
        "material-1-copies": "0",
        "material-1-condition": "委托他人代办的",
        "material-2-name": "",
    }
    return data | overrides


def test_a_manager_adds_a_matter_with_its_materials(case_hall, client, manager):
    """The form creates the matter with code upper-cased, pinyin initials, and both materials in order."""
    response = client.post("/manage/test/matters/new", data=matter_form(manager, case_hall.civil))
    assert response.status_code == 302
    matter = db.session.query(Matter).filter_by(code="MZ-009").one()
    assert matter.initials == "LSJZSQ"
    assert [(m.name, m.required, m.condition) for m in matter.materials] == [
        ("居民身份证", True, ""),
        ("委托书", False, "委托他人代办的"),
    ]
    assert "临时救助申请" in client.get("/manage/test/matters").get_data(as_text=True)


def test_a_duplicate_code_is_shown_on_its_field_and_nothing_is_saved(case_hall, client, manager):
    """Re-using MZ-001 answers with the form and a message naming the matter that has it."""
    response = client.post("/manage/test/matters/new", data=matter_form(manager, case_hall.civil, code="MZ-001"))
    assert response.status_code == 200
    assert "最低生活保障申请" in response.get_data(as_text=True)
    assert db.session.query(Matter).filter_by(name="临时救助申请").count() == 0


def test_committed_longer_than_statutory_is_refused(case_hall, client, manager):
    """A committed limit above the statutory one comes back as a message on the form."""
    data = matter_form(manager, case_hall.civil, committed_days="20", statutory_days="10")
    response = client.post("/manage/test/matters/new", data=data)
    assert response.status_code == 200 and 'class="field-error"' in response.get_data(as_text=True)


def test_a_matter_with_cases_is_deactivated_not_deleted(case_hall, client, manager, clock):
    """Deleting 低保 after a case was recorded is refused; the matter stays."""
    from tests.hall.web.cases.helpers import accepted_cases

    accepted_cases(case_hall, clock, case_hall.dibao)
    client.post(f"/manage/test/matters/{case_hall.dibao.id}/delete", data={"csrf_token": manager})
    assert db.session.get(Matter, case_hall.dibao.id) is not None


def test_importing_a_file_creates_and_updates_by_code(case_hall, client, manager):
    """A JSON list: a new code is created, a known one updated; departments are matched by name."""
    rows = [
        {
            "code": "MZ-001",
            "name": "最低生活保障申请（城乡）",
            "department": "社会事务办",
            "kind": "promised",
            "committed_days": 8,
            "materials": [{"name": "居民身份证", "originals": 1, "copies": 1, "required": True}],
        },
        {
            "code": "SB-010",
            "name": "失业登记",
            "department": "社会保障所",
            "kind": "immediate",
            "materials": [{"name": "居民身份证", "originals": 1, "copies": 0, "required": True}],
        },
    ]
    upload = (io.BytesIO(json.dumps(rows, ensure_ascii=False).encode()), "matters.json")
    response = client.post("/manage/test/matters/import", data={"csrf_token": manager, "file": upload})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Matter, case_hall.dibao.id).name == "最低生活保障申请（城乡）"
    assert db.session.query(Matter).filter_by(code="SB-010").one().committed_days == 0


def test_a_broken_file_is_a_message_and_changes_nothing(case_hall, client, manager):
    """A file naming an unknown department is refused as a whole: the first, valid, row is not imported either."""
    rows = [
        {
            "code": "SB-011",
            "name": "就业登记",
            "department": "社会保障所",
            "kind": "immediate",
            "materials": [{"name": "身份证"}],
        },
        {"code": "SB-012", "name": "失业登记", "department": "不存在的部门", "materials": [{"name": "身份证"}]},
    ]
    upload = (io.BytesIO(json.dumps(rows, ensure_ascii=False).encode()), "matters.json")
    client.post("/manage/test/matters/import", data={"csrf_token": manager, "file": upload})
    assert db.session.query(Matter).filter(Matter.code.in_(["SB-011", "SB-012"])).count() == 0
    assert "不存在的部门" in client.get("/manage/test/matters").get_data(as_text=True)
