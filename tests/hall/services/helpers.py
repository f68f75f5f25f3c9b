"""Short calls into the services for tests, each in its own write transaction like an adapter."""

from flask import current_app

from hall.db import write_transaction
from hall.services import calling, counter_actions
from hall.services.kiosk_limits import KioskPolicy
from hall.services.ticketing import issue_ticket


def kiosk_policy() -> KioskPolicy:
    """The test app's limits and identity key, as the API passes them (so its hashes match the API's)."""
    return KioskPolicy.from_config(current_app.config)


def issue(hall, service, clock, advance_seconds=1, **kwargs):
    kwargs.setdefault("policy", kiosk_policy())
    with write_transaction():
        return issue_ticket(
            hall_id=hall.id, service_id=service.id, now=clock.advance(seconds=advance_seconds), **kwargs
        )


def call_next(window, clerk, clock):
    with write_transaction():
        return calling.call_next(counter_id=window.id, staff_id=clerk.id, now=clock.advance(seconds=1))


def act(action, ticket, window, clerk, clock, **kwargs):
    """Run a counter action such as counter_actions.finish on ``ticket`` at ``window``."""
    with write_transaction():
        return action(
            ticket_id=ticket.id, counter_id=window.id, staff_id=clerk.id, now=clock.advance(seconds=1), **kwargs
        )


def hall_act(action, ticket, hall, staff, clock, **kwargs):
    with write_transaction():
        return action(ticket_id=ticket.id, hall_id=hall.id, staff_id=staff.id, now=clock.advance(seconds=1), **kwargs)


__all__ = ["act", "call_next", "counter_actions", "hall_act", "issue", "kiosk_policy"]
