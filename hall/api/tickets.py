"""A resident's ticket by its private token (the slip's QR code). Public: the token is the key."""

from flask import jsonify

from hall import clock
from hall.api import bp
from hall.services import resident


@bp.get("/tickets/<token>")
def ticket_status(token: str):
    return jsonify(resident.ticket_status(resident.ticket_by_token(token), clock.now()))
