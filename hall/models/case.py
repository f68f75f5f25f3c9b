"""Visits and cases (办件): what a resident applied for at the window, and how each application goes on.

A *visit* is one resident served on one ticket: the applicant is entered once for it. Each *case* is one
matter applied for in that visit, worked by its own department, numbered on its own. Personal data lives
on the visit only, so masking, access and anonymisation concern one table.
"""

import enum
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hall.extensions import db
from hall.models.hall import Department, Hall
from hall.models.matter import Matter, MatterKind, MatterMaterial, enum_column
from hall.models.service import Counter
from hall.models.staff import Staff
from hall.models.ticket import Ticket
from hall.models.types import UTCDateTime


class Visit(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"), index=True)
    # The ticket the resident was served on (None: recorded without a ticket, e.g. by appointment).
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("ticket.id"), unique=True)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    clerk_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Personal data (PIPL): shown in full only to staff who work the cases; masked everywhere else.
    applicant_name: Mapped[str] = mapped_column(String(64), default="")
    id_type: Mapped[str] = mapped_column(String(24), default="resident_id")
    id_number: Mapped[str] = mapped_column(String(32), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    # Unguessable key of the resident's progress page (the receipt's QR code).
    token: Mapped[str] = mapped_column(String(32), unique=True)
    # When ``flask hall anonymise`` removed the personal data (docs/PRIVACY.md); None: not yet.
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    hall: Mapped[Hall] = relationship()
    ticket: Mapped[Ticket | None] = relationship()
    counter: Mapped[Counter | None] = relationship()
    clerk: Mapped[Staff] = relationship()
    cases: Mapped[list["Case"]] = relationship(back_populates="visit", order_by="Case.id")

    @property
    def has_applicant(self) -> bool:
        return bool(self.applicant_name and self.id_number)


class CaseState(enum.StrEnum):
    RECEIVED = "received"  # being recorded at the window: materials still being checked
    NEEDS_SUPPLEMENT = "needs_supplement"  # 补正: the one-time notice lists what is missing
    ACCEPTED = "accepted"  # 受理: waiting for its department
    REJECTED = "rejected"  # 不予受理 (final)
    IN_REVIEW = "in_review"  # the department is working on it
    RETURNED = "returned"  # sent back to the front desk by the department (wrong matter, unclear file)
    READY = "ready_for_pickup"  # 办结: decided (approved or declined), the result waits at the front
    DELIVERED = "delivered"  # 出件: collected at the window or posted (final)
    WITHDRAWN = "withdrawn"  # dropped before acceptance (recorded by mistake, resident changed their mind)


class MaterialStatus(enum.StrEnum):
    RECEIVED = "received"
    MISSING = "missing"  # needed from this resident and not handed in
    NOT_APPLICABLE = "not_applicable"  # conditional or optional, and not needed in this resident's situation


class Outcome(enum.StrEnum):
    APPROVED = "approved"
    DECLINED = "declined"


class DeliveryMethod(enum.StrEnum):
    COLLECTED = "collected"
    POSTED = "posted"


# States in which a case is still open for its hall (lists, deadlines).
OPEN_CASE_STATES = (
    CaseState.RECEIVED,
    CaseState.NEEDS_SUPPLEMENT,
    CaseState.ACCEPTED,
    CaseState.IN_REVIEW,
    CaseState.RETURNED,
    CaseState.READY,
)
# States in which the committed deadline runs (accepted, not yet decided).
CLOCK_STATES = (CaseState.ACCEPTED, CaseState.IN_REVIEW, CaseState.RETURNED)


class Case(db.Model):
    __tablename__ = "case_file"  # "case" is an SQL keyword
    __table_args__ = (
        Index("ix_case_department_state", "department_id", "state"),
        Index("ix_case_hall_state", "hall_id", "state"),
        # Reports count cases accepted and decided per day: without these they read every case of the hall.
        Index("ix_case_hall_accepted_on", "hall_id", "accepted_on"),
        Index("ix_case_hall_decided_at", "hall_id", "decided_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"))
    visit_id: Mapped[int] = mapped_column(ForeignKey("visit.id"), index=True)
    # Hall code + local date + sequence (QINGSHAN-20261202-0007): unique, never reused.
    number: Mapped[str] = mapped_column(String(48), unique=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matter.id"))
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    # Copied from the matter when recorded: a later change to the catalogue does not rewrite the case.
    matter_code: Mapped[str] = mapped_column(String(40))
    matter_name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[MatterKind] = mapped_column(enum_column(MatterKind))
    committed_days: Mapped[int] = mapped_column(default=0)
    state: Mapped[CaseState] = mapped_column(enum_column(CaseState), default=CaseState.RECEIVED)
    outcome: Mapped[Outcome | None] = mapped_column(enum_column(Outcome), default=None)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    accepted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # The hall's local date of acceptance; working days are counted from the day after it.
    accepted_on: Mapped[date | None] = mapped_column(Date, default=None)
    due_on: Mapped[date | None] = mapped_column(Date, default=None)
    # Supplement requested during review: the clock stops on this local date until the supplement arrives.
    paused_on: Mapped[date | None] = mapped_column(Date, default=None)
    paused_working_days: Mapped[int] = mapped_column(default=0)
    # 容缺受理: accepted although secondary materials are missing; the resident brings them by this date.
    deficiency_note: Mapped[str] = mapped_column(Text, default="")
    deficiency_due: Mapped[date | None] = mapped_column(Date, default=None)
    # 补正: what the resident must still bring (besides the materials ticked as missing), and by when.
    supplement_note: Mapped[str] = mapped_column(Text, default="")
    supplement_due: Mapped[date | None] = mapped_column(Date, default=None)
    # Why it was rejected, declined or returned, and on what legal basis.
    reason: Mapped[str] = mapped_column(Text, default="")
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    pickup_code: Mapped[str] = mapped_column(String(8), default="")
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    delivery_method: Mapped[DeliveryMethod | None] = mapped_column(enum_column(DeliveryMethod), default=None)
    delivery_note: Mapped[str] = mapped_column(String(200), default="")
    clerk_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)

    visit: Mapped[Visit] = relationship(back_populates="cases")
    matter: Mapped[Matter] = relationship()
    department: Mapped[Department] = relationship()
    clerk: Mapped[Staff] = relationship(foreign_keys=[clerk_id])
    officer: Mapped[Staff | None] = relationship(foreign_keys=[officer_id])
    materials: Mapped[list["CaseMaterial"]] = relationship(
        back_populates="case", order_by="CaseMaterial.position", cascade="all, delete-orphan"
    )

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_CASE_STATES

    @property
    def missing_materials(self) -> list["CaseMaterial"]:
        return [m for m in self.materials if m.status == MaterialStatus.MISSING]

    def __repr__(self) -> str:
        return f"<Case {self.number} {self.state}>"


class CaseMaterial(db.Model):
    """A material the case asks for, copied from the matter when recorded, and whether it was handed in."""

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case_file.id"), index=True)
    material_id: Mapped[int | None] = mapped_column(ForeignKey("matter_material.id"))
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    originals: Mapped[int] = mapped_column(default=1)
    copies: Mapped[int] = mapped_column(default=0)
    required: Mapped[bool] = mapped_column(default=True)
    condition: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[MaterialStatus] = mapped_column(enum_column(MaterialStatus), default=MaterialStatus.MISSING)

    case: Mapped[Case] = relationship(back_populates="materials")
    material: Mapped[MatterMaterial | None] = relationship()


class CaseDay(db.Model):
    """The last case number of a hall on one local day (numbers come from here, never from COUNT or MAX)."""

    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_seq: Mapped[int] = mapped_column(default=0)
