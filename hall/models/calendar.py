"""A hall's working-day calendar: public holidays and adjusted workdays (调休) that differ from Mon-Fri."""

import enum
from datetime import date

from sqlalchemy import Date, Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from hall.extensions import db


class DayKind(enum.StrEnum):
    HOLIDAY = "holiday"  # closed although a weekday
    WORKDAY = "workday"  # open although a weekend (调休)


class CalendarDay(db.Model):
    __table_args__ = (UniqueConstraint("hall_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"), index=True)
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[DayKind] = mapped_column(
        Enum(DayKind, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])
    )
    name: Mapped[str] = mapped_column(String(60), default="")
