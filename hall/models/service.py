"""Services (the queues residents choose at the kiosk) and counters (the windows that serve them)."""

import enum
from datetime import datetime

from sqlalchemy import Column, Enum, ForeignKey, String, Table, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hall.extensions import db
from hall.models.hall import Department, Hall
from hall.models.types import UTCDateTime

service_department = Table(
    "service_department",
    db.metadata,
    Column("service_id", ForeignKey("service.id"), primary_key=True),
    Column("department_id", ForeignKey("department.id"), primary_key=True),
)


class Service(db.Model):
    __table_args__ = (UniqueConstraint("hall_id", "prefix"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100), default="")
    # One or two capital letters before the number: A001.
    prefix: Mapped[str] = mapped_column(String(2))
    description: Mapped[str] = mapped_column(String(200), default="")
    description_en: Mapped[str] = mapped_column(String(200), default="")
    # None: no cap. Tickets beyond it are refused with the hall's wording.
    daily_cap: Mapped[int | None] = mapped_column(default=None)
    # None: the hall's ticketing hours apply.
    ticketing_hours: Mapped[str | None] = mapped_column(String(100), default=None)
    green_channel: Mapped[bool] = mapped_column(default=True)
    # Used for wait estimates until the day has finished tickets of its own.
    typical_minutes: Mapped[int] = mapped_column(default=8)
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)

    hall: Mapped[Hall] = relationship()
    departments: Mapped[list[Department]] = relationship(secondary=service_department, order_by=Department.position)

    def display_name(self, locale: str) -> str:
        return self.name_en if locale == "en" and self.name_en else self.name

    def __repr__(self) -> str:
        return f"<Service {self.prefix} {self.name}>"


class CounterState(enum.StrEnum):
    CLOSED = "closed"  # nobody signed in
    OPEN = "open"
    PAUSED = "paused"  # clerk present but not calling (break, meeting)


class Counter(db.Model):
    __table_args__ = (UniqueConstraint("hall_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"), index=True)
    number: Mapped[int]
    name: Mapped[str] = mapped_column(String(100), default="")
    state: Mapped[CounterState] = mapped_column(
        Enum(CounterState, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e]),
        default=CounterState.CLOSED,
    )
    staff_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), default=None)
    # When the current clerk signed in: wait estimates count only windows opened today.
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # False: arrival order across all its services (the counter's service order only breaks ties).
    # True: its first service before its second ..., with the hall's maximum wait protecting the rest.
    strict_service_order: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)

    hall: Mapped[Hall] = relationship()
    links: Mapped[list["CounterService"]] = relationship(
        order_by="CounterService.position", cascade="all, delete-orphan", back_populates="counter"
    )
    staff = relationship("Staff", foreign_keys=[staff_id])

    @property
    def services(self) -> list[Service]:
        return [link.service for link in self.links]

    def __repr__(self) -> str:
        return f"<Counter {self.number}>"


class CounterService(db.Model):
    """A service a counter serves, and where it stands in the counter's order (0 first)."""

    counter_id: Mapped[int] = mapped_column(ForeignKey("counter.id"), primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(default=0)

    counter: Mapped[Counter] = relationship(back_populates="links")
    service: Mapped[Service] = relationship()
