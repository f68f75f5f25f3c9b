"""The audit log: who saw, printed, exported or changed which case and ticket, searched in one list.

Reads are recorded here (``record``, ``record_lookup``: one ``AuditEntry`` each, added to the caller's
transaction); changes are the history entries every service writes anyway. ``search`` merges both in time
order for the managers' audit page, filtered and a page at a time. Rows hold names of staff, case and ticket
numbers and the applicant's masked name, never the personal data itself nor any free text.
"""

import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, literal_column, or_, select, union_all

from hall.errors import ValidationFailed
from hall.extensions import db
from hall.labels import ACTION as TICKET_ACTIONS
from hall.models import AuditAction, AuditEntry, Case, HistoryEntry, Kind, Staff, Ticket, Visit
from hall.services import identity
from hall.services.cases.lifecycle import ACTION_LABELS as CASE_ACTIONS
from hall.services.cases.queries import find_case
from hall.timeutil import day_bounds, local

CHANGED = "changed"  # the action filter for history entries
PER_PAGE = 50
MAX_PAGE = 200  # deeper than 10 000 rows: narrow the dates or filters instead
MAX_DAYS = 400

WHAT_LABELS = {
    "case": _l("case page"),
    "visit": _l("visit page"),
    "receipt": _l("receipt"),
    "supplement_notice": _l("one-time notice"),
    "rejection_notice": _l("rejection notice"),
    "transfer_slip": _l("transfer slip"),
    "report": _l("report"),
    "saved_report": _l("saved daily report"),
    "config": _l("configuration export"),
    "progress": _l("progress lookup"),
}
ACTION_LABELS = {
    CHANGED: _l("changed"),
    AuditAction.VIEWED: _l("viewed"),
    AuditAction.PRINTED: _l("printed"),
    AuditAction.EXPORTED: _l("exported"),
    AuditAction.LOOKED_UP: _l("looked up by the resident"),
}
# History kinds by value; tickets and cases have their words already.
KIND_LABELS = {
    **{kind.value: label for kind, label in TICKET_ACTIONS.items()},
    **{kind.value: label for kind, label in CASE_ACTIONS.items()},
    Kind.ISSUED.value: _l("ticket issued"),
    "ticket.reprinted": _l("slip printed again"),
    Kind.COUNTER_OPENED.value: _l("window opened"),
    Kind.COUNTER_PAUSED.value: _l("window paused"),
    Kind.COUNTER_RESUMED.value: _l("window resumed"),
    Kind.COUNTER_CLOSED.value: _l("window closed"),
    Kind.CONFIG_CHANGED.value: _l("configuration changed"),
    Kind.DEVICE_PAIRED.value: _l("device paired"),
    "staff.locked": _l("account locked"),
    Kind.STAFF_UNLOCKED.value: _l("account unlocked"),
    Kind.VISIT_OPENED.value: _l("visit opened"),
    Kind.APPLICANT_RECORDED.value: _l("applicant recorded"),
    Kind.RATED.value: _l("rated"),
    Kind.FOLLOW_UP_CALLED_BACK.value: _l("resident called back"),
    Kind.FOLLOW_UP_CLOSED.value: _l("follow-up closed"),
    Kind.ANONYMISED.value: _l("personal data anonymised"),
}
# Who acted when no staff member did.
CHANNEL_LABELS = {
    "kiosk": _l("kiosk"),
    "resident": _l("resident"),
    "phone": _l("resident"),
    "tablet": _l("resident"),
    "cli": _l("operator command"),
}
# History entries about a staff account: the row names the account (its username), as "who" names the actor.
STAFF_KINDS = (Kind.STAFF_LOCKED, Kind.STAFF_UNLOCKED)
# History entries about a visit rather than one of its cases (they carry the visit's ticket only).
VISIT_KINDS = (Kind.VISIT_OPENED, Kind.APPLICANT_RECORDED, Kind.RATED)


def record(
    *,
    hall_id: int,
    action: AuditAction,
    what: str,
    now: datetime,
    staff_id: int | None = None,
    device_id: int | None = None,
    case_id: int | None = None,
    visit_id: int | None = None,
    ticket_id: int | None = None,
    detail: str = "",
    channel: str = "web",
) -> AuditEntry:
    """Add one audit entry to the session (the caller's transaction commits it)."""
    if what not in WHAT_LABELS:
        raise ValueError(f"unknown audit subject {what!r}: add it to WHAT_LABELS")
    entry = AuditEntry(
        hall_id=hall_id,
        at=now,
        action=action,
        what=what,
        staff_id=staff_id,
        device_id=device_id,
        case_id=case_id,
        visit_id=visit_id,
        ticket_id=ticket_id,
        detail=detail[:120],
        channel=channel[:16],
    )
    db.session.add(entry)
    return entry


def record_lookup(*, case_number: str, found: bool, now: datetime, device_id: int | None = None) -> AuditEntry | None:
    """A resident's progress lookup: found, or refused (wrong phone digits) for a case that exists.

    The digits typed are never kept. A number that matches no case reached nobody's data and is not
    recorded (the lookup throttle counts it).
    """
    case = db.session.scalar(select(Case).where(Case.number == (case_number or "").strip().upper()))
    if case is None:
        return None
    return record(
        hall_id=case.hall_id,
        action=AuditAction.LOOKED_UP,
        what="progress",
        now=now,
        device_id=device_id,
        case_id=case.id,
        visit_id=case.visit_id,
        ticket_id=case.visit.ticket_id,
        detail="found" if found else "refused",
        channel="resident",
    )


@dataclass(frozen=True)
class AuditPage:
    rows: list[dict]
    page: int
    has_next: bool


def search(
    hall_id: int,
    tz_name: str,
    *,
    start: date,
    end: date,
    today: date,
    staff_id: int | None = None,
    case_number: str = "",
    ticket_number: str = "",
    action: str = "",
    page: int = 1,
) -> AuditPage:
    """Changes and reads of the hall on its local days ``start``..``end``, newest first, ``PER_PAGE`` a page."""
    if end < start:
        raise ValidationFailed(_l("The end date is before the start date."), field="end")
    if (end - start).days >= MAX_DAYS:
        raise ValidationFailed(_l("Search at most %(days)s days at a time.", days=MAX_DAYS), field="end")
    if action and action != CHANGED and action not in AuditAction._value2member_map_:
        raise ValidationFailed(_l("Choose an action from the list."), field="action")
    page = min(max(page, 1), MAX_PAGE)
    since, until = day_bounds(start, tz_name)[0], day_bounds(end, tz_name)[1]
    changes = [HistoryEntry.hall_id == hall_id, HistoryEntry.at >= since, HistoryEntry.at < until]
    reads = [AuditEntry.hall_id == hall_id, AuditEntry.at >= since, AuditEntry.at < until]
    if staff_id is not None:
        changes.append(HistoryEntry.staff_id == staff_id)
        reads.append(AuditEntry.staff_id == staff_id)
    if case_number.strip():
        case = find_case(hall_id, case_number, today)
        if case is None:
            raise ValidationFailed(
                _l("There is no case %(number)s in this hall.", number=case_number.strip()[:48]), field="case"
            )
        changes.append(_about_case(HistoryEntry, case))
        reads.append(_about_case(AuditEntry, case))
    if ticket_number.strip():
        number = unicodedata.normalize("NFKC", ticket_number).strip().upper()[:8]
        tickets = select(Ticket.id).where(
            Ticket.hall_id == hall_id, Ticket.number == number, Ticket.service_day >= start, Ticket.service_day <= end
        )
        changes.append(HistoryEntry.ticket_id.in_(tickets))
        reads.append(AuditEntry.ticket_id.in_(tickets))
    if action:
        reads.append(AuditEntry.action == action)
    offset = (page - 1) * PER_PAGE
    # Each side reads only as far down its (hall, at) index as this page needs; the union is then tiny.
    parts = []
    if action in ("", CHANGED):
        parts.append(_newest("change", HistoryEntry, changes, offset + PER_PAGE + 1))
    if action != CHANGED:
        parts.append(_newest("read", AuditEntry, reads, offset + PER_PAGE + 1))
    merged = union_all(*parts).subquery() if len(parts) > 1 else parts[0].subquery()
    found = db.session.execute(
        select(merged.c.source, merged.c.id)
        .order_by(merged.c.at.desc(), merged.c.source, merged.c.id.desc())
        .offset(offset)
        .limit(PER_PAGE + 1)
    ).all()
    rows = _rows(found[:PER_PAGE], tz_name)
    return AuditPage(rows=rows, page=page, has_next=len(found) > PER_PAGE)


def _about_case(model, case: Case):
    """Entries about the case, and those about its visit as a whole (visit page, receipt, applicant)."""
    if model is AuditEntry:
        return or_(
            AuditEntry.case_id == case.id, and_(AuditEntry.case_id.is_(None), AuditEntry.visit_id == case.visit_id)
        )
    ticket_id = case.visit.ticket_id
    if ticket_id is None:
        return HistoryEntry.case_id == case.id
    visit_entries = and_(
        HistoryEntry.case_id.is_(None), HistoryEntry.ticket_id == ticket_id, HistoryEntry.kind.in_(VISIT_KINDS)
    )
    return or_(HistoryEntry.case_id == case.id, visit_entries)


def _newest(source: str, model, conditions, limit: int):
    # The label is inlined: a bound string in a UNION's select list has no type PostgreSQL can infer.
    return (
        select(literal_column(f"'{source}'").label("source"), model.id.label("id"), model.at.label("at"))
        .where(*conditions)
        .order_by(model.at.desc(), model.id.desc())
        .limit(limit)
        .subquery()
        .select()
    )


def _rows(found, tz_name: str) -> list[dict]:
    change_ids = [entry_id for source, entry_id in found if source == "change"]
    read_ids = [entry_id for source, entry_id in found if source == "read"]
    changes = {e.id: e for e in db.session.scalars(select(HistoryEntry).where(HistoryEntry.id.in_(change_ids)))}
    reads = {e.id: e for e in db.session.scalars(select(AuditEntry).where(AuditEntry.id.in_(read_ids)))}
    entries = [changes[i] if source == "change" else reads[i] for source, i in found]
    staff = _names(Staff, Staff.name, {e.staff_id for e in entries})
    tickets = _names(Ticket, Ticket.number, {e.ticket_id for e in entries})
    cases = {
        case_id: (number, identity.mask_name(name))
        for case_id, number, name in db.session.execute(
            select(Case.id, Case.number, Visit.applicant_name)
            .join(Visit, Visit.id == Case.visit_id)
            .where(Case.id.in_({e.case_id for e in entries if e.case_id}))
        )
    }
    rows = []
    for entry in entries:
        is_change = isinstance(entry, HistoryEntry)
        case_number, applicant = cases.get(entry.case_id, ("", ""))
        if is_change:
            action, label = CHANGED, KIND_LABELS.get(entry.kind.value, entry.kind.value)
            what, detail = "", (entry.data or {}).get("username", "") if entry.kind in STAFF_KINDS else ""
            entity = (entry.data or {}).get("entity", "") if entry.kind == Kind.CONFIG_CHANGED else ""
        else:
            action, label = entry.action.value, ACTION_LABELS[entry.action]
            what, detail, entity = WHAT_LABELS.get(entry.what, entry.what), entry.detail, ""
        rows.append(
            {
                "at": local(entry.at, tz_name),
                "source": "change" if is_change else "read",
                "action": action,
                "label": label,
                "what": what,
                "detail": detail,
                "entity": entity,
                "staff": staff.get(entry.staff_id) or CHANNEL_LABELS.get(entry.channel, ""),
                "case": case_number,
                "applicant": applicant,
                "ticket": tickets.get(entry.ticket_id, ""),
            }
        )
    return rows


def _names(model, column, ids) -> dict[int, str]:
    ids = {i for i in ids if i}
    if not ids:
        return {}
    return dict(db.session.execute(select(model.id, column).where(model.id.in_(ids))).all())
