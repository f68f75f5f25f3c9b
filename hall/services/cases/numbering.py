"""Case numbers: hall code + the hall's local date + a per-day sequence (QINGSHAN-20261202-0007).

The sequence row is bumped with one ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` in the recording
transaction (the same pattern as ticket numbers), so two windows never get the same number, and a number
whose case was withdrawn is never given again. ``case_file.number`` is unique as the last line of defence.
"""

from datetime import date
from functools import cache

from sqlalchemy import bindparam
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from hall.extensions import db
from hall.models import CaseDay

_INSERTS = {"sqlite": sqlite_insert, "postgresql": pg_insert}


@cache
def _bump_statement(dialect: str):
    table = CaseDay.__table__
    return (
        _INSERTS[dialect](table)
        .values(hall_id=bindparam("hall_id"), day=bindparam("day"), last_seq=1)
        .on_conflict_do_update(index_elements=[table.c.hall_id, table.c.day], set_={"last_seq": table.c.last_seq + 1})
        .returning(table.c.last_seq)
    )


def format_case_number(hall_code: str, day: date, seq: int) -> str:
    return f"{hall_code.upper()}-{day:%Y%m%d}-{seq:04d}"


def next_case_number(hall_id: int, hall_code: str, day: date) -> str:
    statement = _bump_statement(db.session.get_bind().dialect.name)
    seq = db.session.execute(statement, {"hall_id": hall_id, "day": day}).scalar_one()
    return format_case_number(hall_code, day, seq)
