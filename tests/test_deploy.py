"""The shipped deployment files (deploy/, docs/DEPLOY.md) agree with each other and with the code.

The processes themselves run in tests/test_multiprocess.py and tests/test_faults.py; these checks are quick
and keep a port list, a module path or a setting name from going stale in one file but not the others.
"""

import re
import runpy
import secrets
import subprocess
import sys

from tests.servers import ROOT

DEPLOY = ROOT / "deploy"


def _ports(text: str, pattern: str) -> list[str]:
    return re.findall(pattern, text)


def test_gunicorn_runs_one_threaded_worker_on_the_units_port(monkeypatch):
    """One worker per process (gunicorn's balancer is not sticky), many threads, on the port systemd passes."""
    monkeypatch.setenv("HALL_PORT", "5123")
    monkeypatch.delenv("HALL_BIND", raising=False)
    settings = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert (settings["workers"], settings["worker_class"], settings["preload_app"]) == (1, "gthread", False)
    assert settings["bind"] == "127.0.0.1:5123" and settings["threads"] >= 50


def test_systemd_units_and_nginx_name_the_same_processes():
    """hall.target starts exactly the ports nginx balances, with both upstreams listing the same ones."""
    unit = (DEPLOY / "systemd" / "hall@.service").read_text()
    assert "gunicorn -c deploy/gunicorn.conf.py hall.wsgi:app" in unit
    assert (ROOT / "hall" / "wsgi.py").exists() and "Requires=hall-migrate.service" in unit
    migrate = (DEPLOY / "systemd" / "hall-migrate.service").read_text()
    assert "flask --app hall db upgrade" in migrate
    started = _ports((DEPLOY / "systemd" / "hall.target").read_text(), r"hall@(\d+)\.service")
    site = (DEPLOY / "nginx" / "hall.conf").read_text()
    upstreams = re.findall(r"upstream (\w+) \{(.*?)\}", site, flags=re.S)
    assert [name for name, _ in upstreams] == ["hall_app", "hall_socketio"]
    for _, body in upstreams:
        assert _ports(body, r"server 127\.0\.0\.1:(\d+)") == started
    assert "hash $remote_addr consistent" in site and "proxy_set_header Upgrade $http_upgrade" in site


def test_every_setting_in_the_env_example_is_read_by_the_code():
    """No stale names: each variable of deploy/hall.env.example is read by config.py, hall/ or gunicorn.conf.py."""
    names = re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", (DEPLOY / "hall.env.example").read_text(), flags=re.M)
    sources = "".join(
        path.read_text() for path in [ROOT / "config.py", DEPLOY / "gunicorn.conf.py", *(ROOT / "hall").rglob("*.py")]
    )
    unread = [name for name in names if f'"{name}"' not in sources]
    assert names and not unread, f"deploy/hall.env.example names settings nothing reads: {unread}"


def _import_wsgi(tmp_path, **environment) -> subprocess.CompletedProcess:
    env = {
        "PATH": "/usr/bin:/bin",
        "HALL_CONFIG": "production",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'hall.db'}",
        **environment,
    }
    code = "import hall.wsgi; print(type(hall.wsgi.app).__name__)"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)


def test_the_wsgi_entry_builds_the_production_app_and_refuses_default_secrets(tmp_path):
    """hall.wsgi:app starts with real settings, and refuses to start without a proper SECRET_KEY."""
    started = _import_wsgi(tmp_path, SECRET_KEY=secrets.token_urlsafe(48))
    assert (started.returncode, started.stdout.strip()) == (0, "Flask"), started.stderr
    refused = _import_wsgi(tmp_path)
    assert refused.returncode != 0 and "SECRET_KEY" in refused.stderr
