"""The management pages as a manager uses them: forms, errors next to their field, changes that stick."""

import io
import json
import re

import pytest

from hall.extensions import db
from hall.models import CalendarDay, Counter, Device, Service, Staff


@pytest.fixture
def manager(small_hall, client, login):
    return login(small_hall.manager)


def page(response) -> str:
    return response.get_data(as_text=True)


def test_a_manager_adds_a_service_and_lists_it(small_hall, client, manager):
    """The new-service form creates the service; the list shows it; its departments are stored."""
    response = client.post(
        "/manage/test/services/new",
        data={
            "csrf_token": manager,
            "name": "卫生健康",
            "prefix": "e",
            "typical_minutes": "8",
            "position": "3",
            "active": "y",
            "green_channel": "y",
        },
    )
    assert response.status_code == 302
    assert "卫生健康" in page(client.get("/manage/test/services"))
    assert db.session.query(Service).filter_by(prefix="E").one().green_channel


def test_a_duplicate_prefix_is_shown_next_to_the_field(small_hall, client, manager):
    """Reusing prefix A re-shows the form with the reason under the prefix field; nothing is created."""
    response = client.post(
        "/manage/test/services/new",
        data={"csrf_token": manager, "name": "重复", "prefix": "A", "typical_minutes": "8", "active": "y"},
    )
    assert response.status_code == 200
    assert re.search(r"data-field-error=\"prefix\">A 已是“综合受理”的取号前缀。<", page(response))
    assert db.session.query(Service).count() == 2


def test_settings_form_saves_and_rejects_bad_hours(small_hall, client, manager):
    """Good settings are saved; unreadable hours are refused under their field."""
    data = {
        "csrf_token": manager,
        "name": "测试镇便民服务中心",
        "timezone": "Asia/Shanghai",
        "ticketing_hours": "08:30-12:00,13:30-17:00",
        "notice": "今天下午停电检修",
        "max_wait_minutes": "30",
        "recall_cap": "3",
    }
    assert client.post("/manage/test/settings", data=data).status_code == 302
    assert small_hall.hall.notice == "今天下午停电检修" and small_hall.hall.recall_cap == 3
    response = client.post("/manage/test/settings", data=data | {"ticketing_hours": "上午"})
    assert 'data-field-error="ticketing_hours"' in page(response)


def test_window_form_keeps_the_service_order(small_hall, client, manager):
    """Numbering B as 1 and A as 2 makes window 9 serve B first."""
    response = client.post(
        "/manage/test/counters/new",
        data={
            "csrf_token": manager,
            "number": "9",
            "name": "综合窗口",
            "active": "y",
            f"order_{small_hall.a.id}": "2",
            f"order_{small_hall.b.id}": "1",
        },
    )
    assert response.status_code == 302
    window = db.session.query(Counter).filter_by(number=9).one()
    assert [link.service.prefix for link in window.links] == ["B", "A"]


def test_staff_accounts_are_created_and_reset(small_hall, client, manager):
    """A new clerk can sign in with the password set; a reset password replaces it."""
    response = client.post(
        "/manage/test/staff/new",
        data={
            "csrf_token": manager,
            "username": "wang.fang",
            "name": "王芳",
            "role": "clerk",
            "password": "password-1",
            "windows": [str(small_hall.w1.id)],
        },
    )
    assert response.status_code == 302
    person = db.session.query(Staff).filter_by(username="wang.fang").one()
    assert [w.number for w in person.windows] == [1] and person.check_password("password-1")
    client.post(
        f"/manage/test/staff/{person.id}/password", data={"csrf_token": manager, "reset-password": "password-2"}
    )
    db.session.refresh(person)
    assert person.check_password("password-2")


def test_calendar_days_are_added_and_removed(small_hall, client, manager):
    """A local holiday is added from the form and removed with its button."""
    client.post(
        "/manage/test/calendar", data={"csrf_token": manager, "day": "2026-12-01", "kind": "holiday", "name": "镇庆"}
    )
    assert "镇庆" in page(client.get("/manage/test/calendar?year=2026"))
    client.post("/manage/test/calendar/2026-12-01/delete", data={"csrf_token": manager})
    assert db.session.query(CalendarDay).count() == 0


def test_registering_a_device_shows_its_pairing_code_once(small_hall, client, manager):
    """Registering shows a six-digit code; the device list does not show it again."""
    response = client.post("/manage/test/devices", data={"csrf_token": manager, "kind": "kiosk", "name": "取号机一"})
    code = re.search(r'data-testid="pairing-code">(\d{6})<', page(response))
    assert code
    assert code.group(1) not in page(client.get("/manage/test/devices"))
    assert db.session.query(Device).filter_by(name="取号机一").one().pairing_code_hash


def test_export_then_import_into_another_hall_through_the_pages(small_hall, client, login, manager):
    """Download the file, check it in a second hall (dry run changes nothing), then import it."""
    from hall.db import write_transaction
    from hall.models import Role
    from tests import factories

    exported = client.get("/manage/test/export")
    assert exported.mimetype == "application/json"
    with write_transaction():
        factories.make_hall("second")
        boss = factories.make_staff(
            db.session.query(type(small_hall.hall)).filter_by(code="second").one(), "second.boss", Role.MANAGER
        )
    client.post("/logout", data={"csrf_token": manager})
    token = login(boss)
    checked = client.post(
        "/manage/second/import",
        data={"csrf_token": token, "file": (io.BytesIO(exported.data), "hall.json")},
        content_type="multipart/form-data",
    )
    text = page(checked)
    assert 'data-testid="import-report"' in text and "新增" in text
    assert db.session.query(Service).join(type(small_hall.hall)).filter_by(code="second").count() == 0
    document = json.dumps(json.loads(exported.data), ensure_ascii=False)
    applied = client.post("/manage/second/import/apply", data={"csrf_token": token, "document": document})
    assert "配置已导入" in page(applied)
    assert {s.prefix for s in db.session.query(Service).filter(Service.hall_id != small_hall.hall.id)} == {"A", "B"}


def test_a_file_that_is_not_json_is_explained(small_hall, client, manager):
    """Uploading something else says it is not a configuration file; nothing changes."""
    response = client.post(
        "/manage/test/import",
        data={"csrf_token": manager, "file": (io.BytesIO(b"\xff\x00"), "x.json")},
        content_type="multipart/form-data",
    )
    assert "不是本系统导出的 JSON 文件" in page(response)
