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
    def stats(self) -> dict[str, Any]:
        """Counts for reports: articles, by language, by outlet, sightings, runs."""

    @abc.abstractmethod
    def check(self) -> list[str]:
        """Integrity problems found (empty when healthy)."""
