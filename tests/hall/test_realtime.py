"""Screen events: built from the history after commit, numbered per hall, never sent for a rollback."""

import base64
import os
import socket
import threading

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from hall import realtime
from hall.db import write_transaction
from hall.errors import DailyCapReached
from hall.extensions import db
from hall.models import Hall
from tests.hall.services.helpers import act, call_next, counter_actions, issue


def events(socket, namespace=realtime.DISPLAY):
    realtime.wait_until_sent()
    return [(message["name"], message["args"][0]) for message in socket.get_received(namespace)]


@pytest.fixture
def display(small_hall, socket_client):
    socket = socket_client(realtime.DISPLAY, auth={"hall": small_hall.hall.code})
    assert socket.is_connected(realtime.DISPLAY)
    socket.get_received(realtime.DISPLAY)
    return socket


def test_a_call_reaches_the_display_room_with_window_and_number(small_hall, clock, display):
    """After call-next commits, the display receives ticket_called for A001 at window 1."""
    h = small_hall
    issue(h.hall, h.a, clock)
    call_next(h.w1, h.c1, clock)
    received = events(display)
    calls = [payload for name, payload in received if name == realtime.TICKET_CALLED]
    assert [(c["number"], c["counter_number"], c["recall"]) for c in calls] == [("A001", 1, False)]
    counters = [p for n, p in received if n == realtime.COUNTER_CHANGED][-1]["counters"]
    assert counters == [
        {"id": h.w1.id, "number": 1, "name": "1号窗口", "state": "open", "ticket": "A001", "ticket_state": "called"}
    ]


def test_sequence_numbers_are_consecutive_per_hall(small_hall, clock, display):
    """Every display event carries the next number of the hall's sequence, in commit order."""
    h = small_hall
    issue(h.hall, h.a, clock)
    issue(h.hall, h.b, clock)
    ticket = call_next(h.w1, h.c1, clock)
    act(counter_actions.recall, ticket, h.w1, h.c1, clock)
    seqs = [payload["seq"] for _, payload in events(display)]
    assert seqs == list(range(seqs[0], seqs[0] + len(seqs)))
    assert db.session.scalar(select(Hall.realtime_seq).where(Hall.id == h.hall.id)) == seqs[-1]


def test_recall_is_marked(small_hall, clock, display):
    """A recall is announced again and marked as a recall."""
    h = small_hall
    issue(h.hall, h.a, clock)
    ticket = call_next(h.w1, h.c1, clock)
    act(counter_actions.recall, ticket, h.w1, h.c1, clock)
    calls = [p for n, p in events(display) if n == realtime.TICKET_CALLED]
    assert [c["recall"] for c in calls] == [False, True]


def test_queue_lengths_follow_issue_and_transfer(small_hall, clock, display):
    """queue_changed carries the new waiting counts of every queue a change touched."""
    h = small_hall
    ticket = issue(h.hall, h.a, clock)
    assert [p["queues"] for n, p in events(display) if n == realtime.QUEUE_CHANGED][-1] == [
        {"id": h.a.id, "name": "综合受理", "name_en": "General", "prefix": "A", "waiting": 1}
    ]
    from tests.hall.services.helpers import hall_act

    hall_act(counter_actions.transfer_waiting, ticket, h.hall, h.c1, clock, to_service_id=h.b.id)
    queues = [p["queues"] for n, p in events(display) if n == realtime.QUEUE_CHANGED][-1]
    assert {(q["prefix"], q["waiting"]) for q in queues} == {("A", 0), ("B", 1)}


def test_nothing_is_sent_for_a_rolled_back_change(small_hall, clock, display):
    """A refused issue (daily cap) is rolled back: no event, and the hall's sequence does not move."""
    h = small_hall
    with write_transaction():
        h.b.daily_cap = 0
    events(display)
    seq_before = db.session.scalar(select(Hall.realtime_seq).where(Hall.id == h.hall.id))
    with pytest.raises(DailyCapReached):
        issue(h.hall, h.b, clock)
    assert events(display) == []
    assert db.session.scalar(select(Hall.realtime_seq).where(Hall.id == h.hall.id)) == seq_before


def test_other_halls_screens_hear_nothing(small_hall, clock, socket_client):
    """A display of another hall receives none of this hall's events."""
    from tests import factories

    with write_transaction():
        factories.make_hall("other")
    other = socket_client(realtime.DISPLAY, auth={"hall": "other"})
    other.get_received(realtime.DISPLAY)
    issue(small_hall.hall, small_hall.a, clock)
    assert other.get_received(realtime.DISPLAY) == []


def test_resident_room_hears_its_ticket_called(small_hall, clock, socket_client):
    """The resident's page is told when its ticket is called, with the window; no personal data."""
    h = small_hall
    ticket = issue(h.hall, h.a, clock)
    phone = socket_client(realtime.RESIDENT, auth={"ticket": ticket.token})
    phone.get_received(realtime.RESIDENT)
    call_next(h.w1, h.c1, clock)
    changed = [p for n, p in events(phone, realtime.RESIDENT) if n == realtime.TICKET_CHANGED]
    assert changed == [
        {
            "number": "A001",
            "state": "called",
            "service": {"id": h.a.id, "name": "综合受理", "name_en": "General", "prefix": "A"},
            "counter": {"id": h.w1.id, "number": 1, "name": "1号窗口"},
        }
    ]


def test_only_changed_queues_are_announced(small_hall, clock, display):
    """A recall or a start changes no queue length: screens and phones are not told to refresh queues."""
    h = small_hall
    issue(h.hall, h.a, clock)
    ticket = call_next(h.w1, h.c1, clock)
    events(display)
    act(counter_actions.recall, ticket, h.w1, h.c1, clock)
    act(counter_actions.start, ticket, h.w1, h.c1, clock)
    assert [name for name, _ in events(display)] == [
        realtime.TICKET_CALLED,
        realtime.COUNTER_CHANGED,
        realtime.COUNTER_CHANGED,
    ]


def test_configuration_changes_tell_screens_to_reload(small_hall, clock, display):
    """A manager renaming a service sends hall_changed (numbered like every screen event)."""
    from hall.services.admin import catalog

    with write_transaction():
        catalog.update(
            actor_id=small_hall.manager.id,
            hall_id=small_hall.hall.id,
            service_id=small_hall.a.id,
            values={"name": "综合窗口业务", "prefix": "A", "active": True},
            now=clock(),
        )
    received = events(display)
    assert [name for name, _ in received] == [realtime.HALL_CHANGED]
    assert received[0][1]["seq"] > 0


def test_screen_websockets_decline_compression(app):
    """A browser's offer to compress the screen's websocket is declined: plain frames reach every screen quickly."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with socket.create_connection(("127.0.0.1", server.server_port), timeout=5) as browser:
            key = base64.b64encode(os.urandom(16)).decode()
            browser.sendall(
                (
                    "GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    f"Sec-WebSocket-Key: {key}\r\n"
                    "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n"
                ).encode()
            )
            reply = b""
            while b"\r\n\r\n" not in reply:
                reply += browser.recv(4096)
    finally:
        server.shutdown()
    head = reply.split(b"\r\n\r\n")[0].decode().lower()
    assert head.startswith("http/1.1 101")
    assert "sec-websocket-extensions" not in head
