"""Small builders for test data: a hall, its services, counters and staff, with sensible defaults."""

from datetime import UTC, datetime
from functools import cache

from werkzeug.security import generate_password_hash

from hall.extensions import db
from hall.models import (
    Counter,
    CounterService,
    Department,
    Hall,
    Matter,
    MatterKind,
    MatterMaterial,
    Role,
    Service,
    Staff,
)
from hall.services import pinyin

PASSWORD = "correct horse battery"
CREATED = datetime(2026, 1, 1, tzinfo=UTC)


@cache
def password_hash() -> str:
    # Hashing is deliberately slow (scrypt); hash once per test run, not once per staff member.
    return generate_password_hash(PASSWORD)


def make_hall(code: str = "test", **fields) -> Hall:
    # Open every day and without device registration unless a test says otherwise: most tests are not about
    # the calendar or devices (those that are set these fields).
    values = {
        "name": "测试镇便民服务中心",
        "ticketing_hours": "00:00-24:00",
        "created_at": CREATED,
        "open_on_non_working_days": True,
        "require_devices": False,
    } | fields
    hall = Hall(code=code, **values)
    db.session.add(hall)
    db.session.flush()
    return hall


def make_department(hall: Hall, name: str, position: int = 0) -> Department:
    department = Department(hall=hall, name=name, position=position)
    db.session.add(department)
    db.session.flush()
    return department


def make_service(hall: Hall, prefix: str, name: str | None = None, **fields) -> Service:
    service = Service(hall=hall, prefix=prefix, name=name or f"业务{prefix}", **fields)
    db.session.add(service)
    db.session.flush()
    return service


def make_counter(hall: Hall, number: int, services: list[Service], **fields) -> Counter:
    counter = Counter(hall=hall, number=number, name=fields.pop("name", f"{number}号窗口"), **fields)
    counter.links = [CounterService(service=service, position=i) for i, service in enumerate(services)]
    db.session.add(counter)
    db.session.flush()
    return counter


def make_staff(hall: Hall | None, username: str, role: Role = Role.CLERK, **fields) -> Staff:
    staff = Staff(
        hall=hall,
        username=username,
        name=fields.pop("name", username),
        role=role,
        password_hash=password_hash(),
        created_at=CREATED,
        **fields,
    )
    db.session.add(staff)
    db.session.flush()
    return staff


def make_matter(
    hall: Hall,
    department: Department,
    code: str,
    name: str,
    *,
    kind: MatterKind = MatterKind.PROMISED,
    committed_days: int = 5,
    statutory_days: int | None = None,
    materials=(("居民身份证", 1, 1, True, ""),),
) -> Matter:
    """A matter; ``materials`` as (name, originals, copies, required, condition)."""
    matter = Matter(
        hall_id=hall.id,
        department=department,
        code=code,
        name=name,
        initials=pinyin.initials(name),
        kind=kind,
        committed_days=0 if kind == MatterKind.IMMEDIATE else committed_days,
        statutory_days=statutory_days,
        materials=[
            MatterMaterial(position=i, name=n, originals=o, copies=c, required=r, condition=cond)
            for i, (n, o, c, r, cond) in enumerate(materials)
        ],
    )
    db.session.add(matter)
    db.session.flush()
    return matter
