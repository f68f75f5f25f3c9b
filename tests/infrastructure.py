"""What surrounds the app processes in the process-level tests, each a real program the test may stop or
break: a private Redis, a TCP proxy that can cut the app off from PostgreSQL, nginx with the shipped site.

Everything listens on 127.0.0.1 and free ports, and is stopped by the context managers that start it.
"""

import re
import shutil
import socket
import subprocess
import threading
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
import sqlalchemy

from tests.servers import ROOT, free_port, unavailable, wait_for_port


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
        unavailable("nginx is not installed (apt-get install nginx-light)")
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
