"""Ingest end to end: bad inputs beside good ones, duplicates, exit codes."""

from __future__ import annotations

import gzip
import json

import pytest

from util import SAUDI, khabar, khabar_json, saudi_sample

GOOD_EN = ("Ministers agree on water deal\n\nThe water ministers of two neighbouring countries "
           "agreed on Monday to share data on river flows.\n\nThe deal will be reviewed next year.\n")
GOOD_AR = ("اتفاق على تبادل بيانات المياه\n\nاتفق وزيرا المياه في البلدين الجارين يوم الاثنين على "
           "تبادل البيانات حول تدفق الأنهار.\n\nوستتم مراجعة الاتفاق العام المقبل.\n")


def test_bad_files_beside_good_ones(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(GOOD_EN, encoding="utf-8")
    (d / "good-1256.txt").write_bytes(GOOD_AR.encode("cp1256"))
    (d / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (d / "empty.txt").write_bytes(b"")
    (d / "broken.json").write_text('{"title": "x", "content": ', encoding="utf-8")
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-TOKEN-42", encoding="utf-8")
    (d / "xxe.xml").write_text(
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<rss version="2.0"><channel><title>t</title><item><title>i</title>'
        '<description>&x;</description></item></channel></rss>', encoding="utf-8")
    (d / "bomb.xml").write_text(
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
        '<rss version="2.0"><channel><title>&lol3;</title></channel></rss>', encoding="utf-8")
    db = tmp_path / "k.db"
    p = khabar("ingest", str(d), "--db", str(db), "--json", "--no-stories", "--no-entities")
    summary = json.loads(p.stdout)
    assert p.returncode == 0
    assert summary["ingested"] == 2 and summary["failed"] == 0
    assert sum(summary["rejected"].values()) == 5
    rows = khabar_json("articles", "--db", str(db), "--json")
    assert {r["language"] for r in rows} == {"en", "ar"}
    dump = khabar("export", "--db", str(db), "--format", "jsonl").stdout
    assert "TOP-SECRET-TOKEN-42" not in dump
    import sqlite3
    with sqlite3.connect(db) as c:
        for (t,) in c.execute("SELECT text FROM articles"):
            assert "TOP-SECRET" not in t
        reasons = {r[0] for r in c.execute("SELECT reason FROM rejections")}
    assert "unsafe-xml" in reasons


def test_duplicates_are_sightings(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text(GOOD_EN, encoding="utf-8")
    (d / "b.txt").write_text(GOOD_EN.replace("\n", "\r\n"), encoding="utf-8")
    with gzip.open(d / "c.txt.gz", "wt", encoding="utf-8") as f:
        f.write(GOOD_EN)
    db = tmp_path / "k.db"
    s = json.loads(khabar("ingest", str(d), "--db", str(db), "--json", "--no-stories", "--no-entities").stdout)
    assert (s["ingested"], s["duplicates"]) == (1, 2)
    rows = khabar_json("articles", "--db", str(db), "--json")
    full = khabar_json("show", "article", rows[0]["id"], "--db", str(db), "--json")
    assert len(full["sightings"]) == 3


@pytest.mark.skipif(not SAUDI.exists(), reason="SaudiNewsNet is missing")
def test_saudinewsnet_out_of_the_box(tmp_path):
    data = saudi_sample(tmp_path / "s.jsonl", 300)
    db = tmp_path / "k.db"
    s = json.loads(khabar("ingest", str(data), "--db", str(db), "--json", "--no-stories", "--no-entities").stdout)
    assert s["failed"] == 0
    assert s["ingested"] + s["duplicates"] + sum(s["rejected"].values()) == 300
    assert s["ingested"] >= 270
    rows = khabar_json("articles", "--db", str(db), "--json")
    assert all(r["language"] == "ar" for r in rows)
    assert all(r["outlet"] and r["published"] and r["title"] for r in rows)
    assert all(r["path"].startswith(str(data)) for r in rows)
