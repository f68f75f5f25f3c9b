"""``flask hall anonymise``: the retention job (cron, nightly or weekly), registered by ``hall.cli``."""

import click
from flask import current_app
from sqlalchemy import select

from hall import clock
from hall.db import write_transaction
from hall.errors import DomainError
from hall.extensions import db
from hall.models import Hall
from hall.services import retention
from hall.timeutil import service_day


@click.command("anonymise")
@click.option("--hall", "hall_code", help="Hall code (default: every hall).")
@click.option(
    "--days",
    type=int,
    help="Keep personal data this many days after a visit's last step (default: PERSONAL_DATA_RETENTION_DAYS).",
)
@click.option("--dry-run", is_flag=True, help="Only count what would be anonymised; change nothing.")
def anonymise(hall_code: str | None, days: int | None, dry_run: bool):
    """Remove applicants' personal data from visits finished longer ago than the retention period."""
    now = clock.now()
    days = current_app.config["PERSONAL_DATA_RETENTION_DAYS"] if days is None else days
    try:
        before = retention.cutoff(now, days)
    except DomainError as error:
        raise click.ClickException(str(error.message)) from error
    halls = db.session.scalars(select(Hall).where(Hall.code == hall_code) if hall_code else select(Hall)).all()
    if hall_code and not halls:
        raise click.ClickException(f"There is no hall {hall_code}.")
    for hall in halls:
        before_day = service_day(before, hall.timezone)
        if dry_run:
            tally = retention.preview(hall.id, before, before_day)
        else:
            tally = _anonymise_hall(hall.id, before, before_day, now, days)
        done = "would be anonymised (dry run, nothing changed)" if dry_run else "anonymised"
        click.echo(
            f"{hall.code}: {tally.visits} visits ({tally.cases} cases) and {tally.ratings} ratings "
            f"finished before {before_day} {done}"
        )
    with write_transaction(dry_run=dry_run):
        pruned = retention.prune_throttles(now, dry_run=dry_run)
    click.echo(f"{pruned} expired rate-limit counters (client addresses) {'to delete' if dry_run else 'deleted'}")
    with write_transaction(dry_run=dry_run):
        forgotten = retention.forget_kiosk_identities(now.date(), dry_run=dry_run)
    click.echo(f"{forgotten} past tickets' kiosk identities (hash and hint) {'to clear' if dry_run else 'cleared'}")


def _anonymise_hall(hall_id: int, before, before_day, now, days: int) -> retention.Tally:
    """Batch after batch, each committed with its history entry (SQLite's writer is free in between)."""
    tally = retention.Tally()
    after = 0
    while after is not None:
        with write_transaction():
            batch, after = retention.anonymise_visits(
                hall_id=hall_id, before=before, now=now, days=days, after_id=after
            )
        tally.add(batch)
    after = 0
    while after is not None:
        with write_transaction():
            batch, after = retention.redact_old_ratings(
                hall_id=hall_id, before=before, before_day=before_day, now=now, days=days, after_id=after
            )
        tally.add(batch)
    if not (tally.visits or tally.ratings):
        with write_transaction():
            retention.record_nothing_due(hall_id=hall_id, before=before, now=now, days=days)
    return tally
