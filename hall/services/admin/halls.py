"""Halls: created by the county administrator with their first manager; their settings kept by managers."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hall import permissions
from hall.errors import NotFound
from hall.extensions import db
from hall.models import Hall, KioskIdentity, Role, Staff
from hall.permissions import Capability
from hall.services.admin import audit, calendar, checks, staff
from hall.timeutil import service_day

# Fields a manager changes on the settings page (the code identifies the hall and never changes).
SETTINGS = (
    "name",
    "address",
    "timezone",
    "ticketing_hours",
    "notice",
    "max_wait_minutes",
    "recall_cap",
    "enquiry_phone",
    "supervision_phone",
    "open_on_non_working_days",
    "require_devices",
    "kiosk_identity",
)


def clean_settings(values: dict) -> dict:
    """Validated hall settings from a form or an imported file; raises ValidationFailed naming the field."""
    return {
        "name": checks.text(values.get("name"), "name", max_length=100, required=True),
        "address": checks.text(values.get("address"), "address", max_length=200),
        "timezone": checks.timezone(values.get("timezone"), "timezone"),
        "ticketing_hours": checks.hours(values.get("ticketing_hours"), "ticketing_hours", required=True),
        "notice": checks.text(values.get("notice"), "notice", max_length=500),
        "max_wait_minutes": checks.number(values.get("max_wait_minutes"), "max_wait_minutes", minimum=5, maximum=480),
        "recall_cap": checks.number(values.get("recall_cap"), "recall_cap", minimum=0, maximum=20),
        "enquiry_phone": checks.phone(values.get("enquiry_phone"), "enquiry_phone"),
        "supervision_phone": checks.phone(values.get("supervision_phone"), "supervision_phone"),
        "open_on_non_working_days": bool(values.get("open_on_non_working_days")),
        "require_devices": bool(values.get("require_devices")),
        "kiosk_identity": _kiosk_identity(values.get("kiosk_identity")),
    }


def _kiosk_identity(value) -> str:
    value = value or KioskIdentity.OFF.value
    if value not in {mode.value for mode in KioskIdentity}:
        checks.fail("kiosk_identity", _l("Choose whether the kiosk asks for an ID card or mobile number."))
    return value


def create_hall(
    *,
    actor_id: int,
    code: str,
    name: str,
    timezone: str,
    manager_username: str,
    manager_name: str,
    manager_password: str,
    now: datetime,
) -> Hall:
    """A new hall with default settings, its first manager, and this year's national holidays."""
    actor = permissions.require(db.session.get(Staff, actor_id), Capability.MANAGE_HALLS)
    code = checks.pattern(
        code, "code", checks.HALL_CODE, _l("2 to 32 lowercase letters, digits or hyphens, e.g. qingshan.")
    )
    if db.session.scalar(select(Hall.id).where(Hall.code == code)):
        checks.fail("code", _l("There is already a hall with the code %(code)s.", code=code))
    hall = Hall(
        code=code,
        name=checks.text(name, "name", max_length=100, required=True),
        timezone=checks.timezone(timezone, "timezone"),
        created_at=now,
    )
    db.session.add(hall)
    db.session.flush()
    audit.record(hall.id, actor.id, now, "hall", "created", hall.id, code=code)
    staff.create_staff(
        actor_id=actor.id,
        hall_id=hall.id,
        username=manager_username,
        name=manager_name,
        role=Role.MANAGER,
        password=manager_password,
        now=now,
    )
    year = service_day(now, hall.timezone).year
    for prefill_year in (year, year + 1):
        calendar.prefill_national_holidays(
            actor_id=actor.id, hall_id=hall.id, year=prefill_year, now=now, missing_ok=True
        )
    return hall


def update_settings(*, actor_id: int, hall_id: int, values: dict, now: datetime) -> dict:
    """Change the hall's settings; return what changed ({field: [old, new]})."""
    hall = db.session.get(Hall, hall_id)
    if hall is None:
        raise NotFound(_l("There is no such hall."))
    permissions.require(db.session.get(Staff, actor_id), Capability.CONFIGURE_HALL, hall_id)
    changed = audit.changes(hall, clean_settings(values))
    if changed:
        audit.record(hall.id, actor_id, now, "hall", "updated", hall.id, **changed)
    return changed


def visible_halls(actor: Staff) -> list[Hall]:
    """The halls whose management pages this person may open."""
    query = select(Hall).order_by(Hall.name)
    if not permissions.can(actor, Capability.MANAGE_HALLS):
        query = query.where(Hall.id == actor.hall_id)
    return list(db.session.scalars(query))
