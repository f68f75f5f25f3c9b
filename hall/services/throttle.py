"""Fixed-window rate limits on a key (a client address, an account), shared by all app processes."""

import math
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l

from hall.errors import RateLimited
from hall.extensions import db
from hall.models import Throttle


def _refuse(window_start: datetime, window_seconds: int, now: datetime):
    # Rounded up: told "in 14 minutes" with 14½ left, a person trying again on time would be refused again.
    minutes = max(1, math.ceil((window_start + timedelta(seconds=window_seconds) - now).total_seconds() / 60))
    raise RateLimited(
        _l("Too many attempts. Please try again in %(minutes)s minutes.", minutes=minutes), retry_minutes=minutes
    )


def check(key: str, *, limit: int, window_seconds: int, now: datetime) -> None:
    """Raise RateLimited if ``key`` has used up its attempts in the current window (reads only)."""
    row = db.session.get(Throttle, key[:120])
    if row is not None and now - row.window_start < timedelta(seconds=window_seconds) and row.count >= limit:
        _refuse(row.window_start, window_seconds, now)


def hit(key: str, *, limit: int, window_seconds: int, now: datetime) -> int:
    """Count one attempt on ``key``; raise RateLimited past ``limit`` attempts in the window. Returns the count."""
    key = key[:120]
    row = db.session.get(Throttle, key, with_for_update=True)
    if row is None:
        row = Throttle(key=key, window_start=now, count=0)
        db.session.add(row)
    elif now - row.window_start >= timedelta(seconds=window_seconds):
        row.window_start, row.count = now, 0
    row.count += 1
    db.session.flush()
    if row.count > limit:
        _refuse(row.window_start, window_seconds, now)
    return row.count
