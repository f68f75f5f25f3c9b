"""Every clerk action on a ticket: allowed transitions, guards, timestamps, history and queue counts."""

import pytest

from hall.db import write_transaction
from hall.errors import CounterBusy, InvalidState, NotFound, PermissionDenied, QueueEmpty, ValidationFailed
from hall.extensions import db
from hall.models import HistoryEntry, Kind, QueueDay, TicketState
from hall.services import lifecycle
from tests.hall.services.helpers import act, call_next, counter_actions, hall_act, issue


@pytest.fixture
def called(small_hall, clock):
    """A001 issued and called to window 1."""
    issue(small_hall.hall, small_hall.a, clock)
    return call_next(small_hall.w1, small_hall.c1, clock)


def kinds(ticket):
    return [e.kind for e in db.session.query(HistoryEntry).filter_by(ticket_id=ticket.id).order_by(HistoryEntry.id)]


def waiting(service, ticket):
    row = db.session.get(QueueDay, (service.id, ticket.service_day))
    return row.waiting if row else 0


def test_start_then_finish_records_service_times(small_hall, clock, called):
    """Start and finish move the ticket to serving then done, with their times."""
    h = small_hall
    act(counter_actions.start, called, h.w1, h.c1, clock)
    act(counter_actions.finish, called, h.w1, h.c1, clock)
    assert called.state == TicketState.DONE
    assert called.last_called_at < called.started_at < called.finished_at
    assert kinds(called) == [Kind.ISSUED, Kind.CALLED, Kind.STARTED, Kind.FINISHED]


def test_finish_without_start_counts_service_from_the_call(small_hall, clock, called):
    """Clerks often skip 'start': finishing a called ticket starts it at its call time."""
    act(counter_actions.finish, called, small_hall.w1, small_hall.c1, clock)
    assert called.started_at == called.last_called_at
    entry = db.session.query(HistoryEntry).filter_by(ticket_id=called.id, kind=Kind.FINISHED).one()
    assert entry.data["implicit_start"] is True


def test_recall_is_capped(small_hall, clock, called):
    """Recalls count up to the hall's cap; one more is refused with the count."""
    h = small_hall
    with write_transaction():
        h.hall.recall_cap = 2
    for expected in (1, 2):
        act(counter_actions.recall, called, h.w1, h.c1, clock)
        assert called.recall_count == expected
    with pytest.raises(InvalidState) as refused:
        act(counter_actions.recall, called, h.w1, h.c1, clock)
    assert refused.value.details["cap"] == 2
    assert kinds(called).count(Kind.RECALLED) == 2


def test_no_show_frees_the_counter_and_reactivation_keeps_the_place(small_hall, clock):
    """A no-show leaves the queue; reactivated it goes back before later arrivals."""
    h = small_hall
    first = issue(h.hall, h.a, clock)
    later = issue(h.hall, h.a, clock)
    call_next(h.w1, h.c1, clock)
    act(counter_actions.no_show, first, h.w1, h.c1, clock)
    assert first.state == TicketState.NO_SHOW and waiting(h.a, first) == 1
    hall_act(counter_actions.reactivate, first, h.hall, h.c1, clock)
    assert first.state == TicketState.WAITING and waiting(h.a, first) == 2
    assert call_next(h.w1, h.c1, clock).id == first.id
    assert later.state == TicketState.WAITING


def test_reactivation_is_for_today_only(small_hall, clock, called):
    """Yesterday's no-show cannot be put back in today's queue."""
    act(counter_actions.no_show, called, small_hall.w1, small_hall.c1, clock)
    clock.advance(days=1)
    with pytest.raises(InvalidState):
        hall_act(counter_actions.reactivate, called, small_hall.hall, small_hall.c1, clock)


def test_hold_and_call_back(small_hall, clock, called):
    """A held ticket frees the window for others and is called back later, to a free window."""
    h = small_hall
    issue(h.hall, h.a, clock)
    act(counter_actions.start, called, h.w1, h.c1, clock)
    act(counter_actions.hold, called, h.w1, h.c1, clock)
    assert called.state == TicketState.HELD
    other = call_next(h.w1, h.c1, clock)
    with pytest.raises(CounterBusy):
        act(counter_actions.call_back, called, h.w1, h.c1, clock)
    act(counter_actions.finish, other, h.w1, h.c1, clock)
    act(counter_actions.call_back, called, h.w1, h.c1, clock)
    assert called.state == TicketState.CALLED
    assert Kind.CALLED_BACK in kinds(called)


def test_transfer_keeps_number_and_arrival(small_hall, clock):
    """Transferred from A to B, the ticket keeps its number and goes ahead of later B arrivals."""
    h = small_hall
    ticket = issue(h.hall, h.a, clock)
    arrival = ticket.queue_at
    b_later = issue(h.hall, h.b, clock)
    call_next(h.w1, h.c1, clock)
    act(counter_actions.transfer, ticket, h.w1, h.c1, clock, to_service_id=h.b.id)
    assert (ticket.number, ticket.service_id, ticket.queue_at) == ("A001", h.b.id, arrival)
    assert ticket.state == TicketState.WAITING and ticket.transfer_count == 1
    assert (waiting(h.a, ticket), waiting(h.b, ticket)) == (0, 2)
    assert call_next(h.w3, h.c3, clock).id == ticket.id
    assert b_later.state == TicketState.WAITING
    entry = db.session.query(HistoryEntry).filter_by(ticket_id=ticket.id, kind=Kind.TRANSFERRED).one()
    assert entry.data["from_service_id"] == h.a.id and entry.service_id == h.b.id


def test_transfer_refuses_same_or_unknown_service(small_hall, clock, called):
    """Transferring to the ticket's own queue or to a service that does not exist is refused."""
    h = small_hall
    with pytest.raises(ValidationFailed):
        act(counter_actions.transfer, called, h.w1, h.c1, clock, to_service_id=h.a.id)
    with pytest.raises(NotFound):
        act(counter_actions.transfer, called, h.w1, h.c1, clock, to_service_id=9999)
    assert called.state == TicketState.CALLED


def test_transfer_a_waiting_ticket_from_the_queue(small_hall, clock):
    """A clerk redirects a resident who picked the wrong service before being called."""
    h = small_hall
    ticket = issue(h.hall, h.a, clock)
    hall_act(counter_actions.transfer_waiting, ticket, h.hall, h.c1, clock, to_service_id=h.b.id)
    assert ticket.service_id == h.b.id and ticket.state == TicketState.WAITING


def test_cancel_waiting_held_or_missed_but_not_served(small_hall, clock, called):
    """Cancelling works on a waiting ticket; a called ticket must be finished or marked no-show instead."""
    h = small_hall
    ticket = issue(h.hall, h.a, clock)
    hall_act(counter_actions.cancel, ticket, h.hall, h.c1, clock)
    assert ticket.state == TicketState.CANCELLED and waiting(h.a, ticket) == 0
    with pytest.raises(InvalidState):
        hall_act(counter_actions.cancel, called, h.hall, h.c1, clock)


@pytest.mark.parametrize(
    ("action", "state_needed"),
    [
        (counter_actions.start, "called"),
        (counter_actions.finish, "called or serving"),
        (counter_actions.no_show, "called"),
        (counter_actions.recall, "called"),
        (counter_actions.hold, "called or serving"),
    ],
)
def test_actions_on_a_finished_ticket_are_refused_with_its_state(small_hall, clock, called, action, state_needed):
    """Acting on a finished ticket raises InvalidState naming the ticket and its state; nothing is recorded."""
    h = small_hall
    act(counter_actions.finish, called, h.w1, h.c1, clock)
    before = kinds(called)
    with pytest.raises(InvalidState) as refused:
        act(action, called, h.w1, h.c1, clock)
    assert refused.value.details == {"number": "A001", "state": "done"}
    assert kinds(called) == before


def test_a_clerk_cannot_act_on_another_windows_ticket(small_hall, clock, called):
    """Clerk 2 at window 2 cannot finish the ticket called to window 1."""
    with pytest.raises(PermissionDenied):
        act(counter_actions.finish, called, small_hall.w2, small_hall.c2, clock)
    assert called.state == TicketState.CALLED


def test_finish_and_call_next_in_one_step(small_hall, clock, called):
    """One click finishes the current ticket and calls the next; with nobody left the finish still counts."""
    h = small_hall
    nxt = issue(h.hall, h.a, clock)
    with write_transaction():
        finished, got = counter_actions.finish_and_call_next(counter_id=h.w1.id, staff_id=h.c1.id, now=clock())
    assert (finished.id, got.id) == (called.id, nxt.id)
    clock.advance(minutes=3)
    with write_transaction():
        finished, got = counter_actions.finish_and_call_next(counter_id=h.w1.id, staff_id=h.c1.id, now=clock())
    assert finished.id == nxt.id and got is None and nxt.state == TicketState.DONE
    with pytest.raises(QueueEmpty), write_transaction():
        counter_actions.finish_and_call_next(counter_id=h.w1.id, staff_id=h.c1.id, now=clock())


def test_transition_table_rejects_every_move_not_listed(small_hall, clock):
    """For each state, every action not allowed from it raises InvalidState (the table is the only door)."""
    h = small_hall
    ticket = issue(h.hall, h.a, clock)
    for state in TicketState:
        ticket.state = state
        for kind, (allowed_from, _) in lifecycle.TRANSITIONS.items():
            if state in allowed_from:
                continue
            with pytest.raises(InvalidState):
                lifecycle.transition(ticket, kind, now=clock())
    db.session.rollback()


def test_after_a_transfer_the_old_window_no_longer_holds_the_ticket(small_hall, clock, called):
    """Once transferred back into a queue, the ticket belongs to no window: window 1 cannot act on it again."""
    h = small_hall
    act(counter_actions.transfer, called, h.w1, h.c1, clock, to_service_id=h.b.id)
    assert (called.counter_id, called.clerk_id) == (None, None)
    with pytest.raises(PermissionDenied):
        act(counter_actions.transfer, called, h.w1, h.c1, clock, to_service_id=h.a.id)


def test_call_back_from_a_window_that_does_not_serve_the_queue_is_refused(small_hall, clock, called):
    """A held A ticket of window 1 can be called back by window 2 (serves A), not by window 3 (B only)."""
    h = small_hall
    act(counter_actions.hold, called, h.w1, h.c1, clock)
    with pytest.raises(PermissionDenied):
        act(counter_actions.call_back, called, h.w3, h.c3, clock)
    act(counter_actions.call_back, called, h.w2, h.c2, clock)
    assert (called.state, called.counter_id) == (TicketState.CALLED, h.w2.id)


def test_finish_and_call_next_on_a_paused_window_keeps_the_finish(small_hall, clock, called):
    """A paused window finishing its ticket with the one-click button finishes it and calls nobody."""
    from hall.services import counters

    h = small_hall
    issue(h.hall, h.a, clock)
    with write_transaction():
        counters.pause(counter_id=h.w1.id, staff_id=h.c1.id, now=clock())
    with write_transaction():
        finished, got = counter_actions.finish_and_call_next(counter_id=h.w1.id, staff_id=h.c1.id, now=clock())
    assert finished.id == called.id and got is None and called.state == TicketState.DONE
