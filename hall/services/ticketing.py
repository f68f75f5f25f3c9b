"""Issuing tickets at the kiosk: hours, identity and limits, daily cap, numbering, in one transaction; and
printing a waiting ticket's slip again for the person who took it."""

import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from hall import permissions
from hall.errors import DailyCapReached, NotFound, PermissionDenied, TicketingClosed, ValidationFailed
from hall.extensions import db
from hall.labels import service_name
from hall.models import Device, DeviceKind, HistoryEntry, Kind, Priority, Service, Staff, Ticket, TicketState
from hall.permissions import Capability
from hall.services import kiosk_identity, kiosk_limits, workdays
from hall.services.hours import OpeningHours
from hall.services.kiosk_limits import KioskPolicy
from hall.services.queue_days import bump_queue_day
from hall.services.queue_view import people_ahead_of_arrival
from hall.timeutil import local

_WITH_HALL = [joinedload(Service.hall)]


def format_number(prefix: str, seq: int) -> str:
    """A012: the service's prefix and three digits (four once a day passes 999)."""
    return f"{prefix}{seq:03d}"


def issue_ticket(
    *,
    hall_id: int,
    service_id: int,
    now: datetime,
    priority: Priority = Priority.NORMAL,
    channel: str = "kiosk",
    staff_id: int | None = None,
    device_id: int | None = None,
    identity: str | None = None,
    client_address: str | None = None,
    policy: KioskPolicy,
) -> Ticket:
    """Give a resident the next number of ``service_id`` for the hall's current local day.

    Where the hall requires registered devices, only its kiosks (``device_id``) and its clerks and managers
    (``staff_id``, e.g. issuing for a resident at the window) may issue.

    Where the hall's kiosk asks (``Hall.kiosk_identity``), ``identity`` is the ID card or mobile number typed
    there: a person holds one open ticket per service (``AlreadyWaiting`` carries its number) and a few a day.
    Kiosk slips are limited per device, or per ``client_address`` without one; the ``counter`` channel (a clerk
    issuing for a resident) is exempt. ``policy`` holds the limits and the hashing key: the deployment's,
    from every caller (a default could only be a key of its own, whose hashes would never match the kiosk's).
    """
    # With its hall in the same statement: the adapter's write transaction has just expired the hall it read.
    service = db.session.get(Service, service_id, options=_WITH_HALL)
    if service is None or service.hall_id != hall_id or not service.active:
        raise NotFound(_l("This service is not offered here."))
    hall = service.hall
    _check_issuer(hall.id, hall.require_devices, staff_id, device_id)
    if priority == Priority.GREEN and not service.green_channel:
        raise ValidationFailed(_l("%(service)s has no green channel.", service=service_name(service)))

    local_now = local(now, hall.timezone)
    closed_today = None if hall.open_on_non_working_days else workdays.closed_reason(hall.id, local_now.date())
    if closed_today is not None:
        raise TicketingClosed(
            _l("The hall does not work today (%(reason)s). Please come on a working day.", reason=closed_today),
            closed=str(closed_today),
        )
    hours = OpeningHours.parse(service.ticketing_hours or hall.ticketing_hours)
    if not hours.is_open(local_now.time()):
        raise TicketingClosed(
            _l(
                "Tickets for %(service)s are given out %(hours)s.",
                service=service_name(service),
                hours=hours.describe(),
            ),
            hours=hours.describe(),
        )

    day = local_now.date()
    at_kiosk = channel != "counter"
    person = kiosk_identity.person_from_input(
        hall.kiosk_identity, identity, key=policy.identity_key, hall_id=hall.id, day=day, at_kiosk=at_kiosk
    )
    # Bumping first locks the service's queue row until commit, so two kiosks taking the same person's
    # second ticket at once are serialised and the later one finds the first (on PostgreSQL as on SQLite).
    seq, _ = bump_queue_day(service.id, day, seq=1, waiting=1)
    if person is not None:
        held = kiosk_limits.open_ticket(hall_id=hall.id, service_id=service.id, day=day, digest=person.digest)
        if held is not None:
            kiosk_limits.refuse_second_ticket(held, service, policy)
        kiosk_limits.check_person_day(hall_id=hall.id, day=day, digest=person.digest, policy=policy)
    if at_kiosk:
        kiosk_limits.count_slip(
            hall_id=hall.id, device_id=device_id, client_address=client_address, policy=policy, now=now
        )
    if service.daily_cap is not None and seq > service.daily_cap:
        # The adapter rolls the transaction back, so the number is not used up.
        raise DailyCapReached(
            _l("Today's tickets are all taken. If a window is free, please go to it directly."),
            cap=service.daily_cap,
        )

    ahead = people_ahead_of_arrival(service.id, day, priority, now)
    ticket = Ticket(
        hall_id=hall.id,
        # The objects, not only their ids: the reply and the realtime payloads then need no reloading.
        service=service,
        issued_service=service,
        service_day=day,
        seq=seq,
        number=format_number(service.prefix, seq),
        token=secrets.token_urlsafe(16),
        priority=priority,
        state=TicketState.WAITING,
        queue_at=now,
        issued_at=now,
        identity_hash=person.digest if person else None,
        identity_kind=person.kind if person else None,
        identity_hint=person.hint if person else None,
        people_ahead_at_issue=ahead,
    )
    db.session.add(ticket)
    db.session.flush()
    # The service's name then: renaming the service later does not rewrite what happened. Of the person only
    # the kind of number typed: history is exported and reported on, and must not identify anyone.
    data = {"number": ticket.number, "priority": priority.value, "service": service.name}
    if person is not None:
        data["identity"] = person.kind
    _record(ticket, Kind.ISSUED, now=now, channel=channel, staff_id=staff_id, device_id=device_id, data=data)
    return ticket


def reprint_ticket(
    *,
    hall_id: int,
    service_id: int,
    identity: str,
    now: datetime,
    device_id: int | None = None,
    client_address: str | None = None,
    policy: KioskPolicy,
) -> Ticket:
    """The person's open ticket for ``service_id`` today, to print its slip again (same number, same QR code).

    Typing the ID card or mobile number again is the proof: it is what the kiosk knew when it refused a second
    ticket. Someone who knows another person's number could get that person's slip, so a slip is reprinted at
    most ``policy.reprints_per_ticket`` times, each counts as a slip of the kiosk, is recorded in the history
    (``ticket.reprinted``, with the device), and the clerk still sees the masked hint (DECISIONS).
    """
    service = db.session.get(Service, service_id)
    if service is None or service.hall_id != hall_id:
        raise NotFound(_l("This service is not offered here."))
    hall = service.hall
    _check_issuer(hall.id, hall.require_devices, None, device_id)
    day = local(now, hall.timezone).date()
    person = kiosk_identity.person_from_input(
        hall.kiosk_identity, identity, key=policy.identity_key, hall_id=hall.id, day=day
    )
    ticket = (
        kiosk_limits.open_ticket(hall_id=hall.id, service_id=service.id, day=day, digest=person.digest)
        if person is not None
        else None
    )
    if ticket is None:
        raise NotFound(
            _l("No number for %(service)s is waiting under this ID or phone today.", service=service_name(service))
        )
    kiosk_limits.check_reprint(ticket, policy)
    kiosk_limits.count_slip(hall_id=hall.id, device_id=device_id, client_address=client_address, policy=policy, now=now)
    _record(ticket, Kind.REPRINTED, now=now, channel="kiosk", device_id=device_id, data={"number": ticket.number})
    return ticket


def _record(
    ticket: Ticket,
    kind: Kind,
    *,
    now: datetime,
    channel: str,
    data: dict,
    staff_id: int | None = None,
    device_id: int | None = None,
) -> None:
    # Under the queue the ticket is in now: a reprint after a transfer counts for the new service.
    db.session.add(
        HistoryEntry(
            hall_id=ticket.hall_id,
            at=now,
            kind=kind,
            ticket_id=ticket.id,
            service_id=ticket.service_id,
            staff_id=staff_id,
            device_id=device_id,
            data=data,
            channel=channel,
        )
    )


def _check_issuer(hall_id: int, devices_required: bool, staff_id: int | None, device_id: int | None) -> None:
    device = db.session.get(Device, device_id) if device_id else None
    if device is not None and (device.hall_id != hall_id or not device.active or device.kind != DeviceKind.KIOSK):
        raise PermissionDenied(_l("This device is not one of this hall's kiosks."))
    if not devices_required or device is not None:
        return
    if not permissions.can(db.session.get(Staff, staff_id) if staff_id else None, Capability.SERVE, hall_id):
        raise PermissionDenied(
            _l(
                "Tickets are given out by the hall's registered kiosks; this one is not "
                "registered. Please ask at the service desk."
            )
        )
