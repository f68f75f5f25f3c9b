"""Staff sign-in and sign-out (Flask-Login, hashed passwords)."""

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from hall import clock, permissions
from hall.db import write_transaction
from hall.errors import DomainError
from hall.extensions import db, login_manager
from hall.models import Staff
from hall.permissions import Capability
from hall.services import counters, login_guard
from hall.web.errors import error_response, wants_json
from hall.web.forms import LoginForm
from hall.web.i18n import safe_next

bp = Blueprint("auth", __name__)


@login_manager.user_loader
def load_staff(staff_id: str):
    return db.session.get(Staff, int(staff_id)) if staff_id.isdigit() else None


@login_manager.unauthorized_handler
def unauthorized():
    if wants_json():
        return error_response("unauthenticated", _("Please sign in first."), 401)
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        try:
            staff = login_guard.sign_in(
                username=form.username.data,
                password=form.password.data,
                address=request.remote_addr,
                now=clock.now(),
                channel="web",
            )
        except DomainError as refused:  # wrong credentials, or too many attempts: said plainly, with when
            flash(str(refused), "error")
            status = 429 if refused.status == 429 else 200  # the form again, not a 401 without a challenge
        else:
            # A working day: a session left open on a shared PC ends by the next morning (config.py).
            session.permanent = True
            login_user(staff)
            if permissions.can(staff, Capability.CONFIGURE_HALL, staff.hall_id) or permissions.can(
                staff, Capability.MANAGE_HALLS
            ):
                start = url_for("manage.index")
            elif staff.can_serve:
                start = url_for("counter.choose")
            elif permissions.can(staff, Capability.WORK_CASES, staff.hall_id):
                start = url_for("cases.inbox")
            else:
                start = url_for("home.index")
            return redirect(safe_next(form.next.data, start))
    elif not form.is_submitted():
        form.next.data = request.args.get("next", "")
    return render_template("login.html", form=form), status


@bp.post("/logout")
@login_required
def logout():
    # Signing out also leaves the window, so that screens do not send residents to an empty desk; with a
    # resident still called or served there, the clerk must finish first (the window's own rule).
    try:
        with write_transaction():
            counters.leave_windows(staff_id=current_user.id, now=clock.now())
    except DomainError as error:
        flash(str(error), "error")
        return redirect(
            request.referrer
            if request.referrer and request.referrer.startswith(request.host_url)
            else url_for("counter.choose")
        )
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.app_context_processor
def staff_context():
    return {"staff": current_user if current_user.is_authenticated else None}
