"""A resident's ticket status by token."""


def test_status_by_token(small_hall, api):
    """The status shows number, state, people ahead and the service; no token reveals another's ticket."""
    first = api.post("/api/v1/halls/test/tickets", {"service_id": small_hall.a.id}).get_json()["ticket"]
    second = api.post("/api/v1/halls/test/tickets", {"service_id": small_hall.a.id}).get_json()["ticket"]
    status = api.get(f"/api/v1/tickets/{second['token']}").get_json()
    assert (status["number"], status["people_ahead"]) == ("A002", 1)
    assert first["token"] not in str(status)


def test_unknown_token_is_404(small_hall, api):
    """A guessed token finds nothing."""
    response = api.get("/api/v1/tickets/AAAAAAAAAAAAAAAAAAAAAA")
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"
