"""Shared paths and helpers for the tests (data is read from ../shared at run time)."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "corpus" / "seeds"
SAUDI = SHARED / "news" / "saudinewsnet.jsonl.gz"
SAMPLE = ROOT / "corpus" / "sample"


def seed(n: int) -> Path:
    """Path of seed article number ``n`` (000 … 004)."""
    return next(SEEDS.glob(f"{n:03d}_*.txt"))


def seed_lines(n: int) -> list[str]:
    return [ln.strip() for ln in seed(n).read_text(encoding="utf-8").splitlines() if ln.strip()]


def saudi_sample(path: Path, n: int) -> Path:
    """Write the first ``n`` SaudiNewsNet records to ``path`` (JSONL) and return it."""
    with gzip.open(SAUDI, "rt", encoding="utf-8") as src, open(path, "w", encoding="utf-8") as dst:
        for i, line in enumerate(src):
            if i >= n:
                break
            dst.write(line)
    return path


def khabar(*args: str, check: bool = True, env: dict | None = None, timeout: float = 600):
    """Run the real ``khabar`` CLI in a subprocess; returns CompletedProcess."""
    full_env = dict(os.environ, **(env or {}))
    proc = subprocess.run([sys.executable, "-m", "khabar", *args], capture_output=True, text=True,
                          env=full_env, timeout=timeout, cwd=ROOT)
    if check and proc.returncode != 0:
        raise AssertionError(f"khabar {' '.join(args)} exited {proc.returncode}\n"
                             f"stdout:\n{proc.stdout[-3000:]}\nstderr:\n{proc.stderr[-3000:]}")
    return proc


def khabar_json(*args: str, **kw):
    return json.loads(khabar(*args, **kw).stdout)
