"""Hall-wide endpoints: the kiosk's menu and ticket issuing, the display snapshot, queue-side actions."""

from flask import current_app, jsonify, request, url_for

from hall import clock
from hall.api import bp, documented, replies
from hall.api.auth import current_staff, require_hall_staff
from hall.api.bodies import IssueBody, ReasonBody, ReprintBody, TransferBody
from hall.api.openapi import PUBLIC_READ, PUBLIC_WRITE, STAFF_WRITE, tag
from hall.db import write_transaction
from hall.models import Priority
from hall.services import counter_actions, hall_view, resident, ticketing
from hall.services.halls import hall_by_code
from hall.services.kiosk_limits import KioskPolicy
from hall.services.workstation import ticket_for_staff
from hall.web.devices import current_device, note_seen
from hall.web.urls import public_url

KIOSK, QUEUE = tag("kiosk"), tag("queue")


@bp.get("/halls/<hall_code:code>/menu", tags=KIOSK)
@bp.response(200, replies.Menu)
@documented(PUBLIC_READ)
def menu(code: str):
    """The kiosk's menu: departments and their services, queue lengths, hours, what is open now."""
    note_seen(current_device())  # kiosks refresh their menu every minute: their "last seen"
    return jsonify(hall_view.kiosk_menu(hall_by_code(code), clock.now()))


@bp.get("/halls/<hall_code:code>/snapshot", tags=KIOSK)
@bp.response(200, replies.Snapshot)
@documented(PUBLIC_READ)
def snapshot(code: str):
    """Everything a hall screen shows (numbers and windows, no personal data), current up to `seq`."""
    return jsonify(hall_view.display_snapshot(hall_by_code(code), clock.now()))


@bp.post("/halls/<hall_code:code>/tickets", tags=KIOSK)
@bp.arguments(IssueBody)
@bp.response(201, replies.IssueReply)
@documented(PUBLIC_WRITE, 403, 409, 422, 429)
def issue(body: dict, code: str):
    """Take a ticket: the kiosk's one action. Public, like the kiosk itself.

    Where the hall requires registered devices, only its kiosks (device token) and its clerks may issue (403
    otherwise). Where the kiosk asks for an ID card or mobile number, `identity` carries it: a person
    holding an open ticket for the service gets 409 `already_waiting`; too many tickets from one kiosk or
    person is 429 `rate_limited`.
    """
    hall = hall_by_code(code)
    now = clock.now()
    device, staff = current_device(), current_staff()
    # Plain values now: the write transaction ends the read one, and touching its objects then reloads them.
    hall_id = hall.id
    device_id = device.id if device else None
    staff_id = staff.id if staff and staff.hall_id == hall_id else None
    channel = "kiosk" if device or not staff else "counter"
    with write_transaction():
        ticket = ticketing.issue_ticket(
            hall_id=hall_id,
            service_id=body["service_id"],
            priority=Priority(body["priority"]),
            now=now,
            channel=channel,
            device_id=device_id,
            staff_id=staff_id,
            identity=body["identity"] or None,
            client_address=request.remote_addr,
            policy=KioskPolicy.from_config(current_app.config),
        )
        # Still inside: after the commit the wait estimate's reads would need a connection and transaction of
        # their own. The write lock is held a little longer; the request as a whole costs less.
        reply = issued_ticket(ticket, now, ahead=ticket.people_ahead_at_issue)
    return jsonify({"ticket": reply}), 201


@bp.post("/halls/<hall_code:code>/tickets/reprint", tags=KIOSK)
@bp.arguments(ReprintBody)
@bp.response(200, replies.IssueReply)
@documented(PUBLIC_WRITE, 403, 404, 422, 429)
def reprint(body: dict, code: str):
    """Print a held ticket's slip again: the kiosk's answer to `already_waiting`. Public, like issuing.

    Typing the same ID card or mobile number again is the proof; the reply is shaped as at issue, with the same
    number and token and the queue as it is now. 404 when that number holds no open ticket for the service
    today; a slip is printed again only so often (429 `rate_limited`, as is a kiosk past its minute's slips).
    Where the hall requires registered devices, only its kiosks may (403 otherwise).
    """
    hall = hall_by_code(code)
    now = clock.now()
    device = current_device()
    hall_id, device_id = hall.id, device.id if device else None  # plain values, as in issue()
    with write_transaction():
        ticket = ticketing.reprint_ticket(
            hall_id=hall_id,
            service_id=body["service_id"],
            identity=body["identity"],
            now=now,
            device_id=device_id,
            client_address=request.remote_addr,
            policy=KioskPolicy.from_config(current_app.config),
        )
        reply = issued_ticket(ticket, now)
    return jsonify({"ticket": reply})


def issued_ticket(ticket, now, *, ahead: int | None = None) -> dict:
    """What the kiosk needs after issuing: the status, the private token and where the slip and page are.

    ``ahead`` is the count just made at issue; a reprint counts again (the queue has moved, or it was called).
    """
    return {
        **resident.ticket_status(ticket, now, ahead=ahead),
        "token": ticket.token,
        "people_ahead_at_issue": ticket.people_ahead_at_issue,
        "page_url": public_url("resident.ticket_page", token=ticket.token),
        "slip_url": url_for("kiosk.slip", code=ticket.service.hall.code, token=ticket.token),
    }


def _queue_action(code: str, action):
    hall = hall_by_code(code)
    staff = require_hall_staff(hall.id)
    now = clock.now()
    with write_transaction():
        ticket = action(hall_id=hall.id, staff_id=staff.id, now=now)
    return jsonify({"ticket": ticket_for_staff(ticket, now, hall.timezone)})


@bp.post("/halls/<hall_code:code>/tickets/<id:ticket_id>/reactivate", tags=QUEUE)
@bp.response(200, replies.TicketReply)
@documented(STAFF_WRITE, 403, 409)
def reactivate(code: str, ticket_id: int):
    """A missed (no-show) ticket of today goes back to its original place in the queue."""
    return _queue_action(code, lambda **kw: counter_actions.reactivate(ticket_id=ticket_id, **kw))


@bp.post("/halls/<hall_code:code>/tickets/<id:ticket_id>/cancel", tags=QUEUE)
@bp.arguments(ReasonBody, required=False)
@bp.response(200, replies.TicketReply)
@documented(STAFF_WRITE, 403, 409, 422)
def cancel(body: dict, code: str, ticket_id: int):
    """Cancel a waiting, held or missed ticket."""
    reason = body["reason"]
    return _queue_action(code, lambda **kw: counter_actions.cancel(ticket_id=ticket_id, reason=reason, **kw))


@bp.post("/halls/<hall_code:code>/tickets/<id:ticket_id>/transfer", tags=QUEUE)
@bp.arguments(TransferBody)
@bp.response(200, replies.TicketReply)
@documented(STAFF_WRITE, 403, 409, 422)
def transfer_waiting(body: dict, code: str, ticket_id: int):
    """Move a waiting ticket to another service's queue (same number, original arrival time)."""
    return _queue_action(
        code,
        lambda **kw: counter_actions.transfer_waiting(ticket_id=ticket_id, to_service_id=body["service_id"], **kw),
    )
