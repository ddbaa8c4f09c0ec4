"""Event, quote and date tables of the SQLite store (mixed into :class:`SQLiteStore`).

See migration 0004_events.sql.  Per-article facts (``event_mentions``,
``quotes``) are written by the extraction pass; ``events`` and the dates in
``event_mentions``/``article_dates`` are rewritten by fusion.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

_MENTION_COLS = ("article_id", "type", "mode", "source_actor", "target_actor", "source_text",
                 "target_text", "location", "count", "negated", "hypothetical", "sentence",
                 "start", "end", "trigger", "trigger_start", "trigger_end", "score")
_QUOTE_COLS = ("article_id", "speaker", "speaker_text", "speaker_start", "speaker_end", "cue",
               "cue_start", "cue_end", "start", "end", "sentence", "kind")


class EventTablesMixin:
    """Events, quotes and article dates."""

    # --- the work queue -----------------------------------------------------
    def articles_without_facts(self, version: int, limit: int = 256):
        rows = self.conn.execute(
            "SELECT * FROM articles a WHERE NOT EXISTS (SELECT 1 FROM fact_runs r "
            "WHERE r.article_id = a.id AND r.version = ?) ORDER BY a.rowid_ LIMIT ?",
            (version, limit)).fetchall()
        return [self._row_to_article(r) for r in rows]

    def count_without_facts(self, version: int) -> int:
        return self.conn.execute(
            "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM fact_runs r "
            "WHERE r.article_id = a.id AND r.version = ?)", (version,)).fetchone()[0]

    # --- writing ------------------------------------------------------------
    def write_fact_batch(self, *, event_mentions=(), quotes=(), done=()) -> None:
        """One transaction; re-extraction replaces an article's earlier facts.

        event_mentions: dicts with the keys of ``_MENTION_COLS``
        quotes:         dicts with the keys of ``_QUOTE_COLS``
        done:           (article_id, version)
        """
        with self._tx():
            c = self.conn
            done = list(done)
            ids = [(a,) for a, _ in done]
            c.executemany("DELETE FROM event_mentions WHERE article_id = ?", ids)
            c.executemany("DELETE FROM quotes WHERE article_id = ?", ids)
            c.executemany(
                f"INSERT INTO event_mentions ({', '.join(_MENTION_COLS)}) VALUES "
                f"({', '.join('?' * len(_MENTION_COLS))})",
                [tuple(m.get(k) for k in _MENTION_COLS) for m in event_mentions])
            c.executemany(
                f"INSERT INTO quotes ({', '.join(_QUOTE_COLS)}) VALUES "
                f"({', '.join('?' * len(_QUOTE_COLS))})",
                [tuple(q.get(k) for k in _QUOTE_COLS) for q in quotes])
            c.executemany("INSERT OR REPLACE INTO fact_runs VALUES (?, ?)", done)

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
                "ON m2.article_id = sa2.article_id)"):
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
        cols = ("id", "story_id", "type", "mode", "source", "target", "date", "date_precision",
                "location", "negated", "hypothetical", "n_sources", "disagreements")
        with self._tx():
            c = self.conn
            c.execute("DELETE FROM events")
            c.executemany(
                f"INSERT INTO events VALUES ({', '.join('?' * len(cols))})",
                [tuple(json.dumps(e[k], ensure_ascii=False) if k == "disagreements" else e.get(k)
                       for k in cols) for e in events])
            c.executemany("UPDATE event_mentions SET event_id = ?, date = ?, date_precision = ?, "
                          "date_method = ? WHERE id = ?", list(assignments))
            c.executemany("INSERT OR REPLACE INTO article_dates VALUES (?, ?, ?, ?)",
                          list(article_dates))

    # --- reading for users --------------------------------------------------
    def list_events(self, story: str | None = None, type: str | None = None,
                    actor: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        where, params = [], []
        if story:
            where.append("e.story_id = ?")
            params.append(self._require_story(story) if hasattr(self, "_require_story") else story)
        if type:
            where.append("e.type = ?")
            params.append(type.upper())
        if actor:
            where.append("(e.source = ? OR e.target = ?)")
            params += [actor, actor]
        q = ("SELECT e.*, s.name AS source_name, t.name AS target_name, l.name AS location_name "
             "FROM events e LEFT JOIN actors s ON s.id = e.source LEFT JOIN actors t ON t.id = e.target "
             "LEFT JOIN actors l ON l.id = e.location "
             + ("WHERE " + " AND ".join(where) + " " if where else "")
             + "ORDER BY e.date IS NULL, e.date, e.story_id, e.type, e.id")
        if limit is not None:
            q += f" LIMIT {int(limit)}"
        rows = [dict(r) for r in self.conn.execute(q, params)]
        self._attach_sources(rows)
        return rows

    def _attach_sources(self, rows: list[dict[str, Any]]) -> None:
        ids = [r["id"] for r in rows]
        by_event: dict[str, list[dict[str, Any]]] = {i: [] for i in ids}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            for m in self.conn.execute(
                    "SELECT m.event_id, m.article_id, m.sentence, m.start, m.end, m.trigger, "
                    "m.source_actor, m.target_actor, m.date, m.date_precision, m.date_method, m.count, "
                    "a.outlet, a.language FROM event_mentions m JOIN articles a ON a.id = m.article_id "
                    f"WHERE m.event_id IN ({','.join('?' * len(chunk))}) ORDER BY a.rowid_, m.start",
                    chunk):
                d = dict(m)
                by_event[d.pop("event_id")].append({"article": d.pop("article_id"), **d})
        for r in rows:
            r["disagreements"] = json.loads(r["disagreements"]) if r.get("disagreements") else {}
            r["negated"], r["hypothetical"] = bool(r["negated"]), bool(r["hypothetical"])
            r["sources"] = by_event.get(r["id"], [])

    def get_event(self, event_id: str) -> dict[str, Any]:
        from ..errors import NotFound

        rows = self.conn.execute("SELECT id FROM events WHERE id = ? OR id LIKE ?",
                                 (event_id, event_id.replace("%", "") + "%")).fetchall()
        if len(rows) != 1:
            raise NotFound(f"no event {event_id!r}" if not rows else f"event id {event_id!r} is ambiguous")
        q = ("SELECT e.*, s.name AS source_name, t.name AS target_name, l.name AS location_name "
             "FROM events e LEFT JOIN actors s ON s.id = e.source LEFT JOIN actors t ON t.id = e.target "
             "LEFT JOIN actors l ON l.id = e.location WHERE e.id = ?")
        out = [dict(r) for r in self.conn.execute(q, (rows[0][0],))]
        self._attach_sources(out)
        return out[0]

    def list_quotes(self, speaker: str | None = None, story: str | None = None,
                    article: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        where, params = [], []
        if speaker:
            where.append("q.speaker = ?")
            params.append(speaker)
        if story:
            where.append("q.article_id IN (SELECT article_id FROM story_articles WHERE story_id = ?)")
            params.append(self._require_story(story) if hasattr(self, "_require_story") else story)
        if article:
            where.append("q.article_id = ?")
            params.append(article)
        q = ("SELECT q.*, x.name AS speaker_name, a.text AS _text, a.outlet, a.language, "
             "coalesce(d.date, substr(a.published, 1, 10)) AS date FROM quotes q "
             "JOIN articles a ON a.id = q.article_id LEFT JOIN actors x ON x.id = q.speaker "
             "LEFT JOIN article_dates d ON d.article_id = q.article_id "
             + ("WHERE " + " AND ".join(where) + " " if where else "")
             + "ORDER BY a.rowid_, q.start")
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
        r = self.conn.execute("SELECT * FROM article_dates WHERE article_id = ?", (article_id,)).fetchone()
        return dict(r) if r else None

    def event_stats(self) -> dict[str, Any]:
        c = self.conn
        by_type = {t: n for t, n in c.execute(
            "SELECT type, count(*) FROM events GROUP BY type ORDER BY count(*) DESC, type")}
        return {"event_mentions": c.execute("SELECT count(*) FROM event_mentions").fetchone()[0],
                "events": sum(by_type.values()), "by_type": by_type,
                "quotes": c.execute("SELECT count(*) FROM quotes").fetchone()[0],
                "quotes_attributed": c.execute(
                    "SELECT count(*) FROM quotes WHERE speaker IS NOT NULL").fetchone()[0]}

    def story_ids_of(self, article_ids: Iterable[str]) -> dict[str, str]:
        ids = list(article_ids)
        out: dict[str, str] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            out.update(self.conn.execute(
                f"SELECT article_id, story_id FROM story_articles WHERE article_id IN "
                f"({','.join('?' * len(chunk))})", chunk).fetchall())
        return out
