"""Socket.IO connections: who may connect where, and snapshots on connect or after a gap."""

import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from hall import realtime, sockets
from hall.services import hall_view
from tests.hall.services.helpers import call_next, issue


def test_display_gets_a_snapshot_on_request(small_hall, clock, socket_client):
    """A display asks for a snapshot (acknowledged) and gets counters, queues, calls and the sequence number."""
    h = small_hall
    issue(h.hall, h.a, clock)
    call_next(h.w1, h.c1, clock)
    display = socket_client(realtime.DISPLAY, auth={"hall": h.hall.code})
    snapshot = display.emit("snapshot", {}, namespace=realtime.DISPLAY, callback=True)
    assert snapshot["hall"]["name"] == h.hall.name
    assert snapshot["recent_calls"][0]["number"] == "A001"
    assert snapshot["seq"] > 0
    assert [c["ticket"] for c in snapshot["counters"]] == ["A001", None, None]


def test_reconnecting_display_gets_the_state_it_missed(small_hall, clock, socket_client):
    """A display that was away while a call happened sees it in the snapshot it gets after reconnecting."""
    h = small_hall
    issue(h.hall, h.a, clock)
    display = socket_client(realtime.DISPLAY, auth={"hall": h.hall.code})
    first = display.emit("snapshot", {}, namespace=realtime.DISPLAY, callback=True)
    display.disconnect(namespace=realtime.DISPLAY)
    call_next(h.w1, h.c1, clock)
    display.connect(namespace=realtime.DISPLAY, auth={"hall": h.hall.code})
    second = display.emit("snapshot", {}, namespace=realtime.DISPLAY, callback=True)
    assert second["seq"] > first["seq"]
    assert second["counters"][0]["ticket"] == "A001"


@pytest.mark.parametrize("auth", [None, {}, {"hall": "nowhere"}, {"hall": 5}, {"hall": "x" * 100}])
def test_display_needs_a_real_hall(small_hall, socket_client, auth):
    """A display connection without a known hall code is refused."""
    display = socket_client(realtime.DISPLAY, auth=auth)
    assert not display.is_connected(realtime.DISPLAY)


def test_counter_namespace_needs_a_signed_in_clerk(small_hall, socket_client, client, login):
    """Anonymous workstation sockets are refused; a signed-in clerk's session connects."""
    assert not socket_client(realtime.COUNTER).is_connected(realtime.COUNTER)
    login(small_hall.c1)
    assert socket_client(realtime.COUNTER, flask_client=client).is_connected(realtime.COUNTER)


def test_resident_needs_the_tickets_token(small_hall, clock, socket_client):
    """A resident socket connects only with a real ticket token and then answers status requests."""
    ticket = issue(small_hall.hall, small_hall.a, clock)
    assert not socket_client(realtime.RESIDENT, auth={"ticket": "guess"}).is_connected(realtime.RESIDENT)
    phone = socket_client(realtime.RESIDENT, auth={"ticket": ticket.token})
    status = phone.emit("status", {}, namespace=realtime.RESIDENT, callback=True)
    assert (status["number"], status["state"], status["people_ahead"]) == ("A001", "waiting", 0)


def _database_gone(*_args, **_kwargs):
    raise OperationalError("SELECT 1", {}, sqlite3.OperationalError("unable to open database file"))


def test_a_snapshot_while_the_database_is_away_answers_an_error_at_once(small_hall, socket_client, monkeypatch):
    """A snapshot request is answered database_unavailable (in the hall's language), not left to time out."""
    display = socket_client(realtime.DISPLAY, auth={"hall": small_hall.hall.code})
    monkeypatch.setattr(hall_view, "display_snapshot", _database_gone)
    answer = display.emit("snapshot", {}, namespace=realtime.DISPLAY, callback=True)
    assert answer["error"]["code"] == "database_unavailable"
    assert "数据库" in answer["error"]["message"]


def test_an_unexpected_error_in_a_handler_answers_a_generic_error_and_is_logged(
    small_hall, socket_client, monkeypatch, caplog
):
    """A bug in a handler gives the client server_error and the log a traceback; the connection stays usable."""
    display = socket_client(realtime.DISPLAY, auth={"hall": small_hall.hall.code})
    monkeypatch.setattr(hall_view, "display_snapshot", lambda *_: 1 / 0)
    answer = display.emit("snapshot", {}, namespace=realtime.DISPLAY, callback=True)
    assert answer["error"]["code"] == "server_error"
    assert any(record.exc_info for record in caplog.records if "socket handler" in record.getMessage())
    monkeypatch.undo()
    assert (
        display.emit("snapshot", {}, namespace=realtime.DISPLAY, callback=True)["hall"]["code"] == small_hall.hall.code
    )


def test_a_display_connecting_while_the_database_is_away_is_refused_not_left_deaf(
    small_hall, socket_client, monkeypatch
):
    """connect fails with the database away: the screen is refused (and retries), never connected without rooms."""
    monkeypatch.setattr(sockets, "hall_by_code", _database_gone)
    display = socket_client(realtime.DISPLAY, auth={"hall": small_hall.hall.code})
    assert not display.is_connected(realtime.DISPLAY)
