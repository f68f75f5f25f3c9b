"""Display pages load and point their scripts at the right hall."""


def test_hall_screen_page(client, small_hall):
    """The hall screen serves its page with the hall code for the live connection."""
    page = client.get("/h/test/display/").get_data(as_text=True)
    assert 'data-hall="test"' in page and "测试镇便民服务中心" in page
    assert "/static/vendor/socket.io.min.js" in page


def test_counter_screen_page(client, small_hall):
    """A window's own screen shows that window's number; an unknown window is 404."""
    page = client.get("/h/test/display/counter/2").get_data(as_text=True)
    assert f'data-counter-id="{small_hall.w2.id}"' in page
    assert client.get("/h/test/display/counter/99").status_code == 404


def test_pages_need_no_internet(client, small_hall):
    """No page refers to an outside address (halls run on an intranet)."""
    for path in ("/h/test/display/", "/h/test/display/counter/1", "/h/test/kiosk/", "/login"):
        page = client.get(path).get_data(as_text=True)
        assert "http://" not in page and "https://" not in page, path
