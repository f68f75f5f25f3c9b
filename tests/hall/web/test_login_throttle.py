"""Guessing passwords: an account locks after five wrong ones, an address after twenty, and both say when."""

import pytest
from sqlalchemy import select

from config import TestingConfig
from hall import create_app
from hall.extensions import db
from hall.models import HistoryEntry, Kind
from hall.services import login_guard
from tests.conftest import csrf_token, database_url
from tests.factories import PASSWORD

LOCKED = "尝试次数过多，请 15 分钟后再试。"
WRONG = "用户名或密码错误"


def sign_in(client, username, password, address="198.51.100.1", lang=None):
    """Post the sign-in form from ``address``; returns (status, page text, signed in?)."""
    environ = {"REMOTE_ADDR": address}
    token = csrf_token(client)
    response = client.post(
        "/login" + (f"?lang={lang}" if lang else ""),
        data={"username": username, "password": password, "csrf_token": token},
        environ_base=environ,
    )
    return response.status_code, response.get_data(as_text=True), response.status_code == 302


def fail(client, username, times, address="198.51.100.1"):
    return [sign_in(client, username, "wrong password", address) for _ in range(times)]


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(client, small_hall, clock):
    """The fifth wrong password says to try again in 15 minutes; until then even the right one is refused."""
    attempts = fail(client, "c1", 5)
    assert all(WRONG in page for _, page, _ in attempts[:4])
    assert attempts[4][0] == 429 and LOCKED in attempts[4][1]
    status, page, signed_in = sign_in(client, "c1", PASSWORD)
    assert (status, signed_in) == (429, False) and LOCKED in page
    clock.advance(minutes=14, seconds=30)
    status, page, _ = sign_in(client, "c1", PASSWORD)
    assert status == 429 and "请 1 分钟后再试" in page  # rounded up: on time means on time
    clock.advance(seconds=30)
    assert sign_in(client, "c1", PASSWORD)[2]


def test_the_lock_is_per_account_not_per_browser(client, small_hall):
    """A locked c1 does not stop c2 from signing in from the same PC."""
    fail(client, "c1", 5)
    assert sign_in(client, "c2", PASSWORD)[2]


def test_an_unknown_username_looks_exactly_like_a_real_one(client, small_hall):
    """Wrong passwords for a username that does not exist get the same messages, lock included."""
    real = [(status, WRONG in page, LOCKED in page) for status, page, _ in fail(client, "c1", 6)]
    ghost = [(status, WRONG in page, LOCKED in page) for status, page, _ in fail(client, "no.such.person", 6)]
    assert real == ghost


def test_a_success_elsewhere_does_not_reset_someone_guessing(client, small_hall):
    """Four wrong guesses from one address, the clerk signs in from another, the fifth guess still locks."""
    fail(client, "c1", 4, address="203.0.113.66")
    assert sign_in(client, "c1", PASSWORD, address="198.51.100.1")[2]
    client.post("/logout", data={"csrf_token": csrf_token(client)})
    assert fail(client, "c1", 1, address="203.0.113.66")[0][0] == 429
    assert sign_in(client, "c1", PASSWORD, address="198.51.100.1")[0] == 429


def test_one_address_trying_many_usernames_is_stopped(client, small_hall, clock):
    """Twenty failures from one address (any usernames) refuse that address; another address is unaffected."""
    for i in range(login_guard.ADDRESS_FAILURES):
        fail(client, f"guess{i}", 1, address="203.0.113.66")
    status, page, _ = sign_in(client, "c2", PASSWORD, address="203.0.113.66")
    assert status == 429 and "分钟后再试" in page
    assert sign_in(client, "c2", PASSWORD, address="198.51.100.1")[2]
    clock.advance(minutes=15)
    assert sign_in(client, "c3", PASSWORD, address="203.0.113.66")[2]


def test_the_lock_is_in_the_halls_history_without_the_password(client, small_hall):
    """A lock is recorded as staff.locked for the clerk's hall, with the address; no password anywhere."""
    fail(client, "c1", 5, address="203.0.113.66")
    entries = db.session.scalars(select(HistoryEntry).where(HistoryEntry.kind == Kind.STAFF_LOCKED)).all()
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.hall_id, entry.channel, entry.staff_id) == (small_hall.hall.id, "web", None)
    assert entry.data["staff_id"] == small_hall.c1.id and entry.data["address"] == "203.0.113.66"
    assert "wrong password" not in str(entry.data)


def test_the_message_speaks_english_on_request(client, small_hall):
    """?lang=en: the lock message is in English and still says when."""
    fail(client, "c1", 4)
    status, page, _ = sign_in(client, "c1", "wrong password", lang="en")
    assert status == 429 and "Please try again in 15 minutes" in page


def test_the_count_is_shared_by_every_app_process(app, client, small_hall, tmp_path):
    """Failures counted by one app process lock the account in another using the same database."""
    fail(client, "c1", 3)
    other = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_url(tmp_path), REPORTS_DIR=str(tmp_path))
    other_client = other.test_client()
    fail(other_client, "c1", 2)
    assert sign_in(client, "c1", PASSWORD)[0] == 429


def test_the_guard_refuses_with_details_for_api_clients(app, small_hall, clock):
    """The service says how many minutes remain (for a Retry-After), and that a wrong password is a 401."""
    from hall.errors import NotSignedIn, RateLimited

    for _ in range(4):
        with pytest.raises(NotSignedIn):
            login_guard.sign_in(username="c1", password="x", address="192.0.2.1", now=clock(), channel="api")
    with pytest.raises(RateLimited) as refused:
        login_guard.sign_in(username="c1", password="x", address="192.0.2.1", now=clock(), channel="api")
    assert refused.value.details["retry_minutes"] == 15 and refused.value.status == 429
    assert NotSignedIn.status == 401


def test_api_tokens_share_the_sign_in_budget(client, small_hall):
    """Five wrong passwords on the sign-in page refuse a token for the account too, and the reverse."""
    fail(client, "c1", 5)
    response = client.post("/api/v1/auth/tokens", json={"username": "c1", "password": PASSWORD})
    assert response.status_code == 429 and response.get_json()["error"]["details"]["retry_minutes"] == 15
    for _ in range(5):
        client.post("/api/v1/auth/tokens", json={"username": "c2", "password": "wrong password"})
    assert sign_in(client, "c2", PASSWORD)[0] == 429


def test_a_refusal_says_when_to_come_back_in_retry_after(client, small_hall):
    """A locked token request answers 429 with a Retry-After header in whole minutes, as the message says."""
    for _ in range(6):
        answer = client.post("/api/v1/auth/tokens", json={"username": "nobody", "password": "wrong-one!"})
    minutes = answer.get_json()["error"]["details"]["retry_minutes"]
    assert answer.status_code == 429 and answer.headers["Retry-After"] == str(60 * minutes)


def test_a_method_not_allowed_names_the_allowed_ones(client, small_hall):
    """GET on a POST-only action answers 405 with an Allow header, as HTTP asks."""
    answer = client.get("/logout")
    assert answer.status_code == 405 and "POST" in answer.headers["Allow"]
