"""The resident's ticket page from the slip's QR code."""


def test_ticket_page_shows_the_number_and_no_personal_data(client, api, small_hall):
    """The page shows the number, the service and people ahead; nothing identifies the resident."""
    api.post("/api/v1/halls/test/tickets", {"service_id": small_hall.a.id})
    token = api.post("/api/v1/halls/test/tickets", {"service_id": small_hall.a.id}).get_json()["ticket"]["token"]
    page = client.get(f"/t/{token}").get_data(as_text=True)
    assert "A002" in page and "综合受理" in page and '"people_ahead": 1' in page
    assert "本页面会自动更新，不显示任何个人信息。" in page


def test_unknown_ticket_page_is_404_in_chinese(client, small_hall):
    """A mistyped or guessed link gives a friendly not-found page."""
    response = client.get("/t/not-a-real-token")
    assert response.status_code == 404 and "查无此号" in response.get_data(as_text=True)


def test_ticket_page_in_english(client, api, small_hall):
    """?lang=en shows the page in English."""
    token = api.post("/api/v1/halls/test/tickets", {"service_id": small_hall.a.id}).get_json()["ticket"]["token"]
    page = client.get(f"/t/{token}?lang=en").get_data(as_text=True)
    assert "Your number" in page and 'lang="en"' in page
