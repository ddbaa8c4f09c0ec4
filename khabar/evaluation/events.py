"""``khabar eval events FILE.csv``: sentence-level scores of the PLOVER event detector.

The file is one of the Open Event Data Alliance's Arabic gold-standard
files (columns ``accept, event_type, id, label, reject, text, total``; one
event type per file).  Each sentence labelled ``yes`` is a positive, ``easy
no`` and ``difficult no`` are negatives, ``ambiguous`` is left out.  A
sentence counts as detected when :func:`khabar.event_detect.detect` (with its
default ``min_score``) returns a detection of the file's event type that is
neither negated nor hypothetical: the annotators accepted a sentence only
when it reports the event as having happened, and their negatives include
threats, plans, calls and conditionals ("ويمكن أن تبدأ التفجيرات",
"وماذا لو ملأ العلماء الشوارع احتجاجا"); counting hypothetical detections
lowers F1 on both dev files.

Scores on the two dev files are in-sample for the shipped Arabic
classifiers, which were trained on them: docs/models/events.md gives the
grouped cross-validated figures, the honest estimate.

Returns precision, recall, F1, ``n`` (scored sentences) and the confusion
counts, plus ``by_label``: how many sentences of each label were detected.
"""

from __future__ import annotations

import csv
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Sequence

from ..errors import InputError
from ..event_detect import PLOVER_TYPES, detect

__all__ = ["evaluate_events", "main", "POSITIVE", "NEGATIVE"]

POSITIVE = {"yes"}
NEGATIVE = {"easy no", "difficult no"}
_COLUMNS = {"event_type", "label", "text"}


def _rows(path: Path) -> list[dict]:
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            missing = _COLUMNS - set(reader.fieldnames or ())
            if missing:
                raise InputError(f"{path}: missing column(s) {', '.join(sorted(missing))}; "
                                 f"expected at least {', '.join(sorted(_COLUMNS))}")
            return list(reader)
    except OSError as e:
        raise InputError(f"cannot read {path}: {e}") from e


def evaluate_events(path: str | Path, lang: str = "ar") -> dict:
    """Score the detector on a gold-standard CSV (see the module docstring).

    Args:
        path: the CSV file.
        lang: the language of its sentences.

    Returns:
        ``{"event_type", "precision", "recall", "f1", "n", "tp", "fp", "fn",
        "by_label"}``; ``by_label`` maps each label to ``[detected, total]``.

    Raises:
        InputError: unreadable file, missing columns, no or several event
            types, or an event type that is not a PLOVER type.
    """
    path = Path(path)
    rows = _rows(path)
    types = {r["event_type"].strip().upper() for r in rows if r["event_type"].strip()}
    if len(types) != 1:
        raise InputError(f"{path}: expected one event_type, found {sorted(types) or 'none'}")
    typ = types.pop()
    if typ not in PLOVER_TYPES:
        raise InputError(f"{path}: {typ!r} is not a PLOVER type; valid: {', '.join(PLOVER_TYPES)}")
    tp = fp = fn = n = 0
    detected: Counter = Counter()
    total: Counter = Counter()
    for r in rows:
        label = r["label"].strip().lower()
        if label not in POSITIVE and label not in NEGATIVE:
            continue
        n += 1
        hit = any(d.type == typ and not d.negated and not d.hypothetical
                  for d in detect(r["text"], lang))
        total[label] += 1
        detected[label] += hit
        if label in POSITIVE:
            tp += hit
            fn += not hit
        else:
            fp += hit
    p = tp / (tp + fp) if tp + fp else 0.0
    rc = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
    out = {"event_type": typ, "precision": round(p, 4), "recall": round(rc, 4),
           "f1": round(f1, 4), "n": n, "tp": tp, "fp": fp, "fn": fn,
           "by_label": {k: [detected[k], total[k]] for k in sorted(total)}}
    out.update(_provenance(path, lang, typ))
    return out


def _provenance(path, lang: str, typ: str) -> dict:
    """Whether the trained model saw this file; then its grouped-CV figures
    are the honest estimate (docs/models/events.md)."""
    import json
    from pathlib import Path

    from ..event_detect import MODEL_DIR

    model = Path(MODEL_DIR) / f"{lang}.json"
    if not model.exists():
        return {"in_sample": False}
    meta = json.loads(model.read_text(encoding="utf-8"))
    if Path(path).name not in meta.get("training_files", []):
        return {"in_sample": False}
    return {"in_sample": True, "cv": meta.get("cv", {}).get(typ)}


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m khabar.evaluation.events FILE.csv [--lang ar]``; the scores
    as JSON on the last line of standard output."""
    args = list(sys.argv[1:] if argv is None else argv)
    lang = "ar"
    if "--lang" in args:
        i = args.index("--lang")
        if i + 1 >= len(args):
            print("Error: --lang needs a value (ar, fa, en or ru)", file=sys.stderr)
            return 2
        lang = args[i + 1]
        del args[i:i + 2]
    if len(args) != 1:
        print("Usage: python -m khabar.evaluation.events FILE.csv [--lang ar|fa|en|ru]",
              file=sys.stderr)
        return 2
    try:
        result = evaluate_events(args[0], lang)
    except InputError as e:
        print(f"Error: {e}", file=sys.stderr)
        return 1
    print(json.dumps(result, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
