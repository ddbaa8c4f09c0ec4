"""PostgreSQL backend (extra ``[postgres]``, psycopg 3): the same :class:`Store`.

``open_store("postgresql://user:password@host/db")`` opens it.  The schema is
the SQLite one, written for PostgreSQL in ``store/pg_migrations/*.sql`` (same
names, tables and columns) and applied in order through a ``_migrations``
table.

Writers take turns, as in SQLite: every write transaction first takes one
transaction-scoped advisory lock, so batches land whole and in arrival order
(``articles.rowid_`` is the arrival key the story index relies on) and two
processes writing overlapping rows cannot deadlock.  A writer waits up to
``BUSY_TIMEOUT_S`` for the lock and then fails with a clear
:class:`StoreError`.  Readers never wait (MVCC).

Search indexes the same normalized keys as SQLite's FTS5 table
(:func:`khabar.normalize.key`): each article gets a ``tsvector`` whose
lexemes are exactly the key's tokens (:func:`search_vector`), queried with a
``tsquery`` of the query's tokens (:func:`search_query`), through a GIN index.
The vector is built in Python rather than with ``to_tsvector('simple', …)``
so that no text-search parser or database locale can split or change a
token: a query finds what the SQLite store finds.
"""

from __future__ import annotations

import json
import logging
import re
from contextlib import contextmanager
from datetime import datetime, timezone
from functools import lru_cache
from importlib import resources
from typing import Any, Iterable, Iterator
from urllib.parse import urlsplit, urlunsplit

from .. import normalize
from ..article import Article, Rejection, Sentence
from ..errors import NotFound, StoreError, require
from .base import ArticleFilter, Sighting, Store
from .common import article_from_row, best_sentence, check_counts, prefix_range, search_keys
from .health import HealthMixin
from .postgres_actors import PgActorTablesMixin
from .postgres_events import PgEventTablesMixin
from .postgres_stories import PgStoryTablesMixin
from .postgres_watch import PgWatchTablesMixin
from .sqlite import PIPELINE_VERSION

psycopg = require("psycopg", "postgres")

log = logging.getLogger(__name__)

# How long a writer waits for another writer before failing (as SQLite's busy timeout).
BUSY_TIMEOUT_S = 30.0
# The advisory lock every write transaction takes: ("khab", 1).
WRITE_LOCK = (0x6B686162, 1)
# iter_articles reads this many articles per query.
PAGE = 200

# tsvector limits: a lexeme is at most 2046 bytes, lexemes and positions
# together at most 1 MB (each lexeme counted padded to an even length, plus
# 2 bytes per position and 2 for their count), positions go up to 16383, a
# lexeme keeps at most 256 positions.
_MAX_LEXEME_BYTES = 2046
_MAX_VECTOR_BYTES = 1_000_000
_MAX_POSITION = 16383
_MAX_POSITIONS = 256


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def migrations() -> list[tuple[str, str]]:
    """Named PostgreSQL migrations shipped with the package, in order."""
    pkg = resources.files("khabar.store") / "pg_migrations"
    return sorted((p.name, p.read_text(encoding="utf-8")) for p in pkg.iterdir()
                  if p.name.endswith(".sql"))


def redact(url: str) -> str:
    """``url`` with its password replaced by ``***`` (for messages and ``store.url``)."""
    url = re.sub(r"([?&]password=)[^&]*", r"\1***", url)
    try:
        parts = urlsplit(url)
        if parts.password is None:
            return url
        netloc = parts.netloc.rsplit("@", 1)
        user = netloc[0].split(":", 1)[0]
        return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc[1]}"))
    except ValueError:
        return re.sub(r"//([^:/@]*):[^@]*@", r"//\1:***@", url)


# --- search keys as tsvector / tsquery ---------------------------------------

def _lexeme(token: str) -> str | None:
    """A token quoted as a tsvector/tsquery lexeme, or None if too long to index."""
    if len(token.encode("utf-8")) > _MAX_LEXEME_BYTES:
        return None
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def search_vector(title_key: str, body_key: str) -> str:
    """A ``tsvector`` literal whose lexemes are the keys' tokens: title tokens
    weighted A, body tokens B, with their positions (for ranking).

    Within PostgreSQL's limits: positions past the last one share it; a
    token too long to be a lexeme, or new once the vector is full (about
    100,000 distinct tokens), is left out, and so are positions past that.
    """
    positions: dict[str, list[str]] = {}
    pos, size = 0, 0
    for key, weight in ((title_key, "A"), (body_key, "B")):
        for tok in key.split():
            pos = min(pos + 1, _MAX_POSITION)
            found = positions.get(tok)
            if found is None:
                n = len(tok.encode("utf-8"))
                cost = n + (n & 1) + 4
                if n > _MAX_LEXEME_BYTES or size + cost > _MAX_VECTOR_BYTES:
                    continue
                size += cost - 2
                found = positions[tok] = []
            where = f"{pos}{weight}"
            if (len(found) < _MAX_POSITIONS and (not found or found[-1] != where)
                    and size + 2 <= _MAX_VECTOR_BYTES):
                found.append(where)
                size += 2
    return " ".join(f"{_lexeme(tok)}:{','.join(where)}" for tok, where in positions.items())


def search_query(terms: list[str]) -> str | None:
    """A ``tsquery`` literal requiring every term, or None when a term cannot
    be in the index (longer than a lexeme may be)."""
    lexemes = [_lexeme(t) for t in terms]
    if any(lx is None for lx in lexemes):
        return None
    return " & ".join(lexemes)  # type: ignore[arg-type]


def _nul_free(*values) -> tuple:
    """``values`` with U+0000 (which PostgreSQL text cannot hold) shown as U+FFFD;
    only for labels (paths, reasons, outlets), never for article text."""
    return tuple(v.replace("\x00", "\ufffd") if isinstance(v, str) else v for v in values)


# --- rows --------------------------------------------------------------------

class _Row(tuple):
    """A result row read like :class:`sqlite3.Row`: by index, by column name,
    unpacked as a tuple, or turned into a dict with ``dict(row)``."""

    __slots__ = ()
    _names: dict[str, int] = {}

    def __getitem__(self, key):
        if isinstance(key, str):
            return tuple.__getitem__(self, self._names[key])
        return tuple.__getitem__(self, key)

    def keys(self) -> list[str]:
        return list(self._names)


@lru_cache(maxsize=512)
def _row_class(names: tuple[str, ...]) -> type[_Row]:
    return type("Row", (_Row,), {"__slots__": (), "_names": {n: i for i, n in enumerate(names)}})


def _row_factory(cursor):
    if cursor.description is None:
        return tuple
    return _row_class(tuple(c.name for c in cursor.description))


def _bool_as_int_dumper():
    """Booleans are stored as 0/1 integers, as SQLite stores them."""
    from psycopg.adapt import Dumper

    class BoolAsInt(Dumper):
        oid = psycopg.adapters.types["int4"].oid

        def dump(self, obj):
            return b"1" if obj else b"0"

    return BoolAsInt


# --- the store ---------------------------------------------------------------

class PostgresStore(HealthMixin, PgActorTablesMixin, PgEventTablesMixin, PgStoryTablesMixin,
                    PgWatchTablesMixin, Store):
    """The server store."""

    _PARAM = "%s"

    def __init__(self, url: str, *, readonly: bool = False):
        self.url = redact(url)
        self._dsn = url
        try:
            self.conn = psycopg.connect(url, autocommit=True, row_factory=_row_factory,
                                        connect_timeout=int(BUSY_TIMEOUT_S))
        except psycopg.Error as exc:
            raise StoreError(f"cannot connect to PostgreSQL: {str(exc).strip()}",
                             url=self.url) from exc
        self.conn.adapters.register_dumper(bool, _bool_as_int_dumper())
        try:
            if readonly and not self._has_table("_migrations"):
                raise NotFound(f"no khabar database at {self.url}; run `khabar ingest` first",
                               url=self.url)
            self._migrate()
        except psycopg.Error as exc:
            self.conn.close()
            raise StoreError(f"cannot open database: {str(exc).strip()}", url=self.url) from exc
        except BaseException:
            self.conn.close()
            raise

    # --- lifecycle -------------------------------------------------------
    def close(self) -> None:
        try:
            self.conn.close()
        except psycopg.Error:  # pragma: no cover
            pass

    def _has_table(self, name: str) -> bool:
        return self.conn.execute("SELECT to_regclass(%s) IS NOT NULL", (name,)).fetchone()[0]

    def _migrate(self) -> None:
        wanted = migrations()
        if self._has_table("_migrations"):
            done = {r[0] for r in self.conn.execute("SELECT name FROM _migrations")}
            if all(name in done for name, _ in wanted):
                return
        for name, sql in wanted:
            try:
                self._apply(name, sql)
            except StoreError as exc:
                raise StoreError(f"migration {name} failed: {exc.message}", url=self.url) from exc

    def _apply(self, name: str, sql: str) -> None:
        """One migration in its own transaction, under the writer lock: a second
        process opening a new database waits, then finds it applied."""
        with self._tx():
            self.conn.execute("CREATE TABLE IF NOT EXISTS _migrations "
                              "(name TEXT COLLATE \"C\" PRIMARY KEY, applied_at TEXT NOT NULL)")
            if self.conn.execute("SELECT 1 FROM _migrations WHERE name = %s", (name,)).fetchone():
                return
            log.info("applying migration %s", name)
            self.conn.execute(sql)  # several statements, no parameters
            self.conn.execute("INSERT INTO _migrations VALUES (%s, %s)", (name, _now()))

    @contextmanager
    def _tx(self):
        """One write transaction: waits for the writer lock, commits or rolls back,
        turns database errors into :class:`StoreError`."""
        try:
            with self.conn.transaction():
                self.conn.execute(f"SET LOCAL lock_timeout = '{int(BUSY_TIMEOUT_S * 1000)}ms'")
                try:
                    self.conn.execute("SELECT pg_advisory_xact_lock(%s, %s)", WRITE_LOCK)
                except psycopg.errors.LockNotAvailable as exc:
                    raise StoreError(f"database is busy (another khabar process is writing?): "
                                     f"{str(exc).strip()}", url=self.url) from exc
                yield self
        except psycopg.Error as exc:
            raise StoreError(f"write failed: {str(exc).strip()}", url=self.url) from exc

    def _many(self, sql: str, rows: Iterable[tuple]) -> None:
        rows = list(rows)
        if rows:
            with self.conn.cursor() as cur:
                cur.executemany(sql, rows)

    def change_marker(self) -> str | None:
        """The server's write-ahead-log position: it moves with every write
        to the cluster (ours and anyone's) and stays put while only reads
        happen, so a reader can tell cheaply (~0.1 ms) that nothing changed.
        None when the server does not tell (a standby, missing rights)."""
        try:
            row = self.conn.execute("SELECT pg_current_wal_lsn()::text AS lsn").fetchone()
        except psycopg.Error:
            return None
        return row["lsn"] if row else None

    def connection_url(self) -> str:
        """The URL this store was opened with, password included (for Dask
        workers that write to the same database; never logged)."""
        return self._dsn

    def _copy(self, table: str, columns: Iterable[str], rows: Iterable[tuple]) -> None:
        """Append ``rows`` to ``table`` with COPY (bulk: one round trip); for
        plain appends, inside a write transaction."""
        rows = list(rows)
        if rows:
            cols = ", ".join(f'"{c}"' for c in columns)
            with self.conn.cursor() as cur, cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)

    # --- runs ------------------------------------------------------------
    def start_run(self, inputs: list[str]) -> int:
        with self._tx():
            row = self.conn.execute("INSERT INTO runs (started_at, inputs) VALUES (%s, %s) RETURNING id",
                                    (_now(), json.dumps(inputs, ensure_ascii=False))).fetchone()
            return int(row[0])

    def finish_run(self, run_id: int, counts: dict[str, Any]) -> None:
        with self._tx():
            self.conn.execute("UPDATE runs SET finished_at = %s, counts = %s WHERE id = %s",
                              (_now(), json.dumps(counts, ensure_ascii=False), run_id))

    # --- writes ----------------------------------------------------------
    def write_batch(self, articles, sightings, rejections, run_id=None, outlet_lines=None) -> None:
        """As :meth:`Store.write_batch`; an article PostgreSQL cannot hold (a
        U+0000 character, which SQLite keeps) is recorded as a rejection with
        reason ``nul-character`` instead of failing the whole batch."""
        now = _now()
        with self._tx():
            unstorable = self._insert_articles(articles, now)
            rejections = list(rejections) + [
                Rejection(a.source, "nul-character",
                          f"article {a.id} contains U+0000, which PostgreSQL text cannot store")
                for a in unstorable]
            skipped = {a.id for a in unstorable}
            self._many("INSERT INTO sightings VALUES (%s, %s, %s, %s, %s, %s, %s) "
                       "ON CONFLICT (article_id, source) DO NOTHING",
                       [_nul_free(s.article_id, s.source, s.outlet, s.url, s.published, run_id, now)
                        for s in sightings if s.article_id not in skipped])
            self._many("INSERT INTO rejections (run_id, source, reason, detail, seen_at) "
                       "VALUES (%s, %s, %s, %s, %s)",
                       [_nul_free(run_id, r.source, r.reason, r.detail, now) for r in rejections])
            for outlet, counts in (outlet_lines or {}).items():
                self._many("INSERT INTO outlet_lines VALUES (%s, %s, %s) ON CONFLICT (outlet, line_hash) "
                           "DO UPDATE SET articles = outlet_lines.articles + excluded.articles",
                           [_nul_free(outlet, h, n) for h, n in counts.items()])

    def _insert_articles(self, articles: list[Article], now: str) -> list[Article]:
        """Insert new articles (pipelined), then the sentences and search keys of
        those that were not stored yet; returns the articles that cannot be stored."""
        rows, storable, unstorable = [], [], []
        for a in articles:
            dl = a.dateline
            row = (
                a.id, a.source, a.format, a.url, a.outlet, a.author, a.title,
                a.title_span[0] if a.title_span else None, a.title_span[1] if a.title_span else None,
                a.published, a.published_source, a.language, a.language_confidence,
                json.dumps(dl.__dict__, ensure_ascii=False) if dl else None,
                dl.place if dl else None, dl.agency if dl else None,
                a.text, json.dumps(a.body_spans), json.dumps(a.removed, ensure_ascii=False),
                json.dumps(a.meta, ensure_ascii=False, default=str), PIPELINE_VERSION, now)
            if any(isinstance(v, str) and "\x00" in v for v in row):
                log.warning("%s: article %s contains U+0000; PostgreSQL cannot store it", a.source, a.id)
                unstorable.append(a)
            else:
                rows.append(row)
                storable.append(a)
        if not rows:
            return unstorable
        new: list[tuple[Article, int]] = []
        with self.conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO articles (id, source, format, url, outlet, author, title, title_start, "
                "title_end, published, published_source, language, language_confidence, dateline_json, "
                "place, agency, text, body_spans, removed, meta, pipeline_version, ingested_at) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, "
                "%s, %s, %s) ON CONFLICT (id) DO NOTHING RETURNING rowid_", rows, returning=True)
            for a in storable:
                row = cur.fetchone()
                if row is not None:  # None: already stored (or earlier in this batch)
                    new.append((a, row[0]))
                cur.nextset()
        self._many('INSERT INTO sentences (article_id, idx, start, "end", language) '
                   "VALUES (%s, %s, %s, %s, %s)",
                   [(a.id, i, s.start, s.end, s.language) for a, _ in new
                    for i, s in enumerate(a.sentences)])
        self._many("INSERT INTO articles_fts (rowid_, keys) VALUES (%s, %s::tsvector)",
                   [(rowid, search_vector(*search_keys(a))) for a, rowid in new])
        return unstorable

    # --- reads -----------------------------------------------------------
    def known_ids(self, ids: Iterable[str]) -> set[str]:
        ids = list(ids)
        if not ids:
            return set()
        return {r[0] for r in self.conn.execute("SELECT id FROM articles WHERE id = ANY(%s)", (ids,))}

    def get_article(self, article_id: str) -> Article:
        # The exact id, else an id prefix, both through the id index.
        rows = self.conn.execute("SELECT * FROM articles WHERE id = %s", (article_id,)).fetchall()
        if not rows:
            low, high = prefix_range(article_id)
            rows = self.conn.execute("SELECT * FROM articles WHERE id >= %s AND id < %s LIMIT 2",
                                     (low, high)).fetchall()
        if not rows:
            raise NotFound(f"no article {article_id!r}", article_id=article_id)
        if len(rows) > 1:
            raise NotFound(f"article id prefix {article_id!r} is ambiguous; give more digits",
                           article_id=article_id)
        return self._row_to_article(rows[0])

    def _row_to_article(self, r) -> Article:
        return self._rows_to_articles([r])[0]

    def _rows_to_articles(self, rows) -> list[Article]:
        """Articles from ``articles`` rows, their sentences read in one query."""
        if not rows:
            return []
        sents: dict[str, list[Sentence]] = {r["id"]: [] for r in rows}
        for aid, start, end, lang in self.conn.execute(
                'SELECT article_id, start, "end", language FROM sentences WHERE article_id = ANY(%s) '
                "ORDER BY article_id, idx", (list(sents),)):
            sents[aid].append(Sentence(start, end, lang))
        return [article_from_row(r, sents[r["id"]]) for r in rows]

    @staticmethod
    def _where(flt: ArticleFilter | None, alias: str = "a") -> tuple[str, list[Any]]:
        flt = flt or ArticleFilter()
        clauses, params = [], []
        if flt.language:
            clauses.append(f"{alias}.language = %s")
            params.append(flt.language)
        if flt.outlet:
            clauses.append(f"{alias}.outlet = %s")
            params.append(flt.outlet)
        if flt.since:
            clauses.append(f"{alias}.published >= %s")
            params.append(flt.since)
        if flt.until:
            clauses.append(f"substr({alias}.published, 1, 10) <= %s")
            params.append(flt.until)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        return where, params

    @staticmethod
    def _limit(flt: ArticleFilter | None) -> str:
        if flt is None or (flt.limit is None and not flt.offset):
            return ""
        limit = int(flt.limit) if flt.limit is not None else "ALL"
        return f" LIMIT {limit} OFFSET {int(flt.offset)}"

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
        """Streamed a page at a time by arrival key, so no query or transaction
        stays open while the caller works."""
        where, params = self._where(flt)
        where = (where + " AND" if where else " WHERE") + " a.rowid_ > %s"
        offset = int(flt.offset) if flt and flt.offset else 0
        remaining = flt.limit if flt and flt.limit is not None else None
        last = 0
        while remaining is None or remaining > 0:
            n = PAGE if remaining is None else min(PAGE, remaining)
            rows = self.conn.execute(
                f"SELECT * FROM articles a{where} ORDER BY a.rowid_ LIMIT {n} OFFSET {offset}",
                [*params, last]).fetchall()
            if not rows:
                return
            offset = 0
            last = rows[-1]["rowid_"]
            if remaining is not None:
                remaining -= len(rows)
            yield from self._rows_to_articles(rows)
            if len(rows) < n:
                return

    def search(self, query: str, flt=None) -> list[dict[str, Any]]:
        terms = normalize.tokens(query)
        tsquery = search_query(terms) if terms else None
        if tsquery is None:
            return []
        where, params = self._where(flt)
        where = where.replace(" WHERE ", " AND ", 1)
        limit = (flt.limit if flt and flt.limit else 20)
        # Title matches weigh twice body matches (as bm25(articles_fts, 2.0, 1.0)
        # in SQLite); the score is negated so that, as there, lower is better.
        rows = self.conn.execute(
            "SELECT a.id, a.source AS path, a.title, a.language, a.published, a.outlet, "
            "-ts_rank('{0.1, 0.2, 0.5, 1.0}', f.keys, q, 1) AS score "
            "FROM articles_fts f JOIN articles a ON a.rowid_ = f.rowid_, CAST(%s AS tsquery) q "
            f"WHERE f.keys @@ q{where} ORDER BY score, a.rowid_ LIMIT {int(limit)}",
            [tsquery, *params]).fetchall()
        out = []
        for r in rows:
            d = dict(r)
            d["match"] = best_sentence(self.get_article(d["id"]), terms)
            out.append(d)
        return out

    def sightings(self, article_id: str) -> list[Sighting]:
        return [Sighting(r["article_id"], r["source"], r["outlet"], r["url"], r["published"])
                for r in self.conn.execute(
                    "SELECT * FROM sightings WHERE article_id = %s ORDER BY seen_at, source",
                    (article_id,))]

    def rejections(self, run_id=None) -> list[dict[str, Any]]:
        cols = "run_id, source, reason, detail, seen_at"
        if run_id is None:
            cur = self.conn.execute(f"SELECT {cols} FROM rejections ORDER BY rowid_")
        else:
            cur = self.conn.execute(f"SELECT {cols} FROM rejections WHERE run_id = %s ORDER BY rowid_",
                                    (run_id,))
        return [dict(r) for r in cur]

    def runs(self, limit: int = 10) -> list[dict[str, Any]]:
        rows = []
        for r in self.conn.execute("SELECT * FROM runs ORDER BY id DESC LIMIT %s", (limit,)):
            d = dict(r)
            d["inputs"] = json.loads(d["inputs"])
            d["counts"] = json.loads(d["counts"]) if d["counts"] else None
            rows.append(d)
        return rows

    def outlet_line_counts(self, outlet: str, hashes: Iterable[str]) -> dict[str, int]:
        hashes = list(hashes)
        if not hashes:
            return {}
        return {r[0]: r[1] for r in self.conn.execute(
            "SELECT line_hash, articles FROM outlet_lines WHERE outlet = %s AND line_hash = ANY(%s)",
            (outlet, hashes))}

    def outlet_lines_at_least(self, outlet: str, articles: int) -> set[str]:
        return {r[0] for r in self.conn.execute(
            "SELECT line_hash FROM outlet_lines WHERE outlet = %s AND articles >= %s", (outlet, articles))}

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
        """Migrations complete (PostgreSQL checks its own pages; there is no
        integrity_check to run)."""
        done = {r[0] for r in self.conn.execute("SELECT name FROM _migrations")}
        missing = [name for name, _ in migrations() if name not in done]
        return [f"migrations not applied: {', '.join(missing)}"] if missing else []

    def search_index_gaps(self) -> dict[str, int]:
        """Articles without a search row, and search rows without an article."""
        one = lambda q: self.conn.execute(q).fetchone()[0]  # noqa: E731
        return {
            "missing": one("SELECT count(*) FROM articles a WHERE NOT EXISTS "
                           "(SELECT 1 FROM articles_fts f WHERE f.rowid_ = a.rowid_)"),
            "extra": one("SELECT count(*) FROM articles_fts f WHERE NOT EXISTS "
                         "(SELECT 1 FROM articles a WHERE a.rowid_ = f.rowid_)"),
        }

    def rebuild_search_index(self) -> int:
        """Index every stored article again, in one transaction."""
        with self._tx():
            return self._index_all()

    def _index_all(self) -> int:
        n = 0
        self.conn.execute("DELETE FROM articles_fts")
        last = 0
        while True:
            rows = self.conn.execute("SELECT * FROM articles WHERE rowid_ > %s ORDER BY rowid_ "
                                     f"LIMIT {PAGE}", (last,)).fetchall()
            if not rows:
                break
            last = rows[-1]["rowid_"]
            self._many("INSERT INTO articles_fts (rowid_, keys) VALUES (%s, %s::tsvector)",
                       [(r["rowid_"], search_vector(*search_keys(a)))
                        for r, a in zip(rows, self._rows_to_articles(rows))])
            n += len(rows)
        return n

    # --- whole-store copy (khabar.store.transfer) ---------------------------
    def _columns(self, table: str, where: str = "") -> list[str]:
        return [r["column_name"] for r in self.conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = "
            f"current_schema() AND table_name = %s {where} ORDER BY ordinal_position", (table,))]

    def table_columns(self, table: str) -> list[str]:
        """Column names of one of khabar's tables, in order."""
        return self._columns(table)

    def iter_table(self, table: str, columns: list[str], batch: int = 1000):
        """Every row of ``table`` (those columns, as tuples), streamed; in
        arrival order where the table numbers its rows (``rowid_``)."""
        from psycopg.rows import tuple_row

        cols = ", ".join(f'"{c}"' for c in columns)
        order = " ORDER BY rowid_" if "rowid_" in self.table_columns(table) else ""
        with self.conn.cursor(row_factory=tuple_row) as cur:
            yield from cur.stream(f"SELECT {cols} FROM {table}{order}")

    def load_tables(self, tables, expect: dict[str, int]) -> None:
        """Write ``(table, columns, rows)`` with COPY in one transaction,
        index the articles for search, move identity counters past the
        copied ids, and commit only if every table has the row count
        ``expect`` gives."""
        with self._tx():
            for table, columns, rows in tables:
                cols = ", ".join(f'"{c}"' for c in columns)
                with self.conn.cursor() as cur, \
                        cur.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            check_counts(self, expect)
            self._index_all()
            for table in expect:
                for col in self._columns(table, "AND is_identity = 'YES'"):
                    self.conn.execute(
                        f"SELECT setval(pg_get_serial_sequence(%s, %s), "
                        f"coalesce((SELECT max({col}) FROM {table}), 0) + 1, false)", (table, col))
