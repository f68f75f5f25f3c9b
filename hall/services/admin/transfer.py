"""Copying a hall's configuration to another hall (a county rolling out its standard set-up).

``export_config`` writes departments, services, windows, the calendar, the matter catalogue and the shareable
settings to a plain document (JSON on disk). ``import_config`` applies such a document to a hall through the
same functions the management pages use (so the same validation and the same history), matching by natural
keys: departments by name, services by prefix, windows by number, calendar days by date, matters by code.
Nothing in the hall is deleted; what the file does not mention stays as it is. Staff and devices are never
copied (people and secrets).

A dry run is the same import inside a transaction that is rolled back (``write_transaction(dry_run=True)``):
what the dry run reports is exactly what the real import would do.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hall import permissions
from hall.errors import ValidationFailed
from hall.extensions import db
from hall.models import CalendarDay, Counter, Department, Hall, HistoryEntry, Kind, Service, Staff
from hall.permissions import Capability
from hall.services.admin import calendar, catalog, departments, halls, matters, windows

FORMAT = "township-hall-configuration"
VERSION = 1
SHARED_SETTINGS = (
    "timezone",
    "ticketing_hours",
    "notice",
    "max_wait_minutes",
    "recall_cap",
    "open_on_non_working_days",
)
SERVICE_FIELDS = (
    "name",
    "name_en",
    "description",
    "description_en",
    "daily_cap",
    "ticketing_hours",
    "green_channel",
    "typical_minutes",
    "position",
    "active",
)


def export_config(hall: Hall, now: datetime) -> dict:
    services = list(
        db.session.scalars(select(Service).where(Service.hall_id == hall.id).order_by(Service.position, Service.id))
    )
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": now.isoformat(),
        "source_hall": {"code": hall.code, "name": hall.name},
        "settings": {name: getattr(hall, name) for name in SHARED_SETTINGS},
        "departments": [
            {"name": d.name, "name_en": d.name_en, "position": d.position}
            for d in db.session.scalars(
                select(Department).where(Department.hall_id == hall.id).order_by(Department.position, Department.id)
            )
        ],
        "services": [
            {
                "prefix": s.prefix,
                **{f: getattr(s, f) for f in SERVICE_FIELDS},
                "departments": [d.name for d in s.departments],
            }
            for s in services
        ],
        "counters": [
            {
                "number": c.number,
                "name": c.name,
                "strict_service_order": c.strict_service_order,
                "active": c.active,
                "services": [link.service.prefix for link in c.links],
            }
            for c in db.session.scalars(select(Counter).where(Counter.hall_id == hall.id).order_by(Counter.number))
        ],
        "calendar": [
            {"day": d.day.isoformat(), "kind": d.kind.value, "name": d.name}
            for d in db.session.scalars(
                select(CalendarDay).where(CalendarDay.hall_id == hall.id).order_by(CalendarDay.day)
            )
        ],
        "matters": matters.export_matters(hall.id),
    }


@dataclass
class ImportReport:
    """What an import did (or, in a dry run, would do), read back from the history entries it wrote."""

    changes: list[dict] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for change in self.changes:
            key = f"{change['entity']}.{change['action']}"
            counts[key] = counts.get(key, 0) + 1
        return counts


def _list(document: dict, name: str) -> list[dict]:
    value = document.get(name, [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise ValidationFailed(_l("In the file, %(part)s must be a list of entries.", part=name), field=name)
    return value


def _within(part, key, action):
    """Run ``action``; a validation error says which entry of the file it is about."""
    try:
        return action()
    except ValidationFailed as error:
        details = {**error.details, "entry": f"{part} {key}".strip()}
        raise ValidationFailed(
            _l("%(part)s %(key)s: %(problem)s", part=part, key=key, problem=error.message), **details
        ) from error


def import_config(*, actor_id: int, hall_id: int, document, now: datetime) -> ImportReport:
    permissions.require(db.session.get(Staff, actor_id), Capability.CONFIGURE_HALL, hall_id)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValidationFailed(_l("This is not a hall configuration file."), field="file")
    if document.get("version") != VERSION:
        raise ValidationFailed(
            _l(
                "This file is version %(version)s; this system reads version %(expected)s.",
                version=document.get("version"),
                expected=VERSION,
            ),
            field="file",
        )
    hall = db.session.get(Hall, hall_id)
    db.session.flush()
    marker = db.session.scalar(select(HistoryEntry.id).order_by(HistoryEntry.id.desc()).limit(1)) or 0

    settings = document.get("settings") or {}
    if not isinstance(settings, dict):
        raise ValidationFailed(
            _l("In the file, %(part)s is not in the expected form.", part="settings"), field="settings"
        )
    current = {name: getattr(hall, name) for name in halls.SETTINGS}
    _within(
        _l("Settings"),
        "",
        lambda: halls.update_settings(
            actor_id=actor_id,
            hall_id=hall_id,
            now=now,
            values=current | {k: v for k, v in settings.items() if k in SHARED_SETTINGS},
        ),
    )

    by_name = {d.name: d for d in db.session.scalars(select(Department).where(Department.hall_id == hall_id))}
    for entry in _list(document, "departments"):
        name = entry.get("name")
        existing = by_name.get(name)
        if existing is None:
            by_name[name] = _within(
                _l("Department"),
                name,
                lambda entry=entry: departments.create(actor_id=actor_id, hall_id=hall_id, values=entry, now=now),
            )
        else:
            _within(
                _l("Department"),
                name,
                lambda entry=entry, existing=existing: departments.update(
                    actor_id=actor_id, hall_id=hall_id, department_id=existing.id, values=entry, now=now
                ),
            )
    db.session.flush()

    by_prefix = {s.prefix: s for s in db.session.scalars(select(Service).where(Service.hall_id == hall_id))}
    for entry in _list(document, "services"):
        prefix = str(entry.get("prefix") or "").upper()
        values = dict(entry)
        unknown = [n for n in entry.get("departments") or [] if n not in by_name]
        if unknown:
            raise ValidationFailed(
                _l(
                    "Service %(prefix)s names unknown departments: %(names)s",
                    prefix=prefix,
                    names="、".join(map(str, unknown)),
                ),
                field="services",
            )
        values["departments"] = [by_name[n].id for n in entry.get("departments") or []]
        existing = by_prefix.get(prefix)
        if existing is None:
            by_prefix[prefix] = _within(
                _l("Service"),
                prefix,
                lambda values=values: catalog.create(actor_id=actor_id, hall_id=hall_id, values=values, now=now),
            )
        else:
            _within(
                _l("Service"),
                prefix,
                lambda values=values, existing=existing: catalog.update(
                    actor_id=actor_id, hall_id=hall_id, service_id=existing.id, values=values, now=now
                ),
            )
    db.session.flush()

    by_number = {c.number: c for c in db.session.scalars(select(Counter).where(Counter.hall_id == hall_id))}
    for entry in _list(document, "counters"):
        number = entry.get("number")
        unknown = [p for p in entry.get("services") or [] if p not in by_prefix]
        if unknown:
            raise ValidationFailed(
                _l(
                    "Window %(number)s names unknown services: %(names)s",
                    number=number,
                    names="、".join(map(str, unknown)),
                ),
                field="counters",
            )
        values = dict(entry, services=[by_prefix[p].id for p in entry.get("services") or []])
        existing = by_number.get(number)
        if existing is None:
            _within(
                _l("Window"),
                number,
                lambda values=values: windows.create(actor_id=actor_id, hall_id=hall_id, values=values, now=now),
            )
        else:
            _within(
                _l("Window"),
                number,
                lambda values=values, existing=existing: windows.update(
                    actor_id=actor_id, hall_id=hall_id, counter_id=existing.id, values=values, now=now
                ),
            )

    for entry in _list(document, "calendar"):
        try:
            day = date.fromisoformat(str(entry.get("day")))
        except ValueError:
            raise ValidationFailed(
                _l("Calendar: %(day)s is not a date (YYYY-MM-DD).", day=entry.get("day")), field="calendar"
            ) from None
        _within(
            _l("Calendar"),
            day.isoformat(),
            lambda entry=entry, day=day: calendar.set_day(
                actor_id=actor_id,
                hall_id=hall_id,
                day=day,
                kind=entry.get("kind"),
                name=entry.get("name") or "",
                now=now,
            ),
        )

    db.session.flush()
    if "matters" in document:  # files from before the matter catalogue existed have none
        matters.import_matters(actor_id=actor_id, hall_id=hall_id, rows=_list(document, "matters"), now=now)

    db.session.flush()
    written = db.session.scalars(
        select(HistoryEntry)
        .where(HistoryEntry.id > marker, HistoryEntry.kind == Kind.CONFIG_CHANGED, HistoryEntry.hall_id == hall_id)
        .order_by(HistoryEntry.id)
    )
    return ImportReport(changes=[entry.data for entry in written])
