"""Actors stage speed with a result dump: proves a speed-up changes nothing.

Ingests the first ``--limit`` SaudiNewsNet articles into a temporary SQLite
store, times :func:`khabar.actors.update_actors` alone (the knowledge base
and the NER models are loaded before the clock starts) and prints
articles/s, by the wall clock and by the process's CPU time (steadier on a
busy machine).  With ``--dump PATH`` it also writes every row of the
``mentions``, ``actor_names`` and ``actors`` tables, sorted, to a JSON file:
two runs of different code on the same input must give byte-identical dumps
(``cmp before.json after.json``).  Wall-clock columns (``created_at``) are
left out; row ids, which follow insertion order, are kept: that order is
part of what must not change.

    .venv/bin/python bench/names_speed.py --limit 300 --dump /tmp/after.json

``--warm W`` first runs the step, untimed, on the W lines before the timed
ones: the rate once the corpus's spellings are known (steady state).

``--profile N`` also prints the N functions with the most cumulative time
in the timed run (cProfile slows the run down about twofold).  ``--workers 2``
spreads recognition and ranking over two forked processes (CPU time then
includes theirs).  ``--ner e5`` measures the "e5" NER mode.
"""

from __future__ import annotations

import argparse
import dataclasses
import cProfile
import json
import pstats
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))
if str(ROOT) not in sys.path:
    # After any PYTHONPATH entry, so that another copy of the package can be measured.
    sys.path.append(str(ROOT))

from _common import machine, saudi_prefix  # noqa: E402

TABLES = ("mentions", "actor_names", "actors")
# Columns that differ between two runs of the same code (wall-clock times).
VOLATILE = frozenset({"created_at"})


def _dump(db_path: Path, out: Path) -> dict[str, int]:
    """All rows of :data:`TABLES`, sorted, as JSON; returns row counts."""
    import sqlite3

    con = sqlite3.connect(str(db_path))
    try:
        data = {}
        for table in TABLES:
            cols = [r[1] for r in con.execute(f"PRAGMA table_info({table})")
                    if r[1] not in VOLATILE]
            rows = [list(r) for r in con.execute(f"SELECT {', '.join(cols)} FROM {table}")]
            rows.sort(key=lambda r: json.dumps(r, ensure_ascii=False))
            data[table] = {"columns": cols, "rows": rows}
    finally:
        con.close()
    out.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                   encoding="utf-8")
    return {t: len(v["rows"]) for t, v in data.items()}


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=300, help="SaudiNewsNet articles (default 300)")
    ap.add_argument("--dump", type=Path, help="write the sorted table rows here (JSON)")
    ap.add_argument("--warm", type=int, default=0, metavar="W",
                    help="first run the actors step, untimed, on the W lines before the timed ones")
    ap.add_argument("--workers", type=int, default=1,
                    help="processes for recognition and ranking (setting `workers`; 0: one per core)")
    ap.add_argument("--ner", choices=["crf", "e5"], default="crf",
                    help="NER mode (setting `ner`; e5: the fine-tuned encoder mixed in)")
    ap.add_argument("--profile", type=int, default=0, metavar="N",
                    help="profile the timed run and print the N top functions")
    args = ap.parse_args()

    import khabar
    from khabar import load_settings, open_store
    from khabar.actors import update_actors
    from khabar.ingest import ingest
    from khabar.kb import knowledge_base
    from khabar.ner import recognize

    print(json.dumps({**machine(), "package": str(Path(khabar.__file__).parent)}))
    with tempfile.TemporaryDirectory() as tmp:
        src = saudi_prefix(Path(tmp) / "in.jsonl", args.warm + args.limit)
        db = Path(tmp) / "b.db"
        settings = dataclasses.replace(load_settings(env={}), workers=args.workers, ner=args.ner)
        with open_store(str(db)) as store:
            kb = knowledge_base()
            if args.warm:
                lines = src.read_text(encoding="utf-8").splitlines(keepends=True)
                first, rest = Path(tmp) / "warm.jsonl", Path(tmp) / "rest.jsonl"
                first.write_text("".join(lines[:args.warm]), encoding="utf-8")
                rest.write_text("".join(lines[args.warm:]), encoding="utf-8")
                ingest([str(first)], store, settings)
                update_actors(store, settings, kb=kb)
                src = rest
            ingest([str(src)], store, settings)
            recognize("تمهيد", "ar")
            if args.ner == "e5":
                from khabar import ner_e5

                ner_e5.tagger("ar")
            prof = cProfile.Profile() if args.profile else None
            t0, c0, k0 = time.perf_counter(), time.process_time(), _children_cpu()
            if prof:
                prof.enable()
            s = update_actors(store, settings, kb=kb)
            if prof:
                prof.disable()
            took, cpu = time.perf_counter() - t0, time.process_time() - c0
            cpu += _children_cpu() - k0     # forked workers, once they have exited
        counts = _dump(db, args.dump) if args.dump else {}
    print(json.dumps({"articles": s.articles, "seconds": round(took, 2),
                      "articles_per_s": round(s.articles / took, 2), "cpu_seconds": round(cpu, 2),
                      "articles_per_cpu_s": round(s.articles / cpu, 2), "rows": counts,
                      "by_method": s.by_method}, ensure_ascii=False))
    if prof:
        pstats.Stats(prof).sort_stats("cumulative").print_stats(args.profile)


if __name__ == "__main__":
    main()
