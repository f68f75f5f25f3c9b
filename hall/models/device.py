"""Registered devices: the hall's kiosks, screens and rating tablets, each with its own revocable token."""

import enum
import hashlib
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hall.extensions import db
from hall.models.types import UTCDateTime


class DeviceKind(enum.StrEnum):
    KIOSK = "kiosk"
    HALL_DISPLAY = "hall_display"
    COUNTER_DISPLAY = "counter_display"
    RATING_TABLET = "rating_tablet"


# Kinds that belong to one window.
AT_A_WINDOW = (DeviceKind.COUNTER_DISPLAY, DeviceKind.RATING_TABLET)


class Device(db.Model):
    """A device is paired once (a six-digit code typed on it, or its token given to its software) and then
    identifies itself with its token: a long-lived cookie in a browser, a bearer token for an API client.
    Only hashes are stored. Revoked devices keep their row (the history points at them)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"), index=True)
    kind: Mapped[DeviceKind] = mapped_column(
        Enum(DeviceKind, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    name: Mapped[str] = mapped_column(String(100))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counter.id"), default=None)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    pairing_code_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    pairing_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    paired_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    counter = relationship("Counter")

    @staticmethod
    def hash(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def __repr__(self) -> str:
        return f"<Device {self.kind} {self.name}>"
