"""Call next and call a chosen number at a counter: rules, guards and race-free claiming."""

from datetime import timedelta

import pytest

from hall.db import write_transaction
from hall.errors import CounterBusy, InvalidState, NotFound, PermissionDenied, QueueEmpty
from hall.extensions import db
from hall.models import HistoryEntry, Kind, Priority, QueueDay, TicketState
from hall.services import calling, counters
from tests.hall.services.helpers import act, call_next, counter_actions, issue


def test_call_next_takes_the_oldest_ticket_of_the_counters_services(small_hall, clock):
    """Window 2 (A then B) calls whichever waiting ticket arrived first."""
    h = small_hall
    b1 = issue(h.hall, h.b, clock)
    issue(h.hall, h.a, clock)
    called = call_next(h.w2, h.c2, clock)
    assert called.id == b1.id
    assert (called.state, called.counter_id, called.clerk_id) == (TicketState.CALLED, h.w2.id, h.c2.id)


def test_call_next_only_sees_the_counters_services(small_hall, clock):
    """Window 1 serves only A; a waiting B ticket is not its business."""
    h = small_hall
    issue(h.hall, h.b, clock)
    with pytest.raises(QueueEmpty):
        call_next(h.w1, h.c1, clock)


def test_green_channel_is_called_first(small_hall, clock):
    """A green-channel ticket issued last is called first."""
    h = small_hall
    issue(h.hall, h.a, clock)
    green = issue(h.hall, h.a, clock, priority=Priority.GREEN)
    assert call_next(h.w1, h.c1, clock).id == green.id


def test_strict_counter_prefers_its_first_service_until_someone_waits_too_long(small_hall, clock):
    """Window 2 set to strict order calls A before an older B, unless B has waited past the maximum."""
    h = small_hall
    with write_transaction():
        h.w2.strict_service_order = True
        h.hall.max_wait_minutes = 30
    old_b = issue(h.hall, h.b, clock)
    a = issue(h.hall, h.a, clock)
    assert call_next(h.w2, h.c2, clock).id == a.id
    act(counter_actions.finish, a, h.w2, h.c2, clock)
    issue(h.hall, h.a, clock)
    clock.advance(minutes=31)
    assert call_next(h.w2, h.c2, clock).id == old_b.id


def test_call_records_history_and_shortens_the_queue(small_hall, clock):
    """A call is in the history with the window number, and the queue count drops by one."""
    h = small_hall
    ticket = issue(h.hall, h.a, clock)
    call_next(h.w1, h.c1, clock)
    entry = db.session.query(HistoryEntry).filter_by(ticket_id=ticket.id, kind=Kind.CALLED).one()
    assert entry.data["counter_number"] == 1 and entry.staff_id == h.c1.id
    assert db.session.get(QueueDay, (h.a.id, ticket.service_day)).waiting == 0
    assert ticket.first_called_at == entry.at


def test_a_counter_holds_one_active_ticket(small_hall, clock):
    """Calling again while a ticket is still at the window is refused and names that ticket."""
    h = small_hall
    issue(h.hall, h.a, clock)
    issue(h.hall, h.a, clock)
    first = call_next(h.w1, h.c1, clock)
    with pytest.raises(CounterBusy) as busy:
        call_next(h.w1, h.c1, clock)
    assert busy.value.details["ticket"] == first.number


def test_paused_counter_cannot_call(small_hall, clock):
    """A paused window refuses to call until resumed."""
    h = small_hall
    issue(h.hall, h.a, clock)
    with write_transaction():
        counters.pause(counter_id=h.w1.id, staff_id=h.c1.id, now=clock())
    with pytest.raises(InvalidState):
        call_next(h.w1, h.c1, clock)
    with write_transaction():
        counters.resume(counter_id=h.w1.id, staff_id=h.c1.id, now=clock())
    assert call_next(h.w1, h.c1, clock).number == "A001"


def test_only_the_signed_in_clerk_calls_at_a_window(small_hall, clock):
    """Clerk 3 cannot call at window 1, where clerk 1 is signed in."""
    h = small_hall
    issue(h.hall, h.a, clock)
    with pytest.raises(PermissionDenied):
        call_next(h.w1, h.c3, clock)


def test_yesterdays_waiting_tickets_are_not_called_today(small_hall, clock):
    """A ticket left waiting from yesterday is not called the next day."""
    h = small_hall
    issue(h.hall, h.a, clock)
    clock.advance(days=1)
    with pytest.raises(QueueEmpty):
        call_next(h.w1, h.c1, clock)


def test_call_number_calls_a_chosen_waiting_ticket(small_hall, clock):
    """指呼: window 1 calls A002 directly although A001 waits longer."""
    h = small_hall
    issue(h.hall, h.a, clock)
    second = issue(h.hall, h.a, clock)
    with write_transaction():
        called = calling.call_number(counter_id=h.w1.id, staff_id=h.c1.id, number=" a002 ", now=clock())
    assert called.id == second.id and called.state == TicketState.CALLED


def test_call_number_refuses_other_queues_unknown_numbers_and_non_waiting(small_hall, clock):
    """A number of a queue this window does not serve, an unknown number, or an already-called one: clear errors."""
    h = small_hall
    issue(h.hall, h.b, clock)
    a1 = issue(h.hall, h.a, clock)
    for number, error in (("B001", InvalidState), ("A099", NotFound)):
        with pytest.raises(error), write_transaction():
            calling.call_number(counter_id=h.w1.id, staff_id=h.c1.id, number=number, now=clock())
    call_next(h.w2, h.c2, clock)  # takes B001 (oldest) at window 2
    with write_transaction():
        calling.call_number(counter_id=h.w1.id, staff_id=h.c1.id, number="A001", now=clock())
    with pytest.raises(CounterBusy), write_transaction():
        calling.call_number(counter_id=h.w1.id, staff_id=h.c1.id, number="A001", now=clock())
    assert a1.state == TicketState.CALLED


def test_claim_skips_a_ticket_another_counter_took(small_hall, clock, monkeypatch):
    """If the chosen ticket was taken in between (PostgreSQL race), call-next moves on to the next one."""
    h = small_hall
    first = issue(h.hall, h.a, clock)
    second = issue(h.hall, h.a, clock)
    real_claim = calling._claim
    taken = []

    def claim_after_someone_else(ticket_id):
        if not taken:  # window 2 commits a call of this very ticket just before window 1 locks it
            taken.append(ticket_id)
            calling._call(real_claim(ticket_id), h.w2, h.c2.id, clock(), "counter")
            return real_claim(ticket_id)  # no longer waiting: None
        return real_claim(ticket_id)

    monkeypatch.setattr(calling, "_claim", claim_after_someone_else)
    with write_transaction():
        got = calling.call_next(counter_id=h.w1.id, staff_id=h.c1.id, now=clock() + timedelta(seconds=5))
    assert taken == [first.id]
    assert got.id == second.id and got.counter_id == h.w1.id
    assert first.counter_id == h.w2.id


def test_a_window_left_open_overnight_calls_in_the_morning(small_hall, clock):
    """Yesterday's ticket still called at window 1 does not block it today: it is settled as a no-show."""
    from hall.models import HistoryEntry as Entry

    h = small_hall
    yesterday = issue(h.hall, h.a, clock)
    call_next(h.w1, h.c1, clock)
    clock.advance(days=1)
    today = issue(h.hall, h.a, clock)
    assert call_next(h.w1, h.c1, clock).id == today.id
    assert yesterday.state == TicketState.NO_SHOW
    settled = db.session.query(Entry).filter_by(ticket_id=yesterday.id, kind=Kind.NO_SHOW).one()
    assert settled.data["reason"] == "day_rollover"


def test_call_number_accepts_full_width_input(small_hall, clock):
    """Chinese input methods type Ａ００２; it is read as A002."""
    h = small_hall
    issue(h.hall, h.a, clock)
    second = issue(h.hall, h.a, clock)
    with write_transaction():
        called = calling.call_number(counter_id=h.w1.id, staff_id=h.c1.id, number="ａ００２", now=clock())
    assert called.id == second.id
