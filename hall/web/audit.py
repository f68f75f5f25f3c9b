"""Recording what a page or file showed of personal data (hall.services.audit), once it has been made.

Each call is one small insert in a write transaction of its own, after the page, PDF or file is built and
before it is sent: what failed to build was not seen. A failure to record (SQLite busy past its timeout, a
lost connection) does not take the page from the clerk with a resident at the window: the entry goes to the
``hall.audit`` log instead, with the same ids, so nothing is lost silently (DECISIONS: audit log).
"""

import logging

from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from hall import clock
from hall.db import write_transaction
from hall.errors import DomainError
from hall.models import AuditAction, Case, Visit
from hall.services import audit
from hall.web.devices import current_device

log = logging.getLogger("hall.audit")


def record(
    action: AuditAction,
    what: str,
    *,
    hall_id: int | None = None,
    case: Case | None = None,
    visit: Visit | None = None,
    detail: str = "",
) -> None:
    """Record that the signed-in staff member (or the resident) was shown ``what``."""
    visit = visit or (case.visit if case is not None else None)
    device = current_device()
    # Read every id now: the write transaction below ends the read one and expires the loaded objects.
    ids = {
        "hall_id": hall_id or (case.hall_id if case is not None else visit.hall_id),
        "staff_id": current_user.id if current_user.is_authenticated else None,
        "device_id": device.id if device is not None else None,
        "case_id": case.id if case is not None else None,
        "visit_id": visit.id if visit is not None else None,
        "ticket_id": visit.ticket_id if visit is not None else None,
    }
    try:
        with write_transaction():
            audit.record(action=action, what=what, now=clock.now(), detail=detail, **ids)
    except (DomainError, SQLAlchemyError):
        log.exception("audit entry not stored: %s %s %s %s", action.value, what, detail, ids)


def lookup(case_number: str, *, found: bool) -> None:
    """A resident's progress lookup by case number (the phone digits are never passed here)."""
    device = current_device()
    device_id = device.id if device is not None else None
    try:
        with write_transaction():
            audit.record_lookup(case_number=case_number, found=found, now=clock.now(), device_id=device_id)
    except (DomainError, SQLAlchemyError):
        log.exception("audit entry not stored: looked_up progress %s", (case_number or "")[:48])
