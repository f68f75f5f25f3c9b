"""First-run preparation for ``run.py``: bring the schema up to date, then (development only) add the demo hall.

Production processes (gunicorn, ``hall.wsgi``) never come here: ``flask --app hall db upgrade`` runs once before
them (deploy/systemd/hall-migrate.service) and real halls are created with ``flask hall create-admin`` and
``flask hall create-hall``. Several ``run.py`` processes may still start at once on one PostgreSQL database
(a county trying the embedded server, the tests): an advisory lock lets one migrate while the others wait.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import select, text

from hall import clock
from hall.db import write_transaction
from hall.extensions import db
from hall.models import Hall
from hall.services.demo import load_demo_hall

log = logging.getLogger(__name__)

# Any constant the hall's database uses for nothing else: pg_advisory_lock takes one 64-bit key.
MIGRATION_LOCK = 7_700_001


def prepare_database(app: Flask) -> None:
    with app.app_context(), _one_at_a_time():
        upgrade()
        if db.session.scalar(select(Hall.id).limit(1)) is not None:
            return
        if app.config["LOAD_DEMO_DATA"]:
            with write_transaction():
                hall = load_demo_hall(clock.now(), production=app.config["PRODUCTION"])
            log.info("created the demo hall %s", hall.code)
        else:
            log.info("no hall yet: create one with `flask hall create-admin` and `flask hall create-hall`")


@contextmanager
def _one_at_a_time() -> Iterator[None]:
    if db.engine.dialect.name != "postgresql":  # SQLite: one hall PC runs one process
        yield
        return
    with db.engine.connect() as connection:
        connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
        connection.commit()  # the lock belongs to the session, not to this transaction
        try:
            yield
        finally:
            connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
            connection.commit()
