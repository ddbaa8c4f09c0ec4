"""The data model: one :class:`Article` travels through every pipeline stage.

Readers produce :class:`RawDocument` (or :class:`Rejection`); the pipeline turns a
raw document into an :class:`Article` and each stage fills in its part.  Every
later fact (mention, quote, event) points back to ``(article id, sentence index,
char span)`` where the span is an offset into :attr:`Article.text`, the original
text exactly as it was read.  Nothing downstream ever rewrites ``text``; cleaned
text and normalized keys are derived views.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

__all__ = ["RawDocument", "Rejection", "Sentence", "Dateline", "Article", "article_id"]

_WS = re.compile(r"\s+")
# Bump when the identity of an article must change (never casually: ids are
# stored and cited).
ID_VERSION = "khabar-id-1"


def article_id(title: str | None, text: str) -> str:
    """Stable content hash of an article: 16 hex digits of SHA-256.

    Computed on the NFC form of title and text with whitespace collapsed, so the
    same article read twice (from a file, a feed or a URL, with different line
    endings) gets the same id, while any change of wording gives a new one.
    Near-duplicates (re-headlined wire copy) are a later stage's business.
    """
    def canon(s: str | None) -> str:
        return _WS.sub(" ", unicodedata.normalize("NFC", s or "")).strip()

    payload = f"{ID_VERSION}\n{canon(title)}\n{canon(text)}".encode("utf-8")
    return hashlib.sha256(payload).hexdigest()[:16]


@dataclass
class RawDocument:
    """What a reader hands to the pipeline: decoded text plus whatever metadata
    the container carried.  ``source`` is the file path or URL, with a
    ``#fragment`` for items inside a container (``data.jsonl#L12``,
    ``feed.xml#item=3``, ``crawl.warc.gz#record=7``)."""

    source: str
    text: str
    title: str | None = None
    url: str | None = None
    outlet: str | None = None
    published: str | None = None  # raw date string from metadata, parsed later
    published_field: str | None = None  # which metadata field it came from
    author: str | None = None
    format: str = "text"  # text | html | record | feed | warc
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class Rejection:
    """An input that was read but refused, with a stable ``reason`` keyword
    (``binary``, ``empty``, ``too-large``, ``undecodable``, ``malformed-json``,
    ``unsafe-xml``, ``duplicate`` …) and a human-readable ``detail``."""

    source: str
    reason: str
    detail: str = ""


@dataclass
class Sentence:
    """A sentence as a span ``[start, end)`` of :attr:`Article.text`."""

    start: int
    end: int
    language: str | None = None


@dataclass
class Dateline:
    """A parsed dateline such as ``بكين 11 يناير 2022 (شينخوا)``.

    ``start``/``end`` locate it in the article text; ``place`` and ``agency``
    are canonical (English) names when known, ``*_raw`` what the text says.
    """

    start: int
    end: int
    place_raw: str | None = None
    place: str | None = None
    date: str | None = None  # ISO YYYY-MM-DD
    agency_raw: str | None = None
    agency: str | None = None


@dataclass
class Article:
    """One news article and everything the pipeline learned about it."""

    id: str
    source: str
    text: str
    format: str = "text"
    url: str | None = None
    outlet: str | None = None
    author: str | None = None
    title: str | None = None
    # Where the title sits in ``text`` when it was taken from the text itself.
    title_span: tuple[int, int] | None = None
    # Spans of ``text`` that are article body (site chrome, footers, the
    # dateline and a repeated title are outside them).
    body_spans: list[tuple[int, int]] = field(default_factory=list)
    # Spans removed by cleaning, with the rule that removed them.
    removed: list[tuple[int, int, str]] = field(default_factory=list)
    dateline: Dateline | None = None
    published: str | None = None  # ISO date (YYYY-MM-DD) or datetime
    published_source: str | None = None  # metadata:<field> | dateline | …
    language: str | None = None  # ISO 639-1
    language_confidence: float | None = None
    sentences: list[Sentence] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)
    raw_published: str | None = None
    raw_published_field: str | None = None
    # Normalized keys for full-text search, set by the normalize stage.
    search_keys: dict[str, str] = field(default_factory=dict)
    # Names of the stages that have run, in order.
    stages: list[str] = field(default_factory=list)

    @classmethod
    def from_raw(cls, raw: RawDocument, id: str | None = None) -> "Article":
        """Start an article from a reader's output; the id is fixed here
        (pass ``id`` when the caller already computed :func:`article_id`)."""
        return cls(
            id=id or article_id(raw.title, raw.text), source=raw.source, text=raw.text,
            format=raw.format, url=raw.url, outlet=raw.outlet, author=raw.author,
            title=raw.title, meta=dict(raw.meta), raw_published=raw.published,
            raw_published_field=raw.published_field,
        )

    @property
    def clean_text(self) -> str:
        """The body without chrome: kept spans joined by newlines."""
        return "\n".join(self.text[s:e] for s, e in self.body_spans)

    def sentence_text(self, index: int) -> str:
        s = self.sentences[index]
        return self.text[s.start:s.end]

    def sentence_at(self, offset: int) -> int | None:
        """Index of the sentence containing character ``offset`` of ``text``."""
        for i, s in enumerate(self.sentences):
            if s.start <= offset < s.end:
                return i
        return None
