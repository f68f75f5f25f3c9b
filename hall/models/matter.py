"""The matter catalogue (政务服务事项): what a hall accepts applications for, and what each one needs."""

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hall.extensions import db
from hall.models.hall import Department
from hall.models.types import UTCDateTime


class MatterKind(enum.StrEnum):
    IMMEDIATE = "immediate"  # 即办件: decided and handed over on the spot
    PROMISED = "promised"  # 承诺件: decided by the department within the committed working days


def enum_column(cls, length: int = 16):
    return Enum(cls, native_enum=False, length=length, values_callable=lambda e: [m.value for m in e])


class Matter(db.Model):
    __table_args__ = (UniqueConstraint("hall_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    hall_id: Mapped[int] = mapped_column(ForeignKey("hall.id"), index=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(100))
    # Pinyin initials of the name (最低生活保障申请 -> ZDSHBZSQ), kept with the name so clerks can type "zdsh".
    initials: Mapped[str] = mapped_column(String(100), default="")
    kind: Mapped[MatterKind] = mapped_column(enum_column(MatterKind), default=MatterKind.PROMISED)
    # Limits in working days; the committed limit never exceeds the statutory one.
    statutory_days: Mapped[int | None] = mapped_column(default=None)
    committed_days: Mapped[int] = mapped_column(default=0)
    fee: Mapped[str] = mapped_column(String(100), default="免费")
    conditions: Mapped[str] = mapped_column(Text, default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)

    department: Mapped[Department] = relationship()
    materials: Mapped[list["MatterMaterial"]] = relationship(
        back_populates="matter", order_by="MatterMaterial.position", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Matter {self.code} {self.name}>"


class MatterMaterial(db.Model):
    """One document a matter asks for: how many originals and copies, and when it is needed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    matter_id: Mapped[int] = mapped_column(ForeignKey("matter.id"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    name: Mapped[str] = mapped_column(String(200))
    originals: Mapped[int] = mapped_column(default=1)
    copies: Mapped[int] = mapped_column(default=0)
    required: Mapped[bool] = mapped_column(default=True)
    # Empty: always needed. Otherwise the situation that needs it ("委托他人代办的").
    condition: Mapped[str] = mapped_column(String(200), default="")

    matter: Mapped[Matter] = relationship(back_populates="materials")
