"""Deployment settings: production refuses to start on development defaults, and its cookies are locked down."""

import secrets
from datetime import timedelta

import pytest

import config
from hall import create_app

GOOD_SECRET = secrets.token_urlsafe(48)


def production(monkeypatch, **environment):
    for name in ("SECRET_KEY", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(
        config.ProductionConfig, "SECRET_KEY", environment.get("SECRET_KEY", config.DEVELOPMENT_SECRET_KEY)
    )
    return config.ProductionConfig


def good_production(monkeypatch):
    return production(monkeypatch, SECRET_KEY=GOOD_SECRET, DATABASE_URL="sqlite://")


@pytest.mark.parametrize(
    ("environment", "complaint"),
    [
        ({}, "SECRET_KEY"),
        ({"SECRET_KEY": config.DEVELOPMENT_SECRET_KEY, "DATABASE_URL": "sqlite://"}, "SECRET_KEY"),
        ({"SECRET_KEY": "short", "DATABASE_URL": "sqlite://"}, "too short"),
        ({"SECRET_KEY": "changeme" * 5, "DATABASE_URL": "sqlite://"}, "placeholder"),
        ({"SECRET_KEY": "x" * 40, "DATABASE_URL": "sqlite://"}, "placeholder"),
        ({"SECRET_KEY": GOOD_SECRET}, "DATABASE_URL"),
    ],
)
def test_production_refuses_default_or_missing_settings(monkeypatch, environment, complaint):
    """No secret, the development secret, a short or placeholder secret, or no database URL: it will not start."""
    with pytest.raises(RuntimeError, match=complaint):
        create_app(production(monkeypatch, **environment))


@pytest.mark.parametrize(
    ("override", "complaint"),
    [
        ({"DEBUG": True}, "debug"),
        ({"WTF_CSRF_ENABLED": False}, "CSRF"),
        ({"TESTING": True}, "testing"),
        ({"SESSION_COOKIE_HTTPONLY": False}, "HTTPONLY"),
        ({"SECRET_KEY": "short"}, "too short"),
    ],
)
def test_production_checks_the_final_settings(monkeypatch, override, complaint):
    """Good environment, but an override turns on debug, turns off CSRF or weakens the secret: refused."""
    with pytest.raises(RuntimeError, match=complaint):
        create_app(good_production(monkeypatch), SQLALCHEMY_DATABASE_URI="sqlite://", **override)


def test_flask_debug_in_the_environment_is_refused_in_production(monkeypatch):
    """FLASK_DEBUG=1 left in a service file does not bring the debugger into a hall."""
    monkeypatch.setenv("FLASK_DEBUG", "1")
    with pytest.raises(RuntimeError, match="debug"):
        create_app(good_production(monkeypatch), SQLALCHEMY_DATABASE_URI="sqlite://")


def test_production_starts_with_real_settings_and_locked_down_cookies(monkeypatch):
    """A random secret and a database URL are enough; cookies are then Secure, HttpOnly and SameSite=Lax."""
    app = create_app(good_production(monkeypatch), SQLALCHEMY_DATABASE_URI="sqlite://")
    settings = app.config
    assert not app.debug and settings["PRODUCTION"]
    assert (settings["SESSION_COOKIE_SECURE"], settings["SESSION_COOKIE_HTTPONLY"]) == (True, True)
    assert (settings["REMEMBER_COOKIE_SECURE"], settings["REMEMBER_COOKIE_HTTPONLY"]) == (True, True)
    assert settings["SESSION_COOKIE_SAMESITE"] == settings["REMEMBER_COOKIE_SAMESITE"] == "Lax"
    assert settings["PERMANENT_SESSION_LIFETIME"] == timedelta(hours=12)
    assert settings["SESSION_PROTECTION"] == "strong" and settings["HSTS_SECONDS"] >= 180 * 24 * 3600


def test_signed_in_session_cookie_carries_its_flags(small_hall, client):
    """The cookie a clerk gets at sign-in is HttpOnly, SameSite=Lax and expires (not a forever session)."""
    from tests.conftest import csrf_token

    response = client.post(
        "/login",
        data={"username": "c1", "password": "correct horse battery", "csrf_token": csrf_token(client)},
    )
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Expires=" in cookie


def test_unknown_configuration_name_is_explained(monkeypatch):
    """HALL_CONFIG with a typo names the allowed values."""
    monkeypatch.setenv("HALL_CONFIG", "prod")
    with pytest.raises(RuntimeError, match="development, testing, production"):
        config.config_from_env()


def test_forwarded_addresses_are_believed_only_behind_a_configured_proxy():
    """Without HALL_TRUSTED_PROXIES a made-up X-Forwarded-For does not change the client address (throttling)."""
    from flask import request

    from config import TestingConfig

    seen = []
    for proxies in (0, 1):
        app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI="sqlite://", TRUSTED_PROXIES=proxies)
        app.add_url_rule("/whoami", "whoami", lambda: seen.append(request.remote_addr) or "")
        app.test_client().get("/whoami", headers={"X-Forwarded-For": "203.0.113.9"})
    assert seen == ["127.0.0.1", "203.0.113.9"]


def test_run_py_refuses_the_debugger_in_production(tmp_path):
    """`HALL_CONFIG=production python run.py --debug` stops with an explanation instead of serving a debugger."""
    import os
    import subprocess
    import sys

    environment = {
        **os.environ,
        "HALL_CONFIG": "production",
        "SECRET_KEY": GOOD_SECRET,
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
