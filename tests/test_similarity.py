"""Story similarity (khabar.similarity) and its evaluation (khabar.evaluation.similarity).

Unit tests use short texts written for these tests.  The quality gate scores
the first GATE_PAIRS pairs of the SemEval-2022 Task 8 dev file in
../shared at test time; embeddings are cached in build/eval-cache, so only
the first run pays for them (about two minutes on 2 cores, then about a second).
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from khabar import similarity as sim
from khabar.errors import InputError
from khabar.evaluation import similarity as ev
from khabar.evaluation._cache import CachedEmbedder
from util import ROOT, SHARED

DEV = SHARED / "eval" / "similarity" / "semeval2022_t8_sample_dev.csv"
CACHE = ROOT / "build" / "eval-cache"

QUAKE_EN = sim.ArticleView(
    "Earthquake kills 12 in eastern Tajikistan",
    "DUSHANBE, Nov 9 - A magnitude 6.1 earthquake struck the Rasht district of eastern "
    "Tajikistan on Thursday, killing 12 people and destroying dozens of houses, "
    "emergency spokesman Kurbonali Sharifzoda said. Russia and Kazakhstan offered aid.",
    "en", "2023-11-09")
QUAKE_EN_2 = sim.ArticleView(
    "Tajik quake toll rises to 15 as aid arrives",
    "The death toll from Thursday's earthquake in Tajikistan's Rasht district rose to 15, "
    "spokesman Kurbonali Sharifzoda said on Friday. Aid from Russia, Kazakhstan and "
    "Uzbekistan reached the valley.",
    "en", "2023-11-10")
QUAKE_RU = sim.ArticleView(
    "Землетрясение в Таджикистане унесло жизни 12 человек",
    "ДУШАНБЕ, 9 ноября. Землетрясение магнитудой 6,1 произошло в четверг в Раштском "
    "районе на востоке Таджикистана, погибли 12 человек, сообщил представитель "
    "спасателей Курбонали Шарифзода. Помощь предложили Россия и Казахстан.",
    "ru", "2023-11-09")
VOLLEYBALL_EN = sim.ArticleView(
    "Home side wins volleyball final in straight sets",
    "The home team won the national volleyball cup final on Sunday, beating the visitors "
    "in three sets in front of a full arena, the coach said after the match.",
    "en")  # undated: scores below are not helped by the date damping


# ---------------------------------------------------------------- features

def test_feature_names_and_ranges():
    f = sim.features(QUAKE_EN, QUAKE_EN_2)
    assert set(sim.FEATURES) <= set(f)
    assert -1.0 <= f["cos_head"] <= 1.0 and -1.0 <= f["cos_raw"] <= 1.0
    for name in ("terms_head", "char4", "same_language"):
        assert 0.0 <= f[name] <= 1.0
    assert f["days_apart"] == 1.0


def test_features_are_symmetric():
    a, b = sim.features(QUAKE_EN, QUAKE_RU), sim.features(QUAKE_RU, QUAKE_EN)
    assert a.keys() == b.keys()
    for name in a:
        assert a[name] == pytest.approx(b[name], abs=1e-6), name


def test_identical_article_scores_top():
    copy = sim.ArticleView(QUAKE_EN.title, QUAKE_EN.text, "en")
    f = sim.features(QUAKE_EN, copy)
    assert f["terms_head"] == 1.0 and f["char4"] == pytest.approx(1.0)
    assert sim.similarity(QUAKE_EN, copy) > 0.9


def test_same_story_beats_unrelated_within_and_across_languages():
    same_en = sim.similarity(QUAKE_EN, QUAKE_EN_2)
    same_cross = sim.similarity(QUAKE_EN, QUAKE_RU)
    unrelated = sim.similarity(QUAKE_EN, VOLLEYBALL_EN)
    assert 0.0 <= unrelated < 0.3
    assert same_en > 0.6 and same_cross > 0.5
    assert min(same_en, same_cross) > unrelated + 0.3


def test_names_skip_sentence_starts_and_match_case_and_accents():
    names = sim._names("Officials met. Their talks in Genève with the UN and Çavuşoğlu ended.", "en")
    assert "their" not in names and "officials" not in names  # sentence-initial
    assert {"geneve", "un", "cavusoglu"} <= names
    other = sim._names("It was said that GENEVE and cavusoglu ... and Cavusoglu spoke.", "en")
    assert "cavusoglu" in other and "geneve" in other


def test_terms_use_bigrams_for_chinese_and_stems_elsewhere():
    assert {"地震", "震造"} <= sim._terms("地震造成")
    # Words are cut to TERM_PREFIX letters, short function words dropped.
    assert sim._terms("impfstoff impfstoffe und der") == {"impfs"}


def test_numbers_meet_across_digit_systems():
    ar = sim.ArticleView("", "قتل ١٢ شخصا في زلزال بقوة ٦٫١", "ar")
    en = sim.ArticleView("", "12 people were killed in a 6.1 quake", "en")
    assert ar.profile().numbers & en.profile().numbers == {"12", "6.1"}


def test_persian_spelled_with_arabic_letters_matches():
    # The same words typed with Persian ی/ک and with Arabic ي/ك, and without ZWNJ.
    a = sim.ArticleView("", "نشست سران سازمان همکاری شانگهای در بیشکک برگزار شد", "fa")
    b = sim.ArticleView("", "نشست سران سازمان همكاري شانگهاي در بيشكك برگزار شد", "fa")
    assert sim.features(a, b)["terms_head"] == 1.0
    assert a.profile().names == frozenset()  # no letter case in Arabic script


def test_from_article_reads_title_body_language_and_date():
    from khabar.article import Article

    text = "Quake kills 12\nSite menu\nA quake struck Tajikistan."
    art = Article(id="a1", source="s", text=text, title="Quake kills 12", language="en",
                  published="2023-11-09T08:00:00+00:00", body_spans=[(25, len(text))])
    view = sim.ArticleView.from_article(art)
    assert (view.title, view.text, view.language) == ("Quake kills 12", "A quake struck Tajikistan.", "en")
    assert view.head() == "Quake kills 12\nA quake struck Tajikistan."
    other = sim.ArticleView("", "x", "en", "2023-11-12")
    assert sim.features(view, other)["days_apart"] == 3.0


def test_embeddings_of_another_size_are_refused():
    from khabar.errors import ConfigError

    a = sim.ArticleView("", "a", "en", embedding=np.ones(8, np.float32))
    b = sim.ArticleView("", "b", "en", embedding=np.ones(8, np.float32))
    with pytest.raises(ConfigError, match="retrain"):
        sim.features(a, b)


def test_empty_texts_do_not_crash():
    empty = sim.ArticleView("", "", "en")
    f = sim.features(empty, QUAKE_EN)
    assert f["terms_head"] == 0.0 and f["names"] == 0.0 and f["char4"] == 0.0
    assert 0.0 <= sim.similarity(empty, QUAKE_EN) <= 1.0


def test_dates_damp_far_apart_articles():
    near = sim.ArticleView(QUAKE_EN_2.title, QUAKE_EN_2.text, "en", "2023-11-10")
    far = sim.ArticleView(QUAKE_EN_2.title, QUAKE_EN_2.text, "en", "2024-02-10")
    undated = sim.ArticleView(QUAKE_EN_2.title, QUAKE_EN_2.text, "en", None)
    s_near, s_far, s_undated = (sim.similarity(QUAKE_EN, v) for v in (near, far, undated))
    assert s_near == pytest.approx(s_undated)  # within DATE_GRACE_DAYS: no change
    assert s_far < 0.2 * s_near  # 93 days apart: about six half-lives
    assert "days_apart" not in sim.features(QUAKE_EN, undated)
    assert sim.features(QUAKE_EN, far)["days_apart"] == 93.0


def test_unknown_language_uses_the_overall_mean():
    a = sim.ArticleView(QUAKE_EN.title, QUAKE_EN.text, None)
    b = sim.ArticleView(QUAKE_EN.title, QUAKE_EN.text, "xx")
    assert sim.features(a, b)["cos_head"] == pytest.approx(1.0, abs=1e-5)


class _CountingEmbedder:
    """Wraps the real embedder and counts the texts it is asked to embed."""

    def __init__(self):
        from khabar.embed import get_embedder
        self._inner = get_embedder()
        self.name, self.dim = "counting-" + self._inner.name, self._inner.dim
        self.calls = []

    def passages(self, texts):
        self.calls.append(list(texts))
        return self._inner.passages(texts)

    def queries(self, texts):  # pragma: no cover - not used
        return self._inner.queries(texts)


def test_embed_views_batches_and_keeps_existing_embeddings():
    counting = _CountingEmbedder()
    fresh = [sim.ArticleView("t", "first", "en"), sim.ArticleView("t", "second", "en")]
    done = sim.ArticleView("t", "third", "en", embedding=np.ones(counting.dim, np.float32))
    sim.embed_views(fresh + [done], counting)
    assert counting.calls == [["t\nfirst", "t\nsecond"]]
    assert all(v.embedding.shape == (counting.dim,) for v in fresh)
    assert float(done.embedding[0]) == 1.0


def test_cached_embedder_reuses_disk_cache(tmp_path):
    counting = _CountingEmbedder()
    first = CachedEmbedder(counting, tmp_path).passages(["alpha beta", "gamma"])
    again = CachedEmbedder(counting, tmp_path).passages(["gamma", "alpha beta"])
    assert len(counting.calls) == 1  # the second object read the file
    np.testing.assert_allclose(first[::-1], again)
    (tmp_path / f"{counting.name}.passage.npz").write_bytes(b"garbage")
    np.testing.assert_allclose(CachedEmbedder(counting, tmp_path).passages(["gamma"])[0], first[1])


def test_model_file_is_consistent():
    model = sim._model()
    assert set(model.features) <= set(sim.FEATURES)
    assert len(model.weights) == len(model.features) == len(model.mean) == len(model.scale)
    assert "*" in model.language_means
    assert all(v.shape == (384,) for v in model.language_means.values())
    info = sim.model_info()
    assert info["cv_pearson"] > 0.79


# ---------------------------------------------------------------- evaluation

def _write_csv(path, rows):
    import csv

    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["pair_id", "lang1", "lang2", "text1", "text2", "Overall"])
        w.writerows(rows)
    return path


def test_run_on_a_small_file_skips_empty_texts(tmp_path):
    path = _write_csv(tmp_path / "pairs.csv", [
        ("1_2", "en", "en", QUAKE_EN.text, QUAKE_EN_2.text, "1.0"),
        ("1_3", "en", "ru", QUAKE_EN.text, QUAKE_RU.text, "1.5"),
        ("1_4", "en", "en", QUAKE_EN.text, VOLLEYBALL_EN.text, "4.0"),
        ("2_4", "en", "en", QUAKE_EN_2.text, VOLLEYBALL_EN.text, "4.0"),
        ("5_6", "en", "en", "", VOLLEYBALL_EN.text, "4.0"),
    ])
    out = ev.run(str(path), cache_dir="")
    assert out["n"] == 4 and out["skipped"] == 1
    assert out["pearson"] > 0.8
    assert out["by_pair"] == {}  # fewer than MIN_PAIRS_PER_LANGUAGE_PAIR pairs per language pair
    assert out["in_sample"] is False and "baseline_pearson" not in out
    assert json.loads(json.dumps(out)) == out
    assert ev.run(str(path), limit=2, cache_dir="")["n"] == 2


def test_read_pairs_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        ev.read_pairs(tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("pair_id,text1,text2\n1,a,b\n", encoding="utf-8")
    with pytest.raises(InputError, match="lang1, lang2, Overall"):
        ev.read_pairs(bad)
    worse = _write_csv(tmp_path / "worse.csv", [("1_2", "en", "en", "a", "b", "n/a")])
    with pytest.raises(InputError, match="Overall"):
        ev.read_pairs(worse)


def test_pearson_edge_cases():
    assert ev.pearson([1, 2, 3], [2, 4, 6]) == pytest.approx(1.0)
    assert math.isnan(ev.pearson([1, 1, 1], [1, 2, 3]))
    assert math.isnan(ev.pearson([1], [1]))


# Pinned floor for the first GATE_PAIRS dev pairs.  Measured with the shipped
# model: 0.8336 (the model was fitted on all dev pairs, these included; the
# out-of-fold score of the same 200 pairs in the grouped 5-fold CV of
# scripts/train_similarity.py is 0.8242).  Baseline, plain cosine of the
# first 1,200 characters: 0.7020.  Floors only go up.
GATE_PAIRS = 200
GATE_FLOOR = 0.80


@pytest.mark.slow
@pytest.mark.skipif(not DEV.exists(), reason=f"{DEV} is missing (SemEval-2022 Task 8 dev pairs)")
def test_quality_gate_on_dev_pairs():
    out = ev.run(str(DEV), limit=GATE_PAIRS, cache_dir=str(CACHE))
    assert out["n"] == GATE_PAIRS and out["skipped"] == 0
    assert out["in_sample"]  # the model was fitted on this file (see the comment above)
    assert out["pearson"] >= GATE_FLOOR, out
