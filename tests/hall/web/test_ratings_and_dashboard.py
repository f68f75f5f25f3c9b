"""Ratings through the phone and the tablet, their live events, the clerk's own list, the manager's dashboard."""

import pytest

from hall import realtime
from hall.db import write_transaction
from hall.extensions import db
from hall.models import Hall, Rating
from tests.conftest import csrf_token
from tests.hall.services.helpers import act, call_next, counter_actions, issue


@pytest.fixture
def finished(small_hall, clock):
    h = small_hall
    issue(h.hall, h.a, clock)
    ticket = call_next(h.w1, h.c1, clock)
    act(counter_actions.finish, ticket, h.w1, h.c1, clock)
    return ticket


def test_the_phone_rates_the_visit_once(client, finished):
    """The ticket page's rating API accepts a 5 with praise, then says it was rated and refuses another."""
    state = client.get(f"/api/v1/tickets/{finished.token}/rating").get_json()
    assert state["request"]["open"] is True and "token" not in state["request"]
    assert [level["level"] for level in state["levels"]] == [5, 4, 3, 2, 1]
    headers = {"X-CSRFToken": csrf_token(client)}
    body = {"level": 5, "reasons": ["friendly"], "comment": "<b>好</b>"}
    assert client.post(f"/api/v1/tickets/{finished.token}/rating", json=body, headers=headers).status_code == 201
    again = client.post(f"/api/v1/tickets/{finished.token}/rating", json=body, headers=headers)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "invalid_state"
    assert client.get(f"/api/v1/tickets/{finished.token}/rating").get_json()["request"]["level"] == 5


def test_a_bad_level_is_a_clear_json_error(client, finished):
    """level 7 answers 422 naming the field; nothing is stored."""
    response = client.post(
        f"/api/v1/tickets/{finished.token}/rating", json={"level": 7}, headers={"X-CSRFToken": csrf_token(client)}
    )
    assert response.status_code == 422 and response.get_json()["error"]["details"] == {"field": "level"}
    assert Rating.query.count() == 0


def test_the_tablet_gets_the_visit_just_finished_at_its_window(client, small_hall, finished):
    """Window 1's tablet is offered A001 (with the token it rates with); window 2's is offered nothing."""
    one = client.get("/api/v1/halls/test/counters/1/rating-request").get_json()["request"]
    assert one["number"] == "A001" and one["token"] == finished.token
    assert client.get("/api/v1/halls/test/counters/2/rating-request").get_json()["request"] is None
    assert client.get("/h/test/display/rate/1").status_code == 200


def test_halls_that_require_devices_show_the_tablet_only_to_its_tablet(client, small_hall, finished):
    """With registered devices required, an unpaired browser gets the pairing page and no ticket token."""
    with write_transaction():
        db.session.get(Hall, small_hall.hall.id).require_devices = True
    assert client.get("/api/v1/halls/test/counters/1/rating-request").status_code == 403
    assert client.get("/h/test/display/rate/1").status_code == 403


def test_finishing_asks_the_tablet_and_a_rating_reaches_the_managers_dashboard(
    app, client, login, small_hall, clock, socket_client
):
    """Finish → rating_requested in the window's tablet room; rate → rating_received for staff of the hall."""
    tablet = socket_client(realtime.DISPLAY, auth={"hall": "test", "tablet": small_hall.w1.id})
    login(small_hall.manager)
    dashboard = socket_client(realtime.COUNTER, auth={"hall": "test"}, flask_client=client)
    assert tablet.is_connected(realtime.DISPLAY) and dashboard.is_connected(realtime.COUNTER)
    issue(small_hall.hall, small_hall.a, clock)
    ticket = call_next(small_hall.w1, small_hall.c1, clock)
    tablet.get_received(realtime.DISPLAY)
    act(counter_actions.finish, ticket, small_hall.w1, small_hall.c1, clock)
    realtime.wait_until_sent()
    names = [m["name"] for m in tablet.get_received(realtime.DISPLAY)]
    assert realtime.RATING_REQUESTED in names
    dashboard.get_received(realtime.COUNTER)
    phone = app.test_client()
    headers = {"X-CSRFToken": csrf_token(phone)}  # the ticket page carries its CSRF token, like every page
    assert phone.post(f"/api/v1/tickets/{ticket.token}/rating", json={"level": 1}, headers=headers).status_code == 201
    realtime.wait_until_sent()
    received = [(m["name"], m["args"][0]) for m in dashboard.get_received(realtime.COUNTER)]
    assert (realtime.RATING_RECEIVED, {"counter": 1, "level": 1}) in received


def test_the_dashboard_shows_windows_queues_and_a_bad_rating_to_follow_up(client, login, small_hall, finished, clock):
    """After a 1-star rating the dashboard lists it under alerts with its due date; windows and queues are there."""
    with write_transaction():
        from hall.services import ratings

        ratings.rate(ticket_token=finished.token, level=1, channel="phone", now=clock())
    login(small_hall.manager)
    data = client.get("/manage/test/dashboard.json").get_json()
    assert [w["number"] for w in data["windows"]] == [1, 2, 3]
    assert {q["prefix"] for q in data["queues"]} == {"A", "B"}
    assert data["totals"]["served"] == 1 and data["totals"]["bad_ratings"] == 1
    alert = next(a for a in data["alerts"] if a["kind"] == "bad_rating")
    assert alert["ticket"] == "A001" and alert["due_on"] == "2026-11-30"
    assert client.get("/manage/test/dashboard").status_code == 200


def test_a_long_wait_raises_an_alert(client, login, small_hall, clock):
    """A ticket waiting 31 minutes (target 30) makes its queue an alert."""
    issue(small_hall.hall, small_hall.b, clock)
    clock.advance(minutes=31)
    login(small_hall.manager)
    alerts = client.get("/manage/test/dashboard.json").get_json()["alerts"]
    assert [(a["kind"], a["prefix"]) for a in alerts] == [("wait", "B")]


def test_clerks_see_their_own_ratings_only(client, login, small_hall, finished, clock):
    """c1's list shows A001's rating; c2's list is empty; clerks cannot open the dashboard."""
    with write_transaction():
        from hall.services import ratings

        ratings.rate(ticket_token=finished.token, level=4, comment="挺好", channel="phone", now=clock())
    login(small_hall.c1)
    assert "挺好" in client.get("/counter/my-ratings").get_data(as_text=True)
    assert client.get("/manage/test/dashboard").status_code == 403
    other = client.application.test_client()
    login(small_hall.c2, target=other)
    assert "挺好" not in other.get("/counter/my-ratings").get_data(as_text=True)


def test_a_manager_follows_up_a_bad_rating_through_the_page(client, login, small_hall, finished, clock):
    """Call-back and close from the follow-ups page; the page then lists nothing open."""
    from hall.services import ratings

    with write_transaction():
        follow_up = ratings.rate(ticket_token=finished.token, level=2, channel="phone", now=clock()).follow_up
    token = login(small_hall.manager)
    assert "A001" in client.get("/manage/test/follow-ups").get_data(as_text=True)
    client.post(f"/manage/test/follow-ups/{follow_up.id}/call-back", data={"csrf_token": token, "note": "已回访"})
    client.post(f"/manage/test/follow-ups/{follow_up.id}/close", data={"csrf_token": token, "note": "已整改"})
    assert 'data-follow-up="A001"' not in client.get("/manage/test/follow-ups").get_data(as_text=True)


def test_reports_download_as_pdf_excel_and_csv(client, login, small_hall, finished):
    """Today's report in the three formats; the CSV zip's files start with the UTF-8 BOM for Excel."""
    import io
    import zipfile

    import openpyxl

    login(small_hall.manager)
    pdf = client.get("/manage/test/reports/report.pdf?start=2026-11-23")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    xlsx = client.get("/manage/test/reports/report.xlsx?start=2026-11-21&end=2026-11-23")
    assert xlsx.headers["Content-Disposition"].endswith('test-2026-11-21-2026-11-23.xlsx"')
    assert len(openpyxl.load_workbook(io.BytesIO(xlsx.data)).sheetnames) >= 3
    archive = zipfile.ZipFile(io.BytesIO(client.get("/manage/test/reports/report.csv?start=2026-11-23").data))
    assert archive.namelist() and all(archive.read(name).startswith(b"\xef\xbb\xbf") for name in archive.namelist())


@pytest.mark.parametrize(
    "query", ["start=2026-13-01", "start=2026-11-23&end=2026-11-01", "start=2025-01-01&end=2026-11-23"]
)
def test_bad_report_dates_are_a_message_not_a_500(client, login, small_hall, query):
    """A wrong date, an end before the start or a range over 400 days answers 422 with a message."""
    login(small_hall.manager)
    assert client.get(f"/manage/test/reports/report.pdf?{query}").status_code == 422
