"""The matter catalogue (政务服务事项): list, edit with its materials, delete or deactivate, import a file."""

import json

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from hall import clock
from hall.permissions import Capability
from hall.services.admin import departments, matters
from hall.services.cases.catalogue import search_matters
from hall.web.manage import bp, hall_page, submit
from hall.web.manage.forms import ImportForm, MatterForm, choices

CONFIGURE = Capability.CONFIGURE_HALL
# Blank material rows offered on the form (a matter rarely needs more; saving gives more next time).
BLANK_ROWS = 3


def _form(hall, matter=None) -> MatterForm:
    form = MatterForm(obj=matter)
    form.department_id.choices = choices([(d.id, d.name) for d in departments.listed(hall.id)])
    if matter is not None and not form.is_submitted():
        form.kind.data = matter.kind.value
    return form


def _posted_materials() -> list[dict]:
    """Rows material-<n>-name / -originals / -copies / -required / -condition from the form."""
    count = request.form.get("material_rows", "")
    rows = []
    for index in range(min(int(count), matters.MAX_MATERIALS + BLANK_ROWS) if count.isdigit() else 0):
        prefix = f"material-{index}-"
        rows.append(
            {
                "name": request.form.get(prefix + "name", ""),
                "originals": request.form.get(prefix + "originals", "0"),
                "copies": request.form.get(prefix + "copies", "0"),
                "required": request.form.get(prefix + "required") == "y",
                "condition": request.form.get(prefix + "condition", ""),
            }
        )
    return rows


def _material_rows(matter, posted) -> list[dict]:
    if posted is not None:
        rows = posted
    elif matter is not None:
        rows = [
            {
                "name": m.name,
                "originals": m.originals,
                "copies": m.copies,
                "required": m.required,
                "condition": m.condition,
            }
            for m in matter.materials
        ]
    else:
        rows = [{"name": "居民身份证", "originals": 1, "copies": 1, "required": True, "condition": ""}]
    return rows + [{"name": "", "originals": 1, "copies": 0, "required": True, "condition": ""}] * BLANK_ROWS


def _values(form) -> dict:
    return {**form.data, "department_id": form.department_id.data}


@bp.get("/<code>/matters")
@hall_page(CONFIGURE)
def matters_page(hall):
    query = request.args.get("q", "")
    listed = search_matters(hall.id, query, limit=500, include_inactive=True) if query else matters.listed(hall.id)
    return render_template("manage/matters.html", hall=hall, matters=listed, query=query, import_form=ImportForm())


def _edit(hall, matter=None):
    form = _form(hall, matter)
    posted = _posted_materials() if request.method == "POST" else None
    if form.validate_on_submit():
        actor = {"actor_id": current_user.id, "hall_id": hall.id, "now": clock.now()}
        if matter is None:
            change = lambda: matters.create(values=_values(form), materials=posted, **actor)  # noqa: E731
            done = _("Matter added.")
        else:
            change = lambda: matters.update(  # noqa: E731
                matter_id=matter.id, values=_values(form), materials=posted, **actor
            )
            done = _("Matter saved.")
        if submit(form, change, done):
            return redirect(url_for("manage.matters_page", code=hall.code))
    return render_template(
        "manage/matter.html", hall=hall, form=form, matter=matter, materials=_material_rows(matter, posted)
    )


@bp.route("/<code>/matters/new", methods=["GET", "POST"])
@hall_page(CONFIGURE)
def new_matter(hall):
    return _edit(hall)


@bp.route("/<code>/matters/<id:matter_id>", methods=["GET", "POST"])
@hall_page(CONFIGURE)
def matter_page(hall, matter_id: int):
    return _edit(hall, matters.get(hall.id, matter_id))


@bp.post("/<code>/matters/<id:matter_id>/delete")
@hall_page(CONFIGURE)
def delete_matter(hall, matter_id: int):
    submit(
        None,
        lambda: matters.delete(actor_id=current_user.id, hall_id=hall.id, matter_id=matter_id, now=clock.now()),
        _("Matter deleted."),
    )
    return redirect(url_for("manage.matters_page", code=hall.code))


@bp.post("/<code>/matters/import")
@hall_page(CONFIGURE)
def import_matters(hall):
    """A JSON list of matters (the "matters" part of a configuration export) is created or updated by code."""
    form = ImportForm()
    if not form.validate_on_submit():
        flash(_("Choose a file."), "error")
        return redirect(url_for("manage.matters_page", code=hall.code))
    try:
        document = json.loads(form.file.data.read().decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        flash(_("The file is not valid JSON (UTF-8)."), "error")
        return redirect(url_for("manage.matters_page", code=hall.code))
    rows = document.get("matters") if isinstance(document, dict) else document
    report = []
    submit(
        None,
        lambda: report.extend(
            matters.import_matters(actor_id=current_user.id, hall_id=hall.id, rows=rows, now=clock.now())
        ),
        _("Matters imported."),
    )
    if report:
        flash(_("%(count)s matters created or changed.", count=len(report)), "info")
    return redirect(url_for("manage.matters_page", code=hall.code))
