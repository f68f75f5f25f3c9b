"""Bearer tokens for API clients (county platforms, scripts, benchmarks): exchange a password for a token."""

import secrets
from datetime import timedelta

from flask import current_app, jsonify
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hall import clock
from hall.api import bp
from hall.api.auth import NotAuthenticated, bearer_token, require_staff
from hall.api.inputs import json_body, text
from hall.db import write_transaction
from hall.models import ApiToken
from hall.services import accounts
from hall.services.presenters import iso


@bp.post("/auth/tokens")
def create_token():
    body = json_body()
    username = text(body, "username", max_length=64, required=True)
    password = text(body, "password", max_length=256, required=True)
    staff = accounts.authenticate(username, password)
    if staff is None:
        raise NotAuthenticated(_l("Wrong username or password."))
    token = secrets.token_urlsafe(32)
    now = clock.now()
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


@bp.post("/auth/tokens/revoke")
def revoke_token():
    """Revoke the token this request carries."""
    require_staff()
    token = bearer_token()
    if token is None:
        raise NotAuthenticated(_l("Send the token to revoke in the Authorization header."))
    with write_transaction() as session:
        record = session.scalar(select(ApiToken).where(ApiToken.token_hash == ApiToken.hash(token)))
        record.revoked = True
    return jsonify({"revoked": True})
