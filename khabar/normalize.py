"""Matching keys and display normalization that never overwrite the original.

Two derived views of a text, each available as a plain string (fast path) and
as a :class:`Mapped` string whose offsets point back into the original (slow
path, for highlighting and for citing spans):

``orthographic`` (display form)
    NFC; invisible format characters removed (bidi controls, zero-width
    space/joiner, BOM, soft hyphen), kashida (tatweel) removed inside words,
    stray zero-width non-joiners (ZWNJ) removed; for Persian, Arabic ي ى ك
    become ی ک and lost ZWNJs are restored (:func:`repair_zwnj`).  Diacritics
    and digits are kept.

``key`` (matching form)
    Language-neutral, so that Arabic and Persian spellings of a word meet:
    compatibility forms unfolded (presentation forms, ligatures, full-width),
    case folded, Latin/Greek/Cyrillic accents stripped (except й), ё → е,
    Arabic diacritics and tatweel removed, letter variants folded (أ إ آ ٱ → ا,
    ى ی ئ → ي, ک → ك, ة ۀ → ه, ؤ → و), every decimal digit → ASCII, ZWNJ and
    all punctuation and symbols → space (except a . or , between two digits),
    whitespace collapsed.  Persian words glued together by lost ZWNJs are cut
    at the same places :func:`repair_zwnj` would put a ZWNJ, so ``همکاریهای``
    and ``همکاری‌های`` both key as ``همكاري هاي``.  ``key`` is idempotent.

The key is a per-character table (each character's key is computed once and
is its own key, which makes ``key`` idempotent) followed by the Persian cuts,
the separator rule and whitespace collapsing.  The fast path applies the
table through a single-byte code page (Windows-1256 for Arabic script,
Windows-1251 for Cyrillic) so the work stays in C: ~0.1-0.2 ms for a
3,000-character article.  ``key_mapped`` applies the same table and the same
edit lists character by character while carrying offsets (~1-2 ms).
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from .lang.ar import normalize as _ar
from .lang.fa import normalize as _fa
from .lang.ru import normalize as _ru

__all__ = [
    "Mapped", "orthographic", "orthographic_mapped", "key", "key_mapped",
    "repair_zwnj", "tokens",
]

log = logging.getLogger(__name__)

ZWNJ = "\u200c"
TATWEEL = _ar.TATWEEL

# Text counts as Persian (when no language is given) if the Persian-only
# letters پ چ ژ گ number at least this fraction of its alefs.  Calibrated on
# ArmanPersoNER (20-sentence chunks: lowest 0.075, median 0.15) against
# SaudiNewsNet (31k Arabic articles: highest 0.045, an article repeating a
# Kurdish name spelled with پ and گ).  Single sentences are less certain: 20 %
# of Arman sentences fall below it (13 % have none of the letters), so pass
# the language when it is known.  Text with one of the letters and no alef
# (a word such as گروه) counts as Persian.
PERSIAN_LETTER_RATIO = 0.06

# An edit of a derived string: replace text[start:end] by the replacement
# (start == end inserts).  Every stage of both views is expressed with these,
# so the fast path and the mapped path share one decision procedure.
Edit = tuple[int, int, str]


# ---------------------------------------------------------------------------
# Mapped strings
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Mapped:
    """A derived string with, for each character, its index in the original.

    ``offsets`` has ``len(text) + 1`` entries: ``offsets[i]`` is the index in
    the original string of the character that derived character ``i`` comes
    from (inserted characters point at the original character they precede)
    and ``offsets[-1]`` is ``len(original)``.  Offsets never decrease.
    """

    text: str
    offsets: list[int]

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map the derived span ``[start, end)`` to a span of the original.

        The result covers every original character the derived characters come
        from (a composed é covers both e and the combining accent; an expanded
        ligature maps each of its letters to the one original character).
        Indices are clamped to the string; an empty span maps to an empty one.
        """
        n = len(self.text)
        start = min(max(start, 0), n)
        end = min(max(end, start), n)
        s = self.offsets[start]
        if end == start:
            return s, s
        last = self.offsets[end - 1]
        e = self.offsets[end]
        if e <= last:  # several derived characters from one original character
            e = last + 1
        return s, min(e, self.offsets[-1])


def _apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply sorted, non-overlapping edits to a string."""
    if not edits:
        return text
    out, pos = [], 0
    for start, end, repl in edits:
        out.append(text[pos:start])
        out.append(repl)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _apply_edits_mapped(text: str, offs: list[int], edits: list[Edit]) -> tuple[str, list[int]]:
    """Apply edits and carry offsets: replacement characters take the offset
    of the first replaced character, or of the following one for an insert."""
    if not edits:
        return text, offs
    new_offs: list[int] = []
    pos = 0
    for start, end, repl in edits:
        new_offs.extend(offs[pos:start])
        new_offs.extend([offs[start]] * len(repl))
        pos = end
    new_offs.extend(offs[pos:])
    return _apply_edits(text, edits), new_offs


def _map_chars(text: str, table: dict[int, str]) -> tuple[str, list[int]]:
    """Translate character by character (the table must hold every character
    of ``text``), keeping for each output character its source index."""
    parts: list[str] = []
    offs: list[int] = []
    for i, ch in enumerate(text):
        rep = table[ord(ch)]
        if rep:
            parts.append(rep)
            offs.extend([i] * len(rep))
    offs.append(len(text))
    return "".join(parts), offs


def _code(lang: str | None) -> str | None:
    """The ISO 639-1 part of a language tag ('fa-IR' -> 'fa')."""
    if not lang:
        return None
    return lang.replace("_", "-").split("-", 1)[0].lower()


_ALEFS = "\u0627\u0622\u0623\u0625"


def _looks_persian(text: str) -> bool:
    """Whether Arabic-script text is Persian, from the Persian-only letters.

    Uses counts that neither view changes (پ چ ژ گ and the alef forms), so
    the decision is the same on a text and on its derived forms.
    """
    persian = sum(text.count(c) for c in _fa.PERSIAN_ONLY_LETTERS)
    if not persian:
        return False
    # All alef forms, so that NFC (ا + madda -> آ) cannot change the count.
    alefs = sum(text.count(c) for c in _ALEFS)
    return persian >= PERSIAN_LETTER_RATIO * alefs


def _is_persian(text: str, code: str | None) -> bool:
    """Persian by language code, or by letters when no code is given."""
    return code == "fa" or (code is None and _looks_persian(text))


# ---------------------------------------------------------------------------
# The key's character table
# ---------------------------------------------------------------------------

# Combining marks the key strips: the general diacritic blocks (Latin, Greek,
# Cyrillic accents) and the Arabic harakat and Quranic marks.  Marks of other
# scripts (Indic vowel signs, Hebrew points) spell sounds and are kept.
_STRIP_RANGES = (
    (0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF),
    (0xFE20, 0xFE2F),
) + _ar.DIACRITIC_RANGES


def _stripped(ch: str) -> bool:
    """Whether the key drops this combining mark."""
    cp = ord(ch)
    return any(a <= cp <= b for a, b in _STRIP_RANGES)


def _key_overrides() -> dict[str, str]:
    """Explicit per-character key values (language data), all fixed points."""
    table: dict[str, str] = {}
    table.update(_ar.KEY_LETTER_FOLD)
    table.update(_ru.KEY_FOLD)
    table.update(_ru.KEY_KEEP)
    for digits in (_ar.ARABIC_INDIC_DIGITS, _ar.PERSIAN_DIGITS):
        table.update({d: str(i) for i, d in enumerate(digits)})
    table[TATWEEL] = ""
    table[ZWNJ] = " "  # a ZWNJ separates morphemes: a token boundary for search
    # Separators are kept for now; a later pass keeps them only between digits.
    table.update({".": ".", ",": ",", _ar.DECIMAL_SEPARATOR: ".", _ar.THOUSANDS_SEPARATOR: ","})
    return table


_KEY_OVERRIDES = _key_overrides()


def _fold_compat(ch: str) -> str:
    """Compatibility-unfold, case-fold and strip accents from one character."""
    s = unicodedata.normalize("NFKC", ch).casefold()
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not _stripped(c))
    return unicodedata.normalize("NFC", s)


def _key_char(ch: str, depth: int = 0) -> str:
    """The key of one character; every character of the result is its own key."""
    if ch in _KEY_OVERRIDES:
        return _KEY_OVERRIDES[ch]
    if _stripped(ch):
        return ""
    if ch.isspace():
        return " "
    cat = unicodedata.category(ch)
    if cat == "Nd":
        return str(unicodedata.decimal(ch))
    if cat in ("Cc", "Cf"):  # controls, bidi marks, zero-width characters
        return ""
    if cat[0] in "PSZ":  # punctuation and symbols separate tokens
        return " "
    folded = _fold_compat(ch)
    if folded == ch or depth > 3:
        return folded
    # An unfolded form (ﷺ -> صلى الله...) gets the key of each of its parts.
    return "".join(_key_char(c, depth + 1) for c in folded)


class _KeyTable(dict):
    """``str.translate`` table that computes a character's key on first use."""

    def __missing__(self, cp: int) -> str:
        value = _key_char(chr(cp))
        self[cp] = value
        return value


_KEY_TABLE = _KeyTable()
# Warm the scripts khabar reads so that the first articles pay nothing.
for _a, _b in ((0x00, 0x250), (0x370, 0x530), (0x600, 0x700), (0x2000, 0x2070)):
    for _cp in range(_a, _b):
        _KEY_TABLE[_cp]  # noqa: B018 (fills the cache)


def _ascii_key_table() -> tuple[bytes, bytes]:
    """``bytes.translate`` arguments equal to the key table on ASCII."""
    table = bytearray(range(256))
    delete = bytearray()
    for cp in range(128):
        value = _KEY_TABLE[cp]
        if value:
            table[cp] = ord(value)
        else:
            delete.append(cp)
    return bytes(table), bytes(delete)


_ASCII_KEY = _ascii_key_table()

def _codepage_table(codec: str) -> tuple[str, bytes, bytes, tuple[bytes, ...]]:
    """``bytes.translate`` arguments equal to the key table on a single-byte
    code page, and the bytes whose key does not fit in one byte of it."""
    table = bytearray(range(256))
    delete = bytearray()
    unsafe = []
    for b in range(256):
        try:
            encoded = _KEY_TABLE[ord(bytes([b]).decode(codec))].encode(codec)
        except UnicodeError:  # undefined byte, or a key outside the code page
            unsafe.append(bytes([b]))
            continue
        if not encoded:
            delete.append(b)
        elif len(encoded) == 1:
            table[b] = encoded[0]
        else:
            unsafe.append(bytes([b]))
    return codec, bytes(table), bytes(delete), tuple(unsafe)


# Arabic/Persian news fits Windows-1256 and Russian news Windows-1251 once a
# few Persian characters are folded first; translating the encoded bytes is
# all C (~15 us for an article, against ~85 ns per character for a dict).
_CODEPAGES = tuple(_codepage_table(c) for c in ("cp1256", "cp1251"))


def _codepage_prefold() -> tuple[tuple[str, str], ...]:
    """Arabic-script letters and digits outside Windows-1256 (Farsi yeh,
    heh with yeh, Persian and Arabic-Indic digits), with their keys."""
    chars = "".join(_ar.KEY_LETTER_FOLD) + _ar.ARABIC_INDIC_DIGITS + _ar.PERSIAN_DIGITS
    pairs = []
    for ch in chars:
        try:
            ch.encode("cp1256")
        except UnicodeEncodeError:
            pairs.append((ch, _KEY_TABLE[ord(ch)]))
    return tuple(pairs)


_CODEPAGE_PREFOLD = _codepage_prefold()


def _key_translate(text: str) -> str:
    """``text.translate(_KEY_TABLE)``, computed faster for news text."""
    if text.isascii():
        table, delete = _ASCII_KEY
        return text.encode("ascii").translate(table, delete).decode("ascii")
    for ch, rep in _CODEPAGE_PREFOLD:
        if ch in text:
            text = text.replace(ch, rep)
    for codec, table, delete, unsafe in _CODEPAGES:
        try:
            data = text.encode(codec)
        except UnicodeEncodeError:
            continue
        if not any(b in data for b in unsafe):
            return data.translate(table, delete).decode(codec)
    return text.translate(_KEY_TABLE)  # other scripts, emoji: the general path


# A . or , that is not between two digits is punctuation.  (Written to start
# with the character class, so the regex engine can skip to candidates.)
_LONE_SEPARATOR = re.compile(r"[.,](?:(?<![0-9].)|(?![0-9]))")
_SPACE_RUN = re.compile(" +")


# ---------------------------------------------------------------------------
# Persian ZWNJ repair: deciding where a glued word splits
# ---------------------------------------------------------------------------

# Arabic-script letters (no marks, no tatweel).
_L = ("[\u0621-\u063A\u0641-\u064A\u066E\u066F\u0671-\u06D3\u06D5\u06EE\u06EF"
      "\u06FA-\u06FC\u06FF\u0750-\u077F\u08A0-\u08C9]")
_LETTER_FOLD = str.maketrans(_ar.KEY_LETTER_FOLD)


def _kf(words) -> tuple[str, ...]:
    """Persian data written with ی/ک, in the folded alphabet the rules run on."""
    return tuple(w.translate(_LETTER_FOLD) for w in words)


_VERB_PREFIXES = _kf(_fa.VERB_PREFIXES)
_VERB_ENDINGS = _kf(_fa.VERB_ENDINGS)
_VERB_BARE_STEMS = frozenset(_kf(_fa.VERB_BARE_STEMS))
_MI_EXCEPTIONS = frozenset(_kf(_fa.MI_EXCEPTIONS))
_NOMINAL_SUFFIXES = _kf(_fa.NOMINAL_SUFFIXES)
_MI_BLOCKING = _kf(_fa.MI_BLOCKING_PREFIXES)
_PLURAL_SUFFIXES = tuple(sorted(_kf(_fa.PLURAL_SUFFIXES), key=len, reverse=True))
_PLURAL_EXCEPTIONS = frozenset(_kf(_fa.PLURAL_EXCEPTIONS))
_HEH_CLITICS = _kf(_fa.HEH_CLITICS)
_SILENT_HEH = frozenset(_kf(_fa.SILENT_HEH_WORDS))
_SILENT_HEH_MAX = max(map(len, _SILENT_HEH))
_PARTICIPLES = tuple(sorted(_kf(_fa.PARTICIPLES), key=len, reverse=True))
_PREVERBS = frozenset(_kf(_fa.PREVERBS))
_PERFECT_ENDINGS = _kf(_fa.PERFECT_ENDINGS)
_PARTICIPLE_FINALS = _kf(_fa.PARTICIPLE_FINALS)
_ARTICLE_HOSTS = tuple(h + _fa.ARABIC_ARTICLE for h in _kf(_fa.ARABIC_ARTICLE_HOSTS))
_HEH = "\u0647"


def _alternation(items) -> str:
    """A regex alternation, longest first (so the longest suffix wins)."""
    return "|".join(re.escape(i) for i in sorted(set(items), key=len, reverse=True))


# Words in the rules' alphabet, and what a word must start or end with for
# some rule to apply (a cheap filter, so the rules run on few words).
_WORD = re.compile(f"{_L}+")
_CUT_STARTS = _VERB_PREFIXES + _ARTICLE_HOSTS
_CUT_ENDS = (_PLURAL_SUFFIXES + _PARTICIPLES + _HEH_CLITICS
             + tuple(f + e for f in _PARTICIPLE_FINALS for e in _PERFECT_ENDINGS))
_LETTER = re.compile(_L)


def _touches_zwnj(text: str, start: int, end: int) -> bool:
    """Whether a word has a ZWNJ right before or after it."""
    return (start > 0 and text[start - 1] == ZWNJ) or (end < len(text) and text[end] == ZWNJ)


def _verb_like(rest: str) -> bool:
    """Whether what follows می/نمی looks like a verb form (see lang/fa)."""
    return len(rest) >= _fa.VERB_MIN_REMAINDER and (
        rest in _VERB_BARE_STEMS or rest.endswith(_VERB_ENDINGS))


def _mi_exception(word: str) -> bool:
    """Whether a word starting with می is a listed non-verb (plus a suffix)."""
    if word.startswith(_MI_BLOCKING):
        return True
    for suffix in _NOMINAL_SUFFIXES:
        if word.endswith(suffix) and word[:len(word) - len(suffix)] in _MI_EXCEPTIONS:
            return True
    return False


def _cut_article(w: str) -> int | None:
    """بینالملل -> بین|الملل: an Arabic article compound."""
    for host in _ARTICLE_HOSTS:
        if w.startswith(host) and len(w) - len(host) >= _fa.ARABIC_ARTICLE_MIN_REST:
            return len(host) - len(_fa.ARABIC_ARTICLE)
    return None


def _cut_verb_prefix(w: str) -> int | None:
    """میکند -> می|کند: the imperfective prefix before a verb form."""
    for prefix in _VERB_PREFIXES:  # نمی before می
        if w.startswith(prefix):
            if _verb_like(w[len(prefix):]) and not _mi_exception(w):
                return len(prefix)
            return None
    return None


def _cut_perfect(w: str) -> int | None:
    """کردهاند -> کرده|اند: perfect clitic after a participle in silent ه."""
    for ending in _PERFECT_ENDINGS:
        if w.endswith(ending):
            part = w[:-len(ending)]
            if len(part) >= _fa.PERFECT_MIN_PARTICIPLE and part.endswith(_PARTICIPLE_FINALS):
                return len(part)
    return None


def _ends_in_silent_heh(host: str) -> bool:
    """Whether a word ends in one of the listed silent-heh words."""
    if not host.endswith(_HEH):
        return False
    top = min(len(host), _SILENT_HEH_MAX)
    return any(host[-k:] in _SILENT_HEH for k in range(_fa.SILENT_HEH_MIN_LEN, top + 1))


def _cut_heh_clitic(w: str) -> int | None:
    """هستهای -> هسته|ای: a clitic after a silent ه."""
    for clitic in _HEH_CLITICS:
        if w.endswith(clitic) and _ends_in_silent_heh(w[:-len(clitic)]):
            return len(w) - len(clitic)
    return None


def _cut_plural(w: str) -> int | None:
    """همکاریهای -> همکاری|های: the plural ها and its clitic forms."""
    for suffix in _PLURAL_SUFFIXES:
        if w.endswith(suffix):
            stem = len(w) - len(suffix)
            if stem >= _fa.PLURAL_MIN_STEM and w[:stem + 2] not in _PLURAL_EXCEPTIONS:
                return stem
            return None
    return None


def _cut_participle(w: str) -> int | None:
    """آموزشدیده -> آموزش|دیده: a noun + participle compound."""
    for participle in _PARTICIPLES:
        if w.endswith(participle):
            stem = w[:-len(participle)]
            if len(stem) >= _fa.PARTICIPLE_MIN_STEM and stem not in _PREVERBS:
                return len(stem)
            return None
    return None


# Prefix rules first, then the suffix rules from the outermost layer in.
_RULES = (_cut_article, _cut_verb_prefix, _cut_perfect, _cut_heh_clitic,
          _cut_plural, _cut_participle)


def _word_cuts(w: str) -> tuple[int, ...]:
    """Where a glued Persian word (folded letters only) takes ZWNJs.

    Applied again to both parts after each cut, so no part can be cut any
    further: this is what makes the key idempotent.
    """
    for rule in _RULES:
        i = rule(w)
        if i and 0 < i < len(w):
            left, right = _word_cuts(w[:i]), _word_cuts(w[i:])
            return left + (i,) + tuple(i + j for j in right)
    return ()


# Word -> cuts, for words seen before.  News vocabulary repeats, so after a
# few articles almost every word is a dictionary hit; the cache is simply
# emptied when it grows past the bound.
_CUTS_CACHE: dict[str, tuple[int, ...]] = {}
_CACHE_MAX = 200_000


def _cuts_for(w: str) -> tuple[int, ...]:
    """Cached cuts of a word; words no rule could apply to are skipped fast."""
    cuts = _CUTS_CACHE.get(w)
    if cuts is None:
        if len(_CUTS_CACHE) >= _CACHE_MAX:
            _CUTS_CACHE.clear()
        candidate = len(w) <= _fa.MAX_WORD_LETTERS and (
            w.startswith(_CUT_STARTS) or w.endswith(_CUT_ENDS))
        cuts = _CUTS_CACHE[w] = _word_cuts(w) if candidate else ()
    return cuts


def _insert_at(word: str, cuts: tuple[int, ...], sep: str) -> str:
    """The word with ``sep`` inserted at each cut."""
    bounds = (0,) + cuts + (len(word),)
    return sep.join(word[a:b] for a, b in zip(bounds, bounds[1:]))


_TOKEN_CACHE: dict[str, str] = {}


def _cut_token(token: str) -> str:
    """A key token with spaces where its Persian words split (cached)."""
    out = _TOKEN_CACHE.get(token)
    if out is None:
        if len(_TOKEN_CACHE) >= _CACHE_MAX:
            _TOKEN_CACHE.clear()
        out = _WORD.sub(lambda m: _insert_at(m.group(), _cuts_for(m.group()), " "), token)
        _TOKEN_CACHE[token] = out
    return out


def _glued_cuts(folded: str) -> list[tuple[int, int, tuple[int, ...]]]:
    """(word start, word end, cuts) for every word of folded text that the
    rules cut; words touching a ZWNJ were written with care and are skipped."""
    found = []
    for m in _WORD.finditer(folded):
        cuts = _cuts_for(m.group())
        if cuts and not _touches_zwnj(folded, m.start(), m.end()):
            found.append((m.start(), m.end(), cuts))
    return found


# Spaced forms: "می کند" and "کتاب ها" are typed with a space for the ZWNJ.
# Both patterns start with literal text so the regex engine can skip ahead;
# the context before the match is checked in code.
_HSPACE = "[ \t\u00a0\u202f]+"
_SPACED_PREFIX = re.compile(
    f"({_alternation(_VERB_PREFIXES)})({_HSPACE})(?=({_L}+)(?![{_L[1:-1]}{ZWNJ}]))")
_SPACED_PLURAL = re.compile(
    f"{_HSPACE}(?=(?:{_alternation(_PLURAL_SUFFIXES)})(?![{_L[1:-1]}{ZWNJ}]))")


def _after_word_edge(text: str, i: int) -> bool:
    """Whether position i starts a word (no letter or ZWNJ before it)."""
    return i == 0 or not (text[i - 1] == ZWNJ or _LETTER.match(text, i - 1))


def _spaced_joins(folded: str) -> list[tuple[int, int]]:
    """Spans of spaces that stand for a lost ZWNJ (after می/نمی before a verb,
    before a detached plural suffix after a word of two letters or more)."""
    spans = set()
    for m in _SPACED_PREFIX.finditer(folded):
        prefix, verb = m.group(1), m.group(3)
        if (_after_word_edge(folded, m.start()) and _verb_like(verb)
                and not _mi_exception(prefix + verb)):
            spans.add(m.span(2))
    for m in _SPACED_PLURAL.finditer(folded):
        s = m.start()
        if s >= 2 and _LETTER.match(folded, s - 1) and _LETTER.match(folded, s - 2):
            spans.add(m.span())
    return sorted(spans)


# ---------------------------------------------------------------------------
# Persian ZWNJ repair on display text
# ---------------------------------------------------------------------------

# What the repair rules ignore inside a word: diacritics and kashida.
_REPAIR_IGNORED = re.compile(
    "[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in _ar.DIACRITIC_RANGES) + TATWEEL + "]+")


def _fold_letters(text: str) -> str:
    """Letter variants folded 1:1 (same length), by C-level replaces."""
    return _replace_all(text, _ar.KEY_LETTER_FOLD)


def _fold_for_repair(text: str) -> tuple[str, list[int] | None]:
    """Text in the rules' alphabet, and the sorted indices of the characters
    it dropped (None when it dropped none)."""
    folded = _fold_letters(text)
    if not _REPAIR_IGNORED.search(folded):
        return folded, None
    dropped = [i for m in _REPAIR_IGNORED.finditer(folded) for i in range(*m.span())]
    return _REPAIR_IGNORED.sub("", folded), dropped


def _unfold_index(i: int, dropped: list[int] | None) -> int:
    """Index in the original text of folded index i."""
    if dropped:
        for d in dropped:  # few: diacritics are rare in news
            if d > i:
                break
            i += 1
    return i


def _zwnj_edits(text: str) -> list[Edit]:
    """The edits that restore lost ZWNJs in Persian text (see repair_zwnj)."""
    folded, dropped = _fold_for_repair(text)

    def at(i: int) -> int:
        return _unfold_index(i, dropped)

    joins = _spaced_joins(folded)
    joined_edges = {s for s, _ in joins} | {e for _, e in joins}
    edits: list[Edit] = [(at(s), at(e - 1) + 1, ZWNJ) for s, e in joins]
    for start, end, cuts in _glued_cuts(folded):
        # A word just joined to its neighbour now touches a ZWNJ: leave it.
        if start in joined_edges or end in joined_edges:
            continue
        edits.extend((at(start + c), at(start + c), ZWNJ) for c in cuts)
    edits.sort()
    return edits


def repair_zwnj(text: str) -> str:
    """Restore zero-width non-joiners lost from Persian text.

    Inserts ZWNJ (U+200C) after the verb prefixes می/نمی (میکند -> می‌کند),
    before the plural ها and its forms (همکاریهای -> همکاری‌های), inside Arabic
    article compounds (بینالملل -> بین‌الملل), before participles in compounds
    (آموزشدیده -> آموزش‌دیده), between a silent ه and a clitic (خانهای ->
    خانه‌ای) and before perfect clitics (کردهاند -> کرده‌اند); replaces the space
    in "می کند" and "کتاب ها" by a ZWNJ.  The rules and their exception lists
    live in :mod:`khabar.lang.fa.normalize`.

    Words that already contain a ZWNJ are left alone, so the repair is
    idempotent.  Meant for Persian only: Arabic words ending in the pronoun
    ها would be cut, so :func:`orthographic` and :func:`key` call it only for
    Persian text.

    Args:
        text: Persian text, with or without diacritics, Arabic or Persian yeh/kaf.

    Returns:
        The text with ZWNJs inserted; nothing else changes.
    """
    return _apply_edits(text, _zwnj_edits(text))


# ---------------------------------------------------------------------------
# Display normalization
# ---------------------------------------------------------------------------

# Invisible characters that only control rendering: bidi marks, embeddings,
# overrides and isolates, zero-width space/joiner, word joiner, BOM, soft
# hyphen, Mongolian vowel separator.  (ZWNJ is handled separately: in
# Persian it is spelling.)
_INVISIBLE = ("\u00ad\u061c\u180e\u200b\u200d\u200e\u200f\u202a\u202b\u202c\u202d"
              "\u202e\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff")
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]+")
_MARKS = "\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u08d3-\u08ff"
_WORDISH = f"(?:[^\\W_{TATWEEL}]|[{_MARKS}])"
_ZWNJ_RUN = re.compile(f"{ZWNJ}+")
_KASHIDA = re.compile(f"{TATWEEL}+")
_WORDISH_CHAR = re.compile(_WORDISH)
# Languages whose text never needs a ZWNJ.
_NO_ZWNJ_LANGS = frozenset(("ar", "en", "ru"))
_AR_MEDIAL_YEH = re.compile(f"{_alternation(_ar.MEDIAL_YEH_MAP)}(?={_L})")


def _invisible_edits(text: str) -> list[Edit]:
    """Delete rendering-control characters."""
    if not any(c in text for c in _INVISIBLE):  # the usual case, cheaply
        return []
    return [(m.start(), m.end(), "") for m in _INVISIBLE_RE.finditer(text)]


def _zwnj_cleanup_edits(text: str, code: str | None) -> list[Edit]:
    """Keep one ZWNJ between two word characters, drop all others (and all
    of them in languages that never use it)."""
    edits: list[Edit] = []
    if ZWNJ not in text:
        return edits
    for m in _ZWNJ_RUN.finditer(text):
        s, e = m.span()
        keep = (code not in _NO_ZWNJ_LANGS and s > 0 and e < len(text)
                and _WORDISH_CHAR.match(text, s - 1) and _WORDISH_CHAR.match(text, e))
        if not keep:
            edits.append((s, e, ""))
        elif e - s > 1:
            edits.append((s, e, ZWNJ))
    return edits


def _kashida_edits(text: str) -> list[Edit]:
    """Delete tatweel stretching a word; a free-standing one (used as a dash
    in Iranian datelines, "تهران ـ ایرنا") stays."""
    if TATWEEL not in text:
        return []
    return [(m.start(), m.end(), "") for m in _KASHIDA.finditer(text)
            if _WORDISH_CHAR.match(text, m.end())
            or (m.start() > 0 and _WORDISH_CHAR.match(text, m.start() - 1))]


def _replace_all(text: str, mapping: dict[str, str]) -> str:
    """Apply single-character replacements (C-level replaces)."""
    for src, dst in mapping.items():
        if src in text:
            text = text.replace(src, dst)
    return text


def _letter_edits(text: str, persian: bool, code: str | None) -> str:
    """Same-length letter substitutions of the display form."""
    if persian:
        return _replace_all(text, _fa.ORTHOGRAPHIC_MAP)
    if code == "ar":
        text = _replace_all(text, _ar.ORTHOGRAPHIC_MAP)
        return _AR_MEDIAL_YEH.sub(lambda m: _ar.MEDIAL_YEH_MAP[m.group()], text)
    return text


def _orthographic_steps(text: str, offs: list[int] | None, code: str | None):
    """Run the display stages after NFC; offsets are carried when given."""
    def step(t, o, edits):
        if o is None:
            return _apply_edits(t, edits), None
        return _apply_edits_mapped(t, o, edits)

    text, offs = step(text, offs, _invisible_edits(text))
    text, offs = step(text, offs, _zwnj_cleanup_edits(text, code))
    text, offs = step(text, offs, _kashida_edits(text))
    persian = _is_persian(text, code)
    text = _letter_edits(text, persian, code)  # 1:1, offsets unchanged
    if persian:
        text, offs = step(text, offs, _zwnj_edits(text))
    if not unicodedata.is_normalized("NFC", text):
        # A deletion joined a letter and a mark (or two marks) that NFC
        # composes or reorders: normalize again so the result is stable.
        nfc, nfc_offs = _nfc_mapped(text)
        offs = None if offs is None else [offs[i] for i in nfc_offs]
        text = nfc
    return text, offs


def orthographic(text: str, lang: str | None = None) -> str:
    """Display normalization: clean, but with diacritics and digits kept.

    Args:
        text: any text.
        lang: ISO 639-1 code if known.  ``"fa"`` (or no code and text with the
            Persian-only letters پ چ ژ گ) turns on Persian letter forms and
            ZWNJ repair; ``"ar"`` turns keheh into kaf.

    Returns:
        The NFC text without invisible controls and kashida; see the module
        docstring.  Idempotent.
    """
    return _orthographic_steps(unicodedata.normalize("NFC", text), None, _code(lang))[0]


def orthographic_mapped(text: str, lang: str | None = None) -> Mapped:
    """:func:`orthographic` with offsets into ``text`` (slow path)."""
    nfc, offs = _nfc_mapped(text)
    out, offs = _orthographic_steps(nfc, offs, _code(lang))
    return Mapped(out, offs)


@lru_cache(maxsize=1)
def _backward_combining() -> frozenset[str]:
    """Starters (combining class 0) that NFC may merge into the character
    before them: second parts of canonical pairs, and Hangul vowel and
    trailing jamo."""
    found = set()
    for cp in range(0x20000):
        d = unicodedata.decomposition(chr(cp))
        if d and not d.startswith("<"):
            parts = d.split()
            if len(parts) == 2 and unicodedata.combining(chr(int(parts[1], 16))) == 0:
                found.add(chr(int(parts[1], 16)))
    found.update(chr(cp) for cp in range(0x1161, 0x1176))
    found.update(chr(cp) for cp in range(0x11A8, 0x11C3))
    return frozenset(found)


def _nfc_mapped(text: str) -> tuple[str, list[int]]:
    """NFC with offsets: normalizes each run that NFC can merge separately."""
    if unicodedata.is_normalized("NFC", text):
        return text, list(range(len(text) + 1))
    joins = _backward_combining()
    out: list[str] = []
    offs: list[int] = []
    start = 0
    for i in range(1, len(text) + 1):
        if i < len(text) and (unicodedata.combining(text[i]) or text[i] in joins):
            continue
        piece = unicodedata.normalize("NFC", text[start:i])
        out.append(piece)
        offs.extend(start + min(j, i - start - 1) for j in range(len(piece)))
        start = i
    result = "".join(out)
    if result != unicodedata.normalize("NFC", text):  # never seen; stay correct
        log.debug("NFC of %r is not segment-local; coarse offsets", text[:40])
        result = unicodedata.normalize("NFC", text)
        offs = [min(j, len(text) - 1) for j in range(len(result))]
    offs.append(len(text))
    return result, offs


# ---------------------------------------------------------------------------
# Matching keys
# ---------------------------------------------------------------------------

def _key_cut_edits(t: str) -> list[Edit]:
    """Spaces to insert where glued Persian words split (key alphabet)."""
    return [(m.start() + c, m.start() + c, " ")
            for m in _WORD.finditer(t) for c in _cuts_for(m.group())]


def _separator_edits(t: str) -> list[Edit]:
    """A . or , not between digits becomes a space."""
    return [(m.start(), m.end(), " ") for m in _LONE_SEPARATOR.finditer(t)]


def _collapse_edits(t: str) -> list[Edit]:
    """Whitespace runs become one space; leading and trailing ones go."""
    edits = []
    for m in _SPACE_RUN.finditer(t):
        s, e = m.span()
        if s == 0 or e == len(t):
            edits.append((s, e, ""))
        elif e - s > 1:
            edits.append((s, e, " "))
    return edits


def keys(texts: Iterable[str], lang: str | None = None) -> list[str]:
    """:func:`key` of each text (running text's tokens: most are remembered)."""
    memo = _KEY_MEMO
    out = []
    for text in texts:
        try:
            out.append(memo[text, lang])
        except (KeyError, TypeError):
            out.append(key(text, lang))
    return out


def key(text: str, lang: str | None = None) -> str:
    """Matching key for search and comparison (fast path).

    Args:
        text: any text.
        lang: ISO 639-1 code if known; ``"fa"`` (or no code and Persian
            letters) also cuts words glued by lost ZWNJs.

    Returns:
        The key, see the module docstring; ``key(key(x)) == key(x)``.
    """
    if len(text) <= _KEY_MEMO_CHARS:
        # Names and tokens recur: a short text's key is remembered.
        try:
            return _KEY_MEMO[text, lang]
        except KeyError:
            pass
        except TypeError:          # an unhashable ``lang``: compute it
            return _key(text, lang)
        out = _key(text, lang)
        if len(_KEY_MEMO) >= _KEY_MEMO_SIZE:
            _KEY_MEMO.clear()
        _KEY_MEMO[text, lang] = out
        return out
    return _key(text, lang)


# Texts up to this many characters have their keys remembered, up to this
# many entries (then the table starts again): ~40 MB at most.
_KEY_MEMO_CHARS = 48
_KEY_MEMO_SIZE = 1 << 18
_KEY_MEMO: dict[tuple[str, str | None], str] = {}


def _key(text: str, lang: str | None) -> str:
    t = _key_translate(text)
    if "." in t or "," in t:
        t = _LONE_SEPARATOR.sub(" ", t)
    words = t.split()
    if _is_persian(t, _code(lang)):
        words = [_cut_token(w) for w in words]
    return " ".join(words)


def key_mapped(text: str, lang: str | None = None) -> Mapped:
    """:func:`key` with offsets into ``text`` (slow path); same text."""
    t, offs = _map_chars(text, _KEY_TABLE)
    if _is_persian(t, _code(lang)):
        t, offs = _apply_edits_mapped(t, offs, _key_cut_edits(t))
    t, offs = _apply_edits_mapped(t, offs, _separator_edits(t))
    t, offs = _apply_edits_mapped(t, offs, _collapse_edits(t))
    return Mapped(t, offs)


def tokens(text: str, lang: str | None = None) -> list[str]:
    """The key's tokens (the key split on spaces)."""
    return key(text, lang).split()
