"""Actors stage throughput: NER + resolution on SaudiNewsNet.

Ingests a prefix of SaudiNewsNet (31,030 Arabic articles) without entities or
stories, then times :func:`khabar.actors.update_actors` alone and prints
articles/s, mentions, the number of actors, the share of mentions linked to
an actor and to the knowledge base, and peak RSS.  The knowledge base and
the models are loaded before the clock starts (reported separately).

    .venv/bin/python bench/actors_throughput.py --limit 2000
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
    ap.add_argument("--limit", type=int, default=2000)
    args = ap.parse_args()

    from khabar import load_settings, open_store
    from khabar.actors import update_actors
    from khabar.ingest import ingest
    from khabar.kb import knowledge_base
    from khabar.ner import recognize

    print(json.dumps(machine()))
    with tempfile.TemporaryDirectory() as tmp:
        src = saudi_prefix(Path(tmp) / "in.jsonl", args.limit)
        settings = load_settings(env={})
        with open_store(str(Path(tmp) / "b.db")) as store:
            ingest([str(src)], store, settings)
            t0 = time.perf_counter()
            kb = knowledge_base()
            recognize("تمهيد", "ar")
            load = time.perf_counter() - t0
            t1 = time.perf_counter()
            s = update_actors(store, settings, kb=kb)
            took = time.perf_counter() - t1
            st = store.entity_stats()
    print(json.dumps({
        "articles": s.articles, "load_s": round(load, 1), "seconds": round(took, 1),
        "articles_per_s": round(s.articles / took, 1), "mentions": st["mentions"],
        "actors": st["actors"], "new_actors": st["auto_actors"],
        "linked_share": round(st["linked"] / max(st["mentions"], 1), 3),
        "kb_linked_share": round(st["linked_to_kb"] / max(st["mentions"], 1), 3),
        "by_method": s.by_method,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)},
        ensure_ascii=False))


if __name__ == "__main__":
    main()
