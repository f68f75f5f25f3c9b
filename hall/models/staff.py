"""Staff accounts and their API tokens."""

import enum
import hashlib
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Column, Enum, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from hall.extensions import db
from hall.models.hall import Hall
from hall.models.types import UTCDateTime


class Role(enum.StrEnum):
    ADMIN = "admin"  # county administrator: creates halls and their managers
    MANAGER = "manager"  # runs one hall
    CLERK = "clerk"  # serves residents at a counter
    OFFICER = "officer"  # a department's back office: works the cases accepted at the front


staff_counter = Table(
    "staff_counter",
    db.metadata,
    Column("staff_id", ForeignKey("staff.id"), primary_key=True),
    Column("counter_id", ForeignKey("counter.id"), primary_key=True),
)


class Staff(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    # None for county administrators, who belong to no single hall.
    hall_id: Mapped[int | None] = mapped_column(ForeignKey("hall.id"), index=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=16, values_callable=lambda e: [m.value for m in e])
    )
    # Deactivated, never deleted: history keeps pointing at who did what.
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Officers work for one department; clerks may list the windows they work at (none: any of the hall).
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), default=None)

    hall: Mapped[Hall | None] = relationship()
    department = relationship("Department")
    windows = relationship("Counter", secondary=staff_counter, order_by="Counter.number")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def can_serve(self) -> bool:
        """Works at windows (clerks, and managers of small halls); see hall.permissions for the full matrix."""
        return self.role in (Role.CLERK, Role.MANAGER) and self.hall_id is not None

    def __repr__(self) -> str:
        return f"<Staff {self.username}>"


class ApiToken(db.Model):
    """A bearer token for the JSON API; only its SHA-256 is stored, the token itself is shown once."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked: Mapped[bool] = mapped_column(default=False)

    staff: Mapped[Staff] = relationship()

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
