"""Feed-watching and alert tables of the SQLite store (mixed into :class:`SQLiteStore`).

See migration 0005_watch.sql and :mod:`khabar.watch` / :mod:`khabar.alerts`.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

# Columns of watch_feeds, in the order the upsert writes them.
FEED_COLS = ("url", "etag", "last_modified", "failures", "next_poll", "last_polled",
             "last_status", "last_error", "items", "ingested")
# Columns of alerts written when an alert is raised.
ALERT_COLS = ("created_at", "watch", "article_id", "feed_url", "matched", "payload", "delivery")


def alert_row(r: dict[str, Any]) -> dict[str, Any]:
    """An ``alerts`` row with its JSON columns decoded (shared with PostgreSQL)."""
    d = dict(r)
    d["matched"] = json.loads(d["matched"])
    d["payload"] = json.loads(d["payload"])
    return d


class WatchTablesMixin:
    """Watched feeds, the items read from them, and alerts."""

    # --- feeds --------------------------------------------------------------
    def watch_feed(self, url: str) -> dict[str, Any] | None:
        r = self.conn.execute("SELECT * FROM watch_feeds WHERE url = ?", (url,)).fetchone()
        return dict(r) if r else None

    def watch_feeds(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute("SELECT * FROM watch_feeds ORDER BY url")]

    def record_watch_poll(self, state: dict[str, Any], items: Iterable[tuple] = ()) -> None:
        """Upsert the feed's state and add the items read, in one transaction.

        items: (item_key, article_id or None, checked 0/1); known keys are kept.
        """
        with self._tx():
            self.conn.execute(
                f"INSERT OR REPLACE INTO watch_feeds ({', '.join(FEED_COLS)}) "
                f"VALUES ({', '.join('?' * len(FEED_COLS))})", tuple(state.get(k) for k in FEED_COLS))
            self.conn.executemany(
                "INSERT OR IGNORE INTO watch_items (feed_url, item_key, article_id, checked, first_seen) "
                "VALUES (?, ?, ?, ?, ?)",
                [(state["url"], key, aid, checked, state["last_polled"]) for key, aid, checked in items])

    def seen_watch_items(self, feed_url: str, keys: Iterable[str]) -> set[str]:
        keys = list(keys)
        found: set[str] = set()
        for i in range(0, len(keys), 500):
            chunk = keys[i:i + 500]
            found.update(r[0] for r in self.conn.execute(
                f"SELECT item_key FROM watch_items WHERE feed_url = ? AND item_key IN "
                f"({','.join('?' * len(chunk))})", [feed_url, *chunk]))
        return found

    def forget_watch_items(self, feed_url: str, keep: Iterable[str], before: str) -> int:
        """Forget items of ``feed_url`` first seen before ``before`` (ISO) and not in ``keep``."""
        keep = set(keep)
        old = [r[0] for r in self.conn.execute(
            "SELECT item_key FROM watch_items WHERE feed_url = ? AND first_seen < ? AND checked = 1",
            (feed_url, before)) if r[0] not in keep]
        if old:
            with self._tx():
                self.conn.executemany("DELETE FROM watch_items WHERE feed_url = ? AND item_key = ?",
                                      [(feed_url, k) for k in old])
        return len(old)

    def unchecked_watch_items(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(
            "SELECT w.feed_url, w.item_key, w.article_id FROM watch_items w "
            "JOIN articles a ON a.id = w.article_id WHERE w.checked = 0 ORDER BY a.rowid_")]

    # --- alerts ---------------------------------------------------------------
    def write_alerts(self, alerts: Iterable[dict[str, Any]], checked: Iterable[tuple[str, str]] = ()
                     ) -> list[dict[str, Any]]:
        """Insert alerts (one per watch and article: repeats are ignored) and mark
        the items ``checked`` ((feed_url, item_key)) in one transaction; returns
        the alerts inserted, with their ``id``."""
        out = []
        with self._tx():
            for a in alerts:
                cur = self.conn.execute(
                    f"INSERT OR IGNORE INTO alerts ({', '.join(ALERT_COLS)}) "
                    f"VALUES ({', '.join('?' * len(ALERT_COLS))})",
                    tuple(json.dumps(a[k], ensure_ascii=False) if k in ("matched", "payload") else a[k]
                          for k in ALERT_COLS))
                if cur.rowcount:
                    out.append({**a, "id": int(cur.lastrowid)})
            self.conn.executemany("UPDATE watch_items SET checked = 1 WHERE feed_url = ? AND item_key = ?",
                                  list(checked))
        return out

    def set_alert_delivery(self, alert_id: int, delivery: str, attempts: int,
                           error: str | None = None, delivered_at: str | None = None) -> None:
        with self._tx():
            self.conn.execute(
                "UPDATE alerts SET delivery = ?, attempts = ?, delivery_error = ?, delivered_at = ? "
                "WHERE id = ?", (delivery, attempts, error, delivered_at, alert_id))

    def list_alerts(self, limit: int | None = None, delivery: str | None = None) -> list[dict[str, Any]]:
        q = "SELECT * FROM alerts" + (" WHERE delivery = ?" if delivery else "") + " ORDER BY id DESC"
        if limit is not None:
            q += f" LIMIT {int(limit)}"
        return [alert_row(r) for r in self.conn.execute(q, (delivery,) if delivery else ())]

    # --- what the watchlists look at -------------------------------------------
    def event_mentions_of(self, article_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        """Event mentions of each article (type, actors, sentence, trigger, negated …)."""
        ids = list(article_ids)
        out: dict[str, list[dict[str, Any]]] = {a: [] for a in ids}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for r in self.conn.execute(
                    "SELECT article_id, type, mode, source_actor, target_actor, location, negated, "
                    "hypothetical, sentence, start, \"end\", trigger, event_id FROM event_mentions "
                    f"WHERE article_id IN ({','.join('?' * len(chunk))}) ORDER BY article_id, start, id",
                    chunk):
                out[r["article_id"]].append(dict(r))
        return out
