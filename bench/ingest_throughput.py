"""Ingest throughput on SaudiNewsNet (31,030 Arabic articles).

Prints articles/s for the foundation stage (read, clean, language ID,
normalize, sentences, store), peak RSS and the duplicates found.

    .venv/bin/python bench/ingest_throughput.py --limit 5000
    .venv/bin/python bench/ingest_throughput.py            # all 31,030
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SAUDI = ROOT.parent / "shared" / "news" / "saudinewsnet.jsonl.gz"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, help="only the first N lines")
    ap.add_argument("--input", default=str(SAUDI))
    ap.add_argument("--batch-size", type=int, default=None)
    args = ap.parse_args()

    from khabar import load_settings, open_store
    from khabar.ingest import ingest
    from khabar.langid import get_identifier

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(args.input)
        if args.limit:
            src = Path(tmp) / f"first{args.limit}.jsonl"
            with gzip.open(args.input, "rt", encoding="utf-8") as f, open(src, "w", encoding="utf-8") as out:
                for i, line in enumerate(f):
                    if i >= args.limit:
                        break
                    out.write(line)
        settings = load_settings(env={}, batch_size=args.batch_size)
        t0 = time.perf_counter()
        get_identifier(tuple(settings.languages))  # model load, reported separately
        t_load = time.perf_counter() - t0
        with open_store(str(Path(tmp) / "bench.db")) as store:
            t1 = time.perf_counter()
            s = ingest([str(src)], store, settings)
            dt = time.perf_counter() - t1
            db_size = (Path(tmp) / "bench.db").stat().st_size
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result = {
        "input": Path(args.input).name + (f" (first {args.limit} lines)" if args.limit else ""),
        "items": s.seen, "stored": s.ingested, "exact_duplicates": s.duplicates,
        "rejected": dict(s.rejected), "failed": s.failed,
        "seconds": round(dt, 2), "articles_per_s": round(s.ingested / dt, 1),
        "items_per_s": round(s.seen / dt, 1), "model_load_s": round(t_load, 2),
        "peak_rss_mb": round(rss_mb), "db_mb": round(db_size / 1e6, 1),
        "machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores, Python {platform.python_version()}",
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
