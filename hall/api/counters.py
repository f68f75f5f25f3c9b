"""A clerk's window: sign in and out, pause, call, and act on the ticket at the window."""

from flask import jsonify
from flask_babel import lazy_gettext as _l

from hall import clock
from hall.api import bp
from hall.api.auth import require_hall_staff, require_staff
from hall.api.inputs import flag, integer, json_body, text
from hall.db import write_transaction
from hall.errors import NotFound
from hall.extensions import db
from hall.models import Counter
from hall.services import calling, counter_actions, counters
from hall.services.halls import counter_in_hall
from hall.services.workstation import counter_panel, ticket_for_staff

# Actions on the ticket at a window: URL name -> service function taking ticket_id, counter_id, staff_id, now.
TICKET_ACTIONS = {
    "recall": counter_actions.recall,
    "start": counter_actions.start,
    "finish": counter_actions.finish,
    "no-show": counter_actions.no_show,
    "hold": counter_actions.hold,
    "call-back": counter_actions.call_back,
}


def _staff_and_counter(counter_id: int):
    staff = require_staff()
    counter = counter_in_hall(counter_id, staff.hall_id)
    require_hall_staff(counter.hall_id)
    return staff, counter


def _ticket_reply(ticket, counter: Counter, now):
    return {"ticket": ticket_for_staff(ticket, now, counter.hall.timezone) if ticket else None}


@bp.get("/counters/<id:counter_id>")
def panel(counter_id: int):
    _, counter = _staff_and_counter(counter_id)
    return jsonify(counter_panel(counter, clock.now()))


@bp.post("/counters/<id:counter_id>/sign-in")
def sign_in(counter_id: int):
    staff, counter = _staff_and_counter(counter_id)
    take_over = flag(json_body(), "take_over")
    with write_transaction():
        counters.sign_in(counter_id=counter.id, staff_id=staff.id, now=clock.now(), take_over=take_over)
    return jsonify({"counter": {"id": counter.id, "state": counter.state.value}})


def _counter_change(counter_id: int, change, **arguments):
    staff, counter = _staff_and_counter(counter_id)
    with write_transaction():
        change(counter_id=counter.id, staff_id=staff.id, now=clock.now(), **arguments)
    return jsonify({"counter": {"id": counter.id, "state": db.session.get(Counter, counter.id).state.value}})


@bp.post("/counters/<id:counter_id>/sign-out")
def sign_out(counter_id: int):
    return _counter_change(counter_id, counters.sign_out)


@bp.post("/counters/<id:counter_id>/pause")
def pause(counter_id: int):
    return _counter_change(counter_id, counters.pause, reason=text(json_body(), "reason", max_length=100))


@bp.post("/counters/<id:counter_id>/resume")
def resume(counter_id: int):
    return _counter_change(counter_id, counters.resume)


@bp.post("/counters/<id:counter_id>/call-next")
def call_next(counter_id: int):
    staff, counter = _staff_and_counter(counter_id)
    now = clock.now()
    with write_transaction():
        ticket = calling.call_next(counter_id=counter.id, staff_id=staff.id, now=now)
    return jsonify(_ticket_reply(ticket, counter, now))


@bp.post("/counters/<id:counter_id>/call-number")
def call_number(counter_id: int):
    staff, counter = _staff_and_counter(counter_id)
    number = text(json_body(), "number", max_length=8, required=True)
    now = clock.now()
    with write_transaction():
        ticket = calling.call_number(counter_id=counter.id, staff_id=staff.id, number=number, now=now)
    return jsonify(_ticket_reply(ticket, counter, now))


@bp.post("/counters/<id:counter_id>/finish-and-call-next")
def finish_and_call_next(counter_id: int):
    staff, counter = _staff_and_counter(counter_id)
    now = clock.now()
    with write_transaction():
        finished, called = counter_actions.finish_and_call_next(counter_id=counter.id, staff_id=staff.id, now=now)
    tz = counter.hall.timezone
    return jsonify(
        {
            "finished": ticket_for_staff(finished, now, tz) if finished else None,
            "ticket": ticket_for_staff(called, now, tz) if called else None,
        }
    )


@bp.post("/counters/<id:counter_id>/tickets/<id:ticket_id>/<action>")
def ticket_action(counter_id: int, ticket_id: int, action: str):
    if action != "transfer" and action not in TICKET_ACTIONS:
        raise NotFound(_l("There is no such action."))
    staff, counter = _staff_and_counter(counter_id)
    now = clock.now()
    arguments = {"ticket_id": ticket_id, "counter_id": counter.id, "staff_id": staff.id, "now": now}
    if action == "transfer":
        to_service_id = integer(json_body(), "service_id")
    with write_transaction():
        if action == "transfer":
            ticket = counter_actions.transfer(to_service_id=to_service_id, **arguments)
        else:
            ticket = TICKET_ACTIONS[action](**arguments)
    return jsonify(_ticket_reply(ticket, counter, now))
