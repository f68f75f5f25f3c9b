"""Request bodies of the API: what each endpoint accepts, with its limits; validates and documents at once."""

from flask_babel import lazy_gettext as _l

from hall.api.inputs import Body, Choice, Flag, Picks, Text, Whole
from hall.models import Priority
from hall.services import ratings


class IssueBody(Body):
    service_id = Whole(required=True, metadata={"description": "A service of this hall, from the kiosk menu."})
    priority = Choice(
        Priority,
        load_default=Priority.NORMAL.value,
        metadata={"description": "`green`: the green channel (绿色通道), where the service has one."},
    )
    identity = Text(
        max_length=40,
        metadata={
            "description": "Optional: the resident's ID-card or mobile number, typed or read at the kiosk. "
            "Never stored or shown in full, never echoed back."
        },
    )


class ReprintBody(Body):
    # Messages for the resident at the kiosk, who sees them under the keypad.
    service_id = Whole(
        required=True,
        message=_l("%(field)s must be a whole number.", field="service_id"),
        metadata={"description": "The service of the ticket the person holds (the one `already_waiting` named)."},
    )
    identity = Text(
        max_length=64,
        required=True,
        message=_l("Please enter your ID card number or mobile number."),
        metadata={
            "description": "The ID-card or mobile number typed again at the kiosk: the proof that the ticket is "
            "theirs. Never stored or shown in full, never echoed back."
        },
    )


class TakeOverBody(Body):
    take_over = Flag(
        load_default=False,
        metadata={"description": "Sign in even though another clerk is signed in at this window."},
    )


class ReasonBody(Body):
    reason = Text(max_length=100, metadata={"description": "Why (shown to managers); optional."})


class CallNumberBody(Body):
    number = Text(max_length=8, required=True, metadata={"description": "The ticket number, e.g. A012."})


class TransferBody(Body):
    service_id = Whole(required=True, metadata={"description": "The service (queue) the ticket moves to."})


class TokenBody(Body):
    username = Text(max_length=64, required=True, metadata={"description": "Matched without case or spaces."})
    password = Text(max_length=256, required=True)


class RatingBody(Body):
    level = Whole(
        required=True,
        minimum=min(ratings.LEVEL_NAMES),
        maximum=max(ratings.LEVEL_NAMES),
        message=_l("Choose one of the five levels."),
        metadata={"description": "5 very satisfied … 1 very dissatisfied."},
    )
    reasons = Picks(
        ratings.REASONS,
        max_items=len(ratings.REASONS),
        message=_l("Choose reasons from the list."),
        load_default=list,
        metadata={"description": "Praise codes for levels 4–5, complaint codes for 1–3 (see the GET answer)."},
    )
    comment = Text(max_length=ratings.COMMENT_MAX, multiline=True)
    channel = Choice(("phone", "tablet"), load_default="phone")
