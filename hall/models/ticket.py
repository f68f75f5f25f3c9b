"""Tickets (one numbered slip = one visit) and the per-service, per-day queue row that numbers them."""

import enum
from datetime import date, datetime

from sqlalchemy import Date, Enum, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hall.extensions import db
from hall.models.service import Counter, Service
from hall.models.types import UTCDateTime


def _enum(cls):
    return Enum(cls, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])


class TicketState(enum.StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    HELD = "held"  # parked at a counter (resident fetching a document), called back explicitly
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


# The ticket a window holds now (at most one per window).
ACTIVE_STATES = (TicketState.CALLED, TicketState.SERVING)
# States in which a ticket belongs to a window: called to it, served at it, or parked (held) there.
AT_A_COUNTER = (TicketState.CALLED, TicketState.SERVING, TicketState.HELD)


class Priority(enum.StrEnum):
    NORMAL = "normal"
    GREEN = "green"  # 绿色通道: elderly, disabled, military, pregnant ... never shown why on public screens


class Ticket(db.Model):
    __table_args__ = (
        # Last line of defence behind the QueueDay row: one number per service per day.
        UniqueConstraint("issued_service_id", "service_day", "seq"),
        # The head of each queue, per priority class, by queue time: keeps call-next flat as queues grow.
        Index("ix_ticket_queue_head", "service_id", "service_day", "state", "priority", "queue_at"),
        # What a counter holds now (queries bind the states as parameters, which partial indexes cannot use).
        Index("ix_ticket_counter_state", "counter_id", "state"),
        # A counter holds at most one active ticket, whatever the application does.
        Index(
            "uq_ticket_active_counter",
            "counter_id",
            unique=True,
            sqlite_where=text("state IN ('called', 'serving')"),
            postgresql_where=text("state IN ('called', 'serving')"),
        ),
        # A person's tickets of the day, by the keyed hash the kiosk computed (one open ticket per service).
        Index("ix_ticket_identity", "hall_id", "service_day", "identity_hash"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"), index=True)
    # The queue the ticket waits in now; a transfer changes it, the number stays.
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    issued_service_id: Mapped[int] = mapped_column(ForeignKey("service.id"))
    service_day: Mapped[date] = mapped_column(Date)
    seq: Mapped[int]
    number: Mapped[str] = mapped_column(String(8))
    # Unguessable key of the resident's live ticket page (the slip's QR code).
    token: Mapped[str] = mapped_column(String(32), unique=True)
    priority: Mapped[Priority] = mapped_column(_enum(Priority), default=Priority.NORMAL)
    state: Mapped[TicketState] = mapped_column(_enum(TicketState), default=TicketState.WAITING)
    # Position in the queue: the arrival time, kept through transfers and no-show reactivation.
    queue_at: Mapped[datetime] = mapped_column(UTCDateTime)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    first_called_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_called_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Finished by closing the day (or the next morning's first call), not by the clerk: when the service really
    # ended is unknown, so it has no service time in the reports (D83).
    finished_by_system: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    # The counter that called, serves or holds the ticket (kept afterwards: where it was served).
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"))
    clerk_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"))
    recall_count: Mapped[int] = mapped_column(default=0)
    transfer_count: Mapped[int] = mapped_column(default=0)
    people_ahead_at_issue: Mapped[int] = mapped_column(default=0)
    # Who took the ticket, when the hall's kiosk asks (hall.services.kiosk_identity): never the number itself,
    # only a keyed hash valid for this hall and day, its kind ("id" or "phone") and a masked hint for the clerk.
    identity_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    identity_kind: Mapped[str | None] = mapped_column(String(8), default=None)
    identity_hint: Mapped[str | None] = mapped_column(String(16), default=None)

    service: Mapped[Service] = relationship(foreign_keys=[service_id])
    issued_service: Mapped[Service] = relationship(foreign_keys=[issued_service_id])
    counter: Mapped[Counter | None] = relationship()

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    def __repr__(self) -> str:
        return f"<Ticket {self.number} {self.state}>"


class QueueDay(db.Model):
    """One service's queue on one local day: the last number issued and how many tickets wait.

    Numbers come from ``last_seq``, incremented in the issuing transaction (never COUNT or MAX). ``waiting``
    is kept in step by the single transition function in ``hall.services.lifecycle`` so that screens get
    queue lengths without counting rows, however long the queue.
    """

    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last_seq: Mapped[int] = mapped_column(default=0)
    waiting: Mapped[int] = mapped_column(default=0)
