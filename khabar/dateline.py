"""Datelines: ``بكين 11 يناير 2022 (شينخوا)``, ``CAIRO, March 14 (Reuters) -``,
``МОСКВА, 14 марта. /ТАСС/.``, ``تهران - ۱۷ دی ۱۴۰۰ (ایرنا)``.

A dateline opens the first paragraph of wire copy: a place (1–4 words), a
date, an agency in brackets or slashes, and a separator.  It is read from
tokens, not per-language regular expressions: month names come from
:mod:`khabar.dates`, places from :mod:`khabar.places`, agencies from
:mod:`khabar.agencies`, so any language with CLDR month names works.
"""

from __future__ import annotations

import importlib
import re
from functools import lru_cache

from . import agencies, dates, normalize, places
from .article import Dateline

# Look no further than this into a line for a dateline.
MAX_DATELINE_CHARS = 160
MAX_PLACE_WORDS = 4

_TOKEN = re.compile(r"\d+|[^\W\d_](?:[^\W\d_]|[\u200c'’.\-](?=[^\W\d_]))*|\S")
# A place never starts with a preposition or article-like function word.
_NOT_PLACE = {"في", "من", "منذ", "يوم", "خلال", "حتى", "على", "in", "on", "at", "since", "the",
              "by", "в", "во", "с", "со", "на", "до", "по", "در", "از", "تا", "به", "روز"}
_DASHES = {"-", "–", "—", "−", "ـ", "|"}
_SEPARATORS = _DASHES | {":", ",", "،"}
_OPEN_CLOSE = {"(": ")", "[": "]", "/": "/", "（": "）", "«": "»", "“": "”", '"': '"'}
_YEAR_SUFFIX = {"م", "г", "года", "هـ", "ه"}
# Words in a bare (unbracketed) source name: "القاهرة - بوابة الواحة: …".
MAX_BARE_AGENCY_WORDS = 5


@lru_cache(maxsize=1)
def media_words() -> frozenset[str]:
    """Keys of the words that name a news medium in any language
    (``MEDIA_WORDS`` in ``khabar/lang/<code>/chrome.py``)."""
    words: set[str] = set()
    for code in ("ar", "fa", "en", "ru"):
        mod = importlib.import_module(f"khabar.lang.{code}.chrome")
        words.update(normalize.key(w) for w in getattr(mod, "MEDIA_WORDS", []))
    return frozenset(words)


def _tokens(line: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(line[:MAX_DATELINE_CHARS])]


def _is_word(tok: str) -> bool:
    return tok[:1].isalpha()


def _month(words: list[str]) -> tuple[tuple[str, int], int] | None:
    """Longest month name among the next 1–2 words → ((calendar, month), words used)."""
    table = dates.month_lookup()
    for n in (2, 1):
        if len(words) >= n and all(_is_word(w) for w in words[:n]):
            hit = table.get(normalize.key(" ".join(words[:n]).rstrip(".")))
            if hit:
                return hit, n
    return None


class _Reader:
    """Cursor over the tokens of a line's head."""

    def __init__(self, line: str):
        self.line = line
        self.toks = _tokens(line)
        self.words = [t[0] for t in self.toks]
        self.i = 0

    @property
    def n(self) -> int:
        return len(self.toks)

    def at(self, k: int = 0) -> str:
        j = self.i + k
        return self.words[j] if j < self.n else ""

    def text(self, a: int, b: int) -> str:
        """Source text of tokens a..b (inclusive)."""
        return self.line[self.toks[a][1]:self.toks[b][2]]

    def place(self) -> list[int]:
        idx: list[int] = []
        while self.i < self.n and _is_word(self.at()) and len(idx) <= MAX_PLACE_WORDS:
            if _month(self.words[self.i:self.i + 2]) and self.at(1)[:1].isdigit():
                break
            idx.append(self.i)
            self.i += 1
        return idx

    def date(self) -> tuple[str, int, int, int | None] | None:
        """(calendar, month, day, year) at the cursor: day month [year] or month day[, year]."""
        w, i = self.words, self.i
        day = month = None
        if w[i:i + 1] and w[i].isdigit() and len(w[i]) <= 2:
            hit = _month(w[i + 1:i + 3])
            if hit:
                (cal, month), used = hit
                day, j = int(dates.digits(w[i])), i + 1 + used
        elif w[i:i + 1] and _is_word(w[i]):
            hit = _month(w[i:i + 2])
            if hit:
                j = i + hit[1] + (1 if w[i + hit[1]:i + hit[1] + 1] == ["."] else 0)
                if j < self.n and w[j].isdigit() and len(w[j]) <= 2:
                    (cal, month), _ = hit
                    day, j = int(dates.digits(w[j])), j + 1
        if month is None:
            return None
        if w[j:j + 1] in ([","], ["."]) and j + 1 < self.n and w[j + 1].isdigit():
            j += 1
        year = None
        if j < self.n and w[j].isdigit() and len(w[j]) == 4:
            year, j = int(dates.digits(w[j])), j + 1
            while j < self.n and (w[j] in _YEAR_SUFFIX or w[j] == "."):
                j += 1
        self.i = j
        return cal, month, day, year

    def bracketed(self) -> str | None:
        close = _OPEN_CLOSE.get(self.at())
        if close is None:
            return None
        j = self.i + 1
        while j < self.n and self.words[j] != close and j - self.i <= 8:
            j += 1
        if j < self.n and self.words[j] == close and j > self.i + 1:
            raw = self.text(self.i + 1, j - 1).strip()
            self.i = j + 1
            return raw
        return None

    def bare_agency(self) -> tuple[str, int] | None:
        """Up to a few words naming a medium, ended by ':' or a dash → (text, next index);
        the cursor does not move (the caller commits)."""
        j = self.i
        while j < self.n and _is_word(self.words[j]) and j - self.i < MAX_BARE_AGENCY_WORDS:
            j += 1
        if j == self.i or j >= self.n or self.words[j] not in _DASHES | {":"}:
            return None
        raw = self.text(self.i, j - 1)
        if not (set(normalize.tokens(raw)) & media_words() or agencies.canonical(raw)):
            return None
        return raw, j

    def skip(self, which: set[str]) -> bool:
        moved = False
        while self.i < self.n and self.at() in which:
            self.i += 1
            moved = True
        return moved


def parse(line: str, default_year: int | None = None) -> Dateline | None:
    """The dateline at the start of ``line`` (offsets relative to ``line``), or None.

    Accepted shapes (any language with CLDR month names): PLACE [,-] DATE
    [(AGENCY)] [-:], PLACE (AGENCY) -, PLACE - AGENCY [- DATE]:, and
    ``/AGENCY/`` or ``«AGENCY»`` for the bracket.
    """
    r = _Reader(line)
    if not r.toks:
        return None
    place_idx = r.place()
    if len(place_idx) > MAX_PLACE_WORDS:
        return None
    if place_idx and r.words[place_idx[0]].lower() in _NOT_PLACE:
        return None
    place_raw = r.text(place_idx[0], place_idx[-1]) if place_idx else None
    if place_raw and _is_latin(place_raw) and not place_raw.isupper() and not _known(place_raw):
        return None
    # The gazetteer is consulted lazily: most first lines are no dateline.
    place = _Lazy(lambda: places.lookup(place_raw) if place_raw else None)
    when = agency_raw = None
    bracketed = False
    for _ in range(3):  # date and agency, in either order
        r.skip((_SEPARATORS - {":"}) | {"."} if when or agency_raw else _SEPARATORS)
        if when is None and (got := r.date()):
            when = got
            continue
        if agency_raw is None and (got := r.bracketed()):
            agency_raw, bracketed = got, True
            continue
        if agency_raw is None and place_raw and (got := r.bare_agency()) and place:
            agency_raw, r.i = got
            continue
        break
    sep = r.skip(_SEPARATORS | {"."}) if (when or agency_raw) else r.skip(_DASHES)
    valid = ((when and (place or agency_raw)) or (place and agency_raw)
             or (place_raw and bracketed and sep))
    if not valid or r.i == 0:
        return None
    iso = None
    if when:
        cal, month, day, year = when
        year = year or default_year
        if year:
            d = dates.to_gregorian(cal, year, month, day)
            iso = d.isoformat() if d else None
    end = r.toks[r.i - 1][2]
    while end < len(line) and line[end].isspace():
        end += 1
    return Dateline(start=r.toks[0][1], end=end, place_raw=place_raw,
                    place=place.get().name if place else None, date=iso, agency_raw=agency_raw,
                    agency=(agencies.canonical(agency_raw) or agency_raw) if agency_raw else None)


class _Lazy:
    """A value computed on first truth test or access."""

    def __init__(self, fn):
        self.fn, self.done, self.value = fn, False, None

    def get(self):
        if not self.done:
            self.value, self.done = self.fn(), True
        return self.value

    def __bool__(self) -> bool:
        return self.get() is not None


def _known(name: str) -> bool:
    return places.lookup(name) is not None


def _is_latin(s: str) -> bool:
    return all(ord(c) < 0x250 for c in s if c.isalpha())
