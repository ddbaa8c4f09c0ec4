"""Events + quotes + time throughput on SaudiNewsNet, and events per 1,000 articles by type.

Ingests a prefix of SaudiNewsNet (31,030 Arabic articles), runs the actors
stage (its cost is reported separately: the events stage reads its
mentions to give events their source and target), then times
:func:`khabar.events.update_events` alone — event detection, roles, quotes
with speakers, time expressions and fusion — and prints articles/s, events
and quotes per 1,000 articles by type, and peak RSS.

    .venv/bin/python bench/events_throughput.py --limit 500
    .venv/bin/python bench/events_throughput.py --limit 2000 --no-actors   # events without actor roles
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from _common import machine, saudi_prefix  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=500)
    ap.add_argument("--no-actors", action="store_true",
                    help="Skip the actors stage (events then have no resolved source/target).")
    args = ap.parse_args()

    from khabar import load_settings, open_store
    from khabar.events import update_events
    from khabar.ingest import ingest

    print(json.dumps(machine()))
    with tempfile.TemporaryDirectory() as tmp:
        src = saudi_prefix(Path(tmp) / "in.jsonl", args.limit)
        settings = load_settings(env={})
        with open_store(str(Path(tmp) / "b.db")) as store:
            s = ingest([str(src)], store, settings)
            actors_s = None
            if not args.no_actors:
                from khabar.actors import update_actors

                t = time.perf_counter()
                update_actors(store, settings)
                actors_s = round(time.perf_counter() - t, 1)
            # Warm the lazily loaded parts (lexicons, models) before the clock starts.
            from khabar import event_detect, quotes, timex  # noqa: F401

            event_detect.detect("warm up", "ar")
            quotes.find_quotes("قال الوزير إن الوضع مستقر.", "ar")
            t0 = time.perf_counter()
            summary = update_events(store, settings)
            elapsed = time.perf_counter() - t0
            n = s.ingested
            per_k = {k: round(1000 * v / n, 1) for k, v in summary.by_type.items()}
            print(json.dumps({
                "articles": n, "actors_stage_s": actors_s, "events_stage_s": round(elapsed, 1),
                "articles_per_s": round(n / elapsed, 1), "event_mentions": summary.event_mentions,
                "events": summary.events, "quotes": summary.quotes,
                "quotes_attributed": summary.quotes_attributed,
                "events_per_1000_articles": per_k,
                "quotes_per_1000_articles": round(1000 * summary.quotes / n, 1),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)},
                ensure_ascii=False))


if __name__ == "__main__":
    main()
