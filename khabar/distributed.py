"""The Dask engine: the per-article work of ``khabar ingest`` on a
``dask.distributed`` cluster, for backfills (extra ``[dask]``).

What runs where::

    workers (per article, pure)              coordinator (this process, arrival order)
    ───────────────────────────              ──────────────────────────────────────────
    pipeline: clean … normalize, against     reading inputs, article ids, duplicates;
      a snapshot of each outlet's            checking each answer against the live
      boilerplate lines                      boilerplate counts, redoing the misses
    NER + knowledge-base spans; fuzzy        resolution (learns spellings as it goes),
      ranking of spellings not in the KB     new actors
    embeddings                               copies (MinHash), story assignment
    events and quotes (PostgreSQL: written   fusion per story
      by the workers, COPY)

Every write to a SQLite store is the coordinator's.  The result equals the
local engine's on the same input: the coordinator runs the same code in the
same order and only takes from the workers the results of pure functions
(the embedder gives the same bits for a text whatever it is batched with);
``tests/test_distributed.py`` compares every table.

Work is sent in chunks of ``chunk`` articles, at most ``ahead`` chunks in
flight, so memory stays bounded on both sides.  A worker that dies takes its
running chunks with it; the scheduler runs them again elsewhere (a chunk is
re-run up to ``distributed.scheduler.allowed-failures`` times, then the run
stops with :class:`~khabar.errors.EngineError` and what was committed stays).
"""

from __future__ import annotations

import hashlib
import logging
from collections import OrderedDict, deque
from itertools import islice
from typing import Any, Callable, Iterable, Iterator

from .article import Article, RawDocument, Rejection, article_id
from .clean import OutletLines, SnapshotLines
from .config import Settings
from .errors import EngineError, KhabarError, MissingExtra, PipelineError

log = logging.getLogger(__name__)

__all__ = ["DaskEngine", "ForkPool"]

# Articles per task.
CHUNK = 16


def _require():
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        raise MissingExtra("dask.distributed", "dask") from exc


class DaskEngine:
    """A Dask client: a local cluster of ``workers`` processes on 127.0.0.1, or
    the cluster whose scheduler listens at ``scheduler`` (``tcp://host:port``).

    Use as a context manager; :meth:`close` stops a local cluster."""

    def __init__(self, workers: int = 2, scheduler: str | None = None, *, chunk: int = CHUNK,
                 ahead: int | None = None):
        _require()
        from distributed import Client, LocalCluster

        self.cluster = None
        # Dask logs its own life (workers joining, closing) at INFO; khabar's
        # -vv shows it, otherwise only its warnings and errors.
        if logging.getLogger().getEffectiveLevel() > logging.DEBUG:
            logging.getLogger("distributed").setLevel(logging.WARNING)
        try:
            if scheduler:
                self.client = Client(scheduler, timeout="15s")
            else:
                self.cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1,
                                            processes=True, host="127.0.0.1",
                                            dashboard_address=":0", silence_logs=logging.WARNING,
                                            scheduler_kwargs={"dashboard": False})
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as exc:
            if self.cluster is not None:
                self.cluster.close()
            where = scheduler or "a local cluster"
            raise EngineError(f"cannot start or reach the Dask scheduler at {where}: {exc}") from exc
        self.workers = len(self.client.scheduler_info().get("workers", {})) or max(1, workers)
        self.chunk = max(1, chunk)
        self.ahead = ahead or 3 * self.workers
        self.stats = {"chunks": 0, "pipeline_reused": 0, "pipeline_redone": 0}
        self._fetched: OrderedDict = OrderedDict()

    # -- plumbing --------------------------------------------------------------
    def __enter__(self) -> "DaskEngine":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()

    def submit(self, fn: Callable, *args):
        self.stats["chunks"] += 1
        return self.client.submit(fn, *args, pure=False)

    def result(self, future):
        """A task's result (fetched once: a chunk's items are read one by one);
        a task that killed every worker it ran on becomes an
        :class:`EngineError` (its own exceptions pass through)."""
        from distributed import KilledWorker

        got = self._fetched.get(future.key)
        if got is not None:
            return got
        try:
            got = future.result()
        except KilledWorker as exc:
            raise EngineError(f"a Dask task failed on every worker it was tried on: {exc}") from exc
        self._fetched[future.key] = got
        while len(self._fetched) > 2 * self.ahead + 2:
            self._fetched.popitem(last=False)
        return got

    def map(self, fn: Callable, items: Iterable, *args) -> Iterator:
        """``fn(chunk, *args)`` (a list per chunk) over chunks of ``items``; the
        results, one per item, in order, with at most ``ahead`` chunks in flight."""
        flight: deque = deque()
        it = iter(items)
        while True:
            chunk = list(islice(it, self.chunk))
            if chunk:
                flight.append(self.submit(fn, chunk, *args))
            while flight and (len(flight) >= self.ahead or not chunk):
                yield from self.result(flight.popleft())
            if not chunk:
                return

    def info(self) -> dict[str, Any]:
        return {"engine": "dask", "workers": self.workers, **self.stats}

    # -- the stages ------------------------------------------------------------
    def ingest_items(self, items: Iterable[RawDocument | Rejection], store, settings: Settings, *,
                     inputs: list[str], on_item=None):
        """:func:`khabar.ingest.ingest_items` with the pipeline run on the workers."""
        from .ingest import ingest_items

        spec = _SpeculativePipeline(self, settings, store)
        return ingest_items(spec.read_ahead(items), store, settings, inputs=inputs, on_item=on_item,
                            make_pipeline=spec.make)

    def step_options(self, step: str, store, settings: Settings) -> dict[str, Any]:
        """Keyword arguments for ``update_<step>`` that send its per-article work here."""
        if step == "actors":
            from functools import partial

            ahead = _ReadAhead(self, partial(_mentions_chunk, ner_mode=settings.ner),
                               lambda n: store.articles_without_entities(_actors_version(), n))
            return {"extract": ahead.results}
        if step == "stories":
            return {"embedder": _AheadEmbedder(self, store, settings)}
        if step == "events":
            return {"extract": _FactsExtractor(self, store)}
        return {}


class ForkPool:
    """The part of :class:`DaskEngine` that :class:`_ReadAhead` uses
    (``submit``, ``result``, ``chunk``, ``ahead``) over processes forked from
    this one: the local engine's way to spread a step's per-article work over
    this machine's cores (``workers`` setting), without Dask.

    The workers inherit what this process loaded before the fork.  A worker
    that dies stops the step with :class:`~khabar.errors.EngineError`; what was
    written before stays, and the next run resumes.  Fork only from a process
    without threads (a batch run, not the server)."""

    def __init__(self, workers: int, *, chunk: int = CHUNK, ahead: int | None = None):
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        self.workers = max(1, workers)
        self.chunk = max(1, chunk)
        self.ahead = ahead or 3 * self.workers
        self._pool = ProcessPoolExecutor(self.workers, mp_context=mp.get_context("fork"))

    def __enter__(self) -> "ForkPool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def submit(self, fn: Callable, *args):
        try:
            return self._pool.submit(fn, *args)
        except RuntimeError as exc:             # a broken pool refuses new work
            raise EngineError(f"the worker processes stopped: {exc}") from exc

    def result(self, future):
        from concurrent.futures.process import BrokenProcessPool

        try:
            return future.result()
        except BrokenProcessPool as exc:
            raise EngineError(f"a worker process died: {exc}") from exc

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


# --- ingest -------------------------------------------------------------------
class _SpeculativePipeline:
    """Runs the pipeline on the workers ahead of the ingest loop.

    The clean stage removes lines an outlet repeats in enough earlier articles;
    those counts grow in arrival order, which the workers cannot see.  They
    answer from a snapshot taken when the block was sent, and log what they
    asked; when the ingest loop reaches the article, :meth:`SnapshotLines.agrees`
    checks the answers against the live counts, and an article whose answers
    would differ (a line crossed the threshold meanwhile) is redone here."""

    BLOCK = 64        # raw documents read ahead per block

    def __init__(self, engine: DaskEngine, settings: Settings, store):
        self.engine = engine
        self.settings = settings
        self.store = store
        self.live: OutletLines | None = None
        self.local = None
        self.waiting: dict[tuple[str, str], deque] = {}

    def make(self, settings: Settings, outlet_lines: OutletLines):
        from .pipeline import build_pipeline

        self.live = outlet_lines
        self.local = build_pipeline(settings, outlet_lines)
        return self.run

    def read_ahead(self, items: Iterable) -> Iterator:
        it = iter(items)
        blocks: deque[list] = deque()
        done = False
        while True:
            while not done and len(blocks) < self.engine.ahead:
                block = list(islice(it, self.BLOCK))
                if not block:
                    done = True
                    break
                blocks.append((block, self._send(block)))
            if not blocks:
                return
            block, keys = blocks.popleft()
            yield from block
            # The loop has handled the whole block: drop what it did not ask
            # for (duplicates found meanwhile).
            for key in keys:
                queue = self.waiting.get(key)
                if queue and queue[0][3] is block:
                    queue.popleft()
                    if not queue:
                        del self.waiting[key]

    def _send(self, block: list) -> list[tuple[str, str]]:
        """Send the block's new documents to the workers; returns the keys
        they wait under."""
        jobs = []
        for item in block:
            if isinstance(item, Rejection) or len(item.text.strip()) < self.settings.min_chars:
                continue
            art = Article.from_raw(item, article_id(item.title, item.text))
            jobs.append((item, art.id, art.outlet))
        known = self.store.known_ids([aid for _, aid, _ in jobs])
        jobs = [j for j in jobs if j[1] not in known]
        if not jobs:
            return []
        chrome = {o: self.live.chrome(o) for o in {o for _, _, o in jobs} if o}
        for i in range(0, len(jobs), self.engine.chunk):
            part = jobs[i:i + self.engine.chunk]
            fut = self.engine.submit(_pipeline_chunk, [(raw, aid) for raw, aid, _ in part], chrome,
                                     self.settings)
            for k, (raw, aid, _) in enumerate(part):
                self.waiting.setdefault((aid, raw.source), deque()).append((fut, k, chrome, block))
        return [(aid, raw.source) for raw, aid, _ in jobs]

    def run(self, art: Article) -> Article:
        queue = self.waiting.get((art.id, art.source))
        if queue:
            fut, k, chrome, _ = queue.popleft()
            if not queue:
                del self.waiting[(art.id, art.source)]
            result, asked = self.engine.result(fut)[k]
            if SnapshotLines.agrees(asked, chrome, self.live):
                self.engine.stats["pipeline_reused"] += 1
                if isinstance(result, Exception):
                    raise result
                return result
        self.engine.stats["pipeline_redone"] += 1
        return self.local(art)


def _pipeline_chunk(jobs: list[tuple[RawDocument, str]], chrome: dict, settings: Settings) -> list:
    """Worker: the pipeline over raw documents; (article or error, lines asked) each."""
    from .pipeline import build_pipeline

    lines = SnapshotLines(settings.boilerplate_min_articles, chrome)
    pipeline = build_pipeline(settings, lines)
    out = []
    for raw, aid in jobs:
        lines.asked = []
        try:
            result = pipeline(Article.from_raw(raw, aid))
        except (PipelineError, KhabarError) as exc:
            result = exc
        out.append((result, lines.asked))
    return out


# --- read-ahead over a store's pending articles -------------------------------------
class _ReadAhead:
    """``fn`` over the articles a step will ask for next, computed on the
    workers while the coordinator works on the current batch.

    ``pending(n)`` lists the first ``n`` articles the step has not done, in
    the order it takes them (the store's own query); ``prep`` turns an
    article into what the workers get, ``key`` names that payload."""

    def __init__(self, engine: DaskEngine, fn: Callable, pending: Callable[[int], list[Article]],
                 *args, prep: Callable[[Article], Any] = lambda a: a,
                 key: Callable[[Any], Any] = lambda a: a.id):
        self.engine, self.fn, self.pending, self.args = engine, fn, pending, args
        self.prep, self.key = prep, key
        self.sent: dict[Any, tuple[Any, int]] = {}

    def send(self, batch_size: int) -> None:
        """Send what the next ``batch_size`` articles and ``ahead`` chunks need."""
        upcoming = [self.prep(a) for a in self.pending(batch_size + self.engine.ahead * self.engine.chunk)]
        new, seen = [], set()
        for p in upcoming:
            k = self.key(p)
            if k not in self.sent and k not in seen:
                new.append(p)
            seen.add(k)
        # Sent earlier and no longer pending: done without asking (a copy
        # needs no vector of its own); let the workers free those results.
        for k in [k for k in self.sent if k not in seen]:
            del self.sent[k]
        for i in range(0, len(new), self.engine.chunk):
            part = new[i:i + self.engine.chunk]
            fut = self.engine.submit(self.fn, part, *self.args)
            for j, p in enumerate(part):
                self.sent[self.key(p)] = (fut, j)

    def get(self, payload) -> Any:
        """The result for ``payload`` (computed now if it was not sent ahead)."""
        got = self.sent.pop(self.key(payload), None)
        if got is None:
            got = (self.engine.submit(self.fn, [payload], *self.args), 0)
        return self.engine.result(got[0])[got[1]]

    def results(self, batch: list[Article]) -> list:
        self.send(len(batch))
        return [self.get(self.prep(a)) for a in batch]


def _actors_version() -> int:
    from .actors import EXTRACTOR_VERSION

    return EXTRACTOR_VERSION


# Worker-side state, one per worker process.
_WORKER: dict[str, Any] = {}


def _worker_resolver():
    if "resolver" not in _WORKER:
        from .actors import Resolver
        from .kb import knowledge_base

        _WORKER["resolver"] = Resolver(knowledge_base())
        _WORKER["ranked"] = {}
    return _WORKER["resolver"], _WORKER["ranked"]


def prime_actor_workers(resolver) -> None:
    """Give processes about to be forked from this one their resolver
    (:class:`ForkPool`): the knowledge base it holds is then inherited, not
    loaded again."""
    _WORKER["resolver"] = resolver
    _WORKER["ranked"] = {}


def forget_actor_workers() -> None:
    """Drop what :func:`prime_actor_workers` gave (once the workers are gone)."""
    _WORKER.clear()


def _mentions_chunk(arts: list[Article], ner_mode: str | None = None) -> list:
    """Worker: each article's mentions, and the fuzzy candidates of those not
    in the knowledge base as spelled (``ner_mode``: the ``ner`` setting, for
    a Dask worker, which does not share this process's)."""
    from . import ner
    from .actors import extract_mentions

    if ner_mode:
        ner.set_mode(ner_mode)
    resolver, memo = _worker_resolver()
    out = []
    for art in arts:
        mentions = extract_mentions(art, resolver.kb)
        ranked = {}
        for m in mentions:
            k = (m.surface, m.lang, m.type)
            if k in ranked or not resolver.may_rank(m):
                continue
            if k not in memo:
                if len(memo) > 200_000:
                    memo.clear()
                memo[k] = resolver.rank(*k)
            ranked[k] = memo[k]
        out.append((mentions, ranked))
    return out


# --- stories --------------------------------------------------------------------
def _text_key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _worker_embedder(spec: str | None):
    from .embed import get_embedder

    emb = get_embedder(spec)
    if hasattr(emb, "workers"):
        emb.workers = 1          # one process per core already
    return emb


def _embed_chunk(texts: list[str], spec: str | None):
    return list(_worker_embedder(spec).passages(texts))


def _embedder_info(spec: str | None) -> tuple[str, int]:
    emb = _worker_embedder(spec)
    return emb.name, emb.dim


class _AheadEmbedder:
    """An :class:`~khabar.embed.Embedder` whose passage vectors were computed on
    the workers, ahead, for the articles the stories step will assign next
    (copies included: which articles are copies is decided in order, here)."""

    def __init__(self, engine: DaskEngine, store, settings: Settings):
        from .embed import article_head
        from .stories import BATCH

        self.spec = settings.embedder
        self.name, self.dim = engine.result(engine.submit(_embedder_info, self.spec))
        self.batch = BATCH
        self.ahead = _ReadAhead(engine, _embed_chunk, lambda n: store.unassigned_articles(n), self.spec,
                                prep=lambda a: article_head(a.title, a.clean_text), key=_text_key)

    def passages(self, texts):
        import numpy as np

        self.ahead.send(self.batch)
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for i, t in enumerate(texts):
            out[i] = self.ahead.get(t)
        return out

    def queries(self, texts):
        from .embed import get_embedder

        return get_embedder(self.spec).queries(texts)


# --- events ---------------------------------------------------------------------
def _worker_store(url: str):
    store = _WORKER.get(("store", url))
    if store is None:
        from .store import open_store

        store = _WORKER[("store", url)] = open_store(url)
    return store


def _facts_chunk(jobs: list, url: str | None):
    """Worker: events and quotes of (article, mentions) jobs; with a PostgreSQL
    ``url`` written there (COPY, one transaction) and only counted."""
    from .events import _extract_one, extract_and_write

    results = [_extract_one(job) for job in jobs]
    if url is None:
        return results
    return [extract_and_write(_worker_store(url), jobs, results)]


class _FactsExtractor:
    """``extract`` for :func:`khabar.events.update_events`."""

    def __init__(self, engine: DaskEngine, store):
        self.engine, self.store = engine, store
        # PostgreSQL: the workers write; SQLite: only this process does.
        self.url = store.connection_url() if hasattr(store, "connection_url") else None

    def __call__(self, jobs: list) -> tuple[int, int, int]:
        from .events import extract_and_write

        if self.url is not None:
            totals = [0, 0, 0]
            for counts in self.engine.map(_facts_chunk, jobs, self.url):
                totals = [a + b for a, b in zip(totals, counts)]
            return tuple(totals)
        return extract_and_write(self.store, jobs, list(self.engine.map(_facts_chunk, jobs, None)))
