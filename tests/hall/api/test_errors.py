"""Every refusal under /api/v1 is one JSON shape, ``{"error": {"code", "message", "details"?}}``, translated."""

import pytest

from hall.errors import DomainError, RateLimited, SystemBusy
from hall.extensions import db
from hall.models import Ticket
from tests.conftest import csrf_token


def error_of(response) -> dict:
    """The response's error, after checking it has exactly the documented shape."""
    body = response.get_json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) <= {"code", "message", "details"} and body["error"]["message"], body
    return body["error"]


@pytest.fixture
def token(small_hall, client):
    response = client.post("/api/v1/auth/tokens", json={"username": "c1", "password": "correct horse battery"})
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def test_a_missing_field_is_a_422_naming_it_in_chinese_or_english(small_hall, client, token):
    """The clerk's script sees which field is wrong, in Chinese by default and in English with ?lang=en."""
    zh = client.post("/api/v1/halls/test/tickets", json={}, headers=token)
    en = client.post("/api/v1/halls/test/tickets?lang=en", json={}, headers=token)
    assert zh.status_code == en.status_code == 422
    assert error_of(zh) == {"code": "invalid", "message": "请填写 service_id。", "details": {"field": "service_id"}}
    assert error_of(en)["message"] == "service_id is required."


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"service_id": "1"}, "service_id", "service_id must be a whole number."),
        ({"service_id": 1.5}, "service_id", "service_id must be a whole number."),
        ({"service_id": 2**31}, "service_id", "service_id is out of range."),
        ({"service_id": 1, "priority": "vip"}, "priority", "priority must be one of: normal, green."),
        ({"service_id": 1, "identity": "1" * 41}, "identity", "identity is too long (at most 40 characters)."),
        ({"service_id": 1, "identity": 13812345678}, "identity", "identity must be text."),
        ({"service_id": 1, "identity": "1381234\u202e5678\x85"}, "identity", None),
    ],
)
def test_webargs_refusals_come_in_our_format(small_hall, client, token, body, field, message):
    """Whatever the schema refuses is a 422 with details.field and a sentence, never webargs' own shape."""
    response = client.post("/api/v1/halls/test/tickets?lang=en", json=body, headers=token)
    error = error_of(response)
    assert (response.status_code, error["code"], error["details"]) == (422, "invalid", {"field": field})
    assert message is None or error["message"] == message
    assert "messages" not in response.get_json() and db.session.query(Ticket).count() == 0


def test_a_refused_identity_is_never_echoed(small_hall, client, token, caplog):
    """A wrong ID number typed at the kiosk does not come back in the answer, nor go into the log."""
    typed = "33010619900307123456789012345678901234567890"
    response = client.post(
        "/api/v1/halls/test/tickets?lang=en", json={"service_id": small_hall.a.id, "identity": typed}, headers=token
    )
    assert response.status_code == 422
    assert typed[:12] not in response.get_data(as_text=True)
    assert typed[:12] not in caplog.text


@pytest.mark.parametrize(
    ("data", "content_type", "status", "code"),
    [
        ("{broken", "application/json", 400, "malformed_json"),
        ("[" * 100000 + "]" * 100000, "application/json", 400, "malformed_json"),
        ('{"service_id": ' + "9" * 5000 + "}", "application/json", 400, "malformed_json"),
        (b'{"service_id": "\xff"}', "application/json", 400, "malformed_json"),
        ("null", "application/json", 422, "invalid"),
        ("service_id=1", "application/x-www-form-urlencoded", 422, "invalid"),
    ],
)
def test_bodies_that_are_not_json_objects(small_hall, client, token, data, content_type, status, code):
    """Broken JSON is a 400, JSON of the wrong shape or another format a 422; neither is a 500."""
    response = client.post("/api/v1/halls/test/tickets", data=data, content_type=content_type, headers=token)
    assert (response.status_code, error_of(response)["code"]) == (status, code)


def test_a_cookie_request_without_the_csrf_header_is_a_400(small_hall, client):
    """The kiosk page's session alone cannot issue: a cross-site form post gets code csrf."""
    csrf_token(client)
    response = client.post("/api/v1/halls/test/tickets", json={"service_id": small_hall.a.id})
    assert (response.status_code, error_of(response)["code"]) == (400, "csrf")


def test_bad_or_missing_credentials_are_401_with_a_challenge(small_hall, client):
    """No session, or a made-up token, on a clerk's endpoint: 401 unauthenticated, and how to authenticate."""
    for headers in ({}, {"Authorization": "Bearer made-up"}, {"Authorization": "Bearer dev-made-up"}):
        response = client.get(f"/api/v1/counters/{small_hall.w1.id}", headers=headers)
        assert (response.status_code, error_of(response)["code"]) == (401, "unauthenticated"), headers
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_another_clerks_window_is_403(small_hall, client, token):
    """Clerk 1 calling at window 3, where clerk 3 works: 403 forbidden."""
    response = client.post(f"/api/v1/counters/{small_hall.w3.id}/call-next", headers=token)
    assert (response.status_code, error_of(response)["code"]) == (403, "forbidden")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/nothing-here",
        "/api/v1/counters/0",
        "/api/v1/counters/2147483648",
        "/api/v1/counters/1/tickets/1/explode",
        "/api/v1/halls/NOT-A-CODE/menu",
        "/api/v1/halls/nowhere/menu",
        "/api/v1/tickets/not*a*token",
        "/api/v1/tickets/AAAAAAAAAAAAAAAAAAAAAA",
    ],
)
def test_unknown_urls_and_ids_are_404_in_json(small_hall, client, token, path):
    """A URL no rule matches, an id out of range, an unknown hall or token: 404 not_found, in JSON."""
    response = client.get(path, headers=token)
    assert (response.status_code, error_of(response)["code"]) == (404, "not_found")


def test_a_wrong_method_is_405_in_json(small_hall, client, token):
    """GET on an action that changes state: 405 method_not_allowed, in JSON."""
    response = client.get(f"/api/v1/counters/{small_hall.w1.id}/call-next", headers=token)
    assert (response.status_code, error_of(response)["code"]) == (405, "method_not_allowed")


@pytest.mark.parametrize("path", ["/api/v1/halls/test/tickets", "/api/v1/counters/1/call-next"])
def test_a_body_over_the_limit_is_413_even_where_no_body_is_read(app, small_hall, client, token, path):
    """More than MAX_CONTENT_LENGTH: 413 too_large, whether or not the endpoint reads a body."""
    big = "x" * (app.config["MAX_CONTENT_LENGTH"] + 1)
    for content_type in ("application/json", "text/plain"):
        response = client.post(path, data=big, content_type=content_type, headers=token)
        assert (response.status_code, error_of(response)["code"]) == (413, "too_large"), content_type


class AlreadyWaitingSomewhere(DomainError):
    """A domain error the API has never heard of: its own code and status must still come through."""

    code = "already_waiting"


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (AlreadyWaitingSomewhere("You already hold A003.", number="A003"), 409),
        (RateLimited("Too many numbers from this kiosk.", retry_seconds=60), 429),
        (SystemBusy("The system is busy."), 503),
    ],
)
def test_any_domain_error_keeps_its_code_status_and_details(small_hall, client, token, monkeypatch, error, status):
    """Whatever DomainError a service raises reaches the client as its code, status and details."""

    def refuse(**_):
        raise error

    monkeypatch.setattr("hall.services.ticketing.issue_ticket", refuse)
    response = client.post("/api/v1/halls/test/tickets", json={"service_id": small_hall.a.id}, headers=token)
    assert response.status_code == status
    assert error_of(response) == {"code": error.code, "message": str(error.message)} | (
        {"details": error.details} if error.details else {}
    )


def test_identity_is_passed_to_the_service_trimmed_and_not_echoed(small_hall, client, token, monkeypatch):
    """The kiosk's typed ID or phone reaches issue_ticket as identity=; the answer does not repeat it."""
    from hall.services import ticketing

    seen = {}
    real = ticketing.issue_ticket

    def spy(**arguments):
        seen.update(arguments)
        return real(**arguments)

    monkeypatch.setattr(ticketing, "issue_ticket", spy)
    body = {"service_id": small_hall.a.id, "identity": " 13812345678 "}
    response = client.post("/api/v1/halls/test/tickets", json=body, headers=token)
    assert response.status_code == 201 and seen["identity"] == "13812345678"
    assert "13812345678" not in response.get_data(as_text=True)
    client.post("/api/v1/halls/test/tickets", json={"service_id": small_hall.a.id, "identity": ""}, headers=token)
    assert seen["identity"] is None
