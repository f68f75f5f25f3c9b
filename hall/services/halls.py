"""Looking up halls and their parts by the identifiers URLs carry."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hall.errors import NotFound
from hall.extensions import db
from hall.models import Counter, Hall


def hall_by_code(code: str) -> Hall:
    hall = db.session.scalar(select(Hall).where(Hall.code == code)) if code else None
    if hall is None:
        raise NotFound(_l("There is no hall %(code)s.", code=code))
    return hall


def counter_in_hall(counter_id: int, hall_id: int | None) -> Counter:
    counter = db.session.get(Counter, counter_id)
    if counter is None or counter.hall_id != hall_id or not counter.active:
        raise NotFound(_l("There is no such counter."))
    return counter


def counter_by_number(hall: Hall, number: int) -> Counter:
    counter = db.session.scalar(select(Counter).where(Counter.hall_id == hall.id, Counter.number == number))
    if counter is None or not counter.active:
        raise NotFound(_l("There is no window %(number)s.", number=number))
    return counter
