"""Validation shared by the configuration services: each failure names the field it is about."""

import re

from flask_babel import lazy_gettext as _l

from hall.errors import ValidationFailed
from hall.services.hours import OpeningHours
from hall.timeutil import is_valid_timezone

PHONE = re.compile(r"^[0-9+\-() 转]*$")
HALL_CODE = re.compile(r"^[a-z0-9][a-z0-9-]{1,31}$")
USERNAME = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,63}$")
PREFIX = re.compile(r"^[A-Z]{1,2}$")


def fail(field: str, message) -> None:
    raise ValidationFailed(message, field=field)


def text(value, field: str, *, max_length: int, required: bool = False) -> str:
    value = (value or "").strip()
    if required and not value:
        fail(field, _l("This field is required."))
    if len(value) > max_length:
        fail(field, _l("At most %(max)s characters.", max=max_length))
    return value


def number(value, field: str, *, minimum: int, maximum: int, required: bool = True) -> int | None:
    if value in (None, ""):
        if required:
            fail(field, _l("This field is required."))
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        fail(field, _l("Enter a whole number."))
    if not minimum <= number <= maximum:
        fail(field, _l("Enter a number from %(min)s to %(max)s.", min=minimum, max=maximum))
    return number


def hours(value, field: str, *, required: bool) -> str | None:
    value = (value or "").strip()
    if not value:
        if required:
            fail(field, _l("This field is required."))
        return None
    try:
        return OpeningHours.parse(value).describe().replace(" ", "")
    except ValidationFailed as error:
        fail(field, error.message)


def timezone(value, field: str) -> str:
    value = (value or "").strip()
    if not is_valid_timezone(value):
        fail(field, _l("%(zone)s is not a time zone; for China use Asia/Shanghai.", zone=value or "-"))
    return value


def phone(value, field: str) -> str:
    value = text(value, field, max_length=40)
    if not PHONE.match(value):
        fail(field, _l("Use digits, spaces, +, - and brackets only."))
    return value


def pattern(value, field: str, regex: re.Pattern, message) -> str:
    value = (value or "").strip()
    if not regex.match(value):
        fail(field, message)
    return value
