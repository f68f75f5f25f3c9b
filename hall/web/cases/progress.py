"""The resident's progress page: from the receipt's QR code, or by case number and phone digits."""

from flask import redirect, render_template, request, url_for

from hall import clock
from hall.db import write_transaction
from hall.errors import DomainError, NotFound
from hall.services.cases import progress
from hall.web import audit
from hall.web.cases import bp


@bp.get("/p/<token>")
def progress_page(token: str):
    visit = progress.visit_by_token(token)
    return render_template("cases/progress.html", token=token, progress=progress.visit_progress(visit, clock.now()))


@bp.route("/progress", methods=["GET", "POST"])
def lookup():
    error, status = None, 200
    if request.method == "POST":
        now = clock.now()
        client_key = request.remote_addr or "-"
        try:
            progress.check_lookup(client_key=client_key, now=now)
            try:
                case = progress.lookup(
                    case_number=request.form.get("case_number", ""), phone_last4=request.form.get("phone_last4", "")
                )
            except NotFound:
                audit.lookup(request.form.get("case_number", ""), found=False)
                with write_transaction():  # its own transaction: the wrong guess is counted though the lookup failed
                    progress.count_lookup(client_key=client_key, now=now)
                raise
        except DomainError as failure:
            error, status = str(failure.message), 429 if failure.code == "rate_limited" else 422
        else:
            target = url_for("cases.progress_page", token=case.visit.token) + f"#{case.number}"
            audit.lookup(case.number, found=True)
            return redirect(target)
    return render_template("cases/lookup.html", error=error, form=request.form), status
