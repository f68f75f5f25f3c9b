"""Who may do what, in one table: roles, their capabilities, and the hall each applies to.

Pages, API endpoints and services all ask ``can`` / ``require`` with the same capability names, so the
matrix is enforced twice: at the edge (clear 403s) and in the domain (no path around it). Devices (kiosks,
screens) are not staff and never appear here: see ``hall.services.admin.devices``.
"""

import enum

from flask_babel import lazy_gettext as _l

from hall.errors import PermissionDenied
from hall.models import Role, Staff


class Capability(enum.StrEnum):
    MANAGE_HALLS = "manage_halls"  # create halls and their first managers (county)
    CONFIGURE_HALL = "configure_hall"  # settings, departments, services, windows, calendar, devices, import
    MANAGE_STAFF = "manage_staff"  # create and change a hall's staff accounts
    SERVE = "serve"  # work at a window: call, serve, transfer ...
    ACCEPT_CASES = "accept_cases"  # front desk: record, accept, notify, reject, hand over cases
    WORK_CASES = "work_cases"  # back office: review, approve, decline cases of one's own department
    VIEW_CASES = "view_cases"  # read cases (officers: their department's only; see hall.services.cases.access)
    VIEW_AUDIT = "view_audit"  # search who saw, printed, exported or changed which case and ticket


ROLE_CAPABILITIES: dict[Role, frozenset[Capability]] = {
    Role.ADMIN: frozenset(
        {Capability.MANAGE_HALLS, Capability.CONFIGURE_HALL, Capability.MANAGE_STAFF, Capability.VIEW_AUDIT}
    ),
    Role.MANAGER: frozenset(
        {
            Capability.CONFIGURE_HALL,
            Capability.MANAGE_STAFF,
            Capability.SERVE,
            Capability.ACCEPT_CASES,
            Capability.VIEW_CASES,
            Capability.VIEW_AUDIT,
        }
    ),
    Role.CLERK: frozenset({Capability.SERVE, Capability.ACCEPT_CASES, Capability.VIEW_CASES}),
    Role.OFFICER: frozenset({Capability.WORK_CASES, Capability.VIEW_CASES}),
}

# Roles whose capabilities reach every hall of the county; everyone else acts in their own hall only.
COUNTY_WIDE = frozenset({Role.ADMIN})

# The roles a capability holder may give to the accounts they create or change.
ASSIGNABLE_ROLES: dict[Role, frozenset[Role]] = {
    Role.ADMIN: frozenset({Role.ADMIN, Role.MANAGER, Role.CLERK, Role.OFFICER}),
    Role.MANAGER: frozenset({Role.MANAGER, Role.CLERK, Role.OFFICER}),
}


def can(staff: Staff | None, capability: Capability, hall_id: int | None = None) -> bool:
    """May ``staff`` use ``capability`` (in hall ``hall_id``, when it concerns one hall)?"""
    if staff is None or not staff.active or capability not in ROLE_CAPABILITIES[staff.role]:
        return False
    return hall_id is None or staff.role in COUNTY_WIDE or staff.hall_id == hall_id


def require(staff: Staff | None, capability: Capability, hall_id: int | None = None) -> Staff:
    if not can(staff, capability, hall_id):
        raise PermissionDenied(_l("You may not do this."), capability=capability.value)
    return staff


def may_assign(staff: Staff, role: Role) -> bool:
    return role in ASSIGNABLE_ROLES.get(staff.role, frozenset())
