"""JSON API ``/api/v1``: what kiosks, counters and displays do, for devices, county platforms and benchmarks.

Authentication: ``Authorization: Bearer <token>`` (tokens from ``POST /api/v1/auth/tokens``), or the
browser session of a signed-in page, in which case the CSRF token must come in ``X-CSRFToken``.
Errors: ``{"error": {"code", "message"}}`` with a 4xx status; see docs/API.md.
"""

from flask import Blueprint, request

from hall.api.auth import bearer_token
from hall.extensions import csrf

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)


@bp.before_request
def protect_cookie_sessions():
    # A bearer token cannot be sent by another site's page; a cookie can, so cookie requests need CSRF.
    # Exchanging a password for a token involves no cookie, so there is no session to forge.
    if (
        request.method not in ("GET", "HEAD", "OPTIONS")
        and bearer_token() is None
        and request.endpoint != "api.create_token"
    ):
        csrf.protect()


from hall.api import counters, halls, tickets, tokens  # noqa: E402,F401  (routes register on bp)
