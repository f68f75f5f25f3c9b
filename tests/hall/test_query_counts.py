"""How many SQL statements the busiest requests run: issuing a ticket and calling the next one.

Each statement is a round trip through SQLAlchemy (and, on PostgreSQL, the network); most of a request's time
is spent on them (docs/PERFORMANCE.md). A change that adds one to these paths fails here, so that it is made
on purpose: then raise the figure below and say why. Counted are the data statements (SELECT, INSERT, UPDATE,
DELETE), not BEGIN or the pool's connection checks, so the figures are the same on SQLite and PostgreSQL.
"""

from contextlib import contextmanager

import pytest
from sqlalchemy import event

from hall.db import write_transaction
from hall.extensions import db
from hall.models import DeviceKind
from hall.services.admin import devices

# Issuing with a clerk's API token: the token and its clerk, the hall by its code, the service and its hall,
# the queue's day row (the number), the people ahead, the ticket, its history entry, the reply's wait estimate
# (open windows, recent service times) and the screens' sequence number.
ISSUE = 10
# At a registered kiosk: the device instead of the clerk, the device again inside the write transaction (it
# must still be one of the hall's kiosks), and the kiosk's per-minute count (one upsert, D80).
ISSUE_AT_KIOSK = 12
# Finish and call next at a window: the token and clerk, the window (before and, locked, in the transaction),
# its active ticket (locked), the finish's history entry and update, the hall, the window's services, the
# fronts of its queues, the chosen ticket (locked, with its service), its update, the queue's day row, the
# call's history entry, the screens' sequence number and the windows' current numbers for the screens.
FINISH_AND_CALL_NEXT = 15
# Call next at a free window: as above without the finish and its two statements, but with the check that
# no ticket is left at the window.
CALL_NEXT = 13


DATA = ("SELECT", "INSERT", "UPDATE", "DELETE")


@pytest.fixture
def statements(app):
    """``with statements() as seen:`` collects the data statements run inside the block (any thread)."""
    recording = []

    def capture(_connection, _cursor, statement, _parameters, _context, _executemany):
        if recording and statement.lstrip().upper().startswith(DATA):
            recording[-1].append(" ".join(statement.split())[:120])

    @contextmanager
    def record():
        recording.append([])
        try:
            yield recording[-1]
        finally:
            recording.clear()

    event.listen(db.engine, "before_cursor_execute", capture)
    yield record
    event.remove(db.engine, "before_cursor_execute", capture)


def bearer(client, username: str) -> dict:
    response = client.post("/api/v1/auth/tokens", json={"username": username, "password": "correct horse battery"})
    assert response.status_code == 201, response.get_json()
    return {"Authorization": f"Bearer {response.get_json()['token']}"}


def kiosk_token(h, clock) -> dict:
    with write_transaction():
        _, code = devices.register(
            actor_id=h.manager.id, hall_id=h.hall.id, kind=DeviceKind.KIOSK, name="取号机", now=clock()
        )
    with write_transaction():
        _, token = devices.pair(hall_id=h.hall.id, code=code, now=clock())
    return {"Authorization": f"Bearer {token}"}


def issue(client, headers, service_id: int) -> None:
    response = client.post("/api/v1/halls/test/tickets", json={"service_id": service_id}, headers=headers)
    assert response.status_code == 201, response.get_json()


def test_issuing_a_ticket_runs_ten_statements(small_hall, client, statements):
    """A clerk's issue costs the statements listed above, and not one more."""
    clerk, service_id = bearer(client, "c1"), small_hall.a.id  # the id now: reading it later is a statement
    issue(client, clerk, service_id)  # the queue's first ticket of the day creates its row: warm up
    with statements() as seen:
        issue(client, clerk, service_id)
    assert len(seen) == ISSUE, "\n".join(seen)


def test_a_hall_that_keeps_the_calendar_adds_one_statement(small_hall, client, statements):
    """A hall closed on holidays looks today up in its calendar: one indexed read more, nothing cached."""
    with write_transaction():
        db.session.get(type(small_hall.hall), small_hall.hall.id).open_on_non_working_days = False
    clerk, service_id = bearer(client, "c1"), small_hall.a.id
    issue(client, clerk, service_id)
    with statements() as seen:
        issue(client, clerk, service_id)
    assert len(seen) == ISSUE + 1, "\n".join(seen)
    assert any("FROM calendar_day" in statement for statement in seen)


def test_issuing_at_a_kiosk_runs_twelve_statements(small_hall, client, clock, statements):
    """A registered kiosk's issue adds only the device check and its per-minute count."""
    kiosk = kiosk_token(small_hall, clock)
    service_id = small_hall.a.id
    issue(client, kiosk, service_id)
    with statements() as seen:
        issue(client, kiosk, service_id)
    assert len(seen) == ISSUE_AT_KIOSK, "\n".join(seen)


def test_finish_and_call_next_runs_fifteen_statements(small_hall, client, statements):
    """The clerk's one-click "finish and call next" costs the statements listed above."""
    clerk = bearer(client, "c1")
    for _ in range(3):
        issue(client, clerk, small_hall.a.id)
    w1 = f"/api/v1/counters/{small_hall.w1.id}"
    assert client.post(f"{w1}/call-next", headers=clerk).status_code == 200
    with statements() as seen:
        response = client.post(f"{w1}/finish-and-call-next", headers=clerk)
    assert response.status_code == 200 and response.get_json()["finished"] is not None
    assert len(seen) == FINISH_AND_CALL_NEXT, "\n".join(seen)


def test_call_next_runs_thirteen_statements(small_hall, client, statements):
    """Calling at a free window costs the statements listed above."""
    clerk = bearer(client, "c1")
    for _ in range(2):
        issue(client, clerk, small_hall.a.id)
    w1 = f"/api/v1/counters/{small_hall.w1.id}"
    with statements() as seen:
        response = client.post(f"{w1}/call-next", headers=clerk)
    assert response.status_code == 200
    assert len(seen) == CALL_NEXT, "\n".join(seen)
