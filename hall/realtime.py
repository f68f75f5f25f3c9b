"""Realtime updates: the one module that owns Socket.IO namespaces, rooms, event names and payloads.

How it works: services only append ``HistoryEntry`` rows. When a transaction that added some commits,
this module turns them into screen events:

* ``before_commit`` (still inside the transaction) builds the payloads from the state being committed and
  reserves one per-hall sequence number per display event by bumping ``hall.realtime_seq``; the row lock
  makes sequence order equal commit order;
* ``after_commit`` emits them; ``after_rollback`` drops them. No screen ever shows a rolled-back change.

Displays apply events whose ``seq`` is exactly one more than the last they saw, and ask for a snapshot on
any gap or reconnect. Events set state (they never add to it), so applying one twice is harmless.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass

from flask_socketio import join_room
from sqlalchemy import bindparam, event, update

from hall import clock
from hall.extensions import db, socketio
from hall.models import ANNOUNCED, Counter, Hall, HistoryEntry, Service, Ticket
from hall.services.hall_view import call_announcement, counter_states, queue_lengths
from hall.services.presenters import ticket_public
from hall.timeutil import service_day

log = logging.getLogger(__name__)

# Namespaces, one per kind of client.
DISPLAY = "/display"  # hall screen and counter screens: public, numbers only
COUNTER = "/counter"  # clerks' workstations: signed-in staff
RESIDENT = "/resident"  # a resident's own ticket page

# Event names.
TICKET_CALLED = "ticket_called"  # {seq, number, counter_number, counter_name, recall, at, time}
COUNTER_CHANGED = "counter_changed"  # {seq, counters: [{id, number, name, state, ticket, ticket_state}]}
QUEUE_CHANGED = "queue_changed"  # {seq, queues: [{id, name, name_en, prefix, waiting}]}
TICKET_CHANGED = "ticket_changed"  # resident room only: {number, state, service, counter}

_COLLECTED = "hall_realtime_entries"
# Reserves sequence numbers; the row lock it takes lasts until commit, so seq order is commit order.
_RESERVE_SEQ = (
    update(Hall)
    .where(Hall.id == bindparam("hall_id"))
    .values(realtime_seq=Hall.realtime_seq + bindparam("count"))
    .returning(Hall.realtime_seq)
)
_OUTBOX = "hall_realtime_outbox"


def hall_room(hall_id: int) -> str:
    return f"hall:{hall_id}"


def ticket_room(ticket_id: int) -> str:
    return f"ticket:{ticket_id}"


def join_hall(hall_id: int) -> None:
    """Called from a connect handler: this client follows the hall's events in its namespace."""
    join_room(hall_room(hall_id))


def follow_ticket(ticket: Ticket) -> None:
    """Called from the resident namespace: this client follows one ticket and its hall's queues."""
    join_room(ticket_room(ticket.id))
    join_room(hall_room(ticket.hall_id))


@dataclass(frozen=True)
class Outgoing:
    namespace: str
    room: str
    event: str
    payload: dict


def init_app(app) -> None:
    session = db.session
    for name, listener in (
        ("after_flush", _collect),
        ("before_commit", _prepare),
        ("after_commit", _send),
        ("after_soft_rollback", _discard),
    ):
        if not event.contains(session, name, listener):
            event.listen(session, name, listener)


def _collect(session, _flush_context) -> None:
    entries = [obj for obj in session.new if isinstance(obj, HistoryEntry)]
    if entries:
        session.info.setdefault(_COLLECTED, []).extend(entries)


def _prepare(session) -> None:
    if not session.info.get(_COLLECTED) and not any(isinstance(o, HistoryEntry) for o in session.new):
        return
    session.flush()
    entries = session.info.pop(_COLLECTED, [])
    by_hall: dict[int, list[HistoryEntry]] = defaultdict(list)
    for entry in entries:
        by_hall[entry.hall_id].append(entry)
    outbox = []
    for hall_id, hall_entries in by_hall.items():
        outbox.extend(_hall_messages(session, hall_id, hall_entries))
    session.info.setdefault(_OUTBOX, []).extend(outbox)


def _hall_messages(session, hall_id: int, entries: list[HistoryEntry]) -> list[Outgoing]:
    hall = session.get(Hall, hall_id)
    display_events: list[tuple[str, dict]] = []
    for entry in entries:
        if entry.kind in ANNOUNCED:
            counter = session.get(Counter, entry.counter_id)
            display_events.append(
                (TICKET_CALLED, call_announcement(entry, counter.name if counter else "", hall.timezone))
            )
    counter_ids = sorted({entry.counter_id for entry in entries if entry.counter_id})
    if counter_ids:
        counters = [session.get(Counter, counter_id) for counter_id in counter_ids]
        display_events.append((COUNTER_CHANGED, {"counters": counter_states(counters)}))
    service_ids = {entry.service_id for entry in entries if entry.service_id}
    service_ids |= {entry.data["from_service_id"] for entry in entries if "from_service_id" in entry.data}
    if service_ids:
        today = service_day(clock.now(), hall.timezone)
        services = [session.get(Service, service_id) for service_id in sorted(service_ids)]
        display_events.append((QUEUE_CHANGED, {"queues": queue_lengths(services, today)}))

    last_seq = session.execute(
        update(Hall)
        .where(Hall.id == hall_id)
        .values(realtime_seq=Hall.realtime_seq + len(display_events))
        .returning(Hall.realtime_seq)
    ).scalar_one()
    first_seq = last_seq - len(display_events) + 1
    room = hall_room(hall_id)
    messages = []
    for offset, (name, payload) in enumerate(display_events):
        payload = {"seq": first_seq + offset, **payload}
        messages.append(Outgoing(DISPLAY, room, name, payload))
        messages.append(Outgoing(COUNTER, room, name, payload))
        if name == QUEUE_CHANGED:
            messages.append(Outgoing(RESIDENT, room, name, payload))
    for ticket_id in dict.fromkeys(entry.ticket_id for entry in entries if entry.ticket_id):
        ticket = session.get(Ticket, ticket_id)
        messages.append(Outgoing(RESIDENT, ticket_room(ticket_id), TICKET_CHANGED, ticket_public(ticket)))
    return messages


def _send(session) -> None:
    for message in session.info.pop(_OUTBOX, []):
        try:
            socketio.emit(message.event, message.payload, namespace=message.namespace, to=message.room)
        except Exception:  # the change is committed; screens catch up from their next snapshot
            log.exception("could not emit %s to %s%s", message.event, message.namespace, message.room)


def _discard(session, _previous_transaction) -> None:
    session.info.pop(_COLLECTED, None)
    session.info.pop(_OUTBOX, None)
