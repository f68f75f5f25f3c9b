"""The kiosk's API: menu, issuing tickets, the display snapshot; bad input gets a clear 4xx."""

from datetime import UTC, datetime

import pytest

from hall.db import write_transaction
from hall.extensions import db
from hall.models import Ticket


def test_issue_returns_the_ticket_with_its_private_links(small_hall, api):
    """POST a service id: 201 with the number, people ahead, the page and slip links and the token."""
    response = api.post(f"/api/v1/halls/{small_hall.hall.code}/tickets", {"service_id": small_hall.a.id})
    assert response.status_code == 201
    ticket = response.get_json()["ticket"]
    assert (ticket["number"], ticket["state"], ticket["people_ahead"]) == ("A001", "waiting", 0)
    assert ticket["page_url"].endswith(f"/t/{ticket['token']}")
    assert ticket["slip_url"] == f"/h/test/kiosk/slip/{ticket['token']}.pdf"


def test_green_channel_is_requested_by_priority(small_hall, api):
    """priority=green issues a green-channel ticket."""
    response = api.post("/api/v1/halls/test/tickets", {"service_id": small_hall.a.id, "priority": "green"})
    assert response.status_code == 201
    assert db.session.query(Ticket).one().priority.value == "green"


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({}, 422, "invalid"),
        ({"service_id": "abc"}, 422, "invalid"),
        ({"service_id": True}, 422, "invalid"),
        ({"service_id": -3}, 422, "invalid"),
        ({"service_id": 10**12}, 422, "invalid"),
        ({"service_id": [1]}, 422, "invalid"),
        ({"service_id": 1, "priority": "vip"}, 422, "invalid"),
        ({"service_id": 999}, 404, "not_found"),
    ],
)
def test_bad_input_is_a_clear_error_and_writes_nothing(small_hall, api, body, status, code):
    """Wrong fields give a 4xx JSON error with a message; no ticket is written."""
    response = api.post("/api/v1/halls/test/tickets", body)
    assert response.status_code == status
    error = response.get_json()["error"]
    assert error["code"] == code and error["message"]
    assert db.session.query(Ticket).count() == 0


@pytest.mark.parametrize(
    ("data", "status", "code"),
    [("service_id=1", 400, "malformed_json"), ("{broken", 400, "malformed_json"), ("[1, 2]", 422, "invalid")],
)
def test_a_body_that_is_not_a_json_object_is_refused(small_hall, client, api, data, status, code):
    """Text that is not JSON is a 400, JSON that is not an object a 422: never a 500, no ticket."""
    api.post("/api/v1/halls/test/menu")  # fetches the CSRF token
    response = client.post(
        "/api/v1/halls/test/tickets", data=data, content_type="application/json", headers={"X-CSRFToken": api.token}
    )
    assert (response.status_code, response.get_json()["error"]["code"]) == (status, code)
    assert db.session.query(Ticket).count() == 0


def test_unknown_hall_is_404(app, api):
    """Issuing for a hall that does not exist is a 404 with a JSON error."""
    response = api.post("/api/v1/halls/nowhere/tickets", {"service_id": 1})
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


def test_cookie_requests_without_csrf_are_refused(small_hall, client):
    """A cross-site form post cannot take tickets in the kiosk's name: no CSRF token, no ticket."""
    response = client.post("/api/v1/halls/test/tickets", json={"service_id": small_hall.a.id})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "csrf"


def test_outside_hours_the_kiosk_is_told_when_it_opens(small_hall, api, clock):
    """Outside ticketing hours: 409 ticketing_closed with the hours in the details."""
    with write_transaction():
        small_hall.hall.ticketing_hours = "08:30-12:00"
    clock.set(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))  # 18:00 in Shanghai
    response = api.post("/api/v1/halls/test/tickets", {"service_id": small_hall.a.id})
    assert response.status_code == 409
    assert response.get_json()["error"]["details"] == {"hours": "08:30-12:00"}


def test_menu_groups_services_by_department_with_queue_lengths(small_hall, api):
    """The kiosk menu lists each active service under its departments, with waiting counts and hours."""
    from tests import factories

    with write_transaction():
        social = factories.make_department(small_hall.hall, "社会保障所")
        small_hall.b.departments = [social]
    api.post("/api/v1/halls/test/tickets", {"service_id": small_hall.b.id})
    menu = api.get("/api/v1/halls/test/menu").get_json()
    groups = {
        group["name"]: [(s["prefix"], s["waiting"], s["open"]) for s in group["services"]]
        for group in menu["departments"]
    }
    assert groups == {"综合服务": [("A", 0, True)], "社会保障所": [("B", 1, True)]}


def test_snapshot_is_public_and_holds_no_personal_data(small_hall, api):
    """The display snapshot is readable without signing in and contains numbers and windows only."""
    api.post("/api/v1/halls/test/tickets", {"service_id": small_hall.a.id})
    snapshot = api.get("/api/v1/halls/test/snapshot").get_json()
    assert set(snapshot) == {"seq", "hall", "server_time", "service_day", "counters", "queues", "recent_calls"}
    assert "token" not in str(snapshot)
