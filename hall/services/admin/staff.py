"""Staff accounts of a hall: created, given roles, windows or a department, reset, deactivated (never deleted)."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from hall import permissions
from hall.errors import CounterBusy, NotFound, PermissionDenied
from hall.extensions import db
from hall.models import Counter, Department, Role, Staff
from hall.permissions import Capability
from hall.services import accounts, counters
from hall.services.admin import audit, checks


def _actor(actor_id: int, hall_id: int) -> Staff:
    return permissions.require(db.session.get(Staff, actor_id), Capability.MANAGE_STAFF, hall_id)


def _role(actor: Staff, value) -> Role:
    try:
        role = Role(value)
    except ValueError:
        checks.fail("role", _l("Choose a role."))
    if not permissions.may_assign(actor, role):
        raise PermissionDenied(_l("You may not give the role %(role)s.", role=role.value), field="role")
    return role


def _assignments(hall_id: int, role: Role, values: dict) -> tuple[Department | None, list[Counter]]:
    department = None
    if role == Role.OFFICER:
        department_id = values.get("department_id")
        department = db.session.get(Department, int(department_id)) if department_id else None
        if department is None or department.hall_id != hall_id:
            checks.fail("department_id", _l("An officer works for one department: choose it."))
    wanted = {int(i) for i in values.get("windows") or []} if role in (Role.CLERK, Role.MANAGER) else set()
    windows = list(db.session.scalars(select(Counter).where(Counter.hall_id == hall_id, Counter.id.in_(wanted))))
    if len(windows) != len(wanted):
        checks.fail("windows", _l("Choose windows of this hall."))
    return department, sorted(windows, key=lambda w: w.number)


def get(hall_id: int, staff_id: int) -> Staff:
    staff = db.session.get(Staff, staff_id)
    if staff is None or staff.hall_id != hall_id:
        raise NotFound(_l("There is no such staff member."))
    return staff


def create_staff(
    *,
    actor_id: int,
    hall_id: int,
    username: str,
    name: str,
    role,
    password: str,
    now: datetime,
    department_id=None,
    windows=(),
) -> Staff:
    actor = _actor(actor_id, hall_id)
    username = checks.pattern(
        (username or "").strip().lower(),
        "username",
        checks.USERNAME,
        _l("2 to 64 lowercase letters, digits, dots, hyphens or underscores."),
    )
    if db.session.scalar(select(Staff.id).where(func.lower(Staff.username) == username)):
        checks.fail("username", _l("The username %(username)s is taken.", username=username))
    role = _role(actor, role)
    department, assigned = _assignments(hall_id, role, {"department_id": department_id, "windows": windows})
    staff = Staff(
        hall_id=None if role == Role.ADMIN else hall_id,
        username=username,
        role=role,
        created_at=now,
        name=checks.text(name, "name", max_length=64, required=True),
        department=department,
        windows=assigned,
    )
    staff.set_password(accounts.check_new_password(password, username))
    db.session.add(staff)
    db.session.flush()
    audit.record(hall_id, actor.id, now, "staff", "created", staff.id, username=username, role=role.value)
    return staff


def update_staff(*, actor_id: int, hall_id: int, staff_id: int, values: dict, now: datetime) -> Staff:
    """Change name, role, department, windows, active. Deactivating signs the person out of their windows."""
    actor = _actor(actor_id, hall_id)
    staff = get(hall_id, staff_id)
    if not permissions.may_assign(actor, staff.role):
        raise PermissionDenied(_l("You may not change this account."))
    role = _role(actor, values.get("role", staff.role))
    active = bool(values.get("active", True))
    if staff.id == actor.id and (not active or role != staff.role):
        raise PermissionDenied(_l("You cannot deactivate yourself or change your own role."), field="role")
    department, windows = _assignments(hall_id, role, values)
    changed = audit.changes(
        staff,
        {
            "name": checks.text(values.get("name"), "name", max_length=64, required=True),
            "role": role,
            "active": active,
            "department_id": department.id if department else None,
        },
    )
    if [w.id for w in windows] != [w.id for w in staff.windows]:
        changed["windows"] = [[w.number for w in staff.windows], [w.number for w in windows]]
        staff.windows = windows
    if not active:
        _leave_windows(staff, now)
    if changed:
        audit.record(hall_id, actor.id, now, "staff", "updated", staff.id, **changed)
    return staff


def _leave_windows(staff: Staff, now: datetime) -> None:
    try:
        counters.leave_windows(staff_id=staff.id, now=now)
    except CounterBusy as error:
        raise CounterBusy(
            _l("%(name)s still has a resident at their window: %(reason)s", name=staff.name, reason=error.message)
        ) from error


def reset_password(*, actor_id: int, hall_id: int, staff_id: int, password: str, now: datetime) -> Staff:
    actor = _actor(actor_id, hall_id)
    staff = get(hall_id, staff_id)
    if not permissions.may_assign(actor, staff.role):
        raise PermissionDenied(_l("You may not change this account."))
    staff.set_password(accounts.check_new_password(password, staff.username))
    audit.record(hall_id, actor.id, now, "staff", "password_reset", staff.id)  # never the password itself
    return staff
