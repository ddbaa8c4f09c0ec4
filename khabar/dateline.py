"""Datelines: ``بكين 11 يناير 2022 (شينخوا)``, ``CAIRO, March 14 (Reuters) -``,
``МОСКВА, 14 марта. /ТАСС/.``, ``تهران - ۱۷ دی ۱۴۰۰ (ایرنا)``.

A dateline opens the first paragraph of wire copy: a place (1–4 words), a
date, an agency in brackets or slashes, and a separator.  It is read from
tokens, not per-language regular expressions: month names come from
:mod:`khabar.dates`, places from :mod:`khabar.places`, agencies from
:mod:`khabar.agencies`, so any language with CLDR month names works.
"""

from __future__ import annotations

import re

from . import agencies, dates, normalize, places
from .article import Dateline

# Look no further than this into a line for a dateline.
MAX_DATELINE_CHARS = 160
MAX_PLACE_WORDS = 4

_TOKEN = re.compile(r"\d+|[^\W\d_]+(?:['’.\-][^\W\d_]+)*|\S")
# A place never starts with a preposition or article-like function word.
_NOT_PLACE = {"في", "من", "منذ", "يوم", "خلال", "حتى", "على", "in", "on", "at", "since", "the",
              "by", "в", "во", "с", "со", "на", "до", "по", "در", "از", "تا", "به", "روز"}
_SEPARATORS = {"-", "–", "—", "−", ":", "ـ", "|"}
_OPEN_CLOSE = {"(": ")", "[": "]", "/": "/", "（": "）"}
_YEAR_SUFFIX = {"م", "г", "года", "هـ", "ه"}


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


def parse(line: str, default_year: int | None = None) -> Dateline | None:
    """The dateline at the start of ``line`` (offsets relative to ``line``), or None."""
    toks = _tokens(line)
    if not toks:
        return None
    i, n = 0, len(toks)
    # 1. place: words up to a digit, a month, a bracket or a separator.
    place_idx: list[int] = []
    while i < n and _is_word(toks[i][0]) and len(place_idx) < MAX_PLACE_WORDS + 1:
        if _month([t[0] for t in toks[i:i + 2]]) and i + 1 < n and toks[i + 1][0][0].isdigit():
            break
        place_idx.append(i)
        i += 1
    if len(place_idx) > MAX_PLACE_WORDS:
        return None
    if place_idx and toks[place_idx[0]][0].lower() in _NOT_PLACE:
        return None
    while i < n and toks[i][0] in {",", "،", "-", "–", "—", ":"}:
        i += 1
    # 2. date: day month [year] or month day [, year].
    day = month = year = None
    cal = "gregorian"
    words = [t[0] for t in toks]
    if i < n and words[i].isdigit() and len(words[i]) <= 2:
        hit = _month(words[i + 1:i + 3])
        if hit:
            (cal, month), used = hit
            day = int(dates.digits(words[i]))
            i += 1 + used
            if i < n and words[i] == ".":
                i += 1
    elif i < n and _is_word(words[i]):
        hit = _month(words[i:i + 2])
        if hit and i + hit[1] < n and words[i + hit[1]].isdigit():
            (cal, month), used = hit
            i += used
            if i < n and words[i] == ".":
                i += 1
            day = int(dates.digits(words[i]))
            i += 1
    if month is not None:
        if i < n and words[i] == ",":
            i += 1
        if i < n and words[i].isdigit() and len(words[i]) == 4:
            year = int(dates.digits(words[i]))
            i += 1
            while i < n and (words[i] in _YEAR_SUFFIX or words[i] == "."):
                i += 1
    # 3. agency in brackets or slashes.
    agency_raw = None
    if i < n and words[i] in _OPEN_CLOSE:
        close = _OPEN_CLOSE[words[i]]
        j = i + 1
        while j < n and words[j] != close and j - i <= 8:
            j += 1
        if j < n and words[j] == close and j > i + 1:
            agency_raw = line[toks[i + 1][1]:toks[j - 1][2]].strip()
            i = j + 1
    # 4. separator.
    sep = False
    while i < n and (words[i] in _SEPARATORS or (words[i] == "." and (agency_raw or month))):
        sep = True
        i += 1
    place_raw = line[toks[place_idx[0]][1]:toks[place_idx[-1]][2]] if place_idx else None
    place = places.lookup(place_raw) if place_raw else None
    if place_raw and not place and place_idx and _is_latin(place_raw) and not place_raw.isupper():
        return None
    has_date = month is not None
    valid = ((has_date and (place or agency_raw)) or (place_raw and agency_raw and (sep or has_date))
             or (has_date and place_raw and sep))
    if not valid:
        return None
    if not place and not agency_raw and not sep:
        return None
    year = year or default_year
    iso = None
    if has_date and year:
        d = dates.to_gregorian(cal, year, month, day)
        iso = d.isoformat() if d else None
    end = toks[i - 1][2] if i > 0 else 0
    while end < len(line) and line[end].isspace():
        end += 1
    return Dateline(start=toks[0][1], end=end, place_raw=place_raw,
                    place=place.name if place else None, date=iso, agency_raw=agency_raw,
                    agency=(agencies.canonical(agency_raw) or agency_raw) if agency_raw else None)


def _is_latin(s: str) -> bool:
    return all(ord(c) < 0x250 for c in s if c.isalpha())
