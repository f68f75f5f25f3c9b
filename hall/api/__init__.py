"""JSON API ``/api/v1``: what kiosks, counters and displays do, for devices, county platforms and benchmarks.

Each endpoint declares its request schema (``hall/api/bodies.py``), its answer (``hall/api/replies.py``),
who may call it and the errors it answers with; flask-smorest validates requests with those schemas and
generates the OpenAPI document from the same ones (``hall/api/openapi.py``, served at /api/v1/openapi.json).

Authentication: ``Authorization: Bearer <token>`` (staff tokens from ``POST /api/v1/auth/tokens``, device
tokens ``dev-...``), or the browser session of one of our pages, in which case the CSRF token must come in
``X-CSRFToken``. Errors: ``{"error": {"code", "message", "details"?}}``; see docs/API.md.
"""

from flask import request
from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint
from werkzeug.exceptions import RequestEntityTooLarge

from hall.api import errors, openapi
from hall.api.auth import bearer_token, current_staff
from hall.api.inputs import Parser
from hall.errors import NotSignedIn
from hall.extensions import csrf
from hall.web.devices import current_device


class ApiBlueprint(Blueprint):
    ARGUMENTS_PARSER = Parser()


bp = ApiBlueprint("api", __name__, url_prefix="/api/v1", template_folder="templates")
csrf.exempt(bp)
errors.register(bp)


def documented(access: openapi.Access, *statuses: int):
    """Who may call the operation and the error statuses it answers with (see ``openapi.operation``)."""
    return openapi.operation(bp, access, *statuses)


@bp.before_request
def authenticate_or_protect():
    limit = request.max_content_length
    if limit is not None and request.content_length is not None and request.content_length > limit:
        raise RequestEntityTooLarge()  # also where the endpoint reads no body: one rule for every request
    token = bearer_token()
    if token is not None:
        # A token that is sent must be valid, even on public endpoints (401 otherwise).
        if token.startswith("dev-"):
            if current_device() is None:
                raise NotSignedIn(_l("The device token is invalid or the device has been revoked."))
        else:
            current_staff()
    elif request.method not in ("GET", "HEAD", "OPTIONS") and request.endpoint != "api.create_token":
        # A browser sends the cookie whichever site asks; the page's CSRF token proves the page was ours.
        # (Exchanging a password for a token involves no cookie, so there is no session to forge.)
        csrf.protect()


def register(app) -> None:
    """Bind the API to the app: URL converters, the OpenAPI document and docs page, then the routes."""
    openapi.converters(app)
    api = openapi.init_app(app)
    api.register_blueprint(bp, parameters=[openapi.LANG_PARAMETER])


from hall.api import counters, halls, ratings, tickets, tokens  # noqa: E402,F401  (routes register on bp)
