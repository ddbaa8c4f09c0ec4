"""Shared pytest fixtures.

``local_http_server``: a real HTTP server on 127.0.0.1 (ephemeral port, in a
thread) whose routes a test declares; used by the URL-fetching tests.
"""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

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
