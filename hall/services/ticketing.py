"""Issuing tickets at the kiosk: hours, daily cap, numbering, in one transaction."""

import secrets
from datetime import datetime

from flask_babel import lazy_gettext as _l

from hall import permissions
from hall.errors import DailyCapReached, NotFound, PermissionDenied, TicketingClosed, ValidationFailed
from hall.extensions import db
from hall.labels import service_name
from hall.models import Device, DeviceKind, HistoryEntry, Kind, Priority, Service, Staff, Ticket, TicketState
from hall.permissions import Capability
from hall.services import workdays
from hall.services.hours import OpeningHours
from hall.services.queue_days import bump_queue_day
from hall.services.queue_view import people_ahead
from hall.timeutil import local


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
) -> Ticket:
    """Give a resident the next number of ``service_id`` for the hall's current local day.

    Where the hall requires registered devices, only its kiosks (``device_id``) and its clerks and managers
    (``staff_id``, e.g. issuing for a resident at the window) may issue.
    """
    service = db.session.get(Service, service_id)
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
    seq, _ = bump_queue_day(service.id, day, seq=1, waiting=1)
    if service.daily_cap is not None and seq > service.daily_cap:
        # The adapter rolls the transaction back, so the number is not used up.
        raise DailyCapReached(
            _l("Today's tickets are all taken. If a window is free, please go to it directly."),
            cap=service.daily_cap,
        )

    ticket = Ticket(
        hall_id=hall.id,
        service_id=service.id,
        issued_service_id=service.id,
        service_day=day,
        seq=seq,
        number=format_number(service.prefix, seq),
        token=secrets.token_urlsafe(16),
        priority=priority,
        state=TicketState.WAITING,
        queue_at=now,
        issued_at=now,
    )
    db.session.add(ticket)
    db.session.flush()
    ticket.people_ahead_at_issue = people_ahead(ticket)
    db.session.add(
        HistoryEntry(
            hall_id=hall.id,
            at=now,
            kind=Kind.ISSUED,
            ticket_id=ticket.id,
            service_id=service.id,
            staff_id=staff_id,
            device_id=device_id,
            # The service's name then: renaming the service later does not rewrite what happened.
            data={"number": ticket.number, "priority": priority.value, "service": service.name},
            channel=channel,
        )
    )
    return ticket


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
