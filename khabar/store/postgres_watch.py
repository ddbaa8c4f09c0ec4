"""Feed-watching and alert tables of the PostgreSQL store (mixed into :class:`PostgresStore`).

The same methods and results as :mod:`khabar.store.sqlite_watch`; see
``pg_migrations/0005_watch.sql``.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from .sqlite_watch import ALERT_COLS, FEED_COLS, alert_row


def _marks(n: int) -> str:
    return ", ".join(["%s"] * n)


class PgWatchTablesMixin:
    """Watched feeds, the items read from them, and alerts."""

    # --- feeds --------------------------------------------------------------
    def watch_feed(self, url: str) -> dict[str, Any] | None:
        r = self.conn.execute("SELECT * FROM watch_feeds WHERE url = %s", (url,)).fetchone()
        return dict(r) if r else None

    def watch_feeds(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute("SELECT * FROM watch_feeds ORDER BY url")]

    def record_watch_poll(self, state: dict[str, Any], items: Iterable[tuple] = ()) -> None:
        updates = ", ".join(f"{k} = excluded.{k}" for k in FEED_COLS if k != "url")
        with self._tx():
            self.conn.execute(
                f"INSERT INTO watch_feeds ({', '.join(FEED_COLS)}) VALUES ({_marks(len(FEED_COLS))}) "
                f"ON CONFLICT (url) DO UPDATE SET {updates}", tuple(state.get(k) for k in FEED_COLS))
            self._many(
                "INSERT INTO watch_items (feed_url, item_key, article_id, checked, first_seen) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (feed_url, item_key) DO NOTHING",
                [(state["url"], key, aid, checked, state["last_polled"]) for key, aid, checked in items])

    def seen_watch_items(self, feed_url: str, keys: Iterable[str]) -> set[str]:
        keys = list(keys)
        if not keys:
            return set()
        return {r[0] for r in self.conn.execute(
            "SELECT item_key FROM watch_items WHERE feed_url = %s AND item_key = ANY(%s)",
            (feed_url, keys))}

    def forget_watch_items(self, feed_url: str, keep: Iterable[str], before: str) -> int:
        keep = set(keep)
        old = [r[0] for r in self.conn.execute(
            "SELECT item_key FROM watch_items WHERE feed_url = %s AND first_seen < %s AND checked = 1",
            (feed_url, before)) if r[0] not in keep]
        if old:
            with self._tx():
                self.conn.execute("DELETE FROM watch_items WHERE feed_url = %s AND item_key = ANY(%s)",
                                  (feed_url, old))
        return len(old)

    def unchecked_watch_items(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(
            "SELECT w.feed_url, w.item_key, w.article_id FROM watch_items w "
            "JOIN articles a ON a.id = w.article_id WHERE w.checked = 0 ORDER BY a.rowid_")]

    # --- alerts ---------------------------------------------------------------
    def write_alerts(self, alerts: Iterable[dict[str, Any]], checked: Iterable[tuple[str, str]] = ()
                     ) -> list[dict[str, Any]]:
        out = []
        with self._tx():
            for a in alerts:
                row = self.conn.execute(
                    f"INSERT INTO alerts ({', '.join(ALERT_COLS)}) VALUES ({_marks(len(ALERT_COLS))}) "
                    "ON CONFLICT (watch, article_id) DO NOTHING RETURNING id",
                    tuple(json.dumps(a[k], ensure_ascii=False) if k in ("matched", "payload") else a[k]
                          for k in ALERT_COLS)).fetchone()
                if row is not None:
                    out.append({**a, "id": int(row[0])})
            self._many("UPDATE watch_items SET checked = 1 WHERE feed_url = %s AND item_key = %s",
                       list(checked))
        return out

    def set_alert_delivery(self, alert_id: int, delivery: str, attempts: int,
                           error: str | None = None, delivered_at: str | None = None) -> None:
        with self._tx():
            self.conn.execute(
                "UPDATE alerts SET delivery = %s, attempts = %s, delivery_error = %s, delivered_at = %s "
                "WHERE id = %s", (delivery, attempts, error, delivered_at, alert_id))

    def list_alerts(self, limit: int | None = None, delivery: str | None = None) -> list[dict[str, Any]]:
        q = "SELECT * FROM alerts" + (" WHERE delivery = %s" if delivery else "") + " ORDER BY id DESC"
        if limit is not None:
            q += f" LIMIT {int(limit)}"
        return [alert_row(r) for r in self.conn.execute(q, (delivery,) if delivery else ())]

    # --- what the watchlists look at -------------------------------------------
    def event_mentions_of(self, article_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        ids = list(article_ids)
        out: dict[str, list[dict[str, Any]]] = {a: [] for a in ids}
        if not ids:
            return out
        for r in self.conn.execute(
                'SELECT article_id, type, mode, source_actor, target_actor, location, negated, '
                'hypothetical, sentence, start, "end", trigger, event_id FROM event_mentions '
                "WHERE article_id = ANY(%s) ORDER BY article_id, start, id", (ids,)):
            out[r["article_id"]].append(dict(r))
        return out
