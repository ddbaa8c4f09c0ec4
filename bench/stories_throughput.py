"""End-to-end throughput: ingest + copies + embeddings + story clustering.

Prints, for each size, articles/s over the whole pipeline, milliseconds per
article (it must stay flat as the corpus grows: no quadratic step) and peak
RSS.  Sizes are prefixes of SaudiNewsNet (31,030 Arabic articles).

    .venv/bin/python bench/stories_throughput.py --sizes 1000 10000
    .venv/bin/python bench/stories_throughput.py --sizes 31030

``--grow N --chunk K`` instead feeds the first N articles into ONE store in
chunks of K (ingest, then stories) and prints the cost of each chunk: a
flat ms/article from the first chunk to the last shows that nothing grows
with the size of the store.  ``--keep PATH`` keeps that store (e.g. for the
HTTP load benchmark).

    .venv/bin/python bench/stories_throughput.py --grow 31030 --chunk 5000 --keep build/saudi.db
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


def run(n: int, tmp: Path) -> dict:
    from khabar import load_settings, open_store
    from khabar.ingest import ingest
    from khabar.stories import update_stories

    src = tmp / f"first{n}.jsonl"
    with gzip.open(SAUDI, "rt", encoding="utf-8") as f, open(src, "w", encoding="utf-8") as out:
        for i, line in enumerate(f):
            if i >= n:
                break
            out.write(line)
    settings = load_settings(env={})
    db = tmp / f"bench{n}.db"
    with open_store(str(db)) as store:
        t0 = time.perf_counter()
        s = ingest([str(src)], store, settings)
        t1 = time.perf_counter()
        st = update_stories(store, settings)
        t2 = time.perf_counter()
        n_stories = len(store.list_stories())
    total = t2 - t0
    return {"articles": n, "stored": s.ingested, "stories": n_stories, "copies": st.copies,
            "embedded": st.embedded, "ingest_s": round(t1 - t0, 1), "stories_s": round(t2 - t1, 1),
            "end_to_end_articles_per_s": round(s.ingested / total, 2),
            "ms_per_article": round(1000 * total / max(s.ingested, 1), 1),
            "stories_ms_per_article": round(1000 * (t2 - t1) / max(s.ingested, 1), 1),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def grow(total: int, chunk: int, keep: str | None) -> None:
    from khabar import load_settings, open_store
    from khabar.ingest import ingest
    from khabar.stories import update_stories

    settings = load_settings(env={})
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(keep) if keep else Path(tmp) / "grow.db"
        db.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        with gzip.open(SAUDI, "rt", encoding="utf-8") as f, open_store(str(db)) as store:
            done = 0
            while done < total:
                src = Path(tmp) / f"chunk{done}.jsonl"
                with open(src, "w", encoding="utf-8") as out:
                    n = 0
                    for line in f:
                        out.write(line)
                        n += 1
                        if n >= min(chunk, total - done):
                            break
                if n == 0:
                    break
                t0 = time.perf_counter()
                s = ingest([str(src)], store, settings)
                t1 = time.perf_counter()
                st = update_stories(store, settings)
                t2 = time.perf_counter()
                done += n
                print(json.dumps({
                    "articles_so_far": done, "stored_in_chunk": s.ingested, "copies": st.copies,
                    "ingest_ms_per_article": round(1000 * (t1 - t0) / max(s.ingested, 1), 1),
                    "stories_ms_per_article": round(1000 * (t2 - t1) / max(s.ingested, 1), 1),
                    "end_to_end_articles_per_s": round(s.ingested / (t2 - t0), 2),
                    "stories_total": len(store.list_stories()),
                    # Other jobs on the machine inflate a chunk's cost: say how busy it was.
                    "load_avg_1min": round(__import__("os").getloadavg()[0], 2),
                    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}),
                    flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000])
    ap.add_argument("--grow", type=int, help="Feed this many articles into one store, in chunks.")
    ap.add_argument("--chunk", type=int, default=5000)
    ap.add_argument("--keep", help="With --grow: keep the store at this path.")
    args = ap.parse_args()
    print(json.dumps({"machine": f"{platform.machine()}, {__import__('os').cpu_count()} cores, "
                                 f"Python {platform.python_version()}"}))
    if args.grow:
        grow(args.grow, args.chunk, args.keep)
        return
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            print(json.dumps(run(n, Path(tmp)), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main()
