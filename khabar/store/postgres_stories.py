"""Story tables of the PostgreSQL store (mixed into :class:`PostgresStore`).

The same methods and results as :mod:`khabar.store.sqlite_stories`; see
``pg_migrations/0002_stories.sql``.  SQLite's ``INSERT OR REPLACE`` becomes
``ON CONFLICT … DO UPDATE`` setting every column the replacing row sets (and
the others back to their defaults where SQLite's delete-and-insert would).
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from ..errors import NotFound
from .common import like_prefix
from .sqlite_stories import _FEW_STORIES


def _now() -> str:
    from .postgres import _now as now

    return now()


_STORY_ROWS = """
SELECT s.id, s.title, s.title_locked, s.created_at, s.updated_at, s.version,
       count(m.article_id) AS article_count,
       count(DISTINCT coalesce(c.original_id, m.article_id)) AS independent_sources,
       string_agg(DISTINCT a.language, ',') AS languages,
       string_agg(DISTINCT a.outlet, ',') AS outlets,
       coalesce(min(substr(a.published, 1, 10)), min(substr(a.ingested_at, 1, 10))) AS first_seen,
       coalesce(max(substr(a.published, 1, 10)), max(substr(a.ingested_at, 1, 10))) AS last_seen,
       count(a.published) AS dated_articles
FROM stories s
JOIN story_articles m ON m.story_id = s.id
JOIN articles a ON a.id = m.article_id
LEFT JOIN copies c ON c.article_id = m.article_id AND c.original_id IS NOT NULL
WHERE s.merged_into IS NULL {where}
GROUP BY s.id
"""

_LIVE_LINKS = ("SELECT l.a, l.b FROM story_links l JOIN stories x ON x.id = l.a AND x.merged_into "
               "IS NULL JOIN stories y ON y.id = l.b AND y.merged_into IS NULL")


class PgStoryTablesMixin:
    """Persistence for :mod:`khabar.stories`: embeddings, copies, stories,
    memberships, links, analyst pins and the audit log."""

    # --- pipeline side ----------------------------------------------------
    def unassigned_articles(self, limit: int = 256):
        rows = self.conn.execute(
            "SELECT * FROM articles a WHERE NOT EXISTS (SELECT 1 FROM story_articles m "
            "WHERE m.article_id = a.id) ORDER BY a.rowid_ LIMIT %s", (limit,)).fetchall()
        return self._rows_to_articles(rows)

    def count_unassigned(self) -> int:
        return self.conn.execute(
            "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM story_articles m "
            "WHERE m.article_id = a.id)").fetchone()[0]

    def assigned_vectors(self, model: str) -> list[tuple]:
        """(rowid, article_id, story_id, published, vector bytes, language, weekday)."""
        return self.conn.execute(
            "SELECT a.rowid_, a.id, m.story_id, a.published, e.vector, a.language, m.weekday "
            "FROM story_articles m "
            "JOIN articles a ON a.id = m.article_id JOIN embeddings e ON e.article_id = a.id "
            "AND e.model = %s ORDER BY a.rowid_", (model,)).fetchall()

    def vectors(self, article_ids: Iterable[str], model: str) -> dict[str, bytes]:
        ids = list(article_ids)
        if not ids:
            return {}
        return {r[0]: r[1] for r in self.conn.execute(
            "SELECT article_id, vector FROM embeddings WHERE model = %s AND article_id = ANY(%s)",
            (model, ids))}

    def arrival_keys(self, article_ids: list[str]) -> dict[str, int]:
        """Arrival order key (integer) of each article, for ANN index keys."""
        if not article_ids:
            return {}
        return dict(self.conn.execute("SELECT id, rowid_ FROM articles WHERE id = ANY(%s)",
                                      (list(article_ids),)).fetchall())

    def copy_rows(self) -> list[tuple]:
        # Arrival order: the detector's tie-breaks and bucket caps depend on it.
        return self.conn.execute(
            "SELECT c.article_id, c.original_id, c.similarity, c.kind, c.signature FROM copies c "
            "JOIN articles a ON a.id = c.article_id ORDER BY a.rowid_").fetchall()

    def pins(self) -> dict[str, str]:
        return dict(self.conn.execute(
            "SELECT article_id, story_id FROM story_pins ORDER BY article_id").fetchall())

    def write_story_batch(self, *, embeddings=(), copies=(), stories=(), members=(), links=()) -> None:
        """One transaction: embeddings (article_id, model, dim, blob), copies
        (article_id, original_id, similarity, kind, signature), new stories
        (id, title, title_article), memberships (article_id, story_id, score,
        method, weekday) and related links (a, b, score)."""
        now = _now()
        with self._tx():
            self._many("INSERT INTO embeddings VALUES (%s, %s, %s, %s) ON CONFLICT (article_id, model) "
                       "DO UPDATE SET dim = excluded.dim, vector = excluded.vector", embeddings)
            self._many("INSERT INTO copies VALUES (%s, %s, %s, %s, %s) ON CONFLICT (article_id) DO "
                       "UPDATE SET original_id = excluded.original_id, similarity = excluded.similarity, "
                       "kind = excluded.kind, signature = excluded.signature", copies)
            self._many("INSERT INTO stories (id, title, title_article, created_at, updated_at) "
                       "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (id) DO NOTHING",
                       [(s, t, ta, now, now) for s, t, ta in stories])
            members = list(members)
            self._many("INSERT INTO story_articles VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT "
                       "(article_id) DO UPDATE SET story_id = excluded.story_id, score = excluded.score, "
                       "method = excluded.method, assigned_at = excluded.assigned_at, "
                       "weekday = excluded.weekday",
                       [(a, s, sc, m, now, wd) for a, s, sc, m, wd in members])
            self._many("UPDATE stories SET version = version + 1, updated_at = %s WHERE id = %s",
                       [(now, s) for s in sorted({m[1] for m in members})])
            self._many("INSERT INTO story_links VALUES (%s, %s, %s) ON CONFLICT (a, b) DO NOTHING",
                       [(min(a, b), max(a, b), sc) for a, b, sc in links if a != b])

    def set_story_title(self, story_id: str, title: str, article_id: str | None) -> None:
        with self._tx():
            self.conn.execute("UPDATE stories SET title = %s, title_article = %s WHERE id = %s "
                              "AND title_locked = 0", (title, article_id, story_id))

    def save_summary(self, story_id: str, summary: dict, version: int) -> None:
        with self._tx():
            self.conn.execute("UPDATE stories SET summary_json = %s, summary_version = %s WHERE id = %s",
                              (json.dumps(summary, ensure_ascii=False), version, story_id))

    # --- reading ------------------------------------------------------------
    def _story_dicts(self, where: str = "", params=(), order: str = "ORDER BY first_seen, s.id",
                     limit: int | None = None) -> list[dict[str, Any]]:
        q = _STORY_ROWS.format(where=where) + " " + order
        if limit is not None:
            q += f" LIMIT {int(limit)}"
        rows = [dict(r) for r in self.conn.execute(q, params)]
        if not rows:
            return rows
        ids = [r["id"] for r in rows]
        members: dict[str, list[str]] = {i: [] for i in ids}
        related: dict[str, list[str]] = {i: [] for i in ids}
        if len(ids) <= _FEW_STORIES:
            # A few stories (one story's page, a refresh of changed titles):
            # read only their members and links, not the whole table.
            member_rows = self.conn.execute(
                "SELECT m.story_id, m.article_id FROM story_articles m JOIN articles a "
                "ON a.id = m.article_id WHERE m.story_id = ANY(%s) ORDER BY a.rowid_", (ids,))
            link_rows = self.conn.execute(
                _LIVE_LINKS + " WHERE l.a = ANY(%s) OR l.b = ANY(%s)", (ids, ids))
        else:
            member_rows = self.conn.execute(
                "SELECT m.story_id, m.article_id FROM story_articles m JOIN articles a "
                "ON a.id = m.article_id ORDER BY a.rowid_")
            link_rows = self.conn.execute(_LIVE_LINKS)
        for sid, aid in member_rows:
            if sid in members:
                members[sid].append(aid)
        for a, b in link_rows:
            if a in related:
                related[a].append(b)
            if b in related:
                related[b].append(a)
        for r in rows:
            r["articles"] = members[r["id"]]
            r["related"] = sorted(set(related[r["id"]]))
            r["languages"] = sorted((r["languages"] or "").split(",")) if r["languages"] else []
            r["outlets"] = sorted((r["outlets"] or "").split(",")) if r["outlets"] else []
            r["title_locked"] = bool(r["title_locked"])
        return rows

    def list_stories(self, limit: int | None = None) -> list[dict[str, Any]]:
        return self._story_dicts(limit=limit)

    def get_story(self, story_id: str) -> dict[str, Any]:
        # The exact id first (an indexed lookup), then an id prefix (story ids
        # are "s" + lowercase hex; SQLite's LIKE ignores case).
        rows = (self._story_dicts("AND s.id = %s", (story_id,))
                or self._story_dicts("AND s.id LIKE %s", (like_prefix(story_id).lower(),)))
        if len(rows) != 1:
            merged = self.conn.execute("SELECT merged_into FROM stories WHERE id = %s",
                                       (story_id,)).fetchone()
            if merged and merged[0]:
                return self.get_story(merged[0])
            raise NotFound(f"no story {story_id!r}" if not rows else
                           f"story id prefix {story_id!r} is ambiguous")
        row = rows[0]
        s = self.conn.execute("SELECT summary_json, summary_version FROM stories WHERE id = %s",
                              (row["id"],)).fetchone()
        row["summary"] = json.loads(s[0]) if s[0] and s[1] == row["version"] else None
        row["members"] = [dict(r) for r in self.conn.execute(
            "SELECT m.article_id AS id, a.title, a.language, a.outlet, a.published, m.method, "
            "m.score, c.original_id AS copy_of, c.kind AS copy_kind FROM story_articles m "
            "JOIN articles a ON a.id = m.article_id LEFT JOIN copies c ON c.article_id = a.id "
            "AND c.original_id IS NOT NULL WHERE m.story_id = %s ORDER BY a.rowid_", (row["id"],))]
        return row

    def story_audit(self) -> list[dict[str, Any]]:
        return [dict(id=r[0], at=r[1], action=r[2], **json.loads(r[3])) for r in self.conn.execute(
            "SELECT id, at, action, payload FROM story_audit ORDER BY id")]

    # --- analyst edits ------------------------------------------------------
    def _audit(self, action: str, payload: dict) -> None:
        self.conn.execute("INSERT INTO story_audit (at, action, payload) VALUES (%s, %s, %s)",
                          (_now(), action, json.dumps(payload, ensure_ascii=False)))

    def _require_story(self, story_id: str) -> str:
        return self.get_story(story_id)["id"]

    def _pin(self, article_ids: Iterable[str], story_id: str) -> None:
        now = _now()
        ids = list(article_ids)
        self._many("INSERT INTO story_pins VALUES (%s, %s, %s) ON CONFLICT (article_id) "
                   "DO UPDATE SET story_id = excluded.story_id, at = excluded.at",
                   [(a, story_id, now) for a in ids])
        self._many("UPDATE story_articles SET story_id = %s, method = 'analyst' WHERE article_id = %s",
                   [(story_id, a) for a in ids])
        self.conn.execute("UPDATE stories SET version = version + 1, updated_at = %s WHERE id = %s",
                          (now, story_id))

    def merge_stories(self, target: str, sources: list[str]) -> str:
        target = self._require_story(target)
        sources = [self._require_story(s) for s in sources]
        with self._tx():
            for src in sources:
                if src == target:
                    continue
                ids = [r[0] for r in self.conn.execute(
                    "SELECT m.article_id FROM story_articles m JOIN articles a ON a.id = m.article_id "
                    "WHERE m.story_id = %s ORDER BY a.rowid_", (src,))]
                self._pin(ids, target)
                self.conn.execute("UPDATE stories SET merged_into = %s WHERE id = %s", (target, src))
            self._audit("merge", {"target": target, "sources": sources})
        return target

    def move_article(self, article_id: str, story_id: str) -> None:
        story_id = self._require_story(story_id)
        art = self.get_article(article_id)
        with self._tx():
            old = self.conn.execute("SELECT story_id FROM story_articles WHERE article_id = %s",
                                    (art.id,)).fetchone()
            self._pin([art.id], story_id)
            if old:
                self.conn.execute("UPDATE stories SET version = version + 1 WHERE id = %s", (old[0],))
            self._audit("move", {"article": art.id, "from": old[0] if old else None, "to": story_id})

    def split_story(self, story_id: str, article_ids: list[str]) -> str:
        story_id = self._require_story(story_id)
        members = {r[0] for r in self.conn.execute(
            "SELECT article_id FROM story_articles WHERE story_id = %s", (story_id,))}
        ids = [self.get_article(a).id for a in article_ids]
        missing = [a for a in ids if a not in members]
        if missing:
            raise NotFound(f"articles {', '.join(missing)} are not in story {story_id}")
        if len(ids) >= len(members):
            raise NotFound("a split must leave at least one article in the original story")
        new_id = "s" + ids[0]
        title = self.get_article(ids[0]).title
        now = _now()
        with self._tx():
            # SQLite's INSERT OR REPLACE: a story of that id (merged away earlier)
            # starts over, every other column back to its default.
            self.conn.execute(
                "INSERT INTO stories (id, title, title_article, created_at, updated_at) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (id) DO UPDATE SET title = excluded.title, "
                "title_article = excluded.title_article, title_locked = 0, merged_into = NULL, "
                "created_at = excluded.created_at, updated_at = excluded.updated_at, "
                "summary_json = NULL, summary_version = 0, version = 0",
                (new_id, title, ids[0], now, now))
            self._pin(ids, new_id)
            self.conn.execute("UPDATE stories SET version = version + 1 WHERE id = %s", (story_id,))
            self._audit("split", {"story": story_id, "new": new_id, "articles": ids})
        return new_id

    def rename_story(self, story_id: str, title: str) -> None:
        story_id = self._require_story(story_id)
        with self._tx():
            self.conn.execute("UPDATE stories SET title = %s, title_locked = 1 WHERE id = %s",
                              (title, story_id))
            self._audit("rename", {"story": story_id, "title": title})

