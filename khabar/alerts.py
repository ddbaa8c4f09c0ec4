"""Watchlists and alerts: what to look out for in newly read articles, and
telling someone when it turns up.

A watchlist is a list of entries.  An entry matches an article when every
field it gives matches (fields are ANDed; entries are ORed):

``keyword``
    a word or phrase, compared on normalized keys (:func:`khabar.normalize.key`,
    in the article's language), so ``وزير الخارجية`` also finds ``وزیر الخارجيه``;
    it must match whole words, in the title or the body.
``actor``
    an actor id as listed by ``khabar entities`` (``per:sergey-lavrov``,
    ``loc:KZ``): the article names that actor.
``event_type``
    a PLOVER type (``CONSULT``, ``ASSAULT`` …): the article reports such an
    event, neither negated nor hypothetical.  With ``actor`` as well, the
    actor must be that event's source, target or location.
``language``
    the article's language (ISO 639-1).

Each entry has a ``name`` (given, or made from its fields); an article raises
at most one alert per entry.  Two formats are read:

* JSON: a list of objects, or ``{"watchlist": [...]}``;
* text: one entry a line, ``field=value`` pairs separated by ``;``; a line
  without ``=`` is a keyword; ``#`` starts a comment line.  For example::

      # keywords
      Tokayev
      actor=per:antony-blinken; event_type=CONSULT; name=Blinken calls
      keyword=وزير الخارجية; language=ar

Alerts are stored (table ``alerts``), handed to the caller (``khabar watch``
prints them as JSON lines) and, when a webhook is configured, POSTed to it as
JSON by :class:`Webhook`: a failed delivery is retried a few times and its
outcome recorded; it never stops the watcher.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

from . import normalize
from .config import Settings
from .errors import ConfigError, InputError

log = logging.getLogger(__name__)

__all__ = ["WatchEntry", "load_watchlist", "parse_watchlist", "find_alerts", "Webhook",
           "deliver_pending"]

FIELDS = ("name", "keyword", "actor", "event_type", "language")
# A webhook gets this many tries per alert, with these pauses between them
# (seconds): enough to ride out a restart of the receiving service without
# holding the watcher up for long.
WEBHOOK_ATTEMPTS = 3
WEBHOOK_DELAYS = (1.0, 3.0)
# Longest excerpt put into an alert.
EXCERPT_CHARS = 300


@dataclass(frozen=True)
class WatchEntry:
    """One watchlist entry (see the module docstring)."""

    name: str
    keyword: str | None = None
    actor: str | None = None
    event_type: str | None = None
    language: str | None = None

    @property
    def steps(self) -> set[str]:
        """The corpus steps this entry needs to have run ("actors", "events")."""
        return ({"actors"} if self.actor else set()) | ({"events"} if self.event_type else set())


# ------------------------------------------------------------------ parsing

def load_watchlist(path: str | Path) -> list[WatchEntry]:
    """Entries of the watchlist file at ``path`` (JSON or text, by content).

    Raises ConfigError for an unreadable file or a bad entry (naming the line
    or item and the valid fields)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read watchlist: {exc}", path=str(path)) from None
    return parse_watchlist(text, source=str(path))


def parse_watchlist(text: str, source: str = "watchlist") -> list[WatchEntry]:
    """Entries of a watchlist given as text (JSON when it starts with ``[`` or ``{``)."""
    stripped = text.lstrip()
    if stripped.startswith(("[", "{")):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"watchlist is not valid JSON: {exc}", path=source) from None
        if isinstance(data, dict):
            data = data.get("watchlist")
        if not isinstance(data, list):
            raise ConfigError('a JSON watchlist is a list of objects or {"watchlist": [...]}',
                              path=source)
        raw = [(f"item {i}", item) for i, item in enumerate(data, 1)]
    else:
        raw = [(f"line {n}", _text_entry(line, n, source))
               for n, line in enumerate(text.splitlines(), 1)
               if line.strip() and not line.lstrip().startswith("#")]
    entries = [_entry(where, item, source) for where, item in raw]
    seen: set[str] = set()
    for e in entries:
        if e.name in seen:
            raise ConfigError(f"two watchlist entries are named {e.name!r}; names must differ",
                              path=source)
        seen.add(e.name)
    return entries


def _text_entry(line: str, n: int, source: str) -> dict[str, str]:
    if "=" not in line:
        return {"keyword": line.strip()}
    out = {}
    for part in line.split(";"):
        if not part.strip():
            continue
        if "=" not in part:
            raise ConfigError(f"line {n}: {part.strip()!r} is not field=value "
                              f"(fields: {', '.join(FIELDS)})", path=source)
        k, v = part.split("=", 1)
        out[k.strip()] = v.strip()
    return out


def _entry(where: str, item: Any, source: str) -> WatchEntry:
    from .event_detect import PLOVER_TYPES

    if not isinstance(item, dict):
        raise ConfigError(f"{where}: an entry is an object with fields {', '.join(FIELDS)}", path=source)
    unknown = sorted(set(item) - set(FIELDS))
    if unknown:
        raise ConfigError(f"{where}: unknown field {unknown[0]!r}; valid: {', '.join(FIELDS)}",
                          path=source)
    values = {}
    for k, v in item.items():
        if v is None or (isinstance(v, str) and not v.strip()):
            continue
        if not isinstance(v, str):
            raise ConfigError(f"{where}: {k} must be a string", path=source)
        values[k] = v.strip()
    if not set(values) - {"name"}:
        raise ConfigError(f"{where}: give at least one of keyword, actor, event_type, language",
                          path=source)
    if "event_type" in values:
        values["event_type"] = values["event_type"].upper()
        if values["event_type"] not in PLOVER_TYPES:
            raise ConfigError(f"{where}: unknown event_type {values['event_type']!r}; valid: "
                              f"{', '.join(PLOVER_TYPES)}", path=source)
    if "language" in values:
        values["language"] = values["language"].lower()
    if "keyword" in values and not normalize.key(values["keyword"]):
        raise ConfigError(f"{where}: keyword {values['keyword']!r} has no letters or digits",
                          path=source)
    name = values.pop("name", None) or "; ".join(f"{k}={values[k]}" for k in FIELDS if k in values)
    return WatchEntry(name=name, **values)


# ------------------------------------------------------------------ matching

@dataclass
class _Facts:
    """What the watchlists look at in one article."""

    article: Any
    actors: set[str]
    events: list[dict[str, Any]]
    _keys: dict | None = None

    def keys(self) -> dict:
        """Normalized keys of the title and of each sentence (computed once)."""
        if self._keys is None:
            a = self.article
            self._keys = {"title": _padded(a.title or "", a.language), "sentences": [
                _padded(a.text[s.start:s.end], s.language or a.language) for s in a.sentences]}
        return self._keys


def _padded(text: str, lang: str | None) -> str:
    return f" {normalize.key(text, lang)} "


def _match_keyword(entry: WatchEntry, f: _Facts) -> dict | None:
    kw = _padded(entry.keyword, f.article.language)
    keys = f.keys()
    if kw in keys["title"]:
        return {"field": "title", "text": (f.article.title or "")[:EXCERPT_CHARS]}
    for i, k in enumerate(keys["sentences"]):
        if kw in k:
            s = f.article.sentences[i]
            return {"sentence": i, "start": s.start, "end": s.end,
                    "text": f.article.text[s.start:s.end][:EXCERPT_CHARS]}
    return None


def _match_events(entry: WatchEntry, f: _Facts) -> list[dict]:
    out = []
    for m in f.events:
        if m["type"] != entry.event_type or m["negated"] or m["hypothetical"]:
            continue
        if entry.actor and entry.actor not in (m["source_actor"], m["target_actor"], m["location"]):
            continue
        out.append({"type": m["type"], "mode": m["mode"], "source": m["source_actor"],
                    "target": m["target_actor"], "location": m["location"],
                    "event": m["event_id"], "sentence": m["sentence"], "start": m["start"],
                    "end": m["end"], "trigger": m["trigger"],
                    "text": f.article.text[m["start"]:m["end"]][:EXCERPT_CHARS]})
    return out


def match(entry: WatchEntry, f: _Facts) -> dict | None:
    """What of ``entry`` matched the article, or None when it does not match."""
    matched: dict[str, Any] = {}
    if entry.language:
        if (f.article.language or "") != entry.language:
            return None
        matched["language"] = entry.language
    if entry.actor and not entry.event_type:
        if entry.actor not in f.actors:
            return None
        matched["actor"] = entry.actor
    if entry.event_type:
        events = _match_events(entry, f)
        if not events:
            return None
        matched["event_type"] = entry.event_type
        if entry.actor:
            matched["actor"] = entry.actor
        matched["events"] = events[:5]
    if entry.keyword:
        where = _match_keyword(entry, f)
        if where is None:
            return None
        matched["keyword"] = entry.keyword
        matched["where"] = where
    return matched


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def find_alerts(store, items: Iterable[dict[str, Any]], watchlist: list[WatchEntry]
                ) -> list[dict[str, Any]]:
    """Alerts for new articles: one per matching (entry, article).

    Args:
        store: the open store (articles, their actors and event mentions).
        items: dicts with ``article_id`` and ``feed_url`` (the unchecked watch items).
        watchlist: the entries.

    Returns alert dicts ready for :meth:`Store.write_alerts` (``created_at``,
    ``watch``, ``article_id``, ``feed_url``, ``matched``, ``payload``,
    ``delivery`` = "none").
    """
    items = [i for i in items if i.get("article_id")]
    if not watchlist or not items:
        return []
    ids = list(dict.fromkeys(i["article_id"] for i in items))
    feed_of = {i["article_id"]: i["feed_url"] for i in items}
    need = set().union(*(e.steps for e in watchlist))
    actors = store.article_actor_ids(ids) if "actors" in need else {}
    events = store.event_mentions_of(ids) if "events" in need else {}
    alerts = []
    for aid in ids:
        facts = _Facts(store.get_article(aid), actors.get(aid, set()), events.get(aid, []))
        for entry in watchlist:
            matched = match(entry, facts)
            if matched is None:
                continue
            alerts.append({"created_at": _now(), "watch": entry.name, "article_id": aid,
                           "feed_url": feed_of[aid], "matched": matched, "delivery": "none",
                           "payload": _payload(entry, facts.article, feed_of[aid], matched)})
    return alerts


def _payload(entry: WatchEntry, a, feed_url: str, matched: dict) -> dict[str, Any]:
    """The alert as printed and POSTed (plain text values: titles and excerpts
    are never HTML, whatever the feed sent; a consumer must escape them)."""
    return {"type": "khabar.alert", "watch": entry.name, "matched": matched,
            "article": {"id": a.id, "title": a.title, "url": a.url, "outlet": a.outlet,
                        "language": a.language, "published": a.published},
            "feed": feed_url}


def alert_message(alert: dict[str, Any]) -> dict[str, Any]:
    """The JSON object for a stored alert: its payload with ``id`` and ``created_at``."""
    return {"id": alert["id"], "created_at": alert["created_at"], **alert["payload"]}


# ------------------------------------------------------------------ delivery

class Webhook:
    """POSTs alerts as JSON to one URL (checked like any fetched URL: loopback
    and private addresses only with ``allow_private_urls``).

    ``stop`` (a :class:`threading.Event`) cuts the pauses between tries short.
    """

    def __init__(self, url: str, settings: Settings, *, attempts: int = WEBHOOK_ATTEMPTS,
                 delays: tuple[float, ...] = WEBHOOK_DELAYS, stop: threading.Event | None = None):
        self.url, self.settings = url, settings
        self.attempts, self.delays = max(1, attempts), delays
        self.stop = stop or threading.Event()

    def deliver(self, message: dict[str, Any]) -> tuple[bool, int, str | None]:
        """Try to POST ``message``; returns (delivered, tries made, last error)."""
        from .readers.web import post_json

        error = None
        for n in range(1, self.attempts + 1):
            try:
                post_json(self.url, message, self.settings)
                return True, n, None
            except InputError as exc:
                error = f"{exc.reason}: {exc.message}"
                if exc.reason in ("private-address", "unsupported"):
                    return False, n, error  # trying again cannot help
            except Exception as exc:  # noqa: BLE001 - a webhook must never stop the watcher
                log.exception("webhook %s: unexpected error", self.url)
                error = f"{type(exc).__name__}: {exc}"
            log.warning("webhook %s: try %d of %d failed: %s", self.url, n, self.attempts, error)
            if n < self.attempts:
                pause = self.delays[min(n - 1, len(self.delays) - 1)] if self.delays else 0
                if self.stop.wait(pause):
                    break
        return False, n, error


def deliver_pending(store, webhook: Webhook) -> list[dict[str, Any]]:
    """Deliver every stored alert still ``pending`` (oldest first) and record the
    outcome of each (``delivered`` or ``failed``, tries, error); returns the
    alerts with their new state."""
    out = []
    for alert in reversed(store.list_alerts(delivery="pending")):
        if webhook.stop.is_set():
            break
        ok, tries, error = webhook.deliver(alert_message(alert))
        state = "delivered" if ok else "failed"
        store.set_alert_delivery(alert["id"], state, alert["attempts"] + tries, error,
                                 _now() if ok else None)
        out.append({**alert, "delivery": state, "attempts": alert["attempts"] + tries,
                    "delivery_error": error})
    return out
