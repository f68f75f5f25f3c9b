"""Socket.IO handlers: authenticate a connection, put it in its rooms, answer snapshot requests.

Thin adapters like the views: rooms and event names come from ``hall.realtime``; data from the services.
Snapshots are returned as acknowledgements (the client's callback), so nothing here emits.
"""

import logging

from flask import request, session
from flask_babel import gettext as _
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, Namespace

from hall import clock, permissions, realtime
from hall.db import unavailable_error
from hall.errors import DomainError
from hall.extensions import db
from hall.models import Counter, DeviceKind, Role
from hall.permissions import Capability
from hall.services import hall_view, resident
from hall.services.cases import progress
from hall.services.halls import hall_by_code
from hall.services.screen_access import SCREENS
from hall.web.devices import current_device, note_seen, screen_allowed

log = logging.getLogger(__name__)


def _auth_value(auth, key: str) -> str:
    value = auth.get(key) if isinstance(auth, dict) else None
    if not isinstance(value, str) or not value or len(value) > 64:
        raise ConnectionRefusedError(f"missing {key}")
    return value


class DisplayNamespace(Namespace):
    """Hall screens and counter screens: public information only (numbers, windows, queue lengths)."""

    def on_connect(self, auth=None):
        try:
            hall = hall_by_code(_auth_value(auth, "hall"))
        except DomainError as error:
            raise ConnectionRefusedError(str(error)) from None
        if not screen_allowed(hall, SCREENS):
            raise ConnectionRefusedError("this device is not registered with the hall")
        session["hall_code"] = hall.code
        realtime.join_hall(hall.id)
        tablet = auth.get("tablet") if isinstance(auth, dict) else None
        if isinstance(tablet, int) and not isinstance(tablet, bool):
            # A window's rating tablet: only the paired tablet of that window (or the hall's staff) may listen.
            counter = db.session.get(Counter, tablet)
            if counter is None or counter.hall_id != hall.id:
                raise ConnectionRefusedError("no such window")
            if not screen_allowed(hall, (DeviceKind.RATING_TABLET,), counter.id):
                raise ConnectionRefusedError("this device is not the window's rating tablet")
            realtime.follow_tablet(counter.id)

    def on_snapshot(self, _data=None):
        note_seen(current_device())  # screens re-sync every few minutes: this keeps "last seen" current
        return hall_view.display_snapshot(hall_by_code(session["hall_code"]), clock.now())


class CounterNamespace(Namespace):
    """Clerks' workstations (staff who serve in a hall), and managers' dashboards of a hall they configure."""

    def on_connect(self, auth=None):
        if not current_user.is_authenticated:
            raise ConnectionRefusedError("sign in first")
        code = auth.get("hall") if isinstance(auth, dict) else None
        if isinstance(code, str) and code:
            try:
                hall = hall_by_code(code)
            except DomainError as error:
                raise ConnectionRefusedError(str(error)) from None
            if not permissions.can(current_user, Capability.CONFIGURE_HALL, hall.id):
                raise ConnectionRefusedError("you do not manage this hall")
            realtime.join_hall(hall.id)
            return
        if not current_user.can_serve or current_user.hall_id is None:
            raise ConnectionRefusedError("sign in first")
        realtime.join_hall(current_user.hall_id)


class CasesNamespace(Namespace):
    """Staff pages about cases: the front desk follows its hall's cases, officers their department's."""

    def on_connect(self, auth=None):
        staff = current_user
        if not staff.is_authenticated or not permissions.can(staff, Capability.VIEW_CASES, staff.hall_id):
            raise ConnectionRefusedError("sign in first")
        realtime.follow_cases(
            staff.hall_id,
            front_desk=permissions.can(staff, Capability.ACCEPT_CASES, staff.hall_id),
            department_id=staff.department_id if staff.role == Role.OFFICER else None,
        )


class ResidentNamespace(Namespace):
    """A resident's ticket page (the ticket's private token), or their cases' progress page (the visit's)."""

    def on_connect(self, auth=None):
        if isinstance(auth, dict) and "visit" in auth:
            try:
                visit = progress.visit_by_token(_auth_value(auth, "visit"))
            except DomainError as error:
                raise ConnectionRefusedError(str(error)) from None
            realtime.follow_visit(visit)
            return
        try:
            ticket = resident.ticket_by_token(_auth_value(auth, "ticket"))
        except DomainError as error:
            raise ConnectionRefusedError(str(error)) from None
        session["ticket_token"] = ticket.token
        realtime.follow_ticket(ticket)

    def on_status(self, _data=None):
        if "ticket_token" not in session:
            return None
        return resident.ticket_status(resident.ticket_by_token(session["ticket_token"]), clock.now())


def answer_error(error: Exception):
    """A handler that failed answers like a page does, instead of leaving the client's callback to time out.

    A refused connect stays refused (``False``): accepting a connection whose rooms were never joined would
    leave a screen that looks connected and never hears a call.
    """
    try:
        db.session.rollback()  # a failed statement poisons a PostgreSQL transaction; the next event needs it clean
    except Exception:  # the connection itself may be gone
        log.debug("could not roll back after a socket handler failed", exc_info=True)
    event = getattr(request, "event", None) or {}
    where = f"{request.namespace} {event.get('message')}"
    if isinstance(error, DomainError):
        known = error
    elif (known := unavailable_error(error)) is not None:
        log.warning("database unavailable in socket handler %s: %s", where, getattr(error, "orig", error))
    else:
        log.error("unhandled error in socket handler %s", where, exc_info=error)
    if event.get("message") == "connect":
        return False
    if known is None:
        return {"error": {"code": "server_error", "message": _("Something went wrong on our side. Please try again.")}}
    return {"error": known.as_dict()}


def register(socketio) -> None:
    socketio.on_error_default(answer_error)
    socketio.on_namespace(DisplayNamespace(realtime.DISPLAY))
    socketio.on_namespace(CounterNamespace(realtime.COUNTER))
    socketio.on_namespace(ResidentNamespace(realtime.RESIDENT))
    socketio.on_namespace(CasesNamespace(realtime.CASES))
