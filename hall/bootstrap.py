"""First-run preparation: bring the database schema up to date, then (development) add the demo hall."""

import logging

from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import select

from hall import clock
from hall.db import write_transaction
from hall.extensions import db
from hall.models import Hall
from hall.services.demo import load_demo_hall

log = logging.getLogger(__name__)


def prepare_database(app: Flask) -> None:
    with app.app_context():
        upgrade()
        if app.config["LOAD_DEMO_DATA"] and db.session.scalar(select(Hall.id).limit(1)) is None:
            with write_transaction():
                hall = load_demo_hall(clock.now(), production=app.config["PRODUCTION"])
            log.info("created the demo hall %s", hall.code)
