"""Deployment settings, read from the environment.

Hall-level settings that managers change (hours, notice line, caps ...) live in the database, not here.
Pick a configuration with ``HALL_CONFIG`` (development | testing | production) or pass a class to
``create_app``.
"""

import os
from datetime import timedelta
from pathlib import Path
from types import MappingProxyType

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
    # Test each pooled connection before use: after the database restarts, the next request reconnects instead
    # of failing on a connection that died meanwhile (hall/db.py turns an outage into a clear 503).
    SQLALCHEMY_ENGINE_OPTIONS = MappingProxyType({"pool_pre_ping": True})
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
    # Staff sessions (docs/SECURITY.md): the cookie is out of scripts' reach and not sent by other sites' forms;
    # a sign-in lasts a working day from the last request, so a session left open on a shared PC ends
    # overnight; Flask-Login drops a session whose address or browser changes (a copied cookie).
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    SESSION_PROTECTION = "strong"
    # "Remember me" is not offered; should it be, its cookie gets the same limits.
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_DURATION = timedelta(hours=12)
    # Strict-Transport-Security max-age in seconds; 0 sends none (only production over HTTPS sends it).
    HSTS_SECONDS = 0
    # Reverse proxies in front of the app whose X-Forwarded-For/-Proto/-Host headers are believed (0: none).
    # Set it behind nginx, or every client shares the proxy's address and its sign-in allowance.
    TRUSTED_PROXIES = int(os.environ.get("HALL_TRUSTED_PROXIES", "0"))

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
    # Days an applicant's personal data is kept after their visit's last case is finished; then
    # `flask hall anonymise` (cron) removes it and keeps the figures. Why a year: docs/PRIVACY.md.
    PERSONAL_DATA_RETENTION_DAYS = int(os.environ.get("HALL_PERSONAL_DATA_RETENTION_DAYS", "365"))

    # Abuse at the kiosk (hall.services.kiosk_limits); 0 turns a limit off. One kiosk hands out a slip every
    # 10-20 seconds even in the 8:30 rush, so 12 a minute only stops a script or someone pressing on and on.
    # Kiosks that are not registered devices are counted by address, which several kiosks may share.
    KIOSK_TICKETS_PER_DEVICE_MINUTE = 12
    KIOSK_TICKETS_PER_ADDRESS_MINUTE = 30
    # Tickets one ID card or mobile number may take in a hall per day, across services (when the kiosk asks).
    KIOSK_TICKETS_PER_IDENTITY_DAY = 5
    # Times a kiosk prints a waiting ticket's slip again for the person who typed its ID or phone.
    KIOSK_REPRINTS_PER_TICKET = 2


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
    # SESSION_COOKIE_SECURE=0 only for a hall PC served over plain HTTP on its own LAN (docs/SECURITY.md).
    SESSION_COOKIE_SECURE = os.environ.get("SESSION_COOKIE_SECURE", "1") != "0"
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    # Browsers ignore HSTS over plain HTTP, but a hall that turned secure cookies off has no HTTPS to pin.
    HSTS_SECONDS = 365 * 24 * 3600 if SESSION_COOKIE_SECURE else 0

    @classmethod
    def check(cls, settings=None) -> None:
        """Refuse to run a real hall on development defaults: ``settings`` is the app's final configuration."""
        settings = settings if settings is not None else {k: getattr(cls, k) for k in dir(cls) if k.isupper()}
        secret = settings.get("SECRET_KEY") or ""
        if not secret or secret == DEVELOPMENT_SECRET_KEY:
            raise RuntimeError("Production needs SECRET_KEY set in the environment to a long random value.")
        if len(secret) < 32:
            raise RuntimeError("SECRET_KEY is too short for production: use at least 32 random characters.")
        if len(set(secret)) < 10:
            raise RuntimeError(
                "SECRET_KEY looks like a placeholder (too few different characters): generate one with "
                "python -c 'import secrets; print(secrets.token_urlsafe(48))'."
            )
        if not os.environ.get("DATABASE_URL"):
            raise RuntimeError("Production needs DATABASE_URL (for example postgresql+psycopg://...).")
        if settings.get("DEBUG"):
            raise RuntimeError("Production refuses to run with debug on.")
        if not settings.get("WTF_CSRF_ENABLED", True) or settings.get("TESTING"):
            raise RuntimeError("Production refuses to run with CSRF protection off or in testing mode.")
        if not settings.get("SESSION_COOKIE_HTTPONLY"):
            raise RuntimeError("Production needs SESSION_COOKIE_HTTPONLY: scripts must not read the session.")


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
