"""The stores on real databases: round trips, idempotency, search variants, locking.

Tests taking the ``store`` fixture run on both backends (a SQLite file in
``tmp_path`` and a fresh PostgreSQL database, see ``pg_url`` in conftest);
the SQLite-only ones (file locking, journal mode) have PostgreSQL
counterparts in test_store_pg.py.
"""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from khabar.article import Article, RawDocument, Rejection
from khabar.config import load_settings
from khabar.errors import NotFound, StoreError
from khabar.pipeline import build_pipeline
from khabar.store import ArticleFilter, Sighting, open_store
from khabar.store.sqlite import SQLiteStore, migrations

SETTINGS = load_settings(env={})


def make(text: str, title: str, outlet="wire", published=None, source=None) -> Article:
    raw = RawDocument(source=source or f"{title}.txt", text=text, title=title, outlet=outlet,
                      published=published, published_field="date")
    return build_pipeline(SETTINGS)(Article.from_raw(raw))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    """An empty store of each backend."""
    if request.param == "sqlite":
        s = open_store(str(tmp_path / "k.db"))
    else:
        s = open_store(request.getfixturevalue("pg_url"))
    yield s
    s.close()


def test_migrations_are_named_and_applied_once(tmp_path):
    path = tmp_path / "m.db"
    open_store(str(path)).close()
    open_store(str(path)).close()
    with sqlite3.connect(path) as c:
        names = [r[0] for r in c.execute("SELECT name FROM _migrations ORDER BY name")]
        mode = c.execute("PRAGMA journal_mode").fetchone()[0]
    assert names == [n for n, _ in migrations()] and names[0].startswith("0001_")
    assert mode == "wal"


def test_round_trip(store):
    a = make("Ministers met in Cairo on Monday. They discussed trade.\nA second paragraph.",
             "Ministers meet", published="2023-03-14")
    store.write_batch([a], [Sighting(a.id, a.source, a.outlet)], [])
    b = store.get_article(a.id)
    assert (b.title, b.language, b.published, b.text) == (a.title, "en", "2023-03-14", a.text)
    assert [(s.start, s.end) for s in b.sentences] == [(s.start, s.end) for s in a.sentences]
    assert b.body_spans == a.body_spans
    assert store.get_article(a.id[:8]).id == a.id
    with pytest.raises(NotFound):
        store.get_article("ffffffffffffffff")


def test_write_is_idempotent(store):
    a = make("Some text about a meeting of ministers.", "Meeting")
    for _ in range(3):
        store.write_batch([a], [Sighting(a.id, a.source, a.outlet)], [])
    assert store.stats()["articles"] == 1 and store.stats()["sightings"] == 1
    assert store.check() == []


def test_filters(store):
    arts = [make("Ministers met and talked for hours.", "A", outlet="x", published="2023-01-01"),
            make("وزيران التقيا في القاهرة لمناقشة التجارة بين البلدين.", "B", outlet="y",
                 published="2023-02-01"),
            make("Министры встретились в Москве и обсудили торговлю.", "C", outlet="x",
                 published="2023-03-01")]
    store.write_batch(arts, [], [])
    assert [r["title"] for r in store.list_articles(ArticleFilter(language="ar"))] == ["B"]
    assert [r["title"] for r in store.list_articles(ArticleFilter(outlet="x"))] == ["A", "C"]
    assert [r["title"] for r in store.list_articles(ArticleFilter(since="2023-01-15",
                                                                  until="2023-02-28"))] == ["B"]
    assert len(store.list_articles(ArticleFilter(limit=2))) == 2


@pytest.mark.parametrize("stored, query", [
    ("أعلنت الحكومة عن إجراءات جديدة لمواجهة الأزمة الاقتصادية.", "اجراءات"),       # hamza/alef
    ("زار الرئيس المدينة القديمة أمس.", "المدينه"),                                # teh marbuta
    ("قالت الوزارة إنّ المحادثات مستمرّة.", "مستمرة"),                              # shadda
    ("وزیر امور خارجه گفت همکاری‌های دو کشور ادامه دارد.", "همکاری"),               # ZWNJ token
    ("وزیر امور خارجه گفت همکاریهای دو کشور ادامه دارد.", "همکاری‌های"),            # lost ZWNJ
    ("رئيس جمهور كشور گفت كه روابط خوب است.", "کشور"),                               # Arabic kaf/yeh in Persian
    ("The ministers met in Geneva on Friday.", "GENEVA"),
])
def test_search_finds_orthographic_variants(store, stored, query):
    a = make(stored, "headline")
    store.write_batch([a], [], [])
    hits = store.search(query)
    assert [h["id"] for h in hits] == [a.id], query
    assert hits[0]["match"]["sentence"] == 0


def test_search_ranks_title_matches_first_and_filters(store):
    body = make("Talks on trade. The delegation will visit Muscat next week for talks.", "Trade talks",
                outlet="x")
    title = make("The delegation discussed trade and investment.", "Muscat visit planned", outlet="y")
    store.write_batch([body, title], [], [])
    assert [h["id"] for h in store.search("muscat")] == [title.id, body.id]
    assert [h["id"] for h in store.search("muscat", ArticleFilter(outlet="x"))] == [body.id]
    hits = store.search("muscat", ArticleFilter(limit=1))
    assert len(hits) == 1 and hits[0]["score"] <= 0  # lower is better on both backends
    assert hits[0]["match"] is None  # the title is not one of the body's sentences
    assert store.search("muscat investment") == store.search("investment muscat")[:1] != []
    assert store.search("muscat tehran") == [] and store.search("...") == []


def test_runs_sightings_rejections_and_outlet_lines(store):
    a = make("Ministers met in Cairo on Monday. They discussed trade.", "Cairo talks", outlet="w")
    run = store.start_run(["in/a.txt", "in/b.txt"])
    store.write_batch([a], [Sighting(a.id, "in/a.txt", "w", "https://w.example/a", "2023-01-02"),
                            Sighting(a.id, "in/b.txt", "v")],
                      [Rejection("in/c.bin", "binary", "NUL bytes")], run,
                      outlet_lines={"w": {"h1": 1, "h2": 2}})
    store.write_batch([], [], [], run, outlet_lines={"w": {"h1": 3}})
    store.finish_run(run, {"ingested": 1, "rejected": {"binary": 1}})
    assert [s.source for s in store.sightings(a.id)] == ["in/a.txt", "in/b.txt"]
    assert store.sightings(a.id)[0] == Sighting(a.id, "in/a.txt", "w", "https://w.example/a", "2023-01-02")
    rej = store.rejections(run)
    assert [(r["source"], r["reason"], r["detail"], r["run_id"]) for r in rej] == \
        [("in/c.bin", "binary", "NUL bytes", run)]
    assert store.rejections() == rej
    last = store.runs(limit=1)[0]
    assert (last["id"], last["inputs"], last["counts"]) == (run, ["in/a.txt", "in/b.txt"],
                                                            {"ingested": 1, "rejected": {"binary": 1}})
    assert last["finished_at"] >= last["started_at"]
    assert store.outlet_line_counts("w", ["h1", "h2", "h3"]) == {"h1": 4, "h2": 2}
    assert store.outlet_line_counts("v", ["h1"]) == {} and store.outlet_line_counts("w", []) == {}


def test_iter_articles_pages_like_list_articles(store):
    arts = [make(f"Item {i}: ministers met and talked about trade for hours.", f"Item {i}",
                 outlet="x" if i % 2 else "y") for i in range(7)]
    store.write_batch(arts, [], [])
    for flt in (None, ArticleFilter(limit=3), ArticleFilter(offset=2), ArticleFilter(outlet="x"),
                ArticleFilter(limit=2, offset=5), ArticleFilter(limit=0)):
        listed = [r["id"] for r in store.list_articles(flt)]
        streamed = list(store.iter_articles(flt))
        assert [a.id for a in streamed] == listed, flt
    full = next(store.iter_articles(ArticleFilter(limit=1)))
    assert full.text == arts[0].text and full.sentences == arts[0].sentences
    assert store.known_ids([arts[0].id, "ffffffffffffffff"]) == {arts[0].id}
    assert store.known_ids([]) == set()
    with pytest.raises(NotFound, match="ambiguous"):
        store.get_article("")


def test_second_writer_waits_then_fails_clearly(tmp_path, monkeypatch):
    path = tmp_path / "lock.db"
    open_store(str(path)).close()
    import khabar.store.sqlite as mod
    monkeypatch.setattr(mod, "BUSY_TIMEOUT_S", 0.5)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        s = SQLiteStore(str(path))
        t0 = time.time()
        with pytest.raises(StoreError, match="busy"):
            s.start_run(["x"])
        assert time.time() - t0 >= 0.4
        s.close()
    finally:
        holder.execute("ROLLBACK")
        holder.close()


def test_second_writer_waits_and_succeeds_when_lock_released(tmp_path):
    path = tmp_path / "lock2.db"
    open_store(str(path)).close()
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    threading.Timer(0.5, lambda: holder.execute("ROLLBACK")).start()
    s = open_store(str(path))
    run = s.start_run(["y"])  # blocks until the holder lets go
    assert run >= 1
    s.close()
    holder.close()


def test_readonly_open_of_missing_db_is_clear(tmp_path):
    with pytest.raises(NotFound, match="khabar ingest"):
        open_store(str(tmp_path / "nope.db"), readonly=True)


def test_not_a_database(tmp_path):
    p = tmp_path / "junk.db"
    p.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        open_store(str(p))
