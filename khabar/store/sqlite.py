"""SQLite backend: one file, WAL, named migrations, FTS5 over normalized keys.

Only one process writes at a time (SQLite's rule); a second writer waits up to
``BUSY_TIMEOUT_S`` and then fails with a clear :class:`StoreError`.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator

from .. import normalize
from ..article import Article, Rejection, Sentence
from ..errors import NotFound, StoreError
from .base import ArticleFilter, Sighting, Store
from .common import article_from_row, best_sentence, check_counts, prefix_range, search_keys
from .health import HealthMixin
from .sqlite_actors import ActorTablesMixin
from .sqlite_events import EventTablesMixin
from .sqlite_stories import StoryTablesMixin
from .sqlite_watch import WatchTablesMixin

log = logging.getLogger(__name__)

# How long a writer waits for another process's lock before failing.
BUSY_TIMEOUT_S = 30.0
PIPELINE_VERSION = "1"

_ROW_FIELDS = ("id", "source", "format", "url", "outlet", "author", "title", "published",
               "published_source", "language", "place", "agency")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def migrations() -> list[tuple[str, str]]:
    """Named migrations shipped with the package, in order."""
    pkg = resources.files("khabar.store") / "migrations"
    items = sorted((p.name, p.read_text(encoding="utf-8")) for p in pkg.iterdir()
                   if p.name.endswith(".sql"))
    return items


class SQLiteStore(HealthMixin, ActorTablesMixin, EventTablesMixin, StoryTablesMixin, WatchTablesMixin,
                  Store):
    """The embedded default store."""

    def __init__(self, path: str | Path, *, readonly: bool = False):
        self.path = str(path)
        self.url = self.path
        if readonly and not Path(self.path).exists():
            raise NotFound(f"no khabar database at {self.path}; run `khabar ingest` first",
                           path=self.path)
        if not readonly and self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self.conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None,
                                        check_same_thread=False)
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA foreign_keys = ON")
            if not readonly:
                self.conn.execute("PRAGMA journal_mode = WAL")
                self.conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open database: {exc}", path=self.path) from exc

    # --- lifecycle -------------------------------------------------------
    def close(self) -> None:
        try:
            self.conn.close()
        except sqlite3.Error:  # pragma: no cover
            pass

    def _migrate(self) -> None:
        c = self.conn
        c.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        done = {r[0] for r in c.execute("SELECT name FROM _migrations")}
        for name, sql in migrations():
            if name in done:
                continue
            log.info("applying migration %s", name)
            with self._tx():
                for stmt in _split_sql(sql):
                    c.execute(stmt)
                c.execute("INSERT INTO _migrations VALUES (?, ?)", (name, _now()))

    def _tx(self):
        return _Transaction(self.conn, self.path)

    # --- runs ------------------------------------------------------------
    def start_run(self, inputs: list[str]) -> int:
        with self._tx():
            cur = self.conn.execute("INSERT INTO runs (started_at, inputs) VALUES (?, ?)",
                                    (_now(), json.dumps(inputs, ensure_ascii=False)))
            return int(cur.lastrowid)

    def finish_run(self, run_id: int, counts: dict[str, Any]) -> None:
        with self._tx():
            self.conn.execute("UPDATE runs SET finished_at = ?, counts = ? WHERE id = ?",
                              (_now(), json.dumps(counts, ensure_ascii=False), run_id))

    # --- writes ----------------------------------------------------------
    def write_batch(self, articles, sightings, rejections, run_id=None, outlet_lines=None) -> None:
        now = _now()
        with self._tx():
            c = self.conn
            for a in articles:
                if not self._insert_article(a, now):
                    continue
            c.executemany(
                "INSERT OR IGNORE INTO sightings VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(s.article_id, s.source, s.outlet, s.url, s.published, run_id, now) for s in sightings])
            c.executemany(
                "INSERT INTO rejections VALUES (?, ?, ?, ?, ?)",
                [(run_id, r.source, r.reason, r.detail, now) for r in rejections])
            for outlet, counts in (outlet_lines or {}).items():
                c.executemany(
                    "INSERT INTO outlet_lines VALUES (?, ?, ?) ON CONFLICT(outlet, line_hash) "
                    "DO UPDATE SET articles = articles + excluded.articles",
                    [(outlet, h, n) for h, n in counts.items()])

    def _insert_article(self, a: Article, now: str) -> bool:
        c = self.conn
        dl = a.dateline
        cur = c.execute(
            "INSERT OR IGNORE INTO articles (id, source, format, url, outlet, author, title, "
            "title_start, title_end, published, published_source, language, language_confidence, "
            "dateline_json, place, agency, text, body_spans, removed, meta, pipeline_version, "
            "ingested_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (a.id, a.source, a.format, a.url, a.outlet, a.author, a.title,
             a.title_span[0] if a.title_span else None, a.title_span[1] if a.title_span else None,
             a.published, a.published_source, a.language, a.language_confidence,
             json.dumps(dl.__dict__, ensure_ascii=False) if dl else None,
             dl.place if dl else None, dl.agency if dl else None,
             a.text, json.dumps(a.body_spans), json.dumps(a.removed, ensure_ascii=False),
             json.dumps(a.meta, ensure_ascii=False, default=str), PIPELINE_VERSION, now))
        if cur.rowcount == 0:
            return False
        rowid = cur.lastrowid
        c.executemany("INSERT INTO sentences VALUES (?, ?, ?, ?, ?)",
                      [(a.id, i, s.start, s.end, s.language) for i, s in enumerate(a.sentences)])
        c.execute("INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
                  (rowid, *search_keys(a)))
        return True

    # --- reads -----------------------------------------------------------
    def known_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        found: set[str] = set()
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            q = "SELECT id FROM articles WHERE id IN (%s)" % ",".join("?" * len(chunk))
            found.update(r[0] for r in self.conn.execute(q, chunk))
        return found

    def get_article(self, article_id: str) -> Article:
        # The exact id, else an id prefix; both read the id index (an
        # "id = ? OR id LIKE ?" reads the whole table: 40 ms at 30k articles).
        rows = self.conn.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchall()
        if not rows:
            low, high = prefix_range(article_id)
            rows = self.conn.execute("SELECT * FROM articles WHERE id >= ? AND id < ? LIMIT 2",
                                     (low, high)).fetchall()
        if not rows:
            raise NotFound(f"no article {article_id!r}", article_id=article_id)
        if len(rows) > 1:
            raise NotFound(f"article id prefix {article_id!r} is ambiguous; give more digits",
                           article_id=article_id)
        return self._row_to_article(rows[0])

    def _row_to_article(self, r: sqlite3.Row) -> Article:
        sents = [Sentence(s["start"], s["end"], s["language"]) for s in self.conn.execute(
            'SELECT start, "end", language FROM sentences WHERE article_id = ? ORDER BY idx', (r["id"],))]
        return article_from_row(r, sents)

    @staticmethod
    def _where(flt: ArticleFilter | None, alias: str = "a") -> tuple[str, list[Any]]:
        flt = flt or ArticleFilter()
        clauses, params = [], []
        if flt.language:
            clauses.append(f"{alias}.language = ?")
            params.append(flt.language)
        if flt.outlet:
            clauses.append(f"{alias}.outlet = ?")
            params.append(flt.outlet)
        if flt.since:
            clauses.append(f"{alias}.published >= ?")
            params.append(flt.since)
        if flt.until:
            clauses.append(f"substr({alias}.published, 1, 10) <= ?")
            params.append(flt.until)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        return where, params

    @staticmethod
    def _limit(flt: ArticleFilter | None) -> str:
        if flt is None or (flt.limit is None and not flt.offset):
            return ""
        return f" LIMIT {int(flt.limit) if flt.limit is not None else -1} OFFSET {int(flt.offset)}"

    def list_articles(self, flt=None) -> list[dict[str, Any]]:
        where, params = self._where(flt)
        q = ("SELECT a.id, a.source AS path, a.title, a.language, a.published, a.outlet, a.url, "
             "a.published_source, a.place, a.agency, a.format, a.language_confidence, "
             "(SELECT count(*) FROM sentences s WHERE s.article_id = a.id) AS sentences, "
             "(SELECT count(*) FROM sightings g WHERE g.article_id = a.id) AS sightings "
             f"FROM articles a{where} ORDER BY a.rowid_{self._limit(flt)}")
        return [dict(r) for r in self.conn.execute(q, params)]

    def count_articles(self, flt=None) -> int:
        where, params = self._where(flt)
        return self.conn.execute(f"SELECT count(*) FROM articles a{where}", params).fetchone()[0]

    def iter_articles(self, flt=None) -> Iterator[Article]:
        where, params = self._where(flt)
        cur = self.conn.execute(f"SELECT * FROM articles a{where} ORDER BY a.rowid_{self._limit(flt)}", params)
        for r in cur:
            yield self._row_to_article(r)

    def search(self, query: str, flt=None) -> list[dict[str, Any]]:
        terms = normalize.tokens(query)
        if not terms:
            return []
        match = " ".join('"%s"' % t.replace('"', '""') for t in terms)
        where, params = self._where(flt)
        where = where.replace(" WHERE ", " AND ", 1)
        limit = (flt.limit if flt and flt.limit else 20)
        rows = self.conn.execute(
            "SELECT a.id, a.source AS path, a.title, a.language, a.published, a.outlet, "
            "bm25(articles_fts, 2.0, 1.0) AS score FROM articles_fts "
            f"JOIN articles a ON a.rowid_ = articles_fts.rowid WHERE articles_fts MATCH ?{where} "
            f"ORDER BY score LIMIT {int(limit)}", [match, *params]).fetchall()
        out = []
        for r in rows:
            d = dict(r)
            d["match"] = self._best_sentence(d["id"], terms)
            out.append(d)
        return out

    def _best_sentence(self, article_id: str, terms: list[str]) -> dict[str, Any] | None:
        """The sentence sharing most query terms, cited by index and span."""
        return best_sentence(self.get_article(article_id), terms)

    def sightings(self, article_id: str) -> list[Sighting]:
        return [Sighting(r["article_id"], r["source"], r["outlet"], r["url"], r["published"])
                for r in self.conn.execute(
                    "SELECT * FROM sightings WHERE article_id = ? ORDER BY seen_at, source", (article_id,))]

    def rejections(self, run_id=None) -> list[dict[str, Any]]:
        if run_id is None:
            cur = self.conn.execute("SELECT * FROM rejections ORDER BY rowid")
        else:
            cur = self.conn.execute("SELECT * FROM rejections WHERE run_id = ? ORDER BY rowid", (run_id,))
        return [dict(r) for r in cur]

    def runs(self, limit: int = 10) -> list[dict[str, Any]]:
        rows = []
        for r in self.conn.execute("SELECT * FROM runs ORDER BY id DESC LIMIT ?", (limit,)):
            d = dict(r)
            d["inputs"] = json.loads(d["inputs"])
            d["counts"] = json.loads(d["counts"]) if d["counts"] else None
            rows.append(d)
        return rows

    def outlet_line_counts(self, outlet: str, hashes: Iterable[str]) -> dict[str, int]:
        hashes = list(hashes)
        if not hashes:
            return {}
        q = ("SELECT line_hash, articles FROM outlet_lines WHERE outlet = ? AND line_hash IN (%s)"
             % ",".join("?" * len(hashes)))
        return {r[0]: r[1] for r in self.conn.execute(q, [outlet, *hashes])}

    def outlet_lines_at_least(self, outlet: str, articles: int) -> set[str]:
        return {r[0] for r in self.conn.execute(
            "SELECT line_hash FROM outlet_lines WHERE outlet = ? AND articles >= ?", (outlet, articles))}

    def stats(self) -> dict[str, Any]:
        c = self.conn
        one = lambda q: c.execute(q).fetchone()[0]  # noqa: E731
        return {
            "articles": one("SELECT count(*) FROM articles"),
            "sentences": one("SELECT count(*) FROM sentences"),
            "sightings": one("SELECT count(*) FROM sightings"),
            "rejections": one("SELECT count(*) FROM rejections"),
            "runs": one("SELECT count(*) FROM runs"),
            "languages": dict(c.execute("SELECT coalesce(language, '?'), count(*) FROM articles "
                                        "GROUP BY 1 ORDER BY 2 DESC").fetchall()),
            "outlets": dict(c.execute("SELECT coalesce(outlet, '?'), count(*) FROM articles "
                                      "GROUP BY 1 ORDER BY 2 DESC").fetchall()),
        }

    # --- health (khabar.doctor; the shared checks are in .health) -----------
    def integrity_problems(self) -> list[str]:
        """SQLite's own page and index check, and FTS5's check of the search
        index against its rows."""
        problems = []
        res = [r[0] for r in self.conn.execute("PRAGMA integrity_check").fetchall()]
        if res != ["ok"]:
            problems.append("integrity_check: " + "; ".join(res[:10]))
        try:
            # A command, not a row: it writes nothing but needs the write lock.
            self.conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreError(f"database is busy (another khabar process is writing?): {exc}",
                                 path=self.path) from exc
            problems.append(f"search index is damaged: {exc}")
        except sqlite3.DatabaseError as exc:
            problems.append(f"search index is damaged: {exc}")
        return problems

    def search_index_gaps(self) -> dict[str, int]:
        """Articles without a search row, and search rows without an article."""
        one = lambda q: self.conn.execute(q).fetchone()[0]  # noqa: E731
        return {
            "missing": one("SELECT count(*) FROM articles a WHERE NOT EXISTS "
                           "(SELECT 1 FROM articles_fts f WHERE f.rowid = a.rowid_)"),
            "extra": one("SELECT count(*) FROM articles_fts f WHERE NOT EXISTS "
                         "(SELECT 1 FROM articles a WHERE a.rowid_ = f.rowid)"),
        }

    def rebuild_search_index(self) -> int:
        """Drop the FTS5 table and index every stored article again (one
        transaction; a damaged index cannot be trusted to delete its rows)."""
        with self._tx():
            return self._index_all()

    def _index_all(self) -> int:
        create = next(stmt for _, sql in migrations() for stmt in _split_sql(sql)
                      if stmt.startswith("CREATE VIRTUAL TABLE articles_fts"))
        n = 0
        c = self.conn
        c.execute("DROP TABLE IF EXISTS articles_fts")
        c.execute(create)
        cur = c.execute("SELECT * FROM articles ORDER BY rowid_")
        while chunk := cur.fetchmany(500):
            arts = [self._row_to_article(r) for r in chunk]
            c.executemany("INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)",
                          [(r["rowid_"], *search_keys(a)) for r, a in zip(chunk, arts)])
            n += len(chunk)
        return n

    # --- whole-store copy (khabar.store.transfer) ---------------------------
    def table_columns(self, table: str) -> list[str]:
        """Column names of one of khabar's tables, in order."""
        return [r[1] for r in self.conn.execute(f"PRAGMA table_info({table})")]

    def iter_table(self, table: str, columns: list[str], batch: int = 1000):
        """Every row of ``table`` (those columns, as tuples), in insertion
        order where the table has one."""
        sql = self.conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                                (table,)).fetchone()
        order = "" if sql is None or "WITHOUT ROWID" in sql[0].upper() else " ORDER BY rowid"
        cols = ", ".join(f'"{c}"' for c in columns)
        cur = self.conn.execute(f"SELECT {cols} FROM {table}{order}")
        while rows := cur.fetchmany(batch):
            yield from (tuple(r) for r in rows)

    def load_tables(self, tables, expect: dict[str, int]) -> None:
        """Write ``(table, columns, rows)`` in one transaction, index the
        articles for search, and commit only if every table has the row count
        ``expect`` gives."""
        with self._tx():
            c = self.conn
            for table, columns, rows in tables:
                cols = ", ".join(f'"{x}"' for x in columns)
                sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(columns))})"
                batch: list[tuple] = []
                for row in rows:
                    batch.append(row)
                    if len(batch) >= 1000:
                        c.executemany(sql, batch)
                        batch.clear()
                c.executemany(sql, batch)
            check_counts(self, expect)
            self._index_all()


class _Transaction:
    """BEGIN IMMEDIATE … COMMIT, rolling back on error, with clear lock errors."""

    def __init__(self, conn: sqlite3.Connection, path: str):
        self.conn, self.path = conn, path

    def __enter__(self):
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise StoreError(f"database is busy (another khabar process is writing?): {exc}",
                                 path=self.path) from exc
            raise StoreError(f"cannot start a write: {exc}", path=self.path) from exc
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as err:
                self._rollback()
                raise StoreError(f"commit failed: {err}", path=self.path) from err
            return False
        self._rollback()
        if isinstance(exc, sqlite3.Error):
            raise StoreError(f"write failed: {exc}", path=self.path) from exc
        return False

    def _rollback(self) -> None:
        # SQLite has already rolled back after some errors (SQLITE_FULL, an
        # I/O error): a second ROLLBACK would raise and hide the first error.
        if self.conn.in_transaction:
            try:
                self.conn.execute("ROLLBACK")
            except sqlite3.Error:  # pragma: no cover
                pass


def _split_sql(sql: str) -> list[str]:
    """Statements of a migration file (no semicolons inside our statements' strings)."""
    lines = [ln for ln in sql.splitlines() if not ln.strip().startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
