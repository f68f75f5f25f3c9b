"""run.py's first start: several processes starting at once on one empty PostgreSQL database."""

import multiprocessing
import os

import pytest

from config import TestingConfig
from hall import create_app
from hall.bootstrap import prepare_database
from hall.extensions import db
from hall.models import Hall
from tests.servers import private_database


def _start(url: str) -> None:
    prepare_database(create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url, LOAD_DEMO_DATA=True))


@pytest.mark.slow
def test_processes_starting_together_on_an_empty_database_migrate_it_once(tmp_path):
    """Three servers started at the same moment: the schema is built once and there is exactly one demo hall."""
    base = os.environ.get("TEST_DATABASE_URL")
    if not (base or "").startswith("postgresql"):
        pytest.skip("needs PostgreSQL (TEST_DATABASE_URL): SQLite serves one process per hall PC")
    with private_database(tmp_path, base) as database_url:
        context = multiprocessing.get_context("spawn")
        starts = [context.Process(target=_start, args=(database_url,)) for _ in range(3)]
        for process in starts:
            process.start()
        for process in starts:
            process.join(timeout=120)
        assert [process.exitcode for process in starts] == [0, 0, 0]
        app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_url)
        with app.app_context():
            assert db.session.query(Hall).count() == 1
            db.session.remove()
            db.engine.dispose()
