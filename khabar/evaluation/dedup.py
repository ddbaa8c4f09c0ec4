"""``khabar eval dedup``: exact and near-duplicate groups in a JSONL news file.

Articles are fed to :class:`khabar.dedup.CopyDetector` in file order (text =
``content``; ``title`` is only reported).  The reference for exact copies is
computed independently with a plain dict: SaudiNewsNet's note ("1,489 of them
fall into 560 groups of exact duplicates") is reproduced exactly by grouping
the raw ``content`` strings with leading and trailing whitespace stripped,
empty contents included.  Raw equality without stripping gives 548 groups /
1,444 articles; dropping empty contents gives 559 / 1,135.  The 560 include
one group of 354 articles without text and 15 groups of 1-7 word bodies
(bylines, author names) under different headlines, which the detector
deliberately never matches (``MIN_TOKENS``): ``exact_recall`` counts them,
``exact_recall_matchable`` is over the reference groups whose text has at
least ``MIN_TOKENS`` key tokens.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import random
import time
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterator

from .. import normalize
from ..dedup import MIN_TOKENS, CopyDetector
from ..errors import InputError

try:
    import resource
except ImportError:  # pragma: no cover - not on Windows
    resource = None

log = logging.getLogger(__name__)

__all__ = ["run", "SAMPLE_SIZE", "SAMPLE_SEED"]

# Near-duplicate pairs written for human inspection, and the seed that picks them.
SAMPLE_SIZE = 40
SAMPLE_SEED = 20150721
# Characters of each text shown in the sample.
SAMPLE_CHARS = 200


def _records(path: str, limit: int | None) -> Iterator[tuple[int, dict | None]]:
    """(line number, record or None when malformed), plain or gzip JSONL."""
    opener = gzip.open if path.endswith(".gz") else open
    try:
        fh = opener(path, "rt", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read {exc}", path=path) from exc
    with fh:
        for n, line in enumerate(fh, 1):
            if limit is not None and n > limit:
                break
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                yield n, None
                continue
            yield n, rec if isinstance(rec, dict) else None


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _reference(content_hashes: list[bytes]) -> list[list[int]]:
    """Groups (>= 2) of articles with the same stripped raw content."""
    by_content: dict[bytes, list[int]] = defaultdict(list)
    for i, h in enumerate(content_hashes):
        by_content[h].append(i)
    return [g for g in by_content.values() if len(g) > 1]


def run(path: str, limit: int | None = None, sample_out: str | None = None) -> dict:
    """Copy detection on a JSONL news file, against exact-duplicate ground truth.

    Args:
        path: JSONL (optionally ``.gz``) with ``content`` and ``title`` fields
            per line (SaudiNewsNet format; ``source``, ``url`` and
            ``date_extracted`` are reported when present).
        limit: read only the first ``limit`` lines.
        sample_out: write ``SAMPLE_SIZE`` random near-copy pairs there (JSON
            lines: similarity, containment, titles, sources, the first
            ``SAMPLE_CHARS`` characters of each text) for human inspection.

    Returns:
        A JSON-able dict: ``n``; ``exact_groups``/``exact_articles`` (identical
        normalized texts found); ``near_groups``/``near_articles`` (copy groups
        with at least one near copy, and all their members); ``copy_groups``/
        ``copy_articles`` (all groups); ``reference_exact_groups``/
        ``reference_exact_articles``; ``exact_recall`` (share of reference
        groups found complete, i.e. all members in one copy group) and
        ``exact_recall_matchable``; timing and peak memory.

    Raises:
        InputError: the file cannot be read.
    """
    det = CopyDetector()
    ids: list[str] = []
    content_hashes: list[bytes] = []
    shown: list[dict] = []
    malformed = 0
    started = time.perf_counter()
    detect_s = 0.0
    for n, rec in _records(path, limit):
        if rec is None:
            malformed += 1
            continue
        content = _text(rec.get("content"))
        content_hashes.append(hashlib.sha1(content.strip().encode("utf-8")).digest())
        aid = f"L{n}"
        ids.append(aid)
        shown.append({"id": aid, "title": _text(rec.get("title")), "source": rec.get("source"),
                      "date": rec.get("date_extracted"), "text": content.strip()[:SAMPLE_CHARS]})
        t = time.perf_counter()
        det.add(aid, content, rec.get("language") or rec.get("lang"))
        detect_s += time.perf_counter() - t
    total_s = time.perf_counter() - started

    result: dict[str, Any] = {"path": str(path), "n": len(ids), "malformed": malformed}
    result.update(_found(det, ids))
    result.update(_recall(det, ids, content_hashes, path, limit))
    result.update({
        "detect_seconds": round(detect_s, 1),
        "total_seconds": round(total_s, 1),
        "articles_per_second": round(len(ids) / detect_s) if detect_s else None,
        "peak_rss_mb": (round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
                        if resource else None),
        "settings": {"shingle": det.shingle, "num_perm": det.num_perm,
                     "threshold": det.threshold, "min_tokens": MIN_TOKENS},
    })
    if sample_out:
        result["sample"] = _write_sample(det, shown, sample_out)
    return result


def _found(det: CopyDetector, ids: list[str]) -> dict[str, int]:
    """Counts of what the detector grouped."""
    groups = det.groups()
    exact_classes: dict[str, set[str]] = defaultdict(set)
    near_roots = set()
    for aid in ids:
        m = det.match_of(aid)
        if m is None:
            continue
        if m.kind == "exact":
            # An exact class is the first occurrence of a text and its exact copies.
            exact_classes[m.matched_id].update((m.matched_id, aid))
        else:
            near_roots.add(m.original_id)
    near_members = sum(len(groups[r]) for r in near_roots)
    return {
        "exact_groups": len(exact_classes),
        "exact_articles": sum(len(c) for c in exact_classes.values()),
        "near_groups": len(near_roots),
        "near_articles": near_members,
        "near_copies": sum(1 for a in ids if (m := det.match_of(a)) and m.kind == "near"),
        "copy_groups": len(groups),
        "copy_articles": sum(len(g) for g in groups.values()),
        "largest_group": max((len(g) for g in groups.values()), default=0),
    }


def _recall(det: CopyDetector, ids: list[str], content_hashes: list[bytes], path: str,
            limit: int | None) -> dict[str, Any]:
    """Reference exact groups and the share found complete."""
    ref = _reference(content_hashes)
    found = [g for g in ref if len({det.original_of(ids[i]) for i in g}) == 1
             and det.match_of(ids[g[1]]) is not None]
    # Which reference groups are long enough to be matched at all: re-read
    # one member of each (the texts were not kept).
    wanted = {g[0] for g in ref}
    tokens: dict[int, int] = {}
    for i, (_, rec) in enumerate((x for x in _records(path, limit) if x[1] is not None)):
        if i in wanted:
            tokens[i] = len(normalize.tokens(_text(rec.get("content")), rec.get("language")))
    matchable = [g for g in ref if tokens[g[0]] >= MIN_TOKENS]
    found_m = [g for g in found if tokens[g[0]] >= MIN_TOKENS]
    missed_short = [g for g in ref if g not in found and tokens[g[0]] < MIN_TOKENS]
    return {
        "reference_exact_groups": len(ref),
        "reference_exact_articles": sum(len(g) for g in ref),
        "exact_recall": round(len(found) / len(ref), 4) if ref else 1.0,
        "reference_matchable_groups": len(matchable),
        "exact_recall_matchable": round(len(found_m) / len(matchable), 4) if matchable else 1.0,
        "missed_short_groups": len(missed_short),
        "missed_short_articles": sum(len(g) for g in missed_short),
    }


def _write_sample(det: CopyDetector, shown: list[dict], out: str) -> dict[str, Any]:
    """Write random near-copy pairs (copy, the member it matched) as JSON lines."""
    by_id = {s["id"]: s for s in shown}
    pairs = [(s["id"], m) for s in shown if (m := det.match_of(s["id"])) and m.kind == "near"]
    rng = random.Random(SAMPLE_SEED)
    picked = sorted(rng.sample(pairs, min(SAMPLE_SIZE, len(pairs))), key=lambda p: int(p[0][1:]))
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8") as fh:
        for n, (aid, m) in enumerate(picked, 1):
            a, b = by_id[m.matched_id], by_id[aid]
            fh.write(json.dumps({
                "pair": n, "similarity": m.similarity, "containment": m.containment,
                "original": m.original_id, "a": _brief(a), "b": _brief(b),
            }, ensure_ascii=False) + "\n")
    return {"path": out, "pairs": len(picked), "of": len(pairs)}


def _brief(s: dict) -> dict:
    return {k: s[k] for k in ("id", "source", "date", "title", "text")}
