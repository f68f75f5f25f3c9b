"""A clerk at a window: sign in, pause, resume, sign out. Each change is recorded in the history."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from hall.errors import CounterBusy, InvalidState
from hall.extensions import db
from hall.models import Counter, CounterState, HistoryEntry, Kind
from hall.services import closing
from hall.services.counter_access import active_ticket, counter_for_clerk, lock_counters, staff_in_hall
from hall.timeutil import service_day


def _record(counter: Counter, kind: Kind, staff_id: int, now: datetime, **data) -> None:
    db.session.add(
        HistoryEntry(
            hall_id=counter.hall_id,
            at=now,
            kind=kind,
            counter_id=counter.id,
            staff_id=staff_id,
            data={"counter_number": counter.number, **data},
            channel="counter",
        )
    )


def sign_in(*, counter_id: int, staff_id: int, now: datetime, take_over: bool = False) -> Counter:
    """Open the window for this clerk. Another clerk's session is only taken over when asked to."""
    elsewhere = db.session.scalars(select(Counter.id).where(Counter.staff_id == staff_id, Counter.id != counter_id))
    locked = lock_counters([counter_id, *elsewhere])
    counter = locked.pop(counter_id)
    staff = staff_in_hall(staff_id, counter.hall_id)
    if counter.staff_id == staff_id and counter.state != CounterState.CLOSED:
        if counter.opened_at is None or service_day(counter.opened_at, counter.hall.timezone) < service_day(
            now, counter.hall.timezone
        ):  # signed in since an earlier day: today's sign-in counts the window as open for estimates again
            counter.opened_at = now
            _record(counter, Kind.COUNTER_OPENED, staff_id, now, new_day=True)
        return counter
    if counter.staff_id not in (None, staff_id) and counter.state != CounterState.CLOSED and not take_over:
        raise CounterBusy(
            _l("%(name)s is signed in at window %(number)s.", name=counter.staff.name, number=counter.number),
            staff=counter.staff.name,
        )
    # A clerk works one window at a time: leave any other window they are still signed in at.
    for other in locked.values():
        if other.staff_id == staff_id:
            _close(other, staff_id, now)
    previous = counter.staff_id
    counter.staff_id = staff.id
    counter.state = CounterState.OPEN
    counter.opened_at = now
    _record(counter, Kind.COUNTER_OPENED, staff_id, now, **({"took_over_from": previous} if previous else {}))
    return counter


def sign_out(*, counter_id: int, staff_id: int, now: datetime) -> Counter:
    counter = counter_for_clerk(counter_id, staff_id)
    _close(counter, staff_id, now)
    return counter


def leave_windows(*, staff_id: int, now: datetime) -> int:
    """Sign the clerk out of every window they are signed in at (when they sign out of the system)."""
    ids = list(db.session.scalars(select(Counter.id).where(Counter.staff_id == staff_id)))
    for counter in lock_counters(ids).values():
        if counter.staff_id == staff_id:
            _close(counter, staff_id, now)
    return len(ids)


def _close(counter: Counter, staff_id: int, now: datetime) -> None:
    current = closing.settle_stale_ticket(
        counter, active_ticket(counter.id), service_day(now, counter.hall.timezone), now
    )
    if current is not None:
        raise CounterBusy(
            _l(
                "Window %(number)s still has %(ticket)s; finish it or mark it as no-show before leaving.",
                number=counter.number,
                ticket=current.number,
            )
        )
    counter.staff_id = None
    counter.state = CounterState.CLOSED
    counter.opened_at = None
    _record(counter, Kind.COUNTER_CLOSED, staff_id, now)


def pause(*, counter_id: int, staff_id: int, now: datetime, reason: str = "") -> Counter:
    """Stop calling for a while (break, meeting); the current ticket can still be finished."""
    counter = counter_for_clerk(counter_id, staff_id)
    if counter.state != CounterState.OPEN:
        raise InvalidState(_l("Window %(number)s is not open.", number=counter.number))
    counter.state = CounterState.PAUSED
    _record(counter, Kind.COUNTER_PAUSED, staff_id, now, reason=reason[:100])
    return counter


def resume(*, counter_id: int, staff_id: int, now: datetime) -> Counter:
    counter = counter_for_clerk(counter_id, staff_id)
    if counter.state != CounterState.PAUSED:
        raise InvalidState(_l("Window %(number)s is not paused.", number=counter.number))
    counter.state = CounterState.OPEN
    _record(counter, Kind.COUNTER_RESUMED, staff_id, now)
    return counter
