"""Pages for cases (办件): the visit at the window, the front desk, the back office, documents, progress.

Thin adapters: each POST reads its form, calls one service function inside ``write_transaction``, flashes the
result (or the domain error, in the user's language) and redirects back, so a reload never repeats an action.
"""

from datetime import date

from flask import Blueprint, abort, flash, redirect, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from hall import clock, permissions
from hall.db import write_transaction
from hall.errors import DomainError, NotFound, PermissionDenied, ValidationFailed
from hall.permissions import Capability
from hall.services import identity

bp = Blueprint("cases", __name__)


@bp.app_context_processor
def cases_context():
    signed_in = current_user if current_user.is_authenticated else None
    hall_id = signed_in.hall_id if signed_in else None
    return {
        "can_front_desk": permissions.can(signed_in, Capability.ACCEPT_CASES, hall_id),
        "can_inbox": permissions.can(signed_in, Capability.WORK_CASES, hall_id) and bool(signed_in.department_id),
    }


@bp.app_template_filter("mask_name")
def mask_name_filter(name: str) -> str:
    return identity.mask_name(name or "")


def staff_id() -> int:
    if not current_user.is_authenticated:
        abort(401)
    return current_user.id


def form_date(name: str) -> date | None:
    value = (request.form.get(name) or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(_l("Enter the date as YYYY-MM-DD."), field=name) from None


def act(change, success, back: str):
    """Run ``change(now)`` in one write transaction; flash success or the domain error; redirect to ``back``.

    Someone who may not act here at all gets the 403/404 page instead of a message on a page they cannot see.
    """
    try:
        with write_transaction():
            result = change(clock.now())
    except (PermissionDenied, NotFound):
        raise
    except DomainError as error:
        flash(str(error.message), "error")
        return redirect(back)
    flash(success(result) if callable(success) else success, "ok")
    return redirect(back)


from hall.web.cases import documents, front, office, progress, visit  # noqa: E402,F401
