"""Stories on real text: the seeds, the sample corpus's ground truth, analyst edits."""

from __future__ import annotations

import itertools
import json
import shutil

import pytest

from util import ROOT, SAMPLE, SEEDS, khabar, khabar_json, seed

EXPECTED = json.loads((ROOT / "corpus" / "expected.json").read_text(encoding="utf-8"))


def _story_of(rows):
    return {a: s["id"] for s in rows for a in s["articles"]}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    db = tmp_path_factory.mktemp("stories") / "seeds.db"
    khabar("ingest", str(SEEDS), "--db", str(db))
    arts = {r["path"].rsplit("/", 1)[-1][:3]: r["id"]
            for r in khabar_json("articles", "--db", str(db), "--json")}
    return db, arts, khabar_json("stories", "--db", str(db), "--json")


def test_seed_phone_call_is_one_story(seeded):
    _, arts, stories = seeded
    story_of = _story_of(stories)
    assert story_of[arts["000"]] == story_of[arts["001"]] == story_of[arts["002"]]


def test_seed_message_and_blinken_call_are_separate_but_related(seeded):
    _, arts, stories = seeded
    story_of = _story_of(stories)
    call = story_of[arts["000"]]
    assert story_of[arts["003"]] != call and story_of[arts["004"]] != call
    assert story_of[arts["003"]] != story_of[arts["004"]]
    by_id = {s["id"]: s for s in stories}
    assert call in by_id[story_of[arts["004"]]]["related"]
    assert call in by_id[story_of[arts["003"]]]["related"]


def test_story_json_fields(seeded):
    _, _, stories = seeded
    for s in stories:
        assert {"id", "title", "articles", "related", "languages", "outlets",
                "independent_sources", "first_seen", "last_seen"} <= set(s)
        assert s["independent_sources"] <= len(s["articles"])


def test_undated_stories_say_so(seeded):
    # Seeds 003 and 004 carry no date of their own; the phone call's story has
    # 002's dateline date.  A story without any dated article shows when it
    # was read, marked as such, not as if it were published then.
    db, arts, stories = seeded
    story_of = _story_of(stories)
    by_id = {s["id"]: s for s in stories}
    assert by_id[story_of[arts["002"]]]["dated_articles"] >= 1
    assert by_id[story_of[arts["004"]]]["dated_articles"] == 0
    report = khabar("report", "--db", str(db)).stdout
    assert "2022-01-11" in report
    assert report.count("undated (read ") == 2
    shown = khabar("show", "story", story_of[arts["004"]], "--db", str(db)).stdout
    assert "undated (read " in shown


def test_show_story_cites_real_sentences(seeded):
    db, arts, stories = seeded
    big = max(stories, key=lambda s: len(s["articles"]))
    full = khabar_json("show", "story", big["id"], "--db", str(db), "--json")
    assert 1 <= len(full["summary"]["sentences"]) <= 3
    for c in full["summary"]["sentences"]:
        art = khabar_json("show", "article", c["article"], "--db", str(db), "--json")
        assert art["sentences"][c["sentence"]]["text"] == c["text"]
        assert (art["sentences"][c["sentence"]]["start"], art["sentences"][c["sentence"]]["end"]) == (c["start"], c["end"])
    text = khabar("show", "story", big["id"][:8], "--db", str(db)).stdout
    assert "[1]" in text and big["title"] in text


def test_story_ids_are_stable_across_runs(seeded, tmp_path):
    _, _, stories = seeded
    db2 = tmp_path / "again.db"
    khabar("ingest", str(SEEDS), "--db", str(db2))
    again = khabar_json("stories", "--db", str(db2), "--json")
    assert sorted((s["id"], tuple(s["articles"])) for s in again) == \
        sorted((s["id"], tuple(s["articles"])) for s in stories)


def test_incremental_equals_one_shot(tmp_path):
    """Two runs (first three seeds, then the rest) give the same stories as one run."""
    part = tmp_path / "part"
    part.mkdir()
    for n in range(3):
        shutil.copy(seed(n), part / seed(n).name)
    db = tmp_path / "inc.db"
    khabar("ingest", str(part), "--db", str(db))
    rest = tmp_path / "rest"
    rest.mkdir()
    for n in range(3, 5):
        shutil.copy(seed(n), rest / seed(n).name)
    khabar("ingest", str(rest), "--db", str(db))
    one = tmp_path / "one.db"
    khabar("ingest", str(part), str(rest), "--db", str(one))
    a = khabar_json("stories", "--db", str(db), "--json")
    b = khabar_json("stories", "--db", str(one), "--json")
    assert sorted(tuple(s["articles"]) for s in a) == sorted(tuple(s["articles"]) for s in b)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    db = tmp_path_factory.mktemp("sample-stories") / "sample.db"
    khabar("ingest", str(SAMPLE), "--db", str(db))
    arts = {r["path"].split("corpus/sample/", 1)[1]: r["id"]
            for r in khabar_json("articles", "--db", str(db), "--json")}
    return db, arts, khabar_json("stories", "--db", str(db), "--json")


def test_sample_corpus_clustering_quality(sample):
    """Pairwise precision/recall of story grouping against corpus/expected.json.
    Measured: precision 1.00, recall 0.953 (was 0.86 before Russian names were
    recognized and promoted actors left the disjoint-actors penalty; floors
    pinned a little below)."""
    _, arts, stories = sample
    story_of = _story_of(stories)
    event = {src: ev for ev, srcs in EXPECTED["events"].items() for src in srcs}
    event.update({src: "noise:" + src for src in EXPECTED["noise"]})
    tp = fp = fn = 0
    for x, y in itertools.combinations(sorted(arts), 2):
        same_truth = event[x] == event[y]
        same_pred = story_of[arts[x]] == story_of[arts[y]]
        tp += same_truth and same_pred
        fp += same_pred and not same_truth
        fn += same_truth and not same_pred
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.95, precision
    assert recall >= 0.92, recall


def test_sample_corpus_titles_prefer_english(sample):
    _, _, stories = sample
    multi = [s for s in stories if "en" in s["languages"]]
    assert multi
    for s in multi:
        assert all(ord(ch) < 0x0600 for ch in s["title"]), s["title"]


def test_analyst_edits_are_logged_and_respected(sample, tmp_path):
    src_db, arts, stories = sample
    db = tmp_path / "edit.db"
    shutil.copy(src_db, db)
    big = sorted(stories, key=lambda s: -len(s["articles"]))
    a, b = big[0], big[1]
    khabar("story", "rename", a["id"], "Analyst title", "--db", str(db))
    moved = b["articles"][-1]
    khabar("story", "move", moved, a["id"], "--db", str(db))
    new_id = khabar("story", "split", a["id"], a["articles"][-1], "--db", str(db)).stdout.strip()
    khabar("story", "merge", a["id"], new_id, "--db", str(db))
    after = {s["id"]: s for s in khabar_json("stories", "--db", str(db), "--json")}
    assert after[a["id"]]["title"] == "Analyst title"
    assert moved in after[a["id"]]["articles"] and moved not in after[b["id"]]["articles"]
    assert new_id not in after
    log = [json.loads(line) for line in khabar("story", "log", "--db", str(db)).stdout.splitlines()]
    assert [e["action"] for e in log] == ["rename", "move", "split", "merge"]
    # A later run (new articles arrive) keeps the decisions.
    khabar("ingest", str(SEEDS), "--db", str(db))
    later = {s["id"]: s for s in khabar_json("stories", "--db", str(db), "--json")}
    assert later[a["id"]]["title"] == "Analyst title" and moved in later[a["id"]]["articles"]


def test_bad_story_edits_fail_clearly(sample, tmp_path):
    src_db, _, stories = sample
    db = tmp_path / "bad.db"
    shutil.copy(src_db, db)
    p = khabar("story", "merge", "snope", stories[0]["id"], "--db", str(db), check=False)
    assert p.returncode == 1 and p.stderr.startswith("Error:")
