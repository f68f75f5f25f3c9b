"""Departments of a hall (民政、社保 ...): what the kiosk groups services by and officers work for."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from hall import permissions
from hall.errors import InvalidState, NotFound
from hall.extensions import db
from hall.models import Department, Staff, service_department
from hall.permissions import Capability
from hall.services.admin import audit, checks


def _authorised(actor_id: int, hall_id: int) -> None:
    permissions.require(db.session.get(Staff, actor_id), Capability.CONFIGURE_HALL, hall_id)


def clean(values: dict) -> dict:
    return {
        "name": checks.text(values.get("name"), "name", max_length=100, required=True),
        "name_en": checks.text(values.get("name_en"), "name_en", max_length=100),
        "position": checks.number(values.get("position", 0), "position", minimum=0, maximum=999),
    }


def _unique_name(hall_id: int, name: str, except_id: int | None = None) -> None:
    clash = db.session.scalar(
        select(Department.id).where(
            Department.hall_id == hall_id, Department.name == name, Department.id != (except_id or 0)
        )
    )
    if clash:
        checks.fail("name", _l("There is already a department called %(name)s.", name=name))


def listed(hall_id: int) -> list[Department]:
    return list(
        db.session.scalars(
            select(Department).where(Department.hall_id == hall_id).order_by(Department.position, Department.id)
        )
    )


def get(hall_id: int, department_id: int) -> Department:
    department = db.session.get(Department, department_id)
    if department is None or department.hall_id != hall_id:
        raise NotFound(_l("There is no such department."))
    return department


def create(*, actor_id: int, hall_id: int, values: dict, now: datetime) -> Department:
    _authorised(actor_id, hall_id)
    values = clean(values)
    _unique_name(hall_id, values["name"])
    department = Department(hall_id=hall_id, **values)
    db.session.add(department)
    db.session.flush()
    audit.record(hall_id, actor_id, now, "department", "created", department.id, name=values["name"])
    return department


def update(*, actor_id: int, hall_id: int, department_id: int, values: dict, now: datetime) -> Department:
    _authorised(actor_id, hall_id)
    department = get(hall_id, department_id)
    values = clean(values)
    _unique_name(hall_id, values["name"], except_id=department.id)
    changed = audit.changes(department, values)
    if changed:
        audit.record(hall_id, actor_id, now, "department", "updated", department.id, **changed)
    return department


def delete(*, actor_id: int, hall_id: int, department_id: int, now: datetime) -> None:
    """Only a department no service covers and no officer works for can go."""
    _authorised(actor_id, hall_id)
    department = get(hall_id, department_id)
    services = db.session.scalar(
        select(func.count()).select_from(service_department).where(service_department.c.department_id == department.id)
    )
    officers = db.session.scalar(select(func.count()).select_from(Staff).where(Staff.department_id == department.id))
    if services or officers:
        raise InvalidState(_l("%(name)s still has services or staff; move them first.", name=department.name))
    audit.record(hall_id, actor_id, now, "department", "deleted", department.id, name=department.name)
    db.session.delete(department)
