"""Errors under /api/v1: always ``{"error": {"code", "message", "details"?}}``, in the caller's language.

Domain errors (``hall.errors``, any subclass: its ``code`` and ``status``), CSRF refusals and errors of URLs no
rule matches (404, 405) are answered by ``hall.web.errors`` for the whole app, which already speaks JSON
under /api/. This module handles the rest for requests routed to the API (HTTP errors Werkzeug raises while
the request is read, such as 413) with codes that match the domain's, and describes every error for the
OpenAPI document.
"""

from contextlib import suppress
from http import HTTPStatus

from flask import make_response
from marshmallow import fields
from werkzeug.exceptions import HTTPException

from hall.api.replies import Reply, one, text
from hall.extensions import db
from hall.web.errors import error_response, http_message

# The error code each HTTP status gets when Werkzeug (not a domain error) raised it.
CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid",
    429: "rate_limited",
    503: "busy",
}

# What each documented status means here, with the codes a client can branch on (docs/API.md has the table).
MEANINGS = {
    400: "`csrf`: a cookie request without the page's X-CSRFToken; `malformed_json`: the body is not JSON; "
    "`invalid_characters`: control characters in the URL, query or body.",
    401: "`unauthenticated`: no, wrong, expired or revoked credentials. A bearer token that is sent must be "
    "valid, even on public endpoints.",
    403: "`forbidden`: signed in, but not allowed here (another hall's or clerk's window, an unpaired screen).",
    404: "`not_found`: no such hall, service, window, ticket or action; also any id outside 1…2³¹−1.",
    409: "The hall's rules refused the action; nothing changed. Codes include `invalid_state`, `queue_empty`, "
    "`counter_busy`, `ticketing_closed`, `daily_cap_reached`, `already_waiting`, `conflict`.",
    413: "`too_large`: the body is over the size limit (1 MiB).",
    422: "`invalid`: a field is missing or wrong; `details.field` names it, the message says why.",
    429: "`rate_limited`: too many attempts in a short time; wait and try again.",
    503: "`busy` / `database_unavailable`: the database was locked or unreachable; nothing changed, try again.",
}


class ErrorBody(Reply):
    code = text(description="Stable, for programs: branch on this.")
    message = text(description="For people, in the request's language (Chinese; ?lang=en for English).")
    details = fields.Dict(metadata={"optional": True, "description": 'e.g. `{"field": "service_id"}`.'})


class ErrorReply(Reply):
    error = one(ErrorBody)


def describe(status: int) -> str:
    return MEANINGS.get(status, HTTPStatus(status).phrase)


def http_error(error: HTTPException):
    """An HTTP error raised inside an API request, in the API's format and with the domain's codes."""
    with suppress(Exception):  # the connection may be gone: the error still gets its answer
        db.session.rollback()  # a failed statement must not poison the next use of the connection
    status = error.code or 500
    response = make_response(
        error_response(CODES.get(status, HTTPStatus(status).name.lower()), http_message(status, error.name), status)
    )
    for name, value in error.get_headers():
        if name.lower() in ("allow", "retry-after", "www-authenticate"):
            response.headers[name] = value
    return response


def register(bp) -> None:
    bp.register_error_handler(HTTPException, http_error)

    @bp.after_request
    def say_how_to_authenticate(response):
        # RFC 9110: a 401 names the scheme to use.
        if response.status_code == 401:
            response.headers.setdefault("WWW-Authenticate", 'Bearer realm="api"')
        return response
