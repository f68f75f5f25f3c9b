"""Bearer tokens for API clients (county platforms, scripts, benchmarks): exchange a password for a token."""

import secrets
from datetime import timedelta

from flask import current_app, jsonify, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hall import clock
from hall.api import bp, documented, replies
from hall.api.auth import bearer_token, require_staff
from hall.api.bodies import TokenBody
from hall.api.openapi import PASSWORD, STAFF_WRITE, tag
from hall.db import write_transaction
from hall.errors import NotSignedIn
from hall.models import ApiToken
from hall.services import login_guard
from hall.services.presenters import iso

TOKENS = tag("tokens")


@bp.post("/auth/tokens", tags=TOKENS)
@bp.arguments(TokenBody)
@bp.response(201, replies.TokenReply)
@documented(PASSWORD, 422, 429)
def create_token(body: dict):
    """Exchange a staff member's username and password for a bearer token (no cookie, no CSRF token).

    Shares the sign-in page's guessing limits: repeated wrong passwords lock the username, and many failures
    from one address refuse it, for a while (429 `rate_limited`, `details.retry_minutes`).
    """
    now = clock.now()
    staff = login_guard.sign_in(
        username=body["username"], password=body["password"], address=request.remote_addr, now=now, channel="api"
    )
    token = secrets.token_urlsafe(32)
    expires = now + timedelta(hours=current_app.config["API_TOKEN_HOURS"])
    with write_transaction() as session:
        session.add(ApiToken(token_hash=ApiToken.hash(token), staff_id=staff.id, created_at=now, expires_at=expires))
    return jsonify(
        {
            "token": token,
            "expires_at": iso(expires),
            "staff": {"id": staff.id, "name": staff.name, "role": staff.role.value},
        }
    ), 201


@bp.post("/auth/tokens/revoke", tags=TOKENS)
@bp.response(200, replies.Revoked)
@documented(STAFF_WRITE)
def revoke_token():
    """Revoke the token this request carries; every later request with it is a 401."""
    require_staff()
    token = bearer_token()
    if token is None:
        raise NotSignedIn(_l("Send the token to revoke in the Authorization header."))
    with write_transaction() as session:
        record = session.scalar(select(ApiToken).where(ApiToken.token_hash == ApiToken.hash(token)))
        record.revoked = True
    return jsonify({"revoked": True})
