"""Store health: dangling references, search-index gaps, derived-data coverage.

Mixed into both backends (the SQL here is the same in SQLite and
PostgreSQL); :mod:`khabar.doctor` decides what is a problem and how to
repair it.  Foreign keys prevent most dangling rows, but not all references
are declared (event ids, actor ids in events and quotes, story links), a
database can be edited by other tools with foreign keys off, and older
files may predate a constraint; so every reference is checked here, declared
or not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["REFERENCES", "Reference", "HealthMixin"]


@dataclass(frozen=True)
class Reference:
    """``table.column`` points at ``parent.key``; a dangling row is deleted
    (``action="delete"``) or its column set to NULL (``"null"``, for optional
    references such as an unresolved actor)."""

    table: str
    column: str
    parent: str
    key: str = "id"
    action: str = "delete"

    @property
    def name(self) -> str:
        return f"{self.table}.{self.column}"


def _to_articles(*tables: str) -> list[Reference]:
    return [Reference(t, "article_id", "articles") for t in tables]


# Every reference between khabar's tables (migrations 0001-0005).
REFERENCES: tuple[Reference, ...] = (
    *_to_articles("sentences", "sightings", "embeddings", "copies", "story_articles", "mentions",
                  "entity_runs", "event_mentions", "quotes", "article_dates", "fact_runs",
                  "alerts"),
    Reference("story_articles", "story_id", "stories"),
    Reference("story_links", "a", "stories"),
    Reference("story_links", "b", "stories"),
    Reference("actor_names", "actor_id", "actors"),
    Reference("mentions", "actor_id", "actors", action="null"),
    Reference("event_mentions", "source_actor", "actors", action="null"),
    Reference("event_mentions", "target_actor", "actors", action="null"),
    Reference("event_mentions", "location", "actors", action="null"),
    Reference("event_mentions", "event_id", "events", action="null"),
    Reference("quotes", "speaker", "actors", action="null"),
    # Fused events are rebuilt whole by events.fuse: a dangling one is dropped.
    Reference("events", "story_id", "stories"),
    Reference("events", "source", "actors"),
    Reference("events", "target", "actors"),
    Reference("events", "location", "actors"),
)


def _dangling_where(ref: Reference) -> str:
    return (f"{ref.column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM {ref.parent} p "
            f"WHERE p.{ref.key} = {ref.table}.{ref.column})")


class HealthMixin:
    """Checks and repairs shared by the backends (they provide ``conn``,
    ``_tx()``, ``integrity_problems()`` and the search-index methods)."""

    _PARAM = "?"

    def _scalar(self, sql: str, params: tuple = ()) -> Any:
        return self.conn.execute(sql, params).fetchone()[0]

    # --- references ---------------------------------------------------------
    def dangling_references(self) -> list[dict[str, Any]]:
        """Every reference with dangling rows: name, table, column, parent,
        action (``delete``/``null``) and count."""
        out = []
        for ref in REFERENCES:
            n = self._scalar(f"SELECT count(*) FROM {ref.table} WHERE {_dangling_where(ref)}")
            if n:
                out.append({"name": ref.name, "table": ref.table, "column": ref.column,
                            "parent": ref.parent, "action": ref.action, "count": int(n)})
        return out

    def delete_dangling(self) -> dict[str, int]:
        """Delete (or set to NULL) every dangling reference, in one
        transaction; returns the rows changed per reference."""
        done: dict[str, int] = {}
        with self._tx():
            for ref in REFERENCES:
                where = _dangling_where(ref)
                if ref.action == "null":
                    sql = f"UPDATE {ref.table} SET {ref.column} = NULL WHERE {where}"
                else:
                    sql = f"DELETE FROM {ref.table} WHERE {where}"
                n = self.conn.execute(sql).rowcount
                if n and n > 0:
                    done[ref.name] = int(n)
        return done

    def articles_with_dangling_actors(self, *tables: str) -> list[str]:
        """Ids of the articles whose rows in ``tables`` (mentions,
        event_mentions, quotes) name an actor that does not exist."""
        out: set[str] = set()
        for ref in REFERENCES:
            if ref.table in tables and ref.parent == "actors":
                out.update(r[0] for r in self.conn.execute(
                    f"SELECT DISTINCT article_id FROM {ref.table} WHERE {_dangling_where(ref)}"))
        return sorted(out)

    def forget_runs(self, table: str, article_ids: list[str]) -> None:
        """Drop the ``entity_runs`` or ``fact_runs`` rows of these articles, so
        that the step extracts them again (its write replaces their old rows)."""
        if table not in ("entity_runs", "fact_runs"):
            raise ValueError(f"not a run table: {table!r}")
        with self._tx():
            for i in range(0, len(article_ids), 500):
                chunk = article_ids[i:i + 500]
                marks = ", ".join([self._PARAM] * len(chunk))
                self.conn.execute(f"DELETE FROM {table} WHERE article_id IN ({marks})", chunk)

    # --- derived data -------------------------------------------------------
    def row_counts(self, tables: list[str]) -> dict[str, int]:
        """``count(*)`` of each table (names from khabar's own schema)."""
        return {t: int(self._scalar(f"SELECT count(*) FROM {t}")) for t in tables}

    def _missing_embedding_where(self) -> str:
        # Members of a story that were not placed as a copy of an original
        # (copies reuse their original's vector and store none).
        p = self._PARAM
        return ("FROM story_articles m JOIN articles a ON a.id = m.article_id "
                "WHERE NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.article_id = m.article_id "
                f"AND e.model = {p}) AND NOT EXISTS (SELECT 1 FROM copies c "
                "WHERE c.article_id = m.article_id AND c.original_id IS NOT NULL)")

    def count_missing_embeddings(self, model: str) -> int:
        """Articles in a story (not as a copy) without a vector of ``model``."""
        return int(self._scalar(f"SELECT count(*) {self._missing_embedding_where()}", (model,)))

    def articles_missing_embeddings(self, model: str, limit: int = 256):
        """Those articles, in arrival order."""
        rows = self.conn.execute(f"SELECT a.* {self._missing_embedding_where()} "
                                 f"ORDER BY a.rowid_ LIMIT {int(limit)}", (model,)).fetchall()
        return [self._row_to_article(r) for r in rows]

    def unfinished_runs(self) -> int:
        """Ingest runs that never finished (killed, or failed without a summary)."""
        return int(self._scalar("SELECT count(*) FROM runs WHERE finished_at IS NULL"))

    # --- the Store.check() answer --------------------------------------------
    def check(self) -> list[str]:
        """Integrity problems: the backend's own checks, search-index rows
        that do not match the articles, and dangling references."""
        problems = list(self.integrity_problems())
        gaps = self.search_index_gaps()
        if gaps["missing"] or gaps["extra"]:
            problems.append(f"search index: {gaps['missing']} articles missing, "
                            f"{gaps['extra']} rows without an article")
        for d in self.dangling_references():
            problems.append(f"{d['count']} {d['table']} rows point at missing {d['parent']} "
                            f"({d['column']})")
        return problems
