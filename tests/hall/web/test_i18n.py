"""Language choice: Chinese by default, English by ?lang=en or the staff's saved choice."""

from tests.conftest import csrf_token


def test_error_messages_follow_the_chosen_language(client, api, small_hall):
    """The same refusal reads in Chinese by default and in English with ?lang=en."""
    zh = api.post("/api/v1/halls/test/tickets", {"service_id": 999}).get_json()["error"]["message"]
    en = api.post("/api/v1/halls/test/tickets?lang=en", {"service_id": 999}).get_json()["error"]["message"]
    assert (zh, en) == ("本厅不提供此项业务。", "This service is not offered here.")


def test_saved_language_choice(client, small_hall):
    """POST /lang saves English in the session; pages then stay English."""
    response = client.post("/lang", data={"lang": "en", "next": "/login", "csrf_token": csrf_token(client)})
    assert response.headers["Location"] == "/login"
    assert "Staff sign-in" in client.get("/login").get_data(as_text=True)


def test_language_switch_refuses_open_redirects(client, small_hall):
    """next= pointing off-site falls back to the start page."""
    for target in ("https://evil.example/", "//evil.example/x", "javascript:alert(1)"):
        response = client.post("/lang", data={"lang": "en", "next": target, "csrf_token": csrf_token(client)})
        assert response.headers["Location"] == "/", target
