"""Attempt counters for rate limits that must hold across app processes (kept in the database)."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from hall.extensions import db
from hall.models.types import UTCDateTime


class Throttle(db.Model):
    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime)
    count: Mapped[int] = mapped_column(default=0)
