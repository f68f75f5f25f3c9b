"""The clerk's workstation: pick a window, then call and serve from it."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from hall import clock
from hall.db import write_transaction
from hall.errors import DomainError
from hall.extensions import db
from hall.models import Counter
from hall.services import counters, ratings
from hall.services.halls import counter_in_hall
from hall.web.forms import SignInCounterForm

bp = Blueprint("counter", __name__, url_prefix="/counter")


def serving_staff():
    if not current_user.can_serve or current_user.hall_id is None:
        abort(403)
    return current_user


@bp.get("/")
@login_required
def choose():
    staff = serving_staff()
    windows = db.session.scalars(
        select(Counter).where(Counter.hall_id == staff.hall_id, Counter.active).order_by(Counter.number)
    ).all()
    return render_template("counter_choose.html", windows=windows, form=SignInCounterForm())


@bp.post("/<id:counter_id>/sign-in")
@login_required
def sign_in(counter_id: int):
    staff = serving_staff()
    counter = counter_in_hall(counter_id, staff.hall_id)
    form = SignInCounterForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        with write_transaction():
            counters.sign_in(
                counter_id=counter.id, staff_id=staff.id, now=clock.now(), take_over=bool(form.take_over.data)
            )
    except DomainError as error:
        flash(str(error), "error")
        return redirect(url_for("counter.choose"))
    return redirect(url_for("counter.workstation", counter_id=counter.id))


@bp.get("/<id:counter_id>")
@login_required
def workstation(counter_id: int):
    staff = serving_staff()
    counter = counter_in_hall(counter_id, staff.hall_id)
    if counter.staff_id != staff.id:
        flash(_("Sign in at window %(number)s first.", number=counter.number), "error")
        return redirect(url_for("counter.choose"))
    return render_template("counter.html", counter=counter)


@bp.get("/my-ratings")
@login_required
def my_ratings():
    """A clerk's own ratings (好差评) — never a colleague's."""
    staff = serving_staff()
    return render_template(
        "counter_ratings.html",
        ratings=ratings.ratings_of_clerk(staff.id),
        levels=ratings.LEVEL_NAMES,
        reasons=ratings.REASONS,
    )
