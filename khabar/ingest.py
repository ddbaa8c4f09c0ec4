"""Ingest: readers → pipeline → store, in batches, idempotent and crash-safe.

* An article's id is a content hash fixed before any stage runs, so a known
  article is recognised (and counted as a duplicate, with a sighting
  recording where this copy came from) before any work is spent on it.
* Articles are written in batches of ``settings.batch_size``, each in one
  transaction.  ``kill -9`` loses at most the batch in flight; re-running the
  same command skips what was committed and finishes the rest.
* A bad input is a :class:`Rejection` with a reason, never a crash.  An
  unexpected error in a stage is a *failure*: recorded (reason ``error``),
  counted, and it makes the command exit non-zero, but the batch goes on.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable

from . import readers
from .article import Article, RawDocument, Rejection, article_id
from .clean import OutletLines
from .config import Settings
from .errors import KhabarError, PipelineError
from .pipeline import build_pipeline
from .store import Sighting, Store

log = logging.getLogger(__name__)

__all__ = ["ingest", "ingest_items", "IngestSummary"]


@dataclass
class IngestSummary:
    """What an ingest run did."""

    run_id: int | None = None
    ingested: int = 0
    duplicates: int = 0
    rejected: Counter = field(default_factory=Counter)
    failed: int = 0
    failures: list[dict] = field(default_factory=list)
    examples: dict[str, list[str]] = field(default_factory=dict)
    elapsed: float = 0.0

    @property
    def seen(self) -> int:
        return self.ingested + self.duplicates + sum(self.rejected.values()) + self.failed

    @property
    def ok(self) -> bool:
        """True when every item was ingested, a duplicate, or rejected with a reason."""
        return self.failed == 0

    def as_dict(self) -> dict:
        return {"run_id": self.run_id, "ingested": self.ingested, "duplicates": self.duplicates,
                "rejected": dict(self.rejected), "failed": self.failed,
                "failures": self.failures[:20], "examples": self.examples,
                "elapsed_s": round(self.elapsed, 3),
                "articles_per_s": round(self.ingested / self.elapsed, 1) if self.elapsed else None}


class _Batch:
    def __init__(self):
        self.articles: list[Article] = []
        self.sightings: list[Sighting] = []
        self.rejections: list[Rejection] = []
        self.ids: set[str] = set()

    def __len__(self):
        return len(self.articles) + len(self.sightings) + len(self.rejections)


def ingest(inputs: Iterable[str], store: Store, settings: Settings,
           progress: "readers.Progress | None" = None,
           on_item: Callable[[IngestSummary], None] | None = None,
           engine=None) -> IngestSummary:
    """Read ``inputs`` (paths, directories, URLs), run the pipeline and store.

    Args:
        inputs: files, directories or URLs.
        store: an open :class:`Store`.
        settings: resolved settings.
        progress: optional byte progress, updated by the readers.
        on_item: called after each item with the running summary (progress bars).
        engine: a :class:`khabar.distributed.DaskEngine` to run the pipeline
            on its workers (same result); None runs it here.

    Returns:
        An :class:`IngestSummary`; ``summary.ok`` is False when items failed.
    """
    inputs = list(inputs)
    items = readers.iter_documents(inputs, settings, progress=progress)
    if engine is not None:
        return engine.ingest_items(items, store, settings, inputs=inputs, on_item=on_item)
    return ingest_items(items, store, settings, inputs=inputs, on_item=on_item)


def ingest_items(items: Iterable[RawDocument | Rejection], store: Store, settings: Settings, *,
                 inputs: list[str], on_item: Callable[[IngestSummary], None] | None = None,
                 make_pipeline: Callable[[Settings, OutletLines], Callable[[Article], Article]] = build_pipeline
                 ) -> IngestSummary:
    """Run the pipeline over documents already read (e.g. the new entries of a
    watched feed) and store them, exactly as :func:`ingest` does.

    ``inputs`` is what the run record names as its inputs; ``make_pipeline``
    builds the stage that turns a new article into a processed one (the Dask
    engine's answers from its workers).
    """
    started = time.perf_counter()
    summary = IngestSummary(run_id=store.start_run(list(inputs)))
    outlet_lines = OutletLines(store, settings.boilerplate_min_articles)
    pipeline = make_pipeline(settings, outlet_lines)
    batch = _Batch()

    def flush():
        nonlocal batch
        if len(batch):
            store.write_batch(batch.articles, batch.sightings, batch.rejections,
                              summary.run_id, outlet_lines.take())
        batch = _Batch()

    try:
        for item in items:
            _handle(item, store, settings, pipeline, batch, summary)
            if len(batch.articles) >= settings.batch_size or len(batch) >= 4 * settings.batch_size:
                flush()
            if on_item:
                on_item(summary)
    finally:
        # On an interrupt, keep what was already processed.
        flush()
        summary.elapsed = time.perf_counter() - started
        store.finish_run(summary.run_id, summary.as_dict())
    return summary


def _handle(item, store, settings, pipeline, batch, summary) -> None:
    if isinstance(item, Rejection):
        _reject(item, batch, summary)
        return
    raw: RawDocument = item
    if len(raw.text.strip()) < settings.min_chars:
        _reject(Rejection(raw.source, "empty", "no article text"), batch, summary)
        return
    aid = article_id(raw.title, raw.text)
    if aid in batch.ids or store.known_ids([aid]):
        summary.duplicates += 1
        batch.sightings.append(Sighting(aid, raw.source, raw.outlet, raw.url, raw.published))
        return
    try:
        art = pipeline(Article.from_raw(raw, aid))
    except (PipelineError, KhabarError) as exc:
        summary.failed += 1
        summary.failures.append({"source": raw.source, "error": str(exc)})
        batch.rejections.append(Rejection(raw.source, "error", str(exc)))
        log.error("%s: %s", raw.source, exc)
        return
    if not art.body_spans:
        _reject(Rejection(raw.source, "no-text", "nothing left after removing site chrome"),
                batch, summary)
        return
    batch.ids.add(aid)
    batch.articles.append(art)
    batch.sightings.append(Sighting(aid, raw.source, art.outlet, art.url, art.published))
    summary.ingested += 1


def _reject(rej: Rejection, batch: _Batch, summary: IngestSummary) -> None:
    summary.rejected[rej.reason] += 1
    ex = summary.examples.setdefault(rej.reason, [])
    if len(ex) < 5:
        ex.append(f"{rej.source}: {rej.detail}" if rej.detail else rej.source)
    batch.rejections.append(rej)
