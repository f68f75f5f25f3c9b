"""People ahead and wait estimates: honest about what is known."""

from hall.db import write_transaction
from hall.models import Priority
from hall.services import counters, queue_view
from tests.hall.services.helpers import act, call_next, counter_actions, issue


def test_people_ahead_counts_green_first_then_earlier_arrivals(small_hall, clock):
    """A normal ticket has every green and every earlier normal ticket of its queue ahead; other queues don't count."""
    h = small_hall
    first = issue(h.hall, h.a, clock)
    issue(h.hall, h.b, clock)
    second = issue(h.hall, h.a, clock)
    green = issue(h.hall, h.a, clock, priority=Priority.GREEN)
    assert [queue_view.people_ahead(t) for t in (first, second, green)] == [1, 2, 0]


def test_estimate_uses_todays_pace_and_open_windows(small_hall, clock):
    """Three services of 10 minutes today at the one open window: 3 people ahead means about 30-40 minutes."""
    h = small_hall
    with write_transaction():
        counters.sign_out(counter_id=h.w2.id, staff_id=h.c2.id, now=clock())
    for _ in range(3):
        ticket = issue(h.hall, h.b, clock)
        call_next(h.w3, h.c3, clock)
        act(counter_actions.start, ticket, h.w3, h.c3, clock)
        clock.advance(minutes=10)
        with write_transaction():
            counter_actions.finish(ticket_id=ticket.id, counter_id=h.w3.id, staff_id=h.c3.id, now=clock())
    estimate = queue_view.wait_estimate(h.b, 3, ticket.service_day)
    assert (estimate.open_counters, round(estimate.average_minutes)) == (1, 10)
    assert (estimate.low_minutes, estimate.high_minutes) == (30, 40)


def test_no_estimate_without_an_open_window(small_hall, clock):
    """With no window serving the queue open, there is no number to promise."""
    h = small_hall
    with write_transaction():
        counters.sign_out(counter_id=h.w3.id, staff_id=h.c3.id, now=clock())
        counters.sign_out(counter_id=h.w2.id, staff_id=h.c2.id, now=clock())
    assert queue_view.wait_estimate(h.b, 2, clock().date()) is None


def test_windows_signed_in_yesterday_do_not_count_as_open(small_hall, clock):
    """A window nobody signed out of last night is not counted for this morning's estimates."""
    h = small_hall
    clock.advance(days=1)
    assert queue_view.open_counters(h.a, clock().date()) == 0
    with write_transaction():
        counters.sign_in(counter_id=h.w1.id, staff_id=h.c1.id, now=clock(), take_over=True)
    assert queue_view.open_counters(h.a, clock().date()) == 1
