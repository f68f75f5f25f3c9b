"""Small builders for test data: a hall, its services, counters and staff, with sensible defaults."""

from datetime import UTC, datetime
from functools import cache

from werkzeug.security import generate_password_hash

from hall.extensions import db
from hall.models import Counter, CounterService, Department, Hall, Role, Service, Staff

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
