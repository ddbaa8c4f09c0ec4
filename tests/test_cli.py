"""The CLI as users run it: real subprocesses, real SQLite files."""

from __future__ import annotations

import csv
import io
import json

import pytest

from util import SEEDS, khabar, khabar_json

pytestmark = pytest.mark.skipif(not SEEDS.exists(), reason="../shared/corpus/seeds is missing")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "cli.db"
    khabar("ingest", str(SEEDS), "--db", str(path))
    return str(path)


def test_articles_json_is_one_array_of_all_rows(db):
    rows = khabar_json("articles", "--db", db, "--json")
    assert isinstance(rows, list) and len(rows) == 5
    assert len(khabar_json("articles", "--db", db, "--json", "--limit", "2")) == 2
    assert {r["language"] for r in khabar_json("articles", "--db", db, "--json", "--language", "fa")} == {"fa"}


def test_env_var_selects_db(db):
    rows = khabar_json("articles", "--json", env={"KHABAR_DB": db})
    assert len(rows) == 5


def test_show_article_by_prefix(db):
    rows = khabar_json("articles", "--db", db, "--json")
    full = khabar_json("show", "article", rows[0]["id"][:8], "--db", db, "--json")
    assert full["id"] == rows[0]["id"] and full["sentences"]
    text = khabar("show", "article", rows[0]["id"], "--db", db).stdout
    assert rows[0]["title"] in text


def test_show_unknown_article_is_one_error_line(db):
    p = khabar("show", "article", "0000000000000000", "--db", db, check=False)
    assert p.returncode == 1
    assert p.stderr.strip().startswith("Error:") and len(p.stderr.strip().splitlines()) == 1


def test_missing_db_is_clear(tmp_path):
    p = khabar("articles", "--db", str(tmp_path / "none.db"), check=False)
    assert p.returncode == 1 and "khabar ingest" in p.stderr


def test_bad_usage_exits_2(db):
    assert khabar("export", "--db", db, "--format", "xml", check=False).returncode == 2
    assert khabar("ingest", check=False).returncode == 2


def test_search_variants_across_spellings(db):
    # Typed on a Persian keyboard (Persian kaf), the query still finds the
    # Arabic articles that spell the country with Arabic kaf.
    persian_kaf = "\u06a9\u0627\u0632\u0627\u062e\u0633\u062a\u0627\u0646"
    hits = khabar_json("search", persian_kaf, "--db", db, "--json")
    assert hits and all(r["match"] for r in hits)
    assert {r["language"] for r in hits} == {"ar"} and len(hits) >= 3
    for r in hits:
        assert "\u0643\u0627\u0632\u0627\u062e\u0633\u062a\u0627\u0646" in r["match"]["text"]


def test_export_formats(db, tmp_path):
    out = khabar("export", "--db", db, "--format", "jsonl").stdout
    recs = [json.loads(line) for line in out.splitlines()]
    assert len(recs) == 5 and all(r["sentences"] and r["text"] for r in recs)
    out = khabar("export", "--db", db, "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 5 and rows[0]["id"]
    pq = tmp_path / "a.parquet"
    khabar("export", "--db", db, "--format", "parquet", "-o", str(pq))
    import pyarrow.parquet as papq
    assert papq.read_table(pq).num_rows == 5


def test_report_and_doctor(db):
    rep = khabar("report", "--db", db).stdout
    assert "Articles: 5" in rep and "[ar] 4 articles" in rep
    assert khabar("doctor", "--db", db).stdout.strip() == "store ok"


def test_progress_bar_shows_rate(tmp_path):
    p = khabar("ingest", str(SEEDS), "--db", str(tmp_path / "p.db"), "--progress", "--no-stories", "--no-entities")
    assert "articles" in p.stderr and "/s" in p.stderr
