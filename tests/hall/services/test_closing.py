"""Tickets the day left open: settled at closing or at the next morning's first call, without distorting figures."""

from datetime import timedelta

from hall.db import write_transaction
from hall.extensions import db
from hall.models import HistoryEntry, Kind, Ticket, TicketState
from hall.services import closing, counter_actions, ratings
from hall.services.queue_view import average_service_minutes
from hall.services.reports.metrics import report_figures
from tests.hall.services.helpers import act, call_next, issue


def serve_three_and_forget_one(h, clock):
    """A001–A003 served in 5 minutes each at window 1; A004 called and started, then the clerk goes home."""
    for _ in range(3):
        issue(h.hall, h.a, clock)
    for _ in range(3):
        ticket = call_next(h.w1, h.c1, clock)
        act(counter_actions.start, ticket, h.w1, h.c1, clock)
        clock.advance(minutes=5)
        act(counter_actions.finish, ticket, h.w1, h.c1, clock)
    issue(h.hall, h.a, clock)
    forgotten = call_next(h.w1, h.c1, clock)
    act(counter_actions.start, forgotten, h.w1, h.c1, clock)
    return forgotten


def test_a_ticket_closed_at_night_counts_as_served_but_adds_no_service_time(small_hall, clock):
    """Closing at 23:30 finishes the forgotten A004: served 4, yet the average service time stays 5 minutes."""
    h = small_hall
    forgotten = serve_three_and_forget_one(h, clock)
    night = clock.advance(hours=13)
    with write_transaction():
        closing.close_day(hall_id=h.hall.id, day=forgotten.service_day, now=night)
    ticket = db.session.get(Ticket, forgotten.id)
    assert (ticket.state, ticket.finished_by_system) == (TicketState.DONE, True)
    figures = report_figures(h.hall.id, forgotten.service_day, forgotten.service_day, now=night)
    assert figures.tickets.served == 4
    assert 300 <= figures.tickets.avg_service_s < 305, "13 hours of a forgotten ticket counted as service"
    assert 5 <= average_service_minutes(h.a, forgotten.service_day) < 5.1


def test_the_next_mornings_first_call_settles_yesterdays_ticket_without_asking_for_its_rating(small_hall, clock):
    """Tuesday's first call at window 1 finishes Monday's A004; the window's tablet does not offer it for rating."""
    h = small_hall
    forgotten = serve_three_and_forget_one(h, clock)
    clock.advance(days=1)
    issue(h.hall, h.a, clock)
    called = call_next(h.w1, h.c1, clock)
    assert called.number == "A001" and called.service_day == forgotten.service_day + timedelta(days=1)
    assert db.session.get(Ticket, forgotten.id).finished_by_system
    assert ratings.request_at_counter(h.w1, clock()) is None, "the next resident was asked to rate yesterday's visit"
    finished = db.session.query(HistoryEntry).filter_by(ticket_id=forgotten.id, kind=Kind.FINISHED).one()
    assert finished.channel == "closing"


def test_a_ticket_the_clerk_finishes_is_not_marked_as_finished_by_the_system(small_hall, clock):
    """The ordinary finish keeps its service time and the tablet offers it for rating."""
    h = small_hall
    issue(h.hall, h.a, clock)
    ticket = call_next(h.w1, h.c1, clock)
    act(counter_actions.finish, ticket, h.w1, h.c1, clock)
    assert not db.session.get(Ticket, ticket.id).finished_by_system
    assert ratings.request_at_counter(h.w1, clock()).ticket.id == ticket.id
