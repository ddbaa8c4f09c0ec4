"""Capacity figures for docs/SCALING.md: the whole ``khabar ingest`` (read,
actors, stories, events) on a SaudiNewsNet prefix, local engine or Dask.

Prints one JSON line per run: seconds per step, milliseconds per article,
articles/s, the peak memory of this process and of all its child processes
(the Dask scheduler, nannies and workers) sampled every 0.2 s, and the store's
size on disk.

    .venv/bin/python bench/scaling.py --limit 1000 --engine local
    .venv/bin/python bench/scaling.py --limit 1000 --engine dask --workers 2
    .venv/bin/python bench/scaling.py --limit 31030 --engine dask --steps read
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _common import machine, saudi_prefix  # noqa: E402


class PeakMemory:
    """Peak resident memory of this process and of its descendants, summed."""

    def __init__(self, every: float = 0.2):
        import psutil

        self.proc = psutil.Process()
        self.every = every
        self.peak_self = self.peak_total = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> None:
        import psutil

        mine = self.proc.memory_info().rss
        total = mine
        for child in self.proc.children(recursive=True):
            try:
                total += child.memory_info().rss
            except psutil.Error:
                pass
        self.peak_self = max(self.peak_self, mine)
        self.peak_total = max(self.peak_total, total)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._sample()
            self._stop.wait(self.every)

    def cpu(self) -> tuple[float, float]:
        """CPU seconds (user + system) of this process and of its live descendants."""
        import psutil

        t = self.proc.cpu_times()
        mine = t.user + t.system
        kids = 0.0
        for child in self.proc.children(recursive=True):
            try:
                c = child.cpu_times()
                kids += c.user + c.system
            except psutil.Error:
                pass
        return mine, kids

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self._sample()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=1000)
    ap.add_argument("--engine", choices=["local", "dask"], default="local")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--steps", choices=["all", "stories", "read"], default="all",
                    help="all: read, actors, stories, events; stories: read and stories; read: read only.")
    ap.add_argument("--keep", help="Keep the store at this path.")
    args = ap.parse_args()

    from khabar import load_settings, open_store
    from khabar.ingest import ingest

    steps = {"all": ["actors", "stories", "events"], "stories": ["stories"], "read": []}[args.steps]
    print(json.dumps(machine()))
    with tempfile.TemporaryDirectory() as tmp:
        src = saudi_prefix(Path(tmp) / "in.jsonl", args.limit)
        db = args.keep or str(Path(tmp) / "b.db")
        settings = load_settings(env={}, db=db)
        took: dict[str, float] = {}
        with PeakMemory() as mem:
            t0 = time.perf_counter()
            engine = None
            if args.engine == "dask":
                from khabar.distributed import DaskEngine

                engine = DaskEngine(workers=args.workers)
            took["start"] = time.perf_counter() - t0
            try:
                with open_store(db) as store:
                    t = time.perf_counter()
                    summary = ingest([str(src)], store, settings, engine=engine)
                    took["read"] = time.perf_counter() - t
                    for step in steps:
                        module = __import__(f"khabar.{step}", fromlist=["x"])
                        opts = engine.step_options(step, store, settings) if engine else {}
                        t = time.perf_counter()
                        getattr(module, f"update_{step}")(store, settings, **opts)
                        took[step] = time.perf_counter() - t
            finally:
                info = engine.info() if engine else {"engine": "local"}
                cpu_self, cpu_children = mem.cpu()
                if engine:
                    engine.close()
            total = time.perf_counter() - t0
        n = summary.ingested
        size = sum(os.path.getsize(p) for p in Path(db).parent.glob(Path(db).name + "*"))
    print(json.dumps({
        "input_lines": args.limit, "articles": n, **info, "steps": ["read", *steps],
        "seconds": {k: round(v, 1) for k, v in took.items()}, "total_s": round(total, 1),
        "ms_per_article": round(1000 * total / max(n, 1), 1),
        "articles_per_s": round(n / total, 2) if total else None,
        "cpu_s_coordinator": round(cpu_self, 1), "cpu_s_workers": round(cpu_children, 1),
        "coordinator_cpu_ms_per_article": round(1000 * cpu_self / max(n, 1), 1),
        "worker_cpu_ms_per_article": round(1000 * cpu_children / max(n, 1), 1),
        "peak_rss_coordinator_mb": mem.peak_self // 2**20,
        "peak_rss_all_processes_mb": mem.peak_total // 2**20,
        "db_mb": round(size / 2**20, 1),
        "load_avg_1m_at_end": round(os.getloadavg()[0], 2),
    }))


if __name__ == "__main__":
    main()
