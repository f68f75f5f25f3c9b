"""Shared helpers for the benchmarks: timing statistics and a small HTTP client for the JSON API."""

import http.client
import json
import os
import statistics
import subprocess
import sys
import time
import urllib.parse
from contextlib import contextmanager


def summary(samples_ms: list[float]) -> dict:
    ordered = sorted(samples_ms)

    def percentile(fraction: float) -> float:
        return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]

    return {
        "n": len(ordered),
        "median_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(percentile(0.95), 2),
        "p99_ms": round(percentile(0.99), 2),
        "max_ms": round(ordered[-1], 2),
    }


def line(label: str, stats: dict) -> str:
    return (
        f"{label:<44} n={stats['n']:<6} median {stats['median_ms']:>8.2f} ms   p95 {stats['p95_ms']:>8.2f} ms"
        f"   p99 {stats['p99_ms']:>8.2f} ms"
    )


class Api:
    """One client's keep-alive HTTP connection to the JSON API, with its bearer token."""

    def __init__(self, base: str):
        self.base = base
        parts = urllib.parse.urlsplit(base)
        self.host, self.port = parts.hostname, parts.port
        self.connection: http.client.HTTPConnection | None = None
        self.token = None

    def call(self, method: str, path: str, body: dict | None = None, timeout: float = 30):
        status, payload = self.raw(method, path, body, timeout)
        if status >= 400:
            raise RuntimeError(f"{method} {path}: HTTP {status} {payload[:300]!r}")
        return json.loads(payload) if payload[:1] in (b"{", b"[") else payload.decode()

    def raw(self, method: str, path: str, body: dict | None = None, timeout: float = 30) -> tuple[int, bytes]:
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        data = json.dumps(body).encode() if body is not None else (b"{}" if method == "POST" else None)
        for attempt in (1, 2):  # the server may close an idle keep-alive connection: reconnect once
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                payload = response.read()
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if attempt == 2:
                    raise
                continue
            if response.will_close:
                self.close()
            return response.status, payload
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def login(self, username: str, password: str) -> None:
        self.token = self.call("POST", "/api/v1/auth/tokens", {"username": username, "password": password})["token"]

    def timed(self, method: str, path: str, body: dict | None = None) -> tuple[float, object]:
        start = time.perf_counter()
        result = self.call(method, path, body)
        return (time.perf_counter() - start) * 1000, result


def machine_load() -> str:
    """The load average, printed beside figures: the machine is often shared, and figures move with it."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} / {five:.2f} / {fifteen:.2f} (1 / 5 / 15 min) on {os.cpu_count()} cores"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def server_processes(pid: int) -> list:
    """The server process and its children (gunicorn's workers), for CPU and memory figures."""
    import psutil

    process = psutil.Process(pid)
    return [process, *process.children(recursive=True)]


def rss_mb(processes) -> float:
    return sum(process.memory_info().rss for process in processes) / 2**20


def cpu_seconds(processes) -> float:
    total = 0.0
    for process in processes:
        times = process.cpu_times()
        total += times.user + times.system
    return total


@contextmanager
def postgres_database(url: str, name: str):
    """A fresh database beside ``url``'s (other runs and the tests use that one); dropped afterwards."""
    import psycopg
    from sqlalchemy.engine import make_url

    base = make_url(url)
    database = f"{name}_{os.getpid()}"
    admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{database}"')
    try:
        yield base.set(database=database).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def database_label(url: str) -> str:
    if url.startswith("postgresql"):
        import psycopg

        with psycopg.connect(url.replace("postgresql+psycopg", "postgresql", 1)) as connection:
            version = connection.execute("SHOW server_version").fetchone()[0]
        return f"PostgreSQL {version.split()[0]}"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version} (WAL)"


SERVERS = {
    "run.py": "run.py (Werkzeug's threading server, Flask-SocketIO threading mode, simple-websocket)",
    "gunicorn": "gunicorn -c deploy/gunicorn.conf.py (1 process, gthread, Flask-SocketIO threading mode)",
}


@contextmanager
def running_hall(
    directory, *, database_url: str | None = None, server: str = "run.py", threads: int = 100, name="server"
):
    """The hall with the demo hall, as ``run.py`` (tests/servers.py) or as production runs it under gunicorn
    (deploy/gunicorn.conf.py, ``threads`` threads); yields its URL and the server's process id."""
    import psutil

    from tests.servers import ROOT, free_port, hall_server, wait_for_port

    if server == "run.py":
        with hall_server(directory, database_url=database_url, name=name) as base:
            port = base.rsplit(":", 1)[1]
            yield base, next(child.pid for child in psutil.Process().children() if port in child.cmdline())
        return
    port = free_port()
    env = {
        **os.environ,
        "HALL_CONFIG": "development",
        "DATABASE_URL": database_url or f"sqlite:///{directory / 'hall.db'}",
        "HALL_BIND": f"127.0.0.1:{port}",
        "HALL_THREADS": str(threads),
        "HALL_TRUSTED_PROXIES": "0",
        "HALL_LOG_LEVEL": "warning",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)
    # What run.py does at start, and production's migration unit does before the processes start.
    prepare = "from hall import create_app; from hall.bootstrap import prepare_database; prepare_database(create_app())"
    subprocess.run([sys.executable, "-c", prepare], cwd=ROOT, env=env, check=True, capture_output=True)
    log_path = directory / f"{name}.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "hall.wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for_port(port, process, log_path)
            yield f"http://127.0.0.1:{port}", process.pid
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
