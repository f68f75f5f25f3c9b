"""Deployment settings: production refuses to start on development defaults."""

import pytest

import config
from hall import create_app


def production(monkeypatch, **environment):
    for name in ("SECRET_KEY", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(
        config.ProductionConfig, "SECRET_KEY", environment.get("SECRET_KEY", config.DEVELOPMENT_SECRET_KEY)
    )
    return config.ProductionConfig


@pytest.mark.parametrize(
    ("environment", "complaint"),
    [
        ({}, "SECRET_KEY"),
        ({"SECRET_KEY": config.DEVELOPMENT_SECRET_KEY, "DATABASE_URL": "sqlite://"}, "SECRET_KEY"),
        ({"SECRET_KEY": "short", "DATABASE_URL": "sqlite://"}, "too short"),
        ({"SECRET_KEY": "x" * 40}, "DATABASE_URL"),
    ],
)
def test_production_refuses_default_or_missing_settings(monkeypatch, environment, complaint):
    """No secret, the development secret, a short secret or no database URL: the app will not start."""
    with pytest.raises(RuntimeError, match=complaint):
        create_app(production(monkeypatch, **environment))


def test_production_refuses_debug(monkeypatch):
    """Even with good settings, production will not run with the debugger on."""
    settings = production(monkeypatch, SECRET_KEY="x" * 40, DATABASE_URL="sqlite://")
    with pytest.raises(RuntimeError, match="debug"):
        create_app(settings, DEBUG=True)


def test_production_starts_with_real_settings(monkeypatch):
    """A long secret and a database URL are enough; session cookies are then secure."""
    app = create_app(
        production(monkeypatch, SECRET_KEY="x" * 40, DATABASE_URL="sqlite://"), SQLALCHEMY_DATABASE_URI="sqlite://"
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True and not app.debug


def test_unknown_configuration_name_is_explained(monkeypatch):
    """HALL_CONFIG with a typo names the allowed values."""
    monkeypatch.setenv("HALL_CONFIG", "prod")
    with pytest.raises(RuntimeError, match="development, testing, production"):
        config.config_from_env()


def test_run_py_refuses_the_debugger_in_production(tmp_path):
    """`HALL_CONFIG=production python run.py --debug` stops with an explanation instead of serving a debugger."""
    import os
    import subprocess
    import sys

    environment = {
        **os.environ,
        "HALL_CONFIG": "production",
        "SECRET_KEY": "x" * 40,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'p.db'}",
    }
    result = subprocess.run(
        [sys.executable, "run.py", "--debug"],
        cwd=config.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "--debug is refused in production" in result.stderr
