"""kill -9 in the middle of an ingest, then re-run: every article exactly once.

Real subprocesses, a real SIGKILL, real SQLite files; the reference is an
uninterrupted run over the same input.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from util import ROOT, SAUDI, khabar, saudi_sample

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not SAUDI.exists(), reason="SaudiNewsNet is missing")]

N_RECORDS = 1500


def _ids(db) -> list[str]:
    with sqlite3.connect(db) as c:
        return [r[0] for r in c.execute("SELECT id FROM articles ORDER BY id")]


def _count(db) -> int:
    try:
        with sqlite3.connect(db, timeout=1) as c:
            return c.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.Error:
        return 0


def _state(db) -> dict:
    with sqlite3.connect(db) as c:
        q = lambda sql: c.execute(sql).fetchone()[0]  # noqa: E731
        return {
            "articles": q("SELECT count(*) FROM articles"),
            "distinct": q("SELECT count(DISTINCT id) FROM articles"),
            "fts": q("SELECT count(*) FROM articles_fts"),
            "sentences_orphans": q("SELECT count(*) FROM sentences WHERE article_id NOT IN "
                                   "(SELECT id FROM articles)"),
            "articles_without_sentences": q("SELECT count(*) FROM articles WHERE id NOT IN "
                                            "(SELECT article_id FROM sentences)"),
            "sightings_dup": q("SELECT count(*) - count(DISTINCT article_id || source) FROM sightings"),
        }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    d = tmp_path_factory.mktemp("crash")
    data = saudi_sample(d / "saudi.jsonl", N_RECORDS)
    ref = d / "reference.db"
    khabar("ingest", str(data), "--db", str(ref), "--no-stories", "--no-entities")
    return data, _ids(ref)


@pytest.mark.parametrize("kill_after", [1, 300, 900])
def test_kill_minus_nine_then_rerun(corpus, tmp_path, kill_after):
    data, reference = corpus
    db = tmp_path / "k.db"
    proc = subprocess.Popen([sys.executable, "-m", "khabar", "ingest", str(data), "--db", str(db),
                             "--batch-size", "25", "--no-stories", "--no-entities"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None and _count(db) < kill_after:
        time.sleep(0.02)
    assert proc.poll() is None, "ingest finished before it could be killed; raise N_RECORDS"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    before = _count(db)
    assert 0 < before < len(reference) if kill_after > 1 else before < len(reference)
    khabar("ingest", str(data), "--db", str(db), "--no-stories", "--no-entities")
    assert _ids(db) == reference
    st = _state(db)
    assert st["articles"] == st["distinct"] == st["fts"] == len(reference)
    assert st["sentences_orphans"] == 0 and st["sightings_dup"] == 0
    assert st["articles_without_sentences"] == 0
    # A third run changes nothing.
    khabar("ingest", str(data), "--db", str(db), "--no-stories", "--no-entities")
    assert _ids(db) == reference
