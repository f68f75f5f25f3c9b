"""The hall (a township convenience service centre) and its departments."""

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hall.extensions import db
from hall.models.types import UTCDateTime
from hall.timeutil import DEFAULT_TIMEZONE

DEFAULT_TICKETING_HOURS = "08:30-12:00,13:30-17:00"


class KioskIdentity(enum.StrEnum):
    """Whether the kiosk asks for an ID card or mobile number before issuing (one open ticket per person)."""

    OFF = "off"
    OPTIONAL = "optional"
    REQUIRED = "required"


class Hall(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    # Short code used in URLs (/h/<code>/kiosk); one server may host every hall of a county.
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str] = mapped_column(String(200), default="")
    timezone: Mapped[str] = mapped_column(String(64), default=DEFAULT_TIMEZONE)
    ticketing_hours: Mapped[str] = mapped_column(String(100), default=DEFAULT_TICKETING_HOURS)
    notice: Mapped[str] = mapped_column(Text, default="")
    # The hall's target for waiting; also the anti-starvation threshold of the calling rules.
    max_wait_minutes: Mapped[int] = mapped_column(default=30)
    recall_cap: Mapped[int] = mapped_column(default=5)
    enquiry_phone: Mapped[str] = mapped_column(String(40), default="")
    supervision_phone: Mapped[str] = mapped_column(String(40), default="")
    # Most halls close on public holidays and weekends (adjusted workdays excepted): no tickets then.
    open_on_non_working_days: Mapped[bool] = mapped_column(default=False)
    # Kiosks and screens must be registered devices; off only for a demo or a hall still being set up.
    require_devices: Mapped[bool] = mapped_column(default=True)
    # A KioskIdentity value; "off" keeps the kiosk anonymous, as halls had it before.
    kiosk_identity: Mapped[str] = mapped_column(String(16), default=KioskIdentity.OFF.value, server_default="off")
    # Ratings (好差评): accepted for this many minutes after the visit ends; bad ones are followed up within
    # this many working days.
    rating_window_minutes: Mapped[int] = mapped_column(default=30)
    follow_up_working_days: Mapped[int] = mapped_column(default=5)
    # Sequence number of the last realtime event sent to this hall's screens (gap detection).
    realtime_seq: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    departments: Mapped[list["Department"]] = relationship(
        back_populates="hall", order_by="Department.position", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Hall {self.code}>"


class Department(db.Model):
    __table_args__ = (UniqueConstraint("hall_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100), default="")
    position: Mapped[int] = mapped_column(default=0)

    hall: Mapped[Hall] = relationship(back_populates="departments")

    def __repr__(self) -> str:
        return f"<Department {self.name}>"
