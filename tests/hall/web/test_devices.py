"""Halls that require registered devices: pairing a browser, screens refused elsewhere, revocation."""

import re

import pytest

from hall import realtime
from hall.db import write_transaction
from hall.services.admin import devices
from tests.conftest import csrf_token


@pytest.fixture
def strict_hall(small_hall):
    with write_transaction():
        small_hall.hall.require_devices = True
    return small_hall


def register(hall, manager, clock, kind="kiosk", counter=None):
    with write_transaction():
        return devices.register(
            actor_id=manager.id,
            hall_id=hall.id,
            kind=kind,
            name=f"{kind}",
            counter_id=counter.id if counter else None,
            now=clock(),
        )


def pair(client, code):
    return client.post("/pair", data={"hall": "test", "code": code, "csrf_token": csrf_token(client)})


def test_an_unregistered_browser_sees_how_to_pair(strict_hall, client):
    """The kiosk and the screens say the device is not registered (403), in Chinese."""
    for url in ("/h/test/kiosk/", "/h/test/display/", "/h/test/display/counter/1"):
        response = client.get(url)
        assert response.status_code == 403 and "本设备尚未登记" in response.get_data(as_text=True), url


def test_pairing_opens_the_kiosk_and_lets_it_issue(strict_hall, client, clock, api):
    """After pairing with the code the browser lands on the kiosk, which issues tickets."""
    _, code = register(strict_hall.hall, strict_hall.manager, clock)
    response = pair(client, code)
    assert response.status_code == 302 and response.headers["Location"] == "/h/test/kiosk/"
    assert "hall_device=dev-" in response.headers["Set-Cookie"] and "HttpOnly" in response.headers["Set-Cookie"]
    assert client.get("/h/test/kiosk/").status_code == 200
    assert api.post("/api/v1/halls/test/tickets", {"service_id": strict_hall.a.id}).status_code == 201


def test_without_a_kiosk_tickets_are_refused(strict_hall, api):
    """Anonymous issuing in a strict hall: 403 with the reason."""
    response = api.post("/api/v1/halls/test/tickets", {"service_id": strict_hall.a.id})
    assert response.status_code == 403 and "登记过的取号机" in response.get_json()["error"]["message"]


def test_a_wrong_code_is_refused(strict_hall, client):
    """A mistyped code shows the reason and sets no cookie."""
    response = pair(client, "000000")
    assert response.status_code == 200 and "配对码错误或已过期" in response.get_data(as_text=True)
    assert "Set-Cookie" not in response.headers or "hall_device" not in response.headers["Set-Cookie"]


def test_a_revoked_device_is_locked_out(strict_hall, client, clock):
    """Revoking the device makes its screen show the pairing notice again."""
    device, code = register(strict_hall.hall, strict_hall.manager, clock, "hall_display")
    pair(client, code)
    assert client.get("/h/test/display/").status_code == 200
    with write_transaction():
        devices.revoke(actor_id=strict_hall.manager.id, hall_id=strict_hall.hall.id, device_id=device.id, now=clock())
    assert client.get("/h/test/display/").status_code == 403


def test_a_window_screen_shows_only_its_own_window(strict_hall, client, clock):
    """A screen paired to window 1 opens window 1's page, not window 2's."""
    _, code = register(strict_hall.hall, strict_hall.manager, clock, "counter_display", strict_hall.w1)
    assert pair(client, code).headers["Location"] == "/h/test/display/counter/1"
    assert client.get("/h/test/display/counter/1").status_code == 200
    assert client.get("/h/test/display/counter/2").status_code == 403


def test_staff_may_preview_the_screens(strict_hall, client, login):
    """A signed-in manager checks the kiosk and the hall screen without pairing the PC."""
    login(strict_hall.manager)
    assert client.get("/h/test/kiosk/").status_code == 200
    assert client.get("/h/test/display/").status_code == 200


def test_live_feed_refused_to_unregistered_screens(strict_hall, client, clock, socket_client):
    """The /display socket refuses a browser without a device; a paired one connects and is seen."""
    assert not socket_client(realtime.DISPLAY, auth={"hall": "test"}).is_connected(realtime.DISPLAY)
    device, code = register(strict_hall.hall, strict_hall.manager, clock, "hall_display")
    pair(client, code)
    clock.advance(minutes=5)
    screen = socket_client(realtime.DISPLAY, auth={"hall": "test"}, flask_client=client)
    assert screen.is_connected(realtime.DISPLAY)
    from hall.extensions import db

    db.session.expire_all()
    assert db.session.get(type(device), device.id).last_seen_at == clock()


def test_a_made_up_device_token_is_401(strict_hall, client):
    """An API request with a device token that does not exist is refused."""
    response = client.post(
        "/api/v1/halls/test/tickets",
        json={"service_id": strict_hall.a.id},
        headers={"Authorization": "Bearer dev-nonsense"},
    )
    assert response.status_code == 401


def test_pairing_page_works_in_the_browsers_language(strict_hall, client):
    """The pairing page speaks Chinese by default."""
    assert re.search("配对本设备", client.get("/pair?hall=test").get_data(as_text=True))
