"""A clerk's window: sign in and out, pause, call, and act on the ticket at the window."""

from flask import jsonify

from hall import clock
from hall.api import bp, documented, replies
from hall.api.auth import require_hall_staff, require_staff
from hall.api.bodies import CallNumberBody, ReasonBody, TakeOverBody, TransferBody
from hall.api.openapi import STAFF_READ, STAFF_WRITE, tag
from hall.db import write_transaction
from hall.extensions import db
from hall.models import Counter
from hall.services import calling, counter_actions, counters
from hall.services.halls import counter_in_hall
from hall.services.workstation import counter_panel, ticket_for_staff

WINDOW = tag("window")

# Actions on the ticket at a window: URL name -> service function taking ticket_id, counter_id, staff_id, now.
TICKET_ACTIONS = {
    "recall": counter_actions.recall,
    "start": counter_actions.start,
    "finish": counter_actions.finish,
    "no-show": counter_actions.no_show,
    "hold": counter_actions.hold,
    "call-back": counter_actions.call_back,
}
ACTION_NAMES = ", ".join(f'"{name}"' for name in TICKET_ACTIONS)  # quoted: werkzeug's any() parses "no-show"


def _staff_and_counter(counter_id: int):
    """The clerk's id and the window, checked. An id, not the clerk: the write transaction that follows ends
    the read one, and touching its objects then reloads them."""
    staff = require_staff()
    counter = counter_in_hall(counter_id, staff.hall_id)
    require_hall_staff(counter.hall_id)
    return staff.id, counter


def _ticket_reply(ticket, counter: Counter, now):
    return jsonify({"ticket": ticket_for_staff(ticket, now, counter.hall.timezone) if ticket else None})


@bp.get("/counters/<id:counter_id>", tags=WINDOW)
@bp.response(200, replies.Panel)
@documented(STAFF_READ, 403)
def panel(counter_id: int):
    """The workstation panel: the window, its current ticket, its queue in calling order, held and missed."""
    _, counter = _staff_and_counter(counter_id)
    return jsonify(counter_panel(counter, clock.now()))


@bp.post("/counters/<id:counter_id>/sign-in", tags=WINDOW)
@bp.arguments(TakeOverBody, required=False)
@bp.response(200, replies.CounterReply)
@documented(STAFF_WRITE, 403, 409, 422)
def sign_in(body: dict, counter_id: int):
    """Sign in at the window (409 `counter_busy` if another clerk is, unless `take_over`)."""
    staff_id, counter = _staff_and_counter(counter_id)
    with write_transaction():
        counters.sign_in(counter_id=counter_id, staff_id=staff_id, now=clock.now(), take_over=body["take_over"])
    return jsonify({"counter": {"id": counter_id, "state": counter.state.value}})


def _counter_change(counter_id: int, change, **arguments):
    staff_id, _ = _staff_and_counter(counter_id)
    with write_transaction():
        change(counter_id=counter_id, staff_id=staff_id, now=clock.now(), **arguments)
    return jsonify({"counter": {"id": counter_id, "state": db.session.get(Counter, counter_id).state.value}})


@bp.post("/counters/<id:counter_id>/sign-out", tags=WINDOW)
@bp.response(200, replies.CounterReply)
@documented(STAFF_WRITE, 403, 409)
def sign_out(counter_id: int):
    """Sign out of the window."""
    return _counter_change(counter_id, counters.sign_out)


@bp.post("/counters/<id:counter_id>/pause", tags=WINDOW)
@bp.arguments(ReasonBody, required=False)
@bp.response(200, replies.CounterReply)
@documented(STAFF_WRITE, 403, 409, 422)
def pause(body: dict, counter_id: int):
    """Pause calling (a break, a meeting); the clerk stays signed in."""
    return _counter_change(counter_id, counters.pause, reason=body["reason"])


@bp.post("/counters/<id:counter_id>/resume", tags=WINDOW)
@bp.response(200, replies.CounterReply)
@documented(STAFF_WRITE, 403, 409)
def resume(counter_id: int):
    """Resume calling after a pause."""
    return _counter_change(counter_id, counters.resume)


@bp.post("/counters/<id:counter_id>/call-next", tags=WINDOW)
@bp.response(200, replies.TicketReply)
@documented(STAFF_WRITE, 403, 409)
def call_next(counter_id: int):
    """Call the next resident by the hall's calling rules (409 `queue_empty` when nobody waits)."""
    staff_id, counter = _staff_and_counter(counter_id)
    now = clock.now()
    with write_transaction():
        ticket = calling.call_next(counter_id=counter_id, staff_id=staff_id, now=now)
    return _ticket_reply(ticket, counter, now)


@bp.post("/counters/<id:counter_id>/call-number", tags=WINDOW)
@bp.arguments(CallNumberBody)
@bp.response(200, replies.TicketReply)
@documented(STAFF_WRITE, 403, 409, 422)
def call_number(body: dict, counter_id: int):
    """Call a particular waiting number (e.g. a resident who shows a slip)."""
    staff_id, counter = _staff_and_counter(counter_id)
    now = clock.now()
    with write_transaction():
        ticket = calling.call_number(counter_id=counter_id, staff_id=staff_id, number=body["number"], now=now)
    return _ticket_reply(ticket, counter, now)


@bp.post("/counters/<id:counter_id>/finish-and-call-next", tags=WINDOW)
@bp.response(200, replies.FinishAndCallReply)
@documented(STAFF_WRITE, 403, 409)
def finish_and_call_next(counter_id: int):
    """Finish the current ticket (if any) and call the next one in one step."""
    staff_id, counter = _staff_and_counter(counter_id)
    now = clock.now()
    with write_transaction():
        finished, called = counter_actions.finish_and_call_next(counter_id=counter_id, staff_id=staff_id, now=now)
    tz = counter.hall.timezone
    return jsonify(
        {
            "finished": ticket_for_staff(finished, now, tz) if finished else None,
            "ticket": ticket_for_staff(called, now, tz) if called else None,
        }
    )


@bp.post(f"/counters/<id:counter_id>/tickets/<id:ticket_id>/<any({ACTION_NAMES}):action>", tags=WINDOW)
@bp.response(200, replies.TicketReply)
@documented(STAFF_WRITE, 403, 409)
def ticket_action(counter_id: int, ticket_id: int, action: str):
    """Act on the ticket at this window: recall, start, finish, no-show, hold or call back (a held ticket)."""
    staff_id, counter = _staff_and_counter(counter_id)
    now = clock.now()
    with write_transaction():
        ticket = TICKET_ACTIONS[action](ticket_id=ticket_id, counter_id=counter_id, staff_id=staff_id, now=now)
    return _ticket_reply(ticket, counter, now)


@bp.post("/counters/<id:counter_id>/tickets/<id:ticket_id>/transfer", tags=WINDOW)
@bp.arguments(TransferBody)
@bp.response(200, replies.TicketReply)
@documented(STAFF_WRITE, 403, 409, 422)
def transfer(body: dict, counter_id: int, ticket_id: int):
    """Send the ticket at this window to another service's queue (same number, original arrival time)."""
    staff_id, counter = _staff_and_counter(counter_id)
    now = clock.now()
    with write_transaction():
        ticket = counter_actions.transfer(
            ticket_id=ticket_id,
            counter_id=counter_id,
            staff_id=staff_id,
            now=now,
            to_service_id=body["service_id"],
        )
    return _ticket_reply(ticket, counter, now)
