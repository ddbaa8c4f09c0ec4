"""Train khabar's story-similarity model on the SemEval-2022 Task 8 dev pairs.

    .venv/bin/python scripts/train_similarity.py            # CV report + write the model
    .venv/bin/python scripts/train_similarity.py --no-write # CV report only
    .venv/bin/python scripts/train_similarity.py --ablation # also drop/add-one-feature CV
    .venv/bin/python scripts/train_similarity.py --variants # also other embedded texts

Reads ``../shared/eval/similarity/semeval2022_t8_sample_dev.csv`` at run time
(nothing of it is copied into the repository) and writes
``khabar/data/similarity_model.json``: logistic-regression weights over the
standardized features of :mod:`khabar.similarity`, and the mean head
embedding of each language (used to centre embeddings before the cosine).

Cross-validation is grouped: pairs that share an article (same article id in
``pair_id``, language suffixes of translated copies ignored, or the same
text) are always in the same fold, so no text is in both a training and a
test fold.  Language means are recomputed from the training folds only.

Embeddings are cached in ``build/eval-cache`` (or ``$KHABAR_EVAL_CACHE``),
shared with ``khabar eval similarity``: the first run embeds about 2,500
heads of 600 characters and 2,500 of 1,200 (the baseline), 25–45 minutes on
2 cores; later runs take about 15 seconds (``--variants`` embeds about
12,000 more texts on its first run).
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from khabar import similarity as sim  # noqa: E402
from khabar.embed import get_embedder  # noqa: E402
from khabar.evaluation._cache import CachedEmbedder, default_cache_dir  # noqa: E402
from khabar.evaluation.similarity import (BASELINE_CHARS, baseline_scores,  # noqa: E402
                                         by_language_pair, file_sha1, pearson, read_pairs)

DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "similarity" / "semeval2022_t8_sample_dev.csv"
DEFAULT_OUT = ROOT / "khabar" / "data" / "similarity_model.json"

# Features the shipped model uses (a subset of similarity.FEATURES); chosen
# by the drop-one ablation (--ablation): each one left out lowers CV Pearson.
MODEL_FEATURES = ("cos_head", "terms_head", "names", "names_head", "char4")
# L2 penalty of the logistic regression on standardized features.  CV
# Pearson is flat from 0.1 to 1 and drops slightly by 10 on the dev pairs.
L2_PENALTY = 1.0
FOLDS = 5
SEED = 0
# A language needs this many texts for its own mean; others use the mean of all.
MIN_TEXTS_PER_LANGUAGE_MEAN = 20
# Decimals kept for the language means in the JSON: on the dev pairs no
# score moves by more than 4e-5 against unrounded means.
DECIMALS = 5

log = logging.getLogger("train_similarity")


# ---------------------------------------------------------------- data

def group_ids(pairs) -> list[int]:
    """Connected components of pairs that share an article id or a text."""
    parent: dict[str, str] = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a, b):
        parent[find(a)] = find(b)

    for p in pairs:
        node = "pair:" + p.pair_id
        for part in p.pair_id.split("_"):
            union(node, "id:" + re.sub(r"\D", "", part))  # "1484039360it" -> its source
        union(node, "text:" + p.text1)
        union(node, "text:" + p.text2)
    roots = {}
    return [roots.setdefault(find("pair:" + p.pair_id), len(roots)) for p in pairs]


def assign_folds(groups: list[int], k: int, seed: int) -> np.ndarray:
    n_groups = max(groups) + 1
    order = np.random.RandomState(seed).permutation(n_groups)
    fold_of_group = np.empty(n_groups, dtype=int)
    fold_of_group[order] = np.arange(n_groups) % k
    return fold_of_group[np.array(groups)]


def build_views(pairs, embedder):
    """One ArticleView per distinct (text, language), heads embedded."""
    views: dict[tuple[str, str], sim.ArticleView] = {}
    for p in pairs:
        for text, lang in ((p.text1, p.lang1), (p.text2, p.lang2)):
            views.setdefault((text, lang), sim.ArticleView("", text, lang))
    sim.embed_views(list(views.values()), embedder)
    return views


# ---------------------------------------------------------------- model

def language_means(views: list[sim.ArticleView]) -> dict[str, list[float]]:
    """Mean head embedding per language, and ``"*"`` over all views."""
    by_lang: dict[str, list[np.ndarray]] = {}
    for v in views:
        by_lang.setdefault(v.language, []).append(v.embedding)
    everything = np.mean([v.embedding for v in views], axis=0)
    means = {"*": everything}
    for lang, vecs in sorted(by_lang.items()):
        if len(vecs) >= MIN_TEXTS_PER_LANGUAGE_MEAN:
            means[lang] = np.mean(vecs, axis=0)
    return means


def centring_model(means) -> sim._Model:
    """A model object that only carries language means (to compute features)."""
    z = np.zeros(0)
    return sim._Model((), z, z, z, 0.0, {k: np.asarray(v, np.float32) for k, v in means.items()}, {})


def feature_matrix(pair_views, means, names) -> np.ndarray:
    model = centring_model(means)
    rows = [sim.features(a, b, model=model) for a, b in pair_views]
    return np.array([[r[n] for n in names] for r in rows], dtype=np.float64)


def fit_logistic(X: np.ndarray, y: np.ndarray, penalty: float = L2_PENALTY, iters: int = 100):
    """Logistic regression on soft targets in [0, 1] (cross-entropy, L2 on
    the weights, not the bias), by Newton steps.  Returns (mean, scale,
    weights, bias) over standardized features.

    Why logistic rather than linear: the mean rating against the centred
    cosine is an S-curve (flat for unrelated pairs, saturating for copies);
    on the dev pairs the logistic link gains 0.01 CV Pearson over ridge.
    """
    mu, sd = X.mean(0), X.std(0)
    sd[sd == 0] = 1.0
    Z = np.column_stack([(X - mu) / sd, np.ones(len(X))])
    reg = penalty * np.eye(Z.shape[1])
    reg[-1, -1] = 0.0
    w = np.zeros(Z.shape[1])
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-Z @ w))
        grad = Z.T @ (p - y) + reg @ w
        hess = (Z * (p * (1 - p))[:, None]).T @ Z + reg
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return mu, sd, w[:-1], float(w[-1])


def predict(params, X: np.ndarray) -> np.ndarray:
    mu, sd, w, b = params
    return 1.0 / (1.0 + np.exp(-(((X - mu) / sd) @ w + b)))


def target(pairs) -> np.ndarray:
    """(4 − Overall) / 3: 1 = same story, 0 = unrelated."""
    return np.array([(4.0 - p.overall) / 3.0 for p in pairs])


# ---------------------------------------------------------------- CV

def cross_validate(pairs, pair_views, folds, names, extra=None) -> np.ndarray:
    """Out-of-fold predictions; language means and weights from training folds.

    ``extra(train_mask)``, if given, returns more feature columns (computed
    from the training folds only), for the comparisons of --variants.
    """
    y = target(pairs)
    oof = np.zeros(len(pairs))
    for k in range(folds.max() + 1):
        train = folds != k
        train_views = {id(v): v for (a, b), t in zip(pair_views, train) if t for v in (a, b)}
        means = language_means(list(train_views.values()))
        X = feature_matrix(pair_views, means, names)
        if extra is not None:
            X = np.column_stack([X, extra(train)])
        oof[~train] = predict(fit_logistic(X[train], y[train]), X[~train])
    return oof


# ---------------------------------------------------------------- variants

# Other texts to embed, compared with the head of HEAD_CHARS characters (the
# eval texts have no separate title: the first 150 characters stand in for it).
VARIANTS = {
    "head 300 chars": ("passage", lambda t: t[:300]),
    "head 1200 chars": ("passage", lambda t: t[:1200]),
    "first 150 chars (title)": ("passage", lambda t: t[:150]),
    "head 600, query prefix": ("query", lambda t: t[:600]),
    "chunk 600-1200 chars": ("passage", lambda t: t[600:1200] or t[:600]),
    "last 600 chars": ("passage", lambda t: t[-600:]),
}


def _variant_cosine(pair_views, vec_of):
    """extra() for cross_validate: the language-centred cosine of other embeddings."""
    def extra(train):
        fake = [sim.ArticleView("", "", v.language, embedding=vec_of[id(v)])
                for (a, b), t in zip(pair_views, train) if t for v in (a, b)]
        model = centring_model(language_means(fake))
        return np.array([sim._centred_cosine(vec_of[id(a)], vec_of[id(b)],
                                             model.centre(a.language), model.centre(b.language))
                         for a, b in pair_views])
    return extra


def variant_report(pairs, pair_views, folds, embedder, names) -> None:
    """CV Pearson with each variant instead of, and besides, the head cosine."""
    views = {id(v): v for ab in pair_views for v in ab}
    rest = [n for n in names if n != "cos_head"]
    for label, (kind, cut) in VARIANTS.items():
        texts = {i: cut(v.text) for i, v in views.items()}
        distinct = sorted(set(texts.values()))
        embed = embedder.passages if kind == "passage" else embedder.queries
        vec = dict(zip(distinct, embed(distinct)))
        extra = _variant_cosine(pair_views, {i: vec[t] for i, t in texts.items()})
        report_line(f"  {label} instead", pairs, cross_validate(pairs, pair_views, folds, rest, extra))
        report_line(f"  {label} besides", pairs, cross_validate(pairs, pair_views, folds, names, extra))


def report_line(label: str, pairs, scores) -> dict:
    r = pearson(list(scores), [-p.overall for p in pairs])
    per = by_language_pair(pairs, list(scores))
    print(f"{label:28s} pearson {r:.4f}  " + " ".join(f"{k} {v:.3f}" for k, v in per.items()))
    return {"pearson": round(r, 4), "by_pair": per}


# ---------------------------------------------------------------- main

def dump_model(model: dict) -> str:
    """JSON with one line per key (one per language for the means): small diffs."""
    def line(k, v, indent=" "):
        return f"{indent}{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}"

    lines = []
    for k, v in model.items():
        if k == "language_means":
            inner = ",\n".join(line(lang, vec, "  ") for lang, vec in v.items())
            lines.append(f' "{k}": {{\n{inner}\n }}')
        else:
            lines.append(line(k, v))
    return "{\n" + ",\n".join(lines) + "\n}\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=str(DEFAULT_DATA), help="SemEval-2022 Task 8 pairs CSV")
    ap.add_argument("--out", default=str(DEFAULT_OUT), help="model JSON to write")
    ap.add_argument("--cache", default=None, help="embedding cache dir (default build/eval-cache)")
    ap.add_argument("--no-write", action="store_true", help="report only, do not write the model")
    ap.add_argument("--ablation", action="store_true", help="also CV with each feature left out")
    ap.add_argument("--variants", action="store_true",
                    help="also CV with other embedded texts (embeds ~15,000 more texts on the first run)")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")

    started = time.monotonic()
    pairs = [p for p in read_pairs(args.data) if p.text1 and p.text2]
    embedder = CachedEmbedder(get_embedder(), args.cache or default_cache_dir())
    views = build_views(pairs, embedder)
    pair_views = [(views[(p.text1, p.lang1)], views[(p.text2, p.lang2)]) for p in pairs]
    groups = group_ids(pairs)
    folds = assign_folds(groups, FOLDS, SEED)
    print(f"{len(pairs)} pairs, {len(views)} distinct texts, {max(groups) + 1} groups of pairs "
          f"sharing an article, {folds.max() + 1} folds (prepared in {time.monotonic() - started:.0f} s)")

    names = list(MODEL_FEATURES)
    baseline = report_line(f"baseline cos {BASELINE_CHARS} chars", pairs, baseline_scores(pairs, embedder))
    raw = report_line("raw cos of heads", pairs, [float(a.vector() @ b.vector()) for a, b in pair_views])
    report_line("CV logistic, raw cos only", pairs,
                cross_validate(pairs, pair_views, folds, ["cos_raw"]))
    report_line("CV logistic, cos_head only", pairs,
                cross_validate(pairs, pair_views, folds, ["cos_head"]))
    cv = report_line(f"CV logistic ({len(names)} feat.)", pairs,
                     cross_validate(pairs, pair_views, folds, names))
    other_seeds = [pearson(list(cross_validate(pairs, pair_views,
                                               assign_folds(groups, FOLDS, s), names)),
                           [-p.overall for p in pairs]) for s in range(1, 5)]
    print(f"{'  other fold seeds':28s} pearson " + " ".join(f"{r:.4f}" for r in other_seeds))
    if args.ablation:
        for drop in names:
            rest = [n for n in names if n != drop]
            report_line(f"  without {drop}", pairs, cross_validate(pairs, pair_views, folds, rest))
        for add in (n for n in sim.FEATURES if n not in names):
            report_line(f"  with {add}", pairs, cross_validate(pairs, pair_views, folds, names + [add]))
    if args.variants:
        variant_report(pairs, pair_views, folds, embedder, names)

    all_means = language_means(list(views.values()))
    X = feature_matrix(pair_views, all_means, names)
    params = fit_logistic(X, target(pairs))
    fit = report_line("in-sample (final model)", pairs, predict(params, X))
    mu, sd, w, b = params
    model = {
        "name": "khabar-story-similarity-logistic-v1",
        "embedder": embedder.name,
        "head_chars": sim.HEAD_CHARS,
        "target": "(4 - Overall) / 3, SemEval-2022 Task 8 scale",
        "trained_on": f"SemEval-2022 Task 8 sample dev pairs ({len(pairs)} pairs)",
        "trained_on_sha1": file_sha1(args.data),
        "features": names,
        "mean": [round(float(x), 6) for x in mu],
        "scale": [round(float(x), 6) for x in sd],
        "weights": [round(float(x), 6) for x in w],
        "bias": round(b, 6),
        "link": "logistic",
        "l2_penalty": L2_PENALTY,
        "cv_pearson": cv["pearson"],
        "cv_by_pair": cv["by_pair"],
        "baseline_pearson": baseline["pearson"],
        "raw_head_cosine_pearson": raw["pearson"],
        "in_sample_pearson": fit["pearson"],
        "language_means": {k: [round(float(x), DECIMALS) for x in v] for k, v in all_means.items()},
    }
    if not args.no_write:
        Path(args.out).write_text(dump_model(model), encoding="utf-8")
        print(f"wrote {args.out}")
    print(f"done in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
