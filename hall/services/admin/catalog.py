"""The services residents choose at the kiosk: names, prefixes, caps, hours, green channel.

A service that has ever issued a ticket is never deleted, only deactivated (its tickets and their history keep
pointing at it); renaming it changes no history (tickets keep their numbers, the history its name then).
"""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from hall import permissions
from hall.errors import InvalidState, NotFound
from hall.extensions import db
from hall.models import CounterService, Department, Service, Staff, Ticket
from hall.permissions import Capability
from hall.services.admin import audit, checks


def _authorised(actor_id: int, hall_id: int) -> None:
    permissions.require(db.session.get(Staff, actor_id), Capability.CONFIGURE_HALL, hall_id)


def clean(values: dict) -> dict:
    prefix = (values.get("prefix") or "").strip().upper()
    checks.pattern(prefix, "prefix", checks.PREFIX, _l("One or two capital letters, e.g. A or SB."))
    return {
        "name": checks.text(values.get("name"), "name", max_length=100, required=True),
        "name_en": checks.text(values.get("name_en"), "name_en", max_length=100),
        "prefix": prefix,
        "description": checks.text(values.get("description"), "description", max_length=200),
        "description_en": checks.text(values.get("description_en"), "description_en", max_length=200),
        "daily_cap": checks.number(values.get("daily_cap"), "daily_cap", minimum=1, maximum=9999, required=False),
        "ticketing_hours": checks.hours(values.get("ticketing_hours"), "ticketing_hours", required=False),
        "green_channel": bool(values.get("green_channel")),
        "typical_minutes": checks.number(values.get("typical_minutes", 8), "typical_minutes", minimum=1, maximum=240),
        "position": checks.number(values.get("position", 0), "position", minimum=0, maximum=999),
        "active": bool(values.get("active", True)),
    }


def _departments(hall_id: int, ids) -> list[Department]:
    wanted = {int(i) for i in ids or []}
    found = list(db.session.scalars(select(Department).where(Department.hall_id == hall_id, Department.id.in_(wanted))))
    if len(found) != len(wanted):
        checks.fail("departments", _l("Choose departments of this hall."))
    return sorted(found, key=lambda d: (d.position, d.id))


def _unique_prefix(hall_id: int, prefix: str, except_id: int | None = None) -> None:
    clash = db.session.scalar(
        select(Service).where(Service.hall_id == hall_id, Service.prefix == prefix, Service.id != (except_id or 0))
    )
    if clash:
        checks.fail("prefix", _l("%(prefix)s is already the prefix of %(service)s.", prefix=prefix, service=clash.name))


def get(hall_id: int, service_id: int) -> Service:
    service = db.session.get(Service, service_id)
    if service is None or service.hall_id != hall_id:
        raise NotFound(_l("There is no such service."))
    return service


def create(*, actor_id: int, hall_id: int, values: dict, now: datetime) -> Service:
    _authorised(actor_id, hall_id)
    cleaned = clean(values)
    _unique_prefix(hall_id, cleaned["prefix"])
    service = Service(hall_id=hall_id, departments=_departments(hall_id, values.get("departments")), **cleaned)
    db.session.add(service)
    db.session.flush()
    audit.record(hall_id, actor_id, now, "service", "created", service.id, name=service.name, prefix=service.prefix)
    return service


def update(*, actor_id: int, hall_id: int, service_id: int, values: dict, now: datetime) -> Service:
    _authorised(actor_id, hall_id)
    service = get(hall_id, service_id)
    cleaned = clean(values)
    _unique_prefix(hall_id, cleaned["prefix"], except_id=service.id)
    changed = audit.changes(service, cleaned)
    departments = _departments(hall_id, values.get("departments"))
    if departments != service.departments:
        changed["departments"] = [[d.name for d in service.departments], [d.name for d in departments]]
        service.departments = departments
    if changed:
        audit.record(hall_id, actor_id, now, "service", "updated", service.id, **changed)
    return service


def delete(*, actor_id: int, hall_id: int, service_id: int, now: datetime) -> None:
    """Delete a service that never issued a ticket; any other is deactivated instead."""
    _authorised(actor_id, hall_id)
    service = get(hall_id, service_id)
    used = db.session.scalar(
        select(func.count())
        .select_from(Ticket)
        .where((Ticket.service_id == service.id) | (Ticket.issued_service_id == service.id))
    )
    if used:
        raise InvalidState(
            _l("%(name)s has tickets in its history: deactivate it instead of deleting it.", name=service.name)
        )
    audit.record(hall_id, actor_id, now, "service", "deleted", service.id, name=service.name, prefix=service.prefix)
    for link in db.session.scalars(select(CounterService).where(CounterService.service_id == service.id)):
        link.counter.links.remove(link)  # through the ORM, so every loaded window sees it gone
    service.departments = []
    db.session.delete(service)
