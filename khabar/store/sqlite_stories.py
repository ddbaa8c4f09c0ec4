"""Story tables of the SQLite store (mixed into :class:`SQLiteStore`)."""

from __future__ import annotations

import json
from typing import Any, Iterable

from ..errors import NotFound


def _now() -> str:
    from .sqlite import _now as now

    return now()


# Up to this many stories, members and links are read by story id.
_FEW_STORIES = 400

_STORY_ROWS = """
SELECT s.id, s.title, s.title_locked, s.created_at, s.updated_at, s.version,
       count(m.article_id) AS article_count,
       count(DISTINCT coalesce(c.original_id, m.article_id)) AS independent_sources,
       group_concat(DISTINCT a.language) AS languages,
       group_concat(DISTINCT a.outlet) AS outlets,
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


class StoryTablesMixin:
    """Persistence for :mod:`khabar.stories`: embeddings, copies, stories,
    memberships, links, analyst pins and the audit log."""

    # --- pipeline side ----------------------------------------------------
    def unassigned_articles(self, limit: int = 256):
        rows = self.conn.execute(
            "SELECT * FROM articles a WHERE NOT EXISTS (SELECT 1 FROM story_articles m "
            "WHERE m.article_id = a.id) ORDER BY a.rowid_ LIMIT ?", (limit,)).fetchall()
        return [self._row_to_article(r) for r in rows]

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
            "AND e.model = ? ORDER BY a.rowid_", (model,)).fetchall()

    def vectors(self, article_ids: Iterable[str], model: str) -> dict[str, bytes]:
        ids = list(article_ids)
        out: dict[str, bytes] = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            q = ("SELECT article_id, vector FROM embeddings WHERE model = ? AND article_id IN (%s)"
                 % ",".join("?" * len(chunk)))
            out.update({r[0]: r[1] for r in self.conn.execute(q, [model, *chunk])})
        return out

    def arrival_keys(self, article_ids: list[str]) -> dict[str, int]:
        """Arrival order key (integer) of each article, for ANN index keys."""
        q = "SELECT id, rowid_ FROM articles WHERE id IN (%s)" % ",".join("?" * len(article_ids))
        return dict(self.conn.execute(q, article_ids).fetchall())

    def copy_rows(self) -> list[tuple]:
        # Arrival order: the detector's tie-breaks and bucket caps depend on it.
        return self.conn.execute(
            "SELECT c.article_id, c.original_id, c.similarity, c.kind, c.signature FROM copies c "
            "JOIN articles a ON a.id = c.article_id ORDER BY a.rowid_").fetchall()

    def pins(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT article_id, story_id FROM story_pins").fetchall())

    def write_story_batch(self, *, embeddings=(), copies=(), stories=(), members=(), links=()) -> None:
        """One transaction: embeddings (article_id, model, dim, blob), copies
        (article_id, original_id, similarity, kind, signature), new stories
        (id, title, title_article), memberships (article_id, story_id, score,
        method, weekday) and related links (a, b, score)."""
        now = _now()
        with self._tx():
            c = self.conn
            c.executemany("INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?, ?)", list(embeddings))
            c.executemany("INSERT OR REPLACE INTO copies VALUES (?, ?, ?, ?, ?)", list(copies))
            c.executemany("INSERT OR IGNORE INTO stories (id, title, title_article, created_at, "
                          "updated_at) VALUES (?, ?, ?, ?, ?)",
                          [(s, t, ta, now, now) for s, t, ta in stories])
            members = list(members)
            c.executemany("INSERT OR REPLACE INTO story_articles VALUES (?, ?, ?, ?, ?, ?)",
                          [(a, s, sc, m, now, wd) for a, s, sc, m, wd in members])
            c.executemany("UPDATE stories SET version = version + 1, updated_at = ? WHERE id = ?",
                          [(now, s) for s in {m[1] for m in members}])
            c.executemany("INSERT OR IGNORE INTO story_links VALUES (?, ?, ?)",
                          [(min(a, b), max(a, b), sc) for a, b, sc in links if a != b])

    def set_story_title(self, story_id: str, title: str, article_id: str | None) -> None:
        with self._tx():
            self.conn.execute("UPDATE stories SET title = ?, title_article = ? WHERE id = ? "
                              "AND title_locked = 0", (title, article_id, story_id))

    def save_summary(self, story_id: str, summary: dict, version: int) -> None:
        with self._tx():
            self.conn.execute("UPDATE stories SET summary_json = ?, summary_version = ? WHERE id = ?",
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
            marks = ",".join("?" * len(ids))
            member_rows = self.conn.execute(
                "SELECT m.story_id, m.article_id FROM story_articles m JOIN articles a "
                f"ON a.id = m.article_id WHERE m.story_id IN ({marks}) ORDER BY a.rowid_", ids)
            link_rows = self.conn.execute(
                "SELECT l.a, l.b FROM story_links l JOIN stories x ON x.id = l.a AND x.merged_into "
                "IS NULL JOIN stories y ON y.id = l.b AND y.merged_into IS NULL "
                f"WHERE l.a IN ({marks}) OR l.b IN ({marks})", ids + ids)
        else:
            member_rows = self.conn.execute(
                "SELECT m.story_id, m.article_id FROM story_articles m JOIN articles a "
                "ON a.id = m.article_id ORDER BY a.rowid_")
            link_rows = self.conn.execute(
                "SELECT l.a, l.b FROM story_links l JOIN stories x ON x.id = l.a AND x.merged_into "
                "IS NULL JOIN stories y ON y.id = l.b AND y.merged_into IS NULL")
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
        # The exact id first (an indexed lookup), then an id prefix.
        rows = (self._story_dicts("AND s.id = ?", (story_id,))
                or self._story_dicts("AND s.id LIKE ?", (story_id.replace("%", "") + "%",)))
        if len(rows) != 1:
            merged = self.conn.execute("SELECT merged_into FROM stories WHERE id = ?",
                                       (story_id,)).fetchone()
            if merged and merged[0]:
                return self.get_story(merged[0])
            raise NotFound(f"no story {story_id!r}" if not rows else
                           f"story id prefix {story_id!r} is ambiguous")
        row = rows[0]
        s = self.conn.execute("SELECT summary_json, summary_version FROM stories WHERE id = ?",
                              (row["id"],)).fetchone()
        row["summary"] = json.loads(s[0]) if s[0] and s[1] == row["version"] else None
        row["members"] = [dict(r) for r in self.conn.execute(
            "SELECT m.article_id AS id, a.title, a.language, a.outlet, a.published, m.method, "
            "m.score, c.original_id AS copy_of, c.kind AS copy_kind FROM story_articles m "
            "JOIN articles a ON a.id = m.article_id LEFT JOIN copies c ON c.article_id = a.id "
            "AND c.original_id IS NOT NULL WHERE m.story_id = ? ORDER BY a.rowid_", (row["id"],))]
        return row

    def story_audit(self) -> list[dict[str, Any]]:
        return [dict(id=r[0], at=r[1], action=r[2], **json.loads(r[3])) for r in self.conn.execute(
            "SELECT id, at, action, payload FROM story_audit ORDER BY id")]

    # --- analyst edits ------------------------------------------------------
    def _audit(self, action: str, payload: dict) -> None:
        self.conn.execute("INSERT INTO story_audit (at, action, payload) VALUES (?, ?, ?)",
                          (_now(), action, json.dumps(payload, ensure_ascii=False)))

    def _require_story(self, story_id: str) -> str:
        return self.get_story(story_id)["id"]

    def _pin(self, article_ids: Iterable[str], story_id: str) -> None:
        now = _now()
        ids = list(article_ids)
        self.conn.executemany("INSERT OR REPLACE INTO story_pins VALUES (?, ?, ?)",
                              [(a, story_id, now) for a in ids])
        self.conn.executemany("UPDATE story_articles SET story_id = ?, method = 'analyst' "
                              "WHERE article_id = ?", [(story_id, a) for a in ids])
        self.conn.execute("UPDATE stories SET version = version + 1, updated_at = ? WHERE id = ?",
                          (now, story_id))

    def merge_stories(self, target: str, sources: list[str]) -> str:
        target = self._require_story(target)
        sources = [self._require_story(s) for s in sources]
        with self._tx():
            for src in sources:
                if src == target:
                    continue
                ids = [r[0] for r in self.conn.execute(
                    "SELECT article_id FROM story_articles WHERE story_id = ?", (src,))]
                self._pin(ids, target)
                self.conn.execute("UPDATE stories SET merged_into = ? WHERE id = ?", (target, src))
            self._audit("merge", {"target": target, "sources": sources})
        return target

    def move_article(self, article_id: str, story_id: str) -> None:
        story_id = self._require_story(story_id)
        art = self.get_article(article_id)
        with self._tx():
            old = self.conn.execute("SELECT story_id FROM story_articles WHERE article_id = ?",
                                    (art.id,)).fetchone()
            self._pin([art.id], story_id)
            if old:
                self.conn.execute("UPDATE stories SET version = version + 1 WHERE id = ?", (old[0],))
            self._audit("move", {"article": art.id, "from": old[0] if old else None, "to": story_id})

    def split_story(self, story_id: str, article_ids: list[str]) -> str:
        story_id = self._require_story(story_id)
        members = {r[0] for r in self.conn.execute(
            "SELECT article_id FROM story_articles WHERE story_id = ?", (story_id,))}
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
            self.conn.execute("INSERT OR REPLACE INTO stories (id, title, title_article, created_at, "
                              "updated_at) VALUES (?, ?, ?, ?, ?)", (new_id, title, ids[0], now, now))
            self.conn.execute("UPDATE stories SET merged_into = NULL WHERE id = ?", (new_id,))
            self._pin(ids, new_id)
            self.conn.execute("UPDATE stories SET version = version + 1 WHERE id = ?", (story_id,))
            self._audit("split", {"story": story_id, "new": new_id, "articles": ids})
        return new_id

    def rename_story(self, story_id: str, title: str) -> None:
        story_id = self._require_story(story_id)
        with self._tx():
            self.conn.execute("UPDATE stories SET title = ?, title_locked = 1 WHERE id = ?",
                              (title, story_id))
            self._audit("rename", {"story": story_id, "title": title})
