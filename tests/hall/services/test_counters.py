"""A clerk at a window: sign in, take over, pause, resume, sign out."""

import pytest

from hall.db import write_transaction
from hall.errors import CounterBusy, InvalidState, PermissionDenied
from hall.extensions import db
from hall.models import CounterState, HistoryEntry, Kind, Role
from hall.services import counters
from tests import factories
from tests.hall.services.helpers import call_next, issue


def sign_in(window, clerk, clock, **kwargs):
    with write_transaction():
        return counters.sign_in(counter_id=window.id, staff_id=clerk.id, now=clock(), **kwargs)


def test_sign_in_needs_take_over_when_someone_else_is_there(small_hall, clock):
    """Clerk 2 cannot silently replace clerk 1 at window 1; with take-over they can, and it is recorded."""
    h = small_hall
    with pytest.raises(CounterBusy) as busy:
        sign_in(h.w1, h.c2, clock)
    assert busy.value.details["staff"] == "c1"
    sign_in(h.w1, h.c2, clock, take_over=True)
    assert h.w1.staff_id == h.c2.id
    entry = (
        db.session.query(HistoryEntry)
        .filter_by(counter_id=h.w1.id, kind=Kind.COUNTER_OPENED)
        .order_by(HistoryEntry.id.desc())
        .first()
    )
    assert entry.data["took_over_from"] == h.c1.id


def test_signing_in_elsewhere_leaves_the_previous_window(small_hall, clock):
    """A clerk works one window at a time: moving to window 3 closes window 1."""
    h = small_hall
    with write_transaction():
        counters.sign_out(counter_id=h.w3.id, staff_id=h.c3.id, now=clock())
    sign_in(h.w3, h.c1, clock)
    assert (h.w1.state, h.w1.staff_id) == (CounterState.CLOSED, None)
    assert (h.w3.state, h.w3.staff_id) == (CounterState.OPEN, h.c1.id)


def test_cannot_leave_with_a_ticket_at_the_window(small_hall, clock):
    """Signing out with a called ticket is refused, so nobody is left waiting at an empty window."""
    h = small_hall
    issue(h.hall, h.a, clock)
    call_next(h.w1, h.c1, clock)
    with pytest.raises(CounterBusy), write_transaction():
        counters.sign_out(counter_id=h.w1.id, staff_id=h.c1.id, now=clock())


def test_pause_and_resume_are_recorded(small_hall, clock):
    """Pause then resume: states change and both are in the history; pausing twice is refused."""
    h = small_hall
    with write_transaction():
        counters.pause(counter_id=h.w1.id, staff_id=h.c1.id, now=clock(), reason="午休")
    assert h.w1.state == CounterState.PAUSED
    with pytest.raises(InvalidState), write_transaction():
        counters.pause(counter_id=h.w1.id, staff_id=h.c1.id, now=clock())
    with write_transaction():
        counters.resume(counter_id=h.w1.id, staff_id=h.c1.id, now=clock())
    kinds = [e.kind for e in db.session.query(HistoryEntry).filter_by(counter_id=h.w1.id)]
    assert Kind.COUNTER_PAUSED in kinds and Kind.COUNTER_RESUMED in kinds


def test_other_halls_staff_and_administrators_cannot_sign_in(small_hall, clock):
    """Only this hall's clerks and managers serve at its windows."""
    with write_transaction():
        other_hall = factories.make_hall("other")
        stranger = factories.make_staff(other_hall, "stranger")
        admin = factories.make_staff(None, "county", Role.ADMIN)
    for person in (stranger, admin):
        with pytest.raises(PermissionDenied):
            sign_in(small_hall.w1, person, clock, take_over=True)
