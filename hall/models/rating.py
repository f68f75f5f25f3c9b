"""Ratings (好差评) of visits, and the follow-up that a bad rating opens."""

import enum
from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hall.extensions import db
from hall.models.matter import enum_column
from hall.models.service import Counter
from hall.models.staff import Staff
from hall.models.ticket import Ticket
from hall.models.types import UTCDateTime

# The national scheme's five levels; satisfaction = (5 + 4) / all.
LEVELS = (5, 4, 3, 2, 1)
BAD_LEVELS = (1, 2)


class Rating(db.Model):
    __table_args__ = (
        CheckConstraint("level BETWEEN 1 AND 5", name="level_1_to_5"),
        Index("ix_rating_hall_day", "hall_id", "service_day"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"))
    # One rating per visit: the ticket is unique.
    ticket_id: Mapped[int] = mapped_column(ForeignKey("ticket.id"), unique=True)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"), index=True)
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True)
    # The ticket's service day (reports count ratings by the day of the visit).
    service_day: Mapped[date] = mapped_column(Date)
    level: Mapped[int]
    # Codes from hall.services.ratings.REASONS (e.g. "slow", "attitude"); free text goes in comment.
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    comment: Mapped[str] = mapped_column(Text, default="")
    channel: Mapped[str] = mapped_column(String(16))  # "tablet" or "phone"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    ticket: Mapped[Ticket] = relationship()
    counter: Mapped[Counter | None] = relationship()
    clerk: Mapped[Staff | None] = relationship()
    follow_up: Mapped["FollowUp | None"] = relationship(back_populates="rating", uselist=False)


class FollowUpState(enum.StrEnum):
    OPEN = "open"  # nobody has called the resident back yet
    CALLED_BACK = "called_back"  # the manager talked to the resident; the fix is under way
    CLOSED = "closed"  # fixed (or explained) and recorded


class FollowUp(db.Model):
    """差评整改: a bad rating must be followed up (call back, fix, record) by a deadline in working days."""

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"), index=True)
    rating_id: Mapped[int] = mapped_column(ForeignKey("rating.id"), unique=True)
    due_on: Mapped[date] = mapped_column(Date)
    state: Mapped[FollowUpState] = mapped_column(enum_column(FollowUpState), default=FollowUpState.OPEN)
    call_note: Mapped[str] = mapped_column(Text, default="")
    fix_note: Mapped[str] = mapped_column(Text, default="")
    called_back_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    rating: Mapped[Rating] = relationship(back_populates="follow_up")
