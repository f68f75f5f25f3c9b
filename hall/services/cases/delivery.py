"""出件: the result is handed over at the front window (pickup code and ID card) or posted."""

from datetime import datetime

from flask_babel import lazy_gettext as _l

from hall.errors import ValidationFailed
from hall.models import Case, DeliveryMethod, Kind
from hall.services.cases import access, lifecycle
from hall.services.cases.inputs import clean_text

CHANNEL = "counter"


def deliver(
    *, staff_id: int, case_id: int, now: datetime, method: DeliveryMethod, pickup_code: str = "", note: str = ""
) -> Case:
    """Record the hand-over. Collecting needs the receipt's pickup code; posting needs the tracking number."""
    staff, case = access.front_case(staff_id, case_id)
    lifecycle.check_allowed(case, Kind.CASE_DELIVERED)
    note = clean_text(note, "delivery_note")
    if method == DeliveryMethod.COLLECTED:
        if (pickup_code or "").strip() != case.pickup_code:
            raise ValidationFailed(
                _l("The pickup code does not match the receipt; check the receipt and the resident's ID card."),
                field="pickup_code",
            )
    elif not note:
        raise ValidationFailed(_l("Enter the postal tracking number."), field="delivery_note")
    case.delivery_method = method
    case.delivery_note = note[:200]
    case.delivered_at = now
    lifecycle.transition(case, Kind.CASE_DELIVERED, now=now, staff_id=staff.id, channel=CHANNEL, method=method.value)
    return case
