"""The bundled sample corpus against its ground truth (corpus/expected.json)."""

from __future__ import annotations

import json

import pytest

from util import ROOT, SAMPLE, khabar, khabar_json

EXPECTED = json.loads((ROOT / "corpus" / "expected.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    db = tmp_path_factory.mktemp("sample") / "sample.db"
    summary = json.loads(khabar("ingest", str(SAMPLE), "--db", str(db), "--json", "--no-stories", "--no-entities").stdout)
    rows = khabar_json("articles", "--db", str(db), "--json")
    by_source = {r["path"].split("corpus/sample/", 1)[1]: r for r in rows}
    return db, summary, by_source


def test_every_item_accounted_for(ingested):
    _, summary, by_source = ingested
    assert summary["failed"] == 0 and not summary["rejected"]
    assert summary["ingested"] + summary["duplicates"] == len(EXPECTED["articles"])
    assert summary["ingested"] >= 40


def test_languages_match_ground_truth(ingested):
    _, _, by_source = ingested
    assert len({r["language"] for r in by_source.values()}) == 4
    wrong = {src: (r["language"], EXPECTED["articles"][src]["lang"])
             for src, r in by_source.items() if r["language"] != EXPECTED["articles"][src]["lang"]}
    assert not wrong


def test_titles_match_ground_truth(ingested):
    _, _, by_source = ingested
    wrong = {src: r["title"] for src, r in by_source.items()
             if r["title"] != EXPECTED["articles"][src]["title"]}
    assert not wrong


def test_exact_copies_are_duplicates_with_sightings(ingested):
    db, summary, by_source = ingested
    # Identical copies (same title and text) get one id: the later ones are sightings.
    stored = set(by_source)
    missing = [src for src in EXPECTED["articles"] if src not in stored]
    assert len(missing) == summary["duplicates"] >= 1
    for src in missing:
        group = next(g for g in EXPECTED["copies"] if src in g)
        assert any(other in stored for other in group if other != src)


def test_dates_where_the_article_gives_one(ingested):
    _, _, by_source = ingested
    dated = [src for src, r in by_source.items() if r["published"]]
    assert len(dated) >= 0.7 * len(by_source)
    for src in dated:
        want = EXPECTED["articles"][src].get("date")
        if want:
            # Metadata or dateline date; reprints may carry the next day's date.
            got = by_source[src]["published"][:10]
            assert got[:7] == want[:7], (src, got, want)
