"""Real servers for tests and scripts: the hall (``run.py``, or gunicorn as in production) and a private
database. What surrounds the app processes (a private Redis, a TCP proxy, nginx) is tests/infrastructure.py.

Everything listens on 127.0.0.1 and free ports, and is stopped by the context managers that start it.
"""

import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
import sqlalchemy

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
# Debian's Chromium, headless, on a machine without internet (see ../shared/DESIGN.md).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--autoplay-policy=no-user-gesture-required",
]
GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def require_services(*, postgresql: bool = False, redis: bool = False) -> tuple[str | None, str | None]:
    """TEST_DATABASE_URL and TEST_REDIS_URL; skips without them, fails instead with HALL_REQUIRE_SERVICES=1."""
    database, redis_url = os.environ.get("TEST_DATABASE_URL"), os.environ.get("TEST_REDIS_URL")
    missing = []
    if postgresql and not (database or "").startswith("postgresql"):
        missing.append("TEST_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test")
    if redis and not redis_url:
        missing.append("TEST_REDIS_URL=redis://127.0.0.1:6379/0")
    if missing:
        unavailable(f"set {' and '.join(missing)} to run this test")
    return database, redis_url


def unavailable(message: str) -> None:
    """Skip the test for want of a service or program; fail instead with HALL_REQUIRE_SERVICES=1 (``.ci/run``)."""
    if os.environ.get("HALL_REQUIRE_SERVICES") == "1":
        pytest.fail(message)
    pytest.skip(message)


@contextmanager
def hall_server(directory: Path, *, database_url: str | None = None, name: str = "server", **environment):
    """Run the hall as the README's quick start does (development settings, demo hall); yield its URL."""
    port = free_port()
    env = {
        **os.environ,
        "HALL_CONFIG": "development",
        "PYTHONUNBUFFERED": "1",
        "DATABASE_URL": database_url or f"sqlite:///{directory / 'hall.db'}",
        **environment,
    }
    if "REDIS_URL" not in environment:
        env.pop("REDIS_URL", None)
    log_path = directory / f"{name}.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "run.py", "--port", str(port)], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            wait_for_port(port, server, log_path)
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


def wait_for_port(port: int, server: subprocess.Popen, log_path: Path, seconds: float = 60) -> None:
    if not _wait(lambda: _accepts(port), server, log_path, seconds):
        server.kill()
        raise RuntimeError(f"the server did not start:\n{log_path.read_text()}")


def wait_until_healthy(url: str, server: subprocess.Popen, log_path: Path, seconds: float = 60) -> None:
    """Until ``/healthz`` answers: gunicorn's master listens before its worker has loaded the app."""
    if not _wait(lambda: _healthy(url), server, log_path, seconds):
        raise RuntimeError(f"the server did not become healthy:\n{log_path.read_text()}")


def _wait(ready, server: subprocess.Popen, log_path: Path, seconds: float) -> bool:
    """Whether ``ready()`` came true within ``seconds``; raises, with its log, if the server exits meanwhile."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited:\n{log_path.read_text()}")
        if ready():
            return True
        time.sleep(0.1)
    return False


def _accepts(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
    except OSError:
        return False
    return True


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def production_environment(database_url: str, redis_url: str | None = None, channel: str | None = None) -> dict:
    """What deploy/hall.env.example sets, with a throwaway secret: the processes run the production settings."""
    env = {
        **os.environ,
        "HALL_CONFIG": "production",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "DATABASE_URL": database_url,
        "SOCKETIO_CHANNEL": channel or f"test-{uuid.uuid4().hex}",
        "SESSION_COOKIE_SECURE": "0",  # plain HTTP on loopback; the API tests use bearer tokens anyway
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def migrate(environment: dict, directory: Path) -> None:
    """``flask --app hall db upgrade``, the documented migration step, against the environment's database."""
    command = [sys.executable, "-m", "flask", "--app", "hall", "db", "upgrade"]
    done = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120)
    (directory / "migrate.log").write_text(done.stdout + done.stderr)
    if done.returncode:
        raise RuntimeError(f"flask db upgrade failed:\n{done.stdout}{done.stderr}")


class AppProcess:
    """One production app process, as ``deploy/systemd/hall@.service`` runs it: gunicorn, one worker, threads.

    ``kill()`` sends SIGKILL to the master and its worker together (a crash, or the OOM killer); ``start()``
    again brings it back on the same port, as systemd's ``Restart=always`` does.
    """

    def __init__(self, directory: Path, name: str, environment: dict, *, threads: int = 40, command=None):
        self.directory, self.name, self.environment = directory, name, environment
        self.port = free_port()
        self.threads = threads
        self.command = command or [sys.executable, "-m", "gunicorn"]
        self.process: subprocess.Popen | None = None
        self.starts = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def log_path(self) -> Path:
        return self.directory / f"{self.name}.log"

    def start(self) -> float:
        """Start and wait until the port accepts connections; returns the time that took, in seconds."""
        began = time.monotonic()
        env = {**self.environment, "HALL_PORT": str(self.port), "HALL_THREADS": str(self.threads)}
        arguments = [*self.command, "-c", str(GUNICORN_CONF), "hall.wsgi:app"]
        with self.log_path.open("a") as log:
            log.write(f"--- start {self.starts + 1}\n")
            log.flush()
            self.process = subprocess.Popen(
                arguments, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        self.starts += 1
        wait_for_port(self.port, self.process, self.log_path)
        wait_until_healthy(self.url, self.process, self.log_path)
        return time.monotonic() - began

    def kill(self) -> None:
        """SIGKILL master and worker; returns once the port refuses connections (the worker may outlive the
        master by a moment, its inherited listening socket with it). A process group already gone (the test's
        nginx step killed it, or it died on its own) is what killing wanted."""
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
            except OSError:
                return
            time.sleep(0.02)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


@contextmanager
def app_processes(directory: Path, environment: dict, count: int, **options):
    """``count`` app processes on one database and one Redis channel; all stopped at the end."""
    processes = [AppProcess(directory, f"app{n}", environment, **options) for n in range(1, count + 1)]
    try:
        for process in processes:
            process.start()
        yield processes
    finally:
        for process in processes:
            process.stop()


@contextmanager
def private_database(directory: Path, base_url: str | None):
    """A new, empty database for one test: on PostgreSQL a database of its own (other test runs may be using
    the base database at the same time), otherwise a SQLite file. Yields its URL; dropped afterwards."""
    if not base_url or not base_url.startswith("postgresql"):
        yield f"sqlite:///{directory / 'hall.sqlite3'}"
        return
    name = f"hall_test_{uuid.uuid4().hex[:12]}"
    admin = sqlalchemy.create_engine(base_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        yield sqlalchemy.make_url(base_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()
