"""The calling rules in isolation: green first, anti-starvation, service order, arrival."""

from datetime import UTC, datetime, timedelta

from hall.models import Priority
from hall.services.policy import Candidate, call_order_key

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
MAX_WAIT = timedelta(minutes=30)


def candidate(ticket_id, minutes_waiting, position=0, green=False):
    return Candidate(
        ticket_id=ticket_id,
        service_id=position + 1,
        priority=Priority.GREEN if green else Priority.NORMAL,
        queue_at=NOW - timedelta(minutes=minutes_waiting),
        position=position,
    )


def pick(candidates, strict=False):
    return min(
        candidates, key=lambda c: call_order_key(c, now=NOW, max_wait=MAX_WAIT, strict_service_order=strict)
    ).ticket_id


def test_green_channel_before_anyone_else():
    """A green-channel ticket that just arrived goes before a normal one that has waited long."""
    assert pick([candidate(1, 25), candidate(2, 1, green=True)]) == 2


def test_arrival_order_across_services_by_default():
    """Without strict service order the longest-waiting ticket goes first, whatever its service."""
    assert pick([candidate(1, 5, position=0), candidate(2, 9, position=1)]) == 2


def test_service_order_breaks_exact_ties():
    """Two tickets that arrived at the same instant: the counter's first service goes first."""
    assert pick([candidate(1, 5, position=1), candidate(2, 5, position=0)]) == 2


def test_strict_service_order_serves_the_first_service_first():
    """At a strict counter the first service wins even against an older ticket of the second service."""
    assert pick([candidate(1, 5, position=0), candidate(2, 20, position=1)], strict=True) == 1


def test_anti_starvation_at_a_strict_counter():
    """A second-service ticket past the maximum wait jumps ahead of the first service."""
    assert pick([candidate(1, 5, position=0), candidate(2, 31, position=1)], strict=True) == 2


def test_exactly_the_maximum_wait_counts_as_starving():
    """Waiting exactly the maximum counts as waiting too long."""
    assert pick([candidate(1, 5, position=0), candidate(2, 30, position=1)], strict=True) == 2


def test_starving_normal_ticket_still_yields_to_green():
    """Green channel stays first even when a normal ticket has waited past the maximum."""
    assert pick([candidate(1, 45), candidate(2, 0, green=True)]) == 2
