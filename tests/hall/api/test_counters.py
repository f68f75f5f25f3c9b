"""The counter API through a signed-in clerk's session: every action, and who may do what."""

import pytest

from hall.db import write_transaction
from hall.extensions import db
from hall.models import Role, Ticket
from tests import factories


@pytest.fixture
def clerk_api(small_hall, login, api):
    api.token = login(small_hall.c1)
    return api


def issue(api, service, priority="normal"):
    response = api.post("/api/v1/halls/test/tickets", {"service_id": service.id, "priority": priority})
    assert response.status_code == 201, response.get_json()
    return response.get_json()["ticket"]


def test_a_visit_through_every_counter_action(small_hall, clerk_api, clock):
    """Call, recall, start, hold, call back, transfer, finish-and-next, no-show, reactivate: all over HTTP."""
    w1 = f"/api/v1/counters/{small_hall.w1.id}"
    issue(clerk_api, small_hall.a)
    issue(clerk_api, small_hall.a)
    called = clerk_api.post(f"{w1}/call-next").get_json()["ticket"]
    assert called["number"] == "A001" and called["state"] == "called"
    ticket = f"{w1}/tickets/{called['id']}"
    for action, state in (("recall", "called"), ("start", "serving"), ("hold", "held"), ("call-back", "called")):
        clock.advance(seconds=5)
        response = clerk_api.post(f"{ticket}/{action}")
        assert response.status_code == 200, (action, response.get_json())
        assert response.get_json()["ticket"]["state"] == state
    moved = clerk_api.post(f"{ticket}/transfer", {"service_id": small_hall.b.id}).get_json()["ticket"]
    assert (moved["state"], moved["service"]["prefix"]) == ("waiting", "B")
    result = clerk_api.post(f"{w1}/finish-and-call-next").get_json()
    assert result["finished"] is None and result["ticket"]["number"] == "A002"
    second = f"{w1}/tickets/{result['ticket']['id']}"
    assert clerk_api.post(f"{second}/no-show").get_json()["ticket"]["state"] == "no_show"
    reactivated = clerk_api.post(f"/api/v1/halls/test/tickets/{result['ticket']['id']}/reactivate")
    assert reactivated.get_json()["ticket"]["state"] == "waiting"


def test_panel_shows_queue_in_calling_order_with_green_first(small_hall, clerk_api):
    """The workstation panel lists waiting tickets as they would be called, green channel flagged first."""
    issue(clerk_api, small_hall.a)
    issue(clerk_api, small_hall.a, "green")
    panel = clerk_api.get(f"/api/v1/counters/{small_hall.w1.id}").get_json()
    assert [(t["number"], t["green"]) for t in panel["queue"]] == [("A002", True), ("A001", False)]
    assert panel["counter"]["state"] == "open" and panel["current"] is None


def test_anonymous_requests_are_401(small_hall, client):
    """Without signing in, counter endpoints answer 401 in JSON."""
    for method, path in (
        ("get", f"/api/v1/counters/{small_hall.w1.id}"),
        ("post", f"/api/v1/counters/{small_hall.w1.id}/call-next"),
    ):
        response = getattr(client, method)(path, headers={"Authorization": "Bearer nonsense"})
        assert response.status_code == 401 and response.get_json()["error"]["code"] == "unauthenticated"


def test_clerk_cannot_act_at_a_window_they_are_not_signed_in_at(small_hall, clerk_api):
    """Clerk 1 calling at window 3: 403 forbidden, nothing called."""
    issue(clerk_api, small_hall.b)
    response = clerk_api.post(f"/api/v1/counters/{small_hall.w3.id}/call-next")
    assert response.status_code == 403
    assert db.session.query(Ticket).one().state.value == "waiting"


def test_another_halls_counter_is_not_found(small_hall, login, api):
    """Staff of another hall get 404 for this hall's windows (their existence is not revealed)."""
    with write_transaction():
        other = factories.make_hall("other")
        stranger = factories.make_staff(other, "stranger")
    api.token = login(stranger)
    assert api.get(f"/api/v1/counters/{small_hall.w1.id}").status_code == 404


def test_administrator_without_a_hall_cannot_serve(small_hall, login, api):
    """A county administrator is not a clerk: counter actions are refused."""
    with write_transaction():
        admin = factories.make_staff(None, "county", Role.ADMIN)
    api.token = login(admin)
    assert api.post(f"/api/v1/counters/{small_hall.w1.id}/call-next").status_code in (403, 404)


@pytest.mark.parametrize("path", ["tickets/1/explode", "tickets/abc/finish", "nothing"])
def test_unknown_actions_are_404(small_hall, clerk_api, path):
    """Unknown actions or malformed ids are 404 in JSON."""
    response = clerk_api.post(f"/api/v1/counters/{small_hall.w1.id}/{path}")
    assert response.status_code == 404 and "error" in response.get_json()


def test_get_on_an_action_is_405(small_hall, clerk_api):
    """State changes are POST only."""
    response = clerk_api.get(f"/api/v1/counters/{small_hall.w1.id}/call-next")
    assert response.status_code == 405


def test_transfer_without_a_service_is_422(small_hall, clerk_api):
    """Transfer needs service_id; without it the ticket stays where it was."""
    issue(clerk_api, small_hall.a)
    called = clerk_api.post(f"/api/v1/counters/{small_hall.w1.id}/call-next").get_json()["ticket"]
    response = clerk_api.post(f"/api/v1/counters/{small_hall.w1.id}/tickets/{called['id']}/transfer", {})
    assert response.status_code == 422
    assert db.session.get(Ticket, called["id"]).state.value == "called"


def test_call_number_validates_the_number(small_hall, clerk_api):
    """An empty or overlong number is a 422."""
    for body in ({}, {"number": ""}, {"number": "A" * 20}, {"number": 12}):
        response = clerk_api.post(f"/api/v1/counters/{small_hall.w1.id}/call-number", body)
        assert response.status_code == 422, body


def test_absurd_ids_are_404_not_500(small_hall, clerk_api):
    """Ids beyond any database integer in the URL are simply not found."""
    for path in ("/api/v1/counters/99999999999999999999", "/api/v1/counters/0"):
        response = clerk_api.get(path)
        assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"
    assert clerk_api.get("/h/test/display/counter/99999999999999999999").status_code == 404
