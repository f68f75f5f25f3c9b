"""A real hall screen in Chromium survives its production server being killed and restarted.

The server is gunicorn as deployed (deploy/gunicorn.conf.py, HALL_CONFIG=production) on a SQLite file; the
screen is display/static/live.js. The call is made the moment the server is back, usually before the screen
has reconnected (its retries wait up to five seconds), so the snapshot it takes on reconnecting must bring it.
"""

import time

import pytest
from playwright.sync_api import expect

from tests.cluster import Http, api_token, seed_hall
from tests.servers import AppProcess, migrate, private_database, production_environment

pytestmark = pytest.mark.browser


@pytest.fixture
def production_server(tmp_path):
    with private_database(tmp_path, None) as url:
        environment = production_environment(url)
        migrate(environment, tmp_path)
        hall = seed_hall(url, windows=1)
        process = AppProcess(tmp_path, "app", environment)
        process.start()
        try:
            yield hall, process
        finally:
            process.stop()


def test_a_hall_screen_shows_a_call_made_while_its_server_restarted(context, production_server):
    """SIGKILL the server under an open hall screen, restart it, call at once: the screen shows the call."""
    hall, process = production_server
    window, clerk = hall.windows[0]
    http = Http(process.url, api_token(process.url, clerk))
    for _ in range(3):
        assert http.post(f"/api/v1/halls/{hall.code}/tickets", {"service_id": hall.services["A"]})[0] == 201
    screen = context.new_page()
    screen.goto(f"{process.url}/h/{hall.code}/display/")
    assert http.post(f"/api/v1/counters/{window}/call-next")[0] == 200
    expect(screen.locator("[data-field=latest-number]")).to_have_text("A001")

    process.kill()
    expect(screen.locator("[data-field=connection]")).to_have_class("d-status down")
    process.start()
    back = time.monotonic()
    http.close()  # the old keep-alive connection died with the server
    assert http.post(f"/api/v1/counters/{window}/finish-and-call-next")[1]["ticket"]["number"] == "A002"
    expect(screen.locator("[data-field=latest-number]")).to_have_text("A002", timeout=15_000)
    expect(screen.locator("[data-field=connection]")).to_have_class("d-status up")
    expect(screen.locator("[data-counter='1'] .d-counter-ticket")).to_have_text("A002")
    expect(screen.locator("[data-service=A] strong")).to_have_text("1")
    assert time.monotonic() - back < 15
