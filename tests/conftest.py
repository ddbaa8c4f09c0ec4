"""Shared pytest fixtures.

``local_http_server``: a real HTTP server on 127.0.0.1 (ephemeral port, in a
thread) whose routes a test declares; used by the URL-fetching tests.

``pg_server`` / ``pg_url``: a real PostgreSQL server for the session (a
throw-away cluster started by ``scripts/pg_test_cluster.sh``, or the server at
``KHABAR_TEST_PG_URL``) and a fresh database in it for one test.  When no
server can be started the PostgreSQL tests fail, saying why; a developer
without PostgreSQL sets ``KHABAR_TEST_PG=0`` to skip them (CI never does).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit, urlunsplit

import pytest


@dataclass
class Route:
    """What the server answers on one path."""

    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (slow server)
    content_length: bool = True  # False: no Content-Length, body ends at close
    handler: Callable[[BaseHTTPRequestHandler], None] | None = None


class LocalHTTPServer:
    """Routes plus the list of paths requested (to check what was fetched)."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        self.port = 0

    def add(self, path: str, body: bytes | str = b"", **kw) -> str:
        """Serve ``body`` at ``path`` (see :class:`Route`); returns the URL."""
        if isinstance(body, str):
            body = body.encode("utf-8")
        self.routes[path] = Route(body=body, **kw)
        return self.url(path)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def _handler_class(server: LocalHTTPServer):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server naming
            server.requests.append(self.path)
            route = server.routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if route.handler:
                route.handler(self)
                return
            time.sleep(route.delay)
            self.send_response(route.status)
            for name, value in route.headers.items():
                self.send_header(name, value)
            if route.content_length:
                self.send_header("Content-Length", str(len(route.body)))
            else:
                self.close_connection = True
            self.end_headers()
            try:
                self.wfile.write(route.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (timeouts, size limits): expected

        def log_message(self, *args) -> None:  # keep test output quiet
            pass

    return Handler


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False

    def handle_error(self, request, client_address) -> None:
        pass  # clients that hang up early are part of the tests


@pytest.fixture
def local_http_server():
    """A :class:`LocalHTTPServer` running on 127.0.0.1 for one test."""
    state = LocalHTTPServer()
    httpd = _QuietServer(("127.0.0.1", 0), _handler_class(state))
    state.port = httpd.server_address[1]
    # A short poll interval keeps shutdown (once per test) fast.
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02},
                              daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def closed_port() -> int:
    """A 127.0.0.1 port with nothing listening (connections are refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- PostgreSQL ---------------------------------------------------------------

_PG_SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "pg_test_cluster.sh"
_PG_HOW = ("Install the server (Debian: apt-get install -y postgresql), or point "
           "KHABAR_TEST_PG_URL at a server whose user may create databases, or set "
           "KHABAR_TEST_PG=0 to skip the PostgreSQL tests.")


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers", "postgres: needs a PostgreSQL server (a throw-away cluster is started; "
                   "KHABAR_TEST_PG=0 skips these tests)")


@pytest.fixture(scope="session")
def pg_server():
    """URL of a PostgreSQL server for this test session (superuser or CREATEDB)."""
    if os.environ.get("KHABAR_TEST_PG", "1").strip() == "0":
        pytest.skip("PostgreSQL tests skipped: KHABAR_TEST_PG=0")
    try:
        import psycopg  # noqa: F401 - the [postgres] extra
    except ImportError:
        pytest.fail("psycopg is not installed: pip install -e '.[postgres]'. " + _PG_HOW,
                    pytrace=False)
    url = os.environ.get("KHABAR_TEST_PG_URL")
    if url:
        yield url
        return
    cluster = tempfile.mkdtemp(prefix="khabar-pg-")
    proc = subprocess.run(["bash", str(_PG_SCRIPT), "start", cluster], capture_output=True,
                          text=True, timeout=300)
    if proc.returncode != 0:
        shutil.rmtree(cluster, ignore_errors=True)
        pytest.fail(f"could not start a PostgreSQL server for the tests:\n{proc.stderr.strip()}\n"
                    + _PG_HOW, pytrace=False)
    try:
        yield proc.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["bash", str(_PG_SCRIPT), "stop", cluster], capture_output=True, timeout=120)
        shutil.rmtree(cluster, ignore_errors=True)


def pg_database_url(server_url: str, name: str) -> str:
    """``server_url`` with its database name replaced by ``name``."""
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path="/" + name))


@pytest.fixture
def pg_url(pg_server):
    """URL of a new, empty PostgreSQL database for one test; dropped afterwards."""
    import psycopg

    name = "khabar_t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
    try:
        yield pg_database_url(pg_server, name)
    finally:
        with psycopg.connect(pg_server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
