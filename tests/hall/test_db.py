"""The write transaction: commit, roll back, and clear errors for what the database refuses."""

import os
import threading
import time

import psycopg
import pytest
from sqlalchemy.exc import InterfaceError, OperationalError

from hall import db as db_module
from hall.db import write_transaction
from hall.errors import ConflictingChange, DatabaseUnavailable, SystemBusy
from hall.extensions import db
from hall.models import Hall
from tests import factories


class FakeDriverError(Exception):
    def __init__(self, message, sqlstate=None):
        super().__init__(message)
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("driver_error", "expected"),
    [
        (FakeDriverError("deadlock detected", "40P01"), ConflictingChange),
        (FakeDriverError("could not serialize access", "40001"), ConflictingChange),
        (FakeDriverError("database is locked"), SystemBusy),
    ],
)
def test_refusals_by_the_database_become_clear_errors_and_change_nothing(app, driver_error, expected):
    """Deadlocks, serialisation failures and a locked SQLite file: a domain error, and the change is undone."""
    with pytest.raises(expected), write_transaction():
        factories.make_hall("ghost")
        raise OperationalError("statement", {}, driver_error)
    assert db.session.query(Hall).filter_by(code="ghost").count() == 0


def test_unsaved_changes_before_a_write_transaction_are_a_programming_error(app):
    """Changing objects outside write_transaction() is caught rather than committed by accident."""
    db.session.add(Hall(code="loose", name="x", created_at=factories.CREATED))
    with pytest.raises(RuntimeError, match="unsaved changes"), write_transaction():
        pass
    db.session.rollback()


def refused_connection():
    # What psycopg raises when PostgreSQL refuses or drops the connection: no SQLSTATE.
    return OperationalError("SELECT 1", {}, psycopg.OperationalError("connection failed: Connection refused"))


@pytest.mark.parametrize(
    "error",
    [
        refused_connection(),
        OperationalError("COMMIT", {}, FakeDriverError("terminating connection due to administrator command", "57P01")),
        OperationalError("SELECT 1", {}, FakeDriverError("connection failure", "08006")),
        InterfaceError("SELECT 1", {}, FakeDriverError("connection already closed"), connection_invalidated=True),
    ],
)
def test_a_database_outage_during_a_change_is_a_clear_error_and_changes_nothing(app, error):
    """A refused, dropped or shut-down database connection: "database unavailable" (503), nothing written."""
    with pytest.raises(DatabaseUnavailable) as raised, write_transaction():
        factories.make_hall("ghost")
        raise error
    assert (raised.value.code, raised.value.status) == ("database_unavailable", 503)
    assert str(raised.value) == "暂时无法连接数据库，本次操作未完成，请稍后再试。"
    assert db.session.query(Hall).filter_by(code="ghost").count() == 0


def test_other_driver_errors_are_not_mistaken_for_an_outage(app):
    """A genuine programming error stays an error (logged, 500), not a misleading "try again later"."""
    with pytest.raises(OperationalError), write_transaction():
        raise OperationalError("SELECT nonsense", {}, FakeDriverError("syntax error", "42601"))


@pytest.fixture
def database_gone(monkeypatch, small_hall):
    """Every hall lookup meets a refused connection, as while PostgreSQL restarts."""

    def refuse(_code):
        raise refused_connection()

    monkeypatch.setattr("hall.api.halls.hall_by_code", refuse)
    monkeypatch.setattr("display.views.hall_by_code", refuse)


def test_an_api_read_during_an_outage_answers_503_in_chinese(client, database_gone):
    """A kiosk or clerk calling the API while the database is away gets a 503 saying so, not a 500."""
    response = client.get("/api/v1/halls/test/snapshot")
    assert response.status_code == 503
    assert response.get_json()["error"] == {
        "code": "database_unavailable",
        "message": "暂时无法连接数据库，本次操作未完成，请稍后再试。",
    }
    english = client.get("/api/v1/halls/test/snapshot?lang=en").get_json()["error"]["message"]
    assert english == "The database cannot be reached just now, so this was not done. Please try again in a moment."


def test_a_page_during_an_outage_shows_the_message_with_status_503(client, database_gone):
    """A screen's page opened while the database is away shows the same message as a page, status 503."""
    response = client.get("/h/test/display/")
    assert response.status_code == 503
    assert "暂时无法连接数据库" in response.get_data(as_text=True)


def _hold_the_write_lock(app, entered: threading.Event, release: threading.Event) -> None:
    with app.app_context(), write_transaction():
        factories.make_hall(code="holder")
        entered.set()
        release.wait(10)


@pytest.mark.skipif(os.environ.get("TEST_DATABASE_URL") is not None, reason="SQLite's single writer")
def test_a_writer_waits_for_the_one_before_it_and_starts_as_soon_as_it_commits(app):
    """Two writers at once on SQLite: the second waits for the first's commit, then both changes are there."""
    entered, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_the_write_lock, args=(app, entered, release))
    holder.start()
    assert entered.wait(10)
    threading.Timer(0.3, release.set).start()
    began = time.monotonic()
    with write_transaction():
        factories.make_hall(code="second")
    waited = time.monotonic() - began
    holder.join(10)
    assert 0.25 < waited < 2, "the second writer should start right after the first commits"
    assert {hall.code for hall in db.session.query(Hall)} == {"holder", "second"}


@pytest.mark.skipif(os.environ.get("TEST_DATABASE_URL") is not None, reason="SQLite's single writer")
def test_a_writer_that_waits_longer_than_the_busy_timeout_is_told_the_system_is_busy(app, monkeypatch):
    """Held past the busy timeout: the waiting change fails with "busy" in Chinese and writes nothing."""
    monkeypatch.setattr(db_module._WRITER_LOCKS[db.engine], "timeout", 0.2)
    entered, release = threading.Event(), threading.Event()
    holder = threading.Thread(target=_hold_the_write_lock, args=(app, entered, release))
    holder.start()
    assert entered.wait(10)
    try:
        with pytest.raises(SystemBusy) as busy, write_transaction():
            factories.make_hall(code="second")
    finally:
        release.set()
        holder.join(10)
    assert str(busy.value) == "系统繁忙，本次操作未生效，请重试。"
    assert {hall.code for hall in db.session.query(Hall)} == {"holder"}
