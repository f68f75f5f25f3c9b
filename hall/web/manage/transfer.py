"""Export a hall's configuration to a file, and import one (with a dry run first)."""

import json

from flask import Response, render_template
from flask_babel import gettext as _
from flask_login import current_user

from hall import clock
from hall.db import write_transaction
from hall.errors import DomainError
from hall.permissions import Capability
from hall.services.admin import transfer
from hall.timeutil import service_day
from hall.web.manage import bp, hall_page, submit
from hall.web.manage.forms import ConfirmImportForm, ImportForm


@bp.get("/<code>/export")
@hall_page(Capability.CONFIGURE_HALL)
def export_config(hall):
    now = clock.now()
    document = json.dumps(transfer.export_config(hall, now), ensure_ascii=False, indent=2)
    name = f"hall-{hall.code}-{service_day(now, hall.timezone).isoformat()}.json"
    return Response(
        document, mimetype="application/json", headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def _dry_run(hall, document) -> tuple[transfer.ImportReport | None, str | None]:
    try:
        with write_transaction(dry_run=True):
            report = transfer.import_config(
                actor_id=current_user.id, hall_id=hall.id, document=document, now=clock.now()
            )
    except DomainError as error:
        return None, str(error.message)
    return report, None


@bp.route("/<code>/import", methods=["GET", "POST"])
@hall_page(Capability.CONFIGURE_HALL)
def import_config(hall):
    form = ImportForm()
    report = error = text = None
    if form.validate_on_submit():
        raw = form.file.data.read()
        try:
            document = json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            error = _("The file is not a JSON file (exported from this system).")
        else:
            report, error = _dry_run(hall, document)
            text = json.dumps(document, ensure_ascii=False)
    confirm = ConfirmImportForm(document=text) if report else None
    return render_template("manage/import.html", hall=hall, form=form, report=report, error=error, confirm=confirm)


@bp.post("/<code>/import/apply")
@hall_page(Capability.CONFIGURE_HALL)
def apply_import(hall):
    confirm = ConfirmImportForm()
    report = {}
    if confirm.validate_on_submit():
        try:
            document = json.loads(confirm.document.data)
        except json.JSONDecodeError:
            document = None
        if submit(
            confirm,
            lambda: report.update(
                result=transfer.import_config(
                    actor_id=current_user.id, hall_id=hall.id, document=document, now=clock.now()
                )
            ),
            _("Configuration imported."),
        ):
            return render_template(
                "manage/import.html",
                hall=hall,
                form=ImportForm(),
                report=report["result"],
                applied=True,
                error=None,
                confirm=None,
            )
    return render_template("manage/import.html", hall=hall, form=ImportForm(), report=None, error=None, confirm=None)
