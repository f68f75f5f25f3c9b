"""Ratings (好差评) over the API: the resident's phone (by ticket token) and the window's rating tablet."""

from flask import jsonify
from flask_babel import lazy_gettext as _l

from hall import clock
from hall.api import bp, documented, replies
from hall.api.bodies import RatingBody
from hall.api.openapi import PUBLIC_READ, PUBLIC_WRITE, SCREEN_READ, tag
from hall.api.tickets import RESIDENT
from hall.db import write_transaction
from hall.errors import PermissionDenied
from hall.models import DeviceKind
from hall.services import ratings, resident
from hall.services.halls import counter_by_number, hall_by_code
from hall.web.devices import screen_allowed


def _choices() -> dict:
    return {
        "levels": [{"level": level, "name": str(name)} for level, name in ratings.LEVEL_NAMES.items()],
        "praise": [{"code": code, "name": str(name)} for code, name in ratings.PRAISE.items()],
        "complaints": [{"code": code, "name": str(name)} for code, name in ratings.COMPLAINTS.items()],
    }


@bp.get("/tickets/<ticket_token:token>/rating", tags=RESIDENT)
@bp.response(200, replies.RatingState)
@documented(PUBLIC_READ)
def rating_state(token: str):
    """Can this visit be rated now, and has it been? (The phone asks when the visit ends.)"""
    request = ratings.request_for_ticket(resident.ticket_by_token(token), clock.now())
    state = request.as_dict() if request else {"open": False, "level": None}
    state.pop("token", None)  # the phone has it already; never echo it
    return jsonify({"request": state, **_choices()})


@bp.post("/tickets/<ticket_token:token>/rating", tags=RESIDENT)
@bp.arguments(RatingBody)
@bp.response(201, replies.Rated)
@documented(PUBLIC_WRITE, 409, 422)
def rate(body: dict, token: str):
    """Rate the visit once, within the hall's rating window (409 `invalid_state` after that or twice)."""
    with write_transaction():
        rating = ratings.rate(
            ticket_token=token,
            level=body["level"],
            reasons=body["reasons"],
            comment=body["comment"],
            channel=body["channel"],
            now=clock.now(),
        )
    return jsonify({"rating": {"level": rating.level}}), 201


@bp.get("/halls/<hall_code:code>/counters/<id:number>/rating-request", tags=tag("kiosk"))
@bp.response(200, replies.TabletRating)
@documented(SCREEN_READ, 403)
def rating_request(code: str, number: int):
    """For the window's rating tablet: the visit just finished there, if it can still be rated.

    Where the hall requires registered devices, only that window's paired tablet (or signed-in staff of the
    hall) may ask: the answer carries the ticket's token.
    """
    hall = hall_by_code(code)
    counter = counter_by_number(hall, number)
    if not screen_allowed(hall, (DeviceKind.RATING_TABLET,), counter.id):
        raise PermissionDenied(_l("Only this window's rating tablet can show this."))
    request = ratings.request_at_counter(counter, clock.now())
    return jsonify({"request": request.as_dict() if request else None, **_choices()})
