"""Reading request bodies at the edge: wrong or missing fields become a clear 422, never a 500."""

from flask import request
from flask_babel import lazy_gettext as _l

from hall.errors import ValidationFailed


def json_body() -> dict:
    if not request.content_length and not request.data:
        return {}
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ValidationFailed(_l("The request body must be a JSON object."))
    return body


def integer(body: dict, name: str, *, required: bool = True, minimum: int = 1) -> int | None:
    value = body.get(name)
    if value is None:
        if required:
            raise ValidationFailed(_l("%(field)s is required.", field=name), field=name)
        return None
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValidationFailed(_l("%(field)s must be a whole number.", field=name), field=name)
    try:
        number = int(value)
    except ValueError:
        raise ValidationFailed(_l("%(field)s must be a whole number.", field=name), field=name) from None
    if number < minimum or number > 2**31 - 1:
        raise ValidationFailed(_l("%(field)s is out of range.", field=name), field=name)
    return number


def text(body: dict, name: str, *, max_length: int, required: bool = False, default: str = "") -> str:
    value = body.get(name, default)
    if value is None:
        value = default
    if not isinstance(value, str):
        raise ValidationFailed(_l("%(field)s must be text.", field=name), field=name)
    value = value.strip()
    if required and not value:
        raise ValidationFailed(_l("%(field)s is required.", field=name), field=name)
    if len(value) > max_length:
        raise ValidationFailed(
            _l("%(field)s is too long (at most %(max)s characters).", field=name, max=max_length), field=name
        )
    return value


def choice(body: dict, name: str, choices, *, default):
    value = body.get(name, default)
    allowed = [c.value if hasattr(c, "value") else c for c in choices]
    if value not in allowed:
        raise ValidationFailed(
            _l("%(field)s must be one of: %(choices)s.", field=name, choices=", ".join(map(str, allowed))), field=name
        )
    return value


def flag(body: dict, name: str, *, default: bool = False) -> bool:
    value = body.get(name, default)
    if not isinstance(value, bool):
        raise ValidationFailed(_l("%(field)s must be true or false.", field=name), field=name)
    return value
