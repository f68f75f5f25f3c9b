"""Deployment settings, read from the environment.

Hall-level settings that managers change (hours, notice line, caps ...) live in the database, not here.
Pick a configuration with ``HALL_CONFIG`` (development | testing | production) or pass a class to
``create_app``.
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"

# Only ever used by Development and Testing; Production refuses to start with it.
DEVELOPMENT_SECRET_KEY = "development-only-secret-do-not-use-in-production"


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


class Config:
    PRODUCTION = False
    SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or _sqlite_url(INSTANCE_DIR / "hall.sqlite3")
    # Message queue for Socket.IO when several app processes serve one county (None: in-process only).
    REDIS_URL = os.environ.get("REDIS_URL") or None
    # Redis channel for Socket.IO messages: deployments (or test runs) sharing one Redis keep apart by it.
    SOCKETIO_CHANNEL = os.environ.get("SOCKETIO_CHANNEL", "hall-socketio")
    # Threading with simple-websocket serves the embedded default; see docs/DECISIONS.md.
    SOCKETIO_ASYNC_MODE = os.environ.get("SOCKETIO_ASYNC_MODE", "threading")

    BABEL_DEFAULT_LOCALE = "zh_CN"
    BABEL_DEFAULT_TIMEZONE = "Asia/Shanghai"
    LANGUAGES = ("zh_CN", "en")

    # Kiosks and displays stay open for days: a CSRF token must live as long as the page's session.
    WTF_CSRF_TIME_LIMIT = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"

    # Where residents' phones reach the hall (QR codes on slips). Empty: the URL the kiosk used.
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "")
    # A TrueType CJK font for PDFs; empty means: look for the packaged and system fonts (hall/pdf/fonts.py).
    CJK_FONT_PATH = os.environ.get("HALL_CJK_FONT", "")

    # Where `flask hall daily-report` keeps each day's PDF (listed for download on the reports page).
    REPORTS_DIR = os.environ.get("HALL_REPORTS_DIR") or str(INSTANCE_DIR / "reports")

    # Seconds a SQLite writer waits for the lock before the clerk sees "system busy".
    SQLITE_BUSY_TIMEOUT = 15
    LOAD_DEMO_DATA = False
    # Staff API tokens (Authorization: Bearer ...) expire after this many hours.
    API_TOKEN_HOURS = 12
    MAX_CONTENT_LENGTH = 1024 * 1024


class DevelopmentConfig(Config):
    DEBUG = False  # the reloader and debugger fight Socket.IO's threads; run.py --debug turns them on
    LOAD_DEMO_DATA = True


class TestingConfig(Config):
    TESTING = True
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL") or "sqlite://"
    REDIS_URL = None  # Socket.IO test clients need the in-process server; see tests/test_realtime_redis.py
    SQLITE_BUSY_TIMEOUT = 30


class ProductionConfig(Config):
    PRODUCTION = True
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "1") != "0"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE

    @classmethod
    def check(cls) -> None:
        """Refuse to run a real hall on development defaults."""
        if not os.environ.get("SECRET_KEY") or cls.SECRET_KEY == DEVELOPMENT_SECRET_KEY:
            raise RuntimeError("Production needs SECRET_KEY set in the environment to a long random value.")
        if len(cls.SECRET_KEY) < 32:
            raise RuntimeError("SECRET_KEY is too short for production: use at least 32 random characters.")
        if not os.environ.get("DATABASE_URL"):
            raise RuntimeError("Production needs DATABASE_URL (for example postgresql+psycopg://...).")


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env() -> type[Config]:
    name = os.environ.get("HALL_CONFIG", "development")
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"HALL_CONFIG must be one of {', '.join(CONFIGS)}, not {name!r}.") from None
