"""The five seed articles, read from ../shared at test time, through the real CLI."""

from __future__ import annotations

import pytest

from util import SEEDS, khabar, khabar_json, seed, seed_lines

pytestmark = pytest.mark.skipif(not SEEDS.exists(), reason="../shared/corpus/seeds is missing")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    khabar("ingest", str(SEEDS), "--db", str(db))
    rows = khabar_json("articles", "--db", str(db), "--json")
    by_file = {r["path"].rsplit("/", 1)[-1][:3]: r for r in rows}
    return db, rows, by_file


def test_all_five_ingested_with_required_fields(seeded):
    _, rows, by_file = seeded
    assert len(rows) == 5
    for r in rows:
        assert {"id", "path", "title", "language", "published", "outlet"} <= set(r)
        assert len(r["id"]) == 16
    assert set(by_file) == {"000", "001", "002", "003", "004"}


def test_languages(seeded):
    _, _, by_file = seeded
    assert {k: r["language"] for k, r in by_file.items()} == {
        "000": "ar", "001": "ar", "002": "ar", "003": "fa", "004": "ar"}


def test_titles_are_clean(seeded):
    _, _, by_file = seeded
    # 000, 003, 004: the first line is the headline.
    for n in (0, 3, 4):
        assert by_file[f"{n:03d}"]["title"] == seed_lines(n)[0]
    # 002: site name and section word come first; the headline is the line
    # repeated at the end.
    lines = seed_lines(2)
    assert by_file["002"]["title"] == lines[-1]
    assert lines[0] not in by_file["002"]["title"] and lines[1] != by_file["002"]["title"]
    # 001 has no headline: the lead sentence, without its dateline, stands in.
    t1 = by_file["001"]["title"]
    assert "شينخوا" not in t1 and "2022" not in t1
    assert t1.split()[0] == seed_lines(1)[0].split(")", 1)[1].split()[0]


def test_001_dateline(seeded):
    db, _, by_file = seeded
    r = by_file["001"]
    assert r["published"].startswith("2022-01-11")
    full = khabar_json("show", "article", r["id"], "--db", str(db), "--json")
    assert full["published_source"] == "dateline"
    assert full["dateline"]["place"] == "Beijing"
    assert full["dateline"]["agency"] == "Xinhua"
    assert full["dateline"]["date"] == "2022-01-11"
    # The dateline is not part of any sentence.
    assert all(s["start"] >= full["dateline"]["end"] for s in full["sentences"])


def test_002_chrome_removed(seeded):
    db, _, by_file = seeded
    full = khabar_json("show", "article", by_file["002"]["id"], "--db", str(db), "--json")
    lines = seed_lines(2)
    body = " ".join(s["text"] for s in full["sentences"])
    assert lines[0] not in body          # site name
    assert lines[1] not in body.split()  # section word as a line of its own
    rules = {r["rule"] for r in full["removed"]}
    assert {"header", "repeated-title"} <= rules
    # The headline text occurs exactly once in the article: as its title.
    assert all(s["text"] != lines[-1] for s in full["sentences"])


def test_003_footer_removed(seeded):
    db, _, by_file = seeded
    full = khabar_json("show", "article", by_file["003"]["id"], "--db", str(db), "--json")
    lines = seed_lines(3)
    body = "\n".join(s["text"] for s in full["sentences"])
    for footer in lines[-3:]:
        assert footer not in body
    assert lines[-4][:30] in body  # the last real paragraph stays


def test_sentence_offsets_point_into_original(seeded):
    db, rows, _ = seeded
    for r in rows:
        full = khabar_json("show", "article", r["id"], "--db", str(db), "--json")
        original = open(r["path"], encoding="utf-8").read()
        assert full["sentences"], r["path"]
        for s in full["sentences"]:
            assert original[s["start"]:s["end"]] == s["text"]
            assert s["text"] == s["text"].strip() and s["text"]


def test_reingest_is_idempotent(seeded, tmp_path):
    db, rows, _ = seeded
    out = khabar("ingest", str(SEEDS), "--db", str(db), "--json")
    import json
    summary = json.loads(out.stdout)
    assert summary["ingested"] == 0 and summary["duplicates"] == 5
    assert len(khabar_json("articles", "--db", str(db), "--json")) == len(rows)
