"""The parts of quote finding every language shares: the :class:`Quote`
record, paired quotation marks, span trimming and the language check."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Sequence

from ..errors import InputError
from ..lang.ar import quotes as _ar
from ..lang.en import quotes as _en
from ..lang.fa import quotes as _fa
from ..lang.ru import quotes as _ru

LANGS = ("en", "ar", "fa", "ru")
# Longest quotation (characters) a content is widened to; longer "pairs" are
# usually two unrelated marks.  On PolNeAR train 99.96 % of gold contents
# are shorter (99 % are under 400).
MAX_QUOTATION = 1200


@dataclass
class Quote:
    """One attribution: who (speaker) said what (content) by which cue.

    Offsets are ``[start, end)`` character offsets into the analysed text;
    ``speaker_*`` are None when the source is not in the text (passive or
    agentless cue), ``sentence`` indexes the sentence holding the cue.
    """
    cue: str
    cue_start: int
    cue_end: int
    content_start: int
    content_end: int
    speaker_start: int | None
    speaker_end: int | None
    speaker_text: str | None
    kind: str
    sentence: int | None


# ---------------------------------------------------------------- quotations

_ALL_QUOTE_PAIRS = {**_en.QUOTE_PAIRS, **_ar.QUOTE_PAIRS, **_fa.QUOTE_PAIRS}
# Marks that open and close alike: straight double quotes and the doubled
# apostrophes of some wire texts (''...'').
_SYMMETRIC = frozenset(o for o, c in _ALL_QUOTE_PAIRS.items() if o == c)
_OPENING = frozenset(o for o, c in _ALL_QUOTE_PAIRS.items() if o != c)
_MARK = re.compile("|".join(re.escape(m) for m in sorted(
    set(_ALL_QUOTE_PAIRS) | set(_ALL_QUOTE_PAIRS.values()) | {"\n"}, key=len, reverse=True)))
# Guillemets pair only with guillemets; every other double mark may close any
# other (typed text mixes straight and curly quotes: "…” ).
_FAMILY = {"\u00ab": "\u00ab", "\u00bb": "\u00ab", "\u2039": "\u2039", "\u203a": "\u2039"}


def _quotations(text: str) -> list[tuple[int, int]]:
    """Interiors ``[start, end)`` of paired quotation marks.

    A closing mark closes the nearest open quotation of its family
    (guillemets, or the double marks “ ” " '' `` „); a symmetric mark closes
    one when one is open and opens one otherwise.  A quotation still open at
    a line break runs to that break: a quote continued over paragraphs opens
    each paragraph and closes only at its end.
    """
    out: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []   # (family, interior start)
    for m in _MARK.finditer(text):
        mark, pos = m.group(), m.start()
        if mark == "\n":
            out.extend((pos_, pos) for _, pos_ in stack)
            stack.clear()
            continue
        family = _FAMILY.get(mark, "\u201c")
        if mark in _OPENING and mark not in _ALL_QUOTE_PAIRS.values():
            stack.append((family, m.end()))
            continue
        for k in range(len(stack) - 1, -1, -1):
            if stack[k][0] == family:
                out.append((stack[k][1], pos))
                del stack[k:]
                break
        else:
            if mark in _SYMMETRIC or mark in _OPENING:
                stack.append((family, m.end()))
    out.extend((start, len(text)) for _, start in stack)
    out.sort()
    return [q for q in out if 0 < q[1] - q[0] <= MAX_QUOTATION]


def _widen(start: int, end: int, quotations: Sequence[tuple[int, int]]) -> tuple[int, int, bool]:
    """Widen ``[start, end)`` to the quotations it touches; also say whether
    the result is exactly one quotation (a direct quote)."""
    direct = False
    i = bisect.bisect_right(quotations, (end, end))
    for qs, qe in quotations[max(0, i - 8):i]:
        if qs - 1 <= end and start <= qe + 1 and qs < end:
            if qs - 1 <= start and end <= qe + 1:
                direct = True
            start, end = min(start, qs), max(end, qe)
    return start, end, direct


_TRIM = " \t\r\n,;:\u060c\u061b\u201c\u201d\"\u2018\u2019'\u00ab\u00bb\u2039\u203a-\u2013\u2014"


_TRIM_QUOTES = "\u201c\u201d\"\u2018\u2019'\u00ab\u00bb\u2039\u203a\u201e`"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop spaces, commas and quotation marks at both ends of a span."""
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return start, end


# Quote data per language (khabar.lang.<code>.quotes).
_DATA = {"en": _en, "ar": _ar, "fa": _fa, "ru": _ru}


def _lang(lang: str) -> str:
    code = (lang or "").replace("_", "-").split("-", 1)[0].lower()
    if code not in LANGS:
        raise InputError(f"no quote patterns for language {lang!r}: use one of {', '.join(LANGS)}")
    return code
