"""Real servers for tests and scripts: the hall (``run.py``, or gunicorn as in production), a private database,
a private Redis, and a TCP proxy that can cut the app off from PostgreSQL.

Everything listens on 127.0.0.1 and free ports, and is stopped by the context managers that start it.
"""

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
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
        message = f"set {' and '.join(missing)} to run this test"
        if os.environ.get("HALL_REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return database, redis_url


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
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited:\n{log_path.read_text()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError(f"the server did not start:\n{log_path.read_text()}")


def wait_until_healthy(url: str, server: subprocess.Popen, log_path: Path, seconds: float = 60) -> None:
    """Until ``/healthz`` answers: gunicorn's master listens before its worker has loaded the app."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited:\n{log_path.read_text()}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"the server did not become healthy:\n{log_path.read_text()}")


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


class RedisServer:
    """A private redis-server on a free port, which a test may stop and start again (never the shared one)."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            pytest.fail("redis-server is not installed (apt-get install redis-server)")
        command = [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        log = (self.directory / "redis.log").open("a")
        self.process = subprocess.Popen(command, cwd=self.directory, stdout=log, stderr=subprocess.STDOUT)
        wait_for_port(self.port, self.process, self.directory / "redis.log", seconds=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


@contextmanager
def redis_server(directory: Path):
    server = RedisServer(directory)
    server.start()
    try:
        yield server
    finally:
        server.stop()


class TcpProxy:
    """Forwards 127.0.0.1:port to another address, until ``cut()``: then open connections are dropped and new
    ones refused, as when the network to the database server fails. ``restore()`` lets connections through again.
    """

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.port = free_port()
        self.listener: socket.socket | None = None
        self.connections: set[socket.socket] = set()
        self.lock = threading.Lock()

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True, name="proxy-accept").start()

    def cut(self) -> None:
        listener, self.listener = self.listener, None
        if listener is not None:
            _close(listener)  # shutdown() first: a bare close() does not wake the thread blocked in accept()
        with self.lock:
            doomed, self.connections = self.connections, set()
        for connection in doomed:
            _close(connection)

    def restore(self) -> None:
        self.start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:  # closed by cut()
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _close(client)
                continue
            upstream.settimeout(None)
            with self.lock:
                self.connections |= {client, upstream}
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True, name="proxy-pump").start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:  # the other side, or cut(), closed the connection
            return
        finally:
            _close(source)
            _close(sink)
            with self.lock:
                self.connections -= {source, sink}


def _close(connection: socket.socket) -> None:
    with suppress(OSError):
        connection.shutdown(socket.SHUT_RDWR)
    connection.close()


@contextmanager
def tcp_proxy(database_url: str):
    """A proxy in front of the database server of ``database_url``; yields (proxy, URL through the proxy)."""
    url = sqlalchemy.make_url(database_url)
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432)
    proxy.start()
    try:
        yield proxy, url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    finally:
        proxy.cut()


NGINX_MAIN = """
worker_processes 1;
daemon off;
pid {root}/nginx.pid;
error_log {root}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {root}/body;
    proxy_temp_path {root}/proxy;
    fastcgi_temp_path {root}/fastcgi;
    uwsgi_temp_path {root}/uwsgi;
    scgi_temp_path {root}/scgi;
    include {root}/hall.conf;
}}
"""


@contextmanager
def nginx(directory: Path, ports: list[int]):
    """deploy/nginx/hall.conf as shipped, with its upstreams pointed at ``ports`` and its listen port free;
    yields the URL nginx serves. Needs nginx (``apt-get install nginx-light``)."""
    binary = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if binary is None:
        message = "nginx is not installed (apt-get install nginx-light)"
        if os.environ.get("HALL_REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    root = directory / "nginx"
    root.mkdir()
    site = (ROOT / "deploy" / "nginx" / "hall.conf").read_text()
    shipped = sorted(set(re.findall(r"server 127\.0\.0\.1:(\d+)", site)))
    assert len(shipped) == len(ports), f"the sample config balances {len(shipped)} processes"
    for old, new in zip(shipped, ports, strict=True):
        site = site.replace(f"127.0.0.1:{old} ", f"127.0.0.1:{new} ")
    port = free_port()
    site = site.replace("listen 80;", f"listen 127.0.0.1:{port};")
    (root / "hall.conf").write_text(site)
    (root / "nginx.conf").write_text(NGINX_MAIN.format(root=root))
    command = [binary, "-p", str(root), "-c", str(root / "nginx.conf")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    assert checked.returncode == 0, f"nginx -t refuses the sample config:\n{checked.stderr}"
    with (root / "nginx.log").open("w") as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, server, root / "nginx-error.log", seconds=15)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)
