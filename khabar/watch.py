"""Continuous feed monitoring: poll RSS/Atom feeds, ingest what is new, raise alerts.

::

    FEEDS.txt ──► each round, each feed that is due:
                    wait for the host's minimum delay
                    GET (If-None-Match / If-Modified-Since) ── 304 ──► nothing new
                    │  checked like every fetch: http(s) only, no private addresses
                    │  (each redirect hop again), size and time limits
                    ▼
                  readers.feeds.read_feed (defusedxml, encodings, HTML → text)
                    ▼
                  items not seen before (guid, else link, else content hash)
                    ▼
                  ingest.ingest_items ──► store; feed state + seen items saved together
                 then, once per round: actors · stories · events (as `khabar ingest`)
                    ▼
                 alerts.find_alerts (watchlist) ──► alerts table, caller, webhook

Everything a restart needs is in the store (``watch_feeds``, ``watch_items``,
``alerts``; migration 0005): the validators of each feed, its consecutive
failures and next poll time, the items already read, and new articles whose
alerts are not evaluated yet (so alerts survive a stop between ingesting and
matching).  A failed poll (network error, HTTP error status, too large, not a
feed, unsafe XML) backs the feed off exponentially: the next poll waits
``interval × 2^failures``, at most ``max_backoff``.  A stop request
(:attr:`Watcher.stop`, set by the CLI on Ctrl-C or SIGTERM) is honoured
between feeds and during every wait.

Known window: a process killed after a feed's articles were committed but
before its items were recorded reads those items again next time; they are
then duplicates (sightings only, never ingested twice) and raise no alert.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable
from urllib.parse import urlsplit

from .alerts import Webhook, WatchEntry, deliver_pending, find_alerts
from .article import RawDocument, Rejection, article_id
from .config import Setting, Settings
from .errors import ConfigError, InputError, StoreError
from .ingest import ingest_items
from .readers import web
from .readers._formats import format_by_media_type
from .readers._io import SNIFF_BYTES
from .readers.feeds import read_feed

log = logging.getLogger(__name__)

__all__ = ["WATCH_SETTINGS", "WatchOptions", "Watcher", "FeedReport", "RoundReport",
           "read_feed_list", "backoff_delay"]

# Settings of the watcher, declared once (CLI help derives from them).
WATCH_SETTINGS: tuple[Setting, ...] = (
    Setting("interval", 600.0, "Seconds between two polls of the same feed."),
    Setting("host_delay", 2.0, "Minimum seconds between two requests to the same host "
                               "(politeness towards sites that serve several feeds)."),
    Setting("max_backoff", 6 * 3600.0, "Longest wait, in seconds, before polling a failing feed "
                                       "again (the wait doubles with each consecutive failure)."),
)
_DEFAULTS = {s.name: s.default for s in WATCH_SETTINGS}
# Items read from a feed are remembered this long after they left it.  Long
# enough for any feed to have rotated them out; forgetting one early is
# harmless (it would be read again as a duplicate, not ingested twice).
SEEN_RETENTION_DAYS = 90
# Validators longer than this, or not printable ASCII, are not sent back (a
# hostile server must not be able to smuggle header lines into our requests).
_MAX_VALIDATOR = 512
# Longest item key stored as is; longer links are hashed.
_MAX_KEY = 400
STEPS = ("actors", "stories", "events")
# Refusals made before any request: backing off spares no server and would
# only delay the feed once the user allows it; they are reported each round.
NO_BACKOFF = frozenset({"private-address"})


@dataclass
class WatchOptions:
    """What :class:`Watcher` does besides fetching (limits are in :class:`Settings`)."""

    interval: float = _DEFAULTS["interval"]
    host_delay: float = _DEFAULTS["host_delay"]
    max_backoff: float = _DEFAULTS["max_backoff"]
    steps: tuple[str, ...] = STEPS  # corpus steps run after new articles, in order
    watchlist: list[WatchEntry] = field(default_factory=list)
    webhook: str | None = None


@dataclass
class FeedReport:
    """The outcome of one feed in one round.

    ``status``: ``ok``, ``not-modified``, ``backing-off`` (not polled: it
    failed before and its next poll is later) or ``error`` (``reason`` and
    ``error`` say why)."""

    url: str
    status: str
    new_items: int = 0
    ingested: int = 0
    duplicates: int = 0
    rejected: int = 0
    reason: str | None = None
    error: str | None = None
    failures: int = 0
    next_poll: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class RoundReport:
    """One polling round: each feed's report and the alerts raised."""

    feeds: list[FeedReport] = field(default_factory=list)
    alerts: list[dict[str, Any]] = field(default_factory=list)
    steps: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)  # corpus steps that failed
    stopped: bool = False

    @property
    def failed(self) -> list[FeedReport]:
        return [f for f in self.feeds if f.status == "error"]


def read_feed_list(path: str | Path) -> list[str]:
    """Feed URLs in a file: one per line; blank lines and ``#`` comment lines
    are skipped, and so is anything after `` #`` on a line.  Repeats are dropped.

    Raises ConfigError naming the first line that is not an http(s) URL."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read feed list: {exc}", path=str(path)) from None
    urls: list[str] = []
    for n, line in enumerate(text.splitlines(), 1):
        line = line.split(" #", 1)[0].split("\t#", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        parts = urlsplit(line)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            raise ConfigError(f"line {n}: {line[:100]!r} is not an http(s) URL "
                              "(one feed URL per line; # starts a comment)", path=str(path))
        if line not in urls:
            urls.append(line)
    if not urls:
        raise ConfigError("no feed URLs in the file (one http(s) URL per line)", path=str(path))
    return urls


def backoff_delay(failures: int, interval: float, max_backoff: float) -> float:
    """Seconds to wait after ``failures`` consecutive failed polls:
    ``interval × 2^failures``, at most ``max_backoff`` (but never less than
    ``interval``)."""
    return max(interval, min(interval * 2.0 ** min(failures, 60), max_backoff))


def _iso(t: float) -> str:
    return datetime.fromtimestamp(t, timezone.utc).isoformat(timespec="seconds")


def _validator(value: str | None) -> str | None:
    if value and len(value) <= _MAX_VALIDATOR and value.isascii() and value.isprintable():
        return value
    return None


def item_key(item: RawDocument | Rejection) -> str:
    """What identifies a feed item across polls: its guid, else its link, else
    a hash of its content (a rejected item: of where and why)."""
    if isinstance(item, Rejection):
        raw = f"{item.source}\n{item.reason}\n{item.detail}"
        return "rejected:" + hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:20]
    for prefix, value in (("guid:", item.meta.get("guid")), ("link:", item.url)):
        if value:
            if len(value) > _MAX_KEY:
                value = value[:200] + "#" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()
            return prefix + value
    return "hash:" + article_id(item.title, item.text)


class Watcher:
    """Polls ``feeds`` into ``store``; see the module docstring.

    Args:
        store: an open, writable store.
        settings: limits (``timeout``, ``max_bytes``, ``allow_private_urls`` …).
        feeds: feed URLs (:func:`read_feed_list`).
        options: :class:`WatchOptions`.
        stop: an Event that ends :meth:`run` between feeds (and cuts waits short).
        clock: seconds since the epoch (tests move time forward).
        run_step: runs a corpus step by name (``khabar.cli`` passes the one
            ``khabar ingest`` uses); by default ``khabar.<step>.update_<step>``.
        on_feed: called with each :class:`FeedReport`.
        on_alert: called with each new alert (the JSON message).
    """

    def __init__(self, store, settings: Settings, feeds: list[str], options: WatchOptions | None = None,
                 *, stop: threading.Event | None = None, clock: Callable[[], float] = time.time,
                 run_step: Callable[[str, Any, Settings], Any] | None = None,
                 on_feed: Callable[[FeedReport], None] | None = None,
                 on_alert: Callable[[dict[str, Any]], None] | None = None):
        self.store, self.settings, self.feeds = store, settings, list(feeds)
        self.options = options or WatchOptions()
        self.stop = stop or threading.Event()
        self.clock = clock
        self.run_step = run_step or _run_step
        self.on_feed, self.on_alert = on_feed, on_alert
        self._host_free_at: dict[str, float] = {}  # host -> monotonic time it may be asked again
        unknown = set(self.options.steps) - set(STEPS)
        if unknown:
            raise ConfigError(f"unknown step {sorted(unknown)[0]!r}; valid: {', '.join(STEPS)}")
        for entry in self.options.watchlist:
            missing = entry.steps - set(self.options.steps)
            if missing:
                raise ConfigError(f"watchlist entry {entry.name!r} needs the {sorted(missing)[0]} "
                                  "step, which is turned off")
        self.webhook = (Webhook(self.options.webhook, settings, stop=self.stop)
                        if self.options.webhook else None)

    # --- rounds ---------------------------------------------------------------
    def run(self, once: bool = False) -> RoundReport:
        """Poll round after round until :attr:`stop` is set (or one round with
        ``once``); returns the last round's report."""
        while True:
            report = self.poll_round(once=once)
            if once or self.stop.is_set():
                return report
            self.stop.wait(self._pause())
            if self.stop.is_set():
                report.stopped = True
                return report

    def _pause(self) -> float:
        """Seconds until the next feed is due (at least one, at most an interval)."""
        now = self.clock()
        due = [s["next_poll"] for s in self.store.watch_feeds()
               if s["url"] in self.feeds and s["next_poll"] is not None]
        if len(due) < len(self.feeds):
            return 1.0
        return max(1.0, min(self.options.interval, min(due) - now))

    def poll_round(self, once: bool = False) -> RoundReport:
        """Poll every due feed once, then run the corpus steps and raise alerts.

        A feed is due when its next poll time has come; with ``once`` every
        feed is polled except one backing off after failures."""
        report = RoundReport()
        for url in self.feeds:
            if self.stop.is_set():
                report.stopped = True
                break
            rep = self._poll_if_due(url, once)
            if rep is not None:
                report.feeds.append(rep)
                if self.on_feed:
                    self.on_feed(rep)
        if self.stop.is_set():
            report.stopped = True
            return report  # unchecked items are finished by the next run
        if self.store.unchecked_watch_items() and self._run_steps(report):
            report.alerts = self._raise_alerts(self.store.unchecked_watch_items())
        if self.webhook:
            deliver_pending(self.store, self.webhook)
        return report

    def _run_steps(self, report: RoundReport) -> bool:
        """The corpus steps over the new articles; False when one failed (its
        articles keep waiting for their alerts, and the next round tries again)."""
        for step in self.options.steps:
            try:
                report.steps[step] = self.run_step(step, self.store, self.settings)
            except StoreError:
                raise
            except Exception as exc:  # noqa: BLE001 - the watcher outlives a failing step
                log.exception("%s step failed", step)
                report.errors.append(f"{step} step failed: {type(exc).__name__}: {exc}")
                return False
        return True

    def _poll_if_due(self, url: str, once: bool) -> FeedReport | None:
        state = self.store.watch_feed(url) or {"url": url, "failures": 0, "items": 0, "ingested": 0}
        now = self.clock()
        nxt = state.get("next_poll")
        if nxt is not None and nxt > now:
            if state["failures"] > 0 and once:  # said once a run, not every round
                return FeedReport(url, "backing-off", failures=state["failures"], next_poll=nxt)
            if state["failures"] > 0 or not once:
                return None
        if not self._wait_for_host(url):
            return None
        try:
            return self.poll_feed(url, state)
        except StoreError:
            raise
        except Exception as exc:  # noqa: BLE001 - one feed must never stop the watcher
            log.exception("%s: unexpected error while polling", url)
            return self._failed(state, "error", f"internal error: {type(exc).__name__}: {exc}")
        finally:
            self._host_free_at[_host(url)] = time.monotonic() + self.options.host_delay

    def _wait_for_host(self, url: str) -> bool:
        """Wait out the host's minimum delay; False when stopped meanwhile."""
        wait = self._host_free_at.get(_host(url), 0.0) - time.monotonic()
        if wait > 0 and self.stop.wait(wait):
            return False
        return True

    # --- one feed ---------------------------------------------------------------
    def poll_feed(self, url: str, state: dict[str, Any]) -> FeedReport:
        """Fetch one feed (conditionally), ingest its new items, save its state."""
        headers = {}
        if _validator(state.get("etag")):
            headers["If-None-Match"] = state["etag"]
        if _validator(state.get("last_modified")):
            headers["If-Modified-Since"] = state["last_modified"]
        try:
            fetched = web.fetch(url, self.settings, headers=headers)
        except InputError as exc:
            return self._failed(state, exc.reason, exc.message)
        if fetched.status == 304:
            return self._succeeded(state, FeedReport(url, "not-modified"), fetched=None)
        kind = format_by_media_type(fetched.mime, fetched.data[:SNIFF_BYTES])
        if kind != "feed":
            return self._failed(state, "unsupported", f"not an RSS or Atom feed (media type "
                                f"{fetched.mime or 'unknown'}, content looks like {kind})")
        items = list(read_feed(url, fetched.data, self.settings, url=fetched.url,
                               declared=fetched.charset))
        docs = [i for i in items if isinstance(i, RawDocument)]
        whole = [i for i in items if isinstance(i, Rejection) and i.source == url]
        broken = [r for r in whole if r.reason != "empty"]
        if broken and not docs:
            return self._failed(state, broken[0].reason, broken[0].detail)
        report = FeedReport(url, "ok", reason=broken[0].reason if broken else None,
                            error=broken[0].detail if broken else None)
        entries = [i for i in items if not (isinstance(i, Rejection) and i.source == url)]
        rows = self._ingest_new(url, entries, report)
        return self._succeeded(state, report, fetched=fetched, rows=rows,
                               keys=[item_key(i) for i in entries])

    def _ingest_new(self, url: str, entries: list, report: FeedReport) -> list[tuple]:
        """Ingest the entries not read before; returns their watch_items rows."""
        keyed: dict[str, RawDocument | Rejection] = {}
        for item in entries:
            keyed.setdefault(item_key(item), item)
        seen = self.store.seen_watch_items(url, keyed)
        new = {k: i for k, i in keyed.items() if k not in seen}
        report.new_items = len(new)
        if not new:
            return []
        ids = {k: article_id(i.title, i.text) for k, i in new.items() if isinstance(i, RawDocument)}
        before = self.store.known_ids(ids.values())
        summary = ingest_items(list(new.values()), self.store, self.settings, inputs=[url])
        report.ingested, report.duplicates = summary.ingested, summary.duplicates
        report.rejected = sum(summary.rejected.values()) + summary.failed
        stored = self.store.known_ids(ids.values())
        rows, fresh = [], set()
        for k in new:
            aid = ids.get(k)
            is_new = aid in stored and aid not in before and aid not in fresh
            if is_new:
                fresh.add(aid)
            rows.append((k, aid if aid in stored else None, 0 if is_new else 1))
        return rows

    def _succeeded(self, state: dict, report: FeedReport, *, fetched, rows=(), keys=()) -> FeedReport:
        now = self.clock()
        if fetched is not None:
            state["etag"] = _validator(fetched.etag)
            state["last_modified"] = _validator(fetched.last_modified)
        state.update(failures=0, next_poll=now + self.options.interval, last_polled=_iso(now),
                     last_status=report.status if report.reason is None else report.reason,
                     last_error=report.error, items=state.get("items", 0) + report.new_items,
                     ingested=state.get("ingested", 0) + report.ingested)
        self.store.record_watch_poll(state, rows)
        if keys:
            before = _iso(now - SEEN_RETENTION_DAYS * 86400)
            self.store.forget_watch_items(report.url, keys, before)
        report.next_poll = state["next_poll"]
        log.info("%s: %s, %d new items, %d ingested", report.url, report.status,
                 report.new_items, report.ingested)
        return report

    def _failed(self, state: dict, reason: str, detail: str | None) -> FeedReport:
        now = self.clock()
        if reason in NO_BACKOFF:
            failures, delay = state.get("failures", 0), self.options.interval
        else:
            failures = state.get("failures", 0) + 1
            delay = backoff_delay(failures, self.options.interval, self.options.max_backoff)
        state.update(failures=failures, next_poll=now + delay, last_polled=_iso(now),
                     last_status=reason, last_error=detail)
        self.store.record_watch_poll(state)
        log.warning("%s: %s: %s (%d consecutive failures; next poll in %.0f s)", state["url"],
                    reason, detail, failures, delay)
        return FeedReport(state["url"], "error", reason=reason, error=detail, failures=failures,
                          next_poll=state["next_poll"])

    # --- alerts -------------------------------------------------------------------
    def _raise_alerts(self, pending: list[dict[str, Any]]) -> list[dict[str, Any]]:
        from .alerts import alert_message

        alerts = find_alerts(self.store, pending, self.options.watchlist)
        for a in alerts:
            a["delivery"] = "pending" if self.webhook else "none"
        new = self.store.write_alerts(alerts, checked=[(i["feed_url"], i["item_key"]) for i in pending])
        messages = [alert_message(a) for a in new]
        if self.on_alert:
            for m in messages:
                self.on_alert(m)
        return messages


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _run_step(step: str, store, settings: Settings):
    import importlib

    module = importlib.import_module(f"khabar.{step}")
    return getattr(module, f"update_{step}")(store, settings)
