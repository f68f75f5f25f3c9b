"""Operator commands and first-run preparation."""

from datetime import UTC, datetime

import pytest
from flask_migrate import stamp

from config import TestingConfig
from hall import create_app
from hall.bootstrap import prepare_database
from hall.extensions import db
from hall.models import Hall, Staff, Ticket, TicketState
from hall.services.demo import DEMO_HALL_CODE, load_demo_hall
from tests.conftest import database_url
from tests.hall.services.helpers import issue


def test_demo_command_creates_a_realistic_hall_once(app):
    """`flask hall demo` creates the demo hall with its departments, services, windows and staff; twice is harmless."""
    runner = app.test_cli_runner()
    first = runner.invoke(args=["hall", "demo"])
    second = runner.invoke(args=["hall", "demo"])
    assert first.exit_code == 0 and second.exit_code == 0 and "demo-2026" in first.output
    hall = db.session.query(Hall).filter_by(code=DEMO_HALL_CODE).one()
    assert len(hall.departments) >= 6
    assert db.session.query(Staff).filter_by(hall_id=hall.id).count() >= 7
    assert db.session.query(Hall).count() == 1


def test_demo_data_is_refused_in_production(app):
    """Demo accounts share a published password, so production never loads them."""
    with pytest.raises(RuntimeError, match="never loaded in production"):
        load_demo_hall(datetime.now(UTC), production=True)


def test_close_day_cancels_yesterdays_leftovers(app, small_hall, clock):
    """`flask hall close-day` cancels tickets left waiting on earlier days and keeps today's."""
    old = issue(small_hall.hall, small_hall.a, clock)
    clock.advance(days=1)
    today = issue(small_hall.hall, small_hall.a, clock)
    result = app.test_cli_runner().invoke(args=["hall", "close-day"])
    assert result.exit_code == 0 and "cancelled 1" in result.output
    db.session.expire_all()
    assert db.session.get(Ticket, old.id).state == TicketState.CANCELLED
    assert db.session.get(Ticket, today.id).state == TicketState.WAITING


def test_check_command_agrees_with_the_tickets(app, small_hall, clock):
    """`flask hall check` confirms the stored queue lengths match the tickets."""
    issue(small_hall.hall, small_hall.a, clock)
    result = app.test_cli_runner().invoke(args=["hall", "check"])
    assert result.exit_code == 0 and "agree" in result.output


def test_first_run_upgrades_an_empty_database_and_adds_the_demo_hall(tmp_path):
    """prepare_database on a new database applies the migrations and creates the demo hall (development)."""
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_url(tmp_path), LOAD_DEMO_DATA=True)
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
    prepare_database(app)
    prepare_database(app)  # the second start changes nothing
    with app.app_context():
        assert [h.code for h in db.session.query(Hall)] == [DEMO_HALL_CODE]
        stamp()  # already at head: a no-op that proves the version table exists
        db.session.remove()
        db.engine.dispose()
