"""Train khabar's cross-script name model (``khabar/data/translit_model.npz``).

    .venv/bin/python scripts/train_translit.py              # train, evaluate dev, write the model
    .venv/bin/python scripts/train_translit.py --no-write   # train and evaluate only
    .venv/bin/python scripts/train_translit.py --eval-only  # evaluate the shipped model on dev

Reads ``../shared/eval/names/wikidata_en_ar_names_train.tsv`` (Wikidata, CC0:
``latin<TAB>arabic<TAB>count``) at run time; nothing of it is copied into the
repository, the model file holds only probabilities of letter-group pairs and
Latin letter n-gram counts.

Split: a name pair is *dev* when the first byte of the SHA-1 of its Arabic
spelling (UTF-8, stripped) is below 26 (about 10 %), so every spelling of one
Arabic name is on one side; the rest trains.

Method (see ``docs/models/translit.md``): a joint multigram over chunk pairs
(Latin 0–3 letters, Arabic 1–2 letters) trained by EM with a vectorized
forward-backward; a Latin letter 4-gram model; a logistic calibration of the
pair score fitted on training pairs against hard negatives.  Deterministic:
no random numbers, the same data gives the same file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from khabar import translit as tl  # noqa: E402
from khabar.evaluation import names as ev  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "names" / "wikidata_en_ar_names_train.tsv"
DEFAULT_OUT = ROOT / "khabar" / "data" / "translit_model.npz"

MAX_LAT = 3          # letters of a Latin chunk
MAX_AR = 3           # letters of an Arabic chunk
ITERATIONS = 12      # EM iterations (the likelihood gains < 0.1 % after ~10)
PRUNE = 1e-7         # chunk pairs below this probability are dropped
LM_ORDER = 4
LM_K = 3.0           # interpolation weight constant of the letter model
LM_WEIGHT = 0.75     # λ in log P(a, l) − λ log P_lm(l); chosen on a slice of train held out (--tune)
BATCH = 2048
TUNE_BYTE = 13       # tune slice: second SHA-1 byte of the Arabic below this (~5 % of train)
POS_LAT = False      # Latin grams keyed by position (word start / end / inside)
POS_AR = False       # Arabic grams likewise


is_dev = ev.is_dev


# ---------------------------------------------------------------------------
# EM for the joint multigram
# ---------------------------------------------------------------------------

class Vocab:
    def __init__(self, words, maxn, positional):
        grams = sorted({tl.gram_key(w, i, i + n, positional) for w in words
                        for n in range(1, maxn + 1) for i in range(len(w) - n + 1)})
        self.maxn = maxn
        self.positional = positional
        self.grams = ["\x00", ""] + grams      # 0: impossible, 1: empty
        self.ids = {g: i for i, g in enumerate(self.grams)}

    def encode(self, words, width):
        out = np.zeros((len(words), width + 1, self.maxn + 1), np.int32)
        for b, w in enumerate(words):
            out[b, :len(w) + 1, 0] = 1
            for i in range(1, len(w) + 1):
                for d in range(1, min(self.maxn, i) + 1):
                    out[b, i, d] = self.ids.get(tl.gram_key(w, i - d, i, self.positional), 0)
        return out


def _forward(P, lat, ar):
    B, L1, ml1 = lat.shape
    M1, ma1 = ar.shape[1], ar.shape[2]
    al = np.zeros((B, L1, M1))
    al[:, 0, 0] = 1.0
    for j in range(1, M1):
        col = al[:, :, j]
        for dj in range(1, ma1):
            if j - dj < 0:
                break
            prev = al[:, :, j - dj]
            aid = ar[:, j, dj][:, None]
            col += prev * P[lat[:, :, 0], aid]
            for di in range(1, ml1):
                col[:, di:] += prev[:, :-di] * P[lat[:, di:, di], aid]
    return al


def _backward(P, lat, ar, llen, alen):
    B, L1, ml1 = lat.shape
    M1, ma1 = ar.shape[1], ar.shape[2]
    be = np.zeros((B, L1, M1))
    be[np.arange(B), llen, alen] = 1.0
    for j in range(M1 - 2, -1, -1):
        col = be[:, :, j]
        for dj in range(1, ma1):
            if j + dj >= M1:
                break
            nxt = be[:, :, j + dj]
            aid = ar[:, j + dj, dj][:, None]
            col += nxt * P[lat[:, :, 0], aid]
            for di in range(1, ml1):
                col[:, :-di] += nxt[:, di:] * P[lat[:, di:, di], aid]
    return be


def _estep(P, lat, ar, llen, alen):
    """Expected chunk-pair counts of one batch; returns (flat ids, weights, loglik, failures)."""
    al = _forward(P, lat, ar)
    be = _backward(P, lat, ar, llen, alen)
    B, L1, ml1 = lat.shape
    M1, ma1 = ar.shape[1], ar.shape[2]
    z = al[np.arange(B), llen, alen]
    ok = z > 0
    w = (np.where(ok, 1.0 / np.where(ok, z, 1.0), 0.0))[:, None]
    n_ar = P.shape[1]
    ids, weights = [], []
    for j in range(1, M1):
        for dj in range(1, ma1):
            if j - dj < 0:
                break
            aid = ar[:, j, dj][:, None]
            for di in range(0, ml1):
                if di == 0:
                    g = al[:, :, j - dj] * P[lat[:, :, 0], aid] * be[:, :, j] * w
                    idx = lat[:, :, 0].astype(np.int64) * n_ar + aid
                else:
                    g = al[:, :-di, j - dj] * P[lat[:, di:, di], aid] * be[:, di:, j] * w
                    idx = lat[:, di:, di].astype(np.int64) * n_ar + aid
                m = g > 0
                if m.any():
                    ids.append(idx[m])
                    weights.append(g[m])
    return ids, weights, float(np.log(z[ok]).sum()), int((~ok).sum())


def train_multigram(pairs, iterations=ITERATIONS, log=print):
    lv = Vocab([l for l, a in pairs], MAX_LAT, POS_LAT)
    av = Vocab([a for l, a in pairs], MAX_AR, POS_AR)
    pairs = sorted(pairs, key=lambda p: (len(p[0]), len(p[1]), p))
    batches = []
    for k in range(0, len(pairs), BATCH):
        ch = pairs[k:k + BATCH]
        L = max(len(l) for l, _ in ch)
        M = max(len(a) for _, a in ch)
        batches.append((lv.encode([l for l, _ in ch], L), av.encode([a for _, a in ch], M),
                        np.array([len(l) for l, _ in ch]), np.array([len(a) for _, a in ch])))
    P = np.zeros((len(lv.grams), len(av.grams)))
    P[1:, 2:] = 1.0          # the empty Latin gram may face any Arabic gram, never the reverse
    P /= P.sum()
    for it in range(iterations):
        t = time.time()
        C = np.zeros(P.size)
        ll, bad = 0.0, 0
        for lat, ar, llen, alen in batches:
            ids, weights, l_, b_ = _estep(P, lat, ar, llen, alen)
            if ids:
                C += np.bincount(np.concatenate(ids), weights=np.concatenate(weights),
                                 minlength=P.size)
            ll += l_
            bad += b_
        P = (C / C.sum()).reshape(P.shape)
        log(f"  EM {it + 1:2d}: log-likelihood {ll:,.0f}, unalignable {bad}, "
            f"pairs > {PRUNE:g}: {(P > PRUNE).sum():,} ({time.time() - t:.1f} s)")
    return lv, av, P


# ---------------------------------------------------------------------------
# Letter model
# ---------------------------------------------------------------------------

def train_lm(words):
    grams, ctx = Counter(), Counter()
    n = LM_ORDER
    for w in words:
        t = "^" * (n - 1) + w + "$"
        for i in range(n - 1, len(t)):
            for m in range(1, n + 1):
                grams[t[i - m + 1:i + 1]] += 1
                ctx[t[i - m + 1:i]] += 1
    return grams, ctx


# ---------------------------------------------------------------------------
# Writing and calibrating
# ---------------------------------------------------------------------------

def save(path, lv, av, P, lm, calibration, lam):
    rows, cols = np.nonzero(P > PRUNE)
    # Drop grams no kept pair uses; renumber.
    used_l = sorted(set(rows.tolist()) | {0, 1})
    used_a = sorted(set(cols.tolist()) | {0, 1})
    rl = {o: i for i, o in enumerate(used_l)}
    ra = {o: i for i, o in enumerate(used_a)}
    grams, ctx = lm
    arrays = dict(
        max_lat=np.int32(MAX_LAT), max_ar=np.int32(MAX_AR),
        pos_lat=np.bool_(POS_LAT), pos_ar=np.bool_(POS_AR),
        lat_grams=np.array([lv.grams[i] for i in used_l]),
        ar_grams=np.array([av.grams[i] for i in used_a]),
        pair_lat=np.array([rl[r] for r in rows], np.int32),
        pair_ar=np.array([ra[c] for c in cols], np.int32),
        pair_logp=np.log(P[rows, cols]).astype(np.float32),
        lm_order=np.int32(LM_ORDER), lm_k=np.float32(LM_K), lm_weight=np.float32(lam),
        lm_grams=np.array(sorted(grams)), lm_counts=np.array([grams[g] for g in sorted(grams)], np.int32),
        lm_ctx=np.array(sorted(ctx)), lm_ctx_counts=np.array([ctx[g] for g in sorted(ctx)], np.int32),
        calibration=np.array(calibration, np.float64),
    )
    np.savez_compressed(path, **arrays)


def _keys(rows):
    """(latin_key, arabic_key) of name pairs, pairs with an empty side dropped."""
    out = []
    for l, a in rows:
        lk, ak = tl.latin_key(l), tl.arabic_key(a)
        if lk and ak:
            out.append((lk, ak))
    return out


def is_tune(arabic: str) -> bool:
    return hashlib.sha1(arabic.strip().encode("utf-8")).digest()[1] < TUNE_BYTE


def fit_calibration(model_path, pairs, candidates, n_neg=3, log=print):
    """Logistic fit of P(same | score / (len_arabic + 1)) on held-out pairs:
    each true pair against the best-scoring wrong candidates of its blocking
    pool among ``candidates`` (Latin names)."""
    model = tl.load_model(model_path)
    tl._MODEL = model
    latin = sorted({tl.latin_key(l) for l in candidates} | {l for l, _ in pairs})
    index = tl.NameIndex(latin)
    xs, ys = [], []
    gold = {}
    for l, a in pairs:
        gold.setdefault(a, set()).add(l)
    for a, ls in gold.items():
        slots = tl._arabic_slots(a)
        idx = index.candidates(a)
        if not len(idx):
            continue
        single = idx[index._single[idx]]
        raw = index._model_scores(slots, single)
        order = np.argsort(-raw)
        neg = 0
        for k in order:
            if raw[k] <= tl._NEG / 2:   # not alignable at all
                continue
            if index.names[single[k]] in ls:
                xs.append(raw[k] / (len(slots) + 1))
                ys.append(1.0)
            elif neg < n_neg:
                xs.append(raw[k] / (len(slots) + 1))
                ys.append(0.0)
                neg += 1
    x = np.clip(np.array(xs), tl.CALIBRATION_CLIP[0], tl.CALIBRATION_CLIP[1])
    y = np.array(ys)
    mu, sd = x.mean(), x.std() + 1e-9
    X = np.stack([(x - mu) / sd, np.ones_like(x)], 1)
    w = np.zeros(2)
    for _ in range(100):  # Newton's method with a small ridge penalty
        p = 0.5 * (1 + np.tanh(0.5 * (X @ w)))
        g = X.T @ (p - y) + 1e-2 * w
        H = (X * (p * (1 - p))[:, None]).T @ X + 1e-2 * np.eye(2)
        step = np.linalg.solve(H, g)
        w -= step
        if np.abs(step).max() < 1e-10:
            break
    w = np.array([w[0] / sd, w[1] - w[0] * mu / sd])   # back to the raw scale
    log(f"  calibration: a={w[0]:.3f} b={w[1]:.3f} on {int(y.sum())} true, {int((1 - y).sum())} false pairs")
    return (float(w[0]), float(w[1]))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", default=str(DEFAULT_DATA))
    ap.add_argument("--out", default=str(DEFAULT_OUT))
    ap.add_argument("--no-write", action="store_true")
    ap.add_argument("--eval-only", action="store_true")
    ap.add_argument("--iterations", type=int, default=ITERATIONS)
    ap.add_argument("--tune", action="store_true",
                    help="report tune-slice scores for several λ (LM weight)")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="override a module constant (experiments), e.g. --set POS_AR=0")
    args = ap.parse_args(argv)
    for kv in args.set:
        k, v = kv.split("=", 1)
        cur = globals()[k]
        globals()[k] = type(cur)(int(v)) if isinstance(cur, bool) else type(cur)(v)

    rows = ev.read_tsv(args.data)
    train_rows = [(l, a) for l, a, _ in rows if not is_dev(a)]
    dev_rows = [(l, a, c) for l, a, c in rows if is_dev(a)]
    print(f"{len(rows):,} pairs: {len(train_rows):,} train, {len(dev_rows):,} dev")
    out = Path(args.out)
    tmp = out if not args.no_write else Path("build/translit_model.tmp.npz")
    tmp.parent.mkdir(parents=True, exist_ok=True)

    if not args.eval_only:
        t0 = time.time()
        # A tune slice of the training pairs (second SHA-1 byte of the Arabic
        # below TUNE_BYTE, ~5 %) is held out from a first model, which chooses
        # λ (--tune) and fits the calibration on pairs it has not seen; the
        # shipped model is then trained on all training pairs.
        fit_rows = [(l, a) for l, a in train_rows if not is_tune(a)]
        tune_rows = [(l, a, 1) for l, a in train_rows if is_tune(a)]
        print(f"model 1: {len(fit_rows):,} pairs (tune slice: {len(tune_rows):,} held out)")
        lv, av, P = train_multigram(_keys(fit_rows), args.iterations)
        lm = train_lm([l for l, _ in _keys(fit_rows)])
        save(tmp, lv, av, P, lm, (1.0, 0.0), LM_WEIGHT)
        if args.tune:
            for lam in (0.25, 0.5, 0.75, 1.0):
                save(tmp, lv, av, P, lm, (1.0, 0.0), lam)
                tl._MODEL = tl.load_model(tmp)
                _, r1 = ev.evaluate(tune_rows)
                _, r2 = ev.evaluate(tune_rows, candidates=[l for l, _ in train_rows])
                print(f"  λ={lam}: tune slice top1/top10 {r1['top1']:.4f}/{r1['top10']:.4f} "
                      f"(vs tune names), {r2['top1']:.4f}/{r2['top10']:.4f} (vs all train names)")
            save(tmp, lv, av, P, lm, (1.0, 0.0), LM_WEIGHT)
        calibration = fit_calibration(tmp, _keys([(l, a) for l, a, _ in tune_rows]),
                                      candidates=[l for l, _ in train_rows])
        print(f"model 2: {len(train_rows):,} pairs")
        pairs = _keys(train_rows)
        lv, av, P = train_multigram(pairs, args.iterations)
        lm = train_lm([l for l, _ in pairs])
        save(tmp, lv, av, P, lm, calibration, LM_WEIGHT)
        print(f"trained in {time.time() - t0:.0f} s; model {tmp.stat().st_size / 1e6:.2f} MB -> {tmp}")

    tl._MODEL = tl.load_model(tmp if not args.eval_only else out)
    t = time.time()
    report, res = ev.evaluate(dev_rows)
    print(f"\n== dev ranked against the dev Latin names ({time.time() - t:.0f} s)\n{report}")
    t = time.time()
    report, res_all = ev.evaluate(dev_rows, candidates=[l for l, _, _ in rows])
    print(f"\n== dev ranked against all Latin names of the file ({time.time() - t:.0f} s)\n{report}")
    print(json.dumps({"dev_vs_dev": res, "dev_vs_all": res_all}))


if __name__ == "__main__":
    main()
