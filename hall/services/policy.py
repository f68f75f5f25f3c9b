"""The calling rules: which waiting ticket a counter calls next.

In plain words (shown to managers on the counter settings page):

1. Green-channel tickets (elderly, disabled, military, pregnant ...) first, oldest first.
2. Then anyone who has waited longer than the hall's maximum wait, oldest first, whichever of the counter's
   services they queue for (anti-starvation).
3. Then, at counters set to "strict service order", the counter's first service before its second, and so on.
4. Then arrival time, oldest first; a transferred or reactivated ticket keeps its original arrival time.
5. The counter's service order breaks remaining ties.

The rules compare only the *head* of each (service, priority class) queue: within one such queue every rule
above prefers the older ticket, so the oldest one is always that queue's best candidate. That is what keeps
call-next flat however long the queues grow (see docs/CALLING.md).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from hall.models import Priority


@dataclass(frozen=True)
class Candidate:
    """The oldest waiting ticket of one (service, priority class) queue."""

    ticket_id: int
    service_id: int
    priority: Priority
    queue_at: datetime
    position: int  # the service's place in the counter's order, 0 first


def call_order_key(candidate: Candidate, *, now: datetime, max_wait: timedelta, strict_service_order: bool) -> tuple:
    """Sort key: the smallest key is called next."""
    starving = now - candidate.queue_at >= max_wait
    return (
        candidate.priority != Priority.GREEN,
        not starving,
        candidate.position if strict_service_order and not starving else 0,
        candidate.queue_at,
        candidate.position,
        candidate.ticket_id,
    )
