"""The resident's live ticket page, opened from the QR code on the slip."""

from flask import Blueprint, render_template

from hall import clock
from hall.services import resident

bp = Blueprint("resident", __name__)


@bp.get("/t/<token>")
def ticket_page(token: str):
    ticket = resident.ticket_by_token(token)
    return render_template("ticket.html", token=token, status=resident.ticket_status(ticket, clock.now()))
