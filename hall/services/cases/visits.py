"""A visit: the resident served on one ticket, entered once for all the cases of that visit."""

import secrets
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hall import permissions
from hall.errors import InvalidState, NotFound, PermissionDenied, ValidationFailed
from hall.extensions import db
from hall.models import ACTIVE_STATES, CaseState, Counter, HistoryEntry, Kind, Staff, Ticket, Visit
from hall.permissions import Capability
from hall.services import identity
from hall.services.cases import access
from hall.timeutil import service_day

NAME_MAX = 64


def visit_of_ticket(ticket_id: int) -> Visit | None:
    return db.session.scalar(select(Visit).where(Visit.ticket_id == ticket_id))


def open_visit(*, staff_id: int, counter_id: int, now: datetime) -> Visit:
    """The visit of the ticket now at ``counter_id`` (created on first use), for the clerk signed in there."""
    counter = db.session.get(Counter, counter_id)
    if counter is None:
        raise NotFound(_l("There is no such window."))
    access.front_desk(staff_id, counter.hall_id)
    if counter.staff_id != staff_id:
        raise InvalidState(_l("Sign in at window %(number)s first.", number=counter.number))
    ticket = db.session.scalar(select(Ticket).where(Ticket.counter_id == counter.id, Ticket.state.in_(ACTIVE_STATES)))
    if ticket is None:
        raise InvalidState(_l("Call a resident first: cases are recorded for the ticket being served."))
    visit = visit_of_ticket(ticket.id)
    if visit is not None:
        return visit
    visit = Visit(
        hall_id=counter.hall_id,
        ticket_id=ticket.id,
        counter_id=counter.id,
        clerk_id=staff_id,
        created_at=now,
        token=secrets.token_urlsafe(16)[:22],
    )
    db.session.add(visit)
    db.session.flush()
    db.session.add(
        HistoryEntry(
            hall_id=visit.hall_id,
            at=now,
            kind=Kind.VISIT_OPENED,
            ticket_id=ticket.id,
            counter_id=counter.id,
            staff_id=staff_id,
            data={"visit": visit.id, "number": ticket.number},
            channel="counter",
        )
    )
    return visit


def front_visit(staff_id: int, visit_id: int) -> Visit:
    """The visit, for its hall's front desk. Staff of other halls get NotFound, as for cases: a visit id does
    not tell a stranger that the visit exists. The hall's officers get PermissionDenied (they know it does)."""
    visit = db.session.get(Visit, visit_id)
    if visit is None or not permissions.can(access.staff_member(staff_id), Capability.VIEW_CASES, visit.hall_id):
        raise NotFound(_l("There is no such visit."))
    access.front_desk(staff_id, visit.hall_id)
    return visit


def record_applicant(
    *, staff_id: int, visit_id: int, name: str, id_type: str, id_number: str, phone: str, now: datetime
) -> Visit:
    """Enter or correct the applicant (validated: ID checksum, phone) while no case of the visit is accepted.

    Only someone who sees the applicant in full may change it (a manager signed in at a window, not one
    supervising): a correction typed over masked values could only be wrong (docs/PRIVACY.md).
    """
    visit = front_visit(staff_id, visit_id)
    if not access.sees_applicant_in_full(db.session.get(Staff, staff_id), visit):
        raise PermissionDenied(_l("Sign in at one of the hall's windows to record or correct the applicant."))
    if any(case.state not in (CaseState.RECEIVED, CaseState.WITHDRAWN) for case in visit.cases):
        raise InvalidState(
            _l("The applicant cannot change once a case of this visit has been accepted, noticed or rejected.")
        )
    name = " ".join((name or "").split())
    if not name:
        raise ValidationFailed(_l("Enter the applicant's name."), field="applicant_name")
    if len(name) > NAME_MAX:
        raise ValidationFailed(_l("The name is too long."), field="applicant_name")
    try:
        kind = identity.IdType(id_type)
    except ValueError:
        raise ValidationFailed(_l("Choose the kind of identity document."), field="id_type") from None
    today = service_day(now, visit.hall.timezone)
    visit.applicant_name = name
    visit.id_type = kind.value
    visit.id_number = identity.normalize_id(kind, id_number, today=today)
    visit.phone = identity.normalize_phone(phone)
    # The history keeps masked forms only: it is read by reports and audits, not for personal data.
    db.session.add(
        HistoryEntry(
            hall_id=visit.hall_id,
            at=now,
            kind=Kind.APPLICANT_RECORDED,
            ticket_id=visit.ticket_id,
            staff_id=staff_id,
            data={
                "visit": visit.id,
                "name": identity.mask_name(visit.applicant_name),
                "id": identity.mask_id(visit.id_number),
                "phone": identity.mask_phone(visit.phone),
            },
            channel="counter",
        )
    )
    return visit


def local_day(visit: Visit, now: datetime) -> date:
    return service_day(now, visit.hall.timezone)
