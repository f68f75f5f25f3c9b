"""Issuing tickets: numbering per service and local day, daily cap, ticketing hours, green channel."""

from datetime import UTC, datetime, timedelta

import pytest

from hall.db import write_transaction
from hall.errors import DailyCapReached, NotFound, TicketingClosed, ValidationFailed
from hall.extensions import db
from hall.models import HistoryEntry, Kind, Priority, QueueDay, Ticket, TicketState
from hall.services import counter_actions
from hall.services.queue_view import people_ahead
from hall.services.ticketing import format_number, issue_ticket
from tests import factories
from tests.hall.services.helpers import kiosk_policy


def issue(hall, service, now, **kwargs) -> Ticket:
    kwargs.setdefault("policy", kiosk_policy())
    with write_transaction():
        return issue_ticket(hall_id=hall.id, service_id=service.id, now=now, **kwargs)


def test_numbers_run_per_service_from_001(small_hall, clock):
    """Each service numbers its own tickets A001, A002 ... independently of the others."""
    h = small_hall
    numbers = [issue(h.hall, s, clock.advance(seconds=1)).number for s in (h.a, h.a, h.b, h.a)]
    assert numbers == ["A001", "A002", "B001", "A003"]


def test_issue_records_history_and_queue_length(small_hall, clock):
    """An issued ticket waits, is counted in its queue, and the history says it was issued at the kiosk."""
    ticket = issue(small_hall.hall, small_hall.a, clock())
    assert ticket.state == TicketState.WAITING
    assert db.session.get(QueueDay, (small_hall.a.id, ticket.service_day)).waiting == 1
    entry = db.session.query(HistoryEntry).filter_by(ticket_id=ticket.id).one()
    assert (entry.kind, entry.channel, entry.data["number"]) == (Kind.ISSUED, "kiosk", "A001")


def test_numbers_restart_at_the_halls_local_midnight(small_hall, clock):
    """Numbering restarts by the hall's local date (Shanghai), not the server's UTC date."""
    # 23:59 on Monday in Shanghai is 15:59 UTC; one minute later it is Tuesday in Shanghai, Monday in UTC.
    clock.set(datetime(2026, 11, 23, 15, 59, tzinfo=UTC))
    monday = issue(small_hall.hall, small_hall.a, clock())
    clock.advance(minutes=2)
    tuesday = issue(small_hall.hall, small_hall.a, clock())
    assert (monday.number, str(monday.service_day)) == ("A001", "2026-11-23")
    assert (tuesday.number, str(tuesday.service_day)) == ("A001", "2026-11-24")


def test_halls_in_other_time_zones_roll_over_at_their_own_midnight(app, clock):
    """A hall in Urumqi time keeps Monday's numbering while Shanghai has already started Tuesday."""
    with write_transaction():
        west = factories.make_hall("west", timezone="Asia/Urumqi")
        service = factories.make_service(west, "A")
    clock.set(datetime(2026, 11, 23, 16, 30, tzinfo=UTC))  # 00:30 Tuesday in Shanghai, 22:30 Monday in Urumqi
    first = issue(west, service, clock())
    assert str(first.service_day) == "2026-11-23"


def test_daily_cap_refuses_with_the_halls_wording_and_uses_no_number(small_hall, clock):
    """Past the daily cap the kiosk says all tickets are taken; the refused attempt does not use a number."""
    with write_transaction():
        small_hall.b.daily_cap = 2
    issue(small_hall.hall, small_hall.b, clock())
    issue(small_hall.hall, small_hall.b, clock())
    with pytest.raises(DailyCapReached) as refused:
        issue(small_hall.hall, small_hall.b, clock())
    assert str(refused.value) == "排队号已取完，若窗口空闲可直接到窗口办理。"
    assert db.session.get(QueueDay, (small_hall.b.id, clock().date())).last_seq == 2
    with write_transaction():
        small_hall.b.daily_cap = 3
    assert issue(small_hall.hall, small_hall.b, clock()).number == "B003"


def test_ticketing_hours_close_over_lunch(small_hall, clock):
    """Outside the hall's ticketing periods (here the lunch break) no ticket is issued, and the hours are said."""
    with write_transaction():
        small_hall.hall.ticketing_hours = "08:30-12:00,13:30-17:00"
    clock.set(datetime(2026, 11, 23, 4, 30, tzinfo=UTC))  # 12:30 in Shanghai
    with pytest.raises(TicketingClosed) as closed:
        issue(small_hall.hall, small_hall.a, clock())
    assert str(closed.value) == "“综合受理”的取号时间为 08:30-12:00, 13:30-17:00。"
    clock.set(datetime(2026, 11, 23, 5, 30, tzinfo=UTC))  # 13:30
    assert issue(small_hall.hall, small_hall.a, clock()).number == "A001"


def test_a_services_own_hours_override_the_halls(small_hall, clock):
    """A service with its own hours is closed while the hall is open."""
    with write_transaction():
        small_hall.b.ticketing_hours = "14:00-16:00"
    with pytest.raises(TicketingClosed):
        issue(small_hall.hall, small_hall.b, clock())
    assert issue(small_hall.hall, small_hall.a, clock()).number == "A001"


def test_green_channel_only_where_offered(small_hall, clock):
    """A green-channel ticket is refused for a service without one, and recorded as green where offered."""
    with write_transaction():
        small_hall.b.green_channel = False
    with pytest.raises(ValidationFailed):
        issue(small_hall.hall, small_hall.b, clock(), priority=Priority.GREEN)
    ticket = issue(small_hall.hall, small_hall.a, clock(), priority=Priority.GREEN)
    assert ticket.priority == Priority.GREEN and ticket.number == "A001"


def test_inactive_or_foreign_services_do_not_issue(small_hall, clock):
    """A deactivated service, or another hall's service, gives a not-found error and writes nothing."""
    with write_transaction():
        other = factories.make_hall("other")
        foreign = factories.make_service(other, "Z")
        small_hall.b.active = False
    for service in (small_hall.b, foreign):
        with pytest.raises(NotFound):
            issue(small_hall.hall, service, clock())
    assert db.session.query(Ticket).count() == 0


def test_people_ahead_at_issue(small_hall, clock):
    """The slip's 'people ahead' counts those waiting in the same queue, green channel first."""
    h = small_hall
    issue(h.hall, h.a, clock.advance(seconds=1))
    issue(h.hall, h.b, clock.advance(seconds=1))
    third = issue(h.hall, h.a, clock.advance(seconds=1))
    green = issue(h.hall, h.a, clock.advance(seconds=1), priority=Priority.GREEN)
    assert third.people_ahead_at_issue == 1
    assert green.people_ahead_at_issue == 0


def test_people_ahead_at_issue_matches_a_recount(small_hall, clock):
    """The slip's figure, counted before the ticket is added, is what counting the queue afterwards gives,
    also for tickets taken at the same instant and for an earlier ticket moved into the queue."""
    h = small_hall
    moved = issue(h.hall, h.b, clock.advance(seconds=1))
    same_instant = clock.advance(seconds=1)
    tickets = [issue(h.hall, h.a, same_instant), issue(h.hall, h.a, same_instant, priority=Priority.GREEN)]
    with write_transaction():
        counter_actions.transfer_waiting(
            ticket_id=moved.id, hall_id=h.hall.id, staff_id=h.c1.id, to_service_id=h.a.id, now=clock()
        )
    for priority in (Priority.NORMAL, Priority.GREEN, Priority.NORMAL, Priority.GREEN):
        tickets.append(issue(h.hall, h.a, same_instant if priority == Priority.GREEN else clock(), priority=priority))
        assert tickets[-1].people_ahead_at_issue == people_ahead(db.session.get(Ticket, tickets[-1].id))
    assert [t.people_ahead_at_issue for t in tickets] == [0, 0, 3, 1, 5, 2]


def test_format_number_keeps_three_digits_then_grows():
    """A001 ... A999, then A1000 rather than wrapping around to a number already in use."""
    assert [format_number("A", n) for n in (1, 12, 999, 1000)] == ["A001", "A012", "A999", "A1000"]


def test_tokens_are_unguessable_and_unique(small_hall, clock):
    """Every ticket gets its own long random token for the resident's page."""
    tokens = {issue(small_hall.hall, small_hall.a, clock() + timedelta(seconds=i)).token for i in range(20)}
    assert len(tokens) == 20 and all(len(token) >= 20 for token in tokens)
