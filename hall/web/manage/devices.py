"""The hall's devices: register, pair, give a token, revoke; see when each was last online."""

from datetime import timedelta

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from hall import clock
from hall.extensions import db
from hall.models import Counter, Device
from hall.permissions import Capability
from hall.services.admin import devices
from hall.web.manage import bp, hall_page, submit
from hall.web.manage.forms import DeviceForm, choices

# A screen re-syncs every five minutes and a kiosk refreshes its menu every minute: seen within six is online.
ONLINE_WITHIN = timedelta(minutes=6)


def _form(hall) -> DeviceForm:
    form = DeviceForm()
    form.counter_id.choices = choices(
        [("", "—")]
        + [
            (str(c.id), _("Window %(number)s", number=c.number))
            for c in db.session.scalars(select(Counter).where(Counter.hall_id == hall.id).order_by(Counter.number))
        ]
    )
    return form


def _page(hall, form, secret=None):
    listed = db.session.scalars(
        select(Device)
        .where(Device.hall_id == hall.id)
        .order_by(Device.revoked_at.is_not(None), Device.kind, Device.name)
    ).all()
    now = clock.now()
    return render_template(
        "manage/devices.html",
        hall=hall,
        form=form,
        devices=listed,
        secret=secret,
        online={d.id for d in listed if d.last_seen_at and now - d.last_seen_at < ONLINE_WITHIN},
    )


@bp.route("/<code>/devices", methods=["GET", "POST"])
@hall_page(Capability.CONFIGURE_HALL)
def devices_page(hall):
    form = _form(hall)
    secret = {}
    if form.validate_on_submit():

        def register():
            device, code = devices.register(
                actor_id=current_user.id,
                hall_id=hall.id,
                kind=form.kind.data,
                name=form.name.data,
                counter_id=form.counter_id.data or None,
                now=clock.now(),
            )
            secret.update(device=device, code=code)

        if submit(form, register, _("Device registered. Pair it now with the code below.")):
            return _page(hall, _form(hall), secret)
    return _page(hall, form)


@bp.post("/<code>/devices/<id:device_id>/pairing-code")
@hall_page(Capability.CONFIGURE_HALL)
def device_pairing_code(hall, device_id: int):
    secret = {"device": devices.get(hall.id, device_id)}
    if submit(
        None,
        lambda: secret.update(
            code=devices.new_pairing_code(
                actor_id=current_user.id, hall_id=hall.id, device_id=device_id, now=clock.now()
            )
        ),
        _("New pairing code below; the device's old pairing stops working when it pairs again."),
    ):
        return _page(hall, _form(hall), secret)
    return redirect(url_for("manage.devices_page", code=hall.code))


@bp.post("/<code>/devices/<id:device_id>/token")
@hall_page(Capability.CONFIGURE_HALL)
def device_token(hall, device_id: int):
    secret = {"device": devices.get(hall.id, device_id)}
    if submit(
        None,
        lambda: secret.update(
            token=devices.new_token(actor_id=current_user.id, hall_id=hall.id, device_id=device_id, now=clock.now())
        ),
        _("New token below; the device's previous token no longer works."),
    ):
        return _page(hall, _form(hall), secret)
    return redirect(url_for("manage.devices_page", code=hall.code))


@bp.post("/<code>/devices/<id:device_id>/revoke")
@hall_page(Capability.CONFIGURE_HALL)
def revoke_device(hall, device_id: int):
    submit(
        None,
        lambda: devices.revoke(actor_id=current_user.id, hall_id=hall.id, device_id=device_id, now=clock.now()),
        _("Device revoked: it can no longer show or issue anything."),
    )
    return redirect(url_for("manage.devices_page", code=hall.code))
