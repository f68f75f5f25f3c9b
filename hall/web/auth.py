"""Staff sign-in and sign-out (Flask-Login, hashed passwords)."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from hall.extensions import db, login_manager
from hall.models import Staff
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
    if form.validate_on_submit():
        staff = db.session.scalar(select(Staff).where(Staff.username == form.username.data.strip()))
        if staff is not None and staff.active and staff.check_password(form.password.data):
            login_user(staff)
            return redirect(safe_next(form.next.data, url_for("counter.choose")))
        flash(_("Wrong username or password."), "error")
    elif not form.is_submitted():
        form.next.data = request.args.get("next", "")
    return render_template("login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.app_context_processor
def staff_context():
    return {"staff": current_user if current_user.is_authenticated else None}
