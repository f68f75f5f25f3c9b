"""Bearer tokens for API clients: created with a password, expire, can be revoked; no CSRF needed."""

import pytest


@pytest.fixture
def token(small_hall, client):
    response = client.post("/api/v1/auth/tokens", json={"username": "c1", "password": "correct horse battery"})
    assert response.status_code == 201
    return response.get_json()["token"]


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_bearer_token_drives_the_counter_without_cookies_or_csrf(small_hall, client, token):
    """A script with a token issues and calls tickets without any session or CSRF token."""
    assert (
        client.post(
            "/api/v1/halls/test/tickets", json={"service_id": small_hall.a.id}, headers=bearer(token)
        ).status_code
        == 201
    )
    response = client.post(f"/api/v1/counters/{small_hall.w1.id}/call-next", headers=bearer(token))
    assert response.status_code == 200 and response.get_json()["ticket"]["number"] == "A001"


def test_wrong_password_gets_no_token(small_hall, client):
    """A wrong password or unknown user: 401, no token."""
    for body in ({"username": "c1", "password": "nope"}, {"username": "ghost", "password": "x"}):
        response = client.post("/api/v1/auth/tokens", json=body)
        assert response.status_code == 401 and "token" not in response.get_json()


def test_tokens_expire(small_hall, client, token, clock):
    """After its lifetime a token is refused with 401."""
    clock.advance(hours=13)
    response = client.get(f"/api/v1/counters/{small_hall.w1.id}", headers=bearer(token))
    assert response.status_code == 401


def test_revoked_tokens_stop_working(small_hall, client, token, clock):
    """Revoking a token makes every later request with it a 401."""
    assert client.post("/api/v1/auth/tokens/revoke", headers=bearer(token)).status_code == 200
    assert client.get(f"/api/v1/counters/{small_hall.w1.id}", headers=bearer(token)).status_code == 401


def test_an_invalid_token_is_refused_even_on_public_endpoints(small_hall, client):
    """A request carrying a made-up bearer token is 401, not treated as anonymous."""
    response = client.post(
        "/api/v1/halls/test/tickets", json={"service_id": small_hall.a.id}, headers=bearer("made-up")
    )
    assert response.status_code == 401


def test_usernames_are_matched_without_case_or_spaces(small_hall, client):
    """'  C1 ' signs in as c1."""
    response = client.post("/api/v1/auth/tokens", json={"username": "  C1 ", "password": "correct horse battery"})
    assert response.status_code == 201
