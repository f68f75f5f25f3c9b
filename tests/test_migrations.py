"""The migrations build exactly the schema the models describe, from an empty database."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from config import TestingConfig
from hall import create_app
from hall.extensions import db
from tests.conftest import database_url


def test_upgrade_from_empty_matches_the_models_and_downgrades_cleanly(tmp_path):
    """`flask db upgrade` on an empty database leaves no difference to the models; downgrade removes it all."""
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_url(tmp_path))
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        upgrade()
        with db.engine.connect() as connection:
            differences = compare_metadata(MigrationContext.configure(connection), db.metadata)
        assert differences == [], "models changed without a migration: run `flask db migrate`"
        downgrade(revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        db.engine.dispose()
