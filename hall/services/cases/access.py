"""Who may see and act on a case: the front desk of its hall, and the officers of its department.

Clerks and managers work every case of their hall at the front (intake, supplements, hand-over); officers
see and work only their own department's cases. County administrators configure halls and see no cases.
"""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hall import permissions
from hall.errors import NotFound, PermissionDenied
from hall.extensions import db
from hall.models import Case, Counter, Role, Staff, Visit
from hall.permissions import Capability


def staff_member(staff_id: int) -> Staff:
    staff = db.session.get(Staff, staff_id)
    if staff is None or not staff.active:
        raise PermissionDenied(_l("You may not do this."))
    return staff


def front_desk(staff_id: int, hall_id: int) -> Staff:
    """A clerk or manager of ``hall_id`` (records, accepts and hands over cases)."""
    return permissions.require(staff_member(staff_id), Capability.ACCEPT_CASES, hall_id)


def may_view(staff: Staff, case: Case) -> bool:
    if not permissions.can(staff, Capability.VIEW_CASES, case.hall_id):
        return False
    return staff.role != Role.OFFICER or staff.department_id == case.department_id


def may_work(staff: Staff, case: Case) -> bool:
    """An officer of the case's department (the back office decides)."""
    return permissions.can(staff, Capability.WORK_CASES, case.hall_id) and staff.department_id == case.department_id


def sees_applicant_in_full(staff: Staff, subject: Case | Visit) -> bool:
    """Name, ID number and phone unmasked: only for those who check them against the resident or decide on them.

    The department's officers (they decide) and the front desk's clerks (they accept, and hand over against
    the ID card). A manager sees them only while signed in at one of the hall's windows, i.e. while working as
    the front desk; browsing and supervising need the masked forms only (docs/PRIVACY.md). The same rule for
    a case page and a visit page (``subject`` a visit: its applicant; no department decides a visit as such).
    """
    if isinstance(subject, Case) and may_work(staff, subject):
        return True
    if not permissions.can(staff, Capability.ACCEPT_CASES, subject.hall_id):
        return False
    if staff.role == Role.CLERK:
        return True
    at_a_window = select(Counter.id).where(Counter.hall_id == subject.hall_id, Counter.staff_id == staff.id).limit(1)
    return db.session.scalar(at_a_window) is not None


def case_for(staff_id: int, case_id: int) -> Case:
    """The case, if ``staff_id`` may see it (NotFound otherwise: a stranger learns nothing, not even that it exists)."""
    case = db.session.get(Case, case_id)
    if case is None or not may_view(staff_member(staff_id), case):
        raise NotFound(_l("There is no such case."))
    return case


def department_case(staff_id: int, case_id: int) -> tuple[Staff, Case]:
    case = case_for(staff_id, case_id)
    staff = staff_member(staff_id)
    if not may_work(staff, case):
        raise PermissionDenied(
            _l("Only the officers of %(department)s work this case.", department=case.department.name)
        )
    return staff, case


def front_case(staff_id: int, case_id: int) -> tuple[Staff, Case]:
    case = case_for(staff_id, case_id)
    return front_desk(staff_id, case.hall_id), case
