"""The hall's matter catalogue (政务服务事项): managers edit it in pages or import it from a file.

Cases copy what they need from their matter when recorded (code, name, type, committed days, materials), so
changing or deactivating a matter never rewrites a case already on file. A matter with cases is deactivated,
never deleted.
"""

import re
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy import update as sql_update

from hall import permissions
from hall.errors import InvalidState, NotFound, ValidationFailed
from hall.extensions import db
from hall.models import Case, CaseMaterial, Department, Matter, MatterKind, MatterMaterial, Staff
from hall.permissions import Capability
from hall.services import pinyin
from hall.services.admin import audit, checks

CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,39}$")
MAX_MATERIALS = 40


def _authorised(actor_id: int, hall_id: int) -> None:
    permissions.require(db.session.get(Staff, actor_id), Capability.CONFIGURE_HALL, hall_id)


def listed(hall_id: int) -> list[Matter]:
    """Every matter of the hall, active ones first, in catalogue order."""
    return list(
        db.session.scalars(
            select(Matter).where(Matter.hall_id == hall_id).order_by(Matter.active.desc(), Matter.position, Matter.id)
        )
    )


def get(hall_id: int, matter_id: int) -> Matter:
    matter = db.session.get(Matter, matter_id)
    if matter is None or matter.hall_id != hall_id:
        raise NotFound(_l("There is no such matter."))
    return matter


def clean(hall_id: int, values: dict) -> dict:
    kind_value = values.get("kind") or MatterKind.PROMISED.value
    try:
        kind = MatterKind(kind_value)
    except ValueError:
        checks.fail("kind", _l("Choose 即办件 or 承诺件."))
    statutory = checks.number(values.get("statutory_days"), "statutory_days", minimum=0, maximum=365, required=False)
    committed = checks.number(values.get("committed_days") or 0, "committed_days", minimum=0, maximum=365)
    if kind == MatterKind.IMMEDIATE:
        committed = 0
    elif committed < 1:
        checks.fail("committed_days", _l("A 承诺件 needs a committed limit of at least one working day."))
    if statutory is not None and committed > statutory:
        checks.fail("committed_days", _l("The committed limit cannot exceed the statutory limit."))
    department_id = checks.number(values.get("department_id"), "department_id", minimum=1, maximum=2**31)
    department = db.session.get(Department, department_id)
    if department is None or department.hall_id != hall_id:
        checks.fail("department_id", _l("Choose a department of this hall."))
    name = checks.text(values.get("name"), "name", max_length=100, required=True)
    return {
        "code": checks.pattern(
            values.get("code"), "code", CODE, _l("Letters, digits, dots, dashes and underscores only, e.g. MZ-001.")
        ).upper(),
        "name": name,
        "initials": pinyin.initials(name)[:100],
        "kind": kind,
        "statutory_days": statutory,
        "committed_days": committed,
        "department_id": department_id,
        "fee": checks.text(values.get("fee"), "fee", max_length=100) or "免费",
        "conditions": checks.text(values.get("conditions"), "conditions", max_length=2000),
        "notes": checks.text(values.get("notes"), "notes", max_length=2000),
        "position": checks.number(values.get("position") or 0, "position", minimum=0, maximum=9999),
        "active": bool(values.get("active", True)),
    }


def clean_materials(rows) -> list[dict]:
    """Materials as dicts (name, originals, copies, required, condition); empty names are skipped."""
    materials = []
    for row in rows or []:
        name = checks.text(row.get("name"), "materials", max_length=200)
        if not name:
            continue
        materials.append(
            {
                "name": name,
                "originals": checks.number(row.get("originals") or 0, "materials", minimum=0, maximum=20),
                "copies": checks.number(row.get("copies") or 0, "materials", minimum=0, maximum=20),
                "required": bool(row.get("required", True)),
                "condition": checks.text(row.get("condition"), "materials", max_length=200),
            }
        )
    if len(materials) > MAX_MATERIALS:
        checks.fail("materials", _l("At most %(count)s materials per matter.", count=MAX_MATERIALS))
    if not any(m["required"] for m in materials):
        checks.fail("materials", _l("List at least one required material (usually the applicant's ID card)."))
    return materials


def _unique_code(hall_id: int, code: str, except_id: int | None = None) -> None:
    clash = db.session.scalar(
        select(Matter).where(Matter.hall_id == hall_id, Matter.code == code, Matter.id != (except_id or 0))
    )
    if clash:
        checks.fail("code", _l("%(code)s is already the code of %(matter)s.", code=code, matter=clash.name))


def _set_materials(matter: Matter, materials: list[dict]) -> bool:
    current = [
        {"name": m.name, "originals": m.originals, "copies": m.copies, "required": m.required, "condition": m.condition}
        for m in matter.materials
    ]
    if current == materials:
        return False
    # Replaced, not edited in place. Cases keep their own copies of the materials; their link to the old rows
    # only said where a copy came from, so it is cleared rather than left pointing at a deleted row.
    old_ids = [m.id for m in matter.materials]
    if old_ids:
        db.session.execute(
            sql_update(CaseMaterial).where(CaseMaterial.material_id.in_(old_ids)).values(material_id=None)
        )
    matter.materials = [MatterMaterial(position=i, **m) for i, m in enumerate(materials)]
    return True


def create(*, actor_id: int, hall_id: int, values: dict, materials, now: datetime) -> Matter:
    _authorised(actor_id, hall_id)
    cleaned = clean(hall_id, values)
    rows = clean_materials(materials)
    _unique_code(hall_id, cleaned["code"])
    matter = Matter(hall_id=hall_id, updated_at=now, **cleaned)
    matter.materials = [MatterMaterial(position=i, **m) for i, m in enumerate(rows)]
    db.session.add(matter)
    db.session.flush()
    audit.record(hall_id, actor_id, now, "matter", "created", matter.id, code=matter.code, name=matter.name)
    return matter


def update(*, actor_id: int, hall_id: int, matter_id: int, values: dict, materials, now: datetime) -> Matter:
    _authorised(actor_id, hall_id)
    matter = get(hall_id, matter_id)
    cleaned = clean(hall_id, values)
    rows = clean_materials(materials)
    _unique_code(hall_id, cleaned["code"], except_id=matter.id)
    changed = audit.changes(matter, cleaned)
    if _set_materials(matter, rows):
        changed["materials"] = len(rows)
    if changed:
        matter.updated_at = now
        audit.record(hall_id, actor_id, now, "matter", "updated", matter.id, **changed)
    return matter


def delete(*, actor_id: int, hall_id: int, matter_id: int, now: datetime) -> None:
    """Delete a matter no case was ever recorded for; any other is deactivated instead."""
    _authorised(actor_id, hall_id)
    matter = get(hall_id, matter_id)
    used = db.session.scalar(select(func.count()).select_from(Case).where(Case.matter_id == matter.id))
    if used:
        raise InvalidState(_l("%(name)s has cases on file: deactivate it instead of deleting it.", name=matter.name))
    audit.record(hall_id, actor_id, now, "matter", "deleted", matter.id, code=matter.code, name=matter.name)
    db.session.delete(matter)


def export_matters(hall_id: int) -> list[dict]:
    matters = db.session.scalars(select(Matter).where(Matter.hall_id == hall_id).order_by(Matter.position, Matter.id))
    return [
        {
            "code": m.code,
            "name": m.name,
            "department": m.department.name,
            "kind": m.kind.value,
            "statutory_days": m.statutory_days,
            "committed_days": m.committed_days,
            "fee": m.fee,
            "conditions": m.conditions,
            "notes": m.notes,
            "position": m.position,
            "active": m.active,
            "materials": [
                {
                    "name": x.name,
                    "originals": x.originals,
                    "copies": x.copies,
                    "required": x.required,
                    "condition": x.condition,
                }
                for x in m.materials
            ],
        }
        for m in matters
    ]


def import_matters(*, actor_id: int, hall_id: int, rows: list, now: datetime) -> list[dict]:
    """Create or update matters by code; departments are matched by name. Returns what changed."""
    _authorised(actor_id, hall_id)
    if not isinstance(rows, list):
        raise ValidationFailed(_l("The file's matters must be a list."), field="file")
    departments = {d.name: d.id for d in db.session.scalars(select(Department).where(Department.hall_id == hall_id))}
    existing = {m.code: m for m in db.session.scalars(select(Matter).where(Matter.hall_id == hall_id))}
    report = []
    for index, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise ValidationFailed(_l("Matter %(index)s is not an object.", index=index), field="file")
        department_id = departments.get(row.get("department"))
        if department_id is None:
            raise ValidationFailed(
                _l("Matter %(index)s: the hall has no department %(name)s.", index=index, name=row.get("department")),
                field="file",
            )
        values = {**row, "department_id": department_id}
        code = str(row.get("code") or "").strip().upper()
        try:
            if code in existing:
                before = existing[code].updated_at
                matter = update(
                    actor_id=actor_id,
                    hall_id=hall_id,
                    matter_id=existing[code].id,
                    values=values,
                    materials=row.get("materials"),
                    now=now,
                )
                if matter.updated_at != before:
                    report.append({"entity": "matter", "action": "updated", "code": matter.code})
            else:
                matter = create(
                    actor_id=actor_id, hall_id=hall_id, values=values, materials=row.get("materials"), now=now
                )
                existing[matter.code] = matter
                report.append({"entity": "matter", "action": "created", "code": matter.code})
        except ValidationFailed as error:
            raise ValidationFailed(
                _l("Matter %(index)s (%(code)s): %(message)s", index=index, code=code or "-", message=error.message),
                field="file",
            ) from error
    return report
