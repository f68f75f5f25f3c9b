"""Display pages. They load once and then live on Socket.IO (namespace /display)."""

from flask import Blueprint, render_template

from hall.models import DeviceKind
from hall.services.halls import counter_by_number, hall_by_code
from hall.web.devices import pairing_needed, screen_allowed

bp = Blueprint("display", __name__, url_prefix="/h/<code>/display", template_folder="templates")
# Served outside the hall-specific prefix: one copy of the files for every hall.
assets = Blueprint("display_assets", __name__, static_folder="static", static_url_path="/static/display")


@bp.get("/")
def hall_screen(code: str):
    hall = hall_by_code(code)
    if not screen_allowed(hall, (DeviceKind.HALL_DISPLAY,)):
        return pairing_needed(hall)
    return render_template("display/hall.html", hall=hall)


@bp.get("/counter/<id:number>")
def counter_screen(code: str, number: int):
    hall = hall_by_code(code)
    counter = counter_by_number(hall, number)
    if not screen_allowed(hall, (DeviceKind.COUNTER_DISPLAY, DeviceKind.RATING_TABLET), counter.id):
        return pairing_needed(hall)
    return render_template("display/counter.html", hall=hall, counter=counter)


@bp.get("/rate/<id:number>")
def rating_tablet(code: str, number: int):
    """The rating tablet beside a window: offers the visit just finished there for a rating."""
    hall = hall_by_code(code)
    counter = counter_by_number(hall, number)
    if not screen_allowed(hall, (DeviceKind.RATING_TABLET,), counter.id):
        return pairing_needed(hall)
    return render_template("display/tablet.html", hall=hall, counter=counter)
