"""Removing applicants' personal data once it is no longer needed, keeping every figure the reports use.

A visit is *due* when none of its cases is open (each one handed over, not accepted or withdrawn) and nothing
has happened to it for the retention period (``PERSONAL_DATA_RETENTION_DAYS``, docs/PRIVACY.md). Anonymising
a due visit

* blanks the applicant's name, ID number and phone, and notes when (``Visit.anonymised_at``: done once);
* blanks the free text its cases carry about the application (notes on what was missing, reasons, the postal
  tracking number, the pickup code), here and in the copies the history keeps, and drops the masked
  applicant the history recorded;
* removes the applicant's name, ID and phone, and any long run of digits, from the rating of the visit and the
  notes of its follow-up, which stay: the bad-rating list is part of the reports.

Matters, departments, states, dates, outcomes, materials, ratings' levels and reasons, tickets and the
history's kinds and times stay as they were, so every report reads the same before and after. Ratings of
tickets without a visit have their comments and follow-up notes cleaned the same way once their day is
older than the period. Work goes in batches, each one its own transaction with its own history entry, so
SQLite's single writer is held for a moment at a time.
"""

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.orm import selectinload

from hall.errors import ValidationFailed
from hall.extensions import db
from hall.models import OPEN_CASE_STATES, Case, FollowUp, HistoryEntry, Kind, Rating, Throttle, Ticket, Visit

# Less than a month after the last step would remove data the front desk still needs for enquiries and
# corrections; a typing slip (--days 3) must not wipe the year.
MIN_DAYS = 30
BATCH = 200
REDACTED = "***"
# Free text in the history's copies of a case's notes and reasons.
HISTORY_TEXT = ("note", "reason")
APPLICANT_KEYS = ("name", "id", "phone")
# Rate-limit counters are keyed by client address; no limit counts over more than a day.
THROTTLE_KEPT = timedelta(days=2)

# Six or more digits (ASCII or full-width, spaces or dashes between them), with an ID number's final X:
# phone, ID, bank account and tracking numbers in text someone typed. Shorter numbers (minutes, amounts) stay.
_NUMBER_RUN = re.compile(r"[0-9０-９](?:[\s\-]?[0-9０-９]){5,}[XxＸｘ]?")


@dataclass
class Tally:
    visits: int = 0
    cases: int = 0
    ratings: int = 0  # ratings whose comment or follow-up notes changed

    def add(self, other: "Tally") -> None:
        self.visits += other.visits
        self.cases += other.cases
        self.ratings += other.ratings


def cutoff(now: datetime, days: int) -> datetime:
    """The instant before which finished visits are due, or ``ValidationFailed`` for a period too short."""
    if days < MIN_DAYS:
        raise ValidationFailed(_l("Keep personal data for at least %(days)s days.", days=MIN_DAYS), field="days")
    return now - timedelta(days=days)


def redact(text: str, known=()) -> str:
    """``text`` with each of the ``known`` values (name, ID, phone) and every long run of digits as ``***``.

    Applying it twice changes nothing more, so runs may repeat.
    """
    if not text:
        return text
    for value in sorted({(k or "").strip() for k in known} - {""}, key=len, reverse=True):
        if len(value) >= 2:  # a one-character name would blank that character everywhere
            text = text.replace(value, REDACTED)
    return _NUMBER_RUN.sub(REDACTED, text)


def due_visits(hall_id: int, before: datetime):
    """The hall's visits not yet anonymised whose cases are all finished, with no step since ``before``."""
    still_open = select(Case.id).where(Case.visit_id == Visit.id, Case.state.in_(OPEN_CASE_STATES)).exists()
    last_step = select(func.max(Case.updated_at)).where(Case.visit_id == Visit.id).scalar_subquery()
    return select(Visit).where(
        Visit.hall_id == hall_id,
        Visit.anonymised_at.is_(None),
        Visit.created_at < before,
        ~still_open,
        or_(last_step.is_(None), last_step < before),
    )


def anonymise_visits(
    *, hall_id: int, before: datetime, now: datetime, days: int, after_id: int = 0, limit: int = BATCH
) -> tuple[Tally, int | None]:
    """Anonymise up to ``limit`` due visits of the hall with ids above ``after_id`` (in the caller's
    transaction) and record it; returns what changed and the last id done (None: no more are due)."""
    visits = db.session.scalars(
        due_visits(hall_id, before)
        .where(Visit.id > after_id)
        .options(selectinload(Visit.cases))
        .order_by(Visit.id)
        .limit(limit)
    ).all()
    tally = Tally(visits=len(visits))
    if not visits:
        return tally, None
    last_id = visits[-1].id if len(visits) == limit else None
    ratings = _ratings_by_ticket([v.ticket_id for v in visits if v.ticket_id])
    case_ids = []
    for visit in visits:
        known = (visit.applicant_name, visit.id_number, visit.phone)
        if visit.ticket_id in ratings:
            tally.ratings += _redact_rating(ratings[visit.ticket_id], known)
        for case in visit.cases:
            case.supplement_note = case.deficiency_note = case.reason = case.delivery_note = case.pickup_code = ""
            case_ids.append(case.id)
        visit.applicant_name = visit.id_number = visit.phone = ""
        visit.anonymised_at = now
    tally.cases = len(case_ids)
    _clean_history(hall_id, visits, case_ids)
    _record(hall_id, now, before, days, tally, visit_ids=[v.id for v in visits])
    return tally, last_id


def redact_old_ratings(
    *, hall_id: int, before: datetime, before_day: date, now: datetime, days: int, after_id: int = 0, limit: int = BATCH
) -> tuple[Tally, int | None]:
    """Clean the comments and follow-up notes of up to ``limit`` ratings of tickets without a visit whose day
    is before ``before_day`` (ids above ``after_id``); returns what changed and the last id read (None: done)."""
    ratings = _ratings_without_visit(hall_id, before_day, after_id, limit)
    changed = [rating.id for rating in ratings if _redact_rating(rating, ())]
    tally = Tally(ratings=len(changed))
    if changed:
        _record(hall_id, now, before, days, tally, rating_ids=changed)
    return tally, (ratings[-1].id if len(ratings) == limit else None)


def preview(hall_id: int, before: datetime, before_day: date) -> Tally:
    """What ``anonymise_visits`` and ``redact_old_ratings`` would change now (reads only: a dry run)."""
    due = due_visits(hall_id, before).subquery()
    tally = Tally(
        visits=db.session.scalar(select(func.count()).select_from(due)),
        cases=db.session.scalar(select(func.count(Case.id)).where(Case.visit_id.in_(select(due.c.id)))),
    )
    known = {
        ticket_id: (name, id_number, phone)
        for ticket_id, name, id_number, phone in db.session.execute(
            select(due.c.ticket_id, due.c.applicant_name, due.c.id_number, due.c.phone).where(
                due.c.ticket_id.is_not(None)
            )
        )
    }
    for _, chunk in _chunks(list(known)):
        for rating in _ratings_by_ticket(chunk).values():
            tally.ratings += _would_change(rating, known[rating.ticket_id])
    after_id = 0
    while after_id is not None:
        ratings = _ratings_without_visit(hall_id, before_day, after_id, BATCH)
        tally.ratings += sum(_would_change(rating, ()) for rating in ratings)
        after_id = ratings[-1].id if len(ratings) == BATCH else None
    return tally


def _ratings_without_visit(hall_id: int, before_day: date, after_id: int, limit: int) -> list[Rating]:
    """Ratings with some text, of tickets that had no visit (those go with their visit), before ``before_day``."""
    has_visit = select(Visit.id).where(Visit.ticket_id == Rating.ticket_id).exists()
    return db.session.scalars(
        select(Rating)
        .outerjoin(FollowUp, FollowUp.rating_id == Rating.id)
        .where(
            Rating.hall_id == hall_id,
            Rating.service_day < before_day,
            Rating.id > after_id,
            or_(Rating.comment != "", FollowUp.call_note != "", FollowUp.fix_note != ""),
            ~has_visit,
        )
        .options(selectinload(Rating.follow_up))
        .order_by(Rating.id)
        .limit(limit)
    ).all()


def record_nothing_due(*, hall_id: int, before: datetime, now: datetime, days: int) -> None:
    """A run that found nothing to do leaves its trace too (the audit asks whether the job runs)."""
    _record(hall_id, now, before, days, Tally())


def prune_throttles(now: datetime, *, dry_run: bool = False) -> int:
    """Delete rate-limit counters (keyed by client address) whose window ended long ago."""
    old = Throttle.window_start < now - THROTTLE_KEPT
    if dry_run:
        return db.session.scalar(select(func.count()).select_from(Throttle).where(old))
    return db.session.execute(delete(Throttle).where(old)).rowcount


def forget_kiosk_identities(today: date, *, dry_run: bool = False) -> int:
    """Clear the kiosk's keyed hash and masked hint from tickets of past days.

    They exist to refuse a second ticket and count a person's tickets on the ticket's own day (the hash is salted
    with the day, so it could not match another day anyway); after that they serve nobody.
    """
    old = (Ticket.service_day < today - THROTTLE_KEPT) & (Ticket.identity_hash.is_not(None))
    if dry_run:
        return db.session.scalar(select(func.count()).select_from(Ticket).where(old))
    cleared = update(Ticket).where(old).values(identity_hash=None, identity_kind=None, identity_hint=None)
    return db.session.execute(cleared).rowcount


def _chunks(ids: list, size: int = 500):
    for start in range(0, len(ids), size):
        yield start, ids[start : start + size]


def _ratings_by_ticket(ticket_ids: list[int]) -> dict[int, Rating]:
    if not ticket_ids:
        return {}
    ratings = db.session.scalars(
        select(Rating).where(Rating.ticket_id.in_(ticket_ids)).options(selectinload(Rating.follow_up))
    )
    return {rating.ticket_id: rating for rating in ratings}


def _cleaned(rating: Rating, known) -> tuple[str, str, str]:
    follow_up = rating.follow_up
    return (
        redact(rating.comment, known),
        redact(follow_up.call_note, known) if follow_up else "",
        redact(follow_up.fix_note, known) if follow_up else "",
    )


def _would_change(rating: Rating, known) -> bool:
    follow_up = rating.follow_up
    before = (rating.comment, follow_up.call_note if follow_up else "", follow_up.fix_note if follow_up else "")
    return _cleaned(rating, known) != before


def _redact_rating(rating: Rating, known) -> bool:
    if not _would_change(rating, known):
        return False
    comment, call_note, fix_note = _cleaned(rating, known)
    rating.comment = comment
    if rating.follow_up is not None:
        rating.follow_up.call_note, rating.follow_up.fix_note = call_note, fix_note
    return True


def _clean_history(hall_id: int, visits: list[Visit], case_ids: list[int]) -> None:
    """Blank the free text the history copied from the cases, and the masked applicant it recorded."""
    for _, chunk in _chunks(case_ids):
        for entry in db.session.scalars(select(HistoryEntry).where(HistoryEntry.case_id.in_(chunk))):
            if any((entry.data or {}).get(key) for key in HISTORY_TEXT):
                entry.data = {**entry.data, **{key: "" for key in HISTORY_TEXT if key in entry.data}}
    visit_ids = {visit.id for visit in visits}
    tickets = [visit.ticket_id for visit in visits if visit.ticket_id]
    recorded = select(HistoryEntry).where(HistoryEntry.hall_id == hall_id, HistoryEntry.kind == Kind.APPLICANT_RECORDED)
    if len(tickets) < len(visits):  # visits without a ticket: found by the visit id in the data
        entries = db.session.scalars(recorded.where(HistoryEntry.ticket_id.is_(None))).all()
    else:
        entries = []
    for _, chunk in _chunks(tickets):
        entries += db.session.scalars(recorded.where(HistoryEntry.ticket_id.in_(chunk))).all()
    for entry in entries:
        if (entry.data or {}).get("visit") in visit_ids:
            entry.data = {key: value for key, value in entry.data.items() if key not in APPLICANT_KEYS}


def _record(hall_id: int, now: datetime, before: datetime, days: int, tally: Tally, **ids) -> None:
    db.session.add(
        HistoryEntry(
            hall_id=hall_id,
            at=now,
            kind=Kind.ANONYMISED,
            data={"before": before.isoformat(), "days": days, **vars(tally), **ids},
            channel="cli",
        )
    )
