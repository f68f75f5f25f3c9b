"""Counters (窗口): numbers, names, and the services each serves, in order."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from hall import permissions
from hall.errors import CounterBusy, InvalidState, NotFound
from hall.extensions import db
from hall.models import Counter, CounterService, CounterState, HistoryEntry, Service, Staff, Ticket, staff_counter
from hall.permissions import Capability
from hall.services.admin import audit, checks
from hall.services.counter_access import active_ticket


def _authorised(actor_id: int, hall_id: int) -> None:
    permissions.require(db.session.get(Staff, actor_id), Capability.CONFIGURE_HALL, hall_id)


def clean(values: dict) -> dict:
    return {
        "number": checks.number(values.get("number"), "number", minimum=1, maximum=999),
        "name": checks.text(values.get("name"), "name", max_length=100),
        "strict_service_order": bool(values.get("strict_service_order")),
        "active": bool(values.get("active", True)),
    }


def _services(hall_id: int, ids) -> list[Service]:
    """Services in the order given (first served first); duplicates dropped."""
    ordered = list(dict.fromkeys(int(i) for i in ids or []))
    found = {
        s.id: s for s in db.session.scalars(select(Service).where(Service.hall_id == hall_id, Service.id.in_(ordered)))
    }
    if len(found) != len(ordered):
        checks.fail("services", _l("Choose services of this hall."))
    return [found[i] for i in ordered]


def _unique_number(hall_id: int, number: int, except_id: int | None = None) -> None:
    clash = db.session.scalar(
        select(Counter.id).where(Counter.hall_id == hall_id, Counter.number == number, Counter.id != (except_id or 0))
    )
    if clash:
        checks.fail("number", _l("There is already a window %(number)s.", number=number))


def get(hall_id: int, counter_id: int) -> Counter:
    counter = db.session.get(Counter, counter_id)
    if counter is None or counter.hall_id != hall_id:
        raise NotFound(_l("There is no such counter."))
    return counter


def _set_services(counter: Counter, services: list[Service]) -> list[str]:
    before = [link.service.prefix for link in counter.links]
    kept = {link.service_id: link for link in counter.links}
    counter.links = [kept.get(s.id) or CounterService(service=s) for s in services]
    for position, link in enumerate(counter.links):
        link.position = position
    return before


def create(*, actor_id: int, hall_id: int, values: dict, now: datetime) -> Counter:
    _authorised(actor_id, hall_id)
    cleaned = clean(values)
    _unique_number(hall_id, cleaned["number"])
    counter = Counter(hall_id=hall_id, **cleaned)
    _set_services(counter, _services(hall_id, values.get("services")))
    db.session.add(counter)
    db.session.flush()
    audit.record(
        hall_id,
        actor_id,
        now,
        "counter",
        "created",
        counter.id,
        number=counter.number,
        services=[link.service.prefix for link in counter.links],
    )
    return counter


def update(*, actor_id: int, hall_id: int, counter_id: int, values: dict, now: datetime) -> Counter:
    _authorised(actor_id, hall_id)
    counter = get(hall_id, counter_id)
    db.session.execute(select(Counter.id).where(Counter.id == counter.id).with_for_update())  # vs. sign-ins
    cleaned = clean(values)
    _unique_number(hall_id, cleaned["number"], except_id=counter.id)
    if counter.active and not cleaned["active"]:
        _check_can_close(counter)
    changed = audit.changes(counter, cleaned)
    before = _set_services(counter, _services(hall_id, values.get("services")))
    after = [link.service.prefix for link in counter.links]
    if before != after:
        changed["services"] = [before, after]
    if changed:
        audit.record(hall_id, actor_id, now, "counter", "updated", counter.id, **changed)
    return counter


def _check_can_close(counter: Counter) -> None:
    current = active_ticket(counter.id)
    if current is not None:
        raise CounterBusy(
            _l(
                "Window %(number)s still has %(ticket)s; it can be deactivated once it is finished.",
                number=counter.number,
                ticket=current.number,
            )
        )
    if counter.state != CounterState.CLOSED:
        raise CounterBusy(
            _l("Someone is signed in at window %(number)s; they must leave it first.", number=counter.number)
        )


def delete(*, actor_id: int, hall_id: int, counter_id: int, now: datetime) -> None:
    """Delete a window that never served; any other is deactivated instead."""
    _authorised(actor_id, hall_id)
    counter = get(hall_id, counter_id)
    used = db.session.scalar(
        select(func.count()).select_from(Ticket).where(Ticket.counter_id == counter.id)
    ) or db.session.scalar(select(func.count()).select_from(HistoryEntry).where(HistoryEntry.counter_id == counter.id))
    if used:
        raise InvalidState(
            _l("Window %(number)s has history: deactivate it instead of deleting it.", number=counter.number)
        )
    audit.record(hall_id, actor_id, now, "counter", "deleted", counter.id, number=counter.number)
    db.session.execute(staff_counter.delete().where(staff_counter.c.counter_id == counter.id))
    db.session.delete(counter)
