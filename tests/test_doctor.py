"""`khabar doctor`: every kind of damage is found, `--repair` fixes what can be
recomputed, and the repaired store matches the undamaged one.

The reference store: 20 SaudiNewsNet articles and the five seeds, through
the whole pipeline (actors, stories, events).  Each case damages a copy the
way a crash, an old version or another tool would (SQLite opened directly,
foreign keys off), then checks diagnose → repair → diagnose.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from khabar.config import Settings
from khabar.doctor import diagnose, repair
from khabar.store import open_store

from util import SAUDI, SEEDS, khabar, saudi_sample

pytestmark = pytest.mark.skipif(not (SAUDI.exists() and SEEDS.exists()),
                                reason="SaudiNewsNet or the seeds are missing")

SETTINGS = Settings()


def run_pipeline(inputs: list[str], db: str) -> None:
    """What `khabar ingest INPUTS --db DB` does, in this process."""
    from khabar.actors import update_actors
    from khabar.events import update_events
    from khabar.ingest import ingest
    from khabar.stories import update_stories

    with open_store(db) as store:
        assert ingest(inputs, store, SETTINGS).ok
        update_actors(store, SETTINGS)
        update_stories(store, SETTINGS)
        update_events(store, SETTINGS)


# What each case compares with the reference after the repair.
VIEWS = {
    "articles": "SELECT id, text, title, language FROM articles",
    "sentences": "SELECT * FROM sentences",
    "actors": "SELECT id, name, type, source FROM actors",
    "actor_names": "SELECT * FROM actor_names",
    "mentions": "SELECT article_id, actor_id, field, sentence, start, end, surface, type, method "
                "FROM mentions",
    # Linked mentions without how they were linked: an article extracted again
    # resolves through the spellings the store has learned since ("alias"
    # where a fresh store says "kb"), and may link more partial references.
    "links": "SELECT article_id, field, start, end, surface, actor_id FROM mentions "
             "WHERE actor_id IS NOT NULL",
    "event_mentions": "SELECT article_id, type, sentence, start, end, source_actor, target_actor, "
                      "event_id, date FROM event_mentions",
    "quotes": "SELECT article_id, speaker, cue, start, end, kind FROM quotes",
    "events": "SELECT id, story_id, type, source, target, date, n_sources FROM events",
    "stories": "SELECT s.id, s.title, m.article_id FROM story_articles m JOIN stories s "
               "ON s.id = m.story_id",
}


def view(db: Path, name: str) -> list:
    with sqlite3.connect(db) as c:
        return sorted(map(tuple, c.execute(VIEWS[name])), key=repr)


@pytest.fixture(scope="module")
def reference(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("doctor")
    data = saudi_sample(d / "saudi20.jsonl", 20)
    db = d / "ref.db"
    run_pipeline([str(data), str(SEEDS)], str(db))
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT count(*) FROM actors WHERE source = 'auto'").fetchone()[0] > 0
        assert c.execute("SELECT count(*) FROM events").fetchone()[0] > 0
    return db


@pytest.fixture
def damaged(reference, tmp_path):
    """A copy of the reference store and a function running SQL on it with
    foreign keys off (as another tool would)."""
    db = tmp_path / "k.db"
    shutil.copy(reference, db)

    def sql(*statements: str) -> None:
        with sqlite3.connect(db) as c:
            c.execute("PRAGMA foreign_keys = OFF")
            for s in statements:
                c.execute(s)
    return db, sql


def pick(db: Path, query: str) -> list:
    with sqlite3.connect(db) as c:
        return [r[0] for r in c.execute(query)]


def ids_in(values: list[str]) -> str:
    return "(" + ",".join(f"'{v}'" for v in values) + ")"


# ---------------------------------------------------------------- each kind of damage

def _deleted_articles(db, sql):
    gone = pick(db, "SELECT article_id FROM event_mentions ORDER BY article_id LIMIT 2")
    sql(f"DELETE FROM articles WHERE id IN {ids_in(gone)}")
    return {"references", "search-index"}, gone  # their search rows stay behind too


def _search_rows(db, sql):
    sql("DELETE FROM articles_fts WHERE rowid IN (SELECT rowid_ FROM articles LIMIT 3)",
        "INSERT INTO articles_fts (rowid, title, body) VALUES (99999, 'ghost', 'ghost row')")
    return {"search-index"}, []


def _damaged_search_index(db, sql):
    sql("DELETE FROM articles_fts_data WHERE id IN "
        "(SELECT id FROM articles_fts_data ORDER BY id DESC LIMIT 2)")
    return {"search-index"}, []


def _entities_missing(db, sql):
    arts = pick(db, "SELECT DISTINCT article_id FROM mentions ORDER BY article_id LIMIT 3")
    sql(f"DELETE FROM entity_runs WHERE article_id IN {ids_in(arts)}",
        f"DELETE FROM mentions WHERE article_id IN {ids_in(arts)}")
    return {"entities"}, []


def _old_extractor_version(db, sql):
    sql("UPDATE entity_runs SET version = version - 1 WHERE article_id IN "
        "(SELECT article_id FROM entity_runs ORDER BY article_id DESC LIMIT 2)")
    return {"entities"}, []


def _facts_missing(db, sql):
    arts = pick(db, "SELECT DISTINCT article_id FROM event_mentions ORDER BY article_id LIMIT 3")
    sql(f"DELETE FROM fact_runs WHERE article_id IN {ids_in(arts)}",
        f"DELETE FROM event_mentions WHERE article_id IN {ids_in(arts)}",
        f"DELETE FROM quotes WHERE article_id IN {ids_in(arts)}")
    return {"facts"}, []


def _embeddings_missing(db, sql):
    sql("DELETE FROM embeddings WHERE article_id IN (SELECT article_id FROM embeddings "
        "ORDER BY article_id LIMIT 2)")
    return {"embeddings"}, []


def _actor_deleted(db, sql):
    actor = pick(db, "SELECT actor_id FROM mentions WHERE actor_id LIKE 'loc:%' "
                     "GROUP BY actor_id ORDER BY count(*) DESC LIMIT 1")[0]
    sql(f"DELETE FROM actors WHERE id = '{actor}'")
    return {"references"}, []


def _event_deleted(db, sql):
    sql("DELETE FROM events WHERE id IN (SELECT event_id FROM event_mentions "
        "WHERE event_id IS NOT NULL ORDER BY id LIMIT 1)")
    return {"references"}, []


def _unpromoted(db, sql):
    # What a kill between the actors step's last batch and its promotion pass
    # leaves (the events then name no auto actor either).
    with sqlite3.connect(db) as c:
        auto_events = c.execute("SELECT count(*) FROM events WHERE source LIKE 'auto:%' OR "
                                "target LIKE 'auto:%' OR location LIKE 'auto:%'").fetchone()[0]
    sql("UPDATE mentions SET actor_id = NULL, method = NULL, confidence = NULL "
        "WHERE actor_id LIKE 'auto:%'",
        "DELETE FROM actor_names WHERE actor_id LIKE 'auto:%'",
        "DELETE FROM actors WHERE source = 'auto'",
        *[f"UPDATE event_mentions SET {col} = NULL WHERE {col} LIKE 'auto:%'"
          for col in ("source_actor", "target_actor", "location")],
        "UPDATE quotes SET speaker = NULL WHERE speaker LIKE 'auto:%'",
        *[f"DELETE FROM events WHERE {col} LIKE 'auto:%'" for col in ("source", "target", "location")])
    # references: the mentions of the deleted events, when an event named an auto actor
    return {"promotion"} | ({"references"} if auto_events else set()), []


def _stale_title(db, sql):
    sql("UPDATE stories SET title = 'stale title' WHERE id IN "
        "(SELECT id FROM stories ORDER BY id LIMIT 2)")
    return {"story-titles"}, []


def _not_in_story(db, sql):
    sql("DELETE FROM story_articles WHERE article_id IN "
        "(SELECT article_id FROM story_articles ORDER BY article_id DESC LIMIT 2)")
    return {"stories"}, []


CASES = {
    "deleted-articles": (_deleted_articles, ["sentences", "mentions", "event_mentions", "quotes"]),
    "search-rows": (_search_rows, ["articles"]),
    "damaged-search-index": (_damaged_search_index, ["articles"]),
    "entities-missing": (_entities_missing, ["links", "actors"]),
    "old-extractor-version": (_old_extractor_version, ["links", "actors"]),
    "facts-missing": (_facts_missing, ["event_mentions", "quotes", "events"]),
    "embeddings-missing": (_embeddings_missing, ["stories"]),
    "actor-deleted": (_actor_deleted, ["links", "actors"]),
    "event-deleted": (_event_deleted, ["events", "event_mentions"]),
    "unpromoted-names": (_unpromoted, ["actors", "actor_names", "mentions"]),
    "stale-story-titles": (_stale_title, ["stories"]),
    "article-in-no-story": (_not_in_story, []),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", list(CASES))
def test_damage_is_found_and_repaired(reference, damaged, case):
    db, sql = damaged
    damage, same_after = CASES[case]
    expected, deleted = damage(db, sql)
    with open_store(str(db)) as store:
        found = diagnose(store, SETTINGS)
        assert {p.check for p in found.problems} == expected, found.as_dict()
        assert not found.ok and all(p.repairable and p.count > 0 for p in found.problems)
        fixed = repair(store, SETTINGS)
        assert fixed.ok, fixed.as_dict()
        assert fixed.repaired and {p.check for p in fixed.before} == expected
        assert diagnose(store, SETTINGS).ok
        assert store.check() == []
        assert store.count_unassigned() == 0
    # The articles are never touched; derived data is what the pipeline made.
    keep = lambda rows: [r for r in rows if r[0] not in deleted]  # noqa: E731
    assert view(db, "articles") == keep(view(reference, "articles"))
    for name in same_after:
        got, want = keep(view(db, name)), keep(view(reference, name))
        if name in ("links", "actors", "actor_names"):  # nothing lost; more may be linked
            assert set(want) <= set(got), (name, set(want) - set(got))
        else:
            assert got == want, name
    if case == "embeddings-missing":
        with sqlite3.connect(db) as c, sqlite3.connect(reference) as r:
            got = dict(c.execute("SELECT article_id, vector FROM embeddings"))
            want = dict(r.execute("SELECT article_id, vector FROM embeddings"))
        assert got.keys() == want.keys()
        for k in want:
            assert np.allclose(np.frombuffer(got[k], np.float32), np.frombuffer(want[k], np.float32),
                               atol=1e-5)
    if case.startswith("search") or case.startswith("damaged-search"):
        with open_store(str(db), readonly=True) as store:
            for a in store.list_articles():
                word = max((a["title"] or "").split(), key=len, default="")
                if len(word) > 3:
                    assert a["id"] in {h["id"] for h in store.search(word, None)}, word


# ---------------------------------------------------------------- the command

def test_cli_report_exit_codes_and_repair(damaged):
    db, sql = damaged
    _deleted_articles(db, sql)
    _search_rows(db, sql)
    p = khabar("doctor", "--db", str(db), check=False)
    assert p.returncode == 1 and "Traceback" not in p.stderr
    lines = p.stdout.splitlines()
    assert any(ln.startswith("problem: [references] ") and "missing articles" in ln for ln in lines)
    assert any(ln.startswith("problem: [search-index] ") for ln in lines)
    assert "khabar doctor --repair" in lines[-1]
    report = json.loads(khabar("doctor", "--db", str(db), "--json", check=False).stdout)
    assert report["ok"] is False and {p["check"] for p in report["problems"]} == {
        "references", "search-index"}
    assert all({"check", "message", "count", "repairable"} <= set(p) for p in report["problems"])
    fixed = khabar("doctor", "--db", str(db), "--repair")
    assert fixed.returncode == 0 and fixed.stdout.splitlines()[-1] == "store ok"
    assert any(ln.startswith("repaired: search index rebuilt") for ln in fixed.stdout.splitlines())
    again = json.loads(khabar("doctor", "--db", str(db), "--json").stdout)
    assert again["ok"] is True and again["problems"] == []


def test_clean_store_is_ok(reference):
    p = khabar("doctor", "--db", str(reference))
    assert p.stdout == "store ok\n"


def test_steps_never_run_are_notes_not_problems(tmp_path):
    db = tmp_path / "k.db"
    khabar("ingest", str(SEEDS), "--db", str(db), "--no-entities", "--no-stories")
    p = khabar("doctor", "--db", str(db))
    notes = [ln for ln in p.stdout.splitlines() if ln.startswith("note: ")]
    assert len(notes) == 3 and p.stdout.splitlines()[-1] == "store ok"


def test_interrupted_run_is_a_note(damaged):
    db, sql = damaged
    sql("INSERT INTO runs (started_at, inputs) VALUES ('2024-01-01T00:00:00+00:00', '[]')")
    rep = json.loads(khabar("doctor", "--db", str(db), "--json").stdout)
    assert rep["ok"] and any("never finished" in n for n in rep["notes"])


def test_a_corrupt_file_is_reported_not_repaired(damaged):
    db, _ = damaged
    data = bytearray(db.read_bytes())
    for off in range(8192, min(len(data), 8192 * 6), 4096):  # wreck a few b-tree pages
        data[off:off + 64] = b"\xa5" * 64
    db.write_bytes(bytes(data))
    for args in ((), ("--repair",)):
        p = khabar("doctor", "--db", str(db), *args, check=False)
        assert p.returncode == 1 and "Traceback" not in p.stderr
        out = p.stdout + p.stderr
        assert "problem: [integrity]" in out or out.startswith("Error: ") or "\nError: " in out


# ---------------------------------------------------------------- PostgreSQL

@pytest.mark.postgres
@pytest.mark.slow
def test_postgres_damage_is_found_and_repaired(pg_url, tmp_path):
    import psycopg

    run_pipeline([str(SEEDS)], pg_url)
    with psycopg.connect(pg_url, autocommit=True) as c:
        c.execute("SET session_replication_role = replica")  # foreign keys off, as another tool
        aid = c.execute("SELECT article_id FROM mentions ORDER BY article_id LIMIT 1").fetchone()[0]
        c.execute("DELETE FROM articles WHERE id = %s", (aid,))
        c.execute("DELETE FROM articles_fts WHERE rowid_ = (SELECT min(rowid_) FROM articles)")
        c.execute("DELETE FROM entity_runs WHERE article_id = (SELECT max(id) FROM articles)")
        c.execute("DELETE FROM story_articles WHERE article_id = (SELECT min(id) FROM articles)")
    with open_store(pg_url) as store:
        found = diagnose(store, SETTINGS)
        assert {p.check for p in found.problems} == {"references", "search-index", "entities",
                                                     "stories"}, found.as_dict()
        fixed = repair(store, SETTINGS)
        assert fixed.ok, fixed.as_dict()
        assert store.check() == [] and store.count_unassigned() == 0
        assert store.stats()["articles"] == 4
    assert khabar("doctor", "--db", pg_url).stdout.strip() == "store ok"
