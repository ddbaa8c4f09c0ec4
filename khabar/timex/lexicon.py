"""Time-expression vocabulary: text chunks and their caches, and the per-language
tables (CLDR month and weekday names through babel, ``khabar.lang.<code>.calendar``)."""

from __future__ import annotations

from functools import lru_cache
from importlib import import_module
from types import SimpleNamespace

from .. import normalize
from .expr import _DMY, _TOKEN, _YMD


# How far (in space-separated chunks) an expression reaches from its hot
# chunk: the gaps between the hot words of "On Monday , 11 كانون الثاني /
# يناير 2022 هـ", the cue before "في شهر يناير" and the future-marker
# window (FUTURE_WINDOW tokens) fit.
_WINDOW = 6
_GAP = "\x00"
_NUMERIC = "\x01"  # the key of a compact numeric date token
# Chunk caches are cleared when they pass this size (memory stays bounded on
# long runs; news vocabulary refills them quickly).
_CACHE_LIMIT = 100_000


@lru_cache(maxsize=_CACHE_LIMIT // 2)
def _chunk(part: str) -> tuple[tuple[str, ...], tuple[int, ...], tuple[int, ...], tuple]:
    """A space-separated chunk that is not one plain word → (token keys,
    token starts, token ends, numeric dates as (start, end, (ymd?, a, b, c)))."""
    keys, starts, ends = [], [], []
    for m in _TOKEN.finditer(part):
        for k in _tkey(m.group()):
            keys.append(k)
            starts.append(m.start())
            ends.append(m.end())
    numeric = []
    if len(part) >= 6 and ("/" in part or "." in part or "-" in part):
        for rx, ymd in ((_YMD, True), (_DMY, False)):
            numeric += [(m.start(), m.end(), (ymd, int(m.group(1)), int(m.group(3)),
                                              int(m.group(4)))) for m in rx.finditer(part)]
    return tuple(keys), tuple(starts), tuple(ends), tuple(numeric)


class _HotChunks(dict):
    """Chunk → whether an expression can be anchored in it (cached)."""

    def __init__(self, words: frozenset[str]) -> None:
        super().__init__()
        self.words = words

    def __missing__(self, part: str) -> bool:
        if part.isalpha():  # one plain word: the usual case
            hot = any(k in self.words for k in _WORD_KEYS[part])
        else:
            keys, _, _, numeric = _chunk(part)
            # Digits: a day (1-2 digits) or a year (4); counts come with a unit word.
            hot = bool(numeric) or any(
                k in self.words or (k.isdigit() and len(k) in (1, 2, 4)) for k in keys)
        if len(self) >= _CACHE_LIMIT:
            self.clear()
        self[part] = hot
        return hot


def _windows(hot: list[int], n: int) -> list[tuple[int, int]]:
    """Merged chunk ranges [a, b) within _WINDOW of a hot chunk."""
    out: list[list[int]] = []
    for h in hot:
        a, b = max(0, h - _WINDOW), min(n, h + _WINDOW + 1)
        if out and a <= out[-1][1]:
            out[-1][1] = b
        else:
            out.append([a, b])
    return [(a, b) for a, b in out]


class _Fold(dict):
    """``str.translate`` table giving each character its form in
    :func:`khabar.normalize.key` (folded, dropped, or a space where the key
    separates words), learned from the key itself and cached.  Keying a
    token through it costs a translate, not a call of ``key`` (7x faster);
    the one thing it skips, cutting Persian words glued by a lost ZWNJ,
    does not touch time words (the table has glued and spaced variants)."""

    def __missing__(self, cp: int) -> str:
        probe = normalize.key(f"a{chr(cp)}a")
        value = probe[1:-1] if len(probe) >= 2 and probe[0] == probe[-1] == "a" else " "
        if value and not value.strip():
            value = " "
        self[cp] = value
        return value


_FOLD = _Fold()


class _WordKeys(dict):
    """Plain word (a chunk of letters) → its key words, cached."""

    def __missing__(self, part: str) -> tuple[str, ...]:
        if len(self) >= _CACHE_LIMIT:
            self.clear()
        keys = self[part] = _tkey(part)
        return keys


_WORD_KEYS = _WordKeys()


def _tkey(token: str) -> tuple[str, ...]:
    """The key of one token, as words (a separator inside gives several)."""
    if token[:1].isdigit() and not token.isdigit():
        return (normalize.key(token),)  # "3.5", "1,200": one number, never a day
    return tuple(token.translate(_FOLD).split())


# ---------------------------------------------------------------------------
# The per-language table
# ---------------------------------------------------------------------------

def _keys(phrase: str) -> tuple[str, ...]:
    """A data phrase keyed exactly as the scanner keys text."""
    return tuple(k for tok in _TOKEN.findall(phrase) for k in _tkey(tok))


def _words(items) -> frozenset[str]:
    """One-word data items, keyed."""
    return frozenset(k for w in items for k in _keys(w)[:1])


class _Table:
    """Keyed phrases → {category: payload}; the longest phrase wins."""

    def __init__(self, proclitics: tuple[str, ...]) -> None:
        self.phrases: dict[tuple[str, ...], dict[str, object]] = {}
        self.proclitics = tuple(_keys(p)[0] for p in proclitics)

    def add(self, cat: str, phrase: str, payload: object) -> None:
        ks = _keys(phrase)
        if ks:
            self.add_keys(cat, ks, payload)

    def add_keys(self, cat: str, ks: tuple[str, ...], payload: object) -> None:
        variants = [ks]
        if len(ks) > 1:
            variants.append(("".join(ks),))  # written without space or ZWNJ
        variants += [(c + v[0],) + v[1:] for v in list(variants) for c in self.proclitics]
        for v in variants:
            self.phrases.setdefault(v, {}).setdefault(cat, payload)

    def split_compounds(self, cat: str) -> None:
        """One-word names that end in another name of the same category are
        also accepted split there: Persian writes پنجشنبه, پنج‌شنبه and
        پنج شنبه (five + Saturday)."""
        words = {k[0]: e[cat] for k, e in self.phrases.items() if len(k) == 1 and cat in e}
        for w, payload in list(words.items()):
            for tail in words:
                if len(w) - len(tail) >= 2 and w.endswith(tail):
                    self.add_keys(cat, (w[:-len(tail)], tail), payload)


def _babel_names(locales) -> tuple[list, list]:
    """CLDR month names [(name, month, abbreviated, format context?)] and
    weekday names [(name, n)]."""
    from babel import Locale

    months, days = [], []
    for loc in locales:
        L = Locale.parse(loc)
        wide = set()
        for ctx in ("format", "stand-alone"):
            for num, name in L.months[ctx]["wide"].items():
                months.append((name, num, False, ctx == "format"))
                wide.add(name)
            for num, name in L.months[ctx]["abbreviated"].items():
                if name not in wide:
                    months.append((name.rstrip("."), num, True, ctx == "format"))
            days += [(name, num) for num, name in L.days[ctx]["wide"].items()]
    return months, days


def _month_flags(data, name: str, abbreviated: bool, fmt: bool) -> tuple[bool, ...]:
    """(needs a year, needs the word "month" when alone, abbreviated, can
    follow a day number).  Where the language inflects the month after a
    day (Russian "21 ноября", CLDR's format context), the other forms
    ("ноябрь", "в ноябре") name a month only."""
    k = _keys(name)
    need_year = k in {_keys(w) for w in getattr(data, "MONTHS_NEED_YEAR", ())}
    need_word = k in {_keys(w) for w in getattr(data, "MONTHS_NEED_MONTH_WORD", ())}
    day_ok = fmt or not getattr(data, "DAY_NEEDS_FORMAT_CONTEXT", False)
    return need_year, need_word, abbreviated, day_ok


def _add_months(table: _Table, data, code: str, locales) -> None:
    """Gregorian (CLDR), Solar Hijri and lunar Hijri month names of a language."""
    from ..lang.ar.calendar import HIJRI_MONTHS
    from ..lang.fa.calendar import HIJRI_MONTHS_FA, JALALI_MONTHS

    def add(name, cal, num, abbreviated=False, fmt=True):
        table.add("month", name, (cal, num, _month_flags(data, name, abbreviated, fmt)))

    if code == "fa":
        for num, names in enumerate(JALALI_MONTHS, 1):
            for n in names:
                add(n, "jalali", num)
    months, _ = _babel_names(locales)
    for name, num, abbreviated, fmt in months:
        add(name, "gregorian", num, abbreviated, fmt)
    for name, num in getattr(data, "EXTRA_MONTHS", {}).items():
        add(name, "gregorian", num, fmt=False)
    if code in ("ar", "fa"):
        for lists in ((HIJRI_MONTHS_FA, HIJRI_MONTHS) if code == "fa" else (HIJRI_MONTHS,)):
            for num, names in enumerate(lists, 1):
                for n in names:
                    add(n, "hijri", num)


def _code(lang: str | None) -> str:
    """The ISO 639-1 part of a language tag ('fa-IR' -> 'fa')."""
    return (lang or "").replace("_", "-").split("-", 1)[0].lower()


def _language_data(code: str):
    """The calendar data module of a language (an empty one if it has none)
    and the CLDR locales of its month and weekday names."""
    from babel import Locale, UnknownLocaleError

    try:
        data = import_module(f"khabar.lang.{code}.calendar")
    except ImportError:
        data = SimpleNamespace()
    locales = getattr(data, "LOCALES", ())
    if not locales and code:
        try:
            locales = (str(Locale.parse(code)),)
        except (ValueError, UnknownLocaleError):
            locales = ()
    return data, locales


# Data dicts and tuples of a calendar module → table category.
_PHRASE_DICTS = (("day", "DAY_WORDS"), ("period", "PERIOD_WORDS"), ("unit", "UNIT_WORDS"),
                 ("rel", "RELATIVE_MARKERS"), ("offset", "OFFSET_MARKERS"),
                 ("num", "NUMBER_WORDS"), ("ysuffix", "YEAR_SUFFIXES"))
_PHRASE_TUPLES = (("future", "FUTURE_MARKERS"), ("equiv", "EQUIVALENCE_WORDS"))
# Data tuples of single words, used as sets.
_WORD_SETS = ("DAY_PREFIXES", "MONTH_CUES", "MONTH_WORDS", "YEAR_CUES", "DAY_SUFFIXES",
              "DATE_LINKERS", "CLAUSE_BREAKS", "WEEKDAY_BLOCKERS", "DAY_WORD_BLOCKERS_NEXT",
              "DAY_WORD_BLOCKERS_PREV", "EVENT_RELATIVE_NEXT")


def _build_table(data, code: str, locales) -> _Table:
    """Months, weekdays and every phrase of the language data, keyed."""
    table = _Table(getattr(data, "PROCLITICS", ()))
    _add_months(table, data, code, locales)
    weekdays = _babel_names(locales)[1] + list(getattr(data, "EXTRA_WEEKDAYS", {}).items())
    for name, num in weekdays:
        table.add("weekday", name, num)
    table.split_compounds("weekday")
    for cat, attr in _PHRASE_DICTS:
        for phrase, payload in getattr(data, attr, {}).items():
            table.add(cat, phrase, payload)
    for cat, attr in _PHRASE_TUPLES:
        for phrase in getattr(data, attr, ()):
            table.add(cat, phrase, True)
    return table


@lru_cache(maxsize=None)
def _lexicon(code: str) -> SimpleNamespace:
    """Everything the scanner needs for one language, built once."""
    from babel import Locale

    data, locales = _language_data(code)
    table = _build_table(data, code, locales)
    g = lambda name, default: getattr(data, name, default)  # noqa: E731
    sets = {name.lower(): _words(_with_clitics(g(name, ()), table)) for name in _WORD_SETS}
    sets["clause_breaks"] |= {_GAP}
    phrases = table.phrases
    starts = frozenset(k[0] for k in phrases)
    week_locale = g("WEEK_LOCALE", None) or (locales[0] if locales else "en_GB")
    return SimpleNamespace(
        phrases=phrases,
        starts=starts,
        maxlen=max((len(k) for k in phrases), default=1),
        # Tokens where an expression can begin: a phrase or a day prefix.
        triggers=starts | sets["day_prefixes"] | {_NUMERIC},
        hot=_HotChunks(_hot_words(phrases, sets)),
        date_orders=g("DATE_ORDERS", ("dmy",)),
        capitalized=g("CAPITALIZED_NAMES", False),
        future_side=g("FUTURE_SIDE", "before"),
        year_calendars=g("YEAR_CALENDARS", ("gregorian",)),
        numeric_calendars=g("NUMERIC_CALENDARS", ("gregorian",)),
        relative_calendar=g("RELATIVE_CALENDAR", "gregorian"),
        week_start=Locale.parse(week_locale).first_week_day,
        **sets,
    )


_ANCHOR_CATEGORIES = frozenset(("month", "weekday", "day", "period", "unit"))
_FUNCTION_CATEGORIES = frozenset(("num", "rel", "offset", "ysuffix", "future", "equiv"))


def _hot_words(phrases: dict, sets: dict) -> frozenset[str]:
    """Tokens that every expression contains one of (besides digits): the
    month, weekday, day, period and unit words; of a longer phrase with none
    of them ("كانون الثاني", "last night"), its words that are not function
    words (cues, markers, numbers: "last")."""
    anchors = [k for k, cats in phrases.items() if cats.keys() & _ANCHOR_CATEGORIES]
    single = {k[0] for k in anchors if len(k) == 1}
    function = set().union(*sets.values())
    function.update(k[0] for k, cats in phrases.items()
                    if len(k) == 1 and cats.keys() & _FUNCTION_CATEGORIES)
    multi = {w for k in anchors if len(k) > 1 and not single.intersection(k) for w in k}
    return frozenset(single | (multi - function))


def _with_clitics(words, table: _Table) -> list[str]:
    """Cue words and their forms with a proclitic ("وفي")."""
    return list(words) + [c + w for w in words for c in table.proclitics]
