"""Sentence splitting with offsets into the original text.

:func:`split` returns spans ``[start, end)`` of the text it is given, so a
sentence is always cited as a slice of the original article.  Rules, in order:

1. A line break ends a sentence (news paragraphs are lines).
2. ``. ! ? ؟ … ۔`` (runs of them, such as ``?!`` or ``...``) end a sentence
   when followed by whitespace, possibly after closing quotes or brackets
   (``» ” " ' ’ ) ]``), which belong to the sentence they close.
3. ...unless the next word starts with a lower-case letter (scripts without
   case, such as Arabic, always pass), skipping opening quotes and dashes, so
   «Мы готовы!» — заявил он and “Ready?” he asked stay whole.
4. ...and unless the period follows an abbreviation: the lists in
   ``khabar.lang.<code>.sentences``, a single letter of any script (initials
   such as J. or В., Arabic د. for دكتور), or letter-dot-letter forms (U.S.,
   т.е.).  A bracketed ellipsis ``(...)`` or ``[...]`` marks an omission.
5. A piece with no letter at all (a list number "1.") joins the next sentence.

Commas, Arabic commas and semicolons (، ؛) and periods inside numbers (3.5)
never end a sentence; a quotation without a sentence end inside it is never
split, because only the marks above split.
"""

from __future__ import annotations

import re

from .lang.ar import sentences as _ar
from .lang.en import sentences as _en
from .lang.fa import sentences as _fa
from .lang.ru import sentences as _ru

__all__ = ["split"]

_ABBREVIATIONS: dict[str, frozenset[str]] = {
    "ar": _ar.ABBREVIATIONS, "en": _en.ABBREVIATIONS,
    "fa": _fa.ABBREVIATIONS, "ru": _ru.ABBREVIATIONS,
}
# With no language given, any list may apply (news quotes across languages).
_ALL_ABBREVIATIONS = frozenset().union(*_ABBREVIATIONS.values())
# Dotted abbreviations that usually close an enumeration, and so often end a
# sentence: after them a capitalized word starts a new one (как и т.д. Затем).
_CAN_END_SENTENCE = _ru.CAN_END_SENTENCE

_LINE_BREAK = re.compile("[\n\r\u2028\u2029\x0b\x0c\x85]+")
_CLOSERS = "»”\"'’)\\]"
_OPENERS = "«“\"'‘(\\[—–-"
# A run of sentence-final marks, then closing quotes/brackets, then space.
_END = re.compile(f"([.!?؟…۔]+)[{_CLOSERS}]*(?=\\s)")
# Letter-dot-letter forms such as U.S, т.е, ق.م (the final dot is the match).
_DOTTED = re.compile(r"(?:[^\W\d_]\.)+[^\W\d_]")
_LETTER = re.compile(r"[^\W\d_]")


def _abbreviations(lang: str | None) -> frozenset[str]:
    """The abbreviation list for a language code, or all lists."""
    code = lang.replace("_", "-").split("-", 1)[0].lower() if lang else None
    return _ABBREVIATIONS.get(code, _ALL_ABBREVIATIONS) if code else _ALL_ABBREVIATIONS


def _next_starts_lower(text: str, i: int, end: int) -> bool:
    """Whether the next word after position i starts with a lower-case letter
    (opening quotes, brackets and dashes skipped)."""
    while i < end and (text[i].isspace() or text[i] in _OPENERS):
        i += 1
    return i < end and text[i].islower()


def _token_before(text: str, i: int, line_start: int) -> str:
    """The word that ends at position i, without opening quotes or brackets."""
    j = i
    while j > line_start and not text[j - 1].isspace():
        j -= 1
    return text[j:i].lstrip(_OPENERS)


def _is_abbreviation(token: str, abbreviations: frozenset[str]) -> bool:
    """Whether a period after ``token`` belongs to an abbreviation."""
    if token in abbreviations:
        return True
    if len(token) == 1 and token.isalpha():  # an initial
        return True
    return bool(_DOTTED.fullmatch(token)) and token not in _CAN_END_SENTENCE


def _is_end(text: str, m: re.Match[str], line_start: int, line_end: int,
            abbreviations: frozenset[str]) -> bool:
    """Whether the terminator match ``m`` ends a sentence."""
    if _next_starts_lower(text, m.end(), line_end):
        return False
    marks = m.group(1)
    if marks.strip(".…") == "" and m.start() > line_start and text[m.start() - 1] in "([":
        return False  # "(...)": an omission inside a sentence
    if marks == "." and m.end() == m.end(1):
        return not _is_abbreviation(_token_before(text, m.start(), line_start), abbreviations)
    return True


def _has_letter(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` contains a letter of any script."""
    return _LETTER.search(text, start, end) is not None


def _emit(text: str, start: int, end: int, out: list[tuple[int, int]]) -> None:
    """Append the span trimmed of whitespace, if anything is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        out.append((start, end))


def _split_line(text: str, start: int, end: int, abbreviations: frozenset[str],
                out: list[tuple[int, int]]) -> None:
    """Split one line ``text[start:end]`` into sentences."""
    current = start
    for m in _END.finditer(text, start, end):
        # A piece without a letter (a list number "1.", a lone "...") is not a
        # sentence of its own: it stays with what follows.
        if _is_end(text, m, start, end, abbreviations) and _has_letter(text, current, m.end()):
            _emit(text, current, m.end(), out)
            current = m.end()
    _emit(text, current, end, out)


def split(text: str, start: int = 0, end: int | None = None,
          lang: str | None = None) -> list[tuple[int, int]]:
    """Split ``text[start:end]`` into sentences.

    Args:
        text: the original text; offsets refer to it.
        start, end: the region to split (default: all of it); clamped to
            the text.
        lang: ISO 639-1 code selecting the abbreviation list; ``None`` uses
            the lists of all languages.

    Returns:
        Spans ``(s, e)`` with ``start <= s < e <= end``, in order, not
        overlapping, never empty, without leading or trailing whitespace.
    """
    end = len(text) if end is None else min(end, len(text))
    start = max(0, start)
    abbreviations = _abbreviations(lang)
    spans: list[tuple[int, int]] = []
    line_start = start
    for m in _LINE_BREAK.finditer(text, start, end):
        _split_line(text, line_start, m.start(), abbreviations, spans)
        line_start = m.end()
    if line_start < end:
        _split_line(text, line_start, end, abbreviations, spans)
    return spans
