"""JSON API ``/api/v1``: what kiosks, counters and displays do, for devices, county platforms and benchmarks.

Authentication: ``Authorization: Bearer <token>`` (tokens from ``POST /api/v1/auth/tokens``), or the
browser session of a signed-in page, in which case the CSRF token must come in ``X-CSRFToken``.
Errors: ``{"error": {"code", "message"}}`` with a 4xx status; see docs/API.md.
"""

from flask import Blueprint, request
from flask_babel import lazy_gettext as _l

from hall.api.auth import NotAuthenticated, bearer_token, current_staff
from hall.extensions import csrf
from hall.web.devices import current_device

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


@bp.before_request
def authenticate_or_protect():
    token = bearer_token()
    if token is not None:
        # A token that is sent must be valid, even on public endpoints (401 otherwise).
        if token.startswith("dev-"):
            if current_device() is None:
                raise NotAuthenticated(_l("The device token is invalid or the device has been revoked."))
        else:
            current_staff()
    elif request.method not in ("GET", "HEAD", "OPTIONS") and request.endpoint != "api.create_token":
        # A browser sends the cookie whichever site asks; the page's CSRF token proves the page was ours.
        # (Exchanging a password for a token involves no cookie, so there is no session to forge.)
        csrf.protect()


from hall.api import counters, halls, ratings, tickets, tokens  # noqa: E402,F401  (routes register on bp)
