"""Management pages: county administrators set up halls; managers configure their own hall.

Each page checks the permission matrix (``hall.permissions``) before anything else, and the services check
it again. Forms post back to themselves; a domain error naming a field is shown next to that field.
"""

from functools import wraps

from flask import Blueprint, abort, flash
from flask_login import current_user, login_required

from hall import permissions
from hall.db import write_transaction
from hall.errors import DomainError, ValidationFailed
from hall.services.halls import hall_by_code

bp = Blueprint("manage", __name__, url_prefix="/manage")


def hall_page(capability: permissions.Capability):
    """A page about one hall (``/manage/<code>/...``): signed in, and allowed ``capability`` in that hall."""

    def decorate(view):
        @wraps(view)
        @login_required
        def page(code: str, **kwargs):
            hall = hall_by_code(code)
            if not permissions.can(current_user, capability, hall.id):
                abort(403)
            return view(hall, **kwargs)

        return page

    return decorate


def county_page(view):
    @wraps(view)
    @login_required
    def page(**kwargs):
        if not permissions.can(current_user, permissions.Capability.MANAGE_HALLS):
            abort(403)
        return view(**kwargs)

    return page


def submit(form, change, success: str) -> bool:
    """Run ``change()`` in a write transaction; on a domain error show it on the form and return False."""
    try:
        with write_transaction():
            change()
    except ValidationFailed as error:
        field = getattr(form, str(error.details.get("field", "")), None)
        if field is not None and hasattr(field, "errors"):
            field.errors = [*field.errors, str(error.message)]
        else:
            flash(str(error.message), "error")
        return False
    except DomainError as error:
        flash(str(error.message), "error")
        return False
    flash(success, "ok")
    return True


from hall.web.manage import (  # noqa: E402,F401
    audit,
    calendar,
    dashboard,
    devices,
    filters,
    halls,
    matters,
    people,
    structure,
    transfer,
)
