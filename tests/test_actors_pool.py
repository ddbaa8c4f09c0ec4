"""The actors step on forked workers (setting ``workers`` ≠ 1) gives the
one-process answer, row for row, and a worker that dies stops it with a
clear error that loses nothing already written."""

from __future__ import annotations

import dataclasses
import os
import sqlite3

import pytest

from util import saudi_sample

from khabar import actors, load_settings, open_store
from khabar.errors import EngineError
from khabar.ingest import ingest

N = 160          # SaudiNewsNet articles: several batches of chunks in flight


def _rows(db: str) -> dict[str, list]:
    con = sqlite3.connect(db)
    out = {}
    for table in ("mentions", "actor_names", "actors", "entity_runs"):
        try:
            cols = [r[1] for r in con.execute(f"PRAGMA table_info({table})")
                    if not r[1].endswith("_at")]
        except sqlite3.Error:
            continue
        if cols:
            out[table] = sorted(repr(r) for r in con.execute(f"SELECT {', '.join(cols)} FROM {table}"))
    con.close()
    return out


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return saudi_sample(tmp_path_factory.mktemp("pool") / "in.jsonl", N)


def _run(corpus, db: str, workers: int):
    settings = dataclasses.replace(load_settings(env={}, db=db), workers=workers)
    with open_store(db) as store:
        ingest([str(corpus)], store, settings)
        return actors.update_actors(store, settings)


def test_forked_workers_give_the_one_process_rows(tmp_path, corpus):
    one, two = str(tmp_path / "one.db"), str(tmp_path / "two.db")
    a = _run(corpus, one, workers=1)
    b = _run(corpus, two, workers=2)
    assert a.articles == b.articles >= N * 0.9
    assert a.mentions == b.mentions > 1000
    assert a.by_method == b.by_method
    ra, rb = _rows(one), _rows(two)
    assert ra["mentions"] and ra == rb


def test_small_runs_stay_in_one_process(tmp_path, corpus, monkeypatch):
    """Below POOL_MIN_ARTICLES no process is forked."""
    made = []
    from khabar import distributed

    monkeypatch.setattr(distributed.ForkPool, "__init__",
                        lambda self, *a, **k: made.append(1) or (_ for _ in ()).throw(AssertionError))
    monkeypatch.setattr(actors, "POOL_MIN_ARTICLES", 10 ** 6)
    s = _run(corpus, str(tmp_path / "small.db"), workers=2)
    assert s.articles > 0 and not made


_VICTIM: dict = {}


def _dying_chunk(arts):
    """A worker that dies (as if killed) on the chunk holding the victim."""
    if any(a.id == _VICTIM.get("id") for a in arts):
        os._exit(9)
    return _VICTIM["real"](arts)


def test_worker_death_is_a_clear_error_and_a_rerun_finishes(tmp_path, corpus, monkeypatch):
    from khabar import distributed

    monkeypatch.setattr(actors, "BATCH", 40)
    db = str(tmp_path / "dies.db")
    settings = dataclasses.replace(load_settings(env={}, db=db), workers=2)
    with open_store(db) as store:
        ingest([str(corpus)], store, settings)
        order = store.articles_without_entities(actors.EXTRACTOR_VERSION, 10 ** 6)
        # The first batch sends 40 + 6 chunks × 16 articles ahead: a victim
        # past those is sent only after the first batch is written.
        victim = order[140].id
        _VICTIM["id"] = victim
        real = _VICTIM["real"] = distributed._mentions_chunk
        monkeypatch.setattr(distributed, "_mentions_chunk", _dying_chunk)
        with pytest.raises(EngineError, match="worker process died"):
            actors.update_actors(store, settings)
        left = {a.id for a in store.articles_without_entities(actors.EXTRACTOR_VERSION, 10 ** 6)}
        done = len(order) - len(left)
        # Whole batches only, the first at least, never the victim's.
        assert done >= 40 and done % 40 == 0 and victim in left
        monkeypatch.setattr(distributed, "_mentions_chunk", real)
        s = actors.update_actors(store, settings)
        assert s.articles == len(left)
        assert store.count_without_entities(actors.EXTRACTOR_VERSION) == 0
    # The interrupted run and its rerun hold what one uninterrupted run holds.
    clean = str(tmp_path / "clean.db")
    _run(corpus, clean, workers=1)
    got, want = _rows(db), _rows(clean)
    for table in want:
        extra = sorted(set(got[table]) - set(want[table]))[:3]
        missing = sorted(set(want[table]) - set(got[table]))[:3]
        assert got[table] == want[table], (table, len(got[table]), len(want[table]), extra, missing)


def test_learned_spellings_exclude_in_article_links(tmp_path):
    """A partial reference or an in-article variant never becomes a spelling
    for the next run; the first knowledge-base or fuzzy link of a key wins."""
    from khabar.kb import knowledge_base

    learned = [("محمد", "per:someone", 0.9, "partial"), ("ليفروف", "per:b", 0.8, "variant"),
               ("لافروف", "per:lavrov", 0.7, "fuzzy"), ("لافروف", "per:other", 0.99, "kb"),
               ("زوربا", "auto:per:zorba", 0.6, "auto")]
    r = actors.Resolver(knowledge_base(), learned)
    assert r.alias == {"لافروف": ("per:lavrov", 0.7), "زوربا": ("auto:per:zorba", 0.6)}
