"""Printing a held ticket's slip again through the API: the kiosk's answer to "you already have a number"."""

import pytest
from sqlalchemy import func, select

from hall import clock as hall_clock
from hall.db import write_transaction
from hall.extensions import db
from hall.models import DeviceKind, HistoryEntry, Kind, KioskIdentity, Throttle
from hall.services.admin import devices
from tests.hall.services.helpers import call_next, issue
from tests.pdf_tools import normalise, pages_text

PHONE = "13812345678"
REPRINT = "/api/v1/halls/test/tickets/reprint"


@pytest.fixture
def asking(small_hall):
    """small_hall whose kiosk asks for an ID card or mobile number, and lets residents skip it."""
    with write_transaction():
        small_hall.hall.kiosk_identity = KioskIdentity.OPTIONAL.value
    return small_hall


def reprints() -> int:
    return db.session.scalar(select(func.count()).select_from(HistoryEntry).where(HistoryEntry.kind == Kind.REPRINTED))


def test_reprint_returns_the_same_slip(client, api, asking, clock):
    """Typing the phone again at the kiosk gives the ticket's own number, QR token and slip."""
    ticket = issue(asking.hall, asking.a, clock, identity=PHONE)
    response = api.post(REPRINT, {"service_id": asking.a.id, "identity": "138-1234-5678"})
    assert response.status_code == 200, response.get_data(as_text=True)
    reply = response.get_json()["ticket"]
    assert (reply["number"], reply["token"], reply["people_ahead"]) == ("A001", ticket.token, 0)
    assert reply["page_url"].endswith(f"/t/{ticket.token}")
    slip = client.get(reply["slip_url"])
    assert slip.mimetype == "application/pdf" and "A001" in normalise(pages_text(slip.data)[0])
    assert PHONE not in response.get_data(as_text=True)
    assert reprints() == 1


def test_reprint_counts_the_people_ahead_now(api, asking, clock):
    """The slip printed again shows the queue as it is, not as it was when the number was taken."""
    issue(asking.hall, asking.a, clock)
    issue(asking.hall, asking.a, clock, identity=PHONE)
    call_next(asking.w1, asking.c1, clock)
    reply = api.post(REPRINT, {"service_id": asking.a.id, "identity": PHONE}).get_json()["ticket"]
    assert (reply["number"], reply["people_ahead_at_issue"], reply["people_ahead"]) == ("A002", 1, 0)


def test_reprint_of_a_called_ticket_says_which_window(api, asking, clock):
    """Already called: the reply carries the window, so the kiosk sends the resident there."""
    issue(asking.hall, asking.a, clock, identity=PHONE)
    call_next(asking.w1, asking.c1, clock)
    reply = api.post(REPRINT, {"service_id": asking.a.id, "identity": PHONE}).get_json()["ticket"]
    assert (reply["state"], reply["counter"]["number"], reply["people_ahead"]) == ("called", 1, 0)


def test_reprint_for_a_number_holding_nothing_is_a_plain_404(api, asking, clock):
    """Another phone finds nothing: 404 with a message, nothing printed, nothing recorded."""
    issue(asking.hall, asking.a, clock, identity=PHONE)
    response = api.post(REPRINT, {"service_id": asking.a.id, "identity": "13900001111"})
    assert response.status_code == 404
    assert response.get_json()["error"] == {
        "code": "not_found",
        "message": "今天没有用这个身份证号或手机号取的“综合受理”号码。",
    }
    assert reprints() == 0


def test_a_slip_is_printed_again_only_so_often(app, api, asking, clock, monkeypatch):
    """Past KIOSK_REPRINTS_PER_TICKET the kiosk says to remember the number; the refusal writes nothing."""
    monkeypatch.setitem(app.config, "KIOSK_REPRINTS_PER_TICKET", 1)
    issue(asking.hall, asking.a, clock, identity=PHONE)
    body = {"service_id": asking.a.id, "identity": PHONE}
    assert api.post(REPRINT, body).status_code == 200
    slips_counted = db.session.scalar(select(Throttle.count))
    response = api.post(REPRINT, body)
    assert response.status_code == 429
    error = response.get_json()["error"]
    assert (error["code"], error["details"]) == ("rate_limited", {"number": "A001"})
    assert "A001" in error["message"]
    assert reprints() == 1 and db.session.scalar(select(Throttle.count)) == slips_counted
    second = api.post("/api/v1/halls/test/tickets", body).get_json()["error"]
    assert (second["code"], second["details"]["reprint"]) == ("already_waiting", False)


@pytest.mark.parametrize(
    ("body", "message", "field"),
    [
        ({"service_id": "A", "identity": PHONE}, "service_id 必须是整数。", "service_id"),
        ({"service_id": 0, "identity": PHONE}, "service_id 必须是整数。", "service_id"),
        ({"service_id": True, "identity": PHONE}, "service_id 必须是整数。", "service_id"),
        ({"service_id": 1}, "请输入身份证号码或手机号码。", "identity"),
        ({"service_id": 1, "identity": "   "}, "请输入身份证号码或手机号码。", "identity"),
        ({"service_id": 1, "identity": 13812345678}, "请输入身份证号码或手机号码。", "identity"),
        ({"service_id": 1, "identity": "1" * 65}, "请输入身份证号码或手机号码。", "identity"),
        ({"service_id": 1, "identity": "138\t1234"}, "请输入身份证号码或手机号码。", "identity"),
        ({"service_id": 1, "identity": "110105194912310021"}, "身份证号码校验位不正确，请核对。", "identity"),
    ],
)
def test_bad_input_is_a_422_in_chinese_and_writes_nothing(api, asking, clock, body, message, field):
    """A mistyped ID or a missing or wrong field: 422 naming the field, a message the resident reads, no slip."""
    issue(asking.hall, asking.a, clock, identity=PHONE)
    response = api.post(REPRINT, body)
    assert response.status_code == 422
    assert response.get_json()["error"] == {"code": "invalid", "message": message, "details": {"field": field}}
    assert reprints() == 0


def test_a_body_that_is_not_an_object_is_a_422(api, asking):
    """A list instead of an object: 422 with a message, never a 500."""
    response = api.post(REPRINT, ["not", "an", "object"])
    assert response.status_code == 422
    assert response.get_json()["error"]["message"] == "请求内容必须是 JSON 对象。"


def test_reprint_needs_the_page_csrf_token(client, asking, clock):
    """From a browser, like issuing: without the kiosk page's CSRF token it is refused, nothing printed."""
    issue(asking.hall, asking.a, clock, identity=PHONE)
    response = client.post(REPRINT, json={"service_id": asking.a.id, "identity": PHONE})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "csrf"
    assert reprints() == 0


def test_reprint_in_a_hall_of_registered_kiosks_needs_one(client, api, asking, clock):
    """Where kiosks must be registered, an unregistered browser cannot reprint; the hall's kiosk can."""
    issue(asking.hall, asking.a, clock, identity=PHONE)
    with write_transaction():
        asking.hall.require_devices = True
        device, _ = devices.register(
            actor_id=asking.manager.id,
            hall_id=asking.hall.id,
            kind=DeviceKind.KIOSK,
            name="取号机",
            now=hall_clock.now(),
        )
        token = devices.new_token(
            actor_id=asking.manager.id, hall_id=asking.hall.id, device_id=device.id, now=hall_clock.now()
        )
    body = {"service_id": asking.a.id, "identity": PHONE}
    assert api.post(REPRINT, body).status_code == 403
    assert reprints() == 0
    response = client.post(REPRINT, json=body, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.get_data(as_text=True)
    entry = db.session.scalars(select(HistoryEntry).where(HistoryEntry.kind == Kind.REPRINTED)).one()
    assert (entry.device_id, entry.channel, entry.data) == (device.id, "kiosk", {"number": "A001"})
