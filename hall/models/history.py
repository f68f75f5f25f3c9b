"""The append-only history of every state change in a hall: who did what, to which ticket, when.

Reports and audits are computed from it, and ``hall.realtime`` turns the entries of each committed
transaction into screen updates.
"""

import enum
from datetime import datetime

from sqlalchemy import JSON, Enum, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from hall.extensions import db
from hall.models.types import UTCDateTime


class Kind(enum.StrEnum):
    ISSUED = "ticket.issued"
    CALLED = "ticket.called"
    RECALLED = "ticket.recalled"
    STARTED = "ticket.started"
    FINISHED = "ticket.finished"
    NO_SHOW = "ticket.no_show"
    REACTIVATED = "ticket.reactivated"
    TRANSFERRED = "ticket.transferred"
    HELD = "ticket.held"
    CALLED_BACK = "ticket.called_back"
    CANCELLED = "ticket.cancelled"
    # The kiosk printed a waiting ticket's slip again for the person who took it (no change of state).
    REPRINTED = "ticket.reprinted"
    COUNTER_OPENED = "counter.opened"
    COUNTER_PAUSED = "counter.paused"
    COUNTER_RESUMED = "counter.resumed"
    COUNTER_CLOSED = "counter.closed"
    # Configuration by managers and administrators: data says what (entity, id, action, changes).
    CONFIG_CHANGED = "config.changed"
    DEVICE_PAIRED = "device.paired"
    # Too many wrong passwords: the account is locked for a while (data: account, address, until).
    STAFF_LOCKED = "staff.locked"
    # A manager lifted that lock before it ended (staff_id: who; data: account, when it would have ended).
    STAFF_UNLOCKED = "staff.unlocked"
    # Visits and cases (办件): data holds the details (reason, materials, dates).
    VISIT_OPENED = "visit.opened"
    APPLICANT_RECORDED = "visit.applicant"
    CASE_RECORDED = "case.recorded"
    CASE_MATERIALS = "case.materials"
    CASE_WITHDRAWN = "case.withdrawn"
    CASE_ACCEPTED = "case.accepted"
    CASE_NOTICE = "case.notice"  # 一次性告知 at the window, before acceptance
    CASE_REJECTED = "case.rejected"
    CASE_COMPLETED = "case.completed"  # 即办件 decided and handed over on the spot
    CASE_REVIEW_STARTED = "case.review_started"
    CASE_SUPPLEMENT_REQUESTED = "case.supplement_requested"  # by the department, during review
    CASE_SUPPLEMENTED = "case.supplemented"
    CASE_RETURNED = "case.returned"
    CASE_RESUBMITTED = "case.resubmitted"
    CASE_APPROVED = "case.approved"
    CASE_DECLINED = "case.declined"
    CASE_DELIVERED = "case.delivered"
    # Ratings (好差评) and the follow-up of bad ones.
    RATED = "visit.rated"
    FOLLOW_UP_CALLED_BACK = "follow_up.called_back"
    FOLLOW_UP_CLOSED = "follow_up.closed"
    # ``flask hall anonymise``: data lists the visits whose personal data was removed.
    ANONYMISED = "privacy.anonymised"


# The history kinds that make the hall screen announce a number.
ANNOUNCED = (Kind.CALLED, Kind.RECALLED, Kind.CALLED_BACK)


class HistoryEntry(db.Model):
    __table_args__ = (
        Index("ix_history_entry_hall_at", "hall_id", "at"),
        Index("ix_history_entry_hall_kind", "hall_id", "kind", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[Kind] = mapped_column(
        Enum(Kind, native_enum=False, length=32, values_callable=lambda e: [m.value for m in e])
    )
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id"), index=True, default=None)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"), index=True)
    # The ticket's queue at the time (after a transfer: the new one; data holds the old one).
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id"))
    # Who did it: a staff member, or None for a resident at the kiosk.
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    # The registered device it came through (a kiosk issuing a ticket), if any.
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"), default=None)
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    # Free-form label for the source: "kiosk", "api", "counter", "cli".
    channel: Mapped[str] = mapped_column(String(16), default="")

    def __repr__(self) -> str:
        return f"<HistoryEntry {self.kind} ticket={self.ticket_id} case={self.case_id}>"
