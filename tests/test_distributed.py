"""The Dask engine gives the local engine's result: every table, row for row.

A real ``dask.distributed`` LocalCluster (2 worker processes on 127.0.0.1)
runs the per-article work; the coordinator (this process) writes.  The
1,000-article SaudiNewsNet run kills a worker half-way: the scheduler reruns
its chunks elsewhere and nothing is lost or changed.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import threading
import time

import pytest

from khabar import load_settings, open_store
from khabar.ingest import ingest

from util import SEEDS, khabar, saudi_sample

pytest.importorskip("distributed", reason="the [dask] extra is part of `make test`")

SAUDI_N = int(os.environ.get("KHABAR_TEST_SAUDI_N", "1000"))

# Columns that say when something happened, not what: they differ between any two runs.
_SKIP_TABLES = {"runs", "sqlite_sequence", "_migrations"}


def snapshot(db: str) -> dict[str, list]:
    """Every row of every table (search index and run records aside), sorted."""
    con = sqlite3.connect(db)
    out = {}
    for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                "AND name NOT LIKE '%fts%' ORDER BY name"):
        if table in _SKIP_TABLES:
            continue
        cols = [r[1] for r in con.execute(f"PRAGMA table_info({table})") if not r[1].endswith("_at")]
        out[table] = sorted(repr(r) for r in con.execute(f"SELECT {', '.join(cols)} FROM {table}"))
    con.close()
    return out


def run_all(inputs: list[str], db: str, engine=None) -> dict:
    """``khabar ingest`` through the Python API: read, then actors, stories, events."""
    from khabar.actors import update_actors
    from khabar.events import update_events
    from khabar.stories import update_stories

    settings = load_settings(env={}, db=db)
    counts = {}
    with open_store(db) as store:
        counts["ingest"] = ingest(inputs, store, settings, engine=engine).as_dict()
        for name, step in (("actors", update_actors), ("stories", update_stories),
                           ("events", update_events)):
            opts = engine.step_options(name, store, settings) if engine is not None else {}
            counts[name] = step(store, settings, **opts).as_dict()
    return counts


def assert_same(local: dict, dask: dict) -> None:
    assert local.keys() == dask.keys()
    for table in local:
        a, b = local[table], dask[table]
        assert a == b, (f"{table}: {len(a)} rows locally, {len(b)} with Dask; first difference: "
                        f"{next((x, y) for x, y in zip(a + [''], b + ['']) if x != y)}")


@pytest.fixture(scope="module")
def engine():
    from khabar.distributed import DaskEngine

    with DaskEngine(workers=2) as eng:
        yield eng


def test_seeds_same_as_local(tmp_path, engine):
    local, dask = str(tmp_path / "local.db"), str(tmp_path / "dask.db")
    run_all([str(SEEDS)], local)
    counts = run_all([str(SEEDS)], dask, engine)
    assert counts["ingest"]["ingested"] == 5
    assert counts["events"]["event_mentions"] > 0 and counts["actors"]["mentions"] > 0
    snap = snapshot(local)
    assert len(snap["story_articles"]) == 5 and snap["mentions"]
    assert_same(snap, snapshot(dask))
    assert engine.stats["pipeline_reused"] >= 5


def test_saudi_sample_same_as_local_with_a_worker_killed(tmp_path, engine):
    src = str(saudi_sample(tmp_path / "saudi.jsonl", SAUDI_N))
    local, dask = str(tmp_path / "local.db"), str(tmp_path / "dask.db")
    local_counts = run_all([src], local)

    before = engine.client.run(os.getpid)
    victim = sorted(before.values())[0]
    start = engine.stats["chunks"]
    killed = threading.Event()
    stop = threading.Event()

    def kill_mid_run():
        # Half-way through reading: about 30 chunks of 16 articles sent.
        while not stop.is_set():
            if engine.stats["chunks"] - start >= SAUDI_N // 32:
                os.kill(victim, signal.SIGKILL)
                killed.set()
                return
            time.sleep(0.02)

    killer = threading.Thread(target=kill_mid_run, daemon=True)
    killer.start()
    try:
        dask_counts = run_all([src], dask, engine)
    finally:
        stop.set()
        killer.join()
    assert killed.is_set(), "the run ended before a worker could be killed"
    # The nanny started a new worker process in place of the one killed.
    deadline = time.time() + 60
    while time.time() < deadline:
        after = engine.client.run(os.getpid)
        if len(after) == 2:
            break
        time.sleep(0.5)
    assert victim not in after.values() and len(after) == 2

    for step in ("ingest", "actors", "stories", "events"):
        for key in ("ingested", "duplicates", "mentions", "linked", "assigned", "new_stories",
                    "copies", "event_mentions", "quotes", "events"):
            if key in local_counts[step]:
                assert local_counts[step][key] == dask_counts[step][key], (step, key)
    assert local_counts["ingest"]["ingested"] > 0.9 * SAUDI_N
    assert_same(snapshot(local), snapshot(dask))


def test_cli_dask_engine_groups_stories_as_local(tmp_path):
    local, dask = str(tmp_path / "l.db"), str(tmp_path / "d.db")
    khabar("ingest", str(SEEDS), "--db", local, "--json")
    out = khabar("ingest", str(SEEDS), "--db", dask, "--engine", "dask", "--workers", "2", "--json")
    assert '"engine": "dask"' in out.stdout
    a, b = snapshot(local), snapshot(dask)
    assert a["story_articles"] == b["story_articles"] and a["stories"] == b["stories"]
    assert_same(a, b)


def test_unreachable_scheduler_is_a_clear_error(tmp_path, closed_port):
    out = khabar("ingest", str(SEEDS), "--db", str(tmp_path / "x.db"),
                 "--scheduler", f"tcp://127.0.0.1:{closed_port}", check=False, timeout=120)
    assert out.returncode != 0
    assert "Dask scheduler" in out.stderr and "Traceback" not in out.stderr
    # Nothing was read: the store holds no articles.
    con = sqlite3.connect(str(tmp_path / "x.db"))
    assert con.execute("SELECT count(*) FROM articles").fetchone()[0] == 0


def test_scheduler_without_dask_engine_is_refused(tmp_path):
    out = khabar("ingest", str(SEEDS), "--db", str(tmp_path / "x.db"), "--engine", "local",
                 "--scheduler", "tcp://127.0.0.1:1", check=False)
    assert out.returncode == 2 and "--scheduler needs --engine dask" in out.stderr


@pytest.mark.postgres
def test_postgres_workers_write_facts_same_as_local(pg_server, tmp_path, engine):
    """With PostgreSQL the workers write events and quotes themselves (COPY)."""
    import uuid

    import psycopg

    from conftest import pg_database_url

    urls = []
    with psycopg.connect(pg_server, autocommit=True) as admin:
        for _ in range(2):
            name = "khabar_t_" + uuid.uuid4().hex[:12]
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
            urls.append((name, pg_database_url(pg_server, name)))
    try:
        run_all([str(SEEDS)], urls[0][1])
        counts = run_all([str(SEEDS)], urls[1][1], engine)
        assert counts["events"]["event_mentions"] > 0
        assert_same(_pg_snapshot(urls[0][1]), _pg_snapshot(urls[1][1]))
    finally:
        with psycopg.connect(pg_server, autocommit=True) as admin:
            for name, _ in urls:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _pg_snapshot(url: str) -> dict[str, list]:
    """As :func:`snapshot`; serial ids of appended rows (mentions, event
    mentions, quotes) are left out: concurrent writers take them in any order."""
    import psycopg

    serial = {"mentions", "event_mentions", "quotes", "rejections", "story_audit", "alerts"}
    out = {}
    with psycopg.connect(url) as con:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
            "ORDER BY table_name")]
        for table in tables:
            if table in _SKIP_TABLES:
                continue
            cols = [r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = %s "
                "AND table_schema = 'public' ORDER BY ordinal_position", (table,))
                if not r[0].endswith("_at") and r[0] != "search"
                and not (table in serial and r[0] == "id")]
            if cols:
                sel = ", ".join(f'"{c}"' for c in cols)
                out[table] = sorted(repr(r) for r in con.execute(f"SELECT {sel} FROM {table}"))
    return out


def test_snapshot_answers_are_checked_against_live_counts():
    """A worker's boilerplate answers are kept only if the live counts agree."""
    from khabar.clean import OutletLines, SnapshotLines

    live = OutletLines(None, threshold=2)
    live.add("out", {"h1"})
    snap = {"out": frozenset()}                    # taken when h1 was seen once
    worker = SnapshotLines(2, snap)
    assert worker.counts("out", ["h1", "h2"]) == {"h1": 0, "h2": 0}
    # Live: h1 seen once (below 2): same answer, and the article is counted.
    assert SnapshotLines.agrees(worker.asked, snap, live)
    assert live.counts("out", ["h1", "h2"]) == {"h1": 2, "h2": 1}
    # Now h1 is boilerplate live, but the (stale) snapshot said it was not.
    assert not SnapshotLines.agrees(worker.asked, snap, live)
    assert live.counts("out", ["h1"]) == {"h1": 2}  # a refused answer counts nothing
    assert live.chrome("out") == frozenset({"h1"})
