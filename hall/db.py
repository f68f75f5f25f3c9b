"""Database plumbing: SQLite settings, and the write transaction every adapter wraps its work in.

Why explicit write transactions: SQLite (the embedded default) lets one writer at a time in. A transaction
that first reads and later writes can fail at once with "database is locked" when another process wrote in
between, without waiting. Starting every write with ``BEGIN IMMEDIATE`` takes the write lock first and waits
up to the busy timeout instead, which is what makes call-next and numbering race-safe across threads and
processes on one SQLite file. On PostgreSQL the services use row locks and conditional updates instead; the
execution option is simply ignored there.

When the database cannot be reached (restarting, a network cut), every adapter answers with one clear
"database unavailable" error instead of a 500: ``write_transaction`` turns the driver's disconnect into
``DatabaseUnavailable``, and ``hall.web.errors`` does the same for reads outside it (``unavailable_error``).
Pooled connections are checked before use (``pool_pre_ping`` in config.py), so the first request after the
database returns succeeds instead of failing on a connection that died meanwhile.
"""

import logging
import threading
import weakref
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

from hall.errors import ConflictingChange, DatabaseUnavailable, SystemBusy
from hall.extensions import db

log = logging.getLogger(__name__)

WRITE_OPTION = "hall_write"
# PostgreSQL: deadlock detected, serialization failure, lock not available. Nothing was written; retry.
RETRYABLE_SQLSTATES = {"40P01", "40001", "55P03"}
# PostgreSQL: the server is going away or refusing connections (admin/crash shutdown, cannot connect now).
GONE_SQLSTATES = {"57P01", "57P02", "57P03"}
# SQLite engines' writer locks (below); PostgreSQL engines have none.
_WRITER_LOCKS: "weakref.WeakKeyDictionary[Engine, _WriterLock]" = weakref.WeakKeyDictionary()
UNAVAILABLE = _l("The database cannot be reached just now, so this was not done. Please try again in a moment.")


def unavailable_error(error: BaseException) -> DatabaseUnavailable | None:
    """The domain error for a driver error that means "the database is not there", else None."""
    if not isinstance(error, DBAPIError):
        return None
    sqlstate = getattr(error.orig, "sqlstate", None)
    if error.connection_invalidated or (sqlstate and (sqlstate.startswith("08") or sqlstate in GONE_SQLSTATES)):
        return DatabaseUnavailable(UNAVAILABLE)
    if sqlstate is None and isinstance(error, OperationalError) and type(error.orig).__module__.startswith("psycopg"):
        return DatabaseUnavailable(UNAVAILABLE)  # psycopg reports a refused or failed connection without a code
    if "unable to open database file" in str(error.orig):  # SQLite: the file's disk or folder is gone
        return DatabaseUnavailable(UNAVAILABLE)
    return None


def configure_engines(app) -> None:
    with app.app_context():
        for engine in db.engines.values():
            if engine.dialect.name == "sqlite":
                if engine.url.database not in (None, "", ":memory:"):
                    Path(engine.url.database).parent.mkdir(parents=True, exist_ok=True)
                _configure_sqlite(engine, busy_timeout=app.config["SQLITE_BUSY_TIMEOUT"])


def _configure_sqlite(engine: Engine, busy_timeout: int) -> None:
    memory = engine.url.database in (None, "", ":memory:")

    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):
        # Take transaction control away from pysqlite so that "begin" below decides how to begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if not memory:
            cursor.execute("PRAGMA journal_mode = WAL")
            cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    # SQLite lets one writer in and makes the others poll with growing sleeps (its busy handler), so under
    # contention a waiting clerk could sleep past several commits: issue p99 540 ms with 8 clients. Writers of
    # this process queue on a lock instead and start the moment the previous one commits (p99 ~70 ms);
    # the busy timeout still arbitrates between processes. Reentrant: a nested write must fail, not hang.
    _WRITER_LOCKS[engine] = _WriterLock(threading.RLock(), busy_timeout)

    @event.listens_for(engine, "begin")
    def on_begin(connection):
        immediate = connection.get_execution_options().get(WRITE_OPTION)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


class _WriterLock:
    def __init__(self, lock: threading.RLock, timeout: float):
        self.lock, self.timeout = lock, timeout

    def __enter__(self):
        if not self.lock.acquire(timeout=self.timeout):
            raise SystemBusy(_l("The system is busy; nothing was changed. Please try again."))
        return self

    def __exit__(self, *_exc):
        self.lock.release()


def _writers_of_this_process(session):
    return _WRITER_LOCKS.get(session.get_bind()) or nullcontext()


@contextmanager
def write_transaction(*, dry_run: bool = False) -> Iterator:
    """Run one unit of work that changes the hall: commit on success, roll back on any error.

    Realtime events are published by ``hall.realtime`` after the commit, never before. ``dry_run`` does all
    the work, checks included, and then rolls it back (an import's preview).
    """
    session = db.session()
    if session.in_transaction():
        if session.new or session.dirty or session.deleted:
            raise RuntimeError("unsaved changes before write_transaction(); make every change inside it")
        # Ends the read transaction (e.g. loading the logged-in user) so the write can begin IMMEDIATE.
        session.rollback()
    with _writers_of_this_process(session):
        yield from _write(session, dry_run)


def _write(session, dry_run: bool) -> Iterator:
    try:
        session.connection(execution_options={WRITE_OPTION: True})
        yield session
        if dry_run:
            session.rollback()
        else:
            session.commit()
    except IntegrityError as error:
        # The database's constraints are the last line of defence (one active ticket per window, one number
        # per queue and day); the locks should make this unreachable, but a clerk gets a message, not a 500.
        session.rollback()
        log.error("constraint stopped a change: %s", error.orig)
        raise ConflictingChange(
            _l("This change clashed with another made at the same moment; nothing was changed. Please try again.")
        ) from error
    except DBAPIError as error:
        _rollback_after(error)
        unavailable = unavailable_error(error)
        if unavailable is not None:
            log.warning("database unavailable: %s", error.orig)
            raise unavailable from error
        if not isinstance(error, OperationalError):
            raise
        if getattr(error.orig, "sqlstate", None) in RETRYABLE_SQLSTATES:
            log.warning("transaction rolled back by the database: %s", error.orig)
            raise ConflictingChange(
                _l("This change clashed with another made at the same moment; nothing was changed. Please try again.")
            ) from error
        if "locked" in str(error.orig).lower() or "busy" in str(error.orig).lower():
            raise SystemBusy(_l("The system is busy; nothing was changed. Please try again.")) from error
        raise
    except BaseException:
        session.rollback()
        raise


def _rollback_after(error: DBAPIError) -> None:
    try:
        db.session.rollback()
    except Exception:  # the connection is gone too: the database has rolled the transaction back itself
        log.warning("could not roll back after %s", type(error).__name__)
