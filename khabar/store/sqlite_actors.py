"""Actor tables of the SQLite store (mixed into :class:`SQLiteStore`)."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Iterable

from ..errors import NotFound
from . import common


def _now() -> str:
    from .sqlite import _now as now

    return now()


class ActorTablesMixin:
    """Actors, their spellings, and mentions.  See migration 0003_actors.sql."""

    # --- the work queue -----------------------------------------------------
    def articles_without_entities(self, version: int, limit: int = 256):
        rows = self.conn.execute(
            "SELECT * FROM articles a WHERE NOT EXISTS (SELECT 1 FROM entity_runs r "
            "WHERE r.article_id = a.id AND r.version = ?) ORDER BY a.rowid_ LIMIT ?",
            (version, limit)).fetchall()
        return [self._row_to_article(r) for r in rows]

    def count_without_entities(self, version: int) -> int:
        return self.conn.execute(
            "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM entity_runs r "
            "WHERE r.article_id = a.id AND r.version = ?)", (version,)).fetchone()[0]

    # --- writing ------------------------------------------------------------
    def write_entity_batch(self, *, actors=(), names=(), mentions=(), done=(), attach=()) -> int:
        """One transaction; returns the number of mentions ``attach`` linked.

        actors:   (id, name, type, kind, country, qid, source)
        names:    (actor_id, key, name, script, lang, method, confidence, mentions)
        mentions: (article_id, actor_id, field, sentence, start, end, surface, key, type, confidence, method)
        done:     (article_id, version)
        attach:   (key, actor_id, method, confidence): every unresolved mention
                  with that key now points at the actor
        """
        now = _now()
        with self._tx():
            c = self.conn
            done = list(done)
            if done:
                # Re-extraction replaces an article's earlier mentions.
                c.executemany("DELETE FROM mentions WHERE article_id = ?", [(a,) for a, _ in done])
            c.executemany("INSERT OR IGNORE INTO actors VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                          [(*a, now) for a in actors])
            c.executemany(
                "INSERT INTO actor_names VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (actor_id, key) DO UPDATE SET mentions = mentions + excluded.mentions, "
                "confidence = max(confidence, excluded.confidence)", list(names))
            c.executemany(
                "INSERT INTO mentions (article_id, actor_id, field, sentence, start, end, surface, key, "
                "type, confidence, method) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", list(mentions))
            c.executemany("INSERT OR REPLACE INTO entity_runs VALUES (?, ?)", done)
            attach = [(actor_id, method, conf, key) for key, actor_id, method, conf in attach]
            if not attach:
                return 0
            # executemany sums the statements' row counts.
            return c.executemany("UPDATE mentions SET actor_id = ?, method = ?, confidence = ? "
                                 "WHERE key = ? AND actor_id IS NULL", attach).rowcount

    # --- reading for the resolver -------------------------------------------
    def learned_names(self) -> list[tuple[str, str, float, str]]:
        """(key, actor_id, confidence, method) of the spellings earlier runs
        learned: each key's first link by the knowledge base or by fuzzy
        matching, in mention order (what a run learns as it goes), then the
        names of promoted actors.  Links that hold in one article only
        (partial references, variants) are not spellings for all."""
        return self.conn.execute(common.LEARNED_SQL).fetchall()

    def stored_actors(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute("SELECT * FROM actors")]

    def unresolved_groups(self) -> list[dict[str, Any]]:
        """Unresolved mentions grouped by key: type, surfaces, articles."""
        groups: dict[str, dict[str, Any]] = {}
        for key, typ, surface, article, lang in self.conn.execute(
                "SELECT m.key, m.type, m.surface, m.article_id, a.language FROM mentions m "
                "JOIN articles a ON a.id = m.article_id WHERE m.actor_id IS NULL"):
            g = groups.setdefault(key, {"key": key, "types": Counter(), "surfaces": Counter(),
                                        "articles": set(), "languages": Counter()})
            g["types"][typ] += 1
            g["surfaces"][surface] += 1
            g["articles"].add(article)
            g["languages"][lang] += 1
        return list(groups.values())

    def article_actor_ids(self, article_ids: Iterable[str]) -> dict[str, set[str]]:
        ids = list(article_ids)
        out: dict[str, set[str]] = {a: set() for a in ids}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            q = ("SELECT article_id, actor_id FROM mentions WHERE actor_id IS NOT NULL AND "
                 "article_id IN (%s)" % ",".join("?" * len(chunk)))
            for a, actor in self.conn.execute(q, chunk):
                out[a].add(actor)
        return out

    # --- reading for users --------------------------------------------------
    def list_actors(self, type: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        q = ("SELECT x.id, x.name, x.type, x.kind, x.country, x.qid, x.source, "
             "count(DISTINCT m.article_id) AS articles, count(m.id) AS mentions FROM actors x "
             "JOIN mentions m ON m.actor_id = x.id "
             + ("WHERE x.type = ? " if type else "")
             + "GROUP BY x.id ORDER BY articles DESC, mentions DESC, x.id")
        params: list[Any] = [type.upper()] if type else []
        if limit is not None:
            q += f" LIMIT {int(limit)}"
        rows = [dict(r) for r in self.conn.execute(q, params)]
        names = defaultdict(list)
        for actor_id, name in self.conn.execute(
                "SELECT actor_id, name FROM actor_names WHERE mentions > 0 ORDER BY mentions DESC, name"):
            names[actor_id].append(name)
        for r in rows:
            r["names"] = names.get(r["id"], [])
        return rows

    def get_actor(self, actor_id: str) -> dict[str, Any]:
        row = self.conn.execute("SELECT * FROM actors WHERE id = ?", (actor_id,)).fetchone()
        if row is None:
            rows = self.conn.execute("SELECT * FROM actors WHERE id LIKE ? OR lower(name) = lower(?)",
                                     (actor_id.replace("%", "") + "%", actor_id)).fetchall()
            if len(rows) != 1:
                raise NotFound(f"no actor {actor_id!r}" if not rows else
                               f"actor id {actor_id!r} is ambiguous")
            row = rows[0]
        out = dict(row)
        aid = out["id"]
        out["spellings"] = [dict(r) for r in self.conn.execute(
            "SELECT name, script, lang, method, confidence, mentions FROM actor_names "
            "WHERE actor_id = ? AND mentions > 0 ORDER BY script, mentions DESC, name", (aid,))]
        out["names"] = [s["name"] for s in out["spellings"]]
        out["timeline"] = [dict(r) for r in self.conn.execute(
            "SELECT coalesce(substr(a.published, 1, 10), substr(a.ingested_at, 1, 10)) AS date, "
            "count(*) AS mentions, count(DISTINCT a.id) AS articles FROM mentions m "
            "JOIN articles a ON a.id = m.article_id WHERE m.actor_id = ? GROUP BY 1 ORDER BY 1", (aid,))]
        out["articles"] = sum(t["articles"] for t in out["timeline"])
        out["co_actors"] = [dict(r) for r in self.conn.execute(
            "SELECT o.actor_id AS id, x.name, x.type, count(DISTINCT o.article_id) AS articles "
            "FROM mentions m JOIN mentions o ON o.article_id = m.article_id AND o.actor_id != m.actor_id "
            "JOIN actors x ON x.id = o.actor_id WHERE m.actor_id = ? GROUP BY o.actor_id "
            "ORDER BY articles DESC, x.name LIMIT 20", (aid,))]
        out["stories"] = [dict(r) for r in self.conn.execute(
            "SELECT s.id, s.title, count(DISTINCT m.article_id) AS articles FROM mentions m "
            "JOIN story_articles sa ON sa.article_id = m.article_id "
            "JOIN stories s ON s.id = sa.story_id AND s.merged_into IS NULL "
            "WHERE m.actor_id = ? GROUP BY s.id ORDER BY articles DESC, s.id LIMIT 50", (aid,))]
        return out

    def article_mentions(self, article_id: str) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(
            "SELECT m.field, m.sentence, m.start, m.end, m.surface, m.type, m.actor_id, x.name AS actor_name, "
            "m.confidence, m.method FROM mentions m LEFT JOIN actors x ON x.id = m.actor_id "
            "WHERE m.article_id = ? ORDER BY m.start", (article_id,))]

    def story_actors(self, story_id: str, limit: int = 8) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(
            "SELECT x.id, x.name, x.type, count(DISTINCT m.article_id) AS articles, count(*) AS mentions "
            "FROM story_articles sa JOIN mentions m ON m.article_id = sa.article_id "
            "JOIN actors x ON x.id = m.actor_id WHERE sa.story_id = ? GROUP BY x.id "
            "ORDER BY articles DESC, mentions DESC, x.name LIMIT ?", (story_id, limit))]

    def entity_stats(self) -> dict[str, Any]:
        c = self.conn
        total = c.execute("SELECT count(*) FROM mentions").fetchone()[0]
        linked = c.execute("SELECT count(*) FROM mentions WHERE actor_id IS NOT NULL").fetchone()[0]
        kb = c.execute("SELECT count(*) FROM mentions m JOIN actors x ON x.id = m.actor_id "
                       "WHERE x.source = 'kb'").fetchone()[0]
        actors = c.execute("SELECT count(DISTINCT actor_id) FROM mentions WHERE actor_id IS NOT NULL").fetchone()[0]
        return {"mentions": total, "linked": linked, "linked_to_kb": kb, "actors": actors,
                "auto_actors": c.execute("SELECT count(*) FROM actors WHERE source = 'auto'").fetchone()[0]}

