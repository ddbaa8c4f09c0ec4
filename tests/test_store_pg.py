"""The PostgreSQL store on a real server (see ``pg_server``/``pg_url`` in conftest).

What only PostgreSQL has to show: migrations applied once (also by two
processes opening a new database at once), the same tables and columns as
SQLite, concurrent writers, a clear error when busy or unreachable, search
keys that survive PostgreSQL's limits, and the actor, story and event tables
giving the same answers as SQLite for the same writes (a scripted scenario
through every method, then the whole pipeline on the seed articles).
"""

from __future__ import annotations

import dataclasses
import sqlite3
import sys
import threading
import time
from collections import Counter

import pytest

from khabar.article import Article, RawDocument, Rejection
from khabar.config import load_settings
from khabar.errors import MissingExtra, NotFound, StoreError
from khabar.events import fuse
from khabar.pipeline import build_pipeline
from khabar.store import ArticleFilter, Sighting, open_store
from khabar.store.sqlite import migrations as sqlite_migrations

from util import SEEDS, khabar, khabar_json, seed

pytestmark = pytest.mark.postgres

SETTINGS = load_settings(env={})


def make(text: str, title: str, outlet="wire", published=None) -> Article:
    raw = RawDocument(source=f"{title}.txt", text=text, title=title, outlet=outlet,
                      published=published, published_field="date")
    return build_pipeline(SETTINGS)(Article.from_raw(raw))


@pytest.fixture
def pg(pg_url):
    s = open_store(pg_url)
    yield s
    s.close()


def _connect(url):
    import psycopg

    return psycopg.connect(url, autocommit=True)


# --- opening and migrating ---------------------------------------------------

def test_migrations_are_named_and_applied_once(pg_url):
    from khabar.store.postgres import migrations

    open_store(pg_url).close()
    with _connect(pg_url) as c:
        first = c.execute("SELECT name, applied_at FROM _migrations ORDER BY name").fetchall()
    time.sleep(1.1)  # applied_at has one-second resolution
    open_store(pg_url).close()
    with _connect(pg_url) as c:
        again = c.execute("SELECT name, applied_at FROM _migrations ORDER BY name").fetchall()
    names = [n for n, _ in first]
    assert names == [n for n, _ in migrations()] == [n for n, _ in sqlite_migrations()]
    assert again == first


def test_two_processes_opening_a_new_database_migrate_it_once(pg_url):
    barrier = threading.Barrier(3)
    errors: list[BaseException] = []

    def opener():
        try:
            barrier.wait()
            open_store(pg_url).close()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=opener) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    with _connect(pg_url) as c:
        assert c.execute("SELECT count(*) FROM _migrations").fetchone()[0] == len(sqlite_migrations())


def test_same_tables_and_columns_as_sqlite(pg_url, tmp_path):
    open_store(pg_url).close()
    open_store(str(tmp_path / "s.db")).close()
    with sqlite3.connect(tmp_path / "s.db") as c:
        tables = [r[0] for r in c.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'articles_fts%'")]
        lite = {t: {r[1] for r in c.execute(f"PRAGMA table_info({t})")} for t in tables}
    with _connect(pg_url) as c:
        pg = {}
        for t, col in c.execute("SELECT table_name, column_name FROM information_schema.columns "
                                "WHERE table_schema = current_schema()"):
            pg.setdefault(t, set()).add(col)
    # The search index is FTS5 in one and a tsvector table in the other;
    # rejections gains an explicit arrival key (SQLite's implicit rowid).
    assert pg.pop("articles_fts") == {"rowid_", "keys"}
    assert pg["rejections"] - lite["rejections"] == {"rowid_"}
    pg["rejections"].discard("rowid_")
    assert pg == lite


def test_readonly_open_of_empty_database_is_clear(pg_url):
    with pytest.raises(NotFound, match="khabar ingest"):
        open_store(pg_url, readonly=True)


def test_unreachable_server_fails_clearly_without_the_password(closed_port):
    with pytest.raises(StoreError, match="cannot connect") as err:
        open_store(f"postgresql://khabar:s3cret-pw@127.0.0.1:{closed_port}/nowhere")
    assert "s3cret-pw" not in str(err.value) and "***" in str(err.value)


def test_missing_psycopg_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)  # import psycopg -> ImportError
    with pytest.raises(MissingExtra, match=r"khabar\[postgres\]"):
        open_store("postgresql://localhost/khabar")


def test_url_is_redacted(pg):
    from khabar.store.postgres import redact

    assert pg.url.startswith("postgresql://") and ":***@" in pg.url
    assert redact("postgres://u:p%40ss@h:5/db?sslmode=require") == "postgres://u:***@h:5/db?sslmode=require"
    assert redact("postgresql:///db?user=u&password=pw&host=h") == \
        "postgresql:///db?user=u&password=***&host=h"
    assert redact("postgresql://u@h/db") == "postgresql://u@h/db"


# --- writers -----------------------------------------------------------------

def test_concurrent_writers_store_each_article_once(pg_url):
    arts = [make(f"Report number {i}: the ministers met in Cairo and talked about trade {i}.",
                 f"Report {i}") for i in range(30)]
    stores = [open_store(pg_url) for _ in range(2)]
    # Overlapping halves in opposite orders: without the writer lock, two
    # batches inserting the same ids crosswise could deadlock.
    work = [arts[:20], list(reversed(arts[10:]))]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def writer(store, items, who):
        try:
            barrier.wait()
            for i in range(0, len(items), 5):
                batch = items[i:i + 5]
                store.write_batch(batch, [Sighting(a.id, f"{who}/{a.source}", a.outlet) for a in batch],
                                  [], outlet_lines={"wire": {"line": len(batch)}})
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(s, w, n)) for n, (s, w) in enumerate(zip(stores, work))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    for s in stores:
        s.close()
    assert errors == []
    with open_store(pg_url) as s:
        st = s.stats()
        sentences = sum(len(a.sentences) for a in arts)
        assert (st["articles"], st["sightings"], st["sentences"]) == (30, 40, sentences)
        assert s.outlet_line_counts("wire", ["line"]) == {"line": 40}
        assert s.check() == []
        assert [h["id"] for h in s.search("report 17")] == [arts[17].id]
        assert s.known_ids([a.id for a in arts]) == {a.id for a in arts}


def _hold_writer_lock(url):
    from khabar.store.postgres import WRITE_LOCK

    holder = _connect(url)
    holder.execute("BEGIN")
    holder.execute("SELECT pg_advisory_xact_lock(%s, %s)", WRITE_LOCK)
    return holder


def test_second_writer_waits_then_fails_clearly(pg, pg_url, monkeypatch):
    import khabar.store.postgres as mod

    monkeypatch.setattr(mod, "BUSY_TIMEOUT_S", 0.5)
    holder = _hold_writer_lock(pg_url)
    try:
        t0 = time.time()
        with pytest.raises(StoreError, match="busy"):
            pg.start_run(["x"])
        assert time.time() - t0 >= 0.4
        assert pg.runs() == []  # nothing half-written, and the connection still works
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert pg.start_run(["y"]) >= 1


def test_second_writer_waits_and_succeeds_when_lock_released(pg, pg_url):
    holder = _hold_writer_lock(pg_url)
    timer = threading.Timer(0.5, lambda: holder.execute("ROLLBACK"))
    timer.start()
    try:
        t0 = time.time()
        run = pg.start_run(["y"])  # blocks until the holder lets go
        assert run >= 1 and time.time() - t0 >= 0.4
    finally:
        timer.join()
        holder.close()


def test_failed_batch_leaves_nothing(pg):
    a = make("Ministers met in Cairo on Monday.", "Cairo")
    bad = Sighting("ffffffffffffffff", "x.txt")  # no such article: foreign key
    with pytest.raises(StoreError, match="write failed"):
        pg.write_batch([a], [bad], [])
    assert pg.stats()["articles"] == 0
    pg.write_batch([a], [], [])
    assert pg.stats()["articles"] == 1 and pg.check() == []


def test_article_with_nul_is_a_rejection_not_a_failed_batch(pg):
    # SQLite keeps U+0000 (it can arrive through a JSON "\u0000"); PostgreSQL text cannot.
    ok = make("Ministers met in Cairo on Monday.", "Cairo")
    nul = make("Ministers met in Cairo\x00 on Tuesday and talked.", "NUL")
    pg.write_batch([ok, nul], [Sighting(ok.id, "a.txt"), Sighting(nul.id, "b.txt")],
                   [Rejection("c\x00.bin", "binary", "NUL bytes")])
    assert pg.known_ids([ok.id, nul.id]) == {ok.id}
    assert [(r["source"], r["reason"]) for r in pg.rejections()] == \
        [("c\ufffd.bin", "binary"), ("NUL.txt", "nul-character")]
    assert [s.source for s in pg.sightings(ok.id)] == ["a.txt"] and pg.check() == []


# --- search keys within PostgreSQL's limits ------------------------------------

def test_search_vector_escapes_and_parses(pg):
    from khabar.store.postgres import search_query, search_vector

    vec = search_vector("it's a", "back\\slash it's")
    row = pg.conn.execute("SELECT %s::tsvector, %s::tsvector @@ %s::tsquery",
                          (vec, vec, search_query(["it's", "back\\slash"]))).fetchone()
    assert row[1] is True
    assert "'it''s':1A,4B" in row[0]


def test_long_articles_and_overlong_words(pg):
    words = " ".join(f"w{i}" for i in range(17000))  # past tsvector's last position (16383)
    long = make(f"The ministers met. {words} The talks ended in Tashkent.", "Long report")
    huge = make("The envoy arrived. " + "x" * 3000 + " He met the minister in Baku.", "Odd report")
    pg.write_batch([long, huge], [], [])
    assert [h["id"] for h in pg.search("tashkent")] == [long.id]
    assert [h["id"] for h in pg.search("baku")] == [huge.id]
    # A word longer than a lexeme may be (2046 bytes) cannot be indexed: no match, no error.
    assert pg.search("x" * 3000) == []
    assert pg.check() == []


# --- the same answers as SQLite --------------------------------------------------

_TIMES = {"created_at", "updated_at", "assigned_at", "at", "seen_at", "ingested_at",
          "started_at", "finished_at", "applied_at"}


def _plain(x):
    """Rows, articles, counters and sets as plain comparable values, timestamps dropped."""
    if isinstance(x, dict):
        return {k: _plain(v) for k, v in x.items() if k not in _TIMES}
    if dataclasses.is_dataclass(x) and not isinstance(x, type):
        return _plain(dataclasses.asdict(x))
    if isinstance(x, (set, frozenset)):
        return sorted(_plain(v) for v in x)
    if hasattr(x, "keys") and not isinstance(x, (str, bytes)):  # sqlite3.Row and its twin
        return _plain(dict(zip(x.keys(), tuple(x))))
    if isinstance(x, (list, tuple)):
        return [_plain(v) for v in x]
    return x


def _span(a: Article, word: str) -> tuple[int, int, int]:
    start = a.text.index(word)
    sentence = next(i for i, s in enumerate(a.sentences) if s.start <= start < s.end)
    return sentence, start, start + len(word)


def _mention(a: Article, actor, surface, key, typ="PER", conf=0.9, method="kb"):
    sentence, start, end = _span(a, surface)
    return (a.id, actor, "text", sentence, start, end, surface, key, typ, conf, method)


def _event(a: Article, source, target, count=None, trigger="phone call") -> dict:
    sentence, start, end = _span(a, trigger)
    s = a.sentences[sentence]
    return {"article_id": a.id, "type": "CONSULT", "mode": "phone call", "source_actor": source,
            "target_actor": target, "source_text": None, "target_text": None, "location": "loc:RU",
            "count": count, "negated": False, "hypothetical": 0, "sentence": sentence,
            "start": s.start, "end": s.end, "trigger": trigger, "trigger_start": start,
            "trigger_end": end, "score": 0.75}


def _scenario_articles() -> list[Article]:
    return [
        make("Lavrov held a phone call with Wang on Monday. Zorba attended.", "Lavrov call",
             outlet="alpha", published="2022-01-11"),
        make("أجرى لافروف اتصالا هاتفيا مع وانغ يوم الاثنين.", "اتصال لافروف", outlet="beta",
             published="2022-01-12"),
        make("وزیر امور خارجه روسیه گفت همکاری‌ها ادامه دارد. زوربا حضور داشت.", "همکاری روسیه",
             outlet="gamma"),
        make("Lavrov held a phone call with Wang on Monday, officials said. Zorba attended.",
             "Lavrov call (copy)", outlet="delta", published="2022-01-11"),
    ]


def _scenario(store, arts: list[Article]) -> dict:
    """The same writes through every actor, story and event method; what each read returns."""
    a0, a1, a2, a3 = arts
    out: dict = {}
    run = store.start_run(["scenario"])
    store.write_batch(arts, [Sighting(a.id, a.source, a.outlet, None, a.published) for a in arts],
                      [Rejection("junk.bin", "binary", "NUL bytes")], run)
    store.finish_run(run, {"ingested": 4})
    out["runs"], out["rejections"] = store.runs(), store.rejections(run)

    # Actors.
    kb = [("per:lavrov", "Sergey Lavrov", "PER", "politician", "RU", "Q719", "kb"),
          ("per:wang", "Wang Yi", "PER", "politician", "CN", None, "kb"),
          ("loc:RU", "Russia", "LOC", "country", "RU", "Q159", "kb")]
    names = [("per:lavrov", "lavrov", "Lavrov", "latin", "en", "kb", 0.9, 2),
             ("per:lavrov", "لافروف", "لافروف", "arabic", "ar", "alias", 0.8, 1),
             ("per:wang", "wang", "Wang", "latin", "en", "kb", 0.9, 2),
             ("per:wang", "وانغ", "وانغ", "arabic", "ar", "fuzzy", 0.7, 1)]
    mentions = [_mention(a0, "per:lavrov", "Lavrov", "lavrov"), _mention(a0, "per:wang", "Wang", "wang"),
                _mention(a0, None, "Zorba", "zorba", conf=None, method=None),
                _mention(a1, "per:lavrov", "لافروف", "لافروف", conf=0.8, method="alias"),
                _mention(a1, "per:wang", "وانغ", "وانغ", conf=0.7, method="fuzzy"),
                _mention(a2, "loc:RU", "روسیه", "روسيه", typ="LOC", conf=1.0),
                _mention(a2, None, "زوربا", "زوربا", conf=None, method=None),
                _mention(a3, "per:lavrov", "Lavrov", "lavrov"),
                _mention(a3, None, "Zorba", "zorba", conf=None, method=None)]
    store.write_entity_batch(actors=kb, names=names, mentions=mentions, done=[(a.id, 1) for a in arts])
    # Spellings seen again: counts add up, the best confidence stays.
    store.write_entity_batch(names=[("per:lavrov", "lavrov", "Lavrov", "latin", "en", "kb", 0.95, 1),
                                    ("per:wang", "wang", "Wang", "latin", "en", "kb", 0.5, 1)])
    # Re-extraction of a3 replaces its mentions.
    store.write_entity_batch(mentions=[_mention(a3, "per:lavrov", "Lavrov", "lavrov"),
                                       _mention(a3, "per:wang", "Wang", "wang"),
                                       _mention(a3, None, "Zorba", "zorba", conf=None, method=None)],
                             done=[(a3.id, 1)])
    out["unresolved"] = store.unresolved_groups()
    out["attached"] = store.write_entity_batch(
        actors=[("auto:per:zorba", "Zorba", "PER", None, None, None, "auto")],
        names=[("auto:per:zorba", "zorba", "Zorba", "latin", None, "auto", 0.6, 2)],
        attach=[("zorba", "auto:per:zorba", "auto", 0.6), ("zorba", "per:lavrov", "kb", 0.9),
                ("no such key", "per:lavrov", "kb", 0.9)])
    out["learned"] = store.learned_names()
    out["stored_actors"] = store.stored_actors()
    out["actors"] = store.list_actors()
    out["actors_per_1"] = store.list_actors(type="per", limit=1)
    out["actor"] = store.get_actor("per:lavrov")
    out["actor_by_name"] = store.get_actor("sergey lavrov")["id"]
    out["actor_by_prefix"] = store.get_actor("LOC:r")["id"]  # SQLite's LIKE ignores case
    out["mentions"] = store.article_mentions(a0.id)
    out["actor_ids"] = store.article_actor_ids([a.id for a in arts])
    out["without_entities"] = (store.count_without_entities(1), store.count_without_entities(2),
                               [a.id for a in store.articles_without_entities(2, limit=2)])
    out["entity_stats"] = store.entity_stats()

    # Stories.
    s0, s1 = "s" + a0.id, "s" + a1.id
    out["unassigned"] = (store.count_unassigned(), [a.id for a in store.unassigned_articles(3)])
    store.write_story_batch(
        embeddings=[(a.id, "test-model", 4, bytes(range(i, i + 16))) for i, a in enumerate(arts)],
        copies=[(a0.id, None, None, None, b"sig-0"), (a3.id, a0.id, 0.97, "copy", b"sig-3")],
        stories=[(s0, a0.title, a0.id), (s1, a1.title, a1.id)],
        members=[(a0.id, s0, 1.0, "new", 0), (a1.id, s1, 1.0, "new", 0),
                 (a2.id, s1, 0.61, "similar", None), (a3.id, s0, 0.97, "copy", 0)],
        links=[(s1, s0, 0.42)])
    # A later batch replaces a copy row and a membership (INSERT OR REPLACE in SQLite).
    store.write_story_batch(copies=[(a3.id, a0.id, 0.99, "near", b"sig-3b")],
                            members=[(a2.id, s1, 0.65, "similar", 3)])
    out["unassigned_after"] = store.count_unassigned()
    out["vectors"] = store.assigned_vectors("test-model")
    out["keys"] = store.arrival_keys([a.id for a in arts])
    out["copies"] = store.copy_rows()
    store.set_story_title(s1, "Lavrov call", a1.id)
    story = store.get_story(s0[:9])
    store.save_summary(s0, {"sentences": [{"article": a0.id, "sentence": 0}]}, story["version"])
    out["story"] = store.get_story(s0)
    out["stories"] = store.list_stories()
    out["story_actors"] = store.story_actors(s0)

    # Events and quotes, fused per story.
    q_sentence, q_start, q_end = _span(a0, "Zorba attended")
    store.write_fact_batch(
        event_mentions=[_event(a0, "per:lavrov", "per:wang", 3), _event(a3, "per:wang", "per:lavrov", 4),
                        _event(a1, "per:lavrov", None, trigger="اتصالا")],
        quotes=[{"article_id": a0.id, "speaker": "per:lavrov", "speaker_text": "Lavrov",
                 "speaker_start": 0, "speaker_end": 6, "cue": "said", "cue_start": None,
                 "cue_end": None, "start": q_start, "end": q_end, "sentence": q_sentence,
                 "kind": "reported"}],
        done=[(a.id, 1) for a in arts])
    out["without_facts"] = (store.count_without_facts(1), store.count_without_facts(2))
    out["fusion_inputs"] = store.fusion_inputs()
    out["fused"] = fuse(store)
    out["events"] = store.list_events()
    out["events_filtered"] = (store.list_events(story=s0[:9]), store.list_events(type="consult"),
                              store.list_events(actor="per:wang", limit=1))
    best = max(out["events"], key=lambda e: (e["n_sources"], e["id"]))
    out["event"] = store.get_event(best["id"][:7])
    out["quotes"] = (store.list_quotes(), store.list_quotes(speaker="per:lavrov"),
                     store.list_quotes(story=s0), store.list_quotes(article=a1.id))
    out["dates"] = [store.article_date(a.id) for a in arts]
    out["event_stats"] = store.event_stats()
    out["refused"] = [e["id"] for e in fuse(store)]

    # Analyst edits.
    store.rename_story(s1, "Lavrov and Wang")
    store.set_story_title(s1, "ignored: the title is locked", a1.id)
    store.move_article(a2.id[:10], s0)
    new = store.split_story(s0, [a2.id])
    out["split"] = new
    store.merge_stories(s0, [s1])
    out["merged_redirect"] = store.get_story(s1)["id"]
    out["after_edits"] = store.list_stories()
    out["pins"] = store.pins()
    out["audit"] = store.story_audit()
    out["story_ids_of"] = store.story_ids_of([a.id for a in arts])
    out["stats"], out["check"] = store.stats(), store.check()
    with pytest.raises(NotFound):
        store.get_story("s-none")
    with pytest.raises(NotFound):
        store.get_actor("per:nobody")
    with pytest.raises(NotFound):
        store.get_event("e-none")
    with pytest.raises(NotFound, match="leave at least one"):
        store.split_story(s0, store.get_story(s0)["articles"])
    return out


def test_actor_story_event_tables_answer_as_in_sqlite(pg, tmp_path):
    arts = _scenario_articles()
    with open_store(str(tmp_path / "same.db")) as lite:
        expected = _plain(_scenario(lite, arts))
    got = _plain(_scenario(pg, arts))
    for key in expected:
        assert got[key] == expected[key], key
    # …and the scenario did what it says.
    a0, a1, a2, a3 = arts
    assert got["attached"] == 2 and got["check"] == []
    # Learned spellings: each key's first knowledge-base or fuzzy mention (in
    # mention order), then promoted actors' names; an alias link adds none.
    learned = [(n["key"], n["actor_id"], n["confidence"], n["method"]) for n in got["learned"]]
    assert learned[:2] == [("lavrov", "per:lavrov", 0.9, "kb"), ("wang", "per:wang", 0.9, "kb")]
    assert ("وانغ", "per:wang", 0.7, "fuzzy") in learned and learned[-1][1:] == ("auto:per:zorba", 0.6, "auto")
    assert not any(k == "لافروف" for k, *_ in learned)
    assert got["actor"]["articles"] == 3 and got["actor_by_name"] == "per:lavrov"
    assert got["actor_by_prefix"] == "loc:RU"
    assert {g["key"] for g in got["unresolved"]} == {"zorba", "زوربا"}
    copy = got["copies"][-1]
    assert (copy["original_id"], copy["similarity"], copy["kind"]) == (a0.id, 0.99, "near")
    assert got["story"]["summary"] is not None and got["story"]["independent_sources"] == 1
    assert got["event"]["n_sources"] == 2 and got["event"]["negated"] is False
    assert got["quotes"][0][0]["text"] == "Zorba attended"
    assert got["refused"] == [e["id"] for e in got["fused"]]
    assert got["split"] == "s" + a2.id and got["merged_redirect"] == "s" + a0.id
    assert [e["action"] for e in got["audit"]] == ["rename", "move", "split", "merge"]
    assert Counter(got["story_ids_of"].values()) == {"s" + a0.id: 3, "s" + a2.id: 1}


@pytest.mark.slow
def test_whole_pipeline_on_the_seeds_answers_as_in_sqlite(pg_url, tmp_path):
    """Ingest, actors, stories and events on the seed articles, once per backend."""
    from khabar.actors import update_actors
    from khabar.events import update_events
    from khabar.ingest import ingest
    from khabar.stories import update_stories

    def run(db):
        with open_store(db) as store:
            summary = ingest([str(SEEDS)], store, SETTINGS)
            assert summary.ok and summary.ingested == 5
            update_actors(store, SETTINGS)
            update_stories(store, SETTINGS)
            update_events(store, SETTINGS)
            stories = store.list_stories()
            return _plain({
                "articles": store.list_articles(), "stats": store.stats(),
                "stories": stories, "story": store.get_story(stories[0]["id"]),
                "actors": store.list_actors(), "entity_stats": store.entity_stats(),
                "events": store.list_events(), "quotes": store.list_quotes(),
                "event_stats": store.event_stats(),
                # Ranks differ (bm25 / ts_rank); the hits and their best sentences do not.
                "search": sorted((h["id"], h["match"]["sentence"]) for h in store.search("لافروف")),
                "check": store.check()})

    expected = run(str(tmp_path / "seeds.db"))
    got = run(pg_url)
    for key in expected:
        assert got[key] == expected[key], key
    assert got["search"] and got["actors"] and len(got["stories"]) >= 2
    assert got["events"] and got["check"] == []


# --- the CLI on a PostgreSQL URL -------------------------------------------------

def test_cli_ingest_then_read_back(pg_url):
    src = str(seed(1))
    fast = ("--no-entities", "--no-stories")  # the pipeline steps are compared above
    first = khabar_json("ingest", src, "--db", pg_url, *fast, "--json")
    assert (first["ingested"], first["failed"]) == (1, 0)
    again = khabar_json("ingest", src, "--db", pg_url, *fast, "--json")
    assert (again["ingested"], again["duplicates"]) == (0, 1)
    rows = khabar_json("articles", "--db", pg_url, "--json")
    assert len(rows) == 1 and rows[0]["language"] == "ar" and rows[0]["path"] == src
    art = khabar_json("show", "article", rows[0]["id"][:8], "--db", pg_url, "--json")
    assert art["id"] == rows[0]["id"]
    hits = khabar_json("search", "لافروف", "--db", pg_url, "--json")
    assert [h["id"] for h in hits] == [rows[0]["id"]]
    assert "store ok" in khabar("doctor", "--db", pg_url).stdout
    # KHABAR_DB selects the store as --db does.
    assert khabar_json("articles", "--json", env={"KHABAR_DB": pg_url}) == rows


def test_cli_errors_are_one_line_without_the_password(pg_url, closed_port):
    empty = khabar("articles", "--db", pg_url, check=False)
    assert empty.returncode == 1 and empty.stderr.startswith("Error: no khabar database")
    bad = khabar("articles", "--db", f"postgresql://khabar:s3cret-pw@127.0.0.1:{closed_port}/x",
                 check=False)
    assert bad.returncode == 1 and bad.stderr.startswith("Error: cannot connect to PostgreSQL")
    assert "s3cret-pw" not in bad.stderr and "Traceback" not in bad.stderr
