"""Actors stage throughput: NER + resolution on SaudiNewsNet.

Ingests a prefix of SaudiNewsNet (31,030 Arabic articles) without entities or
stories, then times one :func:`khabar.actors.update_actors` call over all of
it and prints articles/s, mentions, the number of actors, the share of
mentions linked to an actor and to the knowledge base, and peak RSS.  The
knowledge base and the models are loaded before the clock starts (reported
separately).  ``articles_per_s`` counts the whole call: the first articles
of a corpus are slow (most spellings are new and each new one is ranked
against the knowledge base), and the promotion of unresolved names at the
end is included.  ``after_first`` is the rate over the batches after the
first ``--after`` articles of the same call (from the step's batch
callback): where a long backfill settles.

    .venv/bin/python bench/actors_throughput.py --limit 2000
    OPENBLAS_NUM_THREADS=1 .venv/bin/python bench/actors_throughput.py --limit 31030 --workers 2
"""

from __future__ import annotations

import argparse
import dataclasses
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
    ap.add_argument("--limit", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=1,
                    help="processes for recognition and ranking (setting `workers`; 0: one per core)")
    ap.add_argument("--after", type=int, default=2000, metavar="N",
                    help="also report the rate after the first N articles (default 2000)")
    args = ap.parse_args()

    from khabar import load_settings, open_store
    from khabar.actors import update_actors
    from khabar.ingest import ingest
    from khabar.kb import knowledge_base
    from khabar.ner import recognize

    print(json.dumps(machine()))
    with tempfile.TemporaryDirectory() as tmp:
        src = saudi_prefix(Path(tmp) / "in.jsonl", args.limit)
        settings = dataclasses.replace(load_settings(env={}), workers=args.workers)
        with open_store(str(Path(tmp) / "b.db")) as store:
            ingest([str(src)], store, settings)
            t0 = time.perf_counter()
            kb = knowledge_base()
            recognize("تمهيد", "ar")
            load = time.perf_counter() - t0
            marks: list[tuple[int, float]] = []
            t1 = time.perf_counter()
            s = update_actors(store, settings, kb=kb,
                              on_batch=lambda sm: marks.append((sm.articles, time.perf_counter())))
            took = time.perf_counter() - t1
            st = store.entity_stats()
    late = [(a, t) for a, t in marks if a >= args.after]
    after = None
    if len(late) > 1:
        (a0, t0), (a1, t_end) = late[0], late[-1]
        after = {"articles": a1 - a0, "articles_per_s": round((a1 - a0) / (t_end - t0), 1)}
    print(json.dumps({
        "articles": s.articles, "workers": args.workers, "load_s": round(load, 1),
        "seconds": round(took, 1), "articles_per_s": round(s.articles / took, 1),
        # after the last batch: promoting unresolved names to new actors
        "after_last_batch_s": round(t1 + took - marks[-1][1], 1) if marks else None,
        "after_first": after, "mentions": st["mentions"],
        "actors": st["actors"], "new_actors": st["auto_actors"],
        "linked_share": round(st["linked"] / max(st["mentions"], 1), 3),
        "kb_linked_share": round(st["linked_to_kb"] / max(st["mentions"], 1), 3),
        "by_method": s.by_method,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)},
        ensure_ascii=False))


if __name__ == "__main__":
    main()
