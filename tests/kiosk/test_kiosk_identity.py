"""The kiosk's identity step as pages and JSON: the setting, the reprint action, what the clerk sees."""

import json
import re

from sqlalchemy import select

from hall import clock as hall_clock
from hall.db import write_transaction
from hall.extensions import db
from hall.models import DeviceKind, HistoryEntry, Kind, KioskIdentity
from hall.services.admin import devices
from hall.services.workstation import counter_panel
from tests.hall.services.helpers import call_next, issue
from tests.pdf_tools import normalise, pages_text

PHONE = "13812345678"
REPRINT = "/h/test/kiosk/reprint"


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


def test_reprint_returns_the_same_slip(client, api, small_hall, clock):
    """Typing the phone again at the kiosk gives the ticket's own number, QR token and slip."""
    set_mode(small_hall.hall, KioskIdentity.OPTIONAL)
    ticket = issue(small_hall.hall, small_hall.a, clock, identity=PHONE)
    response = api.post(REPRINT, {"service_id": small_hall.a.id, "identity": "138-1234-5678"})
    assert response.status_code == 200, response.get_data(as_text=True)
    reply = response.get_json()["ticket"]
    assert (reply["number"], reply["token"], reply["people_ahead"]) == ("A001", ticket.token, 0)
    assert reply["page_url"].endswith(f"/t/{ticket.token}")
    slip = client.get(reply["slip_url"])
    assert slip.mimetype == "application/pdf" and "A001" in normalise(pages_text(slip.data)[0])
    assert PHONE not in response.get_data(as_text=True)


def test_reprint_of_a_called_ticket_says_which_window(api, small_hall, clock):
    """Already called: the reply carries the window, so the kiosk sends the resident there."""
    set_mode(small_hall.hall, KioskIdentity.OPTIONAL)
    issue(small_hall.hall, small_hall.a, clock, identity=PHONE)
    call_next(small_hall.w1, small_hall.c1, clock)
    reply = api.post(REPRINT, {"service_id": small_hall.a.id, "identity": PHONE}).get_json()["ticket"]
    assert (reply["state"], reply["counter"]["number"]) == ("called", 1)


def test_reprint_for_a_number_holding_nothing_is_a_plain_404(api, small_hall, clock):
    """Another phone finds nothing: 404 with a message, nothing printed, nothing recorded."""
    set_mode(small_hall.hall, KioskIdentity.OPTIONAL)
    issue(small_hall.hall, small_hall.a, clock, identity=PHONE)
    response = api.post(REPRINT, {"service_id": small_hall.a.id, "identity": "13900001111"})
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == "今天没有用这个身份证号或手机号取的“综合受理”号码。"
    assert db.session.scalar(select(HistoryEntry.id).where(HistoryEntry.kind == Kind.REPRINTED)) is None


def test_reprint_refuses_bad_input_plainly(api, small_hall):
    """A mistyped ID, a missing field or a body that is not an object: 422 with a message, never a 500."""
    set_mode(small_hall.hall, KioskIdentity.OPTIONAL)
    wrong_check = api.post(REPRINT, {"service_id": small_hall.a.id, "identity": "110105194912310021"})
    assert wrong_check.status_code == 422
    assert wrong_check.get_json()["error"] == {
        "code": "invalid",
        "message": "身份证号码校验位不正确，请核对。",
        "details": {"field": "identity"},
    }
    assert api.post(REPRINT, {"service_id": "A", "identity": PHONE}).status_code == 422
    assert api.post(REPRINT, {"service_id": small_hall.a.id}).status_code == 422
    assert api.post(REPRINT, ["not", "an", "object"]).status_code == 422


def test_reprint_needs_the_page_csrf_token(client, small_hall):
    """The reprint is a kiosk page action: without the page's CSRF token it is refused."""
    response = client.post(
        REPRINT, json={"service_id": small_hall.a.id, "identity": PHONE}, headers={"Accept": "application/json"}
    )
    assert response.status_code == 400


def test_reprint_in_a_hall_of_registered_kiosks_needs_one(client, api, small_hall, clock):
    """Where kiosks must be registered, an unregistered browser cannot reprint; the hall's kiosk can."""
    set_mode(small_hall.hall, KioskIdentity.OPTIONAL)
    issue(small_hall.hall, small_hall.a, clock, identity=PHONE)
    with write_transaction():
        small_hall.hall.require_devices = True
        device, _ = devices.register(
            actor_id=small_hall.manager.id,
            hall_id=small_hall.hall.id,
            kind=DeviceKind.KIOSK,
            name="取号机",
            now=hall_clock.now(),
        )
        token = devices.new_token(
            actor_id=small_hall.manager.id, hall_id=small_hall.hall.id, device_id=device.id, now=hall_clock.now()
        )
    body = {"service_id": small_hall.a.id, "identity": PHONE}
    assert api.post(REPRINT, body).status_code == 403
    response = client.post(REPRINT, json=body, headers={"Authorization": f"Bearer {token}", "X-CSRFToken": api.token})
    assert response.status_code == 200, response.get_data(as_text=True)
    entry = db.session.scalars(select(HistoryEntry).where(HistoryEntry.kind == Kind.REPRINTED)).one()
    assert entry.device_id == device.id


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
