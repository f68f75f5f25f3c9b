"""Ratings (好差评): one voluntary rating per visit, on the window's tablet or the resident's phone.

A visit can be rated from the moment its ticket is finished until the hall's rating window closes. There is
never a default score: only a level the resident chose is stored. Levels 1 and 2 open a follow-up (回访整改)
with a deadline in the hall's working days, which managers work and close.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hall import permissions
from hall.errors import InvalidState, NotFound, ValidationFailed
from hall.extensions import db
from hall.models import (
    BAD_LEVELS,
    Counter,
    FollowUp,
    FollowUpState,
    HistoryEntry,
    Kind,
    Rating,
    Staff,
    Ticket,
    TicketState,
)
from hall.permissions import Capability
from hall.services import workdays
from hall.timeutil import service_day

LEVEL_NAMES = {
    5: _l("Very satisfied"),
    4: _l("Satisfied"),
    3: _l("Fairly satisfied"),
    2: _l("Dissatisfied"),
    1: _l("Very dissatisfied"),
}
# Reasons a resident may tick (the national scheme's on-site indicators); praise for good levels, complaints
# for bad ones. Codes are stored; words are shown in the reader's language.
PRAISE = {"efficient": _l("Quick"), "competent": _l("Knew the matter well"), "friendly": _l("Friendly")}
COMPLAINTS = {
    "slow": _l("Waited or took too long"),
    "unclear": _l("Not told clearly what to bring"),
    "attitude": _l("Unfriendly"),
    "runs": _l("Had to come more than once"),
    "facilities": _l("Hall, machines or system"),
}
REASONS = PRAISE | COMPLAINTS
COMMENT_MAX = 500


@dataclass(frozen=True)
class RatingRequest:
    """What a tablet or phone needs to offer a rating: the visit, and until when it can be rated."""

    ticket: Ticket
    closes_at: datetime
    rating: Rating | None

    @property
    def is_open(self) -> bool:
        return self.rating is None

    def as_dict(self) -> dict:
        return {
            "number": self.ticket.number,
            "token": self.ticket.token,
            "counter": self.ticket.counter.number if self.ticket.counter else None,
            "closes_at": self.closes_at.isoformat(),
            "open": self.is_open,
            "level": self.rating.level if self.rating else None,
        }


def _rating_of(ticket_id: int) -> Rating | None:
    return db.session.scalar(select(Rating).where(Rating.ticket_id == ticket_id))


def request_for_ticket(ticket: Ticket, now: datetime) -> RatingRequest | None:
    """The ticket's rating request, or None when it cannot be rated (not finished, or the window has closed)."""
    if ticket.state != TicketState.DONE or ticket.finished_at is None:
        return None
    closes_at = ticket.finished_at + timedelta(minutes=ticket.service.hall.rating_window_minutes)
    rating = _rating_of(ticket.id)
    if now > closes_at and rating is None:
        return None
    return RatingRequest(ticket, closes_at, rating)


def request_at_counter(counter: Counter, now: datetime) -> RatingRequest | None:
    """The visit a window's tablet should offer: the last one finished there, while it can still be rated."""
    since = now - timedelta(minutes=counter.hall.rating_window_minutes)
    ticket = db.session.scalar(
        select(Ticket)
        .where(
            Ticket.counter_id == counter.id,
            Ticket.state == TicketState.DONE,
            Ticket.finished_by_system.is_(False),  # its resident left long ago; the one at the window now did not
            Ticket.finished_at >= since,
        )
        .order_by(Ticket.finished_at.desc())
        .limit(1)
    )
    request = request_for_ticket(ticket, now) if ticket else None
    return request if request and request.is_open else None


def clean_reasons(level: int, reasons) -> list[str]:
    if not isinstance(reasons, list | tuple) or not all(isinstance(r, str) for r in reasons):
        raise ValidationFailed(_l("Choose reasons from the list."), field="reasons")
    allowed = COMPLAINTS if level <= 3 else PRAISE
    unknown = [r for r in reasons if r not in allowed]
    if unknown:
        raise ValidationFailed(_l("Choose reasons from the list."), field="reasons")
    return list(dict.fromkeys(reasons))


def rate(*, ticket_token: str, level, reasons=(), comment: str = "", channel: str, now: datetime) -> Rating:
    """Record the resident's rating of their visit (once, within the window)."""
    ticket = db.session.scalar(select(Ticket).where(Ticket.token == ticket_token)) if ticket_token else None
    if ticket is None:
        raise NotFound(_l("This ticket does not exist. Please check the QR code on your slip."))
    if not isinstance(level, int) or isinstance(level, bool) or level not in LEVEL_NAMES:
        raise ValidationFailed(_l("Choose one of the five levels."), field="level")
    request = request_for_ticket(ticket, now)
    if request is None:
        raise InvalidState(_l("This visit can no longer be rated."))
    if not request.is_open:
        raise InvalidState(_l("This visit has already been rated. Thank you."))
    comment = " ".join((comment or "").split())
    if len(comment) > COMMENT_MAX:
        raise ValidationFailed(_l("At most %(count)s characters, please.", count=COMMENT_MAX), field="comment")
    hall = ticket.service.hall
    rating = Rating(
        hall_id=ticket.hall_id,
        ticket_id=ticket.id,
        counter_id=ticket.counter_id,
        clerk_id=ticket.clerk_id,
        service_day=ticket.service_day,
        level=level,
        reasons=clean_reasons(level, list(reasons or [])),
        comment=comment,
        channel="tablet" if channel == "tablet" else "phone",
        created_at=now,
    )
    db.session.add(rating)
    db.session.flush()
    if level in BAD_LEVELS:
        today = service_day(now, hall.timezone)
        db.session.add(
            FollowUp(
                hall_id=hall.id,
                rating_id=rating.id,
                due_on=workdays.add_working_days(hall.id, today, hall.follow_up_working_days),
                updated_at=now,
            )
        )
    db.session.add(
        HistoryEntry(
            hall_id=hall.id,
            at=now,
            kind=Kind.RATED,
            ticket_id=ticket.id,
            counter_id=None,  # a rating changes no window's state: screens need not hear of it
            staff_id=None,
            data={"level": level, "counter": ticket.counter.number if ticket.counter else None, "channel": channel},
            channel=rating.channel,
        )
    )
    return rating


def _follow_up(actor_id: int, follow_up_id: int) -> FollowUp:
    follow_up = db.session.get(FollowUp, follow_up_id)
    if follow_up is None:
        raise NotFound(_l("There is no such follow-up."))
    permissions.require(db.session.get(Staff, actor_id), Capability.CONFIGURE_HALL, follow_up.hall_id)
    return follow_up


def _note(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationFailed(_l("Write down what was said or done."), field=field)
    if len(value) > 2000:
        raise ValidationFailed(_l("At most %(count)s characters, please.", count=2000), field=field)
    return value


def record_call_back(*, actor_id: int, follow_up_id: int, note: str, now: datetime) -> FollowUp:
    """The manager called the resident back (回访)."""
    follow_up = _follow_up(actor_id, follow_up_id)
    if follow_up.state == FollowUpState.CLOSED:
        raise InvalidState(_l("This follow-up is already closed."))
    follow_up.call_note = _note(note, "call_note")
    follow_up.state = FollowUpState.CALLED_BACK
    follow_up.called_back_at = now
    follow_up.updated_at = now
    _record(follow_up, Kind.FOLLOW_UP_CALLED_BACK, actor_id, now)
    return follow_up


def close(*, actor_id: int, follow_up_id: int, note: str, now: datetime) -> FollowUp:
    """The fix (整改) is done and recorded; the follow-up is closed."""
    follow_up = _follow_up(actor_id, follow_up_id)
    if follow_up.state == FollowUpState.CLOSED:
        raise InvalidState(_l("This follow-up is already closed."))
    follow_up.fix_note = _note(note, "fix_note")
    follow_up.state = FollowUpState.CLOSED
    follow_up.closed_at = now
    follow_up.closed_by_id = actor_id
    follow_up.updated_at = now
    _record(follow_up, Kind.FOLLOW_UP_CLOSED, actor_id, now)
    return follow_up


def _record(follow_up: FollowUp, kind: Kind, actor_id: int, now: datetime) -> None:
    db.session.add(
        HistoryEntry(
            hall_id=follow_up.hall_id,
            at=now,
            kind=kind,
            ticket_id=follow_up.rating.ticket_id,
            staff_id=actor_id,
            data={"follow_up": follow_up.id},
            channel="manage",
        )
    )


def follow_ups(hall_id: int, *, open_only: bool = True) -> list[FollowUp]:
    statement = select(FollowUp).where(FollowUp.hall_id == hall_id)
    if open_only:
        statement = statement.where(FollowUp.state != FollowUpState.CLOSED)
    return list(db.session.scalars(statement.order_by(FollowUp.due_on, FollowUp.id).limit(500)))


def ratings_of_clerk(staff_id: int, limit: int = 200) -> list[Rating]:
    """A clerk's own ratings, newest first (clerks see theirs, never their colleagues')."""
    return list(
        db.session.scalars(
            select(Rating).where(Rating.clerk_id == staff_id).order_by(Rating.created_at.desc()).limit(limit)
        )
    )
