"""``khabar copy``: a whole store into an empty one, SQLite ↔ PostgreSQL.

The bundled sample corpus is ingested once with every step (stories, actors,
events and quotes), so every table has rows; the copy must hold the same
rows, answer the same searches, pass ``khabar doctor``, and take new
articles afterwards.  A copy into a store that is not empty, and a copy that
fails half-way, must leave the destination as it was.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from util import SAMPLE, khabar, khabar_json

from khabar.errors import StoreError
from khabar.store import open_store
from khabar.store.transfer import TABLES, copy_store


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("copy") / "sample.db"
    khabar("ingest", str(SAMPLE), "--db", str(db))
    return db


def _rows(db: str) -> dict[str, list]:
    """Every table's rows on the columns both backends have, sorted."""
    out = {}
    with open_store(db) as st:
        for table in TABLES:
            cols = [c for c in st.table_columns(table) if c != "rowid_" or table == "articles"]
            rows = [tuple(bytes(v) if isinstance(v, memoryview) else v for v in r)
                    for r in st.iter_table(table, cols)]
            out[table] = (sorted(cols), sorted(
                (tuple(sorted(zip(cols, r), key=lambda kv: kv[0])) for r in rows), key=repr))
    return out


def test_tables_come_from_the_migrations():
    assert TABLES[0] == "articles"
    assert {"stories", "story_articles", "actors", "mentions", "events", "quotes",
            "embeddings", "watch_feeds", "alerts"} <= set(TABLES)
    assert TABLES.index("stories") < TABLES.index("story_articles")
    assert TABLES.index("actors") < TABLES.index("actor_names")


def test_the_sample_store_is_healthy(sample_db):
    # Everything the pipeline wrote points at rows that exist (a quote's
    # speaker found by office, too).
    report = khabar_json("doctor", "--db", str(sample_db), "--json", check=False)
    assert report["problems"] == []


def test_sqlite_to_sqlite_copy_is_identical(sample_db, tmp_path):
    dst = tmp_path / "copy.db"
    out = khabar_json("copy", str(sample_db), str(dst), "--json")
    assert out["articles"] >= 40 and out["mentions"] > 100 and out["quotes"] > 10
    assert _rows(str(dst)) == _rows(str(sample_db))
    assert khabar("doctor", "--db", str(dst)).returncode == 0
    a = khabar_json("search", "Sudan", "--db", str(sample_db), "--json")
    b = khabar_json("search", "Sudan", "--db", str(dst), "--json")
    assert a and [r["id"] for r in a] == [r["id"] for r in b]


def test_copy_refuses_a_store_that_is_not_empty(sample_db, tmp_path):
    dst = tmp_path / "copy.db"
    khabar("copy", str(sample_db), str(dst))
    before = _rows(str(dst))
    proc = khabar("copy", str(sample_db), str(dst), check=False)
    assert proc.returncode == 1
    assert "not empty" in proc.stderr and "Traceback" not in proc.stderr
    assert _rows(str(dst)) == before


class _FailingSource:
    """A store that breaks while its mentions are read (a lost connection)."""

    def __init__(self, store):
        self.store = store

    def __getattr__(self, name):
        return getattr(self.store, name)

    def iter_table(self, table, columns, batch=1000):
        for i, row in enumerate(self.store.iter_table(table, columns, batch)):
            if table == "mentions" and i == 50:
                raise StoreError("connection lost")
            yield row


def test_a_copy_that_fails_half_way_leaves_the_destination_empty(sample_db, tmp_path):
    dst_path = tmp_path / "copy.db"
    with open_store(str(sample_db)) as src, open_store(str(dst_path)) as dst:
        with pytest.raises(StoreError, match="connection lost"):
            copy_store(_FailingSource(src), dst)
    con = sqlite3.connect(dst_path)
    assert all(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] == 0 for t in TABLES)
    con.close()
    # ... and a second attempt succeeds.
    assert khabar_json("copy", str(sample_db), str(dst_path), "--json")["articles"] > 0


@pytest.mark.postgres
def test_sqlite_to_postgres_and_back(sample_db, pg_url, tmp_path):
    out = khabar_json("copy", str(sample_db), pg_url, "--json")
    assert out["articles"] > 0
    assert khabar("doctor", "--db", pg_url).returncode == 0
    # The same search answers on the server store (its own full-text index).
    a = khabar_json("search", "Sudan", "--db", str(sample_db), "--json")
    b = khabar_json("search", "Sudan", "--db", pg_url, "--json")
    assert a and {r["id"] for r in a} == {r["id"] for r in b}
    # Back into SQLite: every row as it was.
    back = tmp_path / "back.db"
    khabar("copy", pg_url, str(back))
    assert _rows(str(back)) == _rows(str(sample_db))
    # The server store takes new work: identity counters moved past the copied ids.
    stories = {s["id"] for s in khabar_json("stories", "--db", pg_url, "--json")}
    new = tmp_path / "new.txt"
    new.write_text("Floods in the north\n\nHeavy rain flooded villages in the north of the "
                   "country on Monday, the civil defence said.\n", encoding="utf-8")
    khabar("ingest", str(new), "--db", pg_url)
    with open_store(pg_url) as st:
        runs = st.runs(limit=5)
    assert len({r["id"] for r in runs}) == len(runs) and len(runs) >= 2
    assert stories <= {s["id"] for s in khabar_json("stories", "--db", pg_url, "--json")}
    assert json.loads(khabar("articles", "--db", pg_url, "--json").stdout)[-1]["title"] \
        == "Floods in the north"
