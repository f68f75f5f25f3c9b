"""The device a request comes from (a paired kiosk or screen), and pairing a device's browser.

A paired browser carries its token in a long-lived cookie; device software sends it as a bearer token.
"""

from flask import Blueprint, current_app, g, make_response, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from hall import clock
from hall.db import write_transaction
from hall.errors import DomainError
from hall.models import Device, DeviceKind
from hall.services.admin import devices
from hall.services.halls import hall_by_code
from hall.services.screen_access import may_open

DEVICE_COOKIE = "hall_device"
COOKIE_SECONDS = 400 * 24 * 3600  # Chromium's longest cookie life

bp = Blueprint("devices", __name__)


def current_device() -> Device | None:
    if "hall_device" not in g:
        header = request.headers.get("Authorization", "")
        token = header[7:].strip() if header[:7].lower() == "bearer " else request.cookies.get(DEVICE_COOKIE)
        g.hall_device = devices.authenticate(token)
    return g.hall_device


def current_staff_member():
    return current_user._get_current_object() if current_user.is_authenticated else None


def note_seen(device: Device | None) -> None:
    """Record that the device is online (at most once a minute)."""
    now = clock.now()
    if device is not None and devices.needs_touch(device, now):
        with write_transaction():
            devices.touch(device.id, now)


def screen_allowed(hall, kinds, counter_id=None) -> bool:
    """May this request open one of the hall's screens? Notes the device as seen when it is one."""
    device = current_device()
    allowed = may_open(hall, device, current_staff_member(), kinds, counter_id)
    if allowed and device is not None and device.hall_id == hall.id:
        note_seen(device)
    return allowed


def pairing_needed(hall):
    """The page a browser sees when the hall wants a paired device here."""
    return render_template("pair_required.html", hall=hall), 403


class PairForm(FlaskForm):
    hall = StringField(validators=[DataRequired(), Length(max=32)])
    code = StringField(validators=[DataRequired(), Length(min=6, max=6)])


def device_home(device: Device, hall_code: str) -> str:
    if device.kind == DeviceKind.KIOSK:
        return url_for("kiosk.kiosk_page", code=hall_code)
    if device.kind == DeviceKind.HALL_DISPLAY:
        return url_for("display.hall_screen", code=hall_code)
    if device.kind == DeviceKind.RATING_TABLET:
        return url_for("display.rating_tablet", code=hall_code, number=device.counter.number)
    return url_for("display.counter_screen", code=hall_code, number=device.counter.number)


@bp.route("/pair", methods=["GET", "POST"])
def pair():
    form = PairForm()
    error = None
    if request.method == "GET":
        form.hall.data = request.args.get("hall", "")
    elif form.validate_on_submit():
        try:
            hall = hall_by_code(form.hall.data.strip())
            with write_transaction():
                device, token = devices.pair(hall_id=hall.id, code=form.code.data, now=clock.now())
            response = make_response(redirect(device_home(device, hall.code)))
            response.set_cookie(
                DEVICE_COOKIE,
                token,
                max_age=COOKIE_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
            )
            return response
        except DomainError as failure:
            error = str(failure)
    return render_template("pair.html", form=form, error=error)
