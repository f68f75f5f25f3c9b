"""Abuse at the kiosk: how many slips one kiosk, one address or one person may take, and how often a slip
may be printed again.

A kiosk is open to anyone, so a script or a prankster can empty a day's numbers. Three limits, each with a
message a resident understands (``RateLimited``, 429):

* per kiosk: at most N slips a minute, counted per registered device, or per hall and client address for a
  kiosk that is not registered (several may share an address, hence the higher limit); a fixed window in the
  shared ``Throttle`` table, so every app process counts the same;
* per person (when the hall asks for an ID card or mobile number): one open ticket per service (a second
  attempt is answered with the first number, ``AlreadyWaiting``), and at most M tickets a day across
  services, counted from the day's tickets themselves;
* per ticket: at most R reprints of its slip.

The counts are made in the issuing transaction: a refused attempt is rolled back with it and counts nothing,
so only slips actually handed out use up a kiosk's minute.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from hall.errors import AlreadyWaiting, RateLimited
from hall.extensions import db
from hall.labels import service_name
from hall.models import HistoryEntry, Kind, Service, Ticket, TicketState
from hall.services import throttle
from hall.services.kiosk_identity import identity_key

WINDOW_SECONDS = 60
# Tickets that still hold their owner's place today: a second one for the same service is refused.
OPEN_STATES = (TicketState.WAITING, TicketState.CALLED, TicketState.HELD)


@dataclass(frozen=True)
class KioskPolicy:
    """The deployment's limits (config.py, ``KIOSK_*``; 0 turns one off) and the key for identity hashes."""

    identity_key: bytes
    tickets_per_device_minute: int = 12
    tickets_per_address_minute: int = 30
    tickets_per_identity_day: int = 5
    reprints_per_ticket: int = 2

    @classmethod
    def from_config(cls, config: Mapping) -> "KioskPolicy":
        defaults = cls(identity_key=b"")
        return cls(
            identity_key=identity_key(config["SECRET_KEY"]),
            tickets_per_device_minute=int(
                config.get("KIOSK_TICKETS_PER_DEVICE_MINUTE", defaults.tickets_per_device_minute)
            ),
            tickets_per_address_minute=int(
                config.get("KIOSK_TICKETS_PER_ADDRESS_MINUTE", defaults.tickets_per_address_minute)
            ),
            tickets_per_identity_day=int(
                config.get("KIOSK_TICKETS_PER_IDENTITY_DAY", defaults.tickets_per_identity_day)
            ),
            reprints_per_ticket=int(config.get("KIOSK_REPRINTS_PER_TICKET", defaults.reprints_per_ticket)),
        )


def count_slip(*, hall_id: int, device_id: int | None, client_address: str | None, policy: KioskPolicy, now: datetime):
    """Count one slip handed out by this kiosk; ``RateLimited`` past its limit for the current minute."""
    if device_id is not None:
        key, limit = f"kiosk:device:{device_id}", policy.tickets_per_device_minute
    elif client_address:
        key, limit = f"kiosk:address:{hall_id}:{client_address}", policy.tickets_per_address_minute
    else:
        return  # a direct call (CLI, tests): nothing identifies a kiosk to count
    if limit <= 0:
        return
    try:
        throttle.hit(key, limit=limit, window_seconds=WINDOW_SECONDS, now=now)
    except RateLimited as refused:
        raise RateLimited(
            _l(
                "This kiosk has just given out many numbers. Please wait a minute and try again, "
                "or ask at the service desk."
            ),
            **refused.details,
        ) from None


def open_ticket(*, hall_id: int, service_id: int, day: date, digest: str) -> Ticket | None:
    """The person's ticket for this service today that still holds its place, if any."""
    return db.session.scalar(
        select(Ticket)
        .where(
            Ticket.hall_id == hall_id,
            Ticket.service_day == day,
            Ticket.identity_hash == digest,
            Ticket.service_id == service_id,
            Ticket.state.in_(OPEN_STATES),
        )
        .order_by(Ticket.id)
        .limit(1)
    )


def refuse_second_ticket(ticket: Ticket, service: Service, policy: KioskPolicy) -> None:
    """``AlreadyWaiting`` with the number the person holds (the kiosk offers to print its slip again)."""
    raise AlreadyWaiting(
        _l(
            "You already have number %(number)s for %(service)s today, and it is still valid. "
            "There is no need to take another.",
            number=ticket.number,
            service=service_name(service),
        ),
        number=ticket.number,
        state=ticket.state.value,
        reprint=reprints(ticket.id) < policy.reprints_per_ticket,
    )


def check_person_day(*, hall_id: int, day: date, digest: str, policy: KioskPolicy) -> None:
    """``RateLimited`` once the person has taken the day's most tickets in this hall (all services)."""
    limit = policy.tickets_per_identity_day
    if limit <= 0:
        return
    taken = db.session.scalar(
        select(func.count())
        .select_from(Ticket)
        .where(Ticket.hall_id == hall_id, Ticket.service_day == day, Ticket.identity_hash == digest)
    )
    if taken >= limit:
        raise RateLimited(
            _l(
                "You have taken %(count)s numbers today, the most one person can take. Please ask at the service desk.",
                count=taken,
            ),
            count=taken,
        )


def reprints(ticket_id: int) -> int:
    return db.session.scalar(
        select(func.count())
        .select_from(HistoryEntry)
        .where(HistoryEntry.ticket_id == ticket_id, HistoryEntry.kind == Kind.REPRINTED)
    )


def check_reprint(ticket: Ticket, policy: KioskPolicy) -> None:
    """``RateLimited`` once the slip has been printed again as often as allowed."""
    if reprints(ticket.id) >= policy.reprints_per_ticket:
        raise RateLimited(
            _l(
                "The slip for number %(number)s has already been printed again. "
                "Please remember your number, or ask at the service desk.",
                number=ticket.number,
            ),
            number=ticket.number,
        )
