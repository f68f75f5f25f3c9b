"""The kiosk's identity step as pages and JSON: the setting, the refusal that offers a reprint, what the clerk sees.

Printing the slip again is the API's: tests/hall/api/test_reprint.py.
"""

import json
import re

from sqlalchemy import select

from hall.db import write_transaction
from hall.extensions import db
from hall.models import HistoryEntry, Kind, KioskIdentity
from hall.services.workstation import counter_panel
from tests.hall.services.helpers import call_next, issue

PHONE = "13812345678"
REPRINT = "/api/v1/halls/test/tickets/reprint"


def set_mode(hall, mode: KioskIdentity) -> None:
    with write_transaction():
        hall.kiosk_identity = mode.value


def test_the_kiosk_page_offers_the_identity_step_when_the_hall_asks(client, small_hall):
    """The page carries the hall's setting, a keypad with X, and the reprint address; the menu repeats it."""
    page = client.get("/h/test/kiosk/").get_data(as_text=True)
    assert 'data-identity="off"' in page
    set_mode(small_hall.hall, KioskIdentity.REQUIRED)
    page = client.get("/h/test/kiosk/").get_data(as_text=True)
    assert 'data-identity="required"' in page and f'data-reprint-url="{REPRINT}"' in page
    assert 'data-key="X"' in page and "请输入身份证号码或手机号码" in page
    menu = json.loads(re.search(r'<script type="application/json" id="menu">(.*?)</script>', page, re.S).group(1))
    assert menu["hall"]["kiosk_identity"] == "required"
    assert client.get("/api/v1/halls/test/menu").get_json()["hall"]["kiosk_identity"] == "required"


def test_the_api_refuses_a_second_number_with_the_first(api, small_hall):
    """Through the kiosk's API call: the same phone twice is a 409 carrying the number already held."""
    set_mode(small_hall.hall, KioskIdentity.REQUIRED)
    body = {"service_id": small_hall.a.id, "identity": PHONE}
    first = api.post("/api/v1/halls/test/tickets", body)
    assert first.status_code == 201, first.get_data(as_text=True)
    second = api.post("/api/v1/halls/test/tickets", body)
    assert second.status_code == 409
    error = second.get_json()["error"]
    assert (error["code"], error["details"]["number"], error["details"]["reprint"]) == ("already_waiting", "A001", True)
    missing = api.post("/api/v1/halls/test/tickets", {"service_id": small_hall.a.id})
    assert missing.status_code == 422 and missing.get_json()["error"]["details"] == {"field": "identity"}


def test_the_clerk_sees_the_masked_number_of_the_resident_called(small_hall, clock):
    """The workstation shows 138****5678 beside the called ticket, to compare with the resident's phone."""
    set_mode(small_hall.hall, KioskIdentity.OPTIONAL)
    issue(small_hall.hall, small_hall.a, clock, identity=PHONE)
    call_next(small_hall.w1, small_hall.c1, clock)
    current = counter_panel(small_hall.w1, clock())["current"]
    assert current["identity"] == {"kind": "phone", "hint": "138****5678"}


def test_a_manager_turns_the_identity_step_on(client, login, small_hall):
    """The settings page saves the choice, records it as a configuration change, and rejects a made-up one."""
    token = login(small_hall.manager)
    data = {
        "csrf_token": token,
        "name": "测试镇便民服务中心",
        "timezone": "Asia/Shanghai",
        "ticketing_hours": "08:30-12:00,13:30-17:00",
        "max_wait_minutes": "30",
        "recall_cap": "3",
        "kiosk_identity": "optional",
    }
    page = client.get("/manage/test/settings").get_data(as_text=True)
    assert 'name="kiosk_identity"' in page and "取号时登记身份证号或手机号" in page
    assert client.post("/manage/test/settings", data=data).status_code == 302
    assert small_hall.hall.kiosk_identity == "optional"
    entry = db.session.scalars(select(HistoryEntry).where(HistoryEntry.kind == Kind.CONFIG_CHANGED)).all()[-1]
    assert entry.data["changes"]["kiosk_identity"] == ["off", "optional"]
    response = client.post("/manage/test/settings", data=data | {"kiosk_identity": "always"})
    assert response.status_code == 200 and 'data-field-error="kiosk_identity"' in response.get_data(as_text=True)
    assert small_hall.hall.kiosk_identity == "optional"
