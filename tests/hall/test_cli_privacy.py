"""`flask hall anonymise` (the retention job) and the record of `flask hall export`."""

import pytest
from sqlalchemy import select

from hall.db import write_transaction
from hall.extensions import db
from hall.models import AuditAction, AuditEntry, CaseState, HistoryEntry, Kind, Ticket, Visit
from tests.hall.services import helpers
from tests.hall.services.cases.steps import NAME, Desk


@pytest.fixture
def finished(case_hall, clock):
    """A visit whose only case was handed over on Monday 23 November 2026."""
    desk = Desk(case_hall, clock)
    visit = desk.visit()
    desk.case_in(CaseState.DELIVERED, visit=visit)
    return visit


def applicant(visit_id: int) -> str:
    db.session.expire_all()
    return db.session.get(Visit, visit_id).applicant_name


def test_the_dry_run_counts_and_changes_nothing(app, finished, clock):
    """--dry-run prints what would go, per hall, and leaves the data and the history as they were."""
    clock.advance(days=400)
    result = app.test_cli_runner().invoke(args=["hall", "anonymise", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "test: 1 visits (1 cases) and 0 ratings finished before 2026-12-28 would be anonymised" in result.output
    assert applicant(finished.id) == NAME
    assert db.session.query(HistoryEntry).filter_by(kind=Kind.ANONYMISED).count() == 0


def test_the_run_anonymises_once_and_records_every_run(app, finished, clock):
    """The first run anonymises the visit; the second finds nothing, changes nothing, and says it ran."""
    clock.advance(days=400)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["hall", "anonymise", "--hall", "test"])
    assert first.exit_code == 0 and "test: 1 visits (1 cases)" in first.output and "anonymised" in first.output
    assert applicant(finished.id) == ""
    second = runner.invoke(args=["hall", "anonymise"])
    assert second.exit_code == 0 and "test: 0 visits (0 cases) and 0 ratings" in second.output
    runs = db.session.scalars(select(HistoryEntry.data).where(HistoryEntry.kind == Kind.ANONYMISED)).all()
    assert [(r["visits"], r["days"]) for r in runs] == [(1, 365), (0, 365)]


def test_the_period_comes_from_the_settings_or_the_command_line(app, finished, clock):
    """PERSONAL_DATA_RETENTION_DAYS is the default; --days overrides it for one run."""
    clock.advance(days=100)
    app.config["PERSONAL_DATA_RETENTION_DAYS"] = 120
    runner = app.test_cli_runner()
    assert "test: 0 visits" in runner.invoke(args=["hall", "anonymise"]).output
    assert applicant(finished.id) == NAME
    assert "test: 1 visits" in runner.invoke(args=["hall", "anonymise", "--days", "90"]).output
    assert applicant(finished.id) == ""


@pytest.mark.parametrize("args", [["--days", "7"], ["--hall", "nowhere"]])
def test_a_period_too_short_or_an_unknown_hall_is_refused(app, finished, clock, args):
    """Nothing is touched when the command line is wrong; the operator reads why."""
    clock.advance(days=400)
    result = app.test_cli_runner().invoke(args=["hall", "anonymise", *args])
    assert result.exit_code != 0 and "Error" in result.output
    assert applicant(finished.id) == NAME


def test_exporting_a_configuration_is_recorded(app, small_hall, tmp_path):
    """`flask hall export` leaves an "exported" entry for the hall, by the command line."""
    result = app.test_cli_runner().invoke(args=["hall", "export", "test", "-o", str(tmp_path / "test.json")])
    assert result.exit_code == 0, result.output
    entry = db.session.scalar(select(AuditEntry))
    assert (entry.hall_id, entry.action, entry.what, entry.channel) == (
        small_hall.hall.id,
        AuditAction.EXPORTED,
        "config",
        "cli",
    )


def test_kiosk_identities_of_past_days_are_cleared(app, small_hall, clock):
    """A ticket's kiosk hash and masked hint are kept for its own day only; the run clears older ones."""
    ticket = helpers.issue(small_hall.hall, small_hall.a, clock)
    with write_transaction():
        kept = db.session.get(Ticket, ticket.id)
        kept.identity_hash, kept.identity_kind, kept.identity_hint = "f" * 64, "phone", "138****1234"
    runner = app.test_cli_runner()
    assert "0 past tickets' kiosk identities" in runner.invoke(args=["hall", "anonymise"]).output
    clock.advance(days=3)
    result = runner.invoke(args=["hall", "anonymise"])
    assert result.exit_code == 0 and "1 past tickets' kiosk identities (hash and hint) cleared" in result.output
    db.session.expire_all()
    cleared = db.session.get(Ticket, ticket.id)
    assert (cleared.identity_hash, cleared.identity_hint, cleared.number) == (None, None, ticket.number)
