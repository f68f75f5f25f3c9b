"""Plain-data shapes shared by the read models: what a ticket, counter or service looks like on a screen.

Only numbers, services and windows: nothing here may identify a person (public screens use these too).
"""

from datetime import datetime

from hall.models import Counter, Service, Ticket
from hall.timeutil import local


def iso(instant: datetime | None) -> str | None:
    return instant.isoformat() if instant else None


def clock_time(instant: datetime | None, tz_name: str) -> str | None:
    return f"{local(instant, tz_name):%H:%M}" if instant else None


def service_brief(service: Service) -> dict:
    return {"id": service.id, "name": service.name, "name_en": service.name_en, "prefix": service.prefix}


def counter_brief(counter: Counter) -> dict:
    return {"id": counter.id, "number": counter.number, "name": counter.name}


def ticket_public(ticket: Ticket) -> dict:
    """A ticket as any screen may show it."""
    return {
        "number": ticket.number,
        "state": ticket.state.value,
        "service": service_brief(ticket.service),
        "counter": counter_brief(ticket.counter) if ticket.counter else None,
    }
