"""The audit log of reads: who saw, printed or exported whose personal data, and when.

Changes are in the history (``HistoryEntry``, with the staff member on each entry); this table holds what
the history does not: pages that show an applicant, the papers printed for them, files that take data out
of the system, and residents' progress lookups. It holds ids and labels only, never the personal data itself.
"""

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from hall.extensions import db
from hall.models.types import UTCDateTime


class AuditAction(enum.StrEnum):
    VIEWED = "viewed"  # a staff page that shows an applicant (case, visit)
    PRINTED = "printed"  # a paper for the resident (receipt, notices, transfer slip)
    EXPORTED = "exported"  # a file that leaves the system (report CSV/Excel/PDF, configuration export)
    LOOKED_UP = "looked_up"  # a resident's progress lookup by case number and phone digits


class AuditEntry(db.Model):
    __table_args__ = (Index("ix_audit_entry_hall_at", "hall_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    action: Mapped[AuditAction] = mapped_column(
        Enum(AuditAction, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])
    )
    # Who: a staff member; None for a resident (progress lookup) or an operator's command.
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), index=True, default=None)
    # The registered device the request came through, if any (a hall PC or kiosk paired with /pair).
    device_id: Mapped[int | None] = mapped_column(ForeignKey("device.id"), default=None)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case_file.id"), index=True, default=None)
    visit_id: Mapped[int | None] = mapped_column(ForeignKey("visit.id"), index=True, default=None)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), index=True, default=None)
    # What was shown: the page or paper ("case", "receipt", "report" ...); detail narrows it down
    # ("csv 2026-11-01..2026-11-30", "refused"), never with personal data.
    what: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str] = mapped_column(String(120), default="")
    channel: Mapped[str] = mapped_column(String(16), default="web")

    def __repr__(self) -> str:
        return f"<AuditEntry {self.action} {self.what} case={self.case_id} staff={self.staff_id}>"
