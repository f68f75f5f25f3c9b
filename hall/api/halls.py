"""Hall-wide endpoints: the kiosk's menu and ticket issuing, the display snapshot, queue-side actions."""

from flask import jsonify, url_for

from hall import clock
from hall.api import bp
from hall.api.auth import current_staff, require_hall_staff
from hall.api.inputs import choice, integer, json_body, text
from hall.db import write_transaction
from hall.models import Priority
from hall.services import counter_actions, hall_view, resident, ticketing
from hall.services.halls import hall_by_code
from hall.services.workstation import ticket_for_staff
from hall.web.devices import current_device, note_seen
from hall.web.urls import public_url


@bp.get("/halls/<code>/menu")
def menu(code: str):
    note_seen(current_device())  # kiosks refresh their menu every minute: their "last seen"
    return jsonify(hall_view.kiosk_menu(hall_by_code(code), clock.now()))


@bp.get("/halls/<code>/snapshot")
def snapshot(code: str):
    return jsonify(hall_view.display_snapshot(hall_by_code(code), clock.now()))


@bp.post("/halls/<code>/tickets")
def issue(code: str):
    """Take a ticket (the kiosk's one action). Public, like the kiosk itself."""
    hall = hall_by_code(code)
    body = json_body()
    service_id = integer(body, "service_id")
    priority = Priority(choice(body, "priority", Priority, default=Priority.NORMAL.value))
    now = clock.now()
    device, staff = current_device(), current_staff()
    with write_transaction():
        ticket = ticketing.issue_ticket(
            hall_id=hall.id,
            service_id=service_id,
            priority=priority,
            now=now,
            channel="kiosk" if device or not staff else "counter",
            device_id=device.id if device else None,
            staff_id=staff.id if staff and staff.hall_id == hall.id else None,
        )
    return jsonify({"ticket": issued_ticket(ticket, now)}), 201


def issued_ticket(ticket, now) -> dict:
    """What the kiosk needs after issuing: the status, the private token and where the slip and page are."""
    return {
        **resident.ticket_status(ticket, now, ahead=ticket.people_ahead_at_issue),
        "token": ticket.token,
        "people_ahead_at_issue": ticket.people_ahead_at_issue,
        "page_url": public_url("resident.ticket_page", token=ticket.token),
        "slip_url": url_for("kiosk.slip", code=ticket.service.hall.code, token=ticket.token),
    }


def _queue_action(code: str, ticket_id: int, action):
    hall = hall_by_code(code)
    staff = require_hall_staff(hall.id)
    now = clock.now()
    with write_transaction():
        ticket = action(hall_id=hall.id, staff_id=staff.id, now=now)
    return jsonify({"ticket": ticket_for_staff(ticket, now, hall.timezone)})


@bp.post("/halls/<code>/tickets/<id:ticket_id>/reactivate")
def reactivate(code: str, ticket_id: int):
    return _queue_action(code, ticket_id, lambda **kw: counter_actions.reactivate(ticket_id=ticket_id, **kw))


@bp.post("/halls/<code>/tickets/<id:ticket_id>/cancel")
def cancel(code: str, ticket_id: int):
    reason = text(json_body(), "reason", max_length=100)
    return _queue_action(code, ticket_id, lambda **kw: counter_actions.cancel(ticket_id=ticket_id, reason=reason, **kw))


@bp.post("/halls/<code>/tickets/<id:ticket_id>/transfer")
def transfer_waiting(code: str, ticket_id: int):
    to_service_id = integer(json_body(), "service_id")
    return _queue_action(
        code,
        ticket_id,
        lambda **kw: counter_actions.transfer_waiting(ticket_id=ticket_id, to_service_id=to_service_id, **kw),
    )
