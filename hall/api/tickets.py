"""A resident's ticket by its private token (the slip's QR code). Public: the token is the key."""

from flask import jsonify

from hall import clock
from hall.api import bp, documented, replies
from hall.api.openapi import PUBLIC_READ, tag
from hall.services import resident

RESIDENT = tag("resident")


@bp.get("/tickets/<ticket_token:token>", tags=RESIDENT)
@bp.response(200, replies.TicketStatus)
@documented(PUBLIC_READ)
def ticket_status(token: str):
    """The resident's ticket: number, state, people ahead, the estimate, the window once called."""
    return jsonify(resident.ticket_status(resident.ticket_by_token(token), clock.now()))
