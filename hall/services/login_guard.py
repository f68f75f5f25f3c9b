"""Signing in with a password, guarded against guessing: accounts lock, addresses slow down.

Every way of exchanging a password for access (the sign-in page, ``POST /api/v1/auth/tokens``) calls
``sign_in``, so both share one guessing budget:

* per account: ``ACCOUNT_FAILURES`` wrong passwords within ``ACCOUNT_WINDOW`` lock the username for
  ``LOCK_SECONDS`` from the last of them, whichever address they came from;
* per client address: ``ADDRESS_FAILURES`` failures within ``ADDRESS_WINDOW`` refuse that address, for every
  username, until the window ends (one machine trying many usernames).

Counts are kept per typed username whether or not such an account exists, and a refusal reads the same for
both, so neither the lock nor its message reveals which usernames are real. While refused, even the right
password is refused (otherwise the lock would only slow guessing down, not stop it). A successful sign-in
clears nothing: failures expire with their window, so someone guessing from one address cannot have their
count wiped by the real user signing in from another. The counters live in the ``Throttle`` table, shared by
every app process.

A manager (or the county administrator) may lift an account's lock at once (``unlock``): the clerk who
mistyped is known to them in person. That clears the account's lock and failures only, never an address's
count: the address limit is about a machine trying many usernames, which no single account's owner vouches for.
"""

import logging
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from hall import permissions
from hall.db import write_transaction
from hall.errors import InvalidState, NotFound, NotSignedIn
from hall.extensions import db
from hall.models import HistoryEntry, Kind, Staff
from hall.permissions import Capability
from hall.services import accounts, throttle

log = logging.getLogger(__name__)

ACCOUNT_FAILURES = 5
ACCOUNT_WINDOW = 15 * 60
LOCK_SECONDS = 15 * 60
ADDRESS_FAILURES = 20
ADDRESS_WINDOW = 15 * 60


def _account(username: str | None) -> str:
    return (username or "").strip().lower()[:64]


def _keys(username: str | None, address: str | None) -> tuple[str, str, str]:
    account = _account(username)
    return f"login-fail:{account}", f"login-lock:{account}", f"login-addr:{address or '-'}"


def check(*, username: str | None, address: str | None, now: datetime) -> None:
    """Raise ``RateLimited`` (saying when to try again) if the username is locked or the address refused."""
    _, lock, by_address = _keys(username, address)
    throttle.check(lock, limit=1, window_seconds=LOCK_SECONDS, now=now)
    throttle.check(by_address, limit=ADDRESS_FAILURES, window_seconds=ADDRESS_WINDOW, now=now)


def record_failure(*, username: str | None, address: str | None, now: datetime, channel: str) -> bool:
    """Count one wrong password; lock the username once it reaches the limit. True if this failure locked it."""
    failures, lock, by_address = _keys(username, address)
    throttle.hit(by_address, limit=ADDRESS_FAILURES, window_seconds=ADDRESS_WINDOW, now=now)
    count = throttle.hit(failures, limit=ACCOUNT_FAILURES, window_seconds=ACCOUNT_WINDOW, now=now)
    if count < ACCOUNT_FAILURES:
        return False
    throttle.hit(lock, limit=1, window_seconds=LOCK_SECONDS, now=now)
    _record_lock(_account(username), address, now, channel, count)
    return True


def _record_lock(account: str, address: str | None, now: datetime, channel: str, failures: int) -> None:
    until = now + timedelta(seconds=LOCK_SECONDS)
    # The log line names no password, and a username that exists nowhere is logged as typed (it may be a
    # mistyped real one, or a scan): the history below only records real accounts of a hall.
    log.warning("sign-in locked for %r from %s until %s after %s failures", account, address, until, failures)
    staff = db.session.scalar(select(Staff).where(func.lower(Staff.username) == account)) if account else None
    if staff is None or staff.hall_id is None:
        return  # history rows belong to a hall; county administrators' locks are in the log only
    db.session.add(
        HistoryEntry(
            hall_id=staff.hall_id,
            at=now,
            kind=Kind.STAFF_LOCKED,
            staff_id=None,  # the actor is whoever was guessing; the account is the subject
            channel=channel,
            data={
                "staff_id": staff.id,
                "username": staff.username,
                "address": address or "",
                "failures": failures,
                "until": until.isoformat(),
            },
        )
    )


def locks(usernames, *, now: datetime) -> dict[str, datetime]:
    """When each locked account of ``usernames`` unlocks by itself (for the staff pages); unlocked ones are absent."""
    by_key = {_keys(name, None)[1]: name for name in usernames}
    # The lock key is hit once when it locks, so its window is the lock (the same test as ``check``).
    until = throttle.refused_until(by_key, limit=1, window_seconds=LOCK_SECONDS, now=now)
    return {by_key[key]: instant for key, instant in until.items()}


def locked_until(username: str, *, now: datetime) -> datetime | None:
    """When the account unlocks by itself, or None if it is not locked."""
    return locks([username], now=now).get(username)


def unlock(*, staff_id: int, by_staff_id: int, now: datetime, channel: str = "web") -> Staff:
    """Lift the lock of ``staff_id`` now and forget its failures, for a manager of its hall or an administrator.

    The address counter stays (see the module's docstring). Raises ``InvalidState`` if the account is not
    locked (it unlocked by itself meanwhile, or another manager was quicker), so nothing is recorded twice.
    """
    staff = db.session.get(Staff, staff_id)
    if staff is None:
        raise NotFound(_l("There is no such staff member."))
    # A county administrator's account belongs to no hall: only the county may lift its lock.
    capability = Capability.MANAGE_STAFF if staff.hall_id is not None else Capability.MANAGE_HALLS
    actor = permissions.require(db.session.get(Staff, by_staff_id), capability, staff.hall_id)
    until = locked_until(staff.username, now=now)
    if until is None:
        raise InvalidState(_l("The account of %(name)s is not locked.", name=staff.name))
    failures, lock, _ = _keys(staff.username, None)
    throttle.clear(failures, lock)
    log.warning("sign-in lock of %r lifted by staff %s (it would have ended %s)", staff.username, actor.id, until)
    if staff.hall_id is not None:
        db.session.add(
            HistoryEntry(
                hall_id=staff.hall_id,
                at=now,
                kind=Kind.STAFF_UNLOCKED,
                staff_id=actor.id,
                channel=channel,
                data={"staff_id": staff.id, "username": staff.username, "until": until.isoformat()},
            )
        )
    return staff


def sign_in(*, username: str | None, password: str | None, address: str | None, now: datetime, channel: str) -> Staff:
    """The active staff member with these credentials, unless the username or address is being refused.

    Raises ``RateLimited`` (429, with ``retry_minutes``) or ``NotSignedIn`` (401, "wrong username or
    password" for an unknown username, a wrong password and a deactivated account alike). A failure is
    counted in a transaction of its own, committed although the sign-in is refused. The caller opens no
    transaction around this and commits nothing for it.
    """
    check(username=username, address=address, now=now)
    staff = accounts.authenticate(username, password)
    if staff is not None:
        return staff
    with write_transaction():
        locked = record_failure(username=username, address=address, now=now, channel=channel)
    if locked:  # say so at once, rather than "wrong password" now and "locked" at the next attempt
        check(username=username, address=address, now=now)
    raise NotSignedIn(accounts.WRONG_CREDENTIALS)
