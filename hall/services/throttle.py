"""Fixed-window rate limits on a key (a client address, an account), shared by all app processes."""

import math
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, delete, literal, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm.util import identity_key

from hall.errors import RateLimited
from hall.extensions import db
from hall.models import Throttle
from hall.models.types import UTCDateTime


def _refuse(window_start: datetime, window_seconds: int, now: datetime):
    # Rounded up: told "in 14 minutes" with 14½ left, a person trying again on time would be refused again.
    minutes = max(1, math.ceil((window_start + timedelta(seconds=window_seconds) - now).total_seconds() / 60))
    raise RateLimited(
        _l("Too many attempts. Please try again in %(minutes)s minutes.", minutes=minutes), retry_minutes=minutes
    )


def _used_up(row: Throttle | None, limit: int, window_seconds: int, now: datetime) -> bool:
    return row is not None and now - row.window_start < timedelta(seconds=window_seconds) and row.count >= limit


def check(key: str, *, limit: int, window_seconds: int, now: datetime) -> None:
    """Raise RateLimited if ``key`` has used up its attempts in the current window (reads only)."""
    row = db.session.get(Throttle, key[:120])
    if _used_up(row, limit, window_seconds, now):
        _refuse(row.window_start, window_seconds, now)


def refused_until(keys, *, limit: int, window_seconds: int, now: datetime) -> dict[str, datetime]:
    """For each of ``keys`` that ``check`` would refuse now, when its window ends (one query; reads only)."""
    by_key = {key[:120]: key for key in keys}
    rows = db.session.scalars(select(Throttle).where(Throttle.key.in_(by_key))) if by_key else []
    return {
        by_key[row.key]: row.window_start + timedelta(seconds=window_seconds)
        for row in rows
        if _used_up(row, limit, window_seconds, now)
    }


def hit(key: str, *, limit: int, window_seconds: int, now: datetime) -> int:
    """Count one attempt on ``key``; raise RateLimited past ``limit`` attempts in the window. Returns the count."""
    key = key[:120]
    table = Throttle.__table__
    insert = _insert_for(db.session.get_bind().dialect.name)(table).values(key=key, window_start=now, count=1)
    # One statement: two first attempts at once (two kiosks, two sign-ins) would otherwise both insert, and the
    # later one fail on the key instead of counting. SET reads the old row, so ``expired`` means the same in both.
    expired = table.c.window_start <= literal(now - timedelta(seconds=window_seconds), UTCDateTime())
    count, window_start = db.session.execute(
        insert.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "window_start": case((expired, insert.excluded.window_start), else_=table.c.window_start),
                "count": case((expired, 1), else_=table.c.count + 1),
            },
        ).returning(table.c.count, table.c.window_start)
    ).one()
    _forget_loaded(key)
    if count > limit:
        _refuse(window_start, window_seconds, now)
    return count


def _insert_for(dialect: str):
    return postgresql_insert if dialect == "postgresql" else sqlite_insert


def _forget_loaded(key: str) -> None:
    # ``check`` may have loaded the row into the session; the upsert bypassed it, so it is stale now.
    loaded = db.session.identity_map.get(identity_key(Throttle, key))
    if loaded is not None:
        db.session.expire(loaded)


def clear(*keys: str) -> None:
    """Forget the attempts counted on ``keys`` (a manager unlocking an account)."""
    db.session.execute(delete(Throttle).where(Throttle.key.in_([key[:120] for key in keys])))
