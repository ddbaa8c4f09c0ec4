"""The one storage interface every backend implements.

The SQLite backend (:mod:`khabar.store.sqlite`) is the default; a PostgreSQL
backend implements the same methods and runs the same test suite.  Writes come
in batches (:meth:`Store.write_batch`), each atomic: a crash loses at most the
batch in flight, and because article ids are content hashes a re-run simply
writes it again.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

from ..article import Article, Rejection

__all__ = ["Store", "Sighting", "ArticleFilter"]


@dataclass
class Sighting:
    """One reading of an article: where it came from and what that copy said."""

    article_id: str
    source: str
    outlet: str | None = None
    url: str | None = None
    published: str | None = None


@dataclass
class ArticleFilter:
    """Filters shared by listing, search and export."""

    language: str | None = None
    outlet: str | None = None
    since: str | None = None  # ISO date, inclusive
    until: str | None = None  # ISO date, inclusive
    limit: int | None = None
    offset: int = 0


class Store(abc.ABC):
    """Storage for articles and everything derived from them."""

    url: str

    # --- lifecycle -------------------------------------------------------
    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- runs ------------------------------------------------------------
    @abc.abstractmethod
    def start_run(self, inputs: list[str]) -> int:
        """Record the start of an ingest run; returns its id."""

    @abc.abstractmethod
    def finish_run(self, run_id: int, counts: dict[str, Any]) -> None: ...

    # --- writes ----------------------------------------------------------
    @abc.abstractmethod
    def write_batch(self, articles: list[Article], sightings: list[Sighting],
                    rejections: list[Rejection], run_id: int | None = None,
                    outlet_lines: dict[str, dict[str, int]] | None = None) -> None:
        """Write new articles (with sentences and search keys), sightings of
        known ones, rejections and outlet line counts in one transaction.
        Articles whose id is already stored are skipped (idempotent)."""

    # --- reads -----------------------------------------------------------
    @abc.abstractmethod
    def known_ids(self, ids: Iterable[str]) -> set[str]:
        """The subset of ``ids`` already stored."""

    @abc.abstractmethod
    def get_article(self, article_id: str) -> Article:
        """The article with this id (or unique id prefix); raises NotFound."""

    @abc.abstractmethod
    def list_articles(self, flt: ArticleFilter | None = None) -> list[dict[str, Any]]:
        """Article rows (no full text) in arrival order."""

    @abc.abstractmethod
    def iter_articles(self, flt: ArticleFilter | None = None) -> Iterator[Article]:
        """Whole articles, in arrival order, streamed."""

    @abc.abstractmethod
    def search(self, query: str, flt: ArticleFilter | None = None) -> list[dict[str, Any]]:
        """Articles matching ``query`` (normalized like the index), best first,
        each with the best matching sentence."""

    @abc.abstractmethod
    def sightings(self, article_id: str) -> list[Sighting]: ...

    @abc.abstractmethod
    def rejections(self, run_id: int | None = None) -> list[dict[str, Any]]: ...

    @abc.abstractmethod
    def runs(self, limit: int = 10) -> list[dict[str, Any]]:
        """The latest ingest runs, newest first, with their summary counts."""

    @abc.abstractmethod
    def outlet_line_counts(self, outlet: str, hashes: Iterable[str]) -> dict[str, int]:
        """How many stored articles of ``outlet`` contain each line hash."""

    @abc.abstractmethod
    def outlet_lines_at_least(self, outlet: str, articles: int) -> set[str]:
        """Line hashes of ``outlet`` found in at least ``articles`` stored articles."""

    @abc.abstractmethod
    def stats(self) -> dict[str, Any]:
        """Counts for reports: articles, by language, by outlet, sightings, runs."""

    @abc.abstractmethod
    def check(self) -> list[str]:
        """Integrity problems found (empty when healthy): the backend's own
        check, search-index gaps, dangling references."""

    # --- health (khabar.doctor; shared SQL in khabar.store.health) -----------
    @abc.abstractmethod
    def integrity_problems(self) -> list[str]:
        """The backend's own integrity checks (pages, indexes, migrations)."""

    @abc.abstractmethod
    def search_index_gaps(self) -> dict[str, int]:
        """``{"missing": articles without a search row, "extra": rows without an article}``."""

    @abc.abstractmethod
    def rebuild_search_index(self) -> int:
        """Index every stored article again; returns the rows written."""

    @abc.abstractmethod
    def dangling_references(self) -> list[dict[str, Any]]:
        """References to missing rows (see ``khabar.store.health.REFERENCES``)."""

    @abc.abstractmethod
    def delete_dangling(self) -> dict[str, int]:
        """Delete (or set to NULL) every dangling reference; rows changed per reference."""

    @abc.abstractmethod
    def articles_with_dangling_actors(self, *tables: str) -> list[str]:
        """Articles whose mentions/event_mentions/quotes name a missing actor."""

    @abc.abstractmethod
    def forget_runs(self, table: str, article_ids: list[str]) -> None:
        """Drop ``entity_runs``/``fact_runs`` rows so the step redoes those articles."""

    @abc.abstractmethod
    def row_counts(self, tables: list[str]) -> dict[str, int]: ...

    def change_marker(self) -> Any:
        """A value that changes whenever the database may have changed and
        is cheap to read, or None when the backend has none (the server
        then watches the SQLite files instead)."""
        return None

    # --- whole-store copy (khabar.store.transfer) -----------------------------
    @abc.abstractmethod
    def table_columns(self, table: str) -> list[str]:
        """Column names of one of khabar's tables, in order."""

    @abc.abstractmethod
    def iter_table(self, table: str, columns: list[str], batch: int = 1000) -> Iterator[tuple]:
        """Every row of ``table`` as a tuple of ``columns``, in arrival order
        where the table keeps one."""

    @abc.abstractmethod
    def load_tables(self, tables: Iterable[tuple[str, list[str], Iterable[tuple]]],
                    expect: dict[str, int]) -> None:
        """Write ``(table, columns, rows)`` into this (empty) store and index
        the articles for search, in one transaction that commits only if each
        table then has the row count ``expect`` gives."""

    @abc.abstractmethod
    def count_missing_embeddings(self, model: str) -> int:
        """Articles in a story (not as a copy) without a vector of ``model``."""

    @abc.abstractmethod
    def articles_missing_embeddings(self, model: str, limit: int = 256) -> list[Article]: ...

    @abc.abstractmethod
    def unfinished_runs(self) -> int:
        """Ingest runs that never recorded their summary (killed or crashed)."""

    # --- stories (khabar.stories) ------------------------------------------
    @abc.abstractmethod
    def unassigned_articles(self, limit: int = 256) -> list[Article]:
        """Articles in no story yet, in arrival order."""

    @abc.abstractmethod
    def count_unassigned(self) -> int: ...

    @abc.abstractmethod
    def assigned_vectors(self, model: str) -> list[tuple]:
        """(arrival key, article id, story id, published, vector bytes, language)."""

    @abc.abstractmethod
    def arrival_keys(self, article_ids: list[str]) -> dict[str, int]:
        """Integer arrival-order key of each article (ANN index keys)."""

    @abc.abstractmethod
    def copy_rows(self) -> list[tuple]:
        """Copy detector state: (article id, original id, similarity, kind, signature)."""

    @abc.abstractmethod
    def pins(self) -> dict[str, str]:
        """Analyst decisions: article id → story id."""

    @abc.abstractmethod
    def write_story_batch(self, *, embeddings=(), copies=(), stories=(), members=(), links=()) -> None:
        """Embeddings, copies, new stories, memberships and links in one transaction."""

    @abc.abstractmethod
    def list_stories(self, limit: int | None = None) -> list[dict[str, Any]]: ...

    @abc.abstractmethod
    def get_story(self, story_id: str) -> dict[str, Any]:
        """A story with its members and cached summary; raises NotFound."""

    @abc.abstractmethod
    def set_story_title(self, story_id: str, title: str, article_id: str | None) -> None: ...

    @abc.abstractmethod
    def save_summary(self, story_id: str, summary: dict, version: int) -> None: ...

    @abc.abstractmethod
    def merge_stories(self, target: str, sources: list[str]) -> str: ...

    @abc.abstractmethod
    def split_story(self, story_id: str, article_ids: list[str]) -> str: ...

    @abc.abstractmethod
    def move_article(self, article_id: str, story_id: str) -> None: ...

    @abc.abstractmethod
    def rename_story(self, story_id: str, title: str) -> None: ...

    @abc.abstractmethod
    def story_audit(self) -> list[dict[str, Any]]: ...

    # --- actors (migration 0003) ---------------------------------------------
    @abc.abstractmethod
    def articles_without_entities(self, version: int, limit: int = 256) -> list[Article]:
        """Articles whose entities were not extracted with this extractor version."""

    @abc.abstractmethod
    def count_without_entities(self, version: int) -> int: ...

    @abc.abstractmethod
    def write_entity_batch(self, *, actors=(), names=(), mentions=(), done=(), attach=()) -> int:
        """Actors, spellings, mentions and finished articles, and unresolved
        mentions attached to actors by key, in one transaction; returns the
        number of mentions attached."""

    @abc.abstractmethod
    def learned_names(self) -> list[tuple[str, str, float, str]]: ...

    @abc.abstractmethod
    def stored_actors(self) -> list[dict[str, Any]]: ...

    @abc.abstractmethod
    def unresolved_groups(self) -> list[dict[str, Any]]: ...

    @abc.abstractmethod
    def article_actor_ids(self, article_ids: Iterable[str]) -> dict[str, set[str]]: ...

    @abc.abstractmethod
    def list_actors(self, type: str | None = None, limit: int | None = None) -> list[dict[str, Any]]: ...

    @abc.abstractmethod
    def get_actor(self, actor_id: str) -> dict[str, Any]: ...

    @abc.abstractmethod
    def article_mentions(self, article_id: str) -> list[dict[str, Any]]: ...

    @abc.abstractmethod
    def story_actors(self, story_id: str, limit: int = 8) -> list[dict[str, Any]]: ...

    @abc.abstractmethod
    def entity_stats(self) -> dict[str, Any]: ...

    # --- events, quotes, dates (migration 0004) --------------------------------
    @abc.abstractmethod
    def articles_without_facts(self, version: int, limit: int = 256) -> list[Article]:
        """Articles whose events and quotes were not extracted with this version."""

    @abc.abstractmethod
    def count_without_facts(self, version: int) -> int: ...

    @abc.abstractmethod
    def write_fact_batch(self, *, event_mentions=(), quotes=(), done=()) -> None:
        """Event mentions, quotes and finished articles, in one transaction."""

    @abc.abstractmethod
    def fusion_inputs(self) -> dict[str, Any]:
        """Articles (date, language, story, text) and event mentions for fusion."""

    @abc.abstractmethod
    def write_fusion(self, *, events=(), assignments=(), article_dates=()) -> None:
        """Replace the fused events, their mentions' dates and the article dates."""

    @abc.abstractmethod
    def list_events(self, story: str | None = None, type: str | None = None,
                    actor: str | None = None, limit: int | None = None) -> list[dict[str, Any]]: ...

    @abc.abstractmethod
    def get_event(self, event_id: str) -> dict[str, Any]: ...

    @abc.abstractmethod
    def list_quotes(self, speaker: str | None = None, story: str | None = None,
                    article: str | None = None, limit: int | None = None) -> list[dict[str, Any]]: ...

    @abc.abstractmethod
    def article_date(self, article_id: str) -> dict[str, Any] | None: ...

    @abc.abstractmethod
    def event_stats(self) -> dict[str, Any]: ...

    # --- feed watching and alerts (migration 0005; khabar.watch, khabar.alerts) ----
    @abc.abstractmethod
    def watch_feed(self, url: str) -> dict[str, Any] | None:
        """The stored state of a watched feed (a ``watch_feeds`` row), or None."""

    @abc.abstractmethod
    def watch_feeds(self) -> list[dict[str, Any]]: ...

    @abc.abstractmethod
    def record_watch_poll(self, state: dict[str, Any], items: Iterable[tuple] = ()) -> None:
        """Upsert a feed's state and add the items read from it, (item_key,
        article_id or None, checked 0/1), in one transaction; known items are kept."""

    @abc.abstractmethod
    def seen_watch_items(self, feed_url: str, keys: Iterable[str]) -> set[str]:
        """The subset of ``keys`` already read from ``feed_url``."""

    @abc.abstractmethod
    def forget_watch_items(self, feed_url: str, keep: Iterable[str], before: str) -> int:
        """Forget checked items first seen before ``before`` (ISO) and not in ``keep``."""

    @abc.abstractmethod
    def unchecked_watch_items(self) -> list[dict[str, Any]]:
        """New articles read from feeds whose alerts are not evaluated yet."""

    @abc.abstractmethod
    def write_alerts(self, alerts: Iterable[dict[str, Any]],
                     checked: Iterable[tuple[str, str]] = ()) -> list[dict[str, Any]]:
        """Insert alerts (repeats of a watch and article ignored) and mark the items
        ``checked`` ((feed_url, item_key)); returns the inserted alerts with ``id``."""

    @abc.abstractmethod
    def set_alert_delivery(self, alert_id: int, delivery: str, attempts: int,
                           error: str | None = None, delivered_at: str | None = None) -> None: ...

    @abc.abstractmethod
    def list_alerts(self, limit: int | None = None,
                    delivery: str | None = None) -> list[dict[str, Any]]:
        """Stored alerts, newest first."""

    @abc.abstractmethod
    def event_mentions_of(self, article_ids: Iterable[str]) -> dict[str, list[dict[str, Any]]]:
        """Event mentions of each article (type, actors, negated, hypothetical …)."""
