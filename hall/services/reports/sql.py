"""The reports' SQL: instants and durations computed by the database, one expression per dialect (SQLite and
PostgreSQL), and report statements read as plain rows."""

from sqlalchemy import Float, Integer
from sqlalchemy.exc import CompileError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from hall.extensions import db

# Every time zone's offset from UTC is a whole number of quarter-hours: arrivals are counted per UTC
# quarter-hour by the database and put into the local hour in Python, exactly, on any database.
SLOT_SECONDS = 900


class MsBetween(FunctionElement):
    """Milliseconds from ``earlier`` to ``later`` (NULL when either is NULL)."""

    name = "ms_between"
    type = Float()
    inherit_cache = True


@compiles(MsBetween, "sqlite")
def _ms_between_sqlite(element, compiler, **kw):
    later, earlier = (compiler.process(clause, **kw) for clause in element.clauses)
    # SQLite keeps instants as whole milliseconds internally: rounding gives them back exactly.
    return f"ROUND((julianday({later}) - julianday({earlier})) * 86400000.0)"


@compiles(MsBetween, "postgresql")
def _ms_between_postgresql(element, compiler, **kw):
    later, earlier = (compiler.process(clause, **kw) for clause in element.clauses)
    # date_part gives double precision (EXTRACT gives numeric, which is far slower to add up).
    return f"(date_part('epoch', {later} - {earlier}) * 1000)"


class EpochSeconds(FunctionElement):
    """Whole seconds since 1970-01-01 UTC of an instant (rounded down)."""

    name = "epoch_seconds"
    type = Integer()
    inherit_cache = True


@compiles(EpochSeconds, "sqlite")
def _epoch_sqlite(element, compiler, **kw):
    return f"CAST(strftime('%s', {compiler.process(element.clauses, **kw)}) AS INTEGER)"


@compiles(EpochSeconds, "postgresql")
def _epoch_postgresql(element, compiler, **kw):
    return f"CAST(FLOOR(date_part('epoch', {compiler.process(element.clauses, **kw)})) AS BIGINT)"


class QuarterHour(FunctionElement):
    """The UTC quarter-hour of an instant, numbered from 1970-01-01 00:00 UTC."""

    name = "quarter_hour"
    type = Integer()
    inherit_cache = True


@compiles(QuarterHour, "sqlite")
def _quarter_sqlite(element, compiler, **kw):
    # From the Julian day (cheaper than strftime): 96 quarter-hours a day since 1970-01-01 (Julian day
    # 2440587.5); the 1e-7 (0.09 ms) makes up for the float's rounding, so 09:00:00.000 is 09:00, not 08:45.
    return f"CAST((julianday({compiler.process(element.clauses, **kw)}) - 2440587.5) * 96 + 1e-7 AS INTEGER)"


@compiles(QuarterHour, "postgresql")
def _quarter_postgresql(element, compiler, **kw):
    return f"CAST(FLOOR(date_part('epoch', {compiler.process(element.clauses, **kw)}) / {SLOT_SECONDS}) AS BIGINT)"


@compiles(MsBetween)
@compiles(EpochSeconds)
@compiles(QuarterHour)
def _unsupported(element, compiler, **kw):
    raise CompileError(f"reports support SQLite and PostgreSQL, not {compiler.dialect.name}")


def read_rows(statement):
    """Rows of a report statement as plain tuples (Core execution in the session's transaction: none of the
    ORM's per-row work, which would cost more than the query over thousands of rows)."""
    return db.session.connection().execute(statement)
