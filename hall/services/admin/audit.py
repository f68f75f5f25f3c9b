"""Recording configuration changes in the hall's history (who changed what, when)."""

from datetime import datetime

from hall.extensions import db
from hall.models import HistoryEntry, Kind


def record(
    hall_id: int, actor_id: int | None, now: datetime, entity: str, action: str, entity_id: int | None, **changes
) -> None:
    """``entity``: hall, department, service, counter, staff, calendar, device; ``action``: created, updated ..."""
    db.session.add(
        HistoryEntry(
            hall_id=hall_id,
            at=now,
            kind=Kind.CONFIG_CHANGED,
            staff_id=actor_id,
            channel="manage",
            data={"entity": entity, "action": action, "id": entity_id, **({"changes": changes} if changes else {})},
        )
    )


def changes(obj, values: dict) -> dict:
    """Apply ``values`` to ``obj``; return {field: [old, new]} for the fields that really changed."""
    changed = {}
    for field, new in values.items():
        old = getattr(obj, field)
        if old != new:
            changed[field] = [_plain(old), _plain(new)]
            setattr(obj, field, new)
    return changed


def _plain(value):
    """A JSON-friendly form of a field's value for the history."""
    if hasattr(value, "value"):  # enums
        return value.value
    return value if isinstance(value, str | int | bool | None) else str(value)
