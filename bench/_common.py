"""What the bench scripts share: the SaudiNewsNet prefix they read and the machine line."""

from __future__ import annotations

import gzip
import os
import platform
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAUDI = ROOT.parent / "shared" / "news" / "saudinewsnet.jsonl.gz"


def machine() -> dict:
    return {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"}


def saudi_prefix(path: Path, n: int) -> Path:
    """Write the first ``n`` SaudiNewsNet lines to ``path``."""
    with gzip.open(SAUDI, "rt", encoding="utf-8") as f, open(path, "w", encoding="utf-8") as out:
        for i, line in enumerate(f):
            if i >= n:
                break
            out.write(line)
    return path
