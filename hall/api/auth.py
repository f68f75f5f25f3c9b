"""Who is calling the API: a bearer token's staff member or the signed-in browser session."""

from flask import g, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from hall import clock
from hall.errors import NotSignedIn, PermissionDenied
from hall.extensions import db
from hall.models import ApiToken, Staff

# Every API request with a staff token runs this: the token and its clerk in one statement, built once.
_TOKEN = select(ApiToken).options(joinedload(ApiToken.staff)).where(ApiToken.token_hash == bindparam("token_hash"))


def bearer_token() -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def current_staff() -> Staff | None:
    if "api_staff" in g:
        return g.api_staff
    staff = None
    token = bearer_token()
    if token is not None and token.startswith("dev-"):
        pass  # a device's token: see hall.web.devices.current_device
    elif token is not None:
        record = db.session.scalar(_TOKEN, {"token_hash": ApiToken.hash(token)})
        if record is None or record.revoked or record.expires_at <= clock.now() or not record.staff.active:
            raise NotSignedIn(_l("The API token is invalid or has expired."))
        staff = record.staff
    elif current_user.is_authenticated:
        staff = current_user._get_current_object()
    g.api_staff = staff
    return staff


def require_staff() -> Staff:
    staff = current_staff()
    if staff is None:
        raise NotSignedIn(_l("Please sign in first."))
    return staff


def require_hall_staff(hall_id: int) -> Staff:
    """A clerk or manager of this hall."""
    staff = require_staff()
    if staff.hall_id != hall_id or not staff.can_serve:
        raise PermissionDenied(_l("Only this hall's clerks and managers can do this."))
    return staff
