"""Operator commands and first-run preparation."""

from datetime import UTC, datetime

import pytest
from flask_migrate import stamp

from config import TestingConfig
from hall import create_app
from hall.bootstrap import prepare_database
from hall.extensions import db
from hall.models import Counter, CounterState, Hall, Staff, Ticket, TicketState
from hall.services import lifecycle
from hall.services.demo import DEMO_HALL_CODE, load_demo_hall
from tests.conftest import database_url
from tests.hall.services.helpers import act, call_next, counter_actions, issue


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


def test_close_day_settles_yesterday_and_closes_windows(app, small_hall, clock):
    """`flask hall close-day` settles yesterday: waiting cancelled, called no-show, served finished; windows close."""
    h = small_hall
    called = issue(h.hall, h.a, clock)
    waiting = issue(h.hall, h.a, clock)
    served = issue(h.hall, h.b, clock)
    assert call_next(h.w1, h.c1, clock).id == called.id
    assert call_next(h.w3, h.c3, clock).id == served.id
    act(counter_actions.start, served, h.w3, h.c3, clock)
    clock.advance(days=1)
    today = issue(h.hall, h.a, clock)
    result = app.test_cli_runner().invoke(args=["hall", "close-day"])
    assert result.exit_code == 0, result.output
    assert "settled 3 tickets" in result.output and "closed 3 windows" in result.output
    db.session.expire_all()
    states = {t.id: t.state for t in db.session.query(Ticket)}
    assert states[waiting.id] == TicketState.CANCELLED
    assert states[called.id] == TicketState.NO_SHOW
    assert states[served.id] == TicketState.DONE
    assert states[today.id] == TicketState.WAITING
    assert {c.state for c in db.session.query(Counter)} == {CounterState.CLOSED}
    assert lifecycle.waiting_count_drift(h.hall.id, called.service_day) == {}


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


def test_county_roll_out_from_the_command_line(app, small_hall, tmp_path, clock, monkeypatch):
    """create-hall, export, import (dry run, then --apply): a second hall set up like the first."""
    from hall.db import write_transaction
    from hall.models import Role, Service
    from tests import factories

    with write_transaction():
        factories.make_staff(None, "county", Role.ADMIN)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "a long password")
    runner = app.test_cli_runner()
    created = runner.invoke(
        args=["hall", "create-hall", "xishan", "西山镇便民服务中心", "--manager", "xs.boss", "--admin", "county"]
    )
    assert created.exit_code == 0, created.output
    exported = tmp_path / "test.json"
    assert runner.invoke(args=["hall", "export", "test", "-o", str(exported)]).exit_code == 0
    dry = runner.invoke(args=["hall", "import", "xishan", str(exported), "--as", "xs.boss"])
    assert dry.exit_code == 0 and "Dry run" in dry.output and "service.created 2" in dry.output
    assert db.session.query(Service).join(Hall).filter(Hall.code == "xishan").count() == 0
    applied = runner.invoke(args=["hall", "import", "xishan", str(exported), "--as", "xs.boss", "--apply"])
    assert applied.exit_code == 0 and "Imported" in applied.output
    db.session.expire_all()
    assert {s.prefix for s in db.session.query(Service).join(Hall).filter(Hall.code == "xishan")} == {"A", "B"}


def test_import_of_a_broken_file_fails_clearly(app, small_hall, tmp_path):
    """A file that is not JSON: a clear error and a non-zero exit."""
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    result = app.test_cli_runner().invoke(args=["hall", "import", "test", str(broken), "--as", "boss"])
    assert result.exit_code != 0 and "Error" in result.output


def test_daily_report_saves_yesterdays_pdf_for_the_reports_page(app, client, login, small_hall, clock):
    """The cron command writes yesterday's PDF (Shanghai date); the manager's reports page lists and serves it."""
    from pathlib import Path

    from tests.pdf_tools import normalise, pages_text

    result = app.test_cli_runner().invoke(args=["hall", "daily-report", "--hall", "test"])
    assert result.exit_code == 0, result.output
    saved = Path(app.config["REPORTS_DIR"]) / "test" / "2026-11-22.pdf"
    assert "服务大厅日报" in normalise("".join(pages_text(saved.read_bytes())))
    login(small_hall.manager)
    assert "2026-11-22" in client.get("/manage/test/reports").get_data(as_text=True)
    assert client.get("/manage/test/reports/saved/2026-11-22.pdf").data == saved.read_bytes()
    assert client.get("/manage/test/reports/saved/..%2F..%2Fhall.sqlite3").status_code == 404


def test_daily_report_refuses_a_bad_date(app, small_hall):
    """--day 2026-13-01 is an error with a message, not a traceback."""
    result = app.test_cli_runner().invoke(args=["hall", "daily-report", "--day", "2026-13-01"])
    assert result.exit_code != 0 and "is not a date" in result.output
