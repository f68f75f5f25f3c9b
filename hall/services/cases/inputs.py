"""Checks of the free text and dates that clerks and officers enter about a case."""

from datetime import date

from flask_babel import lazy_gettext as _l

from hall.errors import ValidationFailed

TEXT_MAX = 2000


def clean_text(value: str | None, field: str, *, required: bool = False, message=None) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed(message or _l("This field is required."), field=field)
    if len(value) > TEXT_MAX:
        raise ValidationFailed(_l("At most %(count)s characters, please.", count=TEXT_MAX), field=field)
    return value


def future_date(value: date | None, today: date, field: str, *, required: bool) -> date | None:
    if value is None:
        if required:
            raise ValidationFailed(_l("Enter the date by which the resident brings the materials."), field=field)
        return None
    if value < today:
        raise ValidationFailed(_l("The date cannot be in the past."), field=field)
    return value
