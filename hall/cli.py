"""``flask hall ...`` commands for operators (and cron)."""

import getpass
import json
from datetime import date, timedelta
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import select

from hall import clock, realtime
from hall.cli_privacy import anonymise
from hall.db import write_transaction
from hall.errors import DomainError
from hall.extensions import db
from hall.models import AuditAction, Hall, Role, Staff, Ticket
from hall.services import accounts, audit, closing, lifecycle
from hall.services.admin import halls, transfer
from hall.services.demo import DEMO_PASSWORD, load_demo_hall
from hall.services.halls import hall_by_code
from hall.services.reports import archive
from hall.timeutil import DEFAULT_TIMEZONE, service_day

group = click.Group("hall", help="Run and look after halls.")


@group.command("demo")
def demo():
    """Create the demo hall (development only)."""
    with write_transaction():
        hall = load_demo_hall(clock.now(), production=current_app.config["PRODUCTION"])
    click.echo(f"Demo hall {hall.name} ({hall.code}); staff passwords: {DEMO_PASSWORD}")


@group.command("create-admin")
@click.argument("username")
@click.option("--name", default="管理员", help="Display name.")
def create_admin(username: str, name: str):
    """Create a county administrator; the password is asked for (twice), never passed on the command line."""
    password = getpass.getpass("Password: ")
    try:
        accounts.check_new_password(password, username)
    except DomainError as error:
        raise click.ClickException(str(error)) from error
    if getpass.getpass("Again: ") != password:
        raise click.ClickException("The passwords differ.")
    with write_transaction() as session:
        if session.scalar(select(Staff).where(Staff.username == username)):
            raise click.ClickException(f"{username} exists already.")
        staff = Staff(username=username, name=name, role=Role.ADMIN, created_at=clock.now())
        staff.set_password(password)
        session.add(staff)
    click.echo(f"Created administrator {username}.")


@group.command("create-hall")
@click.argument("code")
@click.argument("name")
@click.option("--manager", "manager_username", required=True, help="Username of the hall's first manager.")
@click.option("--manager-name", default="大厅管理员", help="Display name of the first manager.")
@click.option("--timezone", default=DEFAULT_TIMEZONE, show_default=True)
@click.option("--admin", "admin_username", required=True, help="The county administrator doing this.")
def create_hall(code, name, manager_username, manager_name, timezone, admin_username):
    """Create a hall and its first manager; the manager's password is asked for."""
    admin = db.session.scalar(select(Staff).where(Staff.username == admin_username.lower()))
    if admin is None:
        raise click.ClickException(f"There is no administrator {admin_username}.")
    password = getpass.getpass(f"Password for {manager_username}: ")
    try:
        with write_transaction():
            hall = halls.create_hall(
                actor_id=admin.id,
                code=code,
                name=name,
                timezone=timezone,
                manager_username=manager_username,
                manager_name=manager_name,
                manager_password=password,
                now=clock.now(),
            )
    except DomainError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created {hall.name} ({hall.code}); {manager_username} can sign in and set it up.")


@group.command("export")
@click.argument("code")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-", help="File (default: stdout).")
def export_hall(code, output):
    """Write a hall's configuration (services, windows, departments, calendar) as JSON."""
    hall = hall_by_code(code)
    document = transfer.export_config(hall, clock.now())
    with write_transaction():  # data leaving the system is on record before it is written out
        audit.record(hall_id=hall.id, action=AuditAction.EXPORTED, what="config", now=clock.now(), channel="cli")
    output.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


@group.command("import")
@click.argument("code")
@click.argument("file", type=click.File("r", encoding="utf-8-sig"))
@click.option("--as", "actor_username", required=True, help="The administrator or manager doing this.")
@click.option("--apply", is_flag=True, help="Really import (without it: a dry run that only reports).")
def import_hall(code, file, actor_username, apply):
    """Import a configuration file into a hall; a dry run unless --apply."""
    hall = hall_by_code(code)
    actor = db.session.scalar(select(Staff).where(Staff.username == actor_username.lower()))
    if actor is None:
        raise click.ClickException(f"There is no staff member {actor_username}.")
    try:
        document = json.load(file)
        with write_transaction(dry_run=not apply):
            report = transfer.import_config(actor_id=actor.id, hall_id=hall.id, document=document, now=clock.now())
    except (ValueError, DomainError) as error:
        raise click.ClickException(str(error)) from error
    for change in report.changes:
        click.echo(
            f"{change['entity']:<11} {change['action']:<9} {json.dumps(change.get('changes', {}), ensure_ascii=False)}"
        )
    summary = ", ".join(f"{key} {count}" for key, count in sorted(report.counts.items())) or "no changes"
    click.echo(("Imported: " if apply else "Dry run (nothing changed; add --apply): ") + summary)
    realtime.wait_until_sent()


@group.command("close-day")
@click.option("--hall", "hall_code", help="Hall code (default: every hall).")
@click.option("--include-today", is_flag=True, help="Also close today (an evening cron job after closing time).")
def close_day(hall_code: str | None, include_today: bool):
    """Settle each hall's open tickets of earlier days (or today too) and close its windows (for cron)."""
    now = clock.now()
    halls = db.session.scalars(select(Hall).where(Hall.code == hall_code) if hall_code else select(Hall)).all()
    for hall in halls:
        today = service_day(now, hall.timezone)
        last = today if include_today else today - timedelta(days=1)
        days = sorted(
            set(
                db.session.scalars(
                    select(Ticket.service_day)
                    .where(Ticket.hall_id == hall.id, Ticket.service_day <= last, Ticket.state.in_(closing.UNSETTLED))
                    .distinct()
                )
            )
        )
        for day in days:
            with write_transaction():
                count = closing.close_day(hall_id=hall.id, day=day, now=now)
            click.echo(f"{hall.code} {day}: settled {count} tickets")
        with write_transaction():
            windows = closing.close_windows(hall_id=hall.id, now=now)
        click.echo(f"{hall.code}: closed {windows} windows")
    realtime.wait_until_sent()  # screens (through Redis) hear of it before the command exits


@group.command("daily-report")
@click.option("--hall", "hall_code", help="Hall code (default: every hall).")
@click.option("--day", "day_text", help="Local date YYYY-MM-DD (default: each hall's yesterday).")
def daily_report(hall_code: str | None, day_text: str | None):
    """Save each hall's daily report PDF for the managers' reports page (for cron, after midnight)."""
    now = clock.now()
    try:
        day = date.fromisoformat(day_text) if day_text else None
    except ValueError:
        raise click.ClickException(f"{day_text} is not a date (YYYY-MM-DD).") from None
    halls = db.session.scalars(select(Hall).where(Hall.code == hall_code) if hall_code else select(Hall)).all()
    if hall_code and not halls:
        raise click.ClickException(f"There is no hall {hall_code}.")
    for hall in halls:
        report_day = day or service_day(now, hall.timezone) - timedelta(days=1)
        path = archive.save_daily(
            hall,
            report_day,
            Path(current_app.config["REPORTS_DIR"]),
            now=now,
            font_path=current_app.config["CJK_FONT_PATH"],
        )
        click.echo(f"{hall.code} {report_day}: {path}")


@group.command("check")
def check():
    """Verify that stored queue lengths match the tickets (exit 1 if not)."""
    now = clock.now()
    problems = 0
    for hall in db.session.scalars(select(Hall)):
        drift = lifecycle.waiting_count_drift(hall.id, service_day(now, hall.timezone))
        for service_id, (stored, counted) in drift.items():
            problems += 1
            click.echo(f"{hall.code} service {service_id}: stored {stored}, counted {counted}")
    if problems:
        raise SystemExit(1)
    click.echo("queue lengths agree with the tickets")


group.add_command(anonymise)


def register(app) -> None:
    app.cli.add_command(group)
