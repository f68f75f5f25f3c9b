"""What the API answers, as documentation: the shapes the read models (hall/services) return.

The views send the read models' dicts as they are; these schemas describe them in the OpenAPI document, and
tests/hall/api/test_fuzz_openapi.py checks every answer against them. Every member listed is always present
(``null`` where marked nullable); clients must ignore members they do not know.
"""

import marshmallow as ma
from marshmallow import fields

from hall.models import CounterState, Role, TicketState


class Reply(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE  # documents "more members may come": no additionalProperties: false

    def on_bind_field(self, field_name, field_obj):
        field_obj.required = not field_obj.metadata.get("optional", False)


def _values(enum) -> list[str]:
    return [member.value for member in enum]


def text(nullable: bool = False, **metadata):
    return fields.String(allow_none=nullable, metadata=metadata)


def whole(nullable: bool = False, **metadata):
    return fields.Integer(allow_none=nullable, metadata=metadata)


def instant(nullable: bool = False):
    return fields.String(allow_none=nullable, metadata={"format": "date-time"})


def one(schema, nullable: bool = False, **metadata):
    return fields.Nested(schema, allow_none=nullable, metadata=metadata)


def many(schema):
    return fields.List(fields.Nested(schema))


class ServiceBrief(Reply):
    id = whole()
    name = text()
    name_en = text()
    prefix = text(description="Letter(s) before the number, e.g. A in A012.")


class CounterBrief(Reply):
    id = whole()
    number = whole(description="The window's number as residents see it.")
    name = text()


class HallBrief(Reply):
    code = text()
    name = text()
    notice = text(description="The line the hall shows on its screens.")
    timezone = text(example="Asia/Shanghai")


class Estimate(Reply):
    low_minutes = whole()
    high_minutes = whole()
    open_counters = whole()
    average_minutes = fields.Float()


class TicketStatus(Reply):
    number = text(example="A012")
    state = fields.String(validate=ma.validate.OneOf(_values(TicketState)))
    service = one(ServiceBrief)
    hall = one(type("TicketHall", (Reply,), {"code": text(), "name": text()}))
    people_ahead = whole()
    estimate = one(Estimate, nullable=True, description="null when no window for the service is open.")
    counter = one(CounterBrief, nullable=True, description="The window, once called.")
    recall = whole()
    issued_time = text(nullable=True, example="09:05")
    service_day = fields.String(metadata={"format": "date"})
    expired = fields.Boolean(metadata={"description": "The ticket is of an earlier day."})
    updated_at = instant()
    updated_time = text(example="09:41:07")


class IssuedTicket(TicketStatus):
    token = text(description="The ticket's private key: its page, slip and rating. Show only to the resident.")
    people_ahead_at_issue = whole()
    page_url = text(description="The resident's page (the slip's QR code).")
    slip_url = text(description="The slip as a PDF.")


class IssueReply(Reply):
    ticket = one(IssuedTicket)


class TicketIdentity(Reply):
    kind = fields.String(validate=ma.validate.OneOf(["id", "phone"]))
    hint = text(description="Masked, e.g. 138****5678 or ****123X: never the whole number.")


class StaffTicket(Reply):
    id = whole()
    number = text()
    state = fields.String(validate=ma.validate.OneOf(_values(TicketState)))
    service = one(ServiceBrief)
    green = fields.Boolean(metadata={"description": "Green channel; never shown on public screens."})
    issued_time = text(nullable=True)
    queue_at = instant(nullable=True)
    waited_minutes = whole(nullable=True)
    called_at = instant(nullable=True)
    recall_count = whole()
    transferred = fields.Boolean()
    identity = one(
        TicketIdentity,
        nullable=True,
        optional=True,
        description="What the kiosk was told (where the hall asks for an ID card or mobile number), masked.",
    )


class TicketReply(Reply):
    ticket = one(StaffTicket, nullable=True, description="null when nobody was waiting.")


class FinishAndCallReply(Reply):
    finished = one(StaffTicket, nullable=True, description="The ticket just finished, if the window held one.")
    ticket = one(StaffTicket, nullable=True, description="The ticket called next; null when nobody waits.")


class WindowState(Reply):
    id = whole()
    number = whole()
    name = text()
    state = fields.String(validate=ma.validate.OneOf(_values(CounterState)))
    ticket = text(nullable=True, description="The number the window has called or serves.")
    ticket_state = text(nullable=True)


class CounterReply(Reply):
    counter = one(
        type(
            "CounterChange",
            (Reply,),
            {"id": whole(), "state": fields.String(validate=ma.validate.OneOf(_values(CounterState)))},
        )
    )


class PanelCounter(WindowState):
    staff = text(nullable=True)
    staff_id = whole(nullable=True)
    strict_service_order = fields.Boolean()
    services = many(ServiceBrief)


class PanelHall(Reply):
    code = text()
    name = text()
    recall_cap = whole()
    max_wait_minutes = whole(nullable=True)


class Panel(Reply):
    counter = one(PanelCounter)
    hall = one(PanelHall)
    current = one(StaffTicket, nullable=True)
    queue = many(StaffTicket)
    held = many(StaffTicket)
    no_shows = many(StaffTicket)
    transfer_to = many(ServiceBrief)
    server_time = instant()


class Offer(ServiceBrief):
    description = text()
    description_en = text()
    waiting = whole()
    open = fields.Boolean(metadata={"description": "Tickets are given out now."})
    hours = text(example="08:30-12:00, 13:30-17:00")
    cap_left = whole(nullable=True, description="Tickets left today; null when the service has no daily cap.")
    green_channel = fields.Boolean()
    estimate = one(Estimate, nullable=True)


class MenuGroup(Reply):
    id = whole(nullable=True, description="The department; null for the general services.")
    name = text()
    name_en = text()
    services = many(Offer)


class MenuHall(HallBrief):
    kiosk_identity = fields.String(
        validate=ma.validate.OneOf(["off", "optional", "required"]),
        metadata={"optional": True, "description": "Whether the kiosk asks for an ID card or mobile number."},
    )


class Menu(Reply):
    hall = one(MenuHall)
    departments = many(MenuGroup)
    server_time = instant()
    closed_today = text(nullable=True, description="Why the hall does not work today (a holiday), or null.")


class QueueLength(ServiceBrief):
    waiting = whole()


class Call(Reply):
    number = text(nullable=True)
    counter_number = whole(nullable=True)
    counter_name = text()
    recall = fields.Boolean()
    at = instant(nullable=True)
    time = text(nullable=True)


class Snapshot(Reply):
    seq = whole(description="Events with seq up to this are included; apply later ones in order.")
    hall = one(HallBrief)
    server_time = instant()
    service_day = fields.String(metadata={"format": "date"})
    counters = many(WindowState)
    queues = many(QueueLength)
    recent_calls = many(Call)


class TokenStaff(Reply):
    id = whole()
    name = text()
    role = fields.String(validate=ma.validate.OneOf(_values(Role)))


class TokenReply(Reply):
    token = text(description="Send as `Authorization: Bearer <token>`.")
    expires_at = instant()
    staff = one(TokenStaff)


class Revoked(Reply):
    revoked = fields.Boolean()


class Level(Reply):
    level = whole()
    name = text()


class Reason(Reply):
    code = text()
    name = text()


class RatingChoices(Reply):
    levels = many(Level)
    praise = many(Reason)
    complaints = many(Reason)


def _rating_request(with_token: bool) -> type[Reply]:
    members = {
        "number": text(optional=True),
        "counter": whole(nullable=True, optional=True),
        "closes_at": fields.String(metadata={"format": "date-time", "optional": True}),
        "open": fields.Boolean(metadata={"description": "The visit can be rated now."}),
        "level": whole(nullable=True, description="The level given, once rated."),
    }
    if with_token:
        members["token"] = text(description="The ticket token to rate with.")
        members = {name: _required(field) for name, field in members.items()}
    return type("TabletRatingRequest" if with_token else "RatingRequest", (Reply,), members)


def _required(field):
    field.metadata.pop("optional", None)
    return field


class RatingState(RatingChoices):
    request = one(_rating_request(with_token=False))


class TabletRating(RatingChoices):
    request = one(_rating_request(with_token=True), nullable=True, description="null when nothing can be rated.")


class Rated(Reply):
    rating = one(type("RatingLevel", (Reply,), {"level": whole()}))
