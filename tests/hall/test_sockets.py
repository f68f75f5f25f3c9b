"""Socket.IO connections: who may connect where, and snapshots on connect or after a gap."""

import pytest

from hall import realtime
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
