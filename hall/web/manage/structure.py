"""A hall's structure: departments, services and windows (counters)."""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from hall import clock
from hall.extensions import db
from hall.models import Counter, Service
from hall.permissions import Capability
from hall.services.admin import catalog, departments, windows
from hall.web.manage import bp, hall_page, submit
from hall.web.manage.forms import CounterForm, DepartmentForm, ServiceForm, choices

CONFIGURE = Capability.CONFIGURE_HALL


def _actor(**extra) -> dict:
    return {"actor_id": current_user.id, "now": clock.now(), **extra}


# Departments --------------------------------------------------------------------------------------------------


@bp.route("/<code>/departments", methods=["GET", "POST"])
@hall_page(CONFIGURE)
def departments_page(hall):
    form = DepartmentForm()
    if form.validate_on_submit() and submit(
        form, lambda: departments.create(hall_id=hall.id, values=form.data, **_actor()), _("Department added.")
    ):
        return redirect(url_for("manage.departments_page", code=hall.code))
    return render_template("manage/departments.html", hall=hall, form=form, departments=departments.listed(hall.id))


@bp.route("/<code>/departments/<id:department_id>", methods=["GET", "POST"])
@hall_page(CONFIGURE)
def department_page(hall, department_id: int):
    department = departments.get(hall.id, department_id)
    form = DepartmentForm(obj=department)
    if form.validate_on_submit() and submit(
        form,
        lambda: departments.update(hall_id=hall.id, department_id=department.id, values=form.data, **_actor()),
        _("Department saved."),
    ):
        return redirect(url_for("manage.departments_page", code=hall.code))
    return render_template("manage/department.html", hall=hall, form=form, department=department)


@bp.post("/<code>/departments/<id:department_id>/delete")
@hall_page(CONFIGURE)
def delete_department(hall, department_id: int):
    submit(
        None,
        lambda: departments.delete(hall_id=hall.id, department_id=department_id, **_actor()),
        _("Department deleted."),
    )
    return redirect(url_for("manage.departments_page", code=hall.code))


# Services -----------------------------------------------------------------------------------------------------


def _service_form(hall, service=None) -> ServiceForm:
    form = ServiceForm(obj=service)
    form.departments.choices = choices([(d.id, d.name) for d in departments.listed(hall.id)])
    if service is not None and not form.is_submitted():
        form.departments.data = [d.id for d in service.departments]
    return form


@bp.get("/<code>/services")
@hall_page(CONFIGURE)
def services_page(hall):
    services = db.session.scalars(
        select(Service).where(Service.hall_id == hall.id).order_by(Service.active.desc(), Service.position, Service.id)
    ).all()
    return render_template("manage/services.html", hall=hall, services=services)


@bp.route("/<code>/services/new", methods=["GET", "POST"])
@hall_page(CONFIGURE)
def new_service(hall):
    form = _service_form(hall)
    if form.validate_on_submit() and submit(
        form,
        lambda: catalog.create(hall_id=hall.id, values=form.data, **_actor()),
        _("Service added; the kiosk offers it now."),
    ):
        return redirect(url_for("manage.services_page", code=hall.code))
    return render_template("manage/service.html", hall=hall, form=form, service=None)


@bp.route("/<code>/services/<id:service_id>", methods=["GET", "POST"])
@hall_page(CONFIGURE)
def service_page(hall, service_id: int):
    service = catalog.get(hall.id, service_id)
    form = _service_form(hall, service)
    if form.validate_on_submit() and submit(
        form,
        lambda: catalog.update(hall_id=hall.id, service_id=service.id, values=form.data, **_actor()),
        _("Service saved."),
    ):
        return redirect(url_for("manage.services_page", code=hall.code))
    return render_template("manage/service.html", hall=hall, form=form, service=service)


@bp.post("/<code>/services/<id:service_id>/delete")
@hall_page(CONFIGURE)
def delete_service(hall, service_id: int):
    submit(None, lambda: catalog.delete(hall_id=hall.id, service_id=service_id, **_actor()), _("Service deleted."))
    return redirect(url_for("manage.services_page", code=hall.code))


# Windows ------------------------------------------------------------------------------------------------------


def _hall_services(hall) -> list[Service]:
    return list(
        db.session.scalars(select(Service).where(Service.hall_id == hall.id).order_by(Service.position, Service.id))
    )


def _ordered_services(services: list[Service]) -> list[int]:
    """The services ticked on the window form, in the order the manager numbered them (order_<id> fields)."""
    chosen = []
    for service in services:
        order = request.form.get(f"order_{service.id}", "").strip()
        if order.isdigit() and int(order) > 0:
            chosen.append((int(order), service.position, service.id))
    return [service_id for _, _, service_id in sorted(chosen)]


@bp.get("/<code>/counters")
@hall_page(CONFIGURE)
def counters_page(hall):
    counters = db.session.scalars(select(Counter).where(Counter.hall_id == hall.id).order_by(Counter.number)).all()
    return render_template("manage/counters.html", hall=hall, counters=counters)


def _counter_view(hall, counter=None):
    form = CounterForm(obj=counter)
    services = _hall_services(hall)
    if form.validate_on_submit():
        values = {**form.data, "services": _ordered_services(services)}

        def change():
            if counter is None:
                return windows.create(hall_id=hall.id, values=values, **_actor())
            return windows.update(hall_id=hall.id, counter_id=counter.id, values=values, **_actor())

        if submit(form, change, _("Window saved; screens show it now.")):
            return redirect(url_for("manage.counters_page", code=hall.code))
    order = {link.service_id: i + 1 for i, link in enumerate(counter.links)} if counter else {}
    if form.is_submitted():
        order = {
            s.id: int(request.form.get(f"order_{s.id}"))
            for s in services
            if (request.form.get(f"order_{s.id}") or "").isdigit()
        }
    return render_template("manage/counter.html", hall=hall, form=form, counter=counter, services=services, order=order)


@bp.route("/<code>/counters/new", methods=["GET", "POST"])
@hall_page(CONFIGURE)
def new_counter(hall):
    return _counter_view(hall)


@bp.route("/<code>/counters/<id:counter_id>", methods=["GET", "POST"])
@hall_page(CONFIGURE)
def counter_page(hall, counter_id: int):
    return _counter_view(hall, windows.get(hall.id, counter_id))


@bp.post("/<code>/counters/<id:counter_id>/delete")
@hall_page(CONFIGURE)
def delete_counter(hall, counter_id: int):
    submit(None, lambda: windows.delete(hall_id=hall.id, counter_id=counter_id, **_actor()), _("Window deleted."))
    return redirect(url_for("manage.counters_page", code=hall.code))
