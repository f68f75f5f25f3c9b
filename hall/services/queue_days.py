"""Atomic updates of the per-service, per-day queue row (``QueueDay``).

One ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` statement creates the day's row or bumps it, so two
kiosks can never read the same last number: the database serialises the statement on the row (PostgreSQL
row lock; SQLite's single writer), and the issuing transaction holds that lock until it commits.
"""

from datetime import date
from functools import cache

from sqlalchemy import bindparam
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from hall.extensions import db
from hall.models import QueueDay

_INSERTS = {"sqlite": sqlite_insert, "postgresql": pg_insert}
# Key in the session's info: the services whose queue row this transaction changed (screens show their lengths).
CHANGED_QUEUES = "hall_changed_queues"
# And their waiting counts as this transaction's last bump returned them: {(service_id, day): waiting}. Read
# while the transaction holds the row, so they are what a query before commit would read (hall.realtime).
WAITING_NOW = "hall_waiting_now"


@cache
def _bump_statement(dialect: str):
    # Built once per dialect with bound parameters: on this hot path building the statement would cost
    # more than running it.
    table = QueueDay.__table__
    return (
        _INSERTS[dialect](table)
        .values(
            service_id=bindparam("service_id"),
            day=bindparam("day"),
            last_seq=bindparam("seq"),
            waiting=bindparam("waiting"),
        )
        .on_conflict_do_update(
            index_elements=[table.c.service_id, table.c.day],
            set_={"last_seq": table.c.last_seq + bindparam("seq"), "waiting": table.c.waiting + bindparam("waiting")},
        )
        .returning(table.c.last_seq, table.c.waiting)
    )


def bump_queue_day(service_id: int, day: date, *, seq: int = 0, waiting: int = 0) -> tuple[int, int]:
    """Add ``seq`` to the last number and ``waiting`` to the queue length; return both new values."""
    if waiting:
        db.session.info.setdefault(CHANGED_QUEUES, set()).add(service_id)
    statement = _bump_statement(db.session.get_bind().dialect.name)
    parameters = {"service_id": service_id, "day": day, "seq": seq, "waiting": waiting}
    last_seq, waiting_now = db.session.execute(statement, parameters).one()
    if waiting:
        db.session.info.setdefault(WAITING_NOW, {})[service_id, day] = waiting_now
    return last_seq, waiting_now
