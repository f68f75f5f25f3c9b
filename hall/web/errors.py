"""Errors as users see them: JSON under /api, a page elsewhere; never a bare 500 for bad input."""

import logging

from flask import jsonify, make_response, render_template, request
from flask_babel import gettext as _
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError
from werkzeug.exceptions import HTTPException

from hall.db import unavailable_error
from hall.errors import DomainError, RateLimited
from hall.extensions import db

log = logging.getLogger(__name__)


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def error_response(code: str, message: str, status: int, details: dict | None = None):
    if wants_json():
        body = {"error": {"code": code, "message": message}}
        if details:
            body["error"]["details"] = details
        return jsonify(body), status
    return render_template("error.html", message=message, status=status), status


def http_message(status: int | None, default: str) -> str:
    """What a person reads for an HTTP error raised outside the domain (one wording for pages and the API)."""
    messages = {
        400: _("The request could not be understood."),
        401: _("Please sign in first."),
        403: _("You may not do this."),
        404: _("This page does not exist."),
        405: _("This action is not allowed here."),
        413: _("The request is too large."),
    }
    return messages.get(status, default)


def _end_failed_transaction() -> None:
    # A failed statement poisons a PostgreSQL transaction; rendering the error page must not reuse it.
    try:
        db.session.rollback()
    except Exception:  # the connection itself may be gone; the page still renders without the database
        log.exception("could not roll back after an error")


def register(app) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        response, status = error_response(error.code, str(error.message), error.status, error.details or None)
        if isinstance(error, RateLimited) and error.details.get("retry_minutes"):
            response = make_response(response, status)
            response.headers["Retry-After"] = str(60 * int(error.details["retry_minutes"]))
        return response, status

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        if request.path.startswith("/api/"):
            message = _("Missing or invalid CSRF token: send the page's X-CSRFToken header, or use a bearer token.")
        else:
            message = _("The page has expired. Please reload it and try again.")
        return error_response("csrf", message, 400)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        _end_failed_transaction()
        message = http_message(error.code, error.description or error.name)
        response, status = error_response(error.name.lower().replace(" ", "_"), message, error.code or 500)
        response = make_response(response, status)
        if error.code == 405 and getattr(error, "valid_methods", None):
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response

    @app.errorhandler(DBAPIError)
    def database_error(error: DBAPIError):
        unavailable = unavailable_error(error)  # a read outside write_transaction met a database outage
        if unavailable is None:
            return unexpected(error)
        log.warning("database unavailable on %s %s: %s", request.method, request.path, error.orig)
        _end_failed_transaction()
        return domain_error(unavailable)

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        _end_failed_transaction()
        return error_response("server_error", _("Something went wrong on our side. Please try again."), 500)
