"""Realtime updates: the one module that owns Socket.IO namespaces, rooms, event names and payloads.

How it works: services only append ``HistoryEntry`` rows. When a transaction that added some commits,
this module turns them into screen events:

* ``before_commit`` (still inside the transaction) reserves one per-hall sequence number per display event by
  bumping ``hall.realtime_seq`` and then builds the payloads; the row lock, held to the commit, makes sequence
  order equal commit order, and figures read after taking it include every earlier sequence number's change;
* ``after_commit`` emits them; ``after_rollback`` drops them. No screen ever shows a rolled-back change.

Displays apply events whose ``seq`` is exactly one more than the last they saw, and ask for a snapshot on
any gap or reconnect. Counter and queue events set state (applying one twice is harmless); a screen recognises
a call it has already shown by its number and time.
"""

import logging
import queue
import threading
from collections import defaultdict
from dataclasses import dataclass

from flask_socketio import join_room
from socketio import Manager as LocalManager
from sqlalchemy import bindparam, event, update

from hall import clock
from hall.extensions import db, socketio
from hall.models import ANNOUNCED, Case, Counter, Hall, HistoryEntry, Kind, Service, Ticket
from hall.services.hall_view import call_announcement, counter_states, queue_lengths
from hall.services.presenters import service_brief, ticket_public
from hall.services.queue_days import CHANGED_QUEUES, WAITING_NOW
from hall.timeutil import service_day

log = logging.getLogger(__name__)

SOCKETIO_PATH = "/socket.io/"  # Flask-SocketIO's default

# Namespaces, one per kind of client.
DISPLAY = "/display"  # hall screen and counter screens: public, numbers only
COUNTER = "/counter"  # clerks' workstations: signed-in staff
RESIDENT = "/resident"  # a resident's own ticket page, and their cases' progress page
CASES = "/cases"  # staff pages about cases: the front desk, departments' inboxes, one case

# Event names.
TICKET_CALLED = "ticket_called"  # {seq, number, counter_number, counter_name, recall, at, time}
COUNTER_CHANGED = "counter_changed"  # {seq, counters: [{id, number, name, state, ticket, ticket_state}]}
QUEUE_CHANGED = "queue_changed"  # {seq, queues: [{id, name, name_en, prefix, waiting}]}
TICKET_CHANGED = "ticket_changed"  # resident room only: {number, state, service, counter}
HALL_CHANGED = "hall_changed"  # {seq}: the configuration changed; screens and kiosks reload it
CASE_CHANGED = "case_changed"  # {number, state}: front desk, the case's department, the resident's visit
RATING_REQUESTED = "rating_requested"  # window tablets only: {counter}; the tablet then asks what to rate
RATING_RECEIVED = "rating_received"  # staff (dashboards, tablets): {counter, level}
RESYNC = "resync"  # clients of one process, after it lost the message queue a while: read your state again
# Whose clients handle RESYNC (display/static/live.js, hall/static/js/{counter,dashboard,rating,ticket}.js, kiosk.js).
RESYNCED_NAMESPACES = (DISPLAY, COUNTER, RESIDENT)

_COLLECTED = "hall_realtime_entries"
# Reserves sequence numbers; the row lock it takes lasts until commit, so seq order is commit order.
# On the table, not the mapped class: the ORM's bulk-update machinery cost more than the statement.
_HALLS = Hall.__table__
_RESERVE_SEQ = (
    update(_HALLS)
    .where(_HALLS.c.id == bindparam("hall_id"))
    .values(realtime_seq=_HALLS.c.realtime_seq + bindparam("count"))
    .returning(_HALLS.c.realtime_seq)
)
_OUTBOX = "hall_realtime_outbox"


def hall_room(hall_id: int) -> str:
    return f"hall:{hall_id}"


def ticket_room(ticket_id: int) -> str:
    return f"ticket:{ticket_id}"


def front_desk_room(hall_id: int) -> str:
    return f"cases:{hall_id}"


def department_room(department_id: int) -> str:
    return f"department:{department_id}"


def tablet_room(counter_id: int) -> str:
    return f"tablet:{counter_id}"


def follow_tablet(counter_id: int) -> None:
    """Called from the display namespace for a window's rating tablet."""
    join_room(tablet_room(counter_id))


def visit_room(visit_id: int) -> str:
    return f"visit:{visit_id}"


def follow_cases(hall_id: int, *, front_desk: bool, department_id: int | None) -> None:
    """Called from the cases namespace: the front desk follows every case of its hall, officers their department's."""
    if front_desk:
        join_room(front_desk_room(hall_id))
    if department_id is not None:
        join_room(department_room(department_id))


def follow_visit(visit) -> None:
    """Called from the resident namespace: this client follows the cases of one visit."""
    join_room(visit_room(visit.id))


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
    """Called after Socket.IO is bound to ``app``."""
    session = db.session
    for name, listener in (
        ("after_flush", _collect),
        ("before_commit", _prepare),
        ("after_commit", _send),
        ("after_soft_rollback", _discard),
    ):
        if not event.contains(session, name, listener):
            event.listen(session, name, listener)
    app.wsgi_app = without_websocket_compression(app.wsgi_app)


def without_websocket_compression(wsgi_app):
    """Answer browsers' permessage-deflate offer with plain frames on the Socket.IO websockets.

    Browsers always offer it and simple-websocket always accepts it. Every event is then compressed again for
    each screen, by a zlib compressor per connection kept for its lifetime: with 200 hall screens a call cost
    the server 75-80 ms of CPU instead of 25-30, reached the last screen 60-70 ms after the clerk pressed
    instead of 35, and each connection held 165 KB more (docs/PERFORMANCE.md); all to shrink messages of a
    few hundred bytes on the hall's own network.
    """

    def app(environ, start_response):
        if environ.get("PATH_INFO", "").startswith(SOCKETIO_PATH):
            environ.pop("HTTP_SEC_WEBSOCKET_EXTENSIONS", None)
        return wsgi_app(environ, start_response)

    return app


def _collect(session, _flush_context) -> None:
    entries = [obj for obj in session.new if isinstance(obj, HistoryEntry)]
    if entries:
        session.info.setdefault(_COLLECTED, []).extend(entries)


def _prepare(session) -> None:
    if not session.info.get(_COLLECTED) and not any(isinstance(o, HistoryEntry) for o in session.new):
        return
    session.flush()
    entries = session.info.pop(_COLLECTED, [])
    changed_queues = session.info.pop(CHANGED_QUEUES, set())
    waiting_now = session.info.pop(WAITING_NOW, {})
    by_hall: dict[int, list[HistoryEntry]] = defaultdict(list)
    for entry in entries:
        by_hall[entry.hall_id].append(entry)
    outbox = []
    for hall_id, hall_entries in sorted(by_hall.items()):
        outbox.extend(_hall_messages(session, hall_id, hall_entries, changed_queues, waiting_now))
    session.info.setdefault(_OUTBOX, []).extend(outbox)


def _hall_messages(
    session, hall_id: int, entries: list[HistoryEntry], changed_queues: set[int], waiting_now: dict
) -> list[Outgoing]:
    hall = session.get(Hall, hall_id)
    announced = [entry for entry in entries if entry.kind in ANNOUNCED]
    counters = [session.get(Counter, i) for i in sorted({e.counter_id for e in entries if e.counter_id})]
    services = [
        service for service in (session.get(Service, i) for i in sorted(changed_queues)) if service.hall_id == hall_id
    ]
    reconfigured = any(entry.kind == Kind.CONFIG_CHANGED for entry in entries)
    count = len(announced) + bool(counters) + bool(services) + reconfigured

    messages = []
    if count:
        # Lock the hall row *before* reading what screens will show: every transaction with a lower sequence
        # number has committed by then, so (under READ COMMITTED) the payloads below include its changes and
        # a later event can never carry older figures than an earlier one.
        last_seq = session.execute(_RESERVE_SEQ, {"hall_id": hall_id, "count": count}).scalar_one()
        display_events: list[tuple[str, dict]] = [
            (TICKET_CALLED, call_announcement(entry, session.get(Counter, entry.counter_id).name, hall.timezone))
            for entry in announced
        ]
        today = service_day(clock.now(), hall.timezone)
        if counters:
            display_events.append((COUNTER_CHANGED, {"counters": counter_states(counters, today)}))
        if services:
            display_events.append((QUEUE_CHANGED, {"queues": _queues(services, today, waiting_now)}))
        if reconfigured:
            display_events.append((HALL_CHANGED, {}))
        room = hall_room(hall_id)
        for seq, (name, payload) in enumerate(display_events, start=last_seq - count + 1):
            payload = {"seq": seq, **payload}
            messages.append(Outgoing(DISPLAY, room, name, payload))
            messages.append(Outgoing(COUNTER, room, name, payload))
            if name == QUEUE_CHANGED:
                messages.append(Outgoing(RESIDENT, room, name, payload))
    for entry in entries:
        # Not for a ticket the system finished at closing: the next resident at the window would be asked.
        if entry.kind == Kind.FINISHED and entry.counter_id and entry.channel != "closing":
            messages.append(
                Outgoing(DISPLAY, tablet_room(entry.counter_id), RATING_REQUESTED, {"counter": entry.counter_id})
            )
        elif entry.kind == Kind.RATED:
            ticket = session.get(Ticket, entry.ticket_id)
            payload = {"counter": entry.data.get("counter"), "level": entry.data.get("level")}
            messages.append(Outgoing(COUNTER, hall_room(hall_id), RATING_RECEIVED, payload))
            if ticket.counter_id:
                messages.append(Outgoing(DISPLAY, tablet_room(ticket.counter_id), RATING_RECEIVED, payload))
    for case_id in dict.fromkeys(entry.case_id for entry in entries if entry.case_id):
        case = session.get(Case, case_id)
        payload = {"number": case.number, "state": case.state.value}
        messages.append(Outgoing(CASES, front_desk_room(hall_id), CASE_CHANGED, payload))
        messages.append(Outgoing(CASES, department_room(case.department_id), CASE_CHANGED, payload))
        messages.append(Outgoing(RESIDENT, visit_room(case.visit_id), CASE_CHANGED, payload))
    for ticket_id in dict.fromkeys(entry.ticket_id for entry in entries if entry.ticket_id):
        ticket = session.get(Ticket, ticket_id)
        messages.append(Outgoing(RESIDENT, ticket_room(ticket_id), TICKET_CHANGED, ticket_public(ticket)))
    return messages


def _queues(services: list[Service], today, waiting_now: dict) -> list[dict]:
    """The changed queues' lengths: as this transaction's own bumps returned them, else read now.

    The same figures either way: the transaction has held each bumped queue row since the bump, so no other
    transaction can have changed it in between, and any that did before has committed (and taken a lower
    sequence number) before the bump could read it.
    """
    if all((service.id, today) in waiting_now for service in services):
        return [{**service_brief(service), "waiting": waiting_now[service.id, today]} for service in services]
    return queue_lengths(services, today)


def _send(session) -> None:
    session.info.pop(WAITING_NOW, None)  # a commit without history entries leaves them: never carry them over
    messages = session.info.pop(_OUTBOX, [])
    if messages:
        _emitter.submit(messages)


# A commit's calls go out first and the rest of its events (windows' and queues' states, tablets, cases) up to
# this long after, or at once when the next commit comes. Flask-SocketIO's threading mode writes to each screen
# from that screen's own thread, which sends everything queued for it in one go; so without the pause the
# 200th screen's call waited behind 199 screens' three events (docs/PERFORMANCE.md).
CALLS_FIRST_SECONDS = 0.02
_URGENT = frozenset({TICKET_CALLED, TICKET_CHANGED})


def _calls_first(messages: list[Outgoing]) -> tuple[list[Outgoing], list[Outgoing]]:
    """Split a commit's messages into the calls and the rest, each in commit order.

    Calls have the lowest sequence numbers of their commit (``_hall_messages``), so every room still receives
    its events in sequence order.
    """
    urgent = [message for message in messages if message.event in _URGENT]
    rest = [message for message in messages if message.event not in _URGENT]
    return urgent, rest


class _Emitter:
    """Sends committed events from one background worker per process, in the order commits handed them over.

    The clerk's request returns as soon as its transaction commits instead of waiting while the events fan out
    to every connected screen (hundreds in a county hall).
    """

    def __init__(self):
        self.queue: queue.Queue[list[Outgoing]] = queue.Queue()
        self.lock = threading.Lock()
        self.worker: threading.Thread | None = None

    def submit(self, messages: list[Outgoing]) -> None:
        with self.lock:  # (re)start lazily: nothing runs at import, and a forked worker process gets its own
            if self.worker is None or not self.worker.is_alive():
                self.worker = threading.Thread(target=self._run, name="realtime-emitter", daemon=True)
                self.worker.start()
        self.queue.put(messages)

    def _run(self) -> None:
        held: list[Outgoing] | None = None  # the rest of the last commit: its task is done once they are sent
        while True:
            try:
                messages = self.queue.get(timeout=CALLS_FIRST_SECONDS) if held is not None else self.queue.get()
            except queue.Empty:
                messages = None
            if held is not None:
                _emit(held)
                held = None
                self.queue.task_done()
            if messages is None:
                continue
            urgent, rest = _calls_first(messages)
            if urgent and rest:
                _emit(urgent)
                held = rest
            else:
                _emit(messages)
                self.queue.task_done()

    def wait_until_sent(self) -> None:
        self.submit([])  # an empty commit: anything held back is sent at once
        self.queue.join()


def _emit(messages: list[Outgoing]) -> None:
    try:
        for message in messages:
            socketio.emit(message.event, message.payload, namespace=message.namespace, to=message.room)
    except Exception:  # the change is committed; screens catch up from their next snapshot
        log.exception("could not emit realtime events")


_emitter = _Emitter()


def resync_local_clients(manager) -> None:
    """Tell the clients connected to this process through ``manager``, and only those, to read their state again.

    Called by ``hall.realtime_queue`` when its Redis listener is back: the local delivery each process makes for
    messages it receives, not a publish, so every process re-syncs its own clients.
    """
    for namespace in RESYNCED_NAMESPACES:
        LocalManager.emit(manager, RESYNC, {}, namespace=namespace)


def wait_until_sent() -> None:
    """Block until every committed event so far has been handed to Socket.IO (tests, CLI commands)."""
    _emitter.wait_until_sent()


def _discard(session, _previous_transaction) -> None:
    session.info.pop(_COLLECTED, None)
    session.info.pop(CHANGED_QUEUES, None)
    session.info.pop(WAITING_NOW, None)
    session.info.pop(_OUTBOX, None)
