"""Ratings (好差评) over the API: the resident's phone (by ticket token) and the window's rating tablet."""

from flask import abort, jsonify

from hall import clock
from hall.api import bp
from hall.api.inputs import json_body, text
from hall.db import write_transaction
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


@bp.get("/tickets/<token>/rating")
def rating_state(token: str):
    """Can this visit be rated now, and has it been? (The phone asks when the visit ends.)"""
    request = ratings.request_for_ticket(resident.ticket_by_token(token), clock.now())
    state = request.as_dict() if request else {"open": False, "level": None}
    state.pop("token", None)  # the phone has it already; never echo it
    return jsonify({"request": state, **_choices()})


@bp.post("/tickets/<token>/rating")
def rate(token: str):
    body = json_body()
    reasons = body.get("reasons", [])
    with write_transaction():
        rating = ratings.rate(
            ticket_token=token,
            level=body.get("level"),
            reasons=reasons,
            comment=text(body, "comment", max_length=ratings.COMMENT_MAX),
            channel="tablet" if body.get("channel") == "tablet" else "phone",
            now=clock.now(),
        )
    return jsonify({"rating": {"level": rating.level}}), 201


@bp.get("/halls/<code>/counters/<id:number>/rating-request")
def rating_request(code: str, number: int):
    """For the window's rating tablet: the visit just finished there, if it can still be rated."""
    hall = hall_by_code(code)
    counter = counter_by_number(hall, number)
    if not screen_allowed(hall, (DeviceKind.RATING_TABLET,), counter.id):
        abort(403)
    request = ratings.request_at_counter(counter, clock.now())
    return jsonify({"request": request.as_dict() if request else None, **_choices()})
