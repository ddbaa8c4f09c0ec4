"""``khabar eval names``: cross-script name matching, Arabic → Latin.

Reads a TSV ``latin<TAB>arabic<TAB>count`` with a header (the Wikidata name
pairs in ``../shared/eval/names/``).  For every distinct Arabic name, all
distinct Latin names of the file are ranked with :class:`khabar.translit.NameIndex`
and the rank of the name's own Latin spelling is recorded; when one Arabic
name comes with several Latin spellings, any of them counts as correct.

Reported: top-1 and top-10 accuracy, the mean reciprocal rank (a correct name
outside the index's blocking pool counts 0) and ``n``, the number of Arabic
names.  Queries run in parallel worker processes (one per core, at most
``KHABAR_EVAL_WORKERS`` if set).
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import time
from collections import defaultdict

import numpy as np

from ..errors import InputError

__all__ = ["run", "read_tsv", "evaluate", "is_dev", "DEV_BYTE"]

# The dev split of the training file (scripts/train_translit.py): a pair is
# dev when the first byte of the SHA-1 of its Arabic spelling is below this
# (about 10 %), so all Latin spellings of one Arabic name are on one side.
DEV_BYTE = 26


def is_dev(arabic: str) -> bool:
    """Whether a name pair belongs to the dev split (by its Arabic spelling)."""
    return hashlib.sha1(arabic.strip().encode("utf-8")).digest()[0] < DEV_BYTE


def read_tsv(path: str | os.PathLike) -> list[tuple[str, str, int]]:
    """Rows (latin, arabic, count) of a name-pair TSV; the header line is skipped,
    lines without both names are ignored."""
    rows = []
    try:
        with open(path, encoding="utf-8") as f:
            header = f.readline()
            if "\t" not in header:
                raise InputError("not a name-pair TSV (latin<TAB>arabic<TAB>count): no tab in the header",
                                 path=str(path), reason="malformed-tsv")
            for line in f:
                parts = line.rstrip("\r\n").split("\t")
                if len(parts) < 2:
                    continue
                latin, arabic = parts[0].strip(), parts[1].strip()
                if not latin or not arabic:
                    continue
                count = int(parts[2]) if len(parts) > 2 and parts[2].strip().isdigit() else 1
                rows.append((latin, arabic, count))
    except UnicodeDecodeError as e:
        raise InputError(f"not UTF-8: {e}", path=str(path), reason="encoding") from e
    except FileNotFoundError as e:
        raise InputError("no such file", path=str(path), reason="missing") from e
    return rows


# State shared with forked workers (set before the pool starts).
_STATE: dict = {}


def _rank_chunk(bounds: tuple[int, int]) -> list[int]:
    index, queries, gold = _STATE["index"], _STATE["queries"], _STATE["gold"]
    out = []
    for q in queries[bounds[0]:bounds[1]]:
        idx, _ = index.scores(q)
        targets = gold[q]
        rank = -1
        for pos, k in enumerate(idx.tolist()):
            if k in targets:
                rank = pos
                break
        out.append(rank)
    return out


def _workers() -> int:
    env = os.environ.get("KHABAR_EVAL_WORKERS")
    if env and env.isdigit():
        return max(1, int(env))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def evaluate(rows: list[tuple[str, str, int]], candidates: list[str] | None = None,
             workers: int | None = None) -> tuple[str, dict]:
    """Rank the Latin names (``candidates``, default: those of ``rows``) for
    every Arabic name of ``rows``; returns (report, scores)."""
    from ..translit import NameIndex

    t0 = time.time()
    latin = list(dict.fromkeys(candidates if candidates is not None else [r[0] for r in rows]))
    index = NameIndex(latin)
    pos = {n: i for i, n in enumerate(index.names)}
    gold: dict[str, set[int]] = defaultdict(set)
    for lat, ar, _ in rows:
        if lat in pos:
            gold[ar].add(pos[lat])
    queries = sorted(gold)
    t_index = time.time() - t0
    workers = workers or _workers()
    chunk = max(1, min(500, len(queries) // (workers * 4) + 1))
    bounds = [(i, min(i + chunk, len(queries))) for i in range(0, len(queries), chunk)]
    _STATE.update(index=index, queries=queries, gold=gold)
    try:
        if workers > 1 and len(queries) > 200 and "fork" in multiprocessing.get_all_start_methods():
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                parts = pool.map(_rank_chunk, bounds)
        else:
            parts = [_rank_chunk(b) for b in bounds]
    finally:
        _STATE.clear()
    ranks = np.array([r for p in parts for r in p], dtype=np.int64)
    n = len(ranks)
    found = ranks >= 0
    top1 = float(((ranks == 0) & found).mean()) if n else 0.0
    top10 = float(((ranks < 10) & found).mean()) if n else 0.0
    mrr = float(np.where(found, 1.0 / (np.maximum(ranks, 0) + 1.0), 0.0).mean()) if n else 0.0
    elapsed = time.time() - t0
    result = {"top1": round(top1, 4), "top10": round(top10, 4), "mrr": round(mrr, 4), "n": n}
    lines = [
        f"Arabic names: {n:,}; Latin candidates: {len(latin):,} (pool {index.pool} per query)",
        f"top-1   {top1:.4f}",
        f"top-10  {top10:.4f}",
        f"MRR     {mrr:.4f}",
        f"correct name outside the pool: {int((~found).sum()):,}",
        f"time: {elapsed:.1f} s ({t_index:.1f} s index, {workers} worker(s), "
        f"{1000 * (elapsed - t_index) / max(n, 1):.2f} ms per name)",
    ]
    return "\n".join(lines), result


def run(path: str) -> tuple[str, dict]:
    """Evaluate the file at ``path``: every Arabic name against all its Latin names."""
    rows = read_tsv(path)
    report, result = evaluate(rows)
    return f"{path}\n{report}", result
