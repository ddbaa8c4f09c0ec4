"""Event, quote and date tables of the PostgreSQL store (mixed into :class:`PostgresStore`).

The same methods and results as :mod:`khabar.store.sqlite_events` (whose
column lists it shares); see ``pg_migrations/0004_events.sql``.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from ..errors import NotFound
from .common import like_prefix
from .sqlite_events import _MENTION_COLS, _QUOTE_COLS

_EVENT_COLS = ("id", "story_id", "type", "mode", "source", "target", "date", "date_precision",
               "location", "negated", "hypothetical", "n_sources", "disagreements")


def _cols(names: Iterable[str]) -> str:
    """Column names quoted ("end" is a reserved word in PostgreSQL)."""
    return ", ".join(f'"{n}"' for n in names)


def _marks(n: int) -> str:
    return ", ".join(["%s"] * n)


_EVENT_ROWS = ("SELECT e.*, s.name AS source_name, t.name AS target_name, l.name AS location_name "
               "FROM events e LEFT JOIN actors s ON s.id = e.source "
               "LEFT JOIN actors t ON t.id = e.target LEFT JOIN actors l ON l.id = e.location ")


class PgEventTablesMixin:
    """Events, quotes and article dates."""

    # --- the work queue -----------------------------------------------------
    def articles_without_facts(self, version: int, limit: int = 256):
        rows = self.conn.execute(
            "SELECT * FROM articles a WHERE NOT EXISTS (SELECT 1 FROM fact_runs r "
            "WHERE r.article_id = a.id AND r.version = %s) ORDER BY a.rowid_ LIMIT %s",
            (version, limit)).fetchall()
        return self._rows_to_articles(rows)

    def count_without_facts(self, version: int) -> int:
        return self.conn.execute(
            "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM fact_runs r "
            "WHERE r.article_id = a.id AND r.version = %s)", (version,)).fetchone()[0]

    # --- writing ------------------------------------------------------------
    def write_fact_batch(self, *, event_mentions=(), quotes=(), done=()) -> None:
        """One transaction; re-extraction replaces an article's earlier facts.

        event_mentions: dicts with the keys of ``_MENTION_COLS``
        quotes:         dicts with the keys of ``_QUOTE_COLS``
        done:           (article_id, version)
        """
        with self._tx():
            done = list(done)
            ids = [a for a, _ in done]
            if ids:
                self.conn.execute("DELETE FROM event_mentions WHERE article_id = ANY(%s)", (ids,))
                self.conn.execute("DELETE FROM quotes WHERE article_id = ANY(%s)", (ids,))
            self._copy("event_mentions", _MENTION_COLS,
                       [tuple(m.get(k) for k in _MENTION_COLS) for m in event_mentions])
            self._copy("quotes", _QUOTE_COLS, [tuple(q.get(k) for k in _QUOTE_COLS) for q in quotes])
            self._many("INSERT INTO fact_runs VALUES (%s, %s) ON CONFLICT (article_id) "
                       "DO UPDATE SET version = excluded.version", done)

    # --- fusion -------------------------------------------------------------
    def fusion_inputs(self) -> dict[str, Any]:
        """Everything fusion needs, read in a few scans.

        ``articles``: id -> {published, language, story, weekday};
        ``mentions``: the event mention rows (dicts).
        """
        arts: dict[str, dict[str, Any]] = {}
        for r in self.conn.execute(
                "SELECT a.id, a.published, a.published_source, a.language, a.text, sa.story_id, "
                "sa.weekday FROM articles a LEFT JOIN story_articles sa ON sa.article_id = a.id "
                "WHERE EXISTS (SELECT 1 FROM event_mentions m WHERE m.article_id = a.id) "
                "OR sa.story_id IN (SELECT sa2.story_id FROM story_articles sa2 JOIN event_mentions m2 "
                "ON m2.article_id = sa2.article_id) ORDER BY a.rowid_"):
            arts[r["id"]] = dict(r)
        mentions = [dict(r) for r in self.conn.execute(
            "SELECT * FROM event_mentions ORDER BY article_id, start, id")]
        return {"articles": arts, "mentions": mentions}

    def write_fusion(self, *, events=(), assignments=(), article_dates=()) -> None:
        """Replace all fused events.

        events:        dicts (id, story_id, type, mode, source, target, date, date_precision,
                       location, negated, hypothetical, n_sources, disagreements)
        assignments:   (event_id, date, date_precision, date_method, mention_id)
        article_dates: (article_id, date, precision, method)
        """
        with self._tx():
            self.conn.execute("DELETE FROM events")
            self._many(
                f"INSERT INTO events ({_cols(_EVENT_COLS)}) VALUES ({_marks(len(_EVENT_COLS))})",
                [tuple(json.dumps(e[k], ensure_ascii=False) if k == "disagreements" else e.get(k)
                       for k in _EVENT_COLS) for e in events])
            self._many("UPDATE event_mentions SET event_id = %s, date = %s, date_precision = %s, "
                       "date_method = %s WHERE id = %s", assignments)
            self._many("INSERT INTO article_dates VALUES (%s, %s, %s, %s) ON CONFLICT (article_id) "
                       "DO UPDATE SET date = excluded.date, precision = excluded.precision, "
                       "method = excluded.method", article_dates)

    # --- reading for users --------------------------------------------------
    def list_events(self, story: str | None = None, type: str | None = None,
                    actor: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        where, params = [], []
        if story:
            where.append("e.story_id = %s")
            params.append(self._require_story(story))
        if type:
            where.append("e.type = %s")
            params.append(type.upper())
        if actor:
            where.append("(e.source = %s OR e.target = %s)")
            params += [actor, actor]
        q = (_EVENT_ROWS + ("WHERE " + " AND ".join(where) + " " if where else "")
             + "ORDER BY e.date IS NULL, e.date, e.story_id, e.type, e.id")
        if limit is not None:
            q += f" LIMIT {int(limit)}"
        rows = [dict(r) for r in self.conn.execute(q, params)]
        self._attach_sources(rows)
        return rows

    def _attach_sources(self, rows: list[dict[str, Any]]) -> None:
        ids = [r["id"] for r in rows]
        by_event: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
        if ids:
            for m in self.conn.execute(
                    'SELECT m.event_id, m.article_id, m.sentence, m.start, m."end", m.trigger, '
                    "m.source_actor, m.target_actor, m.date, m.date_precision, m.date_method, m.count, "
                    "a.outlet, a.language FROM event_mentions m JOIN articles a ON a.id = m.article_id "
                    "WHERE m.event_id = ANY(%s) ORDER BY a.rowid_, m.start, m.id", (ids,)):
                d = dict(m)
                by_event[d.pop("event_id")].append({"article": d.pop("article_id"), **d})
        for r in rows:
            r["disagreements"] = json.loads(r["disagreements"]) if r.get("disagreements") else {}
            r["negated"], r["hypothetical"] = bool(r["negated"]), bool(r["hypothetical"])
            r["sources"] = by_event.get(r["id"], [])

    def get_event(self, event_id: str) -> dict[str, Any]:
        # Event ids are "e" + lowercase hex; SQLite's LIKE ignores case.
        rows = self.conn.execute("SELECT id FROM events WHERE id = %s OR id LIKE %s",
                                 (event_id, like_prefix(event_id).lower())).fetchall()
        if len(rows) != 1:
            raise NotFound(f"no event {event_id!r}" if not rows else f"event id {event_id!r} is ambiguous")
        out = [dict(r) for r in self.conn.execute(_EVENT_ROWS + "WHERE e.id = %s", (rows[0][0],))]
        self._attach_sources(out)
        return out[0]

    def list_quotes(self, speaker: str | None = None, story: str | None = None,
                    article: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        where, params = [], []
        if speaker:
            where.append("q.speaker = %s")
            params.append(speaker)
        if story:
            where.append("q.article_id IN (SELECT article_id FROM story_articles WHERE story_id = %s)")
            params.append(self._require_story(story))
        if article:
            where.append("q.article_id = %s")
            params.append(article)
        q = ("SELECT q.*, x.name AS speaker_name, a.text AS _text, a.outlet, a.language, "
             "coalesce(d.date, substr(a.published, 1, 10)) AS date FROM quotes q "
             "JOIN articles a ON a.id = q.article_id LEFT JOIN actors x ON x.id = q.speaker "
             "LEFT JOIN article_dates d ON d.article_id = q.article_id "
             + ("WHERE " + " AND ".join(where) + " " if where else "")
             + "ORDER BY a.rowid_, q.start, q.id")
        if limit is not None:
            q += f" LIMIT {int(limit)}"
        out = []
        for r in self.conn.execute(q, params):
            d = dict(r)
            text = d.pop("_text")
            d["article"] = d.pop("article_id")
            d["text"] = text[d["start"]:d["end"]]
            out.append(d)
        return out

    def article_date(self, article_id: str) -> dict[str, Any] | None:
        r = self.conn.execute("SELECT * FROM article_dates WHERE article_id = %s", (article_id,)).fetchone()
        return dict(r) if r else None

    def event_stats(self) -> dict[str, Any]:
        one = lambda q: self.conn.execute(q).fetchone()[0]  # noqa: E731
        by_type = {t: n for t, n in self.conn.execute(
            "SELECT type, count(*) FROM events GROUP BY type ORDER BY count(*) DESC, type")}
        return {"event_mentions": one("SELECT count(*) FROM event_mentions"),
                "events": sum(by_type.values()), "by_type": by_type,
                "quotes": one("SELECT count(*) FROM quotes"),
                "quotes_attributed": one("SELECT count(*) FROM quotes WHERE speaker IS NOT NULL")}

    def story_ids_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        ids = list(article_ids)
        if not ids:
            return {}
        return dict(self.conn.execute(
            "SELECT article_id, story_id FROM story_articles WHERE article_id = ANY(%s)",
            (ids,)).fetchall())
