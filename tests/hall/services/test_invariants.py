"""Random days at the counters: whatever clerks do, the queue's bookkeeping stays exactly right."""

import random
from functools import partial

import pytest

from hall.db import write_transaction
from hall.errors import DomainError
from hall.extensions import db
from hall.models import ACTIVE_STATES, Ticket, TicketState
from hall.services import calling, counter_actions, lifecycle
from hall.services.ticketing import issue_ticket
from hall.timeutil import service_day
from tests.hall.services.helpers import kiosk_policy


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_random_operations_keep_counts_and_one_ticket_per_window(small_hall, clock, seed):
    """300 random kiosk and counter actions: stored queue lengths equal the tickets, no window holds two."""
    rng = random.Random(seed)
    h = small_hall
    windows = [(h.w1, h.c1), (h.w2, h.c2), (h.w3, h.c3)]
    for _ in range(300):
        clock.advance(seconds=rng.randint(1, 90))
        window, clerk = rng.choice(windows)
        tickets = db.session.query(Ticket).all()
        ticket = rng.choice(tickets) if tickets else None
        common = {"staff_id": clerk.id, "now": clock()}
        operations = [
            partial(
                issue_ticket,
                hall_id=h.hall.id,
                service_id=rng.choice([h.a, h.b]).id,
                now=clock(),
                policy=kiosk_policy(),
            ),
            partial(calling.call_next, counter_id=window.id, **common),
            partial(counter_actions.finish_and_call_next, counter_id=window.id, **common),
        ]
        if ticket is not None:
            at_window = {"ticket_id": ticket.id, "counter_id": window.id, **common}
            in_hall = {"ticket_id": ticket.id, "hall_id": h.hall.id, **common}
            operations += [
                partial(action, **at_window)
                for action in (
                    counter_actions.recall,
                    counter_actions.start,
                    counter_actions.finish,
                    counter_actions.no_show,
                    counter_actions.hold,
                    counter_actions.call_back,
                )
            ]
            operations += [
                partial(counter_actions.transfer, to_service_id=rng.choice([h.a, h.b]).id, **at_window),
                partial(counter_actions.reactivate, **in_hall),
                partial(counter_actions.cancel, **in_hall),
                partial(calling.call_number, counter_id=window.id, number=ticket.number, **common),
            ]
        try:
            with write_transaction():
                rng.choice(operations)()
        except DomainError:
            pass  # refused actions are part of a real day; they must change nothing
        day = service_day(clock(), h.hall.timezone)
        for past in {t.service_day for t in db.session.query(Ticket)} | {day}:
            assert lifecycle.waiting_count_drift(h.hall.id, past) == {}
        active = [t.counter_id for t in db.session.query(Ticket).filter(Ticket.state.in_(ACTIVE_STATES))]
        assert len(active) == len(set(active))
    assert db.session.query(Ticket).filter(Ticket.state == TicketState.DONE).count() > 0
