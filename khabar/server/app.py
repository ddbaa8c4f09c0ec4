"""The application object: store access, caching, security headers, errors.

One :class:`Service` per server holds what every request shares:

* **Reads** go through one read-only store per worker thread (FastAPI runs
  plain ``def`` endpoints in a thread pool; a SQLite connection is never used
  by two threads at once).  SQLite's WAL lets them read while a write commits.
* **Writes** (ingest, analyst edits, the summary cache) go through one writer
  store behind one lock: SQLite has one writer at a time anyway, and a queue of
  one keeps "database is busy" out of the API.
* **Cache**: whole-table reads (the story list, the actor list) and
  rendered GET answers (by URL) are cached until the database changes.  The
  change signal is the size and mtime of the database and its WAL file (every
  commit touches the WAL, also commits of another process such as ``khabar
  ingest``), plus a counter of our own writes.  One computation per entry
  runs at a time (the others wait for it); after another process's write the
  previous answer is served while one background thread computes the new one
  (after our own write, the new one is computed first).  The story list is
  computed at startup.

Errors have one shape everywhere: ``{"ok": false, "error": "…", "status": N}``
for the API and for JSON twins; an HTML page (same status) for dashboard pages.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from collections import OrderedDict
from typing import Any, Callable

from ..config import Settings, load_settings
from ..errors import KhabarError, MissingExtra, NotFound, StoreError, require

log = logging.getLogger(__name__)

__all__ = ["Service", "create_app", "SECURITY_HEADERS"]

# Article text is untrusted: nothing inline may run, nothing may be loaded
# from elsewhere, and the pages may not be framed.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}
# Whole-table reads kept in memory (story list, actor list, …); each entry
# is one query result, so a handful is plenty.
CACHE_ENTRIES = 32
# Rendered pages and JSON bodies kept in memory, by URL.  A story page is
# 20–200 kB, so this stays under ~100 MB.  Rendering a big story page takes
# ~10 ms of CPU; served from here it takes well under 1 ms.
RESPONSE_CACHE_ENTRIES = 512
# With a database server (no file whose changes we can see) the change signal
# is its write-ahead-log position, read at most this often (seconds); a
# server that does not tell it: cached reads are served this long.
SERVER_CHECK_S = 0.5
SERVER_CACHE_S = 2.0


class Service:
    """Everything requests share: settings, token, stores, write lock, cache."""

    def __init__(self, db: str, token: str | None = None, settings: Settings | None = None):
        self.db = db
        self.token = token or None
        self.settings = settings or load_settings(db=db)
        self.write_lock = threading.Lock()
        self._local = threading.local()
        self._opened: list = []
        self._open_lock = threading.Lock()
        self._writer = None
        self._writes = 0
        self._marker: Any = None
        self._marker_at = float("-inf")
        # One background thread recomputes stale entries (its read-only
        # store is opened once, like any request thread's).
        from concurrent.futures import ThreadPoolExecutor

        self._refresher = ThreadPoolExecutor(1, thread_name_prefix="khabar-refresh")
        self._data = _LRU(CACHE_ENTRIES, refresh=self._background)
        self._responses = _LRU(RESPONSE_CACHE_ENTRIES, refresh=self._background)
        # Create (when we may write) and migrate the database once, up front.
        from ..store import open_store

        open_store(db, readonly=not self.token).close()

    # --- stores -------------------------------------------------------------
    def store(self):
        """This thread's read-only store."""
        st = getattr(self._local, "store", None)
        if st is None:
            from ..store import open_store

            st = open_store(self.db, readonly=True)
            self._local.store = st
            with self._open_lock:
                self._opened.append(st)
        return st

    def writer(self):
        """The one writing store; call only while holding :attr:`write_lock`."""
        if self._writer is None:
            from ..store import open_store

            self._writer = open_store(self.db, readonly=False)
        return self._writer

    def _background(self, job: Callable[[], Any]) -> None:
        def run():
            _REFRESHING.active = True
            try:
                job()
            except Exception:       # the next request computes it (and reports the error)
                log.exception("refreshing a cached answer failed")
            finally:
                _REFRESHING.active = False
        try:
            self._refresher.submit(run)
        except RuntimeError:        # shut down (the server is stopping): do it here
            run()

    def warm(self) -> None:
        """Start computing the whole-table reads the home page and
        ``/api/stories`` need, so the first requests wait for one
        computation instead of each starting its own."""
        from . import views

        self._background(lambda: views.all_stories(self))

    def wrote(self) -> None:
        """Note a write of ours (drops cached reads)."""
        self._writes += 1

    def close(self) -> None:
        self._refresher.shutdown(wait=True, cancel_futures=True)
        with self._open_lock:
            for st in self._opened:
                st.close()
            self._opened.clear()
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    # --- cache --------------------------------------------------------------
    def generation(self) -> tuple:
        """Changes whenever the database may have changed."""
        parts: list[Any] = [self._writes]
        path = self.db[len("sqlite:///"):] if self.db.startswith("sqlite:///") else self.db
        if "://" in path:
            return (self._writes, self._server_marker())
        for path in (path, path + "-wal"):
            try:
                st = os.stat(path)
                parts += [st.st_size, st.st_mtime_ns]
            except OSError:
                parts += [None, None]
        return tuple(parts)

    def _server_marker(self) -> Any:
        """A database server's change marker (``Store.change_marker``), read
        at most every :data:`SERVER_CHECK_S`; a time bucket when it has none."""
        now = time.monotonic()
        if now - self._marker_at >= SERVER_CHECK_S:
            marker = None
            try:
                marker = self.store().change_marker()
            except Exception:           # the next request reports a store that is down
                log.debug("change marker unavailable", exc_info=True)
            self._marker = marker if marker is not None else ("t", int(now / SERVER_CACHE_S))
            self._marker_at = now
        return self._marker

    def cached(self, key: Any, compute: Callable[[], Any]) -> Any:
        """``compute()`` (a whole-table read), remembered until the database changes."""
        return self._data.get(key, self.generation(), compute)

    def cached_response(self, key: str, compute: Callable[[], bytes]) -> bytes:
        """A rendered page or JSON body, remembered until the database changes."""
        return self._responses.get(key, self.generation(), compute)

    async def response(self, key: str, compute: Callable[[], bytes]) -> bytes:
        """:meth:`cached_response` for the event loop: a cache hit is answered
        right here; only a miss goes to a worker thread (to the database)."""
        hit = self._responses.peek(key, self.generation(), compute)
        if hit is not None:
            return hit
        from starlette.concurrency import run_in_threadpool

        return await run_in_threadpool(self.cached_response, key, compute)


# ``active`` is set on the refresher thread while it recomputes a stale entry.
_REFRESHING = threading.local()


class _Flight:
    """One computation of a cache entry that other threads may wait for."""

    def __init__(self, gen: tuple):
        self.gen = gen
        self.done = threading.Event()
        self.value: Any = None
        self.error: BaseException | None = None


class _LRU:
    """A small thread-safe LRU of values tagged with the database generation.

    * **One computation per entry at a time**: threads that miss the same
      entry while it is being computed wait for that computation instead of
      each running the same whole-table read (on a cold server under load
      they would otherwise pile up, each taking a core).
    * **Stale while revalidating**: when the database changed only through
      *other* processes' writes (a file or WAL change, or a database server's
      WAL position), the previous value is answered at once and one background thread
      computes the new one.  After a write of this server's own (an ingest,
      an analyst edit) the entry is computed afresh before answering, so a
      client sees its own change.
    """

    def __init__(self, entries: int, refresh: Callable[[Callable[[], None]], None] | None = None):
        self.entries = entries
        self._items: OrderedDict[Any, tuple[Any, Any]] = OrderedDict()
        self._flights: dict[Any, _Flight] = {}
        self._lock = threading.Lock()
        self._refresh = refresh

    def _stale_ok(self, hit_gen: tuple, gen: tuple) -> bool:
        # A refresh computes afresh all the way down: a page refreshed from
        # a stale whole-table read would be stored as current and stay stale
        # until the next write.
        return self._refresh is not None and hit_gen[0] == gen[0] \
            and not getattr(_REFRESHING, "active", False)

    def peek(self, key: Any, gen: tuple, compute: Callable[[], Any] | None = None) -> Any:
        """The value for ``key`` if it is of generation ``gen``; given
        ``compute``, also a stale value (a refresh is started); else None."""
        with self._lock:
            hit = self._items.get(key)
            if hit is None:
                return None
            if hit[0] == gen:
                self._items.move_to_end(key)
                return hit[1]
            if compute is None or not self._stale_ok(hit[0], gen):
                return None
            if key in self._flights:        # being computed already
                return hit[1]
            flight = self._flights[key] = _Flight(gen)
        self._refresh(lambda: self._fill(key, flight, compute))
        return hit[1]

    def get(self, key: Any, gen: tuple, compute: Callable[[], Any]) -> Any:
        stale = self.peek(key, gen, compute)
        if stale is not None:
            return stale
        with self._lock:
            flight = self._flights.get(key)
            if flight is None:
                flight = self._flights[key] = _Flight(gen)
                owner, shared = True, True
            elif flight.gen == gen:
                owner, shared = False, True
            else:                           # computing another generation: not this answer
                flight = _Flight(gen)
                owner, shared = True, False
        if owner:
            return self._fill(key, flight, compute, shared=shared)
        flight.done.wait()
        if flight.error is not None:
            raise flight.error
        return flight.value

    def _fill(self, key: Any, flight: _Flight, compute: Callable[[], Any], shared: bool = True) -> Any:
        try:
            flight.value = compute()
        except BaseException as exc:
            flight.error = exc
            raise
        finally:
            with self._lock:
                if flight.error is None:
                    self._items[key] = (flight.gen, flight.value)
                    self._items.move_to_end(key)
                    while len(self._items) > self.entries:
                        self._items.popitem(last=False)
                if shared and self._flights.get(key) is flight:
                    del self._flights[key]
            flight.done.set()
        return flight.value


# ------------------------------------------------------------------ the app

def create_app(db: str, token: str | None = None, settings: Settings | None = None):
    """The FastAPI application serving the API and the dashboard for store ``db``.

    Args:
        db: store path (as for ``khabar --db``).
        token: bearer token that unlocks ingest and analyst edits; None makes
            the server read-only (those endpoints answer 403).
        settings: resolved settings (``allow_private_urls``, ``max_bytes`` …).

    Raises:
        MissingExtra: FastAPI is not installed (extra ``[server]``).
    """
    fastapi = require("fastapi", "server")
    require("jinja2", "server")
    from fastapi.exceptions import RequestValidationError
    from starlette.exceptions import HTTPException as StarletteHTTPException

    from . import api, pages

    service = Service(db, token=token, settings=settings)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        service.warm()
        yield
        service.close()

    app = fastapi.FastAPI(
        title="khabar", version="0.1.0", docs_url=None, redoc_url=None, lifespan=lifespan,
        description="Multilingual news intelligence: articles, stories, actors, events, quotes. "
                    "Errors: {\"ok\": false, \"error\": …, \"status\": …}. Lists: "
                    "{\"items\": […], \"total\": N, \"limit\": …, \"offset\": …}.")
    app.state.khabar = service
    app.add_middleware(_SecurityHeaders)
    app.add_route("/static/{name}", _static_files(), methods=["GET", "HEAD"], include_in_schema=False)
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request, exc):
        return error_response(request, exc.status_code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request, exc):
        return error_response(request, 422, _validation_message(exc.errors()))

    @app.exception_handler(NotFound)
    async def _not_found(request, exc):
        return error_response(request, 404, str(exc))

    @app.exception_handler(MissingExtra)
    async def _missing_extra(request, exc):
        return error_response(request, 501, str(exc))

    @app.exception_handler(StoreError)
    async def _store_error(request, exc):
        log.error("store error on %s %s: %s", request.method, request.url.path, exc)
        return error_response(request, 503, f"store unavailable: {exc}")

    @app.exception_handler(KhabarError)
    async def _khabar_error(request, exc):
        return error_response(request, 400, str(exc))

    @app.exception_handler(Exception)
    async def _internal_error(request, exc):
        log.exception("internal error on %s %s", request.method, request.url.path)
        return error_response(request, 500, "internal server error; the server log has the details")

    return app


# Media types of the files in static/.
_STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                 ".svg": "image/svg+xml"}


def _static_files():
    """``/static/{name}``: the few files of ``static/``, read once and served
    from memory (no file system access, no worker thread per request)."""
    from importlib import resources

    from starlette.responses import Response

    files = {}
    for f in (resources.files("khabar.server") / "static").iterdir():
        suffix = "." + f.name.rsplit(".", 1)[-1]
        if f.is_file() and suffix in _STATIC_TYPES:
            files[f.name] = (f.read_bytes(), _STATIC_TYPES[suffix])

    async def static(request):
        found = files.get(request.path_params["name"])
        if found is None:
            return error_response(request, 404, "no such static file")
        return Response(found[0], media_type=found[1], headers={"cache-control": "max-age=3600"})

    return static


def wants_json(request) -> bool:
    """True for the API, JSON twins and clients that ask for JSON."""
    path = request.url.path
    return (path.startswith("/api/") or path.endswith(".json")
            or request.query_params.get("format") == "json"
            or "application/json" in request.headers.get("accept", "").split(",")[0])


def error_response(request, status: int, message: str, headers: dict | None = None):
    """The one error body (JSON), or an HTML error page for dashboard pages."""
    from fastapi.responses import HTMLResponse, JSONResponse

    headers = {**SECURITY_HEADERS, **(headers or {})}
    if wants_json(request):
        return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status,
                            headers=headers)
    from .pages import render

    return HTMLResponse(render("error.html", status=status, error=message, title=f"Error {status}"),
                        status_code=status, headers=headers)


def _validation_message(errors: list[dict]) -> str:
    parts = []
    for e in errors[:5]:
        where = ".".join(str(x) for x in e.get("loc", ()) if x not in ("query", "body", "path"))
        parts.append(f"{where or 'request'}: {e.get('msg', 'invalid')}")
    return "invalid request: " + "; ".join(parts)


class _SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every response (pure ASGI: no body buffering)."""

    def __init__(self, app):
        self.app = app
        self._raw = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                message.setdefault("headers", [])
                message["headers"] = list(message["headers"]) + [
                    (k, v) for k, v in self._raw if k not in present]
            await send(message)

        await self.app(scope, receive, send_with_headers)
