"""Export stored articles as JSON lines, CSV or Parquet."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterator, TextIO

from .errors import ConfigError, require
from .store import ArticleFilter, Store

FORMATS = ("jsonl", "csv", "parquet")
_COLUMNS = ("id", "path", "outlet", "url", "title", "language", "published", "published_source",
            "place", "agency", "author", "text")


def article_records(store: Store, flt: ArticleFilter | None = None,
                    with_sentences: bool = False) -> Iterator[dict[str, Any]]:
    """One flat dict per article (clean text; sentences as spans when asked)."""
    for a in store.iter_articles(flt):
        rec = {"id": a.id, "path": a.source, "outlet": a.outlet, "url": a.url, "title": a.title,
               "language": a.language, "published": a.published,
               "published_source": a.published_source,
               "place": a.dateline.place if a.dateline else None,
               "agency": a.dateline.agency if a.dateline else None,
               "author": a.author, "text": a.clean_text}
        if with_sentences:
            rec["sentences"] = [{"index": i, "start": s.start, "end": s.end, "language": s.language,
                                 "text": a.text[s.start:s.end]} for i, s in enumerate(a.sentences)]
        yield rec


def export(store: Store, fmt: str, out: TextIO | str, flt: ArticleFilter | None = None) -> int:
    """Write all matching articles to ``out`` in ``fmt``; returns the row count.

    ``out`` is a text stream for jsonl/csv and a file path for parquet.
    """
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; valid: {', '.join(FORMATS)}")
    if fmt == "parquet":
        return _parquet(store, out, flt)
    n = 0
    if fmt == "jsonl":
        for rec in article_records(store, flt, with_sentences=True):
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
        return n
    writer = csv.DictWriter(out, fieldnames=list(_COLUMNS))
    writer.writeheader()
    for rec in article_records(store, flt):
        writer.writerow(rec)
        n += 1
    return n


def _parquet(store: Store, path: Any, flt) -> int:
    pa = require("pyarrow", "parquet")
    import pyarrow.parquet as pq

    if isinstance(path, io.TextIOBase) or not isinstance(path, str):
        raise ConfigError("parquet export needs an output file: --output FILE.parquet")
    rows = list(article_records(store, flt))
    table = pa.table({c: [r[c] for r in rows] for c in _COLUMNS})
    pq.write_table(table, path)
    return len(rows)
