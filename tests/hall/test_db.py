"""The write transaction: commit, roll back, and clear errors for what the database refuses."""

import pytest
from sqlalchemy.exc import OperationalError

from hall.db import write_transaction
from hall.errors import ConflictingChange, SystemBusy
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
