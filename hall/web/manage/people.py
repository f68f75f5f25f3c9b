"""A hall's staff: accounts, roles, windows or department, password resets, deactivation, sign-in locks."""

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from hall import clock, permissions
from hall.extensions import db
from hall.models import Counter, Role, Staff
from hall.permissions import Capability
from hall.services import login_guard
from hall.services.admin import departments
from hall.services.admin import staff as accounts
from hall.timeutil import local
from hall.web.manage import bp, hall_page, submit
from hall.web.manage.forms import ROLE_LABELS, PasswordForm, StaffForm, choices

MANAGE_STAFF = Capability.MANAGE_STAFF


def _form(hall, person=None) -> StaffForm:
    form = StaffForm(obj=person)
    form.role.choices = choices(
        [
            (role.value, ROLE_LABELS[role])
            for role in Role
            if permissions.may_assign(current_user, role) and role != Role.ADMIN
        ]
    )
    form.department_id.choices = choices([("", "—")] + [(str(d.id), d.name) for d in departments.listed(hall.id)])
    form.windows.choices = choices(
        [
            (c.id, _("Window %(number)s", number=c.number))
            for c in db.session.scalars(
                select(Counter).where(Counter.hall_id == hall.id, Counter.active).order_by(Counter.number)
            )
        ]
    )
    if person is not None and not form.is_submitted():
        form.role.data = person.role.value
        form.department_id.data = str(person.department_id or "")
        form.windows.data = [w.id for w in person.windows]
    return form


def _locked(hall, people) -> dict[str, str]:
    """By username, the hall's time (HH:MM) at which each locked account would unlock by itself."""
    until = login_guard.locks([p.username for p in people], now=clock.now())
    return {username: local(instant, hall.timezone).strftime("%H:%M") for username, instant in until.items()}


@bp.get("/<code>/staff")
@hall_page(MANAGE_STAFF)
def staff_page(hall):
    people = db.session.scalars(
        select(Staff).where(Staff.hall_id == hall.id).order_by(Staff.active.desc(), Staff.role, Staff.username)
    ).all()
    return render_template(
        "manage/staff.html", hall=hall, people=people, roles=ROLE_LABELS, locked=_locked(hall, people)
    )


@bp.route("/<code>/staff/new", methods=["GET", "POST"])
@hall_page(MANAGE_STAFF)
def new_staff(hall):
    form = _form(hall)
    if form.validate_on_submit() and submit(
        form,
        lambda: accounts.create_staff(
            actor_id=current_user.id,
            hall_id=hall.id,
            username=form.username.data,
            name=form.name.data,
            role=form.role.data,
            password=form.password.data or "",
            department_id=form.department_id.data or None,
            windows=form.windows.data,
            now=clock.now(),
        ),
        _("Account created."),
    ):
        return redirect(url_for("manage.staff_page", code=hall.code))
    return render_template("manage/person.html", hall=hall, form=form, person=None)


@bp.route("/<code>/staff/<id:staff_id>", methods=["GET", "POST"])
@hall_page(MANAGE_STAFF)
def person_page(hall, staff_id: int):
    person = accounts.get(hall.id, staff_id)
    form = _form(hall, person)
    if form.validate_on_submit() and submit(
        form,
        lambda: accounts.update_staff(
            actor_id=current_user.id, hall_id=hall.id, staff_id=person.id, values=form.data, now=clock.now()
        ),
        _("Account saved."),
    ):
        return redirect(url_for("manage.staff_page", code=hall.code))
    return render_template(
        "manage/person.html",
        hall=hall,
        form=form,
        person=person,
        password_form=PasswordForm(prefix="reset"),
        locked=_locked(hall, [person]),
    )


@bp.post("/<code>/staff/<id:staff_id>/password")
@hall_page(MANAGE_STAFF)
def reset_password(hall, staff_id: int):
    person = accounts.get(hall.id, staff_id)
    form = PasswordForm(prefix="reset")
    if form.validate_on_submit() and submit(
        form,
        lambda: accounts.reset_password(
            actor_id=current_user.id, hall_id=hall.id, staff_id=person.id, password=form.password.data, now=clock.now()
        ),
        _("Password changed. Tell %(name)s in person.", name=person.name),
    ):
        return redirect(url_for("manage.staff_page", code=hall.code))
    return render_template(
        "manage/person.html",
        hall=hall,
        form=_form(hall, person),
        person=person,
        password_form=form,
        locked=_locked(hall, [person]),
    )


@bp.post("/<code>/staff/<id:staff_id>/unlock")
@hall_page(MANAGE_STAFF)
def unlock_staff(hall, staff_id: int):
    """Lift a sign-in lock now (the manager knows who mistyped); the list says if it had already ended."""
    person = accounts.get(hall.id, staff_id)
    submit(
        None,
        lambda: login_guard.unlock(staff_id=person.id, by_staff_id=current_user.id, now=clock.now()),
        _("%(name)s can sign in again now.", name=person.name),
    )
    return redirect(url_for("manage.staff_page", code=hall.code))
