"""``khabar eval quotes DIR``: source, cue and content scores of khabar.quotes
on PolNeAR (Newell, Margolin & Ruths, LREC 2018).

DIR holds ``text/<name>.txt`` and ``attributions/<name>_<annotator>.ann``
(brat standoff).  An attribution is an ``E`` line tying ``T`` spans with the
roles ``Source``, ``Cue`` and ``Content`` (a few use ``Content2`` for a
second content part: counted as Content); a span may be discontinuous
(``start end;start end``).  Texts annotated by several annotators are scored
against one of them, the first annotator id in sorted order, so every text
counts once.  Gold spans of one role with the same offsets count once (one
source "he" linked to "said" and "added" is one source), and so do predicted
spans.

Match rule.  For each article and role, predicted and gold spans are paired
one-to-one, greedily, largest character overlap first:

* **lenient** (the headline ``*_precision/recall/f1``): a pair matches when
  the spans share at least one non-space character;
* **strict** (``*_strict``): a pair matches when the Jaccard ratio of their
  non-space character sets (intersection over union) is at least 0.5.

A predicted quote's content excludes the quotation marks around it, so the
non-space rule keeps a bare ``“`` in a gold span from deciding anything.
Precision, recall and F1 are micro-averaged: matches, predictions and gold
spans are summed over all articles before dividing.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Iterable, Sequence

from ..errors import InputError

__all__ = ["evaluate_quotes", "read_ann", "read_corpus", "score_spans", "main", "ROLES",
           "STRICT_JACCARD"]

ROLES = ("source", "cue", "content")
# Jaccard ratio of non-space characters for a strict match.
STRICT_JACCARD = 0.5
RULE = ("one-to-one greedy pairing by largest character overlap, per article and role; "
        "lenient: >= 1 shared non-space character; strict: Jaccard of non-space "
        f"characters >= {STRICT_JACCARD}; micro-averaged; first annotator (sorted) per text")

Span = tuple[tuple[int, int], ...]
_ROLE_OF = {"Source": "source", "Cue": "cue", "Content": "content", "Content2": "content"}


def _parse_spans(field: str) -> Span:
    """``"3 9;12 20"`` -> ((3, 9), (12, 20))."""
    out = []
    for part in field.split(";"):
        start, end = part.split()
        out.append((int(start), int(end)))
    return tuple(out)


def read_ann(path: str | Path) -> dict[str, set[Span]]:
    """Gold spans by role (``source``/``cue``/``content``) of one brat file,
    taken from the T spans that E lines tie into attributions."""
    spans: dict[str, Span] = {}
    gold: dict[str, set[Span]] = {role: set() for role in ROLES}
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    for line in lines:
        fields = line.split("\t")
        if line.startswith("T") and len(fields) >= 2:
            try:
                label, _, offsets = fields[1].partition(" ")
                spans[fields[0]] = _parse_spans(offsets)
            except ValueError:
                continue
    for line in lines:
        if not line.startswith("E"):
            continue
        for arg in line.split("\t", 1)[-1].split()[1:]:
            role, _, tid = arg.partition(":")
            if _ROLE_OF.get(role) and tid in spans:
                gold[_ROLE_OF[role]].add(spans[tid])
    return gold


def read_corpus(directory: str | Path) -> list[tuple[str, str, dict[str, set[Span]]]]:
    """``(name, text, gold)`` for every text with an annotation file, by name."""
    root = Path(directory)
    text_dir, ann_dir = root / "text", root / "attributions"
    if not text_dir.is_dir() or not ann_dir.is_dir():
        raise InputError(f"{root} has no text/ and attributions/ folders: give a PolNeAR "
                         "split such as ../shared/eval/quotes/polnear/dev")
    anns: dict[str, Path] = {}
    for path in sorted(ann_dir.glob("*.ann")):
        name = path.stem.rsplit("_", 1)[0]
        anns.setdefault(name, path)
    out = []
    for name, path in sorted(anns.items()):
        txt = text_dir / f"{name}.txt"
        if txt.is_file():
            out.append((name, txt.read_text(encoding="utf-8"), read_ann(path)))
    return out


def _chars(text: str, span: Span) -> frozenset[int]:
    """Positions of the non-space characters of a (discontinuous) span."""
    return frozenset(i for s, e in span for i in range(s, min(e, len(text)))
                     if not text[i].isspace())


def score_spans(text: str, predicted: Iterable[Span], gold: Iterable[Span]) -> tuple[int, int, int, int]:
    """``(lenient matches, strict matches, n predicted, n gold)`` for one role
    of one article under the module's pairing rule."""
    pred = [_chars(text, s) for s in set(predicted)]
    gold_c = [_chars(text, s) for s in set(gold)]
    pairs = []
    for i, p in enumerate(pred):
        for j, g in enumerate(gold_c):
            inter = len(p & g)
            if inter:
                pairs.append((inter, inter / len(p | g), i, j))
    pairs.sort(key=lambda x: (-x[0], -x[1]))
    used_p, used_g, lenient = set(), set(), 0
    for _, _, i, j in pairs:
        if i not in used_p and j not in used_g:
            used_p.add(i); used_g.add(j); lenient += 1
    # Strict pairing is its own assignment: only qualifying pairs compete.
    used_p, used_g, strict = set(), set(), 0
    for _, jac, i, j in sorted(pairs, key=lambda x: -x[1]):
        if jac >= STRICT_JACCARD and i not in used_p and j not in used_g:
            used_p.add(i); used_g.add(j); strict += 1
    return lenient, strict, len(pred), len(gold_c)


def _prf(match: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = match / n_pred if n_pred else 0.0
    r = match / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def _predicted(quotes) -> dict[str, list[Span]]:
    """Predicted spans by role from khabar.quotes.Quote objects."""
    out: dict[str, list[Span]] = {role: [] for role in ROLES}
    for q in quotes:
        out["cue"].append(((q.cue_start, q.cue_end),))
        out["content"].append(((q.content_start, q.content_end),))
        if q.speaker_start is not None and q.speaker_end is not None:
            out["source"].append(((q.speaker_start, q.speaker_end),))
    return out


def _totals(articles: Sequence[tuple[str, str, dict]], predictions: Sequence[list]) -> dict:
    counts = {role: [0, 0, 0, 0] for role in ROLES}
    for (_, text, gold), quotes in zip(articles, predictions):
        pred = _predicted(quotes)
        for role in ROLES:
            for k, v in enumerate(score_spans(text, pred[role], gold[role])):
                counts[role][k] += v
    result: dict = {}
    for role in ROLES:
        lenient, strict, n_pred, n_gold = counts[role]
        for suffix, match in (("", lenient), ("_strict", strict)):
            p, r, f = _prf(match, n_pred, n_gold)
            result[f"{role}_precision{suffix}"] = round(p, 4)
            result[f"{role}_recall{suffix}"] = round(r, 4)
            result[f"{role}_f1{suffix}"] = round(f, 4)
        result[f"{role}_predicted"], result[f"{role}_gold"] = n_pred, n_gold
    return result


def evaluate_quotes(directory: str | Path, limit: int | None = None) -> dict:
    """Score :func:`khabar.quotes.find_quotes` (English) on a PolNeAR split.

    Args:
        directory: a folder with ``text/`` and ``attributions/`` (see the
            module doc).
        limit: score only the first ``limit`` articles (by name).

    Returns:
        ``source_precision, source_recall, source_f1`` (lenient rule), the
        same for ``cue_`` and ``content_``, each also with a ``_strict``
        suffix, predicted and gold counts, ``n_articles``, ``rule``,
        ``seconds`` and ``articles_per_second``.

    Raises:
        InputError: when the folder is not a PolNeAR split.
    """
    from ..quotes import find_quotes_many

    articles = read_corpus(directory)[:limit]
    find_quotes_many(["He said so."], "en")      # load the model before timing
    t0 = time.perf_counter()
    predictions = find_quotes_many([text for _, text, _ in articles], "en")
    seconds = time.perf_counter() - t0
    result = _totals(articles, predictions)
    result.update(n_articles=len(articles), rule=RULE, seconds=round(seconds, 2),
                  articles_per_second=round(len(articles) / seconds, 1) if seconds else None)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m khabar.evaluation.quotes DIR [LIMIT]``: print the scores as JSON."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print("usage: python -m khabar.evaluation.quotes DIR [LIMIT]", file=sys.stderr)
        return 2
    limit = int(args[1]) if len(args) > 1 else None
    print(json.dumps(evaluate_quotes(args[0], limit), ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
