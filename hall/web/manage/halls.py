"""County and hall pages: the list of halls, a new hall, a hall's overview and its settings."""

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select

from hall import clock, permissions
from hall.extensions import db
from hall.models import Counter, Device, Service, Staff
from hall.permissions import Capability
from hall.services.admin import halls
from hall.services.hall_view import hall_services, queue_lengths
from hall.timeutil import service_day
from hall.web.manage import bp, county_page, hall_page, submit
from hall.web.manage.forms import HallForm, SettingsForm


@bp.get("/")
@login_required
def index():
    visible = [
        h for h in halls.visible_halls(current_user) if permissions.can(current_user, Capability.CONFIGURE_HALL, h.id)
    ]
    if not permissions.can(current_user, Capability.MANAGE_HALLS):
        if len(visible) == 1:
            return redirect(url_for("manage.overview", code=visible[0].code))
        return render_template("error.html", message=_("You may not do this."), status=403), 403
    return render_template("manage/halls.html", halls=visible)


@bp.route("/halls/new", methods=["GET", "POST"])
@county_page
def new_hall():
    form = HallForm()
    if form.validate_on_submit():
        created = {}

        def create():
            created["hall"] = halls.create_hall(
                actor_id=current_user.id,
                code=form.code.data,
                name=form.name.data,
                timezone=form.timezone.data,
                manager_username=form.manager_username.data,
                manager_name=form.manager_name.data,
                manager_password=form.manager_password.data,
                now=clock.now(),
            )

        if submit(form, create, _("The hall is set up. Its manager can sign in now.")):
            return redirect(url_for("manage.overview", code=created["hall"].code))
    return render_template("manage/hall_new.html", form=form)


@bp.get("/<code>/")
@hall_page(Capability.CONFIGURE_HALL)
def overview(hall):
    def count(model, *conditions):
        return db.session.scalar(select(func.count()).select_from(model).where(*conditions))

    figures = {
        "services": count(Service, Service.hall_id == hall.id, Service.active),
        "counters": count(Counter, Counter.hall_id == hall.id, Counter.active),
        "staff": count(Staff, Staff.hall_id == hall.id, Staff.active),
        "devices": count(Device, Device.hall_id == hall.id, Device.revoked_at.is_(None)),
    }
    queues = queue_lengths(hall_services(hall.id), service_day(clock.now(), hall.timezone))
    return render_template("manage/overview.html", hall=hall, figures=figures, queues=queues)


@bp.route("/<code>/settings", methods=["GET", "POST"])
@hall_page(Capability.CONFIGURE_HALL)
def settings(hall):
    form = SettingsForm(obj=hall)
    if form.validate_on_submit() and submit(
        form,
        lambda: halls.update_settings(actor_id=current_user.id, hall_id=hall.id, values=form.data, now=clock.now()),
        _("Settings saved; screens and kiosks show them now."),
    ):
        return redirect(url_for("manage.settings", code=hall.code))
    return render_template("manage/settings.html", hall=hall, form=form)
