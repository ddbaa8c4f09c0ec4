"""Cleaning: find the title, the body and the dateline; remove site chrome.

Works on plain text and on text extracted from HTML alike.  The original text
is never changed: cleaning decides which spans are body (``body_spans``) and
records what it removed and why (``removed``).  Rules, all general:

* **end markers and footers** — per-language patterns kept as language data
  (``khabar/lang/<code>/chrome.py``): "انتهای پیام", "(انتهى)", "Reporting by …";
  an end marker also removes every line after it;
* **repeated title** — a last line equal to the title;
* **header chrome** — short non-sentence lines before the title (a site name,
  a section word);
* **outlet boilerplate** — short lines at the head or tail that recur in
  several other articles of the same outlet;
* **dateline** — ``بكين 11 يناير 2022 (شينخوا)`` at the start of the first
  paragraph becomes place, date and agency (:mod:`khabar.dateline`).
"""

from __future__ import annotations

import hashlib
import importlib
import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import dateline as _dateline
from . import normalize
from .article import Article

# A leading line with fewer words than this and no sentence punctuation is a
# candidate for header chrome (site names, section words: "أخبار", "World").
HEADER_MAX_WORDS = 3
HEADER_MAX_CHARS = 40
# Headlines rarely run past this many words; longer lines are paragraphs.
TITLE_MAX_WORDS = 30
# Boilerplate lines are short and sit near the edges of an article; body
# paragraphs of updated versions of a story must not count.
BOILERPLATE_MAX_CHARS = 120
BOILERPLATE_EDGE_LINES = 4
# Footers are searched in this many trailing lines.
FOOTER_WINDOW = 8

_CHROME_LANGS = ("ar", "fa", "en", "ru")
_SENTENCE_END = re.compile(r"[.!?؟…。۔»”\"]\s*$")


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern, re.Pattern | None]:
    ends, foots = [], []
    for code in _CHROME_LANGS:
        mod = importlib.import_module(f"khabar.lang.{code}.chrome")
        ends += mod.END_MARKERS
        foots += mod.FOOTERS
    end = re.compile("^(?:%s)$" % "|".join(f"(?:{p})" for p in ends), re.I) if ends else None
    foot = re.compile("^(?:%s)$" % "|".join(f"(?:{p})" for p in foots), re.I)
    return foot, end


@lru_cache(maxsize=1)
def _byline() -> re.Pattern:
    pats = []
    for code in _CHROME_LANGS:
        pats += getattr(importlib.import_module(f"khabar.lang.{code}.chrome"), "BYLINES", [])
    return re.compile("^(?:%s)$" % "|".join(f"(?:{p})" for p in pats))


@dataclass
class OutletLines:
    """Counts of short edge lines per outlet: the store's history plus this run's.

    ``pending`` holds this run's increments until the ingest writer saves them
    with the batch (so a crash never counts an article twice).
    """

    store: object | None = None
    threshold: int = 3
    pending: dict[str, dict[str, int]] = field(default_factory=dict)

    def counts(self, outlet: str, hashes: list[str]) -> dict[str, int]:
        stored = self.store.outlet_line_counts(outlet, hashes) if self.store is not None else {}
        mine = self.pending.get(outlet, {})
        return {h: stored.get(h, 0) + mine.get(h, 0) for h in hashes}

    def add(self, outlet: str, hashes: set[str]) -> None:
        bucket = self.pending.setdefault(outlet, {})
        for h in hashes:
            bucket[h] = bucket.get(h, 0) + 1

    def take(self) -> dict[str, dict[str, int]]:
        out, self.pending = self.pending, {}
        return out

    def chrome(self, outlet: str) -> frozenset[str]:
        """The line hashes of ``outlet`` counted as boilerplate right now."""
        stored = self.store.outlet_lines_at_least(outlet, self.threshold) if self.store is not None else set()
        mine = self.pending.get(outlet, {})
        if mine:
            counts = self.counts(outlet, list(mine))
            stored |= {h for h, n in counts.items() if n >= self.threshold}
        return frozenset(stored)


class SnapshotLines:
    """Stands in for :class:`OutletLines` where the store is out of reach (a
    Dask worker): answers from a snapshot of each outlet's boilerplate lines
    and logs every question, so that the coordinator can check, in arrival
    order, that the live counts would have given the same answers
    (:meth:`agrees`)."""

    def __init__(self, threshold: int, chrome: dict[str, frozenset[str]]):
        self.threshold = threshold
        self.chrome = chrome
        self.asked: list[tuple[str, tuple[str, ...]]] = []

    def counts(self, outlet: str, hashes: list[str]) -> dict[str, int]:
        known = self.chrome.get(outlet, frozenset())
        self.asked.append((outlet, tuple(hashes)))
        return {h: (self.threshold if h in known else 0) for h in hashes}

    def add(self, outlet: str, hashes: set[str]) -> None:
        """Counting is the coordinator's job (:meth:`agrees`)."""

    @staticmethod
    def agrees(asked, chrome: dict[str, frozenset[str]], live: OutletLines) -> bool:
        """Would ``live`` have answered ``asked`` as the snapshot did?  When it
        would, the article is counted in ``live`` (as the stage would have)."""
        for outlet, hashes in asked:
            known = chrome.get(outlet, frozenset())
            counts = live.counts(outlet, list(hashes))
            if any((counts.get(h, 0) >= live.threshold) != (h in known) for h in hashes):
                return False
        for outlet, hashes in asked:
            live.add(outlet, set(hashes))
        return True


def _lines(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines of ``text``, stripped of surrounding spaces."""
    spans = []
    pos = 0
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


def _line_hash(s: str) -> str:
    return hashlib.blake2b(normalize.key(s).encode(), digest_size=8).hexdigest()


def _is_titleish(s: str) -> bool:
    """Could be a headline: not too long, not ending like a sentence."""
    return len(s.split()) <= TITLE_MAX_WORDS and not _SENTENCE_END.search(s)


def _is_headerish(s: str) -> bool:
    return (len(s.split()) <= HEADER_MAX_WORDS and len(s) <= HEADER_MAX_CHARS
            and not _SENTENCE_END.search(s))


class Cleaner:
    """The ``clean`` stage: sets title, title_span, body_spans, removed, dateline."""

    name = "clean"
    needs = ("text",)
    sets = ("title", "body_spans", "dateline")

    def __init__(self, outlet_lines: OutletLines | None = None):
        self.outlet_lines = outlet_lines

    def __call__(self, art: Article) -> Article:
        text = art.text
        lines = _lines(text)
        removed: list[tuple[int, int, str]] = []

        def drop(idx: list[int], rule: str) -> None:
            for k in sorted(idx, reverse=True):
                s, e = lines.pop(k)
                removed.append((s, e, rule))

        self._drop_footers(text, lines, drop)
        self._drop_boilerplate(art, text, lines, drop)
        self._find_title(art, text, lines, drop)
        self._drop_byline(art, text, lines, drop)
        self._find_dateline(art, text, lines)
        art.body_spans = list(lines)
        art.removed = sorted(removed + art.removed)
        return art

    # --- rules -----------------------------------------------------------
    def _drop_footers(self, text, lines, drop) -> None:
        foot, end = _patterns()
        n = len(lines)
        if end is not None:
            # An end marker in the last part of the article closes it.
            for k in range(max(1, n - FOOTER_WINDOW), n):
                if end.match(text[lines[k][0]:lines[k][1]]):
                    drop(list(range(k, n)), "end-marker")
                    break
        while len(lines) > 1 and foot.match(text[lines[-1][0]:lines[-1][1]]):
            drop([len(lines) - 1], "footer")

    def _drop_boilerplate(self, art, text, lines, drop) -> None:
        if self.outlet_lines is None or not art.outlet or len(lines) < 3:
            return
        edge = set(range(min(BOILERPLATE_EDGE_LINES, len(lines))))
        edge |= set(range(max(0, len(lines) - BOILERPLATE_EDGE_LINES), len(lines)))
        cand = {k: _line_hash(text[lines[k][0]:lines[k][1]]) for k in sorted(edge)
                if lines[k][1] - lines[k][0] <= BOILERPLATE_MAX_CHARS}
        if not cand:
            return
        counts = self.outlet_lines.counts(art.outlet, list(set(cand.values())))
        self.outlet_lines.add(art.outlet, set(cand.values()))
        chrome = [k for k, h in cand.items() if counts.get(h, 0) >= self.outlet_lines.threshold]
        if chrome and len(chrome) < len(lines) - 1:
            drop(chrome, "outlet-boilerplate")

    def _find_title(self, art, text, lines, drop) -> None:
        if not lines:
            return
        line = lambda k: text[lines[k][0]:lines[k][1]]  # noqa: E731
        # Titles repeat near the top or as the last line; only those are compared.
        edge = sorted({*range(min(5, len(lines))), len(lines) - 1})
        keys = {k: normalize.key(line(k)) for k in edge}
        if art.title:
            # Title known from metadata: drop its copies from the body.
            tkey = normalize.key(art.title)
            dup = [k for k in edge if keys[k] == tkey and (k < 3 or k == len(lines) - 1)]
            if dup and len(dup) < len(lines):
                drop(dup, "title-in-body")
            return
        # A title repeated as the last line marks the title; lines before it are chrome.
        title_k = None
        if len(lines) >= 3:
            for k in range(min(5, len(lines) - 2)):
                if keys[k] and keys[k] == keys[len(lines) - 1] and len(keys[k].split()) >= 2:
                    title_k = k
                    break
        if title_k is not None:
            drop([len(lines) - 1], "repeated-title")
        else:
            # Skip short non-sentence lines (site name, section word) while the
            # next line could still be the headline.
            title_k = 0
            while (title_k < min(3, len(lines) - 2) and _is_headerish(line(title_k))
                   and _is_titleish(line(title_k + 1))):
                title_k += 1
        s, e = lines[title_k]
        if _dateline.parse(text[s:e]) is not None and not _is_titleish(text[s:e]):
            # Wire copy without a headline: the first paragraph opens with the
            # dateline.  Keep it as body; the lead sentence serves as title.
            drop(list(range(title_k)), "header")
            art.meta["title_from"] = "lead"
            return
        if title_k:
            drop(list(range(title_k)), "header")
        if len(lines) > 1:
            s, e = lines.pop(0)
            art.title, art.title_span = text[s:e], (s, e)
        # Remove a later exact copy of the title (some sites repeat it as a caption).
        tkey = normalize.key(art.title or "")
        dup = [k for k in range(len(lines)) if normalize.key(line(k)) == tkey]
        if dup and len(dup) < len(lines):
            drop(dup, "repeated-title")

    def _drop_byline(self, art, text, lines, drop) -> None:
        """A byline ("By A. Writer", "بقلم …") before the first paragraph."""
        if len(lines) < 2:
            return
        s, e = lines[0]
        if _SENTENCE_END.search(text[s:e]) or not _byline().match(text[s:e]):
            return
        drop([0], "byline")
        if not art.author:
            art.author = text[s:e]

    def _find_dateline(self, art, text, lines) -> None:
        if not lines:
            return
        s, e = lines[0]
        year = int(art.raw_published[:4]) if (art.raw_published or "")[:4].isdigit() else None
        dl = _dateline.parse(text[s:e], default_year=year)
        if dl is None:
            return
        dl.start += s
        dl.end += s
        art.dateline = dl
        if dl.end >= e:
            lines.pop(0)
        else:
            lines[0] = (dl.end, e)
        art.removed.append((dl.start, dl.end, "dateline"))
